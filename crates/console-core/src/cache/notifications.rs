//! What a desktop notification may announce, read from the cache: leads and test-drive
//! requests that arrived since the last check, and tasks that fell due since then. Each
//! check moves the watermarks in `notification_state`, so nothing is announced twice.

use super::Cache;
use crate::error::Result;
use sqlx::SqliteConnection;

/// What arrived or fell due since the last check (see [`crate::notify::notifications`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct News {
    /// Leads still `new` created since the last check. Leads opened by a test-drive
    /// request are left out: the request is announced by itself.
    pub new_leads: u32,
    /// Test drives still `pending` created since the last check.
    pub new_test_drives: u32,
    /// Titles of open tasks whose due time passed since the last check, soonest first.
    pub due_tasks: Vec<String>,
}

type State = (bool, Option<i64>, Option<i64>, Option<i64>);

impl Cache {
    /// Whether desktop notifications are on (on until turned off).
    pub async fn notifications_enabled(&self) -> Result<bool> {
        let enabled: Option<bool> =
            sqlx::query_scalar("SELECT enabled FROM notification_state WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(enabled.unwrap_or(true))
    }

    /// Turns desktop notifications on or off (kept in the cache, next to the watermarks).
    pub async fn set_notifications_enabled(&self, enabled: bool) -> Result<()> {
        sqlx::query(
            "INSERT INTO notification_state (id, enabled) VALUES (1, ?) \
             ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled",
        )
        .bind(enabled)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// What arrived or fell due since the last check, as of `now_ms`, and moves the
    /// watermarks past it. The first check ever only sets the watermarks: a first
    /// download is the whole history, not news. Returns `None` when notifications are off
    /// (the watermarks still move, so turning them on does not replay the backlog).
    pub async fn take_news(&self, now_ms: i64) -> Result<Option<News>> {
        let mut tx = self.write().await?;
        let state: Option<State> = sqlx::query_as(
            "SELECT enabled, leads_seen_at, test_drives_seen_at, tasks_checked_at \
             FROM notification_state WHERE id = 1",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let (enabled, leads_seen, drives_seen, tasks_checked) =
            state.unwrap_or((true, None, None, None));
        let newest_lead = newest(&mut tx, "leads").await?;
        let newest_drive = newest(&mut tx, "test_drives").await?;
        let news = match (leads_seen, drives_seen, tasks_checked) {
            (Some(leads_seen), Some(drives_seen), Some(tasks_checked)) => {
                let new_leads: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM leads WHERE status = 'new' \
                     AND source != 'test_drive' AND created_at > ?",
                )
                .bind(leads_seen)
                .fetch_one(&mut *tx)
                .await?;
                let new_test_drives: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM test_drives WHERE status = 'pending' AND created_at > ?",
                )
                .bind(drives_seen)
                .fetch_one(&mut *tx)
                .await?;
                let due_tasks: Vec<String> = sqlx::query_scalar(
                    "SELECT json_extract(doc, '$.title') FROM tasks WHERE deleted = 0 \
                     AND done = 0 AND due_at > ? AND due_at <= ? ORDER BY due_at, id",
                )
                .bind(tasks_checked)
                .bind(now_ms)
                .fetch_all(&mut *tx)
                .await?;
                News {
                    new_leads: new_leads as u32,
                    new_test_drives: new_test_drives as u32,
                    due_tasks,
                }
            }
            _ => News::default(),
        };
        sqlx::query(
            "INSERT INTO notification_state \
             (id, enabled, leads_seen_at, test_drives_seen_at, tasks_checked_at) \
             VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET \
             leads_seen_at = excluded.leads_seen_at, \
             test_drives_seen_at = excluded.test_drives_seen_at, \
             tasks_checked_at = excluded.tasks_checked_at",
        )
        .bind(enabled)
        .bind(newest_lead.max(leads_seen.unwrap_or(0)))
        .bind(newest_drive.max(drives_seen.unwrap_or(0)))
        .bind(now_ms.max(tasks_checked.unwrap_or(0)))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(enabled.then_some(news))
    }
}

/// The newest `created_at` in `table` (0 when empty).
async fn newest(conn: &mut SqliteConnection, table: &str) -> Result<i64> {
    let at: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(created_at) FROM {table}"))
        .fetch_one(conn)
        .await?;
    Ok(at.unwrap_or(0))
}
