//! How long a request may take: the whole request ([`crate::http::limits`]), and each
//! pause of its body (tower-http's `RequestBodyTimeoutLayer`, whose error [`is_body_timeout`]
//! recognises). Both answer 408 in the documented error shape. The header-read timeout
//! is the connection loop's (`crate::serve`).

use crate::error::ApiError;

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
