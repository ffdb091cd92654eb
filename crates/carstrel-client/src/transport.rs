//! Sending one logical call: URL and headers (key, Bearer, `If-Match`, `Idempotency-Key`,
//! `If-None-Match`), attempts within the time budget with retries and rate-limit waits,
//! one transparent token refresh on 401, and decoding of the envelope or the error body.

use crate::client::Client;
use crate::conditional::Tagged;
use crate::error::{Error, Result};
use crate::paginate::Page;
use crate::rate_limit::RateLimit;
use crate::retry::{is_retryable_error, is_retryable_status, jitter, retry_after};
use carstrel_model::{
    AuthSession, Envelope, ErrorBody, RefreshRequest, StaffRefreshRequest, StaffSession,
};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::time::Instant;

/// Whose Bearer token a call carries, besides the API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// The API key only.
    Key,
    /// The customer's access token (`/external/auth/me`).
    Customer,
    /// The staff token (`/api/v1/api-keys`).
    Staff,
}

/// One logical request, sent as many times as its retries need.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    method: Method,
    segments: Vec<String>,
    query: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    auth: Auth,
    if_match: Option<String>,
    if_none_match: Option<String>,
    idempotency_key: Option<String>,
    retry_safe: bool,
    cached: bool,
}

impl Call {
    fn new(method: Method, path: &[&str]) -> Call {
        Call {
            method,
            segments: path.iter().map(|s| (*s).to_owned()).collect(),
            query: Vec::new(),
            body: None,
            auth: Auth::Key,
            if_match: None,
            if_none_match: None,
            idempotency_key: None,
            retry_safe: false,
            cached: false,
        }
    }

    pub(crate) fn get(path: &[&str]) -> Call {
        Call::new(Method::GET, path)
    }

    /// A POST. Under `/external`, where the server honours `Idempotency-Key`, it gets a
    /// fresh key, reused by every retry of this call, so that retrying is safe.
    pub(crate) fn post(path: &[&str]) -> Call {
        let mut call = Call::new(Method::POST, path);
        if path.first() == Some(&"external") {
            call.idempotency_key = Some(uuid::Uuid::new_v4().to_string());
        }
        call
    }

    pub(crate) fn patch(path: &[&str]) -> Call {
        Call::new(Method::PATCH, path)
    }

    pub(crate) fn delete(path: &[&str]) -> Call {
        Call::new(Method::DELETE, path)
    }

    pub(crate) fn query(mut self, pairs: Vec<(&'static str, String)>) -> Call {
        self.query.extend(pairs);
        self
    }

    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Call> {
        self.body = Some(serde_json::to_vec(body).map_err(Error::Encode)?);
        Ok(self)
    }

    pub(crate) fn auth(mut self, auth: Auth) -> Call {
        self.auth = auth;
        self
    }

    pub(crate) fn if_match(mut self, etag: Option<String>) -> Call {
        self.if_match = etag;
        self
    }

    /// Replaces the generated `Idempotency-Key` with the caller's.
    /// Asks for the body only if it is no longer `etag` (a 304 otherwise), for a version
    /// the caller keeps itself.
    pub(crate) fn if_none_match(mut self, etag: Option<String>) -> Call {
        self.if_none_match = etag;
        self
    }

    pub(crate) fn idempotency_key(mut self, key: Option<String>) -> Call {
        if key.is_some() {
            self.idempotency_key = key;
        }
        self
    }

    /// Marks a POST without side effects (staff login, refresh) as safe to retry.
    pub(crate) fn retry_safe(mut self) -> Call {
        self.retry_safe = true;
        self
    }

    /// Revalidates through the metadata ETag cache.
    pub(crate) fn cached(mut self) -> Call {
        self.cached = true;
        self
    }

    /// Whether sending this twice does no more than sending it once. A key only makes a
    /// `POST` safe where the server honours it.
    fn is_idempotent(&self, server_honours_keys: bool) -> bool {
        self.retry_safe
            || (self.idempotency_key.is_some() && server_honours_keys)
            || matches!(
                self.method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE
            )
    }

    fn counts_against_rate_limit(&self) -> bool {
        self.segments.first().map(String::as_str) == Some("external")
    }
}

/// A response as received (or, after a 304, as cached).
#[derive(Debug)]
pub(crate) struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Raw {
    pub(crate) fn etag(&self) -> Option<String> {
        self.headers
            .get(header::ETAG)?
            .to_str()
            .ok()
            .map(str::to_owned)
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status.as_u16(),
            source,
        })
    }
}

impl Client {
    /// Sends `call` and returns its envelope's data.
    pub(crate) async fn data<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        Ok(self.envelope::<T>(call).await?.data)
    }

    /// Sends `call` and returns the whole envelope.
    pub(crate) async fn envelope<T: DeserializeOwned>(&self, call: Call) -> Result<Envelope<T>> {
        self.execute(&call).await?.decode()
    }

    /// Sends `call` and returns the data with the response's `ETag`.
    pub(crate) async fn tagged<T: DeserializeOwned>(&self, call: Call) -> Result<Tagged<T>> {
        let raw = self.execute(&call).await?;
        let envelope: Envelope<T> = raw.decode()?;
        Ok(Tagged::new(envelope.data, raw.etag()))
    }

    /// Sends `call` for one page of a paged list.
    pub(crate) async fn page<T: DeserializeOwned>(&self, call: Call) -> Result<Page<T>> {
        Ok(Page::from_envelope(self.envelope::<Vec<T>>(call).await?))
    }

    /// Sends `call`, expecting no body (204).
    pub(crate) async fn no_content(&self, call: Call) -> Result<()> {
        self.execute(&call).await.map(drop)
    }

    /// Sends `call` and returns the raw JSON (for the unenveloped `/health` and
    /// `/openapi.json`).
    pub(crate) async fn json_value(&self, call: Call) -> Result<serde_json::Value> {
        self.execute(&call).await?.decode()
    }

    /// The whole logical call: attempts, then at most one token refresh and another round
    /// of attempts, then success or a typed error.
    pub(crate) async fn execute(&self, call: &Call) -> Result<Raw> {
        let deadline = Instant::now() + self.shared.policy.time_budget;
        let mut refreshed = false;
        loop {
            let bearer = self.bearer(call.auth);
            let raw = self.attempts(call, bearer.as_deref(), deadline).await?;
            if raw.status == StatusCode::UNAUTHORIZED && !refreshed {
                if let Some(sent) = bearer {
                    refreshed = true;
                    match self.refresh(call.auth, &sent, deadline).await {
                        Ok(true) => continue,
                        Ok(false) => {}
                        Err(err) => tracing::debug!(error = %err, "token refresh failed"),
                    }
                }
            }
            return check(raw);
        }
    }

    fn bearer(&self, auth: Auth) -> Option<String> {
        match auth {
            Auth::Key => None,
            Auth::Customer => self.customer.get().map(|s| s.access_token),
            Auth::Staff => self.shared.staff.get().map(|s| s.token),
        }
    }

    /// Exchanges the session's refresh token for new tokens, unless another call already
    /// did since `stale` was sent. `Ok(false)` when there is nothing to refresh.
    async fn refresh(&self, auth: Auth, stale: &str, deadline: Instant) -> Result<bool> {
        match auth {
            Auth::Key => Ok(false),
            Auth::Customer => {
                let _once = self.customer.refresh.lock().await;
                let Some(current) = self.customer.get() else {
                    return Ok(false);
                };
                if current.access_token != stale {
                    return Ok(true);
                }
                let request = RefreshRequest {
                    refresh_token: current.refresh_token,
                };
                let call = Call::post(&["external", "auth", "refresh"]).json(&request)?;
                let raw = check(self.attempts(&call, None, deadline).await?)?;
                let session: Envelope<AuthSession> = raw.decode()?;
                tracing::debug!("customer access token refreshed");
                self.customer.set(Some(session.data));
                Ok(true)
            }
            Auth::Staff => {
                let staff = &self.shared.staff;
                let _once = staff.refresh.lock().await;
                let Some(current) = staff.get() else {
                    return Ok(false);
                };
                if current.token != stale {
                    return Ok(true);
                }
                let request = StaffRefreshRequest {
                    refresh_token: current.refresh_token,
                };
                let call = Call::post(&["api", "v1", "auth", "refresh"]).json(&request)?;
                let raw = check(self.attempts(&call.retry_safe(), None, deadline).await?)?;
                let session: Envelope<StaffSession> = raw.decode()?;
                tracing::debug!("staff token refreshed");
                staff.set(Some(session.data));
                Ok(true)
            }
        }
    }

    /// The call's URL. Each id stays one path segment (`/`, `?`, `#` are escaped); `.` and
    /// `..`, which every URL parser resolves against the path, are refused.
    fn url(&self, call: &Call) -> Result<Url> {
        if let Some(dots) = call
            .segments
            .iter()
            .find(|s| matches!(s.as_str(), "." | ".."))
        {
            return Err(Error::Usage(format!("{dots:?} is not a valid id")));
        }
        let mut url = self.shared.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(&call.segments);
        }
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&call.query);
        }
        Ok(url)
    }

    /// Sends `call` until it gets a response worth returning, retrying what is safe to
    /// retry within `deadline`. Returns any response, successful or not.
    pub(crate) async fn attempts(
        &self,
        call: &Call,
        bearer: Option<&str>,
        deadline: Instant,
    ) -> Result<Raw> {
        let policy = &self.shared.policy;
        let url = self.url(call)?;
        let cache_key = call.cached.then(|| url.to_string());
        let idempotent = call.is_idempotent(self.honours_idempotency());
        let mut attempt = 0u32;
        let mut revalidate = true;
        loop {
            if call.counts_against_rate_limit() {
                self.wait_for_budget(deadline).await;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::BudgetExhausted {
                    budget: policy.time_budget,
                });
            }
            let if_none_match = match (&cache_key, revalidate) {
                (Some(key), true) => self.shared.cache.etag(key),
                _ => call.if_none_match.clone(),
            };
            let request = self.request(call, &url, bearer, if_none_match.as_deref());
            let outcome = send(request.timeout(policy.timeout.min(left))).await;
            let raw = match outcome {
                Ok(raw) => raw,
                Err(err) => {
                    tracing::debug!(method = %call.method, path = url.path(), attempt, error = %err, "request failed");
                    if idempotent && is_retryable_error(&err) && attempt < policy.max_retries {
                        let wait = policy.backoff(attempt);
                        if Instant::now() + wait < deadline {
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                    }
                    return Err(Error::Network(err));
                }
            };
            tracing::debug!(method = %call.method, path = url.path(), attempt, status = raw.status.as_u16(), "response");
            if let Some(state) = RateLimit::from_headers(&raw.headers) {
                self.set_rate_limit(state);
            }
            // A 429 is refused before the server does anything, so any method may retry it.
            let retryable = is_retryable_status(raw.status)
                && (idempotent || raw.status == StatusCode::TOO_MANY_REQUESTS);
            if retryable && attempt < policy.max_retries {
                let wait = policy.delay_for(raw.status, &raw.headers, attempt);
                if Instant::now() + wait < deadline {
                    tracing::debug!(
                        status = raw.status.as_u16(),
                        ?wait,
                        "waiting before retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
            }
            if let Some(key) = &cache_key {
                if raw.status == StatusCode::NOT_MODIFIED {
                    let held = if_none_match.as_deref().unwrap_or_default();
                    match self.shared.cache.hit(key, held) {
                        Some(body) => {
                            return Ok(Raw {
                                status: StatusCode::OK,
                                body,
                                ..raw
                            })
                        }
                        // The entry went away meanwhile: ask for the body itself.
                        None => {
                            revalidate = false;
                            continue;
                        }
                    }
                }
                if raw.status == StatusCode::OK {
                    if let Some(etag) = raw.etag() {
                        self.shared.cache.store(key, etag, raw.body.clone());
                    }
                }
            }
            return Ok(raw);
        }
    }

    /// When the last response said the key's budget is spent, waits for the window to
    /// reset (`X-RateLimit-Reset`) instead of collecting a 429, if that fits the budget.
    async fn wait_for_budget(&self, deadline: Instant) {
        let Some(state) = self.rate_limit().filter(RateLimit::is_exhausted) else {
            return;
        };
        let wait = state.reset_in() + jitter(self.shared.policy.base_delay);
        if Instant::now() + wait < deadline {
            tracing::debug!(
                ?wait,
                "rate-limit budget spent; waiting for the window to reset"
            );
            tokio::time::sleep(wait).await;
        }
    }

    fn request(
        &self,
        call: &Call,
        url: &Url,
        bearer: Option<&str>,
        if_none_match: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(key) = &self.shared.api_key {
            headers.insert("x-api-key", key.header());
        }
        if let Some(token) = bearer {
            if let Ok(mut value) = HeaderValue::from_str(&format!("Bearer {token}")) {
                value.set_sensitive(true);
                headers.insert(header::AUTHORIZATION, value);
            }
        }
        let mut put = |name: header::HeaderName, value: Option<&str>| {
            if let Some(value) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, value);
            }
        };
        put(header::IF_MATCH, call.if_match.as_deref());
        put(header::IF_NONE_MATCH, if_none_match);
        put(
            header::HeaderName::from_static("idempotency-key"),
            call.idempotency_key.as_deref(),
        );
        let mut request = self.shared.http.request(call.method.clone(), url.clone());
        if let Some(body) = &call.body {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            request = request.body(body.clone());
        }
        request.headers(headers)
    }
}

/// One attempt: the response and its whole body.
async fn send(request: reqwest::RequestBuilder) -> std::result::Result<Raw, reqwest::Error> {
    let response = request.send().await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    Ok(Raw {
        status,
        headers,
        body,
    })
}

/// The response if successful, else its typed error.
pub(crate) fn check(raw: Raw) -> Result<Raw> {
    if raw.status.is_success() {
        return Ok(raw);
    }
    let body = serde_json::from_slice::<ErrorBody>(&raw.body).ok();
    Err(Error::from_status(
        raw.status.as_u16(),
        body,
        retry_after(&raw.headers),
        RateLimit::from_headers(&raw.headers),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_inside_their_path_segment() {
        let client = Client::new("http://api.example/prefix/", "sk_test_x").unwrap();
        for (id, want) in [
            ("abc", "/prefix/external/vehicles/abc"),
            ("../brands", "/prefix/external/vehicles/..%2Fbrands"),
            ("a b?c#d", "/prefix/external/vehicles/a%20b%3Fc%23d"),
        ] {
            let url = client
                .url(&Call::get(&["external", "vehicles", id]))
                .unwrap();
            assert_eq!(url.path(), want, "{id}");
            assert_eq!(url.query(), None);
        }
        let call = Call::get(&["external", "customers"]).query(vec![("search", "a&b=c".into())]);
        assert_eq!(client.url(&call).unwrap().query(), Some("search=a%26b%3Dc"));
        for dots in [".", ".."] {
            let call = Call::get(&["external", "vehicles", dots]);
            assert!(matches!(client.url(&call), Err(Error::Usage(_))));
        }
    }
}
