//! How long a request may take: the whole request ([`time_limit`]), and each pause of
//! its body (tower-http's `RequestBodyTimeoutLayer`, whose error [`is_body_timeout`]
//! recognises). Both answer 408 in the documented error shape. The header-read timeout
//! is the connection loop's (`crate::serve`).

use crate::error::ApiError;
use crate::state::SharedState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Answers 408 when a request is not done within `ServerConfig::request_timeout`.
pub async fn time_limit(State(state): State<SharedState>, req: Request, next: Next) -> Response {
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

/// Whether reading a body failed because it paused too long.
pub fn is_body_timeout(rejection: &axum::extract::rejection::BytesRejection) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        source = error.source();
    }
    false
}

pub fn body_too_slow() -> ApiError {
    ApiError::RequestTimeout("The request body stopped arriving; send it again".into())
}
