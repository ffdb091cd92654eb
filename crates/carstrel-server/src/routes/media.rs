//! `/media/vehicles/{vehicleId}/{n}.png`: demo photos, open to anyone as a CDN's are
//! (no key), cacheable for a day by anyone, drawn on request (see `crate::media`).

use crate::error::{ApiError, Result};
use crate::http::conditional::matches_any;
use crate::state::SharedState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[utoipa::path(get, path = "/media/vehicles/{vehicleId}/{photo}", tag = "media",
    params(
        ("vehicleId" = String, Path, description = "Vehicle id (UUID)"),
        ("photo" = String, Path, description = "`{n}.png`: the photo whose `sortOrder` is n", pattern = r"^[1-9][0-9]{0,8}\.png$"),
    ),
    responses((status = 200, description = "The photo, a PNG drawn from the vehicle (its body type, colour, name and the photo's category); the same bytes every time"),
        (status = 404, description = "No such vehicle, or it has no such photo", body = carstrel_model::ErrorBody)))]
pub async fn photo(
    State(state): State<SharedState>,
    Path((vehicle_id, photo)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let photo = state
        .photos
        .photo(&state.db, &vehicle_id, &photo)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such photo".into()))?;
    let cache = HeaderValue::from_static("public, max-age=86400, immutable");
    if matches_any(headers.get(header::IF_NONE_MATCH), &photo.etag) {
        let headers = [(header::ETAG, photo.etag), (header::CACHE_CONTROL, cache)];
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
        (header::ETAG, photo.etag),
        (header::CACHE_CONTROL, cache),
    ];
    Ok((headers, photo.png).into_response())
}
