//! `/external/settings`: the dealer's calendar settings (an addition). Reading them needs
//! `test_drives:read` and changing them `test_drives:write`: they govern the test-drive
//! calendar and nothing else, so whoever works the drives sets their length.

use crate::error::Result;
use crate::http::api_key::{needs, Allowed};
use crate::http::extract::ApiJson;
use crate::state::SharedState;
use crate::store::dealer_settings as store;
use crate::tenant::Caller;
use axum::extract::State;
use axum::Json;
use carstrel_model::*;

#[utoipa::path(get, path = "/external/settings", tag = "settings",
    responses((status = 200, description = "The dealer's settings (defaults until changed)", body = Envelope<DealerSettings>)))]
pub async fn get_settings(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Envelope<DealerSettings>>> {
    caller.require(Scope::TestDrivesRead)?;
    Ok(Json(Envelope::ok(store::get(&state.db, &caller).await?)))
}

#[utoipa::path(patch, path = "/external/settings", tag = "settings", request_body = DealerSettingsUpdate,
    responses((status = 200, description = "The settings now; a new length applies to drives confirmed or moved from now on", body = Envelope<DealerSettings>),
        (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody)))]
pub async fn update_settings(
    State(state): State<SharedState>,
    caller: Allowed<needs::TestDrivesWrite>,
    ApiJson(change): ApiJson<DealerSettingsUpdate>,
) -> Result<Json<Envelope<DealerSettings>>> {
    Ok(Json(Envelope::ok(
        store::update(&state.db, &caller, &change).await?,
    )))
}
