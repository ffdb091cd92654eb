//! The published API's headers alone, for `serve --docs-only`: the additions' request
//! headers (`If-Match`, `If-None-Match`, `Idempotency-Key`) are dropped before any
//! handler sees them, and their response headers (`ETag`, `X-RateLimit-*`,
//! `Idempotent-Replayed`) before the client does. Which routes exist is decided by the
//! router ([`crate::routes`]); this is the one place that decides which headers do.

use super::idempotency::{IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER};
use crate::error::ApiError;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Headers a client may send that only the additions read.
const ADDITION_REQUEST_HEADERS: [&str; 3] = ["if-match", "if-none-match", IDEMPOTENCY_KEY_HEADER];

/// Headers only the additions send. `Retry-After` on 429 stays: the docs tell clients to
/// "retry after the specified time".
const ADDITION_RESPONSE_HEADERS: [&str; 5] = [
    "etag",
    super::api_key::RATE_LIMIT_LIMIT,
    super::api_key::RATE_LIMIT_REMAINING,
    super::api_key::RATE_LIMIT_RESET,
    REPLAYED_HEADER,
];

/// Sends the request on without the additions' headers, and the reply back without
/// theirs.
pub async fn only_documented_headers(mut req: Request, next: Next) -> Response {
    for name in ADDITION_REQUEST_HEADERS {
        req.headers_mut().remove(name);
    }
    let mut response = next.run(req).await;
    for name in ADDITION_RESPONSE_HEADERS {
        response.headers_mut().remove(name);
    }
    response
}

/// What every addition answers in docs-only mode: the published API has no such endpoint.
pub async fn not_in_published_api(_req: Request, _next: Next) -> Response {
    ApiError::NotFound("No such endpoint".into()).into_response()
}
