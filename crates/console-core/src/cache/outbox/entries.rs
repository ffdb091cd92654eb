//! What the queue's files share: an entry as the drain sends it, the server's copy that
//! settles it, and writing and reading the rows an entry is made of.

use super::EntryKind;
use crate::error::Result;
use carstrel_model::{Customer, TestDrive};
use sqlx::SqliteConnection;

/// An entry ready to send, with the record's last server version for `If-Match`.
#[derive(Debug, Clone)]
pub(crate) struct QueuedEntry {
    pub seq: i64,
    pub kind: EntryKind,
    pub entity_id: String,
    /// The edit as queued (JSON of the request body).
    pub payload: String,
    pub idempotency_key: String,
    pub base_version: Option<i64>,
    /// The record as the console knew it when the edit was queued (JSON), for the check
    /// that stands in for `If-Match`; `None` for a create.
    pub base_doc: Option<String>,
    /// A create already handed to a server without `Idempotency-Key`, reply unknown.
    pub sent_before: bool,
}

/// The server's copy after an accepted entry.
pub(crate) enum ServerCopy {
    Customer(Customer),
    TestDrive(TestDrive),
    Vehicle(Box<carstrel_model::Vehicle>),
    Lead(Box<carstrel_model::LeadDetail>),
    Task(carstrel_model::Task),
    /// The server deleted the task (or had already).
    TaskDeleted,
}

/// Queues an entry inside the caller's transaction, with a fresh `Idempotency-Key`.
pub(super) async fn insert_entry(
    conn: &mut SqliteConnection,
    kind: EntryKind,
    entity_id: &str,
    payload: &str,
    base_doc: Option<&str>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (kind, entity_id, payload, idempotency_key, state, attempts, \
         base_doc, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
    )
    .bind(kind)
    .bind(entity_id)
    .bind(payload)
    .bind(new_idempotency_key())
    .bind(base_doc)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A cached record's document, if the table holds it.
pub(super) async fn read_doc<T: serde::de::DeserializeOwned>(
    conn: &mut SqliteConnection,
    table: &str,
    id: &str,
) -> Result<Option<T>> {
    let doc: Option<String> = sqlx::query_scalar(&format!("SELECT doc FROM {table} WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(doc.map(|d| serde_json::from_str(&d)).transpose()?)
}

pub(super) fn new_idempotency_key() -> String {
    format!("console-{}", uuid::Uuid::new_v4())
}
