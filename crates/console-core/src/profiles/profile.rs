//! What a profile is (a name, an API, an environment, a kind) and why a profile operation
//! can fail.

use crate::paths::PathsError;
use crate::secrets::SecretError;
use carstrel_model::Environment;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The built-in sandbox profile's name (reserved).
pub const SANDBOX_PROFILE: &str = "sandbox";

/// Longest profile name: it is a directory name and a keychain account.
pub const MAX_NAME_LEN: usize = 40;

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
    #[error(
        "profile {name:?} is a {profile} profile and its key is a {key} key; \
         a key is only sent to a server of its own environment"
    )]
    KeyEnvironment {
        name: String,
        profile: Environment,
        key: Environment,
    },
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
    /// The slug the console keys the profile by (folder, keychain account, `profile use`).
    pub name: String,
    /// The name as the person typed it, when it was not already the slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
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
            display_name: None,
            base_url: None,
            environment: Environment::Test,
            kind: ProfileKind::Sandbox,
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.kind == ProfileKind::Sandbox
    }
}
