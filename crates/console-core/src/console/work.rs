//! What the inbox, a lead's page and the tasks screen read and the work they do, against
//! the cache: each edit shows at once and waits in the outbox for the server. A lead's
//! history is the one read that asks the server first (the feed carries leads, not their
//! history), and shows the copy kept from last time when it cannot.

use super::session::Console;
use crate::cache::{LeadDetailRow, LeadRow, TaskRow};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_client::model::*;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

/// How long a lead's page waits for its fresh history before showing the kept one.
const HISTORY_WAIT: Duration = Duration::from_secs(4);

impl Console {
    pub async fn list_leads(&self, query: &LeadQuery) -> Result<Page<LeadRow>> {
        self.cache().await.list_lead_rows(query).await
    }

    /// A lead's page. Online, its history is fetched (and kept for offline); offline, or
    /// when the server is slow, the history kept from the last fetch shows.
    pub async fn get_lead(&self, id: &str) -> Result<LeadDetailRow> {
        let cache = self.cache().await;
        let offers_leads = cache.capabilities().await?.is_some_and(|c| c.leads);
        if offers_leads && self.online.load(Relaxed) {
            let id = carstrel_model::rules::id("id", id).map_err(Error::invalid_query)?;
            let client = self.session.read().await.client.clone();
            if let Ok(fetched) = tokio::time::timeout(HISTORY_WAIT, client.leads().get(&id)).await {
                let fetched = fetched.map_err(Error::from);
                self.note_contact(&fetched);
                if let Ok(detail) = fetched {
                    cache.store_lead_detail(&detail.into_inner()).await?;
                }
            }
        }
        cache.get_lead_detail(id).await
    }

    /// `GET /external/leads/stats/summary`, from the cache.
    pub async fn lead_stats(&self) -> Result<LeadStats> {
        self.cache().await.lead_stats(crate::clock::now_ms()).await
    }

    /// The staff leads and tasks can be assigned to, as last synced.
    pub async fn staff(&self) -> Result<Vec<StaffMember>> {
        self.cache().await.staff().await
    }

    /// Leads nobody has answered yet: the inbox's count badge.
    pub async fn new_lead_count(&self) -> Result<u32> {
        self.cache().await.new_lead_count().await
    }

    /// Works a lead (status, assignment, lost reason) at once and queues it.
    pub async fn update_lead(&self, id: &str, change: &LeadUpdate) -> Result<LeadRow> {
        let cache = self.cache().await;
        self.refuse_without(|c| c.leads, crate::sync::NO_LEADS)
            .await?;
        let lead = cache.queue_lead_update(id, change).await?;
        cache.get_lead_row(&lead.id).await
    }

    pub async fn list_tasks(&self, query: &TaskQuery) -> Result<Page<TaskRow>> {
        self.cache().await.list_task_rows(query).await
    }

    /// Adds a follow-up task at once (with a provisional id) and queues it.
    pub async fn create_task(&self, request: &CreateTaskRequest) -> Result<TaskRow> {
        self.refuse_without(|c| c.tasks, crate::sync::NO_TASKS)
            .await?;
        let cache = self.cache().await;
        let task = cache.queue_task_create(request).await?;
        cache.get_task_row(&task.id).await
    }

    /// Changes a task (checked off, opened again, retitled, moved) at once and queues it.
    pub async fn update_task(&self, id: &str, change: &TaskUpdate) -> Result<TaskRow> {
        self.refuse_without(|c| c.tasks, crate::sync::NO_TASKS)
            .await?;
        let cache = self.cache().await;
        let task = cache.queue_task_update(id, change).await?;
        cache.get_task_row(&task.id).await
    }

    /// Deletes a task at once and queues the deletion.
    pub async fn delete_task(&self, id: &str) -> Result<()> {
        self.refuse_without(|c| c.tasks, crate::sync::NO_TASKS)
            .await?;
        self.cache().await.queue_task_delete(id).await
    }

    /// Refuses work the profile's server is known not to take (as last learned).
    async fn refuse_without(
        &self,
        offers: impl Fn(&Capabilities) -> bool,
        why: &str,
    ) -> Result<()> {
        match self.cache().await.capabilities().await? {
            Some(caps) if !offers(&caps) => Err(Error::InvalidChange(why.to_owned())),
            _ => Ok(()),
        }
    }
}
