//! API keys: where they are kept, and how they are kept out of everything else.
//!
//! A profile's key lives only in the OS keychain (macOS Keychain, Windows Credential
//! Manager, Secret Service on Linux desktops, or the kernel keyutils keyring on headless
//! Linux), under the service [`KEYRING_SERVICE`] with the profile name as the account.
//! It is never written to SQLite, `profiles.json`, logs or error messages: the only type
//! that holds one, [`Secret`], prints as its environment prefix (`sk_live_…`), is not
//! `Serialize`, and wipes its bytes when dropped.
//!
//! `CARSTREL_API_KEY` overrides any stored key ([`EnvOverride`]) so that the console's
//! core can run headless (CI, a server without a keychain) without storing anything.
//!
//! The keychain calls are blocking (Secret Service is a D-Bus round trip and may wait on
//! an unlock prompt), so async callers should run them in `spawn_blocking`.

use carstrel_model::Environment;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// The keychain service every profile's key is stored under.
pub const KEYRING_SERVICE: &str = "com.carstrel.dealer-console";

/// The environment variable whose key overrides the keychain, for headless use.
pub const API_KEY_ENV: &str = "CARSTREL_API_KEY";

/// What went wrong reaching a key. No variant ever carries key material.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keychain can be reached at all (no Secret Service on the session bus, kernel
    /// keyrings blocked by a sandbox, …).
    #[error(
        "no keychain service is running on this computer ({detail}); install and start \
         one (on Linux a Secret Service provider such as GNOME Keyring or KWallet), or set \
         {API_KEY_ENV} to run headless without a keychain"
    )]
    Unavailable { detail: String },
    /// The keychain is there but refused this entry (locked, or the user said no).
    #[error(
        "the OS keychain refused access to the API key of profile {profile:?} ({detail}); \
         unlock the keychain and try again"
    )]
    Denied { profile: String, detail: String },
    /// The stored entry is not a usable key; re-adding the profile replaces it.
    #[error(
        "the keychain entry for profile {profile:?} is not a valid API key ({detail}); \
         remove the profile and add it again"
    )]
    Corrupt { profile: String, detail: String },
    /// `CARSTREL_API_KEY` is set to something that is not a CarStrel key.
    #[error(
        "{API_KEY_ENV} is set but is not a CarStrel API key (expected sk_live_… or sk_test_…)"
    )]
    InvalidOverride,
    /// Any other keychain failure.
    #[error("keychain error for profile {profile:?}: {detail}")]
    Backend { profile: String, detail: String },
}

/// An API key. Printing it shows only its environment prefix; it cannot be serialized;
/// its bytes are zeroed on drop. Use [`Secret::expose`] at the one place that needs the
/// key itself (the HTTP header, the keychain).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(key: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(key.into()))
    }

    /// The key itself. Named loudly so that every use is easy to find in review.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The environment its prefix names, if it has a CarStrel key prefix at all.
    pub fn environment(&self) -> Option<Environment> {
        Environment::of_key(&self.0)
    }

    /// What is safe to show: `sk_live_` / `sk_test_`, or nothing for a non-key.
    pub fn prefix(&self) -> &'static str {
        self.environment().map_or("", Environment::key_prefix)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}…", self.prefix())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({}…)", self.prefix())
    }
}

impl From<String> for Secret {
    fn from(key: String) -> Secret {
        Secret::new(key)
    }
}

impl From<&str> for Secret {
    fn from(key: &str) -> Secret {
        Secret::new(key)
    }
}

/// Where profiles' keys are kept, keyed by profile name.
pub trait SecretStore: Send + Sync {
    /// The profile's key, or `None` when none is stored.
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError>;
    /// Stores (or replaces) the profile's key.
    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Forgets the profile's key; forgetting a key that is not there succeeds.
    fn delete(&self, profile: &str) -> Result<(), SecretError>;
    /// The key to use for `profile`, a profile of `environment`. A store of one key per
    /// profile returns that key; [`EnvOverride`] returns its own only to a profile of
    /// its key's environment.
    fn get_for(
        &self,
        profile: &str,
        environment: Environment,
    ) -> Result<Option<Secret>, SecretError> {
        let _ = environment;
        self.get(profile)
    }
    /// A human-readable, secret-free pointer to where `profile`'s key lives, recorded in
    /// `profiles.json` so a user can find (or clean up) the entry by hand.
    fn reference(&self, profile: &str) -> String {
        format!("{KEYRING_SERVICE}/{profile}")
    }
}

impl<S: SecretStore + ?Sized> SecretStore for std::sync::Arc<S> {
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        (**self).get(profile)
    }
    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        (**self).set(profile, secret)
    }
    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        (**self).delete(profile)
    }
    fn get_for(
        &self,
        profile: &str,
        environment: Environment,
    ) -> Result<Option<Secret>, SecretError> {
        (**self).get_for(profile, environment)
    }
    fn reference(&self, profile: &str) -> String {
        (**self).reference(profile)
    }
}

/// Which OS credential store a [`KeyringStore`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringBackend {
    /// The platform's persistent store: Keychain (macOS), Credential Manager (Windows),
    /// Secret Service (Linux / BSD desktops: GNOME Keyring, KWallet, KeePassXC).
    Native,
    /// The Linux kernel's keyutils keyring: needs no D-Bus or desktop session, which
    /// suits headless machines, but is held in kernel memory and lost on reboot.
    #[cfg(target_os = "linux")]
    LinuxKeyutils,
}

/// The OS keychain, via the `keyring` crate.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    backend: KeyringBackend,
    service: String,
}

impl Default for KeyringStore {
    fn default() -> Self {
        KeyringStore::new()
    }
}

impl KeyringStore {
    /// The platform's native store under [`KEYRING_SERVICE`].
    pub fn new() -> KeyringStore {
        KeyringStore::with_backend(KeyringBackend::Native)
    }

    pub fn with_backend(backend: KeyringBackend) -> KeyringStore {
        KeyringStore {
            backend,
            service: KEYRING_SERVICE.to_owned(),
        }
    }

    /// Another service name, so that tests never touch a real installation's entries.
    pub fn with_service(mut self, service: impl Into<String>) -> KeyringStore {
        self.service = service.into();
        self
    }

    pub fn backend(&self) -> KeyringBackend {
        self.backend
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, profile: &str) -> Result<keyring::Entry, SecretError> {
        let entry = match self.backend {
            KeyringBackend::Native => keyring::Entry::new(&self.service, profile),
            #[cfg(target_os = "linux")]
            KeyringBackend::LinuxKeyutils => {
                join_session_keyring()?;
                keyring::keyutils::KeyutilsCredential::new_with_target(None, &self.service, profile)
                    .map(|credential| keyring::Entry::new_with_credential(Box::new(credential)))
            }
        };
        entry.map_err(|e| map_keyring_error(profile, e))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(profile)?.get_password() {
            Ok(key) => Ok(Some(Secret::new(key))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring_error(profile, e)),
        }
    }

    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entry(profile)?
            .set_password(secret.expose())
            .map_err(|e| map_keyring_error(profile, e))
    }

    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_error(profile, e)),
        }
    }

    fn reference(&self, profile: &str) -> String {
        format!("{}/{profile}", self.service)
    }
}

/// Makes sure the calling thread has a kernel session keyring of its own.
///
/// A process started outside a login session (containers, services, cron: no
/// `pam_keyinit`) falls back to the per-user *user-session* keyring, and keys added there
/// are not "possessed" by the process, so the kernel refuses to read them back (EACCES,
/// which `keyring` reports as `NoEntry`: keyring-rs issue #266). Asking for the session
/// keyring with `create` joins a fresh anonymous one in that case and is a no-op when a
/// login session already provides one. Kernel credentials are per thread, but `keyring`
/// also links every key into the user's persistent keyring, which each thread's session
/// keyring links to, so other threads and processes of the user still find the key.
#[cfg(target_os = "linux")]
fn join_session_keyring() -> Result<(), SecretError> {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    KeyRing::from_special_id(KeyRingIdentifier::Session, true)
        .map(drop)
        .map_err(|e| SecretError::Unavailable {
            detail: format!("no kernel session keyring: {e}"),
        })
}

/// Whether a keychain refusal is really an absence: D-Bus answers "no such service" when
/// no Secret Service provider runs, and there is then nothing to unlock.
fn names_a_missing_service(detail: &str) -> bool {
    const ABSENT: [&str; 4] = [
        "ServiceUnknown",
        "not provided by any .service files",
        "org.freedesktop.secrets",
        "No such interface",
    ];
    ABSENT.iter().any(|sign| detail.contains(sign))
}

/// Turns a `keyring` error into ours without ever formatting anything that could hold
/// key bytes (`BadEncoding` carries the raw stored value).
fn map_keyring_error(profile: &str, error: keyring::Error) -> SecretError {
    let profile = profile.to_owned();
    match error {
        keyring::Error::NoStorageAccess(e) if names_a_missing_service(&e.to_string()) => {
            SecretError::Unavailable {
                detail: e.to_string(),
            }
        }
        keyring::Error::NoStorageAccess(e) => SecretError::Denied {
            profile,
            detail: e.to_string(),
        },
        // The platform layer fails like this when there is no store to talk to at all
        // (no D-Bus session, no Secret Service provider, keyctl blocked by seccomp).
        keyring::Error::PlatformFailure(e) => SecretError::Unavailable {
            detail: e.to_string(),
        },
        keyring::Error::BadEncoding(_) => SecretError::Corrupt {
            profile,
            detail: "the stored value is not UTF-8".to_owned(),
        },
        keyring::Error::Ambiguous(items) => SecretError::Backend {
            profile,
            detail: format!(
                "{} keychain entries match; remove the extra ones",
                items.len()
            ),
        },
        other => SecretError::Backend {
            profile,
            detail: other.to_string(),
        },
    }
}

/// A store in process memory, for unit tests of logic built on [`SecretStore`]; it is
/// not a keychain and must never back a real profile.
#[derive(Debug, Default)]
pub struct MemoryStore {
    keys: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic while holding the lock cannot leave the map half-updated.
        self.keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, profile: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.keys().get(profile).cloned())
    }

    fn set(&self, profile: &str, secret: &Secret) -> Result<(), SecretError> {
        self.keys().insert(profile.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, profile: &str) -> Result<(), SecretError> {
        self.keys().remove(profile);
        Ok(())
    }

    fn reference(&self, profile: &str) -> String {
        format!("memory/{profile}")
    }
}

mod env_override;
pub use env_override::EnvOverride;

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_live_0123456789abcdefghijABCDEFGHIJ";

    #[test]
    fn secrets_print_only_their_prefix() {
        let secret = Secret::new(KEY);
        assert_eq!(secret.to_string(), "sk_live_…");
        assert_eq!(format!("{secret:?}"), "Secret(sk_live_…)");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(Secret(sk_live_…))");
        assert_eq!(Secret::new("hunter2").to_string(), "…");
        assert_eq!(secret.environment(), Some(Environment::Live));
    }

    #[test]
    fn memory_store_round_trips() {
        let store = MemoryStore::new();
        assert!(store.get("a").unwrap().is_none());
        store.set("a", &Secret::new(KEY)).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().expose(), KEY);
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").unwrap().is_none());
    }

    /// With no Secret Service on the session bus there is nothing to unlock: the message
    /// says what is missing and how to run without it.
    #[test]
    fn a_missing_keychain_service_is_named_not_called_locked() {
        let absent = "org.freedesktop.DBus.Error.ServiceUnknown: The name \
                      org.freedesktop.secrets was not provided by any .service files";
        let error = map_keyring_error("shop", keyring::Error::NoStorageAccess(absent.into()));
        let text = error.to_string();
        assert!(matches!(error, SecretError::Unavailable { .. }), "{text}");
        assert!(!text.contains("unlock"), "{text}");
        assert!(
            text.contains("Secret Service") && text.contains(API_KEY_ENV),
            "{text}"
        );

        let locked = map_keyring_error("shop", keyring::Error::NoStorageAccess("locked".into()));
        assert!(matches!(locked, SecretError::Denied { .. }), "{locked}");
    }
}
