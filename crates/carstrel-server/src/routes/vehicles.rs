//! `/external/vehicles`: the list, detail (counts an impression), stats, the changes
//! feed, and staff edits. Reads need `inventory:read`, edits `inventory:write`.

use super::docs::{ChangesQuery, VehiclesQuery};
use crate::error::Result;
use crate::http::api_key::{needs, Allowed};
use crate::http::extract::ApiPath;
use crate::http::extract::Params;
use crate::state::SharedState;
use crate::store::changes::{Entity, Window};
use crate::store::vehicles as store;
use crate::tenant::Caller;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::Json;
use carstrel_model::*;

/// Reads the documented query parameters, refusing any malformed one, and our additions
/// (the days-on-lot filters and sort) unless serving the published API alone, which
/// ignores the filters as any unknown parameter and offers only the documented sorts.
pub fn vehicle_query(params: &Params, docs_only: bool) -> Result<VehicleQuery> {
    let paging = params.paging(VEHICLES_DEFAULT_LIMIT, MAX_LIMIT)?;
    let sorts: &[VehicleSort] = if docs_only {
        &VehicleSort::DOCUMENTED
    } else {
        &VehicleSort::ALL
    };
    let days = |name| match docs_only {
        true => Ok(None),
        false => params.parsed::<u32>(name, "a non-negative integer"),
    };
    Ok(VehicleQuery {
        page: Some(paging.page),
        limit: Some(paging.limit),
        brand_id: params.id("brandId")?,
        model_id: params.id("modelId")?,
        body_type_id: params.id("bodyTypeId")?,
        min_year: params.parsed("minYear", "an integer year")?,
        max_year: params.parsed("maxYear", "an integer year")?,
        min_price: params.parsed("minPrice", "a number")?,
        max_price: params.parsed("maxPrice", "a number")?,
        listing_type: params.choice("listingType")?,
        sort: params
            .raw("sort")
            .map(|raw| {
                VehicleSort::parse_among(raw, sorts).map_err(|m| rules::Invalid::new("sort", m))
            })
            .transpose()?,
        order: params.choice("order")?,
        min_days_on_lot: days("minDaysOnLot")?,
        max_days_on_lot: days("maxDaysOnLot")?,
    })
}

#[utoipa::path(get, path = "/external/vehicles", tag = "vehicles", params(VehiclesQuery),
    responses((status = 200, body = Envelope<Vec<Vehicle>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn list(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<axum::response::Response> {
    caller.require(Scope::InventoryRead)?;
    let query = vehicle_query(&params, state.config.docs_only)?;
    let page = store::list_page(&state.db, &caller, &query).await?;
    let origin = state.config.public_url.as_deref().unwrap_or("");
    let (body, etag) = page.answered_at(origin, crate::http::media_origin::apply);
    let mut response = axum::response::Response::new(axum::body::Body::from(body));
    let headers = response.headers_mut();
    // Room for the layers' headers too (cache control, rate limits): the map of the
    // busiest route's answer is not grown again on its way out.
    headers.reserve(8);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::ETAG, etag);
    response
        .extensions_mut()
        .insert(crate::http::media_origin::OriginApplied);
    Ok(response)
}

#[utoipa::path(get, path = "/external/vehicles/{id}", tag = "vehicles",
    params(("id" = String, Path, description = "Vehicle id (UUID)")),
    responses((status = 200, description = "The vehicle; one impression is recorded", body = Envelope<Vehicle>),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<Vehicle>>> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::view(&state.db, &caller, &id).await?,
    )))
}

#[utoipa::path(get, path = "/external/vehicles/stats/summary", tag = "vehicles",
    responses((status = 200, body = Envelope<VehicleStats>)))]
pub async fn stats(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Envelope<VehicleStats>>> {
    caller.require(Scope::InventoryRead)?;
    Ok(Json(Envelope::ok(store::stats(&state.db, &caller).await?)))
}

/// `since` and `limit` of a changes feed, and the server's cap on a page's bytes.
pub fn changes_window(params: &Params, state: &SharedState) -> Result<Window> {
    // Each parameter is read and checked in turn, so the first bad one is named.
    let since = rules::changes_since(params.parsed::<i64>("since", "a non-negative integer")?)?;
    let limit = rules::changes_limit(params.parsed::<u32>("limit", "a positive integer")?)?;
    Ok(Window {
        since,
        limit,
        max_bytes: state.config.changes_page_max_bytes,
    })
}

#[utoipa::path(get, path = "/external/vehicles/changes", tag = "sync", params(ChangesQuery),
    responses((status = 200, description = "Vehicles changed after `since`, every status included, with tombstones", body = Envelope<ChangesPage<Vehicle>>),
        (status = 400, body = ErrorBody)))]
pub async fn changes(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<ChangesPage<crate::store::changes::Written>>>> {
    caller.require(Scope::InventoryRead)?;
    let window = changes_window(&params, &state)?;
    let page = crate::store::changes::page(
        &state.db,
        &caller,
        Entity::Vehicle,
        window,
        store::SELECT,
        store::from_row,
    )
    .await?;
    Ok(Json(Envelope::ok(page)))
}

#[utoipa::path(patch, path = "/external/vehicles/{id}", tag = "vehicles", request_body = VehicleUpdate,
    params(("id" = String, Path, description = "Vehicle id (UUID)")),
    responses((status = 200, body = Envelope<Vehicle>), (status = 404, body = ErrorBody), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn update(
    State(state): State<SharedState>,
    caller: Allowed<needs::InventoryWrite>,
    ApiPath(id): ApiPath<String>,
    crate::http::extract::ApiJson(change): crate::http::extract::ApiJson<VehicleUpdate>,
) -> Result<Json<Envelope<Vehicle>>> {
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::update(&state.db, &caller, &id, &change).await?,
    )))
}

#[utoipa::path(delete, path = "/external/vehicles/{id}", tag = "vehicles",
    params(("id" = String, Path, description = "Vehicle id (UUID)")),
    responses((status = 204, description = "Deleted; the changes feed carries a tombstone"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    caller.require(Scope::InventoryWrite)?;
    let id = rules::id("id", &id)?;
    store::delete(&state.db, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
