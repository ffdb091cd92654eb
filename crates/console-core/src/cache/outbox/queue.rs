//! The queue: edits go in with the local change they describe, in one transaction; the
//! drain takes them out in order, and the server's answer to each lands here.

use super::entries::{insert_entry, read_doc, QueuedEntry, ServerCopy};
use super::{Entity, EntryKind, EntryState, OutboxEntry};
use crate::cache::records::{
    upsert_local_customer, upsert_local_test_drive, upsert_resolved_customer,
    upsert_resolved_test_drive,
};
use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_model::rules::{apply_customer_update, apply_test_drive_update};
use carstrel_model::{
    CreateTestDriveRequest, Customer, CustomerUpdate, TestDrive, TestDriveStatus, TestDriveUpdate,
};
use sqlx::{Row, SqliteConnection};

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
        let base = serde_json::to_string(&customer)?;
        apply_customer_update(&mut customer, change, now)?;
        upsert_local_customer(&mut tx, &customer).await?;
        insert_entry(
            &mut tx,
            EntryKind::CustomerUpdate,
            id,
            &serde_json::to_string(change)?,
            Some(&base),
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
        let checked = carstrel_model::rules::check_test_drive_request(request)?;
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
            // The server sets the dealer's length when the booking lands.
            duration_minutes: carstrel_model::DEFAULT_TEST_DRIVE_MINUTES,
        };
        upsert_local_test_drive(&mut tx, &drive).await?;
        mark_booked_here(&mut tx, &drive.id).await?;
        insert_entry(
            &mut tx,
            EntryKind::TestDriveCreate,
            &drive.id,
            &serde_json::to_string(request)?,
            None,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(drive)
    }

    /// Applies staff work (confirm, complete, cancel, no-show, schedule, notes) to the
    /// cached test drive at once and queues it. A drive confirmed or moved takes the
    /// dealer's length and must not double-book its vehicle among the cached confirmed
    /// drives ([`crate::Error::DoubleBooking`], the server's 409 in its words).
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
        let base = serde_json::to_string(&drive)?;
        let before = drive.status;
        apply_test_drive_update(&mut drive, change, now)?;
        super::placement::place_offline(&mut tx, before, &mut drive, change).await?;
        upsert_local_test_drive(&mut tx, &drive).await?;
        insert_entry(
            &mut tx,
            EntryKind::TestDriveUpdate,
            id,
            &serde_json::to_string(change)?,
            Some(&base),
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
                    kind: row.try_get("kind")?,
                    entity_id: row.try_get("entity_id")?,
                    state: row.try_get("state")?,
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

    /// The oldest pending entry whose record has no unsettled conflict or failure before
    /// it: later edits of that record wait behind the user's decision.
    pub(crate) async fn next_sendable(&self) -> Result<Option<QueuedEntry>> {
        let row = sqlx::query(
            "SELECT o.seq, o.kind, o.entity_id, o.payload, o.idempotency_key, o.base_doc, \
             o.sent_at FROM outbox o \
             WHERE o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox b \
             WHERE b.entity_id = o.entity_id AND b.seq < o.seq AND b.state <> 'pending') \
             ORDER BY o.seq LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let kind: EntryKind = row.try_get("kind")?;
        let entity_id: String = row.try_get("entity_id")?;
        // Listings carry no version: their edits are sent without If-Match.
        let version: Option<i64> = if kind.entity() == Entity::Vehicle {
            None
        } else {
            sqlx::query_scalar(&format!(
                "SELECT version FROM {} WHERE id = ?",
                entity_table(kind.entity())
            ))
            .bind(&entity_id)
            .fetch_optional(&self.pool)
            .await?
        };
        Ok(Some(QueuedEntry {
            seq: row.try_get("seq")?,
            kind,
            entity_id,
            payload: row.try_get("payload")?,
            idempotency_key: row.try_get("idempotency_key")?,
            base_version: version,
            base_doc: row.try_get("base_doc")?,
            sent_before: row.try_get::<Option<i64>, _>("sent_at")?.is_some(),
        }))
    }

    /// The server accepted an entry: store its copy, re-apply the edits still queued for
    /// that record on top of it, and drop the entry, in one transaction.
    pub(crate) async fn complete_entry(
        &self,
        entry: &QueuedEntry,
        server_copy: ServerCopy,
    ) -> Result<()> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM outbox WHERE seq = ?")
            .bind(entry.seq)
            .execute(&mut *tx)
            .await?;
        match server_copy {
            ServerCopy::Customer(customer) => {
                let later = later_payloads(&mut tx, &customer.id).await?;
                if later.is_empty() {
                    upsert_resolved_customer(&mut tx, &customer).await?;
                } else {
                    let mut shown = customer;
                    for payload in later {
                        let change: CustomerUpdate = serde_json::from_str(&payload)?;
                        let _ = apply_customer_update(&mut shown, &change, now);
                    }
                    upsert_local_customer(&mut tx, &shown).await?;
                }
            }
            ServerCopy::Vehicle(vehicle) => {
                super::server_vehicle::store_server_vehicle(&mut tx, &vehicle).await?;
            }
            ServerCopy::TestDrive(drive) => {
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
                let booked_here =
                    (entry.kind == EntryKind::TestDriveCreate).then(|| drive.id.clone());
                let later = later_payloads(&mut tx, &drive.id).await?;
                if later.is_empty() {
                    upsert_resolved_test_drive(&mut tx, &drive).await?;
                } else {
                    let mut shown = drive;
                    for payload in later {
                        let change: TestDriveUpdate = serde_json::from_str(&payload)?;
                        let _ = apply_test_drive_update(&mut shown, &change, now);
                    }
                    upsert_local_test_drive(&mut tx, &shown).await?;
                }
                if let Some(id) = booked_here {
                    mark_booked_here(&mut tx, &id).await?;
                }
            }
            work => super::work::complete_in(&mut tx, entry, work, now).await?,
        }
        tx.commit().await?;
        Ok(())
    }

    /// Settles an entry the server will never take as it is, saying why.
    pub(crate) async fn mark_entry(
        &self,
        seq: i64,
        state: EntryState,
        message: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ? WHERE seq = ?",
        )
        .bind(state)
        .bind(message)
        .bind(seq)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Counts a send that did not get through for reasons outside the entry (the network,
    /// the server, the key), with why, leaving the entry pending.
    pub(crate) async fn note_attempt(&self, seq: i64, message: &str) -> Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?")
            .bind(message)
            .bind(seq)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The payloads still queued for a record, oldest first.
pub(super) async fn later_payloads(
    conn: &mut SqliteConnection,
    entity_id: &str,
) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT payload FROM outbox WHERE entity_id = ? ORDER BY seq")
            .bind(entity_id)
            .fetch_all(conn)
            .await?,
    )
}

/// Marks a test drive as booked in this console, so it is kept and labelled as such on a
/// server that cannot list test drives.
async fn mark_booked_here(conn: &mut SqliteConnection, id: &str) -> Result<()> {
    sqlx::query("UPDATE test_drives SET booked_here = 1 WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) fn entity_table(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => "customers",
        Entity::TestDrive => "test_drives",
        Entity::Vehicle => "vehicles",
        Entity::Lead => "leads",
        Entity::Task => "tasks",
    }
}
