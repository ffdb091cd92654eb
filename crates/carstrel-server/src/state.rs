//! What every handler shares: the database, signing keys, limits and settings.

use crate::db::Db;
use crate::rate_limit::RateLimiter;
use crate::secrets::JwtKeys;
use std::sync::Arc;

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
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            rate_limit_window_secs: 3600,
            body_limit_bytes: 256 * 1024,
            docs_only: false,
            changes_page_max_bytes: 4 * 1024 * 1024,
        }
    }
}

#[derive(Debug)]
pub struct AppState {
    pub db: Db,
    pub jwt: JwtKeys,
    pub limiter: RateLimiter,
    pub config: ServerConfig,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    /// Loads (or on first start creates) the token-signing secret kept in the database.
    pub async fn new(db: Db, config: ServerConfig) -> anyhow::Result<SharedState> {
        let secret = crate::store::settings::get_or_create_secret(&db, "jwt_secret").await?;
        Ok(Arc::new(AppState {
            jwt: JwtKeys::new(secret.as_bytes()),
            limiter: RateLimiter::new(config.rate_limit_window_secs),
            db,
            config,
        }))
    }
}
