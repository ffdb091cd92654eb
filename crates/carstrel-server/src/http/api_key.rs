//! `x-api-key` on every `/external` request: who is calling, what they may do, and how
//! much of their hourly budget is left (`X-RateLimit-*` on every response, 429 past it).

use crate::error::{ApiError, Result};
use crate::http::client_addr::ClientAddr;
use crate::rate_limit::RateLimitState;
use crate::state::SharedState;
use crate::tenant::Caller;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use carstrel_model::{Environment, Scope};
use std::marker::PhantomData;
use std::ops::Deref;

pub const API_KEY_HEADER: &str = "x-api-key";
pub const RATE_LIMIT_LIMIT: &str = "x-ratelimit-limit";
pub const RATE_LIMIT_REMAINING: &str = "x-ratelimit-remaining";
pub const RATE_LIMIT_RESET: &str = "x-ratelimit-reset";

/// Handlers take the caller as an extractor; [`authenticate`] put it in the request.
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

/// The scope a route needs, as a type, so that [`Allowed`] can check it while extracting.
pub trait Needs {
    const SCOPE: Scope;
}

/// The scopes routes with a body need, one marker type each.
pub mod needs {
    use super::{Needs, Scope};

    macro_rules! needs {
        ($($name:ident),*) => {$(
            pub struct $name;
            impl Needs for $name {
                const SCOPE: Scope = Scope::$name;
            }
        )*};
    }
    needs!(
        InventoryWrite,
        CustomersWrite,
        EngagementWrite,
        TestDrivesWrite,
        LeadsWrite
    );
}

/// A caller whose key carries the scope `N` names. As an extractor it runs before the
/// body is read, so a key without the scope gets 403 whatever it sends, and a body is
/// never parsed (nor its errors shown) for a caller who may not send it.
pub struct Allowed<N>(Caller, PhantomData<N>);

impl<N: Needs, S: Send + Sync> FromRequestParts<S> for Allowed<N> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require(N::SCOPE)?;
        Ok(Allowed(caller, PhantomData))
    }
}

impl<N> Deref for Allowed<N> {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.0
    }
}

/// Authenticates the key, counts the request, and stamps the rate-limit headers.
pub async fn authenticate(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    // An address that keeps sending bad keys is turned away before any lookup.
    let bad_keys = &state.throttles.bad_keys_by_address;
    let address = ClientAddr::of(req.extensions()).key();
    if let Some(wait) = bad_keys.spent(&address) {
        let retry_after_secs = crate::throttle::retry_after_secs(wait);
        crate::telemetry::rate_limited("bad_keys");
        return ApiError::RateLimited { retry_after_secs }.into_response();
    }
    let refuse = || {
        bad_keys.fail(&address);
        ApiError::invalid_key().into_response()
    };
    let key = match req
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    {
        Some(key) if Environment::of_key(key).is_some() => key,
        _ => return refuse(),
    };
    let record = match crate::store::keys::find_active(&state.db, key).await {
        Ok(Some(record)) => record,
        Ok(None) => return refuse(),
        Err(err) => return ApiError::from(err).into_response(),
    };
    let now_secs = crate::clock::now_ms() / 1000;
    let budget = match state
        .limiter
        .take(&record.caller.key_id, record.rate_limit_per_hour, now_secs)
        .await
    {
        Ok(budget) => budget,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let mut response = if budget.allowed {
        crate::store::keys::note_use(&state.db, &record, now_secs);
        req.extensions_mut().insert(record.caller.clone());
        next.run(req).await
    } else {
        crate::telemetry::rate_limited("key_budget");
        ApiError::RateLimited {
            retry_after_secs: (budget.reset_at - now_secs).max(1) as u64,
        }
        .into_response()
    };
    stamp_rate_limit(response.headers_mut(), budget);
    response
}

fn stamp_rate_limit(headers: &mut HeaderMap, budget: RateLimitState) {
    headers.insert(RATE_LIMIT_LIMIT, HeaderValue::from(budget.limit));
    headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from(budget.remaining));
    headers.insert(RATE_LIMIT_RESET, HeaderValue::from(budget.reset_at));
}
