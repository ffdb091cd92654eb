//! Conditional requests: `ETag` + `If-None-Match` → 304 on reads, `If-Match` → 412 on
//! stale writes.

use crate::error::{ApiError, Result};
use crate::memo::etag_of;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Gives a successful GET's `response` an `ETag` (a hash of its body unless the handler
/// set a versioned one) and makes it a 304 when `if_none_match` (the request's header)
/// names that version. Run by [`crate::http::answer::keyed`].
pub async fn tag(response: Response, if_none_match: Option<&HeaderValue>) -> Response {
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let (etag, body) = match parts.headers.get(header::ETAG).cloned() {
        Some(etag) => (etag, body),
        None => {
            // The body is this server's own reply, already whole in memory: a limit here
            // would only turn a large page (a dealer's long notes) into a 500.
            let bytes = match axum::body::to_bytes(body, usize::MAX).await {
                Ok(bytes) => bytes,
                Err(err) => return ApiError::Internal(anyhow::anyhow!(err)).into_response(),
            };
            let etag = etag_of(&bytes);
            parts.headers.insert(header::ETAG, etag.clone());
            (etag, Body::from(bytes))
        }
    };
    if matches_any(if_none_match, &etag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, body)
}

/// Whether a list of entity tags (`"a", W/"b"` or `*`) names `etag`. Weak and strong
/// forms compare equal, as RFC 9110 asks for `If-None-Match`.
pub fn matches_any(list: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let (Some(list), Ok(etag)) = (list.and_then(|l| l.to_str().ok()), etag.to_str()) else {
        return false;
    };
    let bare = etag.trim_start_matches("W/");
    list.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == bare)
}

/// The ETag of a versioned record (customers, test drives).
pub fn version_etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).expect("digits are a valid header value")
}

/// 412 unless `If-Match` is absent, `*`, or names `current_version`. Without the header a
/// write applies as documented; with it, a stale write is refused instead of lost.
pub fn check_if_match(headers: &HeaderMap, current_version: i64) -> Result<()> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(());
    };
    if matches_any(Some(value), &version_etag(current_version)) {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed(format!(
            "The record has changed since you read it (it is now at version {current_version}); \
             fetch it again and reapply your change"
        )))
    }
}

/// A 200 response with the record's versioned `ETag`.
pub fn with_etag(version: i64, response: impl IntoResponse) -> Response {
    let mut response = response.into_response();
    response
        .headers_mut()
        .insert(header::ETAG, version_etag(version));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_the_current_version_only() {
        let mut headers = HeaderMap::new();
        assert!(check_if_match(&headers, 3).is_ok());
        headers.insert(header::IF_MATCH, HeaderValue::from_static("\"v3\""));
        assert!(check_if_match(&headers, 3).is_ok());
        assert!(check_if_match(&headers, 4).is_err());
        headers.insert(
            header::IF_MATCH,
            HeaderValue::from_static("W/\"v2\", \"v4\""),
        );
        assert!(check_if_match(&headers, 4).is_ok());
        headers.insert(header::IF_MATCH, HeaderValue::from_static("*"));
        assert!(check_if_match(&headers, 9).is_ok());
    }
}
