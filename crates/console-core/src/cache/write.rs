//! Writes into the cache: batches from the changes feeds (one transaction per batch, with
//! the feed's checkpoint in the same transaction, so a sync killed half-way resumes from
//! the last batch that committed), reference data replaced as a whole, and the outbox's
//! local edits (`pending` records the sync leaves alone until the outbox resolves them).

use super::metadata::{
    Metadata, DRIVETRAIN_TYPES_KIND, ENGINE_TYPES_KIND, TRANSMISSION_TYPES_KIND,
};
use super::params::{ms, now_ms};
use super::Cache;
use crate::error::Result;
use carstrel_model::{Change, ChangeOp, ChangesPage, Customer, TestDrive, Vehicle};
use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, SqliteConnection, Transaction};

/// A stream of server state the cache keeps a checkpoint for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feed {
    Vehicles,
    Customers,
    TestDrives,
    /// Reference data: no cursor, only when it was last replaced.
    Metadata,
}

impl Feed {
    pub const ALL: [Feed; 4] = [
        Feed::Vehicles,
        Feed::Customers,
        Feed::TestDrives,
        Feed::Metadata,
    ];

    /// The key in `sync_state`.
    pub fn as_str(self) -> &'static str {
        match self {
            Feed::Vehicles => "vehicles",
            Feed::Customers => "customers",
            Feed::TestDrives => "test_drives",
            Feed::Metadata => "metadata",
        }
    }
}

/// Where a feed stands: ask the server for changes after `since` next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    /// The last sequence number applied (0: nothing yet).
    pub since: i64,
    /// Whether a pull has reached the end of the feed once, i.e. the cache holds a full
    /// copy and later pulls are deltas. Until then, screens can say "still downloading".
    pub completed_full: bool,
    /// When a batch of this feed last committed (ms since the epoch).
    pub last_synced_at_ms: Option<i64>,
}

/// How an upsert treats a record with a local edit in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// From a changes feed: leaves a `pending` record's local copy alone.
    Sync,
    /// A local edit the outbox will replay: marks the record `pending`.
    LocalEdit,
    /// The server's copy after the outbox replayed (or gave up on) an edit.
    Resolved,
}

impl Origin {
    /// The `pending` value written, and the `WHERE` guarding an overwrite.
    fn pending_and_guard(self, table: &str) -> (i64, String) {
        match self {
            Origin::Sync => (0, format!(" WHERE {table}.pending = 0")),
            Origin::LocalEdit => (1, String::new()),
            Origin::Resolved => (0, String::new()),
        }
    }
}

/// A record kind the changes feeds carry.
trait Record: Sized {
    const FEED: Feed;
    const TABLE: &'static str;
    /// Whether the table has local edits (`pending`) a replacement must keep.
    const LOCAL_EDITS: bool;
    fn id(&self) -> &str;
    async fn upsert(&self, conn: &mut SqliteConnection, seq: i64, origin: Origin) -> Result<()>;

    /// Upserts `(seq, record)` pairs in order; kinds with many records override this
    /// with a multi-row statement.
    async fn upsert_batch(
        conn: &mut SqliteConnection,
        batch: &[(i64, &Self)],
        origin: Origin,
    ) -> Result<()> {
        for (seq, record) in batch {
            record.upsert(conn, *seq, origin).await?;
        }
        Ok(())
    }
}

/// Records per multi-row upsert (19 values each for a vehicle, far below SQLite's limit
/// of 32 766 bound values).
const UPSERT_BATCH: usize = 100;

impl Record for Vehicle {
    const FEED: Feed = Feed::Vehicles;
    const TABLE: &'static str = "vehicles";
    const LOCAL_EDITS: bool = false;
    fn id(&self) -> &str {
        &self.id
    }

    async fn upsert(&self, conn: &mut SqliteConnection, seq: i64, origin: Origin) -> Result<()> {
        Self::upsert_batch(conn, &[(seq, self)], origin).await
    }

    /// One multi-row statement per batch: a page of the feed costs a few statements
    /// instead of one round trip to SQLite's worker thread per vehicle.
    async fn upsert_batch(
        conn: &mut SqliteConnection,
        batch: &[(i64, &Self)],
        _origin: Origin,
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut sql = String::with_capacity(1200 + batch.len() * 60);
        sql.push_str(
            "INSERT INTO vehicles (id, name, description, status, listing_type, brand_id, \
             brand_name, model_id, model_name, body_type_id, body_type_name, year, mileage, \
             price, impressions_count, created_at, updated_at, change_seq, doc) VALUES ",
        );
        for i in 0..batch.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        sql.push_str(
            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
             description = excluded.description, status = excluded.status, \
             listing_type = excluded.listing_type, brand_id = excluded.brand_id, \
             brand_name = excluded.brand_name, model_id = excluded.model_id, \
             model_name = excluded.model_name, body_type_id = excluded.body_type_id, \
             body_type_name = excluded.body_type_name, year = excluded.year, \
             mileage = excluded.mileage, price = excluded.price, \
             impressions_count = excluded.impressions_count, created_at = excluded.created_at, \
             updated_at = excluded.updated_at, change_seq = excluded.change_seq, \
             doc = excluded.doc",
        );
        let mut query = sqlx::query(&sql);
        for (seq, vehicle) in batch {
            let body_type = vehicle.model.body_type.as_ref();
            query = query
                .bind(&vehicle.id)
                .bind(&vehicle.name)
                .bind(&vehicle.description)
                .bind(vehicle.status.as_str())
                .bind(vehicle.listing_type.as_str())
                .bind(&vehicle.model.brand.id)
                .bind(&vehicle.model.brand.name)
                .bind(&vehicle.model.id)
                .bind(&vehicle.model.name)
                .bind(body_type.map(|b| &b.id))
                .bind(body_type.map(|b| &b.name))
                .bind(vehicle.year)
                .bind(vehicle.mileage)
                .bind(vehicle.price)
                .bind(vehicle.impressions_count)
                .bind(ms(&vehicle.created_date)?)
                .bind(ms(&vehicle.updated_date)?)
                .bind(*seq)
                .bind(serde_json::to_string(vehicle)?);
        }
        query.execute(conn).await?;
        Ok(())
    }
}

impl Record for Customer {
    const FEED: Feed = Feed::Customers;
    const TABLE: &'static str = "customers";
    const LOCAL_EDITS: bool = true;
    fn id(&self) -> &str {
        &self.id
    }

    async fn upsert(&self, conn: &mut SqliteConnection, seq: i64, origin: Origin) -> Result<()> {
        let (pending, guard) = origin.pending_and_guard(Self::TABLE);
        let last_purchase = self
            .stats
            .last_purchase_date
            .as_deref()
            .map(ms)
            .transpose()?;
        sqlx::query(&format!(
            "INSERT INTO customers (id, first_name, last_name, email, is_vip, total_purchases, \
             total_spent, lead_score, last_purchase_at, created_at, updated_at, version, \
             change_seq, pending, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, \
             last_name = excluded.last_name, email = excluded.email, is_vip = excluded.is_vip, \
             total_purchases = excluded.total_purchases, total_spent = excluded.total_spent, \
             lead_score = excluded.lead_score, last_purchase_at = excluded.last_purchase_at, \
             created_at = excluded.created_at, updated_at = excluded.updated_at, \
             version = excluded.version, \
             change_seq = MAX(customers.change_seq, excluded.change_seq), \
             pending = excluded.pending, doc = excluded.doc{guard}"
        ))
        .bind(&self.id)
        .bind(&self.user.first_name)
        .bind(&self.user.last_name)
        .bind(&self.user.email)
        .bind(i64::from(self.classification.is_vip))
        .bind(i64::try_from(self.stats.total_purchases).unwrap_or(i64::MAX))
        .bind(self.stats.total_spent)
        .bind(self.classification.lead_score)
        .bind(last_purchase)
        .bind(ms(&self.created_date)?)
        .bind(ms(&self.updated_date)?)
        .bind(self.version)
        .bind(seq)
        .bind(pending)
        .bind(serde_json::to_string(self)?)
        .execute(conn)
        .await?;
        Ok(())
    }
}

impl Record for TestDrive {
    const FEED: Feed = Feed::TestDrives;
    const TABLE: &'static str = "test_drives";
    const LOCAL_EDITS: bool = true;
    fn id(&self) -> &str {
        &self.id
    }

    async fn upsert(&self, conn: &mut SqliteConnection, seq: i64, origin: Origin) -> Result<()> {
        let (pending, guard) = origin.pending_and_guard(Self::TABLE);
        sqlx::query(&format!(
            "INSERT INTO test_drives (id, vehicle_id, customer_id, status, created_at, \
             updated_at, version, change_seq, pending, doc) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET vehicle_id = excluded.vehicle_id, \
             customer_id = excluded.customer_id, status = excluded.status, \
             created_at = excluded.created_at, updated_at = excluded.updated_at, \
             version = excluded.version, \
             change_seq = MAX(test_drives.change_seq, excluded.change_seq), \
             pending = excluded.pending, doc = excluded.doc{guard}"
        ))
        .bind(&self.id)
        .bind(&self.vehicle_id)
        .bind(&self.customer_id)
        .bind(self.status.as_str())
        .bind(ms(&self.created_date)?)
        .bind(ms(&self.updated_date)?)
        .bind(self.version)
        .bind(seq)
        .bind(pending)
        .bind(serde_json::to_string(self)?)
        .execute(conn)
        .await?;
        Ok(())
    }
}

impl Cache {
    /// Where `feed` stands (all zero for a feed never pulled).
    pub async fn checkpoint(&self, feed: Feed) -> Result<Checkpoint> {
        let mut conn = self.pool.acquire().await?;
        read_checkpoint(&mut conn, feed).await
    }

    /// Forgets where `feed` stands, so the next pull starts from the beginning (a full
    /// re-sync, e.g. after [`crate::Error::Corrupt`]). The cached records stay until the
    /// pull overwrites them.
    pub async fn reset_checkpoint(&self, feed: Feed) -> Result<()> {
        sqlx::query("DELETE FROM sync_state WHERE feed = ?")
            .bind(feed.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

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

    /// Replaces all reference data in one transaction, so a screen never sees brands of
    /// one sync with models of another.
    pub async fn replace_metadata(&self, metadata: &Metadata) -> Result<()> {
        let mut tx = self.write().await?;
        for table in [
            "brands",
            "models",
            "body_types",
            "engines",
            "generations",
            "trims",
            "enum_values",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (n, brand) in metadata.brands.iter().enumerate() {
            sqlx::query("INSERT INTO brands (id, position, name, doc) VALUES (?, ?, ?, ?)")
                .bind(&brand.id)
                .bind(n as i64)
                .bind(&brand.name)
                .bind(serde_json::to_string(brand)?)
                .execute(&mut *tx)
                .await?;
        }
        for (n, model) in metadata.models.iter().enumerate() {
            sqlx::query(
                "INSERT INTO models (id, position, brand_id, name, doc) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&model.id)
            .bind(n as i64)
            .bind(&model.brand.id)
            .bind(&model.name)
            .bind(serde_json::to_string(model)?)
            .execute(&mut *tx)
            .await?;
        }
        let simple = [
            ("body_types", docs(&metadata.body_types, |b| &b.id)?),
            ("engines", docs(&metadata.engines, |e| &e.id)?),
        ];
        for (table, rows) in simple {
            for (n, (id, doc)) in rows.into_iter().enumerate() {
                sqlx::query(&format!(
                    "INSERT INTO {table} (id, position, doc) VALUES (?, ?, ?)"
                ))
                .bind(id)
                .bind(n as i64)
                .bind(doc)
                .execute(&mut *tx)
                .await?;
            }
        }
        let per_model = [
            (
                "generations",
                docs(&metadata.generations, |g| &g.id)?,
                metadata
                    .generations
                    .iter()
                    .map(|g| &g.model.id)
                    .collect::<Vec<_>>(),
            ),
            (
                "trims",
                docs(&metadata.trims, |t| &t.id)?,
                metadata.trims.iter().map(|t| &t.model.id).collect(),
            ),
        ];
        for (table, rows, model_ids) in per_model {
            for (n, ((id, doc), model_id)) in rows.into_iter().zip(model_ids).enumerate() {
                sqlx::query(&format!(
                    "INSERT INTO {table} (id, position, model_id, doc) VALUES (?, ?, ?, ?)"
                ))
                .bind(id)
                .bind(n as i64)
                .bind(model_id)
                .bind(doc)
                .execute(&mut *tx)
                .await?;
            }
        }
        for (kind, values) in [
            (ENGINE_TYPES_KIND, &metadata.engine_types),
            (TRANSMISSION_TYPES_KIND, &metadata.transmission_types),
            (DRIVETRAIN_TYPES_KIND, &metadata.drivetrain_types),
        ] {
            for (n, value) in values.iter().enumerate() {
                sqlx::query("INSERT INTO enum_values (kind, position, value) VALUES (?, ?, ?)")
                    .bind(kind)
                    .bind(n as i64)
                    .bind(value)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let checkpoint = Checkpoint {
            since: 0,
            completed_full: true,
            last_synced_at_ms: Some(now_ms()),
        };
        write_checkpoint(&mut tx, Feed::Metadata, &checkpoint).await?;
        tx.commit().await?;
        Ok(())
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

    async fn apply_page<T: Record>(&self, page: &ChangesPage<T>) -> Result<Checkpoint> {
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

    async fn replace_all<T: Record>(&self, records: &[T]) -> Result<()> {
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

    async fn upsert_one<T: Record>(&self, record: &T, origin: Origin) -> Result<()> {
        let mut tx = self.write().await?;
        record.upsert(&mut tx, 0, origin).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes a customer edited offline, marked `pending`, inside the caller's transaction
/// (the outbox queues the edit in the same one).
pub async fn upsert_local_customer(conn: &mut SqliteConnection, customer: &Customer) -> Result<()> {
    customer.upsert(conn, 0, Origin::LocalEdit).await
}

/// Writes the server's copy of a customer and clears `pending`, inside the caller's
/// transaction.
pub async fn upsert_resolved_customer(
    conn: &mut SqliteConnection,
    customer: &Customer,
) -> Result<()> {
    customer.upsert(conn, 0, Origin::Resolved).await
}

/// [`upsert_local_customer`] for a test drive.
pub async fn upsert_local_test_drive(conn: &mut SqliteConnection, drive: &TestDrive) -> Result<()> {
    drive.upsert(conn, 0, Origin::LocalEdit).await
}

/// [`upsert_resolved_customer`] for a test drive.
pub async fn upsert_resolved_test_drive(
    conn: &mut SqliteConnection,
    drive: &TestDrive,
) -> Result<()> {
    drive.upsert(conn, 0, Origin::Resolved).await
}

/// `(id, JSON)` of each item, in order.
fn docs<T: Serialize>(items: &[T], id: impl Fn(&T) -> &String) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| Ok((id(item).clone(), serde_json::to_string(item)?)))
        .collect()
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

async fn read_checkpoint(conn: &mut SqliteConnection, feed: Feed) -> Result<Checkpoint> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT since, completed_full, last_synced_at FROM sync_state WHERE feed = ?",
    )
    .bind(feed.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map_or_else(Checkpoint::default, |(since, full, at)| Checkpoint {
            since,
            completed_full: full != 0,
            last_synced_at_ms: at,
        }),
    )
}

async fn write_checkpoint(
    conn: &mut SqliteConnection,
    feed: Feed,
    checkpoint: &Checkpoint,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_state (feed, since, completed_full, last_synced_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (feed) DO UPDATE SET since = excluded.since, \
         completed_full = excluded.completed_full, last_synced_at = excluded.last_synced_at",
    )
    .bind(feed.as_str())
    .bind(checkpoint.since)
    .bind(i64::from(checkpoint.completed_full))
    .bind(checkpoint.last_synced_at_ms)
    .execute(conn)
    .await?;
    Ok(())
}
