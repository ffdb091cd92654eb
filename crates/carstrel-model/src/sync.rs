//! The changes feed: delta sync for vehicles, customers and test drives.

use serde::{Deserialize, Serialize};

/// `upsert` carries the record as it is now; `delete` is a tombstone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    Upsert,
    Delete,
}

/// One change. Sequence numbers grow strictly; each record appears once, at its latest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Change<T> {
    pub seq: i64,
    pub id: String,
    pub op: ChangeOp,
    /// The record for an upsert, `null` for a delete.
    pub data: Option<T>,
}

/// A page of the changes feed. Ask again with `since = nextSince` while `hasMore`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ChangesPage<T> {
    pub changes: Vec<Change<T>>,
    pub next_since: i64,
    pub has_more: bool,
}

/// Default and maximum page sizes of the changes feed.
pub const CHANGES_DEFAULT_LIMIT: u32 = 500;
pub const CHANGES_MAX_LIMIT: u32 = 1000;
