//! [`Client`] and its [`ClientBuilder`]: the base URL, the API key, timeouts and retry
//! settings, the customer and staff sessions, and the handlers of each resource group.

use crate::conditional::{CacheStats, EtagCache};
use crate::error::{Error, Result};
use crate::rate_limit::RateLimit;
use crate::retry::RetryPolicy;
use carstrel_model::{AuthSession, StaffSession};
use reqwest::header::HeaderValue;
use reqwest::Url;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A CarStrel API client. Cheap to clone: clones share the connection pool, the
/// rate-limit state, the ETag cache and the sessions.
///
/// ```no_run
/// # // no_run: needs a running CarStrel server.
/// # async fn run() -> carstrel_client::Result<()> {
/// use std::time::Duration;
///
/// let client = carstrel_client::Client::builder("https://api.carstrel.example")
///     .api_key("sk_live_...")
///     .timeout(Duration::from_secs(10))
///     .max_retries(3)
///     .time_budget(Duration::from_secs(30))
///     .build()?;
/// let body_types = client.metadata().body_types().await?;
/// println!("{} body types; budget: {:?}", body_types.len(), client.rate_limit());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) customer: Arc<SessionSlot<AuthSession>>,
}

/// What every clone of a client shares.
pub(crate) struct Shared {
    pub(crate) http: reqwest::Client,
    pub(crate) base: Url,
    pub(crate) api_key: Option<ApiKey>,
    pub(crate) policy: RetryPolicy,
    pub(crate) rate_limit: Mutex<Option<RateLimit>>,
    pub(crate) cache: EtagCache,
    pub(crate) staff: SessionSlot<StaffSession>,
    /// Whether the server honours `Idempotency-Key` (assumed until
    /// [`Client::use_capabilities`] says otherwise).
    pub(crate) honours_idempotency: std::sync::atomic::AtomicBool,
}

/// A session (customer or staff) and the lock that makes concurrent refreshes happen once.
pub(crate) struct SessionSlot<S> {
    value: Mutex<Option<S>>,
    pub(crate) refresh: tokio::sync::Mutex<()>,
}

impl<S: Clone> SessionSlot<S> {
    fn new(value: Option<S>) -> Self {
        SessionSlot {
            value: Mutex::new(value),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    pub(crate) fn get(&self) -> Option<S> {
        self.value
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn set(&self, value: Option<S>) {
        *self.value.lock().unwrap_or_else(PoisonError::into_inner) = value;
    }

    fn is_set(&self) -> bool {
        self.value
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }
}

/// The API key: sent as `x-api-key` (marked sensitive), shown nowhere else.
pub(crate) struct ApiKey(HeaderValue);

impl ApiKey {
    pub(crate) fn header(&self) -> HeaderValue {
        self.0.clone()
    }

    /// `sk_live_…`, `sk_test_…` or `<redacted>`: never more of the key than its
    /// environment prefix.
    pub(crate) fn redacted(&self) -> &'static str {
        let key = self.0.as_bytes();
        if key.starts_with(b"sk_live_") {
            "sk_live_…"
        } else if key.starts_with(b"sk_test_") {
            "sk_test_…"
        } else {
            "<redacted>"
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.redacted())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base.as_str())
            .field("api_key", &self.shared.api_key)
            .field(
                "customer_session",
                &self.customer.is_set().then_some("<redacted>"),
            )
            .field(
                "staff_session",
                &self.shared.staff.is_set().then_some("<redacted>"),
            )
            .field("policy", &self.shared.policy)
            .field("rate_limit", &self.rate_limit())
            .finish()
    }
}

impl Client {
    /// Starts configuring a client for the API at `base_url` (for example
    /// `https://api.carstrel.example`; a path prefix is kept).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            api_key: None,
            policy: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("carstrel-client/", env!("CARGO_PKG_VERSION")).to_owned(),
            customer_session: None,
        }
    }

    /// A client with default settings for `base_url` and `api_key`.
    pub fn new(base_url: impl Into<String>, api_key: impl Into<String>) -> Result<Client> {
        Client::builder(base_url).api_key(api_key).build()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.shared.base
    }

    /// The key's rate-limit budget as the latest response reported it, if any has.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self
            .shared
            .rate_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set_rate_limit(&self, state: RateLimit) {
        *self
            .shared
            .rate_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(state);
    }

    /// How the metadata ETag cache is doing.
    pub fn cache_stats(&self) -> CacheStats {
        self.shared.cache.stats()
    }

    /// The customer session (tokens and user) requests are made with, if any. Refreshed
    /// tokens show up here.
    pub fn customer_session(&self) -> Option<AuthSession> {
        self.customer.get()
    }

    /// Uses `session` for the customer endpoints (`me`) from now on, in this client and
    /// every clone of it. `register` and `login` set it themselves.
    pub fn set_customer_session(&self, session: AuthSession) {
        self.customer.set(Some(session));
    }

    /// Forgets the customer session (a local logout; the API has no logout call).
    pub fn clear_customer_session(&self) {
        self.customer.set(None);
    }

    /// A client sharing this one's connections, key, rate-limit state and cache, with its
    /// own customer session: one per signed-in customer in a server-side app.
    pub fn with_customer_session(&self, session: Option<AuthSession>) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            customer: Arc::new(SessionSlot::new(session)),
        }
    }

    /// The staff session the API-key calls use, if any.
    pub fn staff_session(&self) -> Option<StaffSession> {
        self.shared.staff.get()
    }

    /// Uses `session` for the staff endpoints. [`Staff::login`](crate::Staff::login) sets it.
    pub fn set_staff_session(&self, session: StaffSession) {
        self.shared.staff.set(Some(session));
    }

    /// Forgets the staff session.
    pub fn clear_staff_session(&self) {
        self.shared.staff.set(None);
    }

    /// Reference data: brands, models, body types, engines, generations, trims.
    pub fn metadata(&self) -> crate::Metadata<'_> {
        crate::Metadata::new(self)
    }

    /// The dealer's vehicle listings.
    pub fn vehicles(&self) -> crate::Vehicles<'_> {
        crate::Vehicles::new(self)
    }

    /// Customer accounts: register, login, refresh, me.
    pub fn auth(&self) -> crate::CustomerAuth<'_> {
        crate::CustomerAuth::new(self)
    }

    /// The dealer's customers (CRM).
    pub fn customers(&self) -> crate::Customers<'_> {
        crate::Customers::new(self)
    }

    /// Newsletter, contact form and blog posts.
    pub fn engagement(&self) -> crate::Engagement<'_> {
        crate::Engagement::new(self)
    }

    /// Test-drive requests.
    pub fn test_drives(&self) -> crate::TestDrives<'_> {
        crate::TestDrives::new(self)
    }

    /// The dealer's calendar settings (an addition): drive length, no-show delay.
    pub fn settings(&self) -> crate::Settings<'_> {
        crate::Settings::new(self)
    }

    /// Staff sign-in, needed by the API-key calls.
    pub fn staff(&self) -> crate::Staff<'_> {
        crate::Staff::new(self)
    }

    /// API-key management (needs a staff session).
    pub fn api_keys(&self) -> crate::ApiKeys<'_> {
        crate::ApiKeys::new(self)
    }
}

/// Settings of a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    base_url: String,
    api_key: Option<String>,
    policy: RetryPolicy,
    connect_timeout: Duration,
    user_agent: String,
    customer_session: Option<AuthSession>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("policy", &self.policy)
            .field("connect_timeout", &self.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key (`sk_live_…` or `sk_test_…`) sent as `x-api-key` on every request.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The longest one attempt may take, response body included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.policy.timeout = timeout;
        self
    }

    /// The longest establishing a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retries after the first attempt (default 4; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.policy.max_retries = retries;
        self
    }

    /// The total time one call may take, retries and waits included (default 60 s).
    pub fn time_budget(mut self, budget: Duration) -> Self {
        self.policy.time_budget = budget;
        self
    }

    /// The first and the longest backoff between retries (default 200 ms and 10 s).
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.policy.base_delay = base;
        self.policy.max_delay = max.max(base);
        self
    }

    /// Replaces the `User-Agent` (default `carstrel-client/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Starts with a customer session saved earlier.
    pub fn customer_session(mut self, session: AuthSession) -> Self {
        self.customer_session = Some(session);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client> {
        let mut base = Url::parse(self.base_url.trim())
            .map_err(|e| Error::Config(format!("invalid base URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::Config("the base URL must be an http(s) URL".into()));
        }
        base.set_query(None);
        base.set_fragment(None);
        let api_key = match self.api_key {
            Some(key) => {
                let mut value = HeaderValue::from_str(key.trim()).map_err(|_| {
                    Error::Config("the API key contains characters a header cannot carry".into())
                })?;
                value.set_sensitive(true);
                Some(ApiKey(value))
            }
            None => None,
        };
        let http = reqwest::Client::builder()
            .redirect(same_origin_redirects(&base))
            // The server closes a connection idle for 20 s; reusing one it is closing
            // would fail a request that is not safe to retry, so let them go first.
            .pool_idle_timeout(Duration::from_secs(15))
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            shared: Arc::new(Shared {
                http,
                base,
                api_key,
                policy: self.policy,
                rate_limit: Mutex::new(None),
                cache: EtagCache::default(),
                staff: SessionSlot::new(None),
                honours_idempotency: true.into(),
            }),
            customer: Arc::new(SessionSlot::new(self.customer_session)),
        })
    }
}

/// Most redirects followed for one request.
const MAX_REDIRECTS: usize = 5;

/// Redirects are followed only within the API's own origin (scheme, host and port), so
/// the key (and a Bearer token) never reaches another server, nor travels from https
/// down to plain http. A redirect elsewhere comes back as its 3xx status.
fn same_origin_redirects(base: &Url) -> reqwest::redirect::Policy {
    let base = base.clone();
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if may_follow(&base, attempt.url()) {
            attempt.follow()
        } else {
            tracing::warn!(to = %attempt.url().origin().ascii_serialization(), "not following a redirect to another origin");
            attempt.stop()
        }
    })
}

fn may_follow(base: &Url, next: &Url) -> bool {
    base.origin() == next.origin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_within_the_api_origin() {
        let base = Url::parse("https://api.example.com/v1").unwrap();
        let follow = |next: &str| may_follow(&base, &Url::parse(next).unwrap());
        assert!(follow("https://api.example.com/other"));
        assert!(follow("https://api.example.com:443/x"));
        assert!(!follow("http://api.example.com/x"), "never down to http");
        assert!(!follow("https://evil.example.com/x"));
        assert!(!follow("https://api.example.com:8443/x"));
    }

    #[test]
    fn debug_output_hides_the_key() {
        let key = "sk_live_supersecretvalue0123456789";
        let client = Client::new("http://127.0.0.1:9", key).unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains("supersecret"), "{debug}");
        assert!(debug.contains("sk_live_…"), "{debug}");
        let builder = format!("{:?}", Client::builder("http://x").api_key(key));
        assert!(!builder.contains("supersecret"), "{builder}");
    }

    #[test]
    fn bad_settings_are_refused() {
        assert!(matches!(
            Client::new("not a url", "sk_test_x"),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            Client::new("ftp://host", "sk_test_x"),
            Err(Error::Config(_))
        ));
        let err = Client::new("http://host", "sk_test_\nx").unwrap_err();
        assert!(!err.to_string().contains("sk_test_"), "{err}");
    }
}
