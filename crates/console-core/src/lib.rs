//! The dealer console's brain, with no Tauri dependency so that plain `cargo test`
//! reaches all of it.
//!
//! - [`cache`]: the offline cache, a SQLite file (WAL, FTS5) that answers every list,
//!   search and stat the console shows exactly as the API would, with no network.
//! - [`cache::outbox`]: edits made offline, shown at once and kept until the server has them.
//! - [`sync`]: the outbox out ([`sync::drain`]), the server's changes feeds in, resumable.
//! - [`profiles`], [`secrets`], [`sandbox`]: where the console points, the key in the OS
//!   keychain, and the built-in demo API it starts on when nothing else is configured.
//! - [`edit_now`]: edits sent before the call returns, for the CLI.
//! - [`error`]: the typed errors a UI acts on, and their stable [`error::ErrorCode`].
//! - [`rendering`]: whether the desktop window paints on the CPU (Linux without a GPU).

pub mod cache;
pub mod clock;
pub mod console;
pub mod edit_now;
pub mod error;
pub mod export;
pub mod notify;
pub mod page;
pub mod paths;
pub mod photos;
pub mod profiles;
pub mod rendering;
pub mod sandbox;
pub mod secrets;
pub mod sync;

pub use cache::{Cache, Checkpoint, Feed, Metadata, TestDriveQuery, VehicleRow};
pub use error::{Error, Result};
pub use page::Page;
