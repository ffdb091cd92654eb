//! What the screens read and the edits they make, all against the cache: the dashboard,
//! the inventory filters and lists, the CRM, test drives, the outbox and its conflicts,
//! and the CSV export. Each edit shows at once and waits in the outbox for the server.

use super::session::Console;
use crate::cache::outbox::{Conflict, Keep, OutboxEntry};
use crate::cache::{TestDriveQuery, VehicleRow};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_client::model::*;
use serde::Serialize;

pub use crate::cache::{CustomerRow, LeadDetailRow, LeadRow, TaskRow, TestDriveRow};
pub use crate::export::ExportKind;

/// The dashboard: the two stat summaries, the test drives to work, and the day's leads
/// and overdue tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub vehicles: VehicleStats,
    pub customers: CustomerStats,
    pub pending_test_drives: u32,
    /// Confirmed drives still ahead, soonest first (the first five).
    pub upcoming_test_drives: Vec<TestDrive>,
    /// The lead figures (new today, median first response, by source); all zero on a
    /// server without leads.
    pub leads: LeadStats,
    /// Open tasks already past due.
    pub overdue_tasks: u32,
}

/// Choices for the inventory filters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FilterOptions {
    pub brands: Vec<NamedRef>,
    pub models: Vec<ModelOption>,
    pub body_types: Vec<NamedRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ModelOption {
    pub id: String,
    pub name: String,
    pub brand_id: String,
}

impl Console {
    pub async fn dashboard(&self) -> Result<Dashboard> {
        let cache = self.cache().await;
        let pending = TestDriveQuery {
            status: Some(TestDriveStatus::Pending),
            limit: Some(1),
            ..Default::default()
        };
        let confirmed = TestDriveQuery {
            status: Some(TestDriveStatus::Confirmed),
            limit: Some(MAX_LIMIT),
            ..Default::default()
        };
        let overdue = TaskQuery::new().due(TaskDue::Overdue).limit(1);
        let now = crate::clock::now_ms();
        let confirmed = cache.list_test_drives(&confirmed).await?.items;
        Ok(Dashboard {
            vehicles: cache.vehicle_stats().await?,
            customers: cache.customer_stats(now).await?,
            pending_test_drives: cache.list_test_drives(&pending).await?.total as u32,
            upcoming_test_drives: upcoming(confirmed, now, UPCOMING_ON_DASHBOARD),
            leads: cache.lead_stats(now).await?,
            overdue_tasks: cache.list_tasks(&overdue).await?.total as u32,
        })
    }

    pub async fn filter_options(&self) -> Result<FilterOptions> {
        let metadata = self.cache().await.metadata().await?;
        let named = |id: &str, name: &str| NamedRef {
            id: id.to_owned(),
            name: name.to_owned(),
        };
        Ok(FilterOptions {
            brands: metadata
                .brands
                .iter()
                .map(|b| named(&b.id, &b.name))
                .collect(),
            models: metadata
                .models
                .iter()
                .map(|m| ModelOption {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    brand_id: m.brand.id.clone(),
                })
                .collect(),
            body_types: metadata
                .body_types
                .iter()
                .map(|b| named(&b.id, &b.name))
                .collect(),
        })
    }

    pub async fn list_vehicles(
        &self,
        query: &VehicleQuery,
        search: Option<&str>,
    ) -> Result<Page<Vehicle>> {
        self.cache().await.list_vehicles(query, search).await
    }

    /// The inventory table's page: [`crate::Cache::list_vehicle_rows`].
    pub async fn list_vehicle_rows(
        &self,
        query: &VehicleQuery,
        search: Option<&str>,
    ) -> Result<Page<VehicleRow>> {
        self.cache().await.list_vehicle_rows(query, search).await
    }

    pub async fn get_vehicle(&self, id: &str) -> Result<Vehicle> {
        self.cache().await.get_vehicle(id).await
    }

    pub async fn list_customers(&self, query: &CustomerQuery) -> Result<Page<CustomerRow>> {
        self.cache().await.list_customer_rows(query).await
    }

    pub async fn get_customer(&self, id: &str) -> Result<CustomerRow> {
        self.cache().await.get_customer_row(id).await
    }

    /// Applies a CRM edit at once (it shows as pending) and queues it for the server.
    pub async fn update_customer(&self, id: &str, change: &CustomerUpdate) -> Result<CustomerRow> {
        let cache = self.cache().await;
        let customer = cache.queue_customer_update(id, change).await?;
        cache.get_customer_row(&customer.id).await
    }

    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        self.cache().await.conflicts().await
    }

    pub async fn resolve_conflict(&self, id: i64, keep: Keep) -> Result<()> {
        self.cache().await.resolve_conflict(id, keep).await
    }

    pub async fn list_test_drives(&self, query: &TestDriveQuery) -> Result<Page<TestDriveRow>> {
        self.cache().await.list_test_drive_rows(query).await
    }

    pub async fn create_test_drive(
        &self,
        request: &CreateTestDriveRequest,
    ) -> Result<TestDriveRow> {
        let cache = self.cache().await;
        let drive = cache.queue_test_drive_create(request).await?;
        cache.get_test_drive_row(&drive.id).await
    }

    pub async fn update_test_drive(
        &self,
        id: &str,
        change: &TestDriveUpdate,
    ) -> Result<TestDriveRow> {
        let cache = self.cache().await;
        refuse_without_test_drive_update(&cache).await?;
        let drive = cache.queue_test_drive_update(id, change).await?;
        cache.get_test_drive_row(&drive.id).await
    }

    /// "Send again" on a booking whose reply was lost: the user accepts it may arrive twice.
    pub async fn send_again(&self, seq: i64) -> Result<()> {
        self.cache().await.send_again(seq).await
    }

    /// "Discard" on a booking whose reply was lost (it arrived, as far as the user knows).
    pub async fn discard_unconfirmed(&self, seq: i64) -> Result<()> {
        self.cache().await.discard_unconfirmed(seq).await
    }

    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        self.cache().await.outbox().await
    }

    /// Writes every cached vehicle (available ones, as the inventory lists them) or every
    /// customer to a CSV file; returns the rows written.
    pub async fn export_csv(&self, kind: ExportKind, path: &std::path::Path) -> Result<u32> {
        crate::export::write_csv(&self.cache().await, kind, path).await
    }
}

/// How many upcoming test drives the dashboard lists.
const UPCOMING_ON_DASHBOARD: usize = 5;

/// The confirmed drives still ahead of `now_ms`, soonest first, at most `n`: one whose
/// slot has passed is work to settle (completed or no-show), not something coming up.
fn upcoming(confirmed: Vec<TestDrive>, now_ms: i64, n: usize) -> Vec<TestDrive> {
    let mut ahead: Vec<(i64, TestDrive)> = confirmed
        .into_iter()
        .filter_map(|drive| {
            let at = crate::clock::parse_ms(drive.scheduled_at.as_deref()?)?;
            (at >= now_ms).then_some((at, drive))
        })
        .collect();
    ahead.sort_by_key(|(at, _)| *at);
    ahead.into_iter().take(n).map(|(_, drive)| drive).collect()
}
/// A server known to lack `PATCH /external/test-drives/{id}` cannot take a status change
/// or a move: refused before anything is queued, in one wording for both.
pub(super) async fn refuse_without_test_drive_update(cache: &crate::cache::Cache) -> Result<()> {
    if cache
        .capabilities()
        .await?
        .is_some_and(|caps| !caps.test_drive_update)
    {
        return Err(Error::InvalidChange(
            crate::sync::NO_TEST_DRIVE_UPDATE.to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(id: &str, scheduled_at: Option<&str>) -> TestDrive {
        TestDrive {
            id: id.into(),
            vehicle_id: "v".into(),
            vehicle_name: None,
            customer_id: None,
            name: "Ann Otieno".into(),
            email: "ann@example.com".into(),
            phone: None,
            preferred_date: None,
            scheduled_at: scheduled_at.map(Into::into),
            status: TestDriveStatus::Confirmed,
            notes: None,
            created_date: "2026-11-01T09:00:00.000Z".into(),
            updated_date: "2026-11-01T09:00:00.000Z".into(),
            version: 1,
            duration_minutes: 30,
        }
    }

    #[test]
    fn upcoming_keeps_drives_still_ahead_soonest_first() {
        let now = crate::clock::parse_ms("2026-11-29T12:00:00.000Z").unwrap();
        let drives = vec![
            drive("later", Some("2026-12-03T10:00:00.000Z")),
            drive("past", Some("2026-11-20T10:00:00.000Z")),
            drive("unscheduled", None),
            drive("garbled", Some("next tuesday")),
            drive("soon", Some("2026-11-29T15:30:00.000Z")),
            drive("offset", Some("2026-12-01T09:00:00+02:00")),
        ];
        let ids: Vec<String> = upcoming(drives.clone(), now, 5)
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["soon", "offset", "later"]);
        assert_eq!(upcoming(drives, now, 1)[0].id, "soon");
    }
}
