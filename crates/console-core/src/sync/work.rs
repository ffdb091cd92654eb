//! The dealer's day over the network: the lead and task feeds (pulled like the others,
//! only where the server offers them), the staff list, and sending lead and task work
//! from the outbox.

use super::{SyncPhase, SyncReport, Synced};
use crate::cache::outbox::{Entity, EntryKind, QueuedEntry, ServerCopy};
use crate::cache::{Cache, Checkpoint, Feed};
use crate::error::Result;
use carstrel_client::model::{
    ChangesPage, CreateTaskRequest, Lead, LeadQuery, LeadUpdate, Task, TaskQuery, TaskUpdate,
    MAX_LIMIT,
};
use carstrel_client::{Client, Error as ApiError};
use futures_util::TryStreamExt;

/// The message of lead work on a server without the lead inbox.
pub const NO_LEADS: &str = "This server has no lead inbox";
/// The message of task work on a server without follow-up tasks.
pub const NO_TASKS: &str = "This server has no follow-up tasks";

impl Synced for Lead {
    const FEED: Feed = Feed::Leads;
    const PHASE: SyncPhase = SyncPhase::Leads;
    async fn changes(
        client: &Client,
        since: i64,
        limit: u32,
    ) -> carstrel_client::Result<ChangesPage<Self>> {
        client.leads().changes(since, Some(limit)).await
    }
    async fn total(client: &Client) -> carstrel_client::Result<u64> {
        Ok(client.leads().list(&LeadQuery::new().limit(1)).await?.total)
    }
    async fn list_all(client: &Client) -> carstrel_client::Result<Vec<Self>> {
        let query = LeadQuery::new().limit(MAX_LIMIT);
        client.leads().stream(&query).try_collect().await
    }
    async fn apply_page(cache: &Cache, page: &ChangesPage<Self>) -> Result<Checkpoint> {
        cache.apply_lead_page(page).await
    }
    async fn replace_all(cache: &Cache, records: &[Self]) -> Result<()> {
        cache.replace_leads(records).await
    }
    fn count(report: &mut SyncReport) -> &mut u32 {
        &mut report.leads
    }
}

impl Synced for Task {
    const FEED: Feed = Feed::Tasks;
    const PHASE: SyncPhase = SyncPhase::Tasks;
    async fn changes(
        client: &Client,
        since: i64,
        limit: u32,
    ) -> carstrel_client::Result<ChangesPage<Self>> {
        client.tasks().changes(since, Some(limit)).await
    }
    async fn total(client: &Client) -> carstrel_client::Result<u64> {
        Ok(client.tasks().list(&TaskQuery::new().limit(1)).await?.total)
    }
    async fn list_all(client: &Client) -> carstrel_client::Result<Vec<Self>> {
        let query = TaskQuery::new().limit(MAX_LIMIT);
        client.tasks().stream(&query).try_collect().await
    }
    async fn apply_page(cache: &Cache, page: &ChangesPage<Self>) -> Result<Checkpoint> {
        cache.apply_task_page(page).await
    }
    async fn replace_all(cache: &Cache, records: &[Self]) -> Result<()> {
        cache.replace_tasks(records).await
    }
    fn count(report: &mut SyncReport) -> &mut u32 {
        &mut report.tasks
    }
}

/// Sends one lead or task entry with its `Idempotency-Key`, and `If-Match` on the
/// record's last server version when it has one. A delete of a task the server no
/// longer has is done.
pub(super) async fn send(
    client: &Client,
    entry: &QueuedEntry,
) -> carstrel_client::Result<ServerCopy> {
    let decode =
        |e: serde_json::Error| ApiError::Usage(format!("a queued entry is unreadable: {e}"));
    match entry.kind {
        EntryKind::LeadUpdate => {
            let change: LeadUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let mut update = client
                .leads()
                .update(&entry.entity_id, &change)
                .idempotency_key(&entry.idempotency_key);
            if let Some(version) = entry.base_version {
                update = update.if_version(version);
            }
            Ok(ServerCopy::Lead(Box::new(
                update.send().await?.into_inner(),
            )))
        }
        EntryKind::TaskCreate => {
            let request: CreateTaskRequest =
                serde_json::from_str(&entry.payload).map_err(decode)?;
            let created = client
                .tasks()
                .create(&request)
                .idempotency_key(&entry.idempotency_key)
                .send()
                .await?;
            Ok(ServerCopy::Task(created.into_inner()))
        }
        EntryKind::TaskUpdate => {
            let change: TaskUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let mut update = client
                .tasks()
                .update(&entry.entity_id, &change)
                .idempotency_key(&entry.idempotency_key);
            if let Some(version) = entry.base_version {
                update = update.if_version(version);
            }
            Ok(ServerCopy::Task(update.send().await?.into_inner()))
        }
        EntryKind::TaskDelete => match client.tasks().delete(&entry.entity_id).await {
            Ok(()) | Err(ApiError::NotFound { .. }) => Ok(ServerCopy::TaskDeleted),
            Err(error) => Err(error),
        },
        EntryKind::CustomerUpdate
        | EntryKind::TestDriveCreate
        | EntryKind::TestDriveUpdate
        | EntryKind::VehicleUpdate => Err(ApiError::Usage(format!(
            "{:?} is not lead or task work",
            entry.kind
        ))),
    }
}

/// The server's current copy of a lead (without its history) or task, for a conflict.
pub(super) async fn fetch_current(
    client: &Client,
    entry: &QueuedEntry,
) -> carstrel_client::Result<serde_json::Value> {
    let value = match entry.kind.entity() {
        Entity::Lead => serde_json::to_value(
            client
                .leads()
                .get(&entry.entity_id)
                .await?
                .into_inner()
                .lead,
        ),
        Entity::Task => {
            serde_json::to_value(client.tasks().get(&entry.entity_id).await?.into_inner())
        }
        Entity::Customer | Entity::TestDrive | Entity::Vehicle => {
            return Err(ApiError::Usage(format!(
                "{:?} is not lead or task work",
                entry.kind
            )))
        }
    };
    value.map_err(|e| ApiError::Usage(e.to_string()))
}
