//! Extractors whose rejections come back in the documented error shape. What a value
//! must look like is the rule book's business ([`carstrel_model::rules`]); these only
//! find the values in the request.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use carstrel_model::rules::{self, Paging};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::str::FromStr;

/// `axum::Json` with errors mapped as NestJS's validation maps them: bad syntax or the
/// wrong shape (a missing field, a wrong type, an unknown field) → 400, too big → 413,
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
        JsonRejection::JsonDataError(e) => ApiError::BadRequest(format!(
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
        JsonRejection::BytesRejection(e) if super::timeouts::is_body_timeout(&e) => {
            super::timeouts::body_too_slow()
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
    /// Free text (a search), with an empty value treated as absent.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.given(name).filter(|v| !v.is_empty())
    }

    /// The value as sent, for a rule of the rule book to read (an empty one included).
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.given(name)
    }

    /// The value as sent. An empty number, choice or id (`?page=`) is a malformed one,
    /// refused as NestJS's validation refuses it, not taken for absent.
    fn given(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.as_str())
    }

    /// A value parsed as `T`, or a 400 naming the parameter.
    pub fn parsed<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, ApiError> {
        Ok(self
            .given(name)
            .map(|raw| rules::number(name, raw, expected))
            .transpose()?)
    }

    /// One of a fixed list (a sort column, an order, a status), or a 400 listing them.
    pub fn choice<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        Ok(self
            .given(name)
            .map(|raw| rules::choice(name, raw))
            .transpose()?)
    }

    /// A UUID-shaped id, or a 400.
    pub fn id(&self, name: &str) -> Result<Option<String>, ApiError> {
        Ok(self
            .given(name)
            .map(|raw| rules::id(name, raw))
            .transpose()?)
    }

    /// `page` (default 1) and `limit` (default `default`, at most `max`).
    pub fn paging(&self, default: u32, max: u32) -> Result<Paging, ApiError> {
        // Each parameter is read and checked in turn, so the first bad one is named.
        let page = rules::page_number(self.parsed::<u32>("page", "a positive integer")?)?;
        let limit = self.parsed::<u32>("limit", "a positive integer")?;
        let limit = rules::page_size(limit, default, max)?;
        Ok(Paging { page, limit })
    }
}

/// `axum::extract::Path` with its rejection (a segment that is not valid UTF-8, say) in
/// the documented error shape, as a 400 like every other validation failure.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(ApiError::BadRequest(format!(
                "The path is malformed: {}",
                rejection.body_text()
            ))),
        }
    }
}
