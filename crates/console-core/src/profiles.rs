//! Profiles: which CarStrel server the console talks to, and with which key.
//!
//! A profile is a name, a base URL, the environment its key belongs to (`live`/`test`,
//! read from the key's prefix) and a *reference* to that key in the OS keychain (see
//! [`crate::secrets`]). The registry is `profiles.json` in the data directory; it never
//! holds a key, so it can be backed up, synced or attached to a bug report safely.
//!
//! The **sandbox** profile is built in: it is always listed, cannot be added or removed,
//! and is the active profile until the user adds a remote one (the first remote profile
//! added becomes active). Its server runs in-process ([`crate::sandbox`]), so its base URL
//! and key are only known once it has started and are never stored.

use crate::paths::{DataDir, PathsError};
use crate::secrets::{Secret, SecretError, SecretStore};
use carstrel_model::Environment;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The built-in sandbox profile's name (reserved).
pub const SANDBOX_PROFILE: &str = "sandbox";

/// Longest profile name: it is a directory name and a keychain account.
pub const MAX_NAME_LEN: usize = 40;

/// The `profiles.json` format this code reads and writes.
const FILE_VERSION: u32 = 1;

/// Why a profile operation failed. Messages name the profile and what to do, never a key.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(
        "{name:?} is not a valid profile name: {reason} (use 1 to {MAX_NAME_LEN} lowercase \
         letters, digits, '-' or '_', starting with a letter or digit)"
    )]
    InvalidName { name: String, reason: &'static str },
    #[error("the base URL is not valid: {reason}")]
    InvalidUrl { reason: String },
    #[error("that is not a CarStrel API key: {reason}")]
    InvalidKey { reason: &'static str },
    #[error("a profile named {name:?} already exists; remove it first or pick another name")]
    AlreadyExists { name: String },
    #[error("there is no profile named {name:?}")]
    NotFound { name: String },
    #[error("the built-in sandbox profile cannot be {action}")]
    Sandbox { action: &'static str },
    #[error(
        "profile {name:?} has no API key in the OS keychain; add the profile again, \
         or set CARSTREL_API_KEY"
    )]
    MissingKey { name: String },
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error(
        "{} is unreadable ({detail}); fix or move it away (it holds no keys) and try again",
        path.display()
    )]
    CorruptFile { path: PathBuf, detail: String },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Whether a profile is a remote server or the built-in in-process sandbox.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    Remote,
    Sandbox,
}

/// One profile as the console shows it. Holds no key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub name: String,
    /// The API's base URL, without a trailing slash. `None` for the sandbox, whose port
    /// is picked at each start (see [`crate::sandbox::Sandbox::base_url`]).
    pub base_url: Option<String>,
    /// `live` or `test`, from the key's prefix; the sandbox is always `test`.
    pub environment: Environment,
    pub kind: ProfileKind,
}

impl Profile {
    /// The built-in sandbox profile.
    pub fn sandbox() -> Profile {
        Profile {
            name: SANDBOX_PROFILE.to_owned(),
            base_url: None,
            environment: Environment::Test,
            kind: ProfileKind::Sandbox,
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.kind == ProfileKind::Sandbox
    }
}

/// `profiles.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProfilesFile {
    version: u32,
    /// `None`: the default (the sandbox if no remote profile exists, else the first).
    active: Option<String>,
    profiles: Vec<StoredProfile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredProfile {
    name: String,
    base_url: String,
    environment: Environment,
    /// Where the key is (e.g. `com.carstrel.dealer-console/prod`): a pointer, not the key.
    key_ref: String,
}

impl StoredProfile {
    fn to_profile(&self) -> Profile {
        Profile {
            name: self.name.clone(),
            base_url: Some(self.base_url.clone()),
            environment: self.environment,
            kind: ProfileKind::Remote,
        }
    }
}

/// The profile registry of one data directory.
///
/// Every change re-reads `profiles.json` before applying itself and replaces the file
/// atomically (temp file + rename), so a crash never leaves a half-written registry and
/// two console processes lose at most a simultaneous change, never the file.
/// Calls are blocking (file system and keychain): run them off the async executor.
pub struct Profiles {
    dir: DataDir,
    store: Arc<dyn SecretStore>,
    file: ProfilesFile,
}

impl std::fmt::Debug for Profiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profiles")
            .field("dir", &self.dir)
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl Profiles {
    /// Loads the registry of `dir` (an absent file is an empty registry) with `store`
    /// holding the keys; normally `EnvOverride::from_env(KeyringStore::new())`.
    pub fn open(dir: DataDir, store: Arc<dyn SecretStore>) -> Result<Profiles, ProfileError> {
        let file = read_file(&dir.profiles_file())?;
        Ok(Profiles { dir, store, file })
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    /// Every profile: the sandbox first, then the remote ones in the order added.
    pub fn list(&self) -> Vec<Profile> {
        std::iter::once(Profile::sandbox())
            .chain(self.file.profiles.iter().map(StoredProfile::to_profile))
            .collect()
    }

    /// The profile named `name` (the sandbox included).
    pub fn get(&self, name: &str) -> Result<Profile, ProfileError> {
        if name == SANDBOX_PROFILE {
            return Ok(Profile::sandbox());
        }
        self.file
            .profiles
            .iter()
            .find(|p| p.name == name)
            .map(StoredProfile::to_profile)
            .ok_or_else(|| ProfileError::NotFound {
                name: name.to_owned(),
            })
    }

    /// The profile the console should use now.
    pub fn active(&self) -> Profile {
        active_of(&self.file)
    }

    /// Adds a remote profile after checking all three inputs, storing the key in the
    /// keychain and only a reference to it in `profiles.json`. The first remote profile
    /// added (while the default applies) becomes the active one.
    pub fn add(
        &mut self,
        name: &str,
        base_url: &str,
        key: &Secret,
    ) -> Result<Profile, ProfileError> {
        validate_name(name)?;
        let environment = validate_key(key)?;
        let base_url = validate_url(base_url, environment)?;
        let mut file = read_file(&self.dir.profiles_file())?;
        if file.profiles.iter().any(|p| p.name == name) {
            return Err(ProfileError::AlreadyExists {
                name: name.to_owned(),
            });
        }
        let stored = StoredProfile {
            name: name.to_owned(),
            base_url,
            environment,
            key_ref: self.store.reference(name),
        };
        if file.active.is_none() {
            // Pin the default as it stands: the new profile if it is the first remote one,
            // else whichever remote profile was active by default until now.
            file.active = Some(if file.profiles.is_empty() {
                name.to_owned()
            } else {
                active_of(&file).name
            });
        }
        file.profiles.push(stored.clone());
        self.store.set(name, key)?;
        if let Err(e) = self.write(&file) {
            // Leave no orphan key behind a profile that was never saved.
            if let Err(cleanup) = self.store.delete(name) {
                tracing::warn!(profile = name, error = %cleanup, "cannot remove the key of an unsaved profile");
            }
            return Err(e);
        }
        self.file = file;
        tracing::info!(profile = name, %environment, "profile added");
        Ok(stored.to_profile())
    }

    /// Makes `name` the active profile.
    pub fn use_profile(&mut self, name: &str) -> Result<Profile, ProfileError> {
        let mut file = read_file(&self.dir.profiles_file())?;
        let profile = if name == SANDBOX_PROFILE {
            Profile::sandbox()
        } else {
            file.profiles
                .iter()
                .find(|p| p.name == name)
                .map(StoredProfile::to_profile)
                .ok_or_else(|| ProfileError::NotFound {
                    name: name.to_owned(),
                })?
        };
        file.active = Some(name.to_owned());
        self.write(&file)?;
        self.file = file;
        Ok(profile)
    }

    /// Removes a remote profile: its keychain entry, its cache folder, then its line in
    /// `profiles.json`. In that order, so a failure part-way leaves the profile listed
    /// and the same call can simply be made again. If it was active, the default applies.
    pub fn remove(&mut self, name: &str) -> Result<(), ProfileError> {
        if name == SANDBOX_PROFILE {
            return Err(ProfileError::Sandbox { action: "removed" });
        }
        let mut file = read_file(&self.dir.profiles_file())?;
        let Some(index) = file.profiles.iter().position(|p| p.name == name) else {
            return Err(ProfileError::NotFound {
                name: name.to_owned(),
            });
        };
        self.store.delete(name)?;
        let dir = self.dir.profile_dir(name);
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(ProfileError::Io {
                    action: "remove the profile folder",
                    path: dir,
                    source,
                })
            }
        }
        file.profiles.remove(index);
        if file.active.as_deref() == Some(name) {
            file.active = None;
        }
        self.write(&file)?;
        self.file = file;
        tracing::info!(profile = name, "profile removed");
        Ok(())
    }

    /// The API key of a remote profile (the `CARSTREL_API_KEY` override wins when the
    /// store is wrapped in [`crate::secrets::EnvOverride`]). The sandbox's key comes from
    /// the running sandbox instead ([`crate::sandbox::Sandbox::test_key`]).
    pub fn key(&self, name: &str) -> Result<Secret, ProfileError> {
        let profile = self.get(name)?;
        if profile.is_sandbox() {
            return Err(ProfileError::Sandbox {
                action: "given a stored key (its key comes from the running sandbox)",
            });
        }
        self.store
            .get(name)?
            .ok_or_else(|| ProfileError::MissingKey {
                name: name.to_owned(),
            })
    }

    /// The SQLite cache file of profile `name` (the sandbox included), its folder created.
    pub fn cache_path(&self, name: &str) -> Result<PathBuf, ProfileError> {
        self.get(name)?;
        crate::paths::create_dir_all(&self.dir.profile_dir(name))?;
        Ok(self.dir.cache_db(name))
    }

    fn write(&self, file: &ProfilesFile) -> Result<(), ProfileError> {
        self.dir.ensure()?;
        let mut json = serde_json::to_vec_pretty(file).expect("profiles serialize");
        json.push(b'\n');
        write_atomically(&self.dir.profiles_file(), &json)
    }
}

fn active_of(file: &ProfilesFile) -> Profile {
    let explicit = file.active.as_deref().and_then(|name| {
        if name == SANDBOX_PROFILE {
            Some(Profile::sandbox())
        } else {
            file.profiles
                .iter()
                .find(|p| p.name == name)
                .map(StoredProfile::to_profile)
        }
    });
    explicit
        .or_else(|| file.profiles.first().map(StoredProfile::to_profile))
        .unwrap_or_else(Profile::sandbox)
}

fn read_file(path: &Path) -> Result<ProfilesFile, ProfileError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ProfilesFile {
                version: FILE_VERSION,
                ..ProfilesFile::default()
            })
        }
        Err(source) => {
            return Err(ProfileError::Io {
                action: "read",
                path: path.to_owned(),
                source,
            })
        }
    };
    let file: ProfilesFile =
        serde_json::from_slice(&bytes).map_err(|e| ProfileError::CorruptFile {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
    if file.version != FILE_VERSION {
        return Err(ProfileError::CorruptFile {
            path: path.to_owned(),
            detail: format!(
                "format version {} is not the supported {FILE_VERSION}; \
                 it was written by another version of the console",
                file.version
            ),
        });
    }
    Ok(file)
}

/// Replaces `path` with `bytes` so that readers see the old file or the new one, never a
/// mix: write a temporary file beside it, flush it to disk, rename it over.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ProfileError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source| ProfileError::Io {
            action,
            path,
            source,
        }
    };
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    // Unique per process and per call, so concurrent writers never share a temp file.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = path.with_file_name(format!(".{file_name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut out = std::fs::File::create(&temp).map_err(io("create", &temp))?;
        out.write_all(bytes).map_err(io("write", &temp))?;
        out.sync_all().map_err(io("flush", &temp))?;
        drop(out);
        std::fs::rename(&temp, path).map_err(io("replace", path))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Checks a profile name: it becomes a folder name and a keychain account, so it is a
/// lowercase slug (folders are case-insensitive on macOS and Windows) and none of the
/// names Windows reserves for devices.
pub fn validate_name(name: &str) -> Result<(), ProfileError> {
    let invalid = |reason| {
        Err(ProfileError::InvalidName {
            name: name.to_owned(),
            reason,
        })
    };
    if name.is_empty() {
        return invalid("it is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return invalid("it is too long");
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return invalid("it must start with a lowercase letter or a digit");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return invalid("it may only hold lowercase letters, digits, '-' and '_'");
    }
    if name == SANDBOX_PROFILE {
        return invalid("it is the name of the built-in sandbox profile");
    }
    const WINDOWS_DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let is_numbered_device = (name.starts_with("com") || name.starts_with("lpt"))
        && name.len() == 4
        && name.as_bytes()[3].is_ascii_digit();
    if WINDOWS_DEVICES.contains(&name) || is_numbered_device {
        return invalid("it is a device name reserved by Windows");
    }
    Ok(())
}

/// Checks an API key and returns its environment. The key is never echoed.
pub fn validate_key(key: &Secret) -> Result<Environment, ProfileError> {
    let text = key.expose();
    let Some(environment) = Environment::of_key(text) else {
        return Err(ProfileError::InvalidKey {
            reason: "it must start with sk_live_ or sk_test_",
        });
    };
    let rest = &text[environment.key_prefix().len()..];
    if rest.len() < 16 {
        return Err(ProfileError::InvalidKey {
            reason: "it is too short (was it cut off when pasting?)",
        });
    }
    if rest.len() > 256 {
        return Err(ProfileError::InvalidKey {
            reason: "it is too long",
        });
    }
    if !rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(ProfileError::InvalidKey {
            reason: "it holds spaces or other characters a key never has",
        });
    }
    Ok(environment)
}

/// Checks and normalizes a base URL (`http`/`https`, a host, no credentials, query or
/// fragment; trailing `/` dropped). A live key is only ever sent over `https`, except to
/// this machine itself.
pub fn validate_url(base_url: &str, environment: Environment) -> Result<String, ProfileError> {
    let invalid = |reason: &str| {
        Err(ProfileError::InvalidUrl {
            reason: reason.to_owned(),
        })
    };
    let url = match url::Url::parse(base_url.trim()) {
        Ok(url) => url,
        Err(e) => return invalid(&format!("{e} (expected e.g. https://api.example.com)")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return invalid("it must start with http:// or https://");
    }
    let Some(host) = url.host() else {
        return invalid("it has no host name");
    };
    if !url.username().is_empty() || url.password().is_some() {
        return invalid("it must not contain a user name or password; the API key is enough");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return invalid("it must not have a ?query or #fragment");
    }
    let loopback = match host {
        url::Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    if environment == Environment::Live && url.scheme() == "http" && !loopback {
        return invalid("a live key is only sent over https:// (http:// is for test keys)");
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    const LIVE: &str = "sk_live_0123456789abcdefghijABCDEFGHIJ";
    const TEST: &str = "sk_test_0123456789abcdefghijABCDEFGHIJ";

    fn registry(dir: &Path) -> Profiles {
        Profiles::open(DataDir::at(dir), Arc::new(MemoryStore::new())).unwrap()
    }

    #[test]
    fn the_sandbox_is_active_until_a_remote_profile_exists() {
        let temp = tempfile::tempdir().unwrap();
        let mut profiles = registry(temp.path());
        assert_eq!(profiles.active(), Profile::sandbox());
        assert_eq!(profiles.list(), vec![Profile::sandbox()]);
        profiles
            .add("prod", "https://api.example.com/", &LIVE.into())
            .unwrap();
        profiles
            .add("staging", "http://10.0.0.5:8080", &TEST.into())
            .unwrap();
        assert_eq!(profiles.active().name, "prod");
        profiles.use_profile("staging").unwrap();
        assert_eq!(registry(temp.path()).active().name, "staging");
        profiles.remove("staging").unwrap();
        assert_eq!(profiles.active().name, "prod");
        profiles
            .add("later", "https://later.example", &TEST.into())
            .unwrap();
        assert_eq!(
            profiles.active().name,
            "prod",
            "adding another does not switch"
        );
        profiles.remove("later").unwrap();
        profiles.use_profile(SANDBOX_PROFILE).unwrap();
        assert!(profiles.active().is_sandbox());
        profiles.remove("prod").unwrap();
        assert!(registry(temp.path()).active().is_sandbox());
    }

    #[test]
    fn names_are_slugs() {
        for bad in [
            "", "Prod", "-x", "a b", "a/b", "..", "sandbox", "con", "com1", "é",
        ] {
            assert!(validate_name(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["prod", "dealer-2", "a_b", "0", "console", "com"] {
            validate_name(good).unwrap();
        }
        assert!(validate_name(&"a".repeat(MAX_NAME_LEN + 1)).is_err());
    }

    #[test]
    fn urls_are_checked_and_normalized() {
        let ok = |url, env| validate_url(url, env).unwrap();
        assert_eq!(
            ok("https://api.example.com/", Environment::Live),
            "https://api.example.com"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080", Environment::Live),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            ok("http://lan:8080/v1/", Environment::Test),
            "http://lan:8080/v1"
        );
        for bad in [
            "api.example.com",
            "ftp://x",
            "https://u:p@x",
            "https://x/?a=1",
            "http://",
        ] {
            assert!(
                validate_url(bad, Environment::Test).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(validate_url("http://api.example.com", Environment::Live).is_err());
    }

    #[test]
    fn keys_are_checked_without_being_echoed() {
        assert_eq!(validate_key(&LIVE.into()).unwrap(), Environment::Live);
        assert_eq!(validate_key(&TEST.into()).unwrap(), Environment::Test);
        for bad in [
            "pk_live_0123456789abcdefgh",
            "sk_live_short",
            "sk_live_0123456789 abcdefgh",
        ] {
            let error = validate_key(&bad.into()).unwrap_err();
            assert!(!error.to_string().contains(bad), "{error}");
        }
    }

    #[test]
    fn a_corrupt_file_is_reported_and_left_alone() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("profiles.json");
        std::fs::write(&path, b"{not json").unwrap();
        let error =
            Profiles::open(DataDir::at(temp.path()), Arc::new(MemoryStore::new())).unwrap_err();
        assert!(matches!(error, ProfileError::CorruptFile { .. }), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"{not json");
    }
}
