//! Profiles, keychain and sandbox, against real parts: the real `carstrel-server` over a
//! SQLite file, and a real OS keychain backend (Linux kernel keyutils, or Secret Service
//! provided by gnome-keyring inside a private `dbus-run-session`).
//!
//! Tests that need a real keychain fail when `CI` is set and none can be reached, and
//! otherwise print why they skipped.

mod keychain;
#[cfg(unix)]
mod permissions;
mod registry;
mod sandbox;
mod support;
