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

mod profile;
mod registry;
mod validate;

pub use profile::{Profile, ProfileError, ProfileKind, MAX_NAME_LEN, SANDBOX_PROFILE};
pub use registry::Profiles;
pub use validate::{
    profile_name, validate_key, validate_name, validate_url, ProfileName, MAX_DISPLAY_NAME_LEN,
};
