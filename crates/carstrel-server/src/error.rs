//! The server's error type: every failure leaves as the documented error body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use carstrel_model::ErrorBody;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Return 400 Bad Request: every validation failure, as NestJS's `ValidationPipe`
    /// answers it: a malformed parameter or id, a body that is not JSON or not of the
    /// documented shape, or a field that breaks a rule of the rule book
    /// ([`carstrel_model::rules::Invalid`]).
    #[error("{0}")]
    BadRequest(String),
    /// Return 401 Unauthorized: a missing or invalid key or token.
    #[error("{0}")]
    Unauthorized(String),
    /// Return 403 Forbidden: the key lacks a scope.
    #[error("{0}")]
    Forbidden(String),
    /// Return 404 Not Found.
    #[error("{0}")]
    NotFound(String),
    /// Return 405 Method Not Allowed.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// Return 408 Request Timeout: the request (or its body) took longer than the
    /// server waits.
    #[error("{0}")]
    RequestTimeout(String),
    /// Return 409 Conflict: the request fights the resource's current state.
    #[error("{0}")]
    Conflict(String),
    /// Return 412 Precondition Failed: `If-Match` names a stale version.
    #[error("{0}")]
    PreconditionFailed(String),
    /// Return 413 Payload Too Large.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Return 415 Unsupported Media Type.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Return 422 Unprocessable Entity: an `Idempotency-Key` reused with another request.
    /// Not a validation failure (the request alone is valid), so not a 400.
    #[error("{0}")]
    Unprocessable(String),
    /// Return 429 Too Many Requests, with `Retry-After`.
    #[error("rate limit exceeded")]
    RateLimited { retry_after_secs: u64 },
    /// Return 503 Service Unavailable, with `Retry-After`: the database cannot be reached
    /// (restarting, unreachable, or every connection busy past the pool's timeout). The
    /// request did nothing, so the client may send it again.
    #[error("The service is temporarily unavailable; retry after {retry_after_secs} seconds")]
    Unavailable { retry_after_secs: u64 },
    /// Return 500 Internal Server Error; the cause is logged, never sent.
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// How long a client is told to wait while the database is away: about the pool's
/// acquire timeout, so a retry meets either a recovered database or the next 503 quickly.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// A field that breaks a rule is the client's to fix: a 400 with the rule book's words.
impl From<carstrel_model::rules::Invalid> for ApiError {
    fn from(invalid: carstrel_model::rules::Invalid) -> Self {
        ApiError::BadRequest(invalid.message)
    }
}

/// A database that cannot be reached is a 503 the client may retry; any other failure
/// is ours (500).
impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        if is_unavailable_cause(&err) {
            tracing::warn!(error = ?err, "the database is unavailable");
            ApiError::Unavailable {
                retry_after_secs: UNAVAILABLE_RETRY_AFTER_SECS,
            }
        } else {
            ApiError::Internal(err)
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::from(anyhow::Error::from(err))
    }
}

/// Whether a failure means the database cannot serve now (down, restarting, unreachable,
/// out of connections, or, on SQLite, locked past the busy timeout) rather than a fault
/// of ours: such a request did nothing and may be retried, so it is answered 503.
pub fn is_unavailable_cause(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<sqlx::Error>())
        .any(is_unavailable)
}

fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLITE_BUSY and SQLITE_LOCKED, with their extended codes.
                code.parse::<i32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
            } else {
                // PostgreSQL: connection exceptions (class 08), too many connections, the
                // server shutting down or starting up (57P01-57P03).
                code.starts_with("08") || matches!(&*code, "53300" | "57P01" | "57P02" | "57P03")
            }
        }
        _ => false,
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        ApiError::Internal(err.into())
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::NotFound(format!("{what} not found"))
    }

    /// The documented 401 for a missing, unknown or revoked key.
    pub fn invalid_key() -> Self {
        ApiError::Unauthorized("Invalid or missing API key".into())
    }

    fn body(&self) -> ErrorBody {
        let status = self.status();
        let error = match self {
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                "Something went wrong on our side; the request can be retried".to_owned()
            }
            ApiError::RateLimited { retry_after_secs } => {
                format!("Rate limit exceeded; retry after {retry_after_secs} seconds")
            }
            other => other.to_string(),
        };
        ErrorBody {
            status_code: status.as_u16(),
            message: status.canonical_reason().unwrap_or("Error").to_owned(),
            error,
            timestamp: crate::clock::rfc3339(crate::clock::now_ms()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // An error built directly as `Internal` may still be an unreachable database.
        let this = match self {
            ApiError::Internal(err) => ApiError::from(err),
            other => other,
        };
        let status = this.status();
        let mut response = (status, axum::Json(this.body())).into_response();
        if let ApiError::RateLimited { retry_after_secs }
        | ApiError::Unavailable { retry_after_secs } = this
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unreachable_database_is_unavailable() {
        let unavailable = |err: sqlx::Error| is_unavailable_cause(&anyhow::Error::from(err));
        assert!(unavailable(sqlx::Error::PoolTimedOut));
        assert!(unavailable(sqlx::Error::Io(
            std::io::ErrorKind::ConnectionRefused.into()
        )));
        assert!(!unavailable(sqlx::Error::RowNotFound));
        assert!(!unavailable(sqlx::Error::ColumnNotFound("x".into())));
        let wrapped = anyhow::Error::from(sqlx::Error::PoolClosed).context("reading a page");
        assert!(is_unavailable_cause(&wrapped));
        assert!(!is_unavailable_cause(&anyhow::anyhow!("a bug")));
    }
}
