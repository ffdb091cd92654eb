//! Budgets of failed attempts (logins, unknown API keys), keyed by an account, a key or
//! a client address, so that guessing passwords or keys gets slow long before it gets
//! anywhere, and a flood of them costs no password hash and no database lookup.
//!
//! Each key gets a window that opens at its first attempt and lasts [`Limit::per`]; the
//! window's entry then expires. On PostgreSQL, where several servers may share the
//! database, the sign-in budgets live in it ([`crate::store::budgets::attempt`], one
//! atomic upsert per attempt, so the servers spend one budget with no slack); the bad-key
//! budget stays per server, since it must cost no database work at all. Entries live in a `moka` cache with a capacity, so a
//! flood from many addresses costs bounded memory (governor's keyed store, by contrast,
//! grows with every key until pruned and cannot tell whether a key is spent without
//! spending it, which the key check below needs).

use crate::db::{Backend, Db};
use crate::error::{ApiError, Result};
use crate::store::budgets;
use moka::sync::Cache;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// At most `attempts` within `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub attempts: u32,
    pub per: Duration,
}

impl Limit {
    pub const fn new(attempts: u32, per: Duration) -> Limit {
        Limit { attempts, per }
    }
}

/// The limits an operator (or a test) can tune; see [`Limits::default`] for the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failed staff logins per staff email.
    pub staff_login_per_account: Limit,
    /// Failed staff logins per client address.
    pub staff_login_per_address: Limit,
    /// Failed customer logins and registrations per customer email. Not per address: a
    /// dealer's website sends every customer's login from its one server.
    pub customer_login_per_account: Limit,
    /// Failed customer logins and registrations per API key (one dealer's site).
    pub customer_login_per_key: Limit,
    /// Requests with a missing, unknown or revoked API key per client address.
    pub bad_keys_per_address: Limit,
}

impl Default for Limits {
    /// Generous for people (ten wrong passwords in a quarter of an hour), hopeless for
    /// guessing.
    fn default() -> Self {
        const QUARTER_HOUR: Duration = Duration::from_secs(15 * 60);
        Limits {
            staff_login_per_account: Limit::new(10, QUARTER_HOUR),
            staff_login_per_address: Limit::new(50, QUARTER_HOUR),
            customer_login_per_account: Limit::new(10, QUARTER_HOUR),
            customer_login_per_key: Limit::new(500, QUARTER_HOUR),
            bad_keys_per_address: Limit::new(60, Duration::from_secs(60)),
        }
    }
}

/// Most keys a throttle tracks at once; past it the least recently used are forgotten.
const MAX_TRACKED: u64 = 100_000;

struct Window {
    opened: Instant,
    used: Mutex<u32>,
}

/// One budget of attempts per key.
pub struct Throttle {
    /// Its name in metrics and in the database.
    name: &'static str,
    limit: Limit,
    windows: Cache<String, Arc<Window>>,
    /// PostgreSQL: the budget is kept there, shared by every server.
    shared: Option<Db>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("name", &self.name)
            .field("limit", &self.limit)
            .field("tracked", &self.windows.entry_count())
            .finish()
    }
}

impl Throttle {
    pub fn new(limit: Limit) -> Throttle {
        Throttle::named("throttle", limit)
    }

    /// A budget kept in this process, reported as `name`.
    pub fn named(name: &'static str, limit: Limit) -> Throttle {
        Throttle {
            name,
            limit,
            windows: Cache::builder()
                .max_capacity(MAX_TRACKED)
                .time_to_live(limit.per)
                .build(),
            shared: None,
        }
    }

    /// A budget kept in `db` when it is PostgreSQL (shared by every server), else here.
    pub fn shared_in(db: &Db, name: &'static str, limit: Limit) -> Throttle {
        let mut throttle = Throttle::named(name, limit);
        if db.backend == Backend::Postgres {
            throttle.shared = Some(db.clone());
        }
        throttle
    }

    fn per_ms(&self) -> i64 {
        i64::try_from(self.limit.per.as_millis()).unwrap_or(i64::MAX)
    }

    /// [`Throttle::attempt`], wherever the budget is kept; the outer `Err` is a database
    /// that cannot be reached.
    pub async fn take(&self, key: &str) -> Result<Result<(), Duration>> {
        let Some(db) = &self.shared else {
            return Ok(self.attempt(key));
        };
        let now = crate::clock::now_ms();
        let (opened_at, fits) =
            budgets::attempt(db, self.name, key, self.limit.attempts, self.per_ms(), now).await?;
        if fits {
            return Ok(Ok(()));
        }
        let waited = Duration::from_millis(now.saturating_sub(opened_at).max(0) as u64);
        Ok(Err(self.limit.per.saturating_sub(waited)))
    }

    /// [`Throttle::forgive`], wherever the budget is kept.
    pub async fn give_back(&self, key: &str) {
        let Some(db) = &self.shared else {
            return self.forgive(key);
        };
        let now = crate::clock::now_ms();
        let forgiven =
            budgets::forgive(db, self.name, key, self.limit.attempts, self.per_ms(), now);
        if let Err(err) = forgiven.await {
            tracing::warn!(error = ?err, throttle = self.name, "cannot give back an attempt");
        }
    }

    /// Deletes this budget's ended windows from the database.
    pub async fn prune(&self) -> sqlx::Result<()> {
        match &self.shared {
            Some(db) => {
                let before = crate::clock::now_ms() - self.per_ms();
                budgets::prune_throttle(db, self.name, before).await
            }
            None => Ok(()),
        }
    }

    /// Counts an attempt before it is made, so that many at once cannot all slip in;
    /// `Err` carries how long until the budget is back. A successful attempt is
    /// [`Throttle::forgive`]n.
    pub fn attempt(&self, key: &str) -> Result<(), Duration> {
        let window = self.windows.get_with(key.to_owned(), || {
            Arc::new(Window {
                opened: Instant::now(),
                used: Mutex::new(0),
            })
        });
        let mut used = window.used.lock().unwrap_or_else(|p| p.into_inner());
        if *used >= self.limit.attempts {
            return Err(self.retry_after(&window));
        }
        *used += 1;
        Ok(())
    }

    /// Takes back an attempt that succeeded: only failures use up the budget.
    pub fn forgive(&self, key: &str) {
        if let Some(window) = self.windows.get(key) {
            let mut used = window.used.lock().unwrap_or_else(|p| p.into_inner());
            *used = used.saturating_sub(1);
        }
    }

    /// Whether `key` has spent its budget, without counting anything.
    pub fn spent(&self, key: &str) -> Option<Duration> {
        // Asked on every keyed request: an address with no failures (nearly all) is
        // answered without `get`'s bookkeeping of reads.
        if !self.windows.contains_key(key) {
            return None;
        }
        let window = self.windows.get(key)?;
        let used = *window.used.lock().unwrap_or_else(|p| p.into_inner());
        (used >= self.limit.attempts).then(|| self.retry_after(&window))
    }

    /// Counts a failure after the fact.
    pub fn fail(&self, key: &str) {
        let _ = self.attempt(key);
    }

    fn retry_after(&self, window: &Window) -> Duration {
        self.limit.per.saturating_sub(window.opened.elapsed())
    }
}

/// Whole seconds to wait, at least one, for `Retry-After`.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

/// The throttles one server keeps.
#[derive(Debug)]
pub struct Throttles {
    pub staff_by_account: Throttle,
    pub staff_by_address: Throttle,
    pub customer_by_account: Throttle,
    pub customer_by_key: Throttle,
    pub bad_keys_by_address: Throttle,
}

impl Throttles {
    /// Every budget in this process.
    pub fn new(limits: &Limits) -> Throttles {
        Throttles {
            staff_by_account: Throttle::named("staff_by_account", limits.staff_login_per_account),
            staff_by_address: Throttle::named("staff_by_address", limits.staff_login_per_address),
            customer_by_account: Throttle::named(
                "customer_by_account",
                limits.customer_login_per_account,
            ),
            customer_by_key: Throttle::named("customer_by_key", limits.customer_login_per_key),
            bad_keys_by_address: Throttle::named(
                "bad_keys_by_address",
                limits.bad_keys_per_address,
            ),
        }
    }

    /// The sign-in budgets in `db` when it is PostgreSQL; the bad-key one always here.
    pub fn for_database(limits: &Limits, db: &Db) -> Throttles {
        Throttles {
            staff_by_account: Throttle::shared_in(
                db,
                "staff_by_account",
                limits.staff_login_per_account,
            ),
            staff_by_address: Throttle::shared_in(
                db,
                "staff_by_address",
                limits.staff_login_per_address,
            ),
            customer_by_account: Throttle::shared_in(
                db,
                "customer_by_account",
                limits.customer_login_per_account,
            ),
            customer_by_key: Throttle::shared_in(
                db,
                "customer_by_key",
                limits.customer_login_per_key,
            ),
            ..Throttles::new(limits)
        }
    }

    /// Deletes ended sign-in windows from the database (PostgreSQL).
    pub async fn prune(&self) -> sqlx::Result<()> {
        self.staff_by_account.prune().await?;
        self.staff_by_address.prune().await?;
        self.customer_by_account.prune().await?;
        self.customer_by_key.prune().await
    }
}

/// Runs a sign-in attempt against every budget it falls under. Each budget counts it
/// first (a spent one answers 429 with `Retry-After` before any password is hashed);
/// only a 401 (a wrong password, an unknown account) keeps it counted.
pub async fn guarded<T>(
    budgets: &[(&Throttle, &str)],
    attempt: impl Future<Output = Result<T>>,
) -> Result<T> {
    for (i, (throttle, key)) in budgets.iter().enumerate() {
        let taken = match throttle.take(key).await {
            Ok(taken) => taken,
            Err(err) => {
                for (earlier, key) in &budgets[..i] {
                    earlier.give_back(key).await;
                }
                return Err(err);
            }
        };
        if let Err(wait) = taken {
            for (earlier, key) in &budgets[..i] {
                earlier.give_back(key).await;
            }
            crate::telemetry::throttled(throttle.name);
            return Err(ApiError::RateLimited {
                retry_after_secs: retry_after_secs(wait),
            });
        }
    }
    let outcome = attempt.await;
    if !matches!(outcome, Err(ApiError::Unauthorized(_))) {
        for (throttle, key) in budgets {
            throttle.give_back(key).await;
        }
    }
    outcome
}

/// The key a client address is throttled under. An IPv6 client usually holds a whole
/// /64, so it is one address here; an IPv4-mapped address is its IPv4 address.
pub fn address_key(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(v4) => dotted(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => dotted(v4),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// `v4` as `a.b.c.d`, as `Display` writes it, without the formatting machinery (the key
/// of every keyed request's address, which took ~200 ns that way).
fn dotted(v4: std::net::Ipv4Addr) -> String {
    let mut text = String::with_capacity(15);
    for (i, octet) in v4.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        if octet >= 100 {
            text.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            text.push(char::from(b'0' + octet / 10 % 10));
        }
        text.push(char::from(b'0' + octet % 10));
    }
    text
}

/// An email as an account key: the same account however it is cased or padded.
pub fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv4_key_is_written_as_display_writes_it() {
        for text in [
            "0.0.0.0",
            "127.0.0.1",
            "10.20.30.40",
            "255.255.255.255",
            "1.99.100.9",
        ] {
            let v4: std::net::Ipv4Addr = text.parse().unwrap();
            assert_eq!(address_key(IpAddr::V4(v4)), v4.to_string());
            assert_eq!(address_key(IpAddr::V6(v4.to_ipv6_mapped())), text);
        }
    }

    #[test]
    fn failures_spend_the_budget_and_successes_give_it_back() {
        let throttle = Throttle::new(Limit::new(2, Duration::from_secs(60)));
        assert!(throttle.attempt("a").is_ok());
        throttle.forgive("a");
        assert!(throttle.attempt("a").is_ok());
        assert!(throttle.attempt("a").is_ok());
        let wait = throttle.attempt("a").unwrap_err();
        assert!(wait > Duration::from_secs(58) && wait <= Duration::from_secs(60));
        assert!(throttle.spent("a").is_some());
        assert!(throttle.spent("b").is_none());
        assert!(throttle.attempt("b").is_ok());
    }

    #[test]
    fn the_budget_comes_back_when_the_window_ends() {
        let throttle = Throttle::new(Limit::new(1, Duration::from_millis(200)));
        throttle.fail("a");
        assert!(throttle.spent("a").is_some());
        std::thread::sleep(Duration::from_millis(300));
        assert!(throttle.spent("a").is_none());
        assert!(throttle.attempt("a").is_ok());
    }

    #[test]
    fn addresses_of_one_ipv6_network_share_a_budget() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_eq!(address_key("::ffff:10.0.0.1".parse().unwrap()), "10.0.0.1");
        assert_eq!(account_key(" Ann@Example.com "), "ann@example.com");
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
    }
}
