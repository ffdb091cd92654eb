//! Stored demo media URLs name [`ORIGIN_TOKEN`]; here, as a JSON response leaves, the
//! token becomes this server's public URL, so every place a vehicle appears (list,
//! detail, changes feed, remembered pages, replayed replies) points at the server that
//! serves it. Runs inside the ETag layer, which then tags the final bytes; a tag the
//! handler set from the stored bytes (a remembered page) gains the origin's mark.

use crate::media::ORIGIN_TOKEN;
use crate::memo::etag_of;
use crate::state::SharedState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use memchr::memmem;

pub async fn replace_origin(
    State(state): State<SharedState>,
    req: Request,
    next: Next,
) -> Response {
    let response = next.run(req).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The body is this server's own reply, already whole in memory.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let origin = state.config.public_url.as_deref().unwrap_or("");
    let Some(replaced) = replace_all(&bytes, origin) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(etag) = parts.headers.get(header::ETAG).cloned() {
        let mut seed = etag.as_bytes().to_vec();
        seed.extend_from_slice(origin.as_bytes());
        parts.headers.insert(header::ETAG, etag_of(&seed));
    }
    Response::from_parts(parts, Body::from(replaced))
}

/// `body` with every [`ORIGIN_TOKEN`] replaced by `origin`; `None` when it has none.
pub fn replace_all(body: &[u8], origin: &str) -> Option<Bytes> {
    let finder = memmem::Finder::new(ORIGIN_TOKEN.as_bytes());
    let mut hits = finder.find_iter(body).peekable();
    hits.peek()?;
    let mut out = Vec::with_capacity(body.len() + 64 * origin.len());
    let mut from = 0;
    for hit in hits {
        out.extend_from_slice(&body[from..hit]);
        out.extend_from_slice(origin.as_bytes());
        from = hit + ORIGIN_TOKEN.len();
    }
    out.extend_from_slice(&body[from..]);
    Some(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_is_replaced_and_nothing_else() {
        let body = format!(
            r#"{{"a":"{ORIGIN_TOKEN}/media/x/1.png","b":"{ORIGIN_TOKEN}","c":"https://else"}}"#
        );
        let out = replace_all(body.as_bytes(), "http://127.0.0.1:9").expect("tokens found");
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#"{"a":"http://127.0.0.1:9/media/x/1.png","b":"http://127.0.0.1:9","c":"https://else"}"#
        );
        assert!(replace_all(b"{\"plain\":1}", "http://x").is_none());
    }
}
