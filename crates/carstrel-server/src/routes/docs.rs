//! Query parameters as the OpenAPI document describes them. Handlers parse them through
//! `Params` for precise errors; these structs only document them.
#![allow(dead_code)]

use utoipa::IntoParams;

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number (default: 1)
    page: Option<u32>,
    /// Items per page (default: 50 for metadata, 20 elsewhere; max: 100)
    limit: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BrandsQuery {
    /// Page number (default: 1)
    page: Option<u32>,
    /// Items per page (default: 50, max: 100)
    limit: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ModelsQuery {
    /// Filter by brand ID
    brand_id: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct VehiclesQuery {
    /// Page number (default: 1)
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    limit: Option<u32>,
    /// Filter by brand ID
    brand_id: Option<String>,
    /// Filter by model ID
    model_id: Option<String>,
    /// Filter by body type ID
    body_type_id: Option<String>,
    /// Minimum year
    min_year: Option<i32>,
    /// Maximum year
    max_year: Option<i32>,
    /// Minimum price (the headline price: sale price, daily rate or starting bid)
    min_price: Option<f64>,
    /// Maximum price
    max_price: Option<f64>,
    /// sale | rental | auction
    listing_type: Option<String>,
    /// createdDate (default) | impressionsCount | year | mileage | price | name
    sort: Option<String>,
    /// asc | desc (default)
    order: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct CustomersQuery {
    /// Page number (default: 1)
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    limit: Option<u32>,
    /// Search by name or email
    search: Option<String>,
    /// new | regular | vip | at_risk
    segment: Option<String>,
    /// createdDate (default) | totalSpent | lastPurchaseDate | leadScore
    sort_by: Option<String>,
    /// ASC | DESC (default)
    sort_order: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct TestDrivesQuery {
    /// Page number (default: 1)
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    limit: Option<u32>,
    /// pending | confirmed | completed | cancelled | no_show
    status: Option<String>,
    /// Filter by vehicle ID
    vehicle_id: Option<String>,
    /// Filter by customer ID
    customer_id: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// Return changes after this sequence number (default 0: everything)
    since: Option<i64>,
    /// Changes per page (default 500, max 1000). A page also stops after about 4 MiB of
    /// records (never before its first): ask again from `nextSince` while `hasMore`
    limit: Option<u32>,
}
