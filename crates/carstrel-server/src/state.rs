//! What every handler shares: the database, signing keys, limits and settings.

use crate::db::Db;
use crate::passwords::Passwords;
use crate::rate_limit::RateLimiter;
use crate::secrets::{JwtKeys, JwtSecret};
use crate::throttle::{Limits, Throttles};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Settings an operator can change at start-up.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Length of a rate-limit window. Seed 002 counts per hour; tests shorten it.
    pub rate_limit_window_secs: u64,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Serve only what the published CarStrel docs (the seeds) describe: every addition
    /// answers 404, and no addition's header is read or sent. A real dealer's account is
    /// like this, so the console is tested against it (`serve --docs-only`).
    pub docs_only: bool,
    /// Largest changes-feed page, in bytes of its records: a page stops early (with
    /// `hasMore`) rather than grow without bound, so a dealer with long notes still syncs.
    pub changes_page_max_bytes: usize,
    /// Budgets of failed logins and unknown keys.
    pub limits: Limits,
    /// How long a connection may take to send a request's headers (slowloris).
    pub header_read_timeout: Duration,
    /// How long a request may take from its headers to the end of its response.
    pub request_timeout: Duration,
    /// How long a request body may pause between two chunks.
    pub body_timeout: Duration,
    /// Most connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client (their own address
    /// otherwise stands for all their clients in the per-address budgets).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The token-signing secret, for deployments that keep it outside the database
    /// (`CARSTREL_JWT_SECRET` or `CARSTREL_JWT_SECRET_FILE`); `None` keeps one in it.
    pub jwt_secret: Option<JwtSecret>,
    /// The origin clients reach this server at (`serve --public-url`), which demo media
    /// URLs name. `None` until [`crate::Server::bind`] fills in `http://{bound address}`;
    /// a server never bound (handler tests) gives paths relative to its own origin.
    pub public_url: Option<String>,
    /// How often overdue confirmed test drives are marked no-shows (`serve
    /// --sweep-interval`); tests shorten it.
    pub sweep_interval: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            rate_limit_window_secs: 3600,
            body_limit_bytes: 256 * 1024,
            docs_only: false,
            changes_page_max_bytes: 4 * 1024 * 1024,
            limits: Limits::default(),
            header_read_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            max_connections: 1024,
            trusted_proxies: Vec::new(),
            jwt_secret: None,
            public_url: None,
            sweep_interval: Duration::from_secs(60),
        }
    }
}

#[derive(Debug)]
pub struct AppState {
    pub db: Db,
    pub jwt: JwtKeys,
    pub limiter: RateLimiter,
    pub throttles: Throttles,
    pub passwords: Passwords,
    pub config: ServerConfig,
    /// Set when shutdown begins: readiness then says no while requests in flight finish.
    draining: AtomicBool,
    /// Demo photos drawn lately (`/media`).
    pub photos: crate::media::PhotoCache,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    /// Takes the token-signing secret from the configuration, or loads (on first start,
    /// creates) the one kept in the database.
    pub async fn new(db: Db, config: ServerConfig) -> anyhow::Result<SharedState> {
        let jwt = match &config.jwt_secret {
            Some(secret) => JwtKeys::new(secret.expose()),
            None => {
                let secret =
                    crate::store::settings::get_or_create_secret(&db, "jwt_secret").await?;
                JwtKeys::new(secret.as_bytes())
            }
        };
        // Drives recorded before slots were stored get theirs.
        crate::store::calendar::backfill_slots(&db).await?;
        // A serving server hears the other servers' writes (PostgreSQL).
        db.memo.listen();
        // Metrics recorded before the recorder exists are lost.
        crate::telemetry::handle();
        let state = Arc::new(AppState {
            jwt,
            limiter: RateLimiter::for_database(config.rate_limit_window_secs, &db),
            throttles: Throttles::for_database(&config.limits, &db),
            passwords: Passwords::default(),
            db,
            config,
            photos: Default::default(),
            draining: AtomicBool::new(false),
        });
        if state.db.backend == crate::db::Backend::Postgres {
            tokio::spawn(prune_budgets(Arc::downgrade(&state)));
        }
        Ok(state)
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Acquire)
    }

    /// Shutdown has begun: a load balancer polling `/readyz` takes this server out.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Release);
    }
}

/// How often a server deletes ended budget windows from PostgreSQL.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Deletes rate-limit windows and sign-in windows that ended, while the server lives.
async fn prune_budgets(state: std::sync::Weak<AppState>) {
    loop {
        tokio::time::sleep(PRUNE_EVERY).await;
        let Some(state) = state.upgrade() else {
            return;
        };
        let now_secs = crate::clock::now_ms() / 1000;
        state.limiter.forget_ended(now_secs);
        let window = state.limiter.window_secs();
        let ended = now_secs - now_secs.rem_euclid(window) - window;
        let pruned = async {
            crate::store::budgets::prune_rate_limits(&state.db, ended).await?;
            state.throttles.prune().await
        };
        if let Err(err) = pruned.await {
            tracing::debug!(error = ?err, "cannot prune ended budget windows");
        }
    }
}
