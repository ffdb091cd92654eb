//! How each record kind the changes feeds carry is stored: its typed, indexed columns
//! beside the whole document, and what an upsert does to a record with a local edit in
//! flight (`pending`, which the sync leaves alone until the outbox resolves it).

use super::checkpoint::Feed;
use super::params::ms;
use crate::error::Result;
use carstrel_model::{Customer, TestDrive, Vehicle};
use sqlx::SqliteConnection;

/// How an upsert treats a record with a local edit in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// From a changes feed: leaves a `pending` record's local copy alone.
    Sync,
    /// A local edit the outbox will replay: marks the record `pending`.
    LocalEdit,
    /// The server's copy after the outbox replayed (or gave up on) an edit.
    Resolved,
}

impl Origin {
    /// The `pending` value written, and the `WHERE` guarding an overwrite.
    pub(super) fn pending_and_guard(self, table: &str) -> (i64, String) {
        match self {
            Origin::Sync => (0, format!(" WHERE {table}.pending = 0")),
            Origin::LocalEdit => (1, String::new()),
            Origin::Resolved => (0, String::new()),
        }
    }
}

/// A record kind the changes feeds carry.
pub(super) trait Record: Sized {
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
pub(super) const UPSERT_BATCH: usize = 100;

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

/// Writes a customer edited offline, marked `pending`, inside the caller's transaction
/// (the outbox queues the edit in the same one).
pub(super) async fn upsert_local_customer(
    conn: &mut SqliteConnection,
    customer: &Customer,
) -> Result<()> {
    customer.upsert(conn, 0, Origin::LocalEdit).await
}

/// Writes the server's copy of a customer and clears `pending`, inside the caller's
/// transaction.
pub(super) async fn upsert_resolved_customer(
    conn: &mut SqliteConnection,
    customer: &Customer,
) -> Result<()> {
    customer.upsert(conn, 0, Origin::Resolved).await
}

/// [`upsert_local_customer`] for a test drive.
pub(super) async fn upsert_local_test_drive(
    conn: &mut SqliteConnection,
    drive: &TestDrive,
) -> Result<()> {
    drive.upsert(conn, 0, Origin::LocalEdit).await
}

/// [`upsert_resolved_customer`] for a test drive.
pub(super) async fn upsert_resolved_test_drive(
    conn: &mut SqliteConnection,
    drive: &TestDrive,
) -> Result<()> {
    drive.upsert(conn, 0, Origin::Resolved).await
}
