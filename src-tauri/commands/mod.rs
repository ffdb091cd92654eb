//! The commands the UI invokes, grouped by screen. Each parses its arguments, calls one
//! console-core function and maps the result; logic lives in `crates/console-core`.

pub mod calendar;
pub mod connections;
pub mod crm;
pub mod inventory;
pub mod leads;
pub mod session;
pub mod test_drives;

use crate::state::ConsoleHandle;
use console_core::error::UiError;
use tauri::State;

/// What every command returns: data, or `{code, message}` for the UI.
pub type Reply<T> = Result<T, UiError>;

/// The managed console handle, as commands receive it.
pub type Handle<'a> = State<'a, ConsoleHandle>;
