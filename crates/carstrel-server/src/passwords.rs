//! Password hashing and checking as the login routes use them: off the async workers,
//! at most one hash per core at a time (argon2 takes tens of milliseconds and 19 MiB
//! each, so a login flood would otherwise take every core and a lot of memory), and as
//! slow for an unknown email as for a known one, so timing does not tell which emails
//! have accounts.

use crate::error::{ApiError, Result};
use crate::secrets::{hash_password, verify_password};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a login waits for a free hashing slot before it is told to come back.
const QUEUE_PATIENCE: Duration = Duration::from_secs(10);

/// The bounded password hasher every login and registration goes through.
#[derive(Debug, Clone)]
pub struct Passwords {
    slots: Arc<Semaphore>,
    patience: Duration,
}

impl Default for Passwords {
    /// One slot per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Passwords::with_slots(cores)
    }
}

impl Passwords {
    pub fn with_slots(slots: usize) -> Passwords {
        Passwords {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            patience: QUEUE_PATIENCE,
        }
    }

    /// Whether `password` matches `hash`; with no hash (no such account) the same work
    /// is done against a hash of nothing, and the answer is no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool> {
        self.run(move || match hash {
            Some(hash) => verify_password(&password, &hash),
            None => {
                verify_password(&password, dummy_hash());
                false
            }
        })
        .await
    }

    /// A fresh argon2id hash of `password`.
    pub async fn hash(&self, password: String) -> Result<String> {
        self.run(move || hash_password(&password))
            .await?
            .map_err(ApiError::Internal)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let permit = tokio::time::timeout(self.patience, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::RateLimited {
                retry_after_secs: 1,
            })?
            .map_err(|e| ApiError::Internal(e.into()))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))
    }
}

/// A hash with the default parameters, made once, for logins to unknown emails.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password("no account has this password").expect("argon2 hashes with its defaults")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_and_refuses_unknown_accounts() {
        let passwords = Passwords::with_slots(1);
        let hash = passwords.hash("correct horse".into()).await.unwrap();
        assert!(passwords
            .verify("correct horse".into(), Some(hash.clone()))
            .await
            .unwrap());
        assert!(!passwords.verify("wrong".into(), Some(hash)).await.unwrap());
        assert!(!passwords
            .verify("correct horse".into(), None)
            .await
            .unwrap());
    }
}
