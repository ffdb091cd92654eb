//! Writes into the cache: batches from the changes feeds (one transaction per batch, with
//! the feed's checkpoint in the same transaction, so a sync killed half-way resumes from
//! the last batch that committed), whole lists replacing the cached set, and the outbox's
//! local edits (`pending` records the sync leaves alone until the outbox resolves them).
//! How each kind is stored is in [`super::records`]; reference data in [`super::metadata`].

use super::checkpoint::{read_checkpoint, write_checkpoint, Checkpoint};
use super::params::now_ms;
use super::records::{Origin, Record, UPSERT_BATCH};
use super::Cache;
use crate::error::Result;
use carstrel_model::{Change, ChangeOp, ChangesPage, Customer, TestDrive, Vehicle};
use sqlx::{Sqlite, Transaction};

impl Cache {
    /// Applies a batch of vehicle changes (upserts and tombstones) in one transaction,
    /// saving `checkpoint` for the vehicles feed in that same transaction when given.
    pub async fn apply_vehicle_changes(
        &self,
        changes: &[Change<Vehicle>],
        checkpoint: Option<&Checkpoint>,
    ) -> Result<()> {
        self.apply(changes, checkpoint).await
    }

    /// [`Cache::apply_vehicle_changes`] for customers. A record with a local edit in
    /// flight keeps its local copy (the outbox resolves it); tombstones always apply.
    pub async fn apply_customer_changes(
        &self,
        changes: &[Change<Customer>],
        checkpoint: Option<&Checkpoint>,
    ) -> Result<()> {
        self.apply(changes, checkpoint).await
    }

    /// [`Cache::apply_customer_changes`] for test drives.
    pub async fn apply_test_drive_changes(
        &self,
        changes: &[Change<TestDrive>],
        checkpoint: Option<&Checkpoint>,
    ) -> Result<()> {
        self.apply(changes, checkpoint).await
    }

    /// Applies one page of `GET /external/vehicles/changes` and moves the feed's
    /// checkpoint to its `nextSince`, atomically. Returns the new checkpoint; pull again
    /// from it while the page said `hasMore`.
    pub async fn apply_vehicle_page(&self, page: &ChangesPage<Vehicle>) -> Result<Checkpoint> {
        self.apply_page(page).await
    }

    /// [`Cache::apply_vehicle_page`] for `GET /external/customers/changes`.
    pub async fn apply_customer_page(&self, page: &ChangesPage<Customer>) -> Result<Checkpoint> {
        self.apply_page(page).await
    }

    /// [`Cache::apply_vehicle_page`] for `GET /external/test-drives/changes`.
    pub async fn apply_test_drive_page(&self, page: &ChangesPage<TestDrive>) -> Result<Checkpoint> {
        self.apply_page(page).await
    }

    /// Shows a CRM edit made offline at once, and marks the record `pending` so the sync
    /// does not overwrite it before the outbox has replayed the edit.
    pub async fn stage_customer_edit(&self, customer: &Customer) -> Result<()> {
        self.upsert_one(customer, Origin::LocalEdit).await
    }

    /// Stores the server's copy of a customer after the outbox replayed (or dropped) its
    /// edit, and clears `pending`. Give the server's current record (the PATCH response,
    /// or a fresh GET after a 412): changes the sync skipped while pending live in it.
    pub async fn resolve_customer(&self, customer: &Customer) -> Result<()> {
        self.upsert_one(customer, Origin::Resolved).await
    }

    /// [`Cache::stage_customer_edit`] for a test drive.
    pub async fn stage_test_drive_edit(&self, drive: &TestDrive) -> Result<()> {
        self.upsert_one(drive, Origin::LocalEdit).await
    }

    /// [`Cache::resolve_customer`] for a test drive.
    pub async fn resolve_test_drive(&self, drive: &TestDrive) -> Result<()> {
        self.upsert_one(drive, Origin::Resolved).await
    }

    async fn apply<T: Record>(
        &self,
        changes: &[Change<T>],
        checkpoint: Option<&Checkpoint>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        apply_in(&mut tx, changes).await?;
        if let Some(checkpoint) = checkpoint {
            write_checkpoint(&mut tx, T::FEED, checkpoint).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn apply_page<T: Record>(&self, page: &ChangesPage<T>) -> Result<Checkpoint> {
        let mut tx = self.write().await?;
        let current = read_checkpoint(&mut tx, T::FEED).await?;
        apply_in(&mut tx, &page.changes).await?;
        if !page.has_more {
            super::bulk::restore_in(&mut tx, T::FEED).await?;
        }
        let next = Checkpoint {
            // Never backwards: a stale page replayed late cannot rewind the cursor.
            since: current.since.max(page.next_since),
            completed_full: current.completed_full || !page.has_more,
            last_synced_at_ms: Some(now_ms()),
        };
        write_checkpoint(&mut tx, T::FEED, &next).await?;
        tx.commit().await?;
        Ok(next)
    }

    /// Replaces every cached vehicle with `records` in one transaction and marks the feed
    /// fully pulled: the fallback for a server without a changes feed, which pages the
    /// list instead. That list only shows available vehicles, so sold and reserved ones
    /// leave the cache (and its stats) this way; the changes feed keeps them.
    pub async fn replace_vehicles(&self, records: &[Vehicle]) -> Result<()> {
        self.replace_all(records).await
    }

    /// [`Cache::replace_vehicles`] for customers; records with a local edit in flight stay
    /// as they are.
    pub async fn replace_customers(&self, records: &[Customer]) -> Result<()> {
        self.replace_all(records).await
    }

    /// [`Cache::replace_customers`] for test drives.
    pub async fn replace_test_drives(&self, records: &[TestDrive]) -> Result<()> {
        self.replace_all(records).await
    }

    pub(super) async fn replace_all<T: Record>(&self, records: &[T]) -> Result<()> {
        let mut tx = self.write().await?;
        let ids: Vec<&str> = records.iter().map(Record::id).collect();
        let keep_local = if T::LOCAL_EDITS {
            " AND pending = 0"
        } else {
            ""
        };
        sqlx::query(&format!(
            "DELETE FROM {} WHERE id NOT IN (SELECT value FROM json_each(?)){keep_local}",
            T::TABLE
        ))
        .bind(serde_json::to_string(&ids)?)
        .execute(&mut *tx)
        .await?;
        let batch: Vec<(i64, &T)> = records.iter().map(|record| (0, record)).collect();
        for chunk in batch.chunks(UPSERT_BATCH) {
            T::upsert_batch(&mut tx, chunk, Origin::Sync).await?;
        }
        super::bulk::restore_in(&mut tx, T::FEED).await?;
        let current = read_checkpoint(&mut tx, T::FEED).await?;
        let next = Checkpoint {
            completed_full: true,
            last_synced_at_ms: Some(now_ms()),
            ..current
        };
        write_checkpoint(&mut tx, T::FEED, &next).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn upsert_one<T: Record>(&self, record: &T, origin: Origin) -> Result<()> {
        let mut tx = self.write().await?;
        record.upsert(&mut tx, 0, origin).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn apply_in<T: Record>(
    tx: &mut Transaction<'static, Sqlite>,
    changes: &[Change<T>],
) -> Result<()> {
    // Consecutive upserts go in batches; a tombstone first writes what came before it,
    // so the changes still apply in feed order.
    let mut batch: Vec<(i64, &T)> = Vec::with_capacity(UPSERT_BATCH);
    for change in changes {
        match (change.op, &change.data) {
            (ChangeOp::Upsert, Some(record)) => {
                batch.push((change.seq, record));
                if batch.len() == UPSERT_BATCH {
                    T::upsert_batch(tx, &batch, Origin::Sync).await?;
                    batch.clear();
                }
            }
            // A tombstone, or an upsert without its record (nothing to keep of it).
            _ => {
                T::upsert_batch(tx, &batch, Origin::Sync).await?;
                batch.clear();
                sqlx::query(&format!("DELETE FROM {} WHERE id = ?", T::TABLE))
                    .bind(&change.id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    T::upsert_batch(tx, &batch, Origin::Sync).await?;
    Ok(())
}
