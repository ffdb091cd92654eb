//! Inventory aging (an addition): a vehicle's price history and the aging stats of the
//! available stock. Both need `inventory:read`.

use crate::error::Result;
use crate::http::extract::ApiPath;
use crate::state::SharedState;
use crate::store::{aging, price_history};
use crate::tenant::Caller;
use axum::extract::State;
use axum::Json;
use carstrel_model::*;

#[utoipa::path(get, path = "/external/vehicles/{id}/price-history", tag = "vehicles",
    params(("id" = String, Path, description = "Vehicle id (UUID)")),
    responses((status = 200, description = "Every headline price, oldest first; the first is the listing price, each later one a change made through PATCH", body = Envelope<Vec<PricePoint>>),
        (status = 404, body = ErrorBody)))]
pub async fn price_history(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<Vec<PricePoint>>>> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        price_history::list(&state.db, &caller, &id).await?,
    )))
}

#[utoipa::path(get, path = "/external/vehicles/stats/aging", tag = "vehicles",
    responses((status = 200, description = "Available vehicles by days on the lot (0-30, 31-60, 61-90, 91+; the counts add up to the available stock) and their mean", body = Envelope<AgingStats>)))]
pub async fn aging_stats(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Envelope<AgingStats>>> {
    caller.require(Scope::InventoryRead)?;
    Ok(Json(Envelope::ok(aging::stats(&state.db, &caller).await?)))
}
