//! Extractors whose rejections come back in the documented error shape.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use carstrel_model::MAX_PAGE;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::str::FromStr;

/// `axum::Json` with errors mapped: bad syntax → 400, wrong shape → 422, too big → 413,
/// not JSON → 415.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => ApiError::Unprocessable(format!(
            "The request body does not match the expected shape: {}",
            std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| e.body_text())
        )),
        JsonRejection::JsonSyntaxError(_) => {
            ApiError::BadRequest("The request body is not valid JSON".into())
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
            "Send the request body as JSON with Content-Type: application/json".into(),
        ),
        JsonRejection::BytesRejection(e)
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            ApiError::PayloadTooLarge("The request body is too large".into())
        }
        other => ApiError::BadRequest(other.body_text()),
    }
}

/// Query parameters, parsed one by one so that each bad value gets its own message.
#[derive(Debug, Default)]
pub struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|_| ApiError::BadRequest("The query string is malformed".into()))?;
        Ok(Params(pairs.into_iter().collect()))
    }
}

impl Params {
    /// The raw value, with empty values treated as absent.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(|v| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// A value parsed as `T`, or a 400 naming the parameter.
    pub fn parsed<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, ApiError> {
        self.text(name)
            .map(|raw| {
                raw.trim().parse::<T>().map_err(|_| {
                    ApiError::BadRequest(format!("{name} must be {expected} (got {raw:?})"))
                })
            })
            .transpose()
    }

    /// A value parsed by a `FromStr` whose error is already a message for the caller.
    pub fn choice<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        self.text(name)
            .map(|raw| raw.parse::<T>().map_err(ApiError::BadRequest))
            .transpose()
    }

    /// A UUID-shaped id, or a 400.
    pub fn id(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.text(name).map(|raw| parse_id(raw, name)).transpose()
    }

    /// `page` (default 1) and `limit` (default `default`, at most `max`).
    pub fn paging(&self, default: u32, max: u32) -> Result<Paging, ApiError> {
        let page = self
            .parsed::<u32>("page", "a positive integer")?
            .unwrap_or(1);
        if page == 0 || page > MAX_PAGE {
            return Err(ApiError::BadRequest(format!(
                "page must be between 1 and {MAX_PAGE}"
            )));
        }
        let limit = self
            .parsed::<u32>("limit", "a positive integer")?
            .unwrap_or(default);
        if limit == 0 || limit > max {
            return Err(ApiError::BadRequest(format!(
                "limit must be between 1 and {max}"
            )));
        }
        Ok(Paging { page, limit })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub limit: u32,
}

impl Paging {
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.limit)
    }
}

/// Ids are UUIDs; anything else is a 400 rather than a lookup that cannot succeed.
pub fn parse_id(raw: &str, what: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw.trim())
        .map(|id| id.to_string())
        .map_err(|_| {
            ApiError::BadRequest(format!(
                "{what} must be a UUID (got {:?})",
                truncate(raw, 64)
            ))
        })
}

/// The start of `text`, for echoing user input in messages without echoing megabytes.
pub fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Rejects text a database cannot store or a person cannot have meant: NUL and other
/// control characters (newlines and tabs allowed where `multiline`).
pub fn clean_text(
    name: &str,
    text: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<(), ApiError> {
    if text.chars().count() > max_chars {
        return Err(ApiError::Unprocessable(format!(
            "{name} must be at most {max_chars} characters"
        )));
    }
    let bad = text
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
    if bad {
        return Err(ApiError::Unprocessable(format!(
            "{name} must not contain control characters"
        )));
    }
    Ok(())
}

/// A required text field: trimmed, non-empty and clean.
pub fn required_text(name: &str, text: &str, max_chars: usize) -> Result<String, ApiError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ApiError::Unprocessable(format!("{name} is required")));
    }
    clean_text(name, trimmed, max_chars, false)?;
    Ok(trimmed.to_owned())
}

/// A plausible email address, lower-cased.
pub fn email(name: &str, text: &str) -> Result<String, ApiError> {
    let email = required_text(name, text, 254)?.to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && email.matches('@').count() == 1
        }
        None => false,
    };
    if !valid {
        return Err(ApiError::Unprocessable(format!(
            "{name} must be a valid email address"
        )));
    }
    Ok(email)
}

/// Refuses a request whose `Content-Length` already exceeds the body limit, before any of
/// the body is read, so a client announcing megabytes is not kept waiting on.
pub async fn refuse_oversized(
    axum::extract::State(state): axum::extract::State<crate::state::SharedState>,
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let announced = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match announced {
        Some(length) if length > state.config.body_limit_bytes as u64 => {
            ApiError::PayloadTooLarge(format!(
                "The request body is too large (at most {} bytes)",
                state.config.body_limit_bytes
            ))
            .into_response()
        }
        _ => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_lowercased() {
        assert_eq!(
            email("email", " John@Example.com ").unwrap(),
            "john@example.com"
        );
        for bad in [
            "",
            "john",
            "john@",
            "@x.com",
            "a@b",
            "a b@c.com",
            "a@@b.com",
        ] {
            assert!(email("email", bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(clean_text("notes", "line\nline", 100, true).is_ok());
        assert!(clean_text("name", "a\u{0}b", 100, false).is_err());
        assert!(clean_text("name", "abc", 2, false).is_err());
    }

    #[test]
    fn ids_must_be_uuids() {
        assert!(parse_id("not-a-uuid", "id").is_err());
        let id = uuid::Uuid::new_v4().to_string();
        assert_eq!(parse_id(&id.to_uppercase(), "id").unwrap(), id);
    }
}
