//! The console session: the active profile's cache and API client, and for the sandbox
//! the in-process API, behind one function per thing the UI or the CLI does.
//!
//! Every read is served from the cache, so screens work the same online and offline;
//! the network only feeds the cache ([`Console::sync`]) and drains the outbox
//! ([`Console::push`]). The desktop shell and the `dealer-console` CLI are thin callers.
//!
//! - `session`: opening, syncing and closing the active profile's session.
//! - `views`: what the screens read and the edits they make.
//! - `calendar`: the calendar, the lot's aging, price histories and prices.
//! - `work`: the same for the lead inbox, a lead's page and the tasks.
//! - `profiles`: listing, adding and switching profiles, and the sandbox's server.

mod calendar;
mod profiles;
mod session;
mod views;
mod work;

pub use calendar::{calendar_range, CALENDAR_DAYS};
pub use session::{client_for, AppStatus, Console, ConsoleOptions, ProfileInfo};
pub use views::{
    CustomerRow, Dashboard, ExportKind, FilterOptions, LeadDetailRow, LeadRow, ModelOption,
    TaskRow, TestDriveRow,
};
