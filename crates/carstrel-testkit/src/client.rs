//! SDK clients tuned for tests: quick backoffs and budgets well under a test's patience.

use carstrel_client::ClientBuilder;
use std::time::Duration;

/// How hard a test client tries before it reports an error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Patience {
    /// A few quick retries (20–300 ms apart): enough for one or two faults, and a failing
    /// test fails fast.
    #[default]
    Brief,
    /// Many retries with longer backoffs (50 ms–3 s): a sync that must ride out several
    /// faults and rate-limit windows in a row.
    Enduring,
    /// One retry within two seconds: for checking that the server is gone.
    Impatient,
}

/// A client builder for `base_url` with `key`, tuned by `patience`; tests adjust it
/// further (`max_retries`, `timeout`) where they test those settings.
pub fn client_builder(base_url: &str, key: &str, patience: Patience) -> ClientBuilder {
    let builder = carstrel_client::Client::builder(base_url).api_key(key);
    match patience {
        Patience::Brief => builder
            .timeout(Duration::from_secs(10))
            .time_budget(Duration::from_secs(30))
            .backoff(Duration::from_millis(20), Duration::from_millis(300))
            .max_retries(4),
        Patience::Enduring => builder
            .timeout(Duration::from_secs(10))
            .time_budget(Duration::from_secs(30))
            .backoff(Duration::from_millis(50), Duration::from_secs(3))
            .max_retries(8),
        Patience::Impatient => builder
            .timeout(Duration::from_secs(2))
            .time_budget(Duration::from_secs(2))
            .max_retries(1),
    }
}
