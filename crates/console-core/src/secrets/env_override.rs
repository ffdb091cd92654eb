//! [`EnvOverride`]: `CARSTREL_API_KEY` in place of the keychain, for headless use.

use super::{Secret, SecretError, SecretStore, API_KEY_ENV};
use carstrel_model::Environment;

/// Lets an explicit key (normally `CARSTREL_API_KEY`) win over whatever `inner` holds for
/// any profile of the key's environment ([`SecretStore::get_for`]): a live key never
/// reaches a test profile's server, nor a test key a live one's. Writes and deletes still go to `inner`, so saving a profile while the
/// override is set still stores its own key for later, override-free runs.
///
/// On a headless machine with no keychain at all, a write of the override key itself and
/// any delete succeed without one ([`SecretError::Unavailable`] is forgiven): the key
/// comes from the environment, so there is nothing the keychain must keep.
#[derive(Debug)]
pub struct EnvOverride<S> {
    inner: S,
    key: Option<Secret>,
}

impl<S: SecretStore> EnvOverride<S> {
    /// Reads [`API_KEY_ENV`] once, now; an empty value counts as unset.
    pub fn from_env(inner: S) -> EnvOverride<S> {
        let key = std::env::var(API_KEY_ENV)
            .ok()
            .filter(|key| !key.trim().is_empty())
            .map(|key| Secret::new(key.trim()));
        EnvOverride::new(inner, key)
    }

    /// An explicit override (`None`: none), for callers that read it elsewhere and tests.
    pub fn new(inner: S, key: Option<Secret>) -> EnvOverride<S> {
        EnvOverride { inner, key }
    }

    /// Whether a key overrides the store.
    pub fn is_active(&self) -> bool {
        self.key.is_some()
    }

    pub fn inner(&self) -> &S {
        &self.inner
    }
}

impl<S: SecretStore> SecretStore for EnvOverride<S> {
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        match &self.key {
            Some(key) if key.environment().is_some() => Ok(Some(key.clone())),
            Some(_) => Err(SecretError::InvalidOverride),
            None => self.inner.get(profile),
        }
    }

    fn get_for(
        &self,
        profile: &str,
        environment: Environment,
    ) -> Result<Option<Secret>, SecretError> {
        match &self.key {
            Some(key) if key.environment() == Some(environment) => Ok(Some(key.clone())),
            Some(key) if key.environment().is_none() => Err(SecretError::InvalidOverride),
            _ => self.inner.get(profile),
        }
    }

    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        match self.inner.set(profile, secret) {
            Err(SecretError::Unavailable { detail }) if self.key.as_ref() == Some(secret) => {
                tracing::warn!(profile, %detail, "no keychain: the key is taken from {API_KEY_ENV} only");
                Ok(())
            }
            other => other,
        }
    }

    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        match self.inner.delete(profile) {
            Err(SecretError::Unavailable { detail }) if self.is_active() => {
                tracing::warn!(profile, %detail, "no keychain: nothing to delete from it");
                Ok(())
            }
            other => other,
        }
    }

    fn reference(&self, profile: &str) -> String {
        self.inner.reference(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    const KEY: &str = "sk_live_0123456789abcdefghijABCDEFGHIJ";

    #[test]
    fn the_override_wins_and_writes_still_reach_the_store() {
        let store = EnvOverride::new(MemoryStore::new(), Some(Secret::new("sk_test_override1")));
        store.set("a", &Secret::new(KEY)).unwrap();
        assert_eq!(
            store.get("a").unwrap().unwrap().expose(),
            "sk_test_override1"
        );
        assert_eq!(
            store.get("other").unwrap().unwrap().expose(),
            "sk_test_override1"
        );
        assert_eq!(store.inner().get("a").unwrap().unwrap().expose(), KEY);
    }

    #[test]
    fn the_override_applies_only_to_profiles_of_its_environment() {
        let store = EnvOverride::new(MemoryStore::new(), Some(Secret::new(KEY)));
        store
            .set("staging", &Secret::new("sk_test_stagingkey0123456789"))
            .unwrap();
        let live = store.get_for("prod", Environment::Live).unwrap().unwrap();
        assert_eq!(live.expose(), KEY);
        let test = store
            .get_for("staging", Environment::Test)
            .unwrap()
            .unwrap();
        assert_eq!(test.expose(), "sk_test_stagingkey0123456789");
        assert!(store.get_for("other", Environment::Test).unwrap().is_none());
    }

    /// A machine with no keychain at all.
    struct NoKeychain;

    impl SecretStore for NoKeychain {
        fn get(&self, _: &str) -> Result<Option<Secret>, SecretError> {
            Err(SecretError::Unavailable {
                detail: "no D-Bus session".into(),
            })
        }
        fn set(&self, profile: &str, _: &Secret) -> Result<(), SecretError> {
            self.get(profile).map(drop)
        }
        fn delete(&self, profile: &str) -> Result<(), SecretError> {
            self.get(profile).map(drop)
        }
    }

    #[test]
    fn headless_runs_need_no_keychain_for_the_override_key() {
        let key = Secret::new(KEY);
        let store = EnvOverride::new(NoKeychain, Some(key.clone()));
        store.set("prod", &key).unwrap();
        assert_eq!(store.get("prod").unwrap().as_ref(), Some(&key));
        store.delete("prod").unwrap();
        let other = Secret::new("sk_live_someotherkey0123456789");
        let error = store.set("prod", &other).unwrap_err();
        assert!(matches!(error, SecretError::Unavailable { .. }), "{error}");
        assert!(error.to_string().contains(API_KEY_ENV), "{error}");
        let without = EnvOverride::new(NoKeychain, None);
        assert!(without.set("prod", &key).is_err());
        assert!(without.delete("prod").is_err());
    }

    #[test]
    fn a_malformed_override_is_an_error_that_does_not_echo_it() {
        let store = EnvOverride::new(MemoryStore::new(), Some(Secret::new("hunter2")));
        let error = store.get("a").unwrap_err();
        assert!(matches!(error, SecretError::InvalidOverride));
        assert!(!error.to_string().contains("hunter2"));
    }
}
