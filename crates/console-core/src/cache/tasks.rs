//! Follow-up tasks offline: `GET /external/tasks` answered from the cache with the
//! server's semantics (the rule book's due windows against now, the same filters, soonest
//! due first, ties by id).

use super::params::{ms, now_ms, optional_id, paging};
use super::records::{Origin, Record};
use super::{Cache, Feed};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::{ChangesPage, Task, TaskQuery, TASKS_DEFAULT_LIMIT};
use serde::Serialize;
use sqlx::{QueryBuilder, SqliteConnection};

/// A task with whether a change of it waits to be sent or to be settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    pub task: Task,
    pub pending: bool,
    pub conflict: bool,
}

impl Record for Task {
    const FEED: Feed = Feed::Tasks;
    const TABLE: &'static str = "tasks";
    const LOCAL_EDITS: bool = true;
    fn id(&self) -> &str {
        &self.id
    }

    async fn upsert(&self, conn: &mut SqliteConnection, seq: i64, origin: Origin) -> Result<()> {
        let (pending, guard) = origin.pending_and_guard(Self::TABLE);
        sqlx::query(&format!(
            "INSERT INTO tasks (id, due_at, done, customer_id, lead_id, assigned_to, \
             created_at, updated_at, version, change_seq, pending, doc) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET due_at = excluded.due_at, done = excluded.done, \
             customer_id = excluded.customer_id, lead_id = excluded.lead_id, \
             assigned_to = excluded.assigned_to, created_at = excluded.created_at, \
             updated_at = excluded.updated_at, version = excluded.version, \
             change_seq = MAX(tasks.change_seq, excluded.change_seq), \
             pending = excluded.pending, doc = excluded.doc{guard}"
        ))
        .bind(&self.id)
        .bind(ms(&self.due_at)?)
        .bind(i64::from(self.done))
        .bind(&self.customer_id)
        .bind(&self.lead_id)
        .bind(&self.assigned_to)
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

const SELECT: &str = "SELECT doc, pending, \
    EXISTS (SELECT 1 FROM conflicts c WHERE c.entity_id = tasks.id) FROM tasks";

type RawRow = (String, bool, bool);

fn decode((doc, pending, conflict): RawRow) -> Result<TaskRow> {
    Ok(TaskRow {
        task: serde_json::from_str(&doc)?,
        pending,
        conflict,
    })
}

impl Cache {
    /// One page of tasks, exactly as `GET /external/tasks` with `query` would return it now.
    pub async fn list_tasks(&self, query: &TaskQuery) -> Result<Page<Task>> {
        Ok(self
            .list_task_rows_at(query, now_ms())
            .await?
            .map(|row| row.task))
    }

    /// [`Cache::list_tasks`] with each task's edit marks.
    pub async fn list_task_rows(&self, query: &TaskQuery) -> Result<Page<TaskRow>> {
        self.list_task_rows_at(query, now_ms()).await
    }

    /// [`Cache::list_task_rows`] as of `now_ms`, which places the due windows. Tasks
    /// deleted offline are gone from every list at once.
    pub async fn list_task_rows_at(&self, query: &TaskQuery, now_ms: i64) -> Result<Page<TaskRow>> {
        let paging = paging(query.page, query.limit, TASKS_DEFAULT_LIMIT)?;
        let ids = [
            (
                "customer_id",
                optional_id(query.customer_id.as_deref(), "customerId")?,
            ),
            ("lead_id", optional_id(query.lead_id.as_deref(), "leadId")?),
            (
                "assigned_to",
                optional_id(query.assigned_to.as_deref(), "assignedTo")?,
            ),
        ];
        let (from, until, open_only) = query.due.unwrap_or_default().window(now_ms);
        let filters = |sql: &mut QueryBuilder<'_, sqlx::Sqlite>| {
            if open_only {
                sql.push(" AND done = 0");
            }
            if let Some(from) = from {
                sql.push(" AND due_at >= ").push_bind(from);
            }
            if let Some(until) = until {
                sql.push(" AND due_at < ").push_bind(until);
            }
            if let Some(done) = query.done {
                sql.push(" AND done = ").push_bind(i64::from(done));
            }
            for (column, value) in &ids {
                if let Some(value) = value {
                    sql.push(format_args!(" AND {column} = "))
                        .push_bind(value.clone());
                }
            }
        };
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM tasks WHERE deleted = 0");
        filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut select = QueryBuilder::new(SELECT);
        select.push(" WHERE deleted = 0");
        filters(&mut select);
        select
            .push(" ORDER BY due_at ASC, id ASC LIMIT ")
            .push_bind(i64::from(paging.limit))
            .push(" OFFSET ")
            .push_bind(paging.offset());
        let rows: Vec<RawRow> = select.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(decode).collect::<Result<_>>()?;
        Ok(Page::new(items, total as u64, paging.page, paging.limit))
    }

    /// One task with its marks (not one deleted offline).
    pub async fn get_task_row(&self, id: &str) -> Result<TaskRow> {
        let id = super::params::id(id, "id")?;
        let row: Option<RawRow> = sqlx::query_as(&format!("{SELECT} WHERE id = ? AND deleted = 0"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        decode(row.ok_or(Error::NotFound("Task"))?)
    }

    /// The newest task with `like`'s title, due date, customer and lead: where a task
    /// added here went once the server gave it its own id.
    pub async fn newest_task_like(&self, like: &Task) -> Result<Option<TaskRow>> {
        let row: Option<RawRow> = sqlx::query_as(&format!(
            "{SELECT} WHERE deleted = 0 AND due_at = ? AND customer_id IS ? AND lead_id IS ? \
             AND json_extract(doc, '$.title') = ? ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(ms(&like.due_at)?)
        .bind(&like.customer_id)
        .bind(&like.lead_id)
        .bind(&like.title)
        .fetch_optional(&self.pool)
        .await?;
        row.map(decode).transpose()
    }

    /// Applies one page of `GET /external/tasks/changes` with its checkpoint, atomically.
    pub async fn apply_task_page(&self, page: &ChangesPage<Task>) -> Result<super::Checkpoint> {
        self.apply_page(page).await
    }

    /// Replaces every cached task (the fallback without a changes feed); tasks with a
    /// local change in flight stay.
    pub async fn replace_tasks(&self, records: &[Task]) -> Result<()> {
        self.replace_all(records).await
    }
}
