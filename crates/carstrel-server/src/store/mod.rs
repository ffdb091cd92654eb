//! Queries, one module per resource. Handlers call these; nothing here knows HTTP
//! beyond returning `ApiError`s for the cases a caller can cause.

pub mod accounts;
pub mod aging;
pub mod budgets;
pub mod calendar;
pub mod changes;
pub mod customers;
pub mod dealer_settings;
pub mod engagement;
pub mod idempotency;
pub mod keys;
pub mod lead_lists;
pub mod leads;
pub mod media;
pub mod metadata;
pub mod no_show;
pub mod orgs;
pub mod price_history;
pub mod references;
pub mod settings;
pub mod sql;
pub mod tasks;
pub mod test_drives;
pub mod vehicle_stats;
pub mod vehicles;

/// A new random id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
