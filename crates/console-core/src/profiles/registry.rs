//! The registry: `profiles.json` in the data directory, read before and replaced
//! atomically after every change, with each remote profile's key in the OS keychain.

use super::profile::{Profile, ProfileError, ProfileKind, SANDBOX_PROFILE};
use super::validate::{profile_name, validate_key, validate_url, ProfileName};
use crate::paths::DataDir;
use crate::secrets::{Secret, SecretStore};
use carstrel_model::Environment;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `profiles.json` format this code reads and writes.
const FILE_VERSION: u32 = 1;

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    base_url: String,
    environment: Environment,
    /// Where the key is (e.g. `com.carstrel.dealer-console/prod`): a pointer, not the key.
    key_ref: String,
}

impl StoredProfile {
    fn to_profile(&self) -> Profile {
        Profile {
            name: self.name.clone(),
            display_name: self.display_name.clone(),
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
        let ProfileName { slug, display } = profile_name(name)?;
        let name = slug.as_str();
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
            display_name: display,
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

    /// The API key of a remote profile (the `CARSTREL_API_KEY` override wins, for a
    /// profile of its environment, when the store is wrapped in
    /// [`crate::secrets::EnvOverride`]). The sandbox's key comes from the running sandbox
    /// instead ([`crate::sandbox::Sandbox::test_key`]).
    ///
    /// Wherever the key came from, it is only handed out for a profile of its own
    /// environment, and a live key only for an `https://` URL (or this machine), even if
    /// `profiles.json` was edited by hand since the profile was added.
    pub fn key(&self, name: &str) -> Result<Secret, ProfileError> {
        let profile = self.get(name)?;
        if profile.is_sandbox() {
            return Err(ProfileError::Sandbox {
                action: "given a stored key (its key comes from the running sandbox)",
            });
        }
        let key = self
            .store
            .get_for(name, profile.environment)?
            .ok_or_else(|| ProfileError::MissingKey {
                name: name.to_owned(),
            })?;
        let environment = key.environment().ok_or(ProfileError::InvalidKey {
            reason: "it must start with sk_live_ or sk_test_",
        })?;
        if environment != profile.environment {
            return Err(ProfileError::KeyEnvironment {
                name: name.to_owned(),
                profile: profile.environment,
                key: environment,
            });
        }
        validate_url(profile.base_url.as_deref().unwrap_or_default(), environment)?;
        Ok(key)
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
    fn an_override_key_goes_only_where_a_key_of_its_environment_may_go() {
        use crate::secrets::EnvOverride;
        let temp = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::new());
        let mut profiles = Profiles::open(DataDir::at(temp.path()), store.clone()).unwrap();
        profiles
            .add("prod", "https://api.example.com", &LIVE.into())
            .unwrap();
        profiles
            .add("staging", "http://10.0.0.5:8080", &TEST.into())
            .unwrap();
        let forced = "sk_live_forcedforcedforcedforced00";
        let with_override = |store: Arc<MemoryStore>| {
            let overridden = EnvOverride::new(store, Some(forced.into()));
            Profiles::open(DataDir::at(temp.path()), Arc::new(overridden)).unwrap()
        };
        let overridden = with_override(store.clone());
        assert_eq!(overridden.key("prod").unwrap().expose(), forced);
        assert_eq!(overridden.key("staging").unwrap().expose(), TEST);

        // profiles.json edited by hand: the live profile now points at plain http.
        let path = temp.path().join("profiles.json");
        let json = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            json.replace("https://api.example.com", "http://api.example.com"),
        )
        .unwrap();
        let error = with_override(store.clone()).key("prod").unwrap_err();
        assert!(matches!(error, ProfileError::InvalidUrl { .. }), "{error}");
        let error = registry_with(temp.path(), store.clone())
            .key("prod")
            .unwrap_err();
        assert!(matches!(error, ProfileError::InvalidUrl { .. }), "{error}");

        // ...or the test profile now claims to be live: its stored test key is not used.
        let json = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, json.replace("\"test\"", "\"live\"")).unwrap();
        let error = registry_with(temp.path(), store)
            .key("staging")
            .unwrap_err();
        assert!(
            matches!(error, ProfileError::KeyEnvironment { .. }),
            "{error}"
        );
    }

    fn registry_with(dir: &Path, store: Arc<MemoryStore>) -> Profiles {
        Profiles::open(DataDir::at(dir), store).unwrap()
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
