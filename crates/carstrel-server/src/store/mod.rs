//! Queries, one module per resource. Handlers call these; nothing here knows HTTP
//! beyond returning `ApiError`s for the cases a caller can cause.

pub mod accounts;
pub mod changes;
pub mod customers;
pub mod engagement;
pub mod idempotency;
pub mod keys;
pub mod media;
pub mod metadata;
pub mod orgs;
pub mod settings;
pub mod sql;
pub mod test_drives;
pub mod vehicles;

/// A new random id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
