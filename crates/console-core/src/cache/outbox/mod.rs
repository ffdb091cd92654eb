//! The outbox: CRM edits and test-drive work done in the console, applied to the cache at
//! once and replayed to the API in order when it can be reached.
//!
//! Queuing an edit changes the cached record (marked `pending`, so the sync leaves it
//! alone) and stores the entry in the same transaction: an edit the UI has shown is never
//! lost. Each entry carries its own `Idempotency-Key` and is sent with `If-Match` on the
//! record's last server version, so a resend after a crash applies once and a record
//! someone else changed meanwhile becomes a [`Conflict`] instead of being overwritten.
//!
//! This module is storage only: `queue` (entries in, their state, and what the server's
//! answer changes in the cache), and `conflicts` (both sides kept until the user settles).
//! How an edit changes a record is the rule book's
//! ([`carstrel_model::rules::apply_customer_update`] and
//! [`carstrel_model::rules::apply_test_drive_update`], which the server applies too).
//! Sending is the sync's job ([`crate::sync`]).

mod calendar;
mod conflicts;
mod doubt;
mod entries;
mod placement;
mod prices;
mod queue;
mod server_vehicle;
mod work;

pub(crate) use entries::{QueuedEntry, ServerCopy};

use serde::{Deserialize, Serialize};

/// What an entry asks the server to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum EntryKind {
    CustomerUpdate,
    TestDriveCreate,
    TestDriveUpdate,
    /// A listing edit (`PATCH /external/vehicles/{id}`): a price set in the console.
    VehicleUpdate,
    LeadUpdate,
    TaskCreate,
    TaskUpdate,
    TaskDelete,
}

impl EntryKind {
    /// The record kind the entry changes.
    pub fn entity(self) -> Entity {
        match self {
            EntryKind::CustomerUpdate => Entity::Customer,
            EntryKind::TestDriveCreate | EntryKind::TestDriveUpdate => Entity::TestDrive,
            EntryKind::VehicleUpdate => Entity::Vehicle,
            EntryKind::LeadUpdate => Entity::Lead,
            EntryKind::TaskCreate | EntryKind::TaskUpdate | EntryKind::TaskDelete => Entity::Task,
        }
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting to be sent.
    Pending,
    /// The server has a newer version; the user picks "keep mine" or "take theirs".
    Conflict,
    /// The server refused it for good (e.g. the record was deleted); kept for the user.
    Failed,
    /// A booking whose reply was lost, on a server that neither replays a retry
    /// (`Idempotency-Key`) nor lists test drives to check: it may have arrived. The user
    /// decides: "send again" or "discard".
    Unconfirmed,
}

/// The record kind an entry or conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
#[sqlx(rename_all = "camelCase")]
pub enum Entity {
    Customer,
    TestDrive,
    Vehicle,
    Lead,
    Task,
}

/// One queued write.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    pub seq: i64,
    pub kind: EntryKind,
    pub entity_id: String,
    pub state: EntryState,
    pub attempts: u32,
    /// Why the last attempt did not go through, in words a dealer can act on.
    pub last_error: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// An edit that met a newer server version: both sides, for the user to choose.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub id: i64,
    pub entity: Entity,
    pub entity_id: String,
    /// The console's copy with the edit applied (a `Customer`, `TestDrive`, `Vehicle`,
    /// `Lead` or `Task`).
    pub mine: serde_json::Value,
    /// The server's current copy.
    pub theirs: serde_json::Value,
    pub created_at: String,
}

/// How to settle a [`Conflict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// Send my change again on top of their version.
    Mine,
    /// Drop my change and show theirs.
    Theirs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cache;

    /// The text existing cache files hold must keep reading back, and keep being written.
    #[tokio::test]
    async fn kinds_states_and_entities_keep_their_stored_text() {
        let cache = Cache::open_in_memory().await.unwrap();
        for (seq, kind, state) in [
            (1, "customer_update", "pending"),
            (2, "test_drive_create", "conflict"),
            (3, "test_drive_update", "failed"),
        ] {
            sqlx::query(
                "INSERT INTO outbox (seq, kind, entity_id, payload, idempotency_key, state, \
                 created_at) VALUES (?, ?, 'e', '{}', ?, ?, 0)",
            )
            .bind(seq)
            .bind(kind)
            .bind(format!("key-{seq}"))
            .bind(state)
            .execute(&cache.pool)
            .await
            .unwrap();
        }
        for (seq, entity) in [(1, "customer"), (2, "testDrive")] {
            sqlx::query(
                "INSERT INTO conflicts (outbox_seq, entity, entity_id, mine, theirs, created_at) \
                 VALUES (?, ?, 'e', '{}', '{}', 0)",
            )
            .bind(seq)
            .bind(entity)
            .execute(&cache.pool)
            .await
            .unwrap();
        }
        let read: Vec<(EntryKind, EntryState)> = cache
            .outbox()
            .await
            .unwrap()
            .iter()
            .map(|e| (e.kind, e.state))
            .collect();
        assert_eq!(
            read,
            [
                (EntryKind::CustomerUpdate, EntryState::Pending),
                (EntryKind::TestDriveCreate, EntryState::Conflict),
                (EntryKind::TestDriveUpdate, EntryState::Failed),
            ]
        );
        let entities: Vec<Entity> = cache
            .conflicts()
            .await
            .unwrap()
            .iter()
            .map(|c| c.entity)
            .collect();
        assert_eq!(entities, [Entity::Customer, Entity::TestDrive]);

        let written: (String, String, String) = sqlx::query_as("SELECT ?, ?, ?")
            .bind(EntryKind::TestDriveCreate)
            .bind(EntryState::Conflict)
            .bind(Entity::TestDrive)
            .fetch_one(&cache.pool)
            .await
            .unwrap();
        assert_eq!(
            written,
            (
                "test_drive_create".to_owned(),
                "conflict".to_owned(),
                "testDrive".to_owned()
            )
        );

        sqlx::query("UPDATE outbox SET state = 'lost' WHERE seq = 3")
            .execute(&cache.pool)
            .await
            .unwrap();
        assert_eq!(cache.outbox().await.unwrap_err().code(), "cache_corrupt");
    }
}
