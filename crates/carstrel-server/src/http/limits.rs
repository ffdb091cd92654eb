//! The limits every request meets before its route, in one layer (each `from_fn` layer
//! costs every request a few allocations): a body announced over the limit is refused at
//! once, and the whole request must be done in time. Each pause of a body has its own
//! limit (see [`crate::http::timeouts`]).

use crate::error::ApiError;
use crate::state::{AppState, SharedState};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// 413 for a body announced over `ServerConfig::body_limit_bytes`, before any of it is
/// read (a client announcing megabytes is not kept waiting on); 408 for a request not
/// done within `ServerConfig::request_timeout`.
pub async fn limits(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    if let Some(refusal) = refusal_of_oversized(&state, &req) {
        return refusal;
    }
    let limit = state.config.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::RequestTimeout(format!(
            "The request took longer than {} seconds; send it again",
            limit.as_secs_f64()
        ))
        .into_response(),
    }
}

fn refusal_of_oversized(state: &AppState, req: &Request) -> Option<Response> {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())?;
    let limit = state.config.body_limit_bytes;
    (announced > limit as u64).then(|| {
        ApiError::PayloadTooLarge(format!(
            "The request body is too large (at most {limit} bytes)"
        ))
        .into_response()
    })
}
