//! The data the UI's preview backend (`ui/preview/fake-backend.ts`) serves, so the UI runs
//! in a plain browser and under vitest without this app. It is real demo data: a test
//! starts the sandbox on a temporary directory, reads it through console-core as the
//! window does, and writes `ui/generated/fixtures.json`; the test fails when the committed
//! file is stale (refresh with `UPDATE_FIXTURES=1 cargo test -p dealer-console --lib`).
//! Its type is in the bindings, so the preview reads it typed.

use carstrel_model::{Customer, StaffMember, Task, TestDrive, TestDriveStatus, Vehicle};
use console_core::cache::outbox::Conflict;
use console_core::console::{Dashboard, FilterOptions, LeadDetailRow, ProfileInfo};
use console_core::error::ErrorCode;
use serde::Serialize;

/// A few dozen rows of each list, beside the whole sandbox's dashboard.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewFixtures {
    /// When the sandbox was read (RFC 3339). The preview moves every date by the whole days
    /// since, so that upcoming test drives are still ahead, at the hours they were booked for.
    pub generated_at: String,
    pub profile: ProfileInfo,
    pub dashboard: Dashboard,
    /// Only the brands, models and body types of [`vehicles`](Self::vehicles).
    pub filter_options: FilterOptions,
    pub vehicles: Vec<Vehicle>,
    pub customers: Vec<Customer>,
    /// Some of every status.
    pub test_drives: Vec<TestDrive>,
    /// The newest leads, each with its history as its page shows it.
    pub leads: Vec<LeadDetailRow>,
    /// The soonest-due tasks (overdue ones first).
    pub tasks: Vec<Task>,
    pub staff: Vec<StaffMember>,
    /// One real conflict: an offline edit of a customer someone changed meanwhile.
    pub conflicts: Vec<Conflict>,
    /// The price histories of [`vehicles`](Self::vehicles), by vehicle id.
    pub price_histories: std::collections::BTreeMap<String, Vec<carstrel_model::PricePoint>>,
    /// Every code Rust emits, so the UI's tests can check each has words.
    pub error_codes: Vec<ErrorCode>,
    /// The rule book's status moves, so the UI's tests hold its buttons to them.
    pub test_drive_moves: Vec<StatusMoves>,
}

/// Where a test drive in `from` may go next (a different status; the same one is always
/// allowed, and for a confirmed drive it is a reschedule).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusMoves {
    pub from: TestDriveStatus,
    pub to: Vec<TestDriveStatus>,
}

/// Every status with the moves [`TestDriveStatus::can_become`] allows from it.
pub fn test_drive_moves() -> Vec<StatusMoves> {
    TestDriveStatus::ALL
        .into_iter()
        .map(|from| StatusMoves {
            from,
            to: TestDriveStatus::ALL
                .into_iter()
                .filter(|to| *to != from && from.can_become(*to))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod dump;
