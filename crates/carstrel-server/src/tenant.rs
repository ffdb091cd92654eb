//! Who is calling: the dealer (organization and environment) an API key speaks for, and
//! what it may do. Plain data that the queries filter on; the HTTP layer finds it from
//! the request's key (`http::api_key`) and hands it to handlers as an extractor.

use crate::error::{ApiError, Result};
use carstrel_model::{Environment, Scope};
use std::sync::atomic::{AtomicI64, Ordering};

/// The caller, as its key says.
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

/// An active key, as the auth layer needs it (and the memo remembers it).
#[derive(Debug)]
pub struct KeyRecord {
    pub caller: Caller,
    pub rate_limit_per_hour: u32,
    /// Milliseconds; 0 for never. Shared by every request using a remembered record, so
    /// the once-a-minute write of the last use stays once a minute.
    last_used_at: AtomicI64,
}

impl KeyRecord {
    pub fn new(caller: Caller, rate_limit_per_hour: u32, last_used_at_ms: i64) -> KeyRecord {
        KeyRecord {
            caller,
            rate_limit_per_hour,
            last_used_at: last_used_at_ms.into(),
        }
    }

    /// True for exactly one request a minute: the one that should record the use.
    pub fn claim_use(&self, now_ms: i64) -> bool {
        let last = self.last_used_at.load(Ordering::Relaxed);
        now_ms - last >= 60_000
            && self
                .last_used_at
                .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_records_its_use_once_a_minute() {
        let caller = Caller {
            key_id: "k".into(),
            org_id: "o".into(),
            env: Environment::Live,
            scopes: vec![Scope::InventoryRead],
        };
        assert!(caller.has(Scope::InventoryRead) && !caller.has(Scope::CustomersRead));
        let record = KeyRecord::new(caller, 10, 0);
        assert!(record.claim_use(120_000));
        assert!(!record.claim_use(150_000));
        assert!(record.claim_use(180_000));
    }
}
