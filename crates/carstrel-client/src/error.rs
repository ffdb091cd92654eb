//! The SDK's one error type: a variant per failure a caller can act on, each carrying the
//! API's documented error body (`{statusCode, message, error, timestamp}`) when the server
//! sent one.
//!
//! Messages never contain the API key or a token: they are built from the status, the
//! server's `error` text and, for network failures, reqwest's error (which names the URL,
//! never the headers).

use crate::rate_limit::RateLimit;
use carstrel_model::{ErrorBody, Scope};
use std::time::Duration;

/// `std::result::Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything a call can fail with.
///
/// Match on the variant to decide what to do:
///
/// ```
/// # use carstrel_client::Error;
/// fn advice(err: &Error) -> &'static str {
///     match err {
///         Error::Unauthorized { .. } => "check the API key or log the customer in again",
///         Error::Forbidden { .. } => "ask for a key with the missing scope",
///         Error::NotFound { .. } => "the record is gone",
///         Error::Validation { .. } => "fix the request",
///         Error::PreconditionFailed { .. } => "re-read the record and reapply the change",
///         Error::RateLimited { .. } => "slow down",
///         Error::Server { .. } | Error::Network(_) => "try again later",
///         _ => "report a bug",
///     }
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: the API key is missing, unknown or revoked, or the customer's (or staff
    /// member's) token is invalid and could not be refreshed.
    #[error("unauthorized (401){}", detail(body))]
    Unauthorized { body: Option<Box<ErrorBody>> },

    /// 403: the key lacks a scope. `missing_scope` is the scope the server named.
    #[error("forbidden (403){}", detail(body))]
    Forbidden {
        missing_scope: Option<Scope>,
        body: Option<Box<ErrorBody>>,
    },

    /// 404: no such record (or endpoint) for this key's organization and environment.
    #[error("not found (404){}", detail(body))]
    NotFound { body: Option<Box<ErrorBody>> },

    /// 400 or 422: the request was malformed or broke a rule; `message` is the server's
    /// explanation (its `error` field).
    #[error("invalid request ({status}): {message}")]
    Validation {
        status: u16,
        message: String,
        body: Option<Box<ErrorBody>>,
    },

    /// 409: the request conflicts with the records' state (a test drive confirmed or
    /// moved onto a slot another confirmed drive of its vehicle holds, whose id the
    /// message names; a vehicle with test drives cannot be deleted, ...).
    #[error("conflict (409){}", detail(body))]
    Conflict { body: Option<Box<ErrorBody>> },

    /// 412: the `If-Match` ETag is stale; someone changed the record since it was read.
    /// Fetch it again and reapply the change.
    #[error(
        "precondition failed (412): the record changed since it was read{}",
        detail(body)
    )]
    PreconditionFailed { body: Option<Box<ErrorBody>> },

    /// 429 after the client gave up waiting (retries or time budget exhausted, or the
    /// wait is longer than the remaining budget).
    #[error("rate limited (429){}{}", retry_after_text(retry_after), detail(body))]
    RateLimited {
        /// How long the server asked to wait (`Retry-After`).
        retry_after: Option<Duration>,
        /// The key's budget as the last response reported it.
        rate_limit: Option<RateLimit>,
        body: Option<Box<ErrorBody>>,
    },

    /// 5xx after the client gave up retrying.
    #[error("server error ({status}){}", detail(body))]
    Server {
        status: u16,
        body: Option<Box<ErrorBody>>,
    },

    /// Any other unsuccessful status (405, 413, 415, ...).
    #[error("unexpected status {status}{}", detail(body))]
    Status {
        status: u16,
        body: Option<Box<ErrorBody>>,
    },

    /// The request never got a response: connection refused or dropped, DNS, TLS, or a
    /// timeout. Retried already when the request was safe to retry.
    #[error("network error: {0}")]
    Network(#[source] reqwest::Error),

    /// The time budget ran out before the request could be (re)sent.
    #[error("the time budget of {budget:?} ran out")]
    BudgetExhausted { budget: Duration },

    /// The response was not the JSON the API documents.
    #[error("cannot decode the response (status {status}): {source}")]
    Decode {
        status: u16,
        #[source]
        source: serde_json::Error,
    },

    /// A request body could not be serialized.
    #[error("cannot encode the request body: {0}")]
    Encode(#[source] serde_json::Error),

    /// The client was built with invalid settings (a bad base URL, ...).
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// The call cannot be made as asked, so nothing was sent: refreshing without a
    /// session, or an id (`.`, `..`) that a URL cannot carry as a path segment.
    #[error("invalid use of the client: {0}")]
    Usage(String),
}

fn detail(body: &Option<Box<ErrorBody>>) -> String {
    match body {
        Some(body) if !body.error.is_empty() => format!(": {}", body.error),
        _ => String::new(),
    }
}

fn retry_after_text(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(", retry after {}s", wait.as_secs_f64().ceil() as u64),
        None => String::new(),
    }
}

impl Error {
    /// Builds the variant for an unsuccessful HTTP status and its (optional) error body.
    pub(crate) fn from_status(
        status: u16,
        body: Option<ErrorBody>,
        retry_after: Option<Duration>,
        rate_limit: Option<RateLimit>,
    ) -> Error {
        let body = body.map(Box::new);
        match status {
            401 => Error::Unauthorized { body },
            403 => Error::Forbidden {
                missing_scope: body.as_deref().and_then(|b| missing_scope(&b.error)),
                body,
            },
            404 => Error::NotFound { body },
            400 | 422 => Error::Validation {
                status,
                message: body.as_ref().map(|b| b.error.clone()).unwrap_or_default(),
                body,
            },
            409 => Error::Conflict { body },
            412 => Error::PreconditionFailed { body },
            429 => Error::RateLimited {
                retry_after,
                rate_limit,
                body,
            },
            500..=599 => Error::Server { status, body },
            _ => Error::Status { status, body },
        }
    }

    /// The HTTP status, for failures that got a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::NotFound { .. } => Some(404),
            Error::Validation { status, .. } => Some(*status),
            Error::Conflict { .. } => Some(409),
            Error::PreconditionFailed { .. } => Some(412),
            Error::RateLimited { .. } => Some(429),
            Error::Server { status, .. } | Error::Status { status, .. } => Some(*status),
            Error::Decode { status, .. } => Some(*status),
            Error::Network(_)
            | Error::BudgetExhausted { .. }
            | Error::Encode(_)
            | Error::Config(_)
            | Error::Usage(_) => None,
        }
    }

    /// The API's error body, when the server sent one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Unauthorized { body }
            | Error::Forbidden { body, .. }
            | Error::NotFound { body }
            | Error::Validation { body, .. }
            | Error::Conflict { body }
            | Error::PreconditionFailed { body }
            | Error::RateLimited { body, .. }
            | Error::Server { body, .. }
            | Error::Status { body, .. } => body.as_deref(),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed (rate limits, 5xx, network).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Server { .. }
                | Error::Network(_)
                | Error::BudgetExhausted { .. }
        )
    }

    /// Whether the request timed out (a per-attempt timeout or the time budget).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Network(err) => err.is_timeout(),
            Error::BudgetExhausted { .. } => true,
            _ => false,
        }
    }
}

/// Reads the scope out of the server's 403 text ("This API key lacks the
/// customers:read scope needed for this resource").
pub(crate) fn missing_scope(message: &str) -> Option<Scope> {
    let rest = message.split("lacks the ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(status: u16, error: &str) -> ErrorBody {
        ErrorBody {
            status_code: status,
            message: "x".into(),
            error: error.into(),
            timestamp: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn forbidden_names_the_missing_scope() {
        let err = Error::from_status(
            403,
            Some(body(
                403,
                "This API key lacks the customers:read scope needed for this resource",
            )),
            None,
            None,
        );
        match err {
            Error::Forbidden { missing_scope, .. } => {
                assert_eq!(missing_scope, Some(Scope::CustomersRead))
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(missing_scope("nothing to see"), None);
    }

    #[test]
    fn statuses_map_to_variants() {
        assert!(matches!(
            Error::from_status(422, None, None, None),
            Error::Validation { .. }
        ));
        assert!(matches!(
            Error::from_status(400, None, None, None),
            Error::Validation { .. }
        ));
        assert!(matches!(
            Error::from_status(503, None, None, None),
            Error::Server { .. }
        ));
        assert!(matches!(
            Error::from_status(415, None, None, None),
            Error::Status { .. }
        ));
        let err = Error::from_status(412, Some(body(412, "stale")), None, None);
        assert_eq!(err.status(), Some(412));
        assert_eq!(err.body().map(|b| b.error.as_str()), Some("stale"));
        assert!(err.to_string().contains("stale"));
    }
}
