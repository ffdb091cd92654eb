//! Documented query parameters: defaults, maxima and sort fields. The rule book
//! ([`crate::rules`]) enforces them, on the server and in the console's cache alike.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Page sizes of `GET /external/vehicles` and `GET /external/customers`.
pub const VEHICLES_DEFAULT_LIMIT: u32 = 20;
pub const CUSTOMERS_DEFAULT_LIMIT: u32 = 20;
/// Brands, generations and trims default to 50 per page.
pub const METADATA_DEFAULT_LIMIT: u32 = 50;
pub const BLOGS_DEFAULT_LIMIT: u32 = 20;
pub const TEST_DRIVES_DEFAULT_LIMIT: u32 = 20;
/// The largest page any list serves.
pub const MAX_LIMIT: u32 = 100;
/// Pages beyond this are refused rather than scanned.
pub const MAX_PAGE: u32 = 1_000_000;

/// `asc | desc`; the customers list spells it `ASC | DESC`, and both accept either case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

impl SortOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
    pub fn sql(self) -> &'static str {
        match self {
            SortOrder::Asc => "ASC",
            SortOrder::Desc => "DESC",
        }
    }

    pub fn reversed(self) -> SortOrder {
        match self {
            SortOrder::Asc => SortOrder::Desc,
            SortOrder::Desc => SortOrder::Asc,
        }
    }
}

impl FromStr for SortOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "asc" => Ok(SortOrder::Asc),
            "desc" => Ok(SortOrder::Desc),
            _ => Err(format!("order must be asc or desc (got {s:?})")),
        }
    }
}

/// Sort fields of `GET /external/vehicles`. Ties break on `id` ascending, so a page is
/// the same on the server and in an offline cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum VehicleSort {
    #[default]
    #[serde(rename = "createdDate")]
    CreatedDate,
    #[serde(rename = "impressionsCount")]
    ImpressionsCount,
    #[serde(rename = "year")]
    Year,
    #[serde(rename = "mileage")]
    Mileage,
    #[serde(rename = "price")]
    Price,
    #[serde(rename = "name")]
    Name,
    /// An addition to the docs: by `listedDate`, so that `desc` puts the longest on the
    /// lot first (ties on `id` ascending, as for every sort).
    #[serde(rename = "daysOnLot")]
    DaysOnLot,
}

impl VehicleSort {
    pub const ALL: [VehicleSort; 7] = [
        VehicleSort::CreatedDate,
        VehicleSort::ImpressionsCount,
        VehicleSort::Year,
        VehicleSort::Mileage,
        VehicleSort::Price,
        VehicleSort::Name,
        VehicleSort::DaysOnLot,
    ];

    /// The sorts the published docs list (every one but `daysOnLot`).
    pub const DOCUMENTED: [VehicleSort; 6] = [
        VehicleSort::CreatedDate,
        VehicleSort::ImpressionsCount,
        VehicleSort::Year,
        VehicleSort::Mileage,
        VehicleSort::Price,
        VehicleSort::Name,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VehicleSort::CreatedDate => "createdDate",
            VehicleSort::ImpressionsCount => "impressionsCount",
            VehicleSort::Year => "year",
            VehicleSort::Mileage => "mileage",
            VehicleSort::Price => "price",
            VehicleSort::Name => "name",
            VehicleSort::DaysOnLot => "daysOnLot",
        }
    }

    /// The direction of the sort's column for the requested `order`: `daysOnLot` is
    /// stored as `listedDate`, which runs the other way (the longest on the lot were
    /// listed first); every other sort is its column.
    pub fn column_order(self, order: SortOrder) -> SortOrder {
        match self {
            VehicleSort::DaysOnLot => order.reversed(),
            _ => order,
        }
    }

    /// Reads a sort among `choices`, refusing any other with a message listing them.
    pub fn parse_among(s: &str, choices: &[VehicleSort]) -> Result<Self, String> {
        choices
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|v| v.as_str()).collect();
                format!("sort must be one of {} (got {s:?})", names.join(", "))
            })
    }
}

impl FromStr for VehicleSort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_among(s, &Self::ALL)
    }
}

/// Sort fields of `GET /external/customers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum CustomerSort {
    #[default]
    #[serde(rename = "createdDate")]
    CreatedDate,
    #[serde(rename = "totalSpent")]
    TotalSpent,
    #[serde(rename = "lastPurchaseDate")]
    LastPurchaseDate,
    #[serde(rename = "leadScore")]
    LeadScore,
}

impl CustomerSort {
    pub const ALL: [CustomerSort; 4] = [
        CustomerSort::CreatedDate,
        CustomerSort::TotalSpent,
        CustomerSort::LastPurchaseDate,
        CustomerSort::LeadScore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerSort::CreatedDate => "createdDate",
            CustomerSort::TotalSpent => "totalSpent",
            CustomerSort::LastPurchaseDate => "lastPurchaseDate",
            CustomerSort::LeadScore => "leadScore",
        }
    }
}

impl FromStr for CustomerSort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| {
            format!("sortBy must be one of createdDate, totalSpent, lastPurchaseDate, leadScore (got {s:?})")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_order_accepts_either_case() {
        assert_eq!("ASC".parse::<SortOrder>(), Ok(SortOrder::Asc));
        assert_eq!("desc".parse::<SortOrder>(), Ok(SortOrder::Desc));
        assert!("up".parse::<SortOrder>().is_err());
    }

    #[test]
    fn sort_fields_round_trip_their_documented_names() {
        for sort in VehicleSort::ALL {
            assert_eq!(sort.as_str().parse::<VehicleSort>(), Ok(sort));
        }
        for sort in CustomerSort::ALL {
            assert_eq!(sort.as_str().parse::<CustomerSort>(), Ok(sort));
        }
        assert!("popularity".parse::<VehicleSort>().is_err());
    }
}

/// The filters, sort and page of `GET /external/vehicles`, as documented. The SDK sends
/// it, the server reads it, and the console's cache answers it offline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct VehicleQuery {
    pub page: Option<u32>,
    pub limit: Option<u32>,
    pub brand_id: Option<String>,
    pub model_id: Option<String>,
    pub body_type_id: Option<String>,
    pub min_year: Option<i32>,
    pub max_year: Option<i32>,
    pub min_price: Option<f64>,
    pub max_price: Option<f64>,
    pub listing_type: Option<crate::ListingType>,
    pub sort: Option<VehicleSort>,
    pub order: Option<SortOrder>,
    /// An addition to the docs: vehicles on the lot at least this many whole days.
    pub min_days_on_lot: Option<u32>,
    /// An addition to the docs: vehicles on the lot at most this many whole days.
    pub max_days_on_lot: Option<u32>,
}

impl VehicleQuery {
    /// The query string pairs, with the documented parameter names.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut put = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        put("page", self.page.map(|v| v.to_string()));
        put("limit", self.limit.map(|v| v.to_string()));
        put("brandId", self.brand_id.clone());
        put("modelId", self.model_id.clone());
        put("bodyTypeId", self.body_type_id.clone());
        put("minYear", self.min_year.map(|v| v.to_string()));
        put("maxYear", self.max_year.map(|v| v.to_string()));
        put("minPrice", self.min_price.map(|v| v.to_string()));
        put("maxPrice", self.max_price.map(|v| v.to_string()));
        put(
            "listingType",
            self.listing_type.map(|v| v.as_str().to_owned()),
        );
        put("sort", self.sort.map(|v| v.as_str().to_owned()));
        put("order", self.order.map(|v| v.as_str().to_owned()));
        put("minDaysOnLot", self.min_days_on_lot.map(|v| v.to_string()));
        put("maxDaysOnLot", self.max_days_on_lot.map(|v| v.to_string()));
        pairs
    }
}

/// The search, filter, sort and page of `GET /external/customers`, as documented.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerQuery {
    pub page: Option<u32>,
    pub limit: Option<u32>,
    pub search: Option<String>,
    pub segment: Option<crate::CustomerSegment>,
    pub sort_by: Option<CustomerSort>,
    pub sort_order: Option<SortOrder>,
}

impl CustomerQuery {
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut put = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        put("page", self.page.map(|v| v.to_string()));
        put("limit", self.limit.map(|v| v.to_string()));
        put("search", self.search.clone());
        put("segment", self.segment.map(|v| v.as_str().to_owned()));
        put("sortBy", self.sort_by.map(|v| v.as_str().to_owned()));
        put("sortOrder", self.sort_order.map(|v| v.sql().to_owned()));
        pairs
    }
}

/// The filters and page of `GET /external/test-drives` (an addition to the docs): the SDK
/// sends it and the console's cache answers it offline.
///
/// ```
/// use carstrel_model::{TestDriveQuery, TestDriveStatus};
///
/// let query = TestDriveQuery::new().status(TestDriveStatus::Pending).limit(100);
/// assert_eq!(query.to_pairs(), vec![("limit", "100".to_owned()), ("status", "pending".to_owned())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestDriveQuery {
    pub page: Option<u32>,
    pub limit: Option<u32>,
    pub status: Option<crate::TestDriveStatus>,
    pub vehicle_id: Option<String>,
    pub customer_id: Option<String>,
    /// Drives whose slot starts at or after this instant (a date or an RFC 3339
    /// date-time); the slot is `scheduledAt`, else the preferred date.
    pub from: Option<String>,
    /// Drives whose slot starts before this instant (half-open, like the slots).
    pub to: Option<String>,
}

impl TestDriveQuery {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    pub fn status(mut self, status: crate::TestDriveStatus) -> Self {
        self.status = Some(status);
        self
    }

    pub fn vehicle(mut self, vehicle_id: impl Into<String>) -> Self {
        self.vehicle_id = Some(vehicle_id.into());
        self
    }

    pub fn customer(mut self, customer_id: impl Into<String>) -> Self {
        self.customer_id = Some(customer_id.into());
        self
    }

    /// Slots starting at or after `from` (`2026-12-07` or an RFC 3339 date-time).
    pub fn from(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// Slots starting before `to`.
    pub fn to(mut self, to: impl Into<String>) -> Self {
        self.to = Some(to.into());
        self
    }

    /// Slots starting in `[from, to)`: a calendar's week or day.
    pub fn between(self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.from(from).to(to)
    }

    /// The query string pairs, with the API's parameter names.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut put = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        put("page", self.page.map(|v| v.to_string()));
        put("limit", self.limit.map(|v| v.to_string()));
        put("status", self.status.map(|v| v.as_str().to_owned()));
        put("vehicleId", self.vehicle_id.clone());
        put("customerId", self.customer_id.clone());
        put("from", self.from.clone());
        put("to", self.to.clone());
        pairs
    }
}
