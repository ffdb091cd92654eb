//! `x-api-key` on every `/external` request: who is calling, what they may do, and how
//! much of their hourly budget is left (`X-RateLimit-*` on every response, 429 past it).

use crate::error::{ApiError, Result};
use crate::rate_limit::RateLimitState;
use crate::state::SharedState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use carstrel_model::{Environment, Scope};

pub const API_KEY_HEADER: &str = "x-api-key";

/// The caller, as its key says. Handlers take it as an extractor.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key_id: String,
    pub org_id: String,
    pub env: Environment,
    pub scopes: Vec<Scope>,
}

impl Caller {
    pub fn has(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope) || self.scopes.contains(&Scope::Admin)
    }

    /// A 403 in the documented shape unless the key carries `scope`.
    pub fn require(&self, scope: Scope) -> Result<()> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "This API key lacks the {scope} scope needed for this resource"
            )))
        }
    }

    /// The `(organization, environment)` pair every per-dealer query filters on.
    pub fn env_str(&self) -> &'static str {
        self.env.as_str()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(ApiError::invalid_key)
    }
}

/// Authenticates the key, counts the request, and stamps the rate-limit headers.
pub async fn authenticate(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    let key = match req
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        Some(key) if Environment::of_key(key.trim()).is_some() => key.trim().to_owned(),
        _ => return ApiError::invalid_key().into_response(),
    };
    let record = match crate::store::keys::find_active(&state.db, &key).await {
        Ok(Some(record)) => record,
        Ok(None) => return ApiError::invalid_key().into_response(),
        Err(err) => return ApiError::from(err).into_response(),
    };
    let now_secs = crate::clock::now_ms() / 1000;
    let budget = state
        .limiter
        .hit(&record.caller.key_id, record.rate_limit_per_hour, now_secs);
    let mut response = if budget.allowed {
        crate::store::keys::note_use(&state.db, &record, now_secs);
        req.extensions_mut().insert(record.caller.clone());
        next.run(req).await
    } else {
        ApiError::RateLimited {
            retry_after_secs: (budget.reset_at - now_secs).max(1) as u64,
        }
        .into_response()
    };
    stamp_rate_limit(response.headers_mut(), budget);
    response
}

fn stamp_rate_limit(headers: &mut HeaderMap, budget: RateLimitState) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(budget.limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(budget.remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(budget.reset_at));
}
