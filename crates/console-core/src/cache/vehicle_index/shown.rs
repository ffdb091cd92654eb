//! What the inventory table shows of each available vehicle, held beside the in-memory
//! list's columns, so a page of rows is answered without reading SQLite and crosses the
//! IPC bridge at a tenth of the documents' size.

use super::Loaded;
use carstrel_model::ListingType;
use serde::Serialize;
use std::collections::HashMap;

/// A vehicle as a row of the inventory table: what it shows, nothing more.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VehicleRow {
    pub id: String,
    pub name: String,
    pub brand_name: String,
    pub model_name: String,
    pub body_type_name: Option<String>,
    pub year: i32,
    pub mileage: i64,
    pub listing_type: ListingType,
    /// The document's `price`: the sale price, the daily rate or the starting bid.
    pub price: Option<f64>,
    /// An auction's current bid, when it has one (the table quotes it instead).
    pub current_bid: Option<f64>,
    pub location_name: Option<String>,
    /// Whole days on the lot now, as `daysOnLot` is computed when a vehicle is read.
    pub days_on_lot: Option<u32>,
    pub impressions_count: i64,
    /// The main photo's `sortOrder`: the one the photo cache keeps a thumbnail of.
    pub photo: Option<u32>,
}

/// What the table shows that the list's own columns already hold, read from them.
pub(super) struct Listed {
    pub year: i32,
    pub listing_type: ListingType,
    pub price: Option<f64>,
    /// Counted from the list's `listed_at` when read.
    pub days_on_lot: Option<u32>,
}

/// The other shown values of every row, column by column; repeated names are kept once.
#[derive(Debug, Default)]
pub(super) struct Shown {
    id: Vec<Box<str>>,
    name: Vec<Box<str>>,
    /// Brand, model, body type and location names, interned.
    labels: Vec<Box<str>>,
    label_codes: HashMap<Box<str>, u32>,
    brand: Vec<u32>,
    model: Vec<u32>,
    body: Vec<u32>,
    location: Vec<u32>,
    mileage: Vec<i64>,
    current_bid: Vec<Option<f64>>,
    impressions: Vec<i64>,
    photo: Vec<Option<u32>>,
}

/// No name (a vehicle without a body type or a pickup location).
const NO_LABEL: u32 = u32::MAX;

impl Shown {
    pub(super) fn with_capacity(n: usize) -> Shown {
        Shown {
            id: Vec::with_capacity(n),
            name: Vec::with_capacity(n),
            brand: Vec::with_capacity(n),
            model: Vec::with_capacity(n),
            body: Vec::with_capacity(n),
            location: Vec::with_capacity(n),
            mileage: Vec::with_capacity(n),
            current_bid: Vec::with_capacity(n),
            impressions: Vec::with_capacity(n),
            photo: Vec::with_capacity(n),
            ..Shown::default()
        }
    }

    fn label(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name else {
            return NO_LABEL;
        };
        if let Some(code) = self.label_codes.get(name) {
            return *code;
        }
        let code = self.labels.len() as u32;
        self.labels.push(name.into());
        self.label_codes.insert(name.into(), code);
        code
    }

    /// Adds the values of `row` the list's own columns do not hold.
    pub(super) fn push(&mut self, row: Loaded) {
        self.id.push(row.id.into());
        self.name.push(row.name.into());
        let brand = self.label(Some(&row.brand_name));
        self.brand.push(brand);
        let model = self.label(Some(&row.model_name));
        self.model.push(model);
        let body = self.label(row.body_type_name.as_deref());
        self.body.push(body);
        let location = self.label(row.location_name.as_deref());
        self.location.push(location);
        self.mileage.push(row.mileage);
        self.current_bid.push(row.current_bid);
        self.impressions.push(row.impressions_count);
        self.photo
            .push(row.main_photo.and_then(|p| u32::try_from(p).ok()));
    }

    fn text(&self, code: u32) -> Option<String> {
        self.labels
            .get(code as usize)
            .map(|label| label.to_string())
    }

    /// Row `row` as the table shows it, with what the list's columns hold of it.
    pub(super) fn row(&self, row: usize, listed: Listed) -> VehicleRow {
        VehicleRow {
            id: self.id[row].to_string(),
            name: self.name[row].to_string(),
            brand_name: self.text(self.brand[row]).unwrap_or_default(),
            model_name: self.text(self.model[row]).unwrap_or_default(),
            body_type_name: self.text(self.body[row]),
            year: listed.year,
            mileage: self.mileage[row],
            listing_type: listed.listing_type,
            price: listed.price,
            current_bid: self.current_bid[row],
            location_name: self.text(self.location[row]),
            days_on_lot: listed.days_on_lot,
            impressions_count: self.impressions[row],
            photo: self.photo[row],
        }
    }
}
