//! The outbox: CRM edits and test-drive work done in the console, applied to the cache at
//! once and replayed to the API in order when it can be reached.
//!
//! Queuing an edit changes the cached record (marked `pending`, so the sync leaves it
//! alone) and stores the entry in the same transaction: an edit the UI has shown is never
//! lost. Each entry carries its own `Idempotency-Key` and is sent with `If-Match` on the
//! record's last server version, so a resend after a crash applies once and a record
//! someone else changed meanwhile becomes a [`Conflict`] instead of being overwritten.

use super::write::{
    upsert_local_customer, upsert_local_test_drive, upsert_resolved_customer,
    upsert_resolved_test_drive,
};
use super::Cache;
use crate::error::{Error, Result};
use carstrel_model::{
    rules, CreateTestDriveRequest, Customer, CustomerUpdate, TestDrive, TestDriveStatus,
    TestDriveUpdate,
};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};

/// What an entry asks the server to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    CustomerUpdate,
    TestDriveCreate,
    TestDriveUpdate,
}

impl EntryKind {
    fn as_str(self) -> &'static str {
        match self {
            EntryKind::CustomerUpdate => "customer_update",
            EntryKind::TestDriveCreate => "test_drive_create",
            EntryKind::TestDriveUpdate => "test_drive_update",
        }
    }

    fn parse(text: &str) -> Result<EntryKind> {
        Ok(match text {
            "customer_update" => EntryKind::CustomerUpdate,
            "test_drive_create" => EntryKind::TestDriveCreate,
            "test_drive_update" => EntryKind::TestDriveUpdate,
            other => {
                return Err(Error::Corrupt(format!(
                    "unknown outbox entry kind {other:?}"
                )))
            }
        })
    }

    fn entity(self) -> Entity {
        match self {
            EntryKind::CustomerUpdate => Entity::Customer,
            EntryKind::TestDriveCreate | EntryKind::TestDriveUpdate => Entity::TestDrive,
        }
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting to be sent.
    Pending,
    /// The server has a newer version; the user picks "keep mine" or "take theirs".
    Conflict,
    /// The server refused it for good (e.g. the record was deleted); kept for the user.
    Failed,
}

/// The record kind an entry or conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Entity {
    Customer,
    TestDrive,
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
    /// The console's copy with the edit applied (a `Customer` or `TestDrive`).
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

/// What one drain of the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u32,
    pub conflicts: u32,
    pub failed: u32,
    /// The server could not be reached (or refused the key); the rest waits.
    pub stopped: bool,
}

impl Cache {
    /// Applies a CRM edit to the cached customer at once and queues it for the server.
    /// Returns the customer as the console now shows it.
    pub async fn queue_customer_update(
        &self,
        id: &str,
        change: &CustomerUpdate,
    ) -> Result<Customer> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let mut customer: Customer = read_doc(&mut tx, "customers", id)
            .await?
            .ok_or(Error::NotFound("Customer"))?;
        rules::apply_customer_update(&mut customer, change, now)?;
        upsert_local_customer(&mut tx, &customer).await?;
        insert_entry(
            &mut tx,
            EntryKind::CustomerUpdate,
            id,
            &serde_json::to_string(change)?,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(customer)
    }

    /// Books a test drive offline: it shows at once with a provisional id, and takes the
    /// server's id when the outbox has sent it.
    pub async fn queue_test_drive_create(
        &self,
        request: &CreateTestDriveRequest,
    ) -> Result<TestDrive> {
        let checked = rules::check_test_drive_request(request)?;
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let vehicle: Option<carstrel_model::Vehicle> =
            read_doc(&mut tx, "vehicles", &checked.vehicle_id).await?;
        let vehicle = vehicle.ok_or(Error::NotFound("Vehicle"))?;
        let customer_id: Option<String> =
            sqlx::query_scalar("SELECT id FROM customers WHERE lower(email) = lower(?)")
                .bind(&checked.email)
                .fetch_optional(&mut *tx)
                .await?;
        let drive = TestDrive {
            id: uuid::Uuid::new_v4().to_string(),
            vehicle_id: vehicle.id,
            vehicle_name: Some(vehicle.name),
            customer_id,
            name: checked.name,
            email: checked.email,
            phone: checked.phone,
            preferred_date: checked.preferred_date,
            scheduled_at: None,
            status: TestDriveStatus::Pending,
            notes: None,
            created_date: crate::clock::rfc3339(now),
            updated_date: crate::clock::rfc3339(now),
            version: 0,
        };
        upsert_local_test_drive(&mut tx, &drive).await?;
        insert_entry(
            &mut tx,
            EntryKind::TestDriveCreate,
            &drive.id,
            &serde_json::to_string(request)?,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(drive)
    }

    /// Applies staff work (confirm, complete, cancel, no-show, schedule, notes) to the
    /// cached test drive at once and queues it.
    pub async fn queue_test_drive_update(
        &self,
        id: &str,
        change: &TestDriveUpdate,
    ) -> Result<TestDrive> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let mut drive: TestDrive = read_doc(&mut tx, "test_drives", id)
            .await?
            .ok_or(Error::NotFound("Test drive"))?;
        rules::apply_test_drive_update(&mut drive, change, now)?;
        upsert_local_test_drive(&mut tx, &drive).await?;
        insert_entry(
            &mut tx,
            EntryKind::TestDriveUpdate,
            id,
            &serde_json::to_string(change)?,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(drive)
    }

    /// Every entry not yet accepted by the server, oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        let rows = sqlx::query(
            "SELECT seq, kind, entity_id, state, attempts, last_error, created_at FROM outbox ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OutboxEntry {
                    seq: row.try_get("seq")?,
                    kind: EntryKind::parse(row.try_get("kind")?)?,
                    entity_id: row.try_get("entity_id")?,
                    state: parse_state(row.try_get("state")?)?,
                    attempts: row.try_get::<i64, _>("attempts")? as u32,
                    last_error: row.try_get("last_error")?,
                    created_at: crate::clock::rfc3339(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// How many entries wait to be sent (conflicts and failures not counted).
    pub async fn pending_count(&self) -> Result<u32> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u32)
    }

    /// The conflicts waiting for the user, oldest first.
    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        let rows = sqlx::query(
            "SELECT id, entity, entity_id, mine, theirs, created_at FROM conflicts ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Conflict {
                    id: row.try_get("id")?,
                    entity: parse_entity(row.try_get("entity")?)?,
                    entity_id: row.try_get("entity_id")?,
                    mine: serde_json::from_str(row.try_get("mine")?)?,
                    theirs: serde_json::from_str(row.try_get("theirs")?)?,
                    created_at: crate::clock::rfc3339(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// Settles a conflict. "Keep mine" queues the edit again on top of their version (with
    /// a fresh `Idempotency-Key`: the old one is bound to the refused attempt); "take
    /// theirs" drops the edit and shows the server's copy.
    pub async fn resolve_conflict(&self, id: i64, keep: Keep) -> Result<()> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "SELECT outbox_seq, entity, entity_id, mine, theirs FROM conflicts WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("Conflict"))?;
        let seq: i64 = row.try_get("outbox_seq")?;
        let entity = parse_entity(row.try_get("entity")?)?;
        let entity_id: String = row.try_get("entity_id")?;
        let theirs: &str = row.try_get("theirs")?;
        match keep {
            Keep::Mine => {
                let their_version = version_of(theirs)?;
                sqlx::query("UPDATE outbox SET state = 'pending', idempotency_key = ?, last_error = NULL WHERE seq = ?")
                    .bind(new_idempotency_key())
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
                // My copy stays on screen; sends now name their version in If-Match.
                let table = entity_table(entity);
                let mine: serde_json::Value = serde_json::from_str(row.try_get("mine")?)?;
                let mut mine = mine;
                mine["version"] = serde_json::json!(their_version);
                sqlx::query(&format!(
                    "UPDATE {table} SET version = ?, doc = ? WHERE id = ?"
                ))
                .bind(their_version)
                .bind(mine.to_string())
                .bind(&entity_id)
                .execute(&mut *tx)
                .await?;
            }
            Keep::Theirs => {
                sqlx::query("DELETE FROM outbox WHERE seq = ?")
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
                resolve_with_server_copy(&mut tx, entity, &entity_id, theirs).await?;
            }
        }
        sqlx::query("DELETE FROM conflicts WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The oldest pending entry whose record has no unsettled conflict or failure before
    /// it: later edits of that record wait behind the user's decision.
    async fn next_sendable(&self) -> Result<Option<QueuedEntry>> {
        let row = sqlx::query(
            "SELECT o.seq, o.kind, o.entity_id, o.payload, o.idempotency_key FROM outbox o \
             WHERE o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox b \
             WHERE b.entity_id = o.entity_id AND b.seq < o.seq AND b.state <> 'pending') \
             ORDER BY o.seq LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let kind = EntryKind::parse(row.try_get("kind")?)?;
        let entity_id: String = row.try_get("entity_id")?;
        let version: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT version FROM {} WHERE id = ?",
            entity_table(kind.entity())
        ))
        .bind(&entity_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(Some(QueuedEntry {
            seq: row.try_get("seq")?,
            kind,
            entity_id,
            payload: row.try_get("payload")?,
            idempotency_key: row.try_get("idempotency_key")?,
            base_version: version,
        }))
    }

    /// The server accepted an entry: store its copy, re-apply the edits still queued for
    /// that record on top of it, and drop the entry, in one transaction.
    async fn complete_entry(&self, entry: &QueuedEntry, server_copy: Sent) -> Result<()> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM outbox WHERE seq = ?")
            .bind(entry.seq)
            .execute(&mut *tx)
            .await?;
        match server_copy {
            Sent::Customer(customer) => {
                let later = later_payloads(&mut tx, &customer.id).await?;
                if later.is_empty() {
                    upsert_resolved_customer(&mut tx, &customer).await?;
                } else {
                    let mut shown = customer;
                    for payload in later {
                        let change: CustomerUpdate = serde_json::from_str(&payload)?;
                        let _ = rules::apply_customer_update(&mut shown, &change, now);
                    }
                    upsert_local_customer(&mut tx, &shown).await?;
                }
            }
            Sent::TestDrive(drive) => {
                if entry.kind == EntryKind::TestDriveCreate && drive.id != entry.entity_id {
                    // The provisional id gives way to the server's, for later entries too.
                    sqlx::query("DELETE FROM test_drives WHERE id = ?")
                        .bind(&entry.entity_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE outbox SET entity_id = ? WHERE entity_id = ?")
                        .bind(&drive.id)
                        .bind(&entry.entity_id)
                        .execute(&mut *tx)
                        .await?;
                }
                let later = later_payloads(&mut tx, &drive.id).await?;
                if later.is_empty() {
                    upsert_resolved_test_drive(&mut tx, &drive).await?;
                } else {
                    let mut shown = drive;
                    for payload in later {
                        let change: TestDriveUpdate = serde_json::from_str(&payload)?;
                        let _ = rules::apply_test_drive_update(&mut shown, &change, now);
                    }
                    upsert_local_test_drive(&mut tx, &shown).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The server has a newer version: keep both sides for the user.
    async fn record_conflict(
        &self,
        entry: &QueuedEntry,
        theirs: serde_json::Value,
        message: &str,
    ) -> Result<()> {
        let entity = entry.kind.entity();
        let mut tx = self.write().await?;
        let mine: String = sqlx::query_scalar(&format!(
            "SELECT doc FROM {} WHERE id = ?",
            entity_table(entity)
        ))
        .bind(&entry.entity_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_else(|| "null".to_owned());
        sqlx::query("UPDATE outbox SET state = 'conflict', attempts = attempts + 1, last_error = ? WHERE seq = ?")
            .bind(message)
            .bind(entry.seq)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO conflicts (outbox_seq, entity, entity_id, mine, theirs, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (outbox_seq) DO UPDATE SET theirs = excluded.theirs",
        )
        .bind(entry.seq)
        .bind(entity_name(entity))
        .bind(&entry.entity_id)
        .bind(mine)
        .bind(theirs.to_string())
        .bind(crate::clock::now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mark_entry(&self, seq: i64, state: EntryState, message: &str) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ? WHERE seq = ?",
        )
        .bind(state_name(state))
        .bind(message)
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// An entry ready to send, with the record's last server version for `If-Match`.
#[derive(Debug, Clone)]
struct QueuedEntry {
    seq: i64,
    kind: EntryKind,
    entity_id: String,
    payload: String,
    idempotency_key: String,
    base_version: Option<i64>,
}

/// The server's copy after an accepted entry.
enum Sent {
    Customer(Customer),
    TestDrive(TestDrive),
}

/// Sends every sendable entry in order until the queue is empty or the server cannot be
/// reached. Conflicts and permanent refusals are recorded and skipped, never retried blindly.
pub async fn drain(client: &carstrel_client::Client, cache: &Cache) -> Result<DrainReport> {
    use carstrel_client::Error as Api;
    let mut report = DrainReport::default();
    while let Some(entry) = cache.next_sendable().await? {
        match send(client, &entry).await {
            Ok(copy) => {
                cache.complete_entry(&entry, copy).await?;
                report.sent += 1;
            }
            Err(error @ (Api::PreconditionFailed { .. } | Api::Conflict { .. })) => {
                let theirs = match fetch_current(client, &entry).await {
                    Ok(theirs) => theirs,
                    Err(Api::NotFound { .. }) => {
                        cache
                            .mark_entry(
                                entry.seq,
                                EntryState::Failed,
                                "The record was deleted on the server",
                            )
                            .await?;
                        report.failed += 1;
                        continue;
                    }
                    Err(error) if stops_the_queue(&error) => {
                        report.stopped = true;
                        return Ok(report);
                    }
                    Err(error) => return Err(error.into()),
                };
                cache
                    .record_conflict(&entry, theirs, &error.to_string())
                    .await?;
                report.conflicts += 1;
            }
            Err(error) if stops_the_queue(&error) => {
                sqlx::query(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                )
                .bind(crate::error::api_message(&error))
                .bind(entry.seq)
                .execute(&cache.pool)
                .await?;
                report.stopped = true;
                if matches!(error, Api::Unauthorized { .. } | Api::Forbidden { .. }) {
                    return Err(error.into());
                }
                return Ok(report);
            }
            Err(error) => {
                // Not found, validation: the server will never take this entry as it is.
                cache
                    .mark_entry(
                        entry.seq,
                        EntryState::Failed,
                        &crate::error::api_message(&error),
                    )
                    .await?;
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Failures that say nothing about the entry itself: the network, the server, the key.
fn stops_the_queue(error: &carstrel_client::Error) -> bool {
    use carstrel_client::Error as Api;
    matches!(
        error,
        Api::Network(_)
            | Api::Server { .. }
            | Api::RateLimited { .. }
            | Api::BudgetExhausted { .. }
            | Api::Unauthorized { .. }
            | Api::Forbidden { .. }
    )
}

async fn send(
    client: &carstrel_client::Client,
    entry: &QueuedEntry,
) -> carstrel_client::Result<Sent> {
    let decode = |e: serde_json::Error| {
        carstrel_client::Error::Usage(format!("a queued entry is unreadable: {e}"))
    };
    match entry.kind {
        EntryKind::CustomerUpdate => {
            let change: CustomerUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let mut update = client
                .customers()
                .update(&entry.entity_id, &change)
                .idempotency_key(&entry.idempotency_key);
            if let Some(version) = entry.base_version {
                update = update.if_version(version);
            }
            Ok(Sent::Customer(update.send().await?.into_inner().customer))
        }
        EntryKind::TestDriveCreate => {
            let request: CreateTestDriveRequest =
                serde_json::from_str(&entry.payload).map_err(decode)?;
            let created = client
                .test_drives()
                .create(&request)
                .idempotency_key(&entry.idempotency_key)
                .send()
                .await?;
            Ok(Sent::TestDrive(created))
        }
        EntryKind::TestDriveUpdate => {
            let change: TestDriveUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let mut update = client
                .test_drives()
                .update(&entry.entity_id, &change)
                .idempotency_key(&entry.idempotency_key);
            if let Some(version) = entry.base_version {
                update = update.if_version(version);
            }
            Ok(Sent::TestDrive(update.send().await?.into_inner()))
        }
    }
}

async fn fetch_current(
    client: &carstrel_client::Client,
    entry: &QueuedEntry,
) -> carstrel_client::Result<serde_json::Value> {
    let value = match entry.kind.entity() {
        Entity::Customer => {
            serde_json::to_value(client.customers().get(&entry.entity_id).await?.into_inner())
        }
        Entity::TestDrive => serde_json::to_value(
            client
                .test_drives()
                .get(&entry.entity_id)
                .await?
                .into_inner(),
        ),
    };
    value.map_err(|e| carstrel_client::Error::Usage(e.to_string()))
}

async fn insert_entry(
    conn: &mut SqliteConnection,
    kind: EntryKind,
    entity_id: &str,
    payload: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (kind, entity_id, payload, idempotency_key, state, attempts, created_at) \
         VALUES (?, ?, ?, ?, 'pending', 0, ?)",
    )
    .bind(kind.as_str())
    .bind(entity_id)
    .bind(payload)
    .bind(new_idempotency_key())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The payloads still queued for a record, oldest first.
async fn later_payloads(conn: &mut SqliteConnection, entity_id: &str) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT payload FROM outbox WHERE entity_id = ? ORDER BY seq")
            .bind(entity_id)
            .fetch_all(conn)
            .await?,
    )
}

async fn resolve_with_server_copy(
    conn: &mut SqliteConnection,
    entity: Entity,
    id: &str,
    theirs: &str,
) -> Result<()> {
    let now = crate::clock::now_ms();
    let later = later_payloads(conn, id).await?;
    match entity {
        Entity::Customer => {
            let mut customer: Customer = serde_json::from_str(theirs)?;
            if later.is_empty() {
                return upsert_resolved_customer(conn, &customer).await;
            }
            for payload in later {
                let _ = rules::apply_customer_update(
                    &mut customer,
                    &serde_json::from_str(&payload)?,
                    now,
                );
            }
            upsert_local_customer(conn, &customer).await
        }
        Entity::TestDrive => {
            let mut drive: TestDrive = serde_json::from_str(theirs)?;
            if later.is_empty() {
                return upsert_resolved_test_drive(conn, &drive).await;
            }
            for payload in later {
                let _ = rules::apply_test_drive_update(
                    &mut drive,
                    &serde_json::from_str(&payload)?,
                    now,
                );
            }
            upsert_local_test_drive(conn, &drive).await
        }
    }
}

async fn read_doc<T: serde::de::DeserializeOwned>(
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

fn version_of(doc: &str) -> Result<i64> {
    let value: serde_json::Value = serde_json::from_str(doc)?;
    value["version"]
        .as_i64()
        .ok_or_else(|| Error::Corrupt("a stored record has no version".into()))
}

fn new_idempotency_key() -> String {
    format!("console-{}", uuid::Uuid::new_v4())
}

fn entity_table(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => "customers",
        Entity::TestDrive => "test_drives",
    }
}

fn entity_name(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => "customer",
        Entity::TestDrive => "testDrive",
    }
}

fn parse_entity(text: &str) -> Result<Entity> {
    match text {
        "customer" => Ok(Entity::Customer),
        "testDrive" => Ok(Entity::TestDrive),
        other => Err(Error::Corrupt(format!("unknown conflict entity {other:?}"))),
    }
}

fn state_name(state: EntryState) -> &'static str {
    match state {
        EntryState::Pending => "pending",
        EntryState::Conflict => "conflict",
        EntryState::Failed => "failed",
    }
}

fn parse_state(text: &str) -> Result<EntryState> {
    match text {
        "pending" => Ok(EntryState::Pending),
        "conflict" => Ok(EntryState::Conflict),
        "failed" => Ok(EntryState::Failed),
        other => Err(Error::Corrupt(format!("unknown outbox state {other:?}"))),
    }
}
