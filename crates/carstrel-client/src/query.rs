//! Typed query builders: [`PageRequest`] for the paged lists, builder methods on the
//! model's [`VehicleQuery`] and [`CustomerQuery`] (through [`VehicleQueryExt`] and
//! [`CustomerQueryExt`]), and [`TestDriveQuery`]. Parameter names and value spellings come
//! from the model, so they match what the server reads.

use carstrel_model::{
    CustomerQuery, CustomerSegment, CustomerSort, ListingType, SortOrder, VehicleQuery, VehicleSort,
};

/// `page` and `limit` of a paged list; unset values take the server's defaults (page 1;
/// 50 per page for metadata, 20 elsewhere; at most 100).
///
/// A bare number is a page number: `client.metadata().brands(2)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageRequest {
    pub page: Option<u32>,
    pub limit: Option<u32>,
}

impl PageRequest {
    /// The first page with the server's default size.
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

    pub(crate) fn to_pairs(self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(page) = self.page {
            pairs.push(("page", page.to_string()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        pairs
    }
}

impl From<u32> for PageRequest {
    fn from(page: u32) -> Self {
        PageRequest::new().page(page)
    }
}

/// Builder methods for [`VehicleQuery`], the filters of `GET /external/vehicles`.
///
/// ```
/// use carstrel_client::prelude::*;
///
/// let query = VehicleQuery::default()
///     .listing_type(ListingType::Sale)
///     .years(2018, 2022)
///     .prices(10_000.0, 40_000.0)
///     .sort(VehicleSort::Price)
///     .order(SortOrder::Asc)
///     .limit(50);
/// assert!(query.to_pairs().contains(&("listingType", "sale".to_owned())));
/// assert!(query.to_pairs().contains(&("minYear", "2018".to_owned())));
/// ```
pub trait VehicleQueryExt: Sized {
    fn page(self, page: u32) -> Self;
    fn limit(self, limit: u32) -> Self;
    fn brand(self, brand_id: impl Into<String>) -> Self;
    fn model(self, model_id: impl Into<String>) -> Self;
    fn body_type(self, body_type_id: impl Into<String>) -> Self;
    fn min_year(self, year: i32) -> Self;
    fn max_year(self, year: i32) -> Self;
    /// Years from `min` to `max`, both included.
    fn years(self, min: i32, max: i32) -> Self {
        self.min_year(min).max_year(max)
    }
    /// A floor on the headline price (sale price, daily rate or starting bid).
    fn min_price(self, price: f64) -> Self;
    fn max_price(self, price: f64) -> Self;
    /// Headline prices from `min` to `max`, both included.
    fn prices(self, min: f64, max: f64) -> Self {
        self.min_price(min).max_price(max)
    }
    fn listing_type(self, listing_type: ListingType) -> Self;
    fn sort(self, sort: VehicleSort) -> Self;
    fn order(self, order: SortOrder) -> Self;
    /// Cars on the lot at least `days` whole days (an addition to the docs).
    fn min_days_on_lot(self, days: u32) -> Self;
    /// Cars on the lot at most `days` whole days (an addition to the docs).
    fn max_days_on_lot(self, days: u32) -> Self;
}

impl VehicleQueryExt for VehicleQuery {
    fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }
    fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
    fn brand(mut self, brand_id: impl Into<String>) -> Self {
        self.brand_id = Some(brand_id.into());
        self
    }
    fn model(mut self, model_id: impl Into<String>) -> Self {
        self.model_id = Some(model_id.into());
        self
    }
    fn body_type(mut self, body_type_id: impl Into<String>) -> Self {
        self.body_type_id = Some(body_type_id.into());
        self
    }
    fn min_year(mut self, year: i32) -> Self {
        self.min_year = Some(year);
        self
    }
    fn max_year(mut self, year: i32) -> Self {
        self.max_year = Some(year);
        self
    }
    fn min_price(mut self, price: f64) -> Self {
        self.min_price = Some(price);
        self
    }
    fn max_price(mut self, price: f64) -> Self {
        self.max_price = Some(price);
        self
    }
    fn listing_type(mut self, listing_type: ListingType) -> Self {
        self.listing_type = Some(listing_type);
        self
    }
    fn sort(mut self, sort: VehicleSort) -> Self {
        self.sort = Some(sort);
        self
    }
    fn order(mut self, order: SortOrder) -> Self {
        self.order = Some(order);
        self
    }
    fn min_days_on_lot(mut self, days: u32) -> Self {
        self.min_days_on_lot = Some(days);
        self
    }
    fn max_days_on_lot(mut self, days: u32) -> Self {
        self.max_days_on_lot = Some(days);
        self
    }
}

/// Builder methods for [`CustomerQuery`], the search of `GET /external/customers`.
///
/// ```
/// use carstrel_client::prelude::*;
///
/// let query = CustomerQuery::default()
///     .search("smith")
///     .segment(CustomerSegment::Vip)
///     .sort_by(CustomerSort::TotalSpent)
///     .sort_order(SortOrder::Desc);
/// assert!(query.to_pairs().contains(&("sortOrder", "DESC".to_owned())));
/// ```
pub trait CustomerQueryExt: Sized {
    fn page(self, page: u32) -> Self;
    fn limit(self, limit: u32) -> Self;
    /// Name or email contains this text.
    fn search(self, text: impl Into<String>) -> Self;
    fn segment(self, segment: CustomerSegment) -> Self;
    fn sort_by(self, sort: CustomerSort) -> Self;
    fn sort_order(self, order: SortOrder) -> Self;
}

impl CustomerQueryExt for CustomerQuery {
    fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }
    fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
    fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }
    fn segment(mut self, segment: CustomerSegment) -> Self {
        self.segment = Some(segment);
        self
    }
    fn sort_by(mut self, sort: CustomerSort) -> Self {
        self.sort_by = Some(sort);
        self
    }
    fn sort_order(mut self, order: SortOrder) -> Self {
        self.sort_order = Some(order);
        self
    }
}

/// The filters and page of `GET /external/test-drives`, shared with the console's cache
/// (it lives in the model; its builder methods are `new`, `page`, `limit`, `status`,
/// `vehicle`, `customer`, and the calendar's `from`, `to` and `between`).
pub use carstrel_model::TestDriveQuery;
