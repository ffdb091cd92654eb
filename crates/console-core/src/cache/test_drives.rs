//! Test-drive requests offline: `GET /external/test-drives` answered from the cache in the
//! server's order (newest first, then id; by slot with `from`/`to`, see
//! [`super::calendar`]), and the detail.

use super::params::{optional_id, paging};
use super::Cache;
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::{TestDrive, TEST_DRIVES_DEFAULT_LIMIT};
use serde::Serialize;
use sqlx::QueryBuilder;

pub use carstrel_model::TestDriveQuery;

/// A test drive with whether a change of it waits to be sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TestDriveRow {
    pub test_drive: TestDrive,
    pub pending: bool,
    /// Booked in this console: on a server that cannot list test drives, these are the
    /// ones the console knows of.
    pub booked_here: bool,
    /// The outbox entry of a booking whose reply was lost on a server that cannot say
    /// whether it arrived: the user answers "send again" or "discard" for it.
    pub unconfirmed: Option<i64>,
}

/// The server reads a test drive's `vehicleName` from the vehicle at read time; so does
/// the cache, from the cached vehicle when there is one (its name may have changed since
/// the test drive was last synced, which does not put the test drive in the feed again).
pub(super) const SELECT: &str = "SELECT t.doc, v.name, t.pending, t.booked_here, \
    (SELECT o.seq FROM outbox o WHERE o.entity_id = t.id AND o.state = 'unconfirmed') \
    FROM test_drives t \
    LEFT JOIN vehicles v ON v.id = t.vehicle_id";

pub(super) type RawRow = (String, Option<String>, bool, bool, Option<i64>);

pub(super) fn decode(
    (doc, vehicle_name, pending, booked_here, unconfirmed): RawRow,
) -> Result<TestDriveRow> {
    let mut drive: TestDrive = serde_json::from_str(&doc)?;
    if vehicle_name.is_some() {
        drive.vehicle_name = vehicle_name;
    }
    Ok(TestDriveRow {
        test_drive: drive,
        pending,
        booked_here,
        unconfirmed,
    })
}

impl Cache {
    /// One page of test drives, as `GET /external/test-drives` with `query` returns it:
    /// newest request first, ties by id; the server's paging bounds and id checks.
    pub async fn list_test_drives(&self, query: &TestDriveQuery) -> Result<Page<TestDrive>> {
        Ok(self
            .list_test_drive_rows(query)
            .await?
            .map(|row| row.test_drive))
    }

    /// [`Cache::list_test_drives`] with each drive's `pending` column (a change not yet on
    /// the server: queued, refused or in conflict).
    pub async fn list_test_drive_rows(&self, query: &TestDriveQuery) -> Result<Page<TestDriveRow>> {
        let paging = paging(query.page, query.limit, TEST_DRIVES_DEFAULT_LIMIT)?;
        let vehicle_id = optional_id(query.vehicle_id.as_deref(), "vehicleId")?;
        let customer_id = optional_id(query.customer_id.as_deref(), "customerId")?;
        let filters = |sql: &mut QueryBuilder<'_, sqlx::Sqlite>| {
            if let Some(status) = query.status {
                sql.push(" AND t.status = ").push_bind(status.as_str());
            }
            if let Some(id) = &vehicle_id {
                sql.push(" AND t.vehicle_id = ").push_bind(id.clone());
            }
            if let Some(id) = &customer_id {
                sql.push(" AND t.customer_id = ").push_bind(id.clone());
            }
        };
        if query.from.is_some() || query.to.is_some() {
            return self
                .list_test_drive_rows_by_slot(query, filters, paging)
                .await;
        }
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM test_drives t WHERE 1 = 1");
        filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut select = QueryBuilder::new(SELECT);
        select.push(" WHERE 1 = 1");
        filters(&mut select);
        select
            .push(" ORDER BY t.created_at DESC, t.id ASC LIMIT ")
            .push_bind(i64::from(paging.limit))
            .push(" OFFSET ")
            .push_bind(paging.offset());
        let rows: Vec<RawRow> = select.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(decode).collect::<Result<_>>()?;
        Ok(Page::new(items, total as u64, paging.page, paging.limit))
    }

    /// One test drive as last synced (or as edited offline, while the edit is pending).
    pub async fn get_test_drive(&self, id: &str) -> Result<TestDrive> {
        Ok(self.get_test_drive_row(id).await?.test_drive)
    }

    /// [`Cache::get_test_drive`] with its `pending` column.
    pub async fn get_test_drive_row(&self, id: &str) -> Result<TestDriveRow> {
        let id = super::params::id(id, "id")?;
        let row: Option<RawRow> = sqlx::query_as(&format!("{SELECT} WHERE t.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        decode(row.ok_or(Error::NotFound("Test drive"))?)
    }
}
