//! The window reaches the offline photo cache through its own URI scheme:
//! `photo://localhost/{vehicleId}/{position}[?size=thumb]` (on Windows, where WebView2
//! maps custom schemes, `http://photo.localhost/…`). Served from the cache, fetched on a
//! miss while the server can be reached, 404 when truly unavailable, so the page draws
//! its placeholder. The content security policy allows images from this scheme only.

use crate::state::ConsoleHandle;
use console_core::photos::Variant;
use tauri::http::{header, Response, StatusCode};

pub const SCHEME: &str = "photo";

/// Adds the scheme to the app.
pub fn register(
    builder: tauri::Builder<tauri::Wry>,
    console: ConsoleHandle,
) -> tauri::Builder<tauri::Wry> {
    builder.register_asynchronous_uri_scheme_protocol(SCHEME, move |_ctx, request, responder| {
        let console = console.clone();
        let uri = request.uri().clone();
        tauri::async_runtime::spawn(async move {
            responder.respond(answer(&console, uri.path(), uri.query()).await);
        });
    })
}

async fn answer(console: &ConsoleHandle, path: &str, query: Option<&str>) -> Response<Vec<u8>> {
    let Some((vehicle_id, position, variant)) = parse(path, query) else {
        return not_found();
    };
    let photo = match console.get().await {
        Ok(console) => console.photo(&vehicle_id, position, variant).await,
        Err(_) => return not_found(),
    };
    match photo {
        Ok(Some(photo)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, photo.mime)
            .header(header::CACHE_CONTROL, "no-cache")
            .body(photo.bytes)
            .unwrap_or_else(|_| not_found()),
        Ok(None) => not_found(),
        Err(error) => {
            tracing::warn!(%error, "a photo could not be read");
            not_found()
        }
    }
}

fn not_found() -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// `/{vehicleId}/{position}` and `size=thumb` → what to serve; anything else → `None`.
fn parse(path: &str, query: Option<&str>) -> Option<(String, u32, Variant)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let vehicle_id = parts.next().filter(|id| !id.is_empty())?;
    let position = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let thumb = query.is_some_and(|q| q.split('&').any(|pair| pair == "size=thumb"));
    let variant = if thumb { Variant::Thumb } else { Variant::Full };
    Some((vehicle_id.to_owned(), position, variant))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_address_names_a_vehicle_a_position_and_a_size() {
        assert_eq!(
            parse("/v1/2", Some("size=thumb")),
            Some(("v1".into(), 2, Variant::Thumb))
        );
        assert_eq!(parse("/v1/1", None), Some(("v1".into(), 1, Variant::Full)));
        for bad in ["/", "/v1", "/v1/x", "/v1/1/2", "//1"] {
            assert_eq!(parse(bad, None), None, "{bad}");
        }
    }
}
