//! Query parameters as the OpenAPI document describes them, with the constraints the rule
//! book enforces (`carstrel_model::rules`), so a client generated from the document sends
//! only what the server accepts. Handlers parse them through `Params` for precise errors;
//! these structs only document them.
#![allow(dead_code)]

use carstrel_model::{CustomerSegment, CustomerSort, ListingType, TestDriveStatus, VehicleSort};
use utoipa::IntoParams;

/// A case-insensitive `asc | desc`, as `SortOrder` reads it.
const SORT_ORDER: &str = "^([aA][sS][cC]|[dD][eE][sS][cC])$";

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BrandsQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 50, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ModelsQuery {
    /// Filter by brand ID
    #[param(format = Uuid)]
    brand_id: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct VehiclesQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Filter by brand ID
    #[param(format = Uuid)]
    brand_id: Option<String>,
    /// Filter by model ID
    #[param(format = Uuid)]
    model_id: Option<String>,
    /// Filter by body type ID
    #[param(format = Uuid)]
    body_type_id: Option<String>,
    /// Minimum year (one above `maxYear` finds nothing)
    min_year: Option<i32>,
    /// Maximum year
    max_year: Option<i32>,
    /// Minimum price (the headline price: sale price, daily rate or starting bid; one
    /// above `maxPrice` finds nothing)
    min_price: Option<f64>,
    /// Maximum price
    max_price: Option<f64>,
    #[param(inline)]
    listing_type: Option<ListingType>,
    /// Sort field (default: createdDate)
    #[param(inline)]
    sort: Option<VehicleSort>,
    /// asc | desc (default), in either case
    #[param(pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$")]
    order: Option<String>,
    /// An addition: vehicles on the lot at least this many whole days (`daysOnLot`:
    /// whole UTC days since `listedDate` by the server's clock)
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_i64)]
    min_days_on_lot: Option<u32>,
    /// An addition: vehicles on the lot at most this many whole days (one below
    /// `minDaysOnLot` finds nothing)
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4_294_967_295_i64)]
    max_days_on_lot: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct CustomersQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Search by name or email (at most 200 characters, no control characters)
    #[param(max_length = 200, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    search: Option<String>,
    #[param(inline)]
    segment: Option<CustomerSegment>,
    /// Sort field (default: createdDate)
    #[param(inline)]
    sort_by: Option<CustomerSort>,
    /// ASC | DESC (default), in either case
    #[param(pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$")]
    sort_order: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct TestDrivesQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    #[param(inline)]
    status: Option<TestDriveStatus>,
    /// Filter by vehicle ID
    #[param(format = Uuid)]
    vehicle_id: Option<String>,
    /// Filter by customer ID
    #[param(format = Uuid)]
    customer_id: Option<String>,
    /// Slots starting at or after this instant (a date, taken as midnight UTC, or an RFC
    /// 3339 date-time); a drive's slot is its `scheduledAt`, else its preferred date
    #[param(value_type = Option<String>)]
    from: Option<String>,
    /// Slots starting before this instant (half-open); a `to` at or before `from` finds
    /// nothing
    #[param(value_type = Option<String>)]
    to: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// Return changes after this sequence number (default 0: everything)
    #[param(minimum = 0)]
    since: Option<i64>,
    /// Changes per page (default 500, max 1000). A page also stops after about 4 MiB of
    /// records (never before its first): ask again from `nextSince` while `hasMore`
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}
