//! The dealer's day in the outbox: lead work (status, assignment, lost reason) and
//! follow-up tasks (add, change, check off, delete), applied to the cache at once with
//! the rule book ([`rules::apply_lead_update`], [`rules::new_task`],
//! [`rules::apply_task_update`], the functions the server applies) and queued in the same
//! transaction; and what the server's answer to each changes in the cache.

use super::entries::{insert_entry, read_doc, QueuedEntry, ServerCopy};
use super::{Entity, EntryKind};
use crate::cache::leads::{check_staff, store_activities};
use crate::cache::records::{Origin, Record};
use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_model::{rules, CreateTaskRequest, Lead, LeadUpdate, Task, TaskUpdate};
use sqlx::SqliteConnection;

impl Cache {
    /// Applies staff work to the cached lead at once and queues it. Refuses what the
    /// server would (a `lost` without a reason, a final lead reopened, a staff id the
    /// cached staff list lacks) with the server's message. Returns the lead as shown.
    pub async fn queue_lead_update(&self, id: &str, change: &LeadUpdate) -> Result<Lead> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let mut lead: Lead = read_doc(&mut tx, "leads", id)
            .await?
            .ok_or(Error::NotFound("Lead"))?;
        let base = serde_json::to_string(&lead)?;
        rules::apply_lead_update(&mut lead, change, now)?;
        check_staff(&mut tx, "assignedTo", change.assigned_to.as_deref()).await?;
        lead.upsert(&mut tx, 0, Origin::LocalEdit).await?;
        let payload = serde_json::to_string(change)?;
        insert_entry(
            &mut tx,
            EntryKind::LeadUpdate,
            id,
            &payload,
            Some(&base),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(lead)
    }

    /// Adds a task offline: it shows at once with a provisional id, and takes the
    /// server's id when the outbox has sent it.
    pub async fn queue_task_create(&self, request: &CreateTaskRequest) -> Result<Task> {
        let now = crate::clock::now_ms();
        let task = rules::new_task(uuid::Uuid::new_v4().to_string(), request, now)?;
        let mut tx = self.write().await?;
        check_staff(&mut tx, "assignedTo", task.assigned_to.as_deref()).await?;
        task.upsert(&mut tx, 0, Origin::LocalEdit).await?;
        let payload = serde_json::to_string(request)?;
        insert_entry(
            &mut tx,
            EntryKind::TaskCreate,
            &task.id,
            &payload,
            None,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(task)
    }

    /// Changes a cached task at once (checked off, opened again, retitled, moved) and
    /// queues the change.
    pub async fn queue_task_update(&self, id: &str, change: &TaskUpdate) -> Result<Task> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let mut task = live_task(&mut tx, id).await?;
        let base = serde_json::to_string(&task)?;
        rules::apply_task_update(&mut task, change, now)?;
        check_staff(&mut tx, "assignedTo", change.assigned_to.as_deref()).await?;
        task.upsert(&mut tx, 0, Origin::LocalEdit).await?;
        let payload = serde_json::to_string(change)?;
        insert_entry(
            &mut tx,
            EntryKind::TaskUpdate,
            id,
            &payload,
            Some(&base),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(task)
    }

    /// Deletes a task offline: gone from every list at once, kept (pending) until the
    /// server has deleted it too.
    pub async fn queue_task_delete(&self, id: &str) -> Result<()> {
        let now = crate::clock::now_ms();
        let mut tx = self.write().await?;
        let task = live_task(&mut tx, id).await?;
        sqlx::query("UPDATE tasks SET pending = 1, deleted = 1 WHERE id = ?")
            .bind(&task.id)
            .execute(&mut *tx)
            .await?;
        let base = serde_json::to_string(&task)?;
        insert_entry(
            &mut tx,
            EntryKind::TaskDelete,
            &task.id,
            "{}",
            Some(&base),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A cached task not deleted offline.
async fn live_task(conn: &mut SqliteConnection, id: &str) -> Result<Task> {
    let id = rules::id("id", id).map_err(Error::invalid_query)?;
    let doc: Option<String> =
        sqlx::query_scalar("SELECT doc FROM tasks WHERE id = ? AND deleted = 0")
            .bind(&id)
            .fetch_optional(conn)
            .await?;
    Ok(serde_json::from_str(&doc.ok_or(Error::NotFound("Task"))?)?)
}

/// The entries still queued for a record, oldest first: (kind, payload).
async fn later_entries(conn: &mut SqliteConnection, id: &str) -> Result<Vec<(EntryKind, String)>> {
    Ok(
        sqlx::query_as("SELECT kind, payload FROM outbox WHERE entity_id = ? ORDER BY seq")
            .bind(id)
            .fetch_all(conn)
            .await?,
    )
}

/// Shows the server's copy of a lead with the work still queued for it re-applied on
/// top (marked pending), or as it is when nothing is queued.
async fn show_lead(conn: &mut SqliteConnection, mut lead: Lead, now: i64) -> Result<()> {
    let later = later_entries(conn, &lead.id).await?;
    if later.is_empty() {
        return lead.upsert(conn, 0, Origin::Resolved).await;
    }
    for (_, payload) in later {
        let change: LeadUpdate = serde_json::from_str(&payload)?;
        let _ = rules::apply_lead_update(&mut lead, &change, now);
    }
    lead.upsert(conn, 0, Origin::LocalEdit).await
}

/// [`show_lead`] for a task; a queued delete keeps it hidden.
async fn show_task(conn: &mut SqliteConnection, mut task: Task, now: i64) -> Result<()> {
    let later = later_entries(conn, &task.id).await?;
    if later.is_empty() {
        return task.upsert(conn, 0, Origin::Resolved).await;
    }
    let mut deleted = false;
    for (kind, payload) in later {
        match kind {
            EntryKind::TaskDelete => deleted = true,
            _ => {
                let change: TaskUpdate = serde_json::from_str(&payload)?;
                let _ = rules::apply_task_update(&mut task, &change, now);
            }
        }
    }
    task.upsert(conn, 0, Origin::LocalEdit).await?;
    sqlx::query("UPDATE tasks SET deleted = ? WHERE id = ?")
        .bind(i64::from(deleted))
        .bind(&task.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The server accepted a lead or task entry (already dropped from the queue): store its
/// copy inside the caller's transaction.
pub(super) async fn complete_in(
    conn: &mut SqliteConnection,
    entry: &QueuedEntry,
    copy: ServerCopy,
    now: i64,
) -> Result<()> {
    match copy {
        ServerCopy::Lead(detail) => {
            store_activities(conn, &detail).await?;
            show_lead(conn, detail.lead, now).await
        }
        ServerCopy::Task(task) => {
            if entry.kind == EntryKind::TaskCreate && task.id != entry.entity_id {
                // The provisional id gives way to the server's, for later entries too.
                sqlx::query("DELETE FROM tasks WHERE id = ?")
                    .bind(&entry.entity_id)
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("UPDATE outbox SET entity_id = ? WHERE entity_id = ?")
                    .bind(&task.id)
                    .bind(&entry.entity_id)
                    .execute(&mut *conn)
                    .await?;
            }
            show_task(conn, task, now).await
        }
        ServerCopy::TaskDeleted => {
            sqlx::query("DELETE FROM tasks WHERE id = ?")
                .bind(&entry.entity_id)
                .execute(conn)
                .await?;
            Ok(())
        }
        ServerCopy::Customer(_) | ServerCopy::TestDrive(_) | ServerCopy::Vehicle(_) => {
            Err(Error::Corrupt(
                "a customer or test drive reply handed to the lead and task outbox".into(),
            ))
        }
    }
}

/// "Take theirs" on a lead or task conflict: their copy, with what is still queued for
/// the record re-applied on top.
pub(super) async fn resolve_with_theirs(
    conn: &mut SqliteConnection,
    entity: Entity,
    theirs: &str,
    now: i64,
) -> Result<()> {
    match entity {
        Entity::Lead => show_lead(conn, serde_json::from_str(theirs)?, now).await,
        Entity::Task => show_task(conn, serde_json::from_str(theirs)?, now).await,
        Entity::Customer | Entity::TestDrive | Entity::Vehicle => Err(Error::Corrupt(
            "a customer, test drive or vehicle conflict handed to the lead and task outbox".into(),
        )),
    }
}
