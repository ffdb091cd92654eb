//! Follow-up tasks: added, changed, checked off and deleted by staff; listed by when
//! they fall due (see [`TaskDue`] for the windows).

use super::changes::{tombstone, Entity};
use super::references::{ensure_owned, ensure_staff, Referent, Refusal};
use super::sql::{Arg, Sql};
use crate::clock::{now_ms, rfc3339};
use crate::db::{flag, next_seq, Db};
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::rules::{self, Paging};
use carstrel_model::{CreateTaskRequest, Task, TaskDue, TaskUpdate};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub const SELECT: &str = "SELECT k.id, k.title, k.notes, k.due_at, k.done, k.done_at, \
    k.customer_id, k.lead_id, k.assigned_to, k.version, k.created_at, k.updated_at, \
    k.change_seq FROM tasks k";

pub fn from_row(row: &AnyRow) -> anyhow::Result<Task> {
    Ok(Task {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        notes: row.try_get("notes")?,
        due_at: rfc3339(row.try_get("due_at")?),
        done: flag(row, "done")?,
        done_date: row.try_get::<Option<i64>, _>("done_at")?.map(rfc3339),
        customer_id: row.try_get("customer_id")?,
        lead_id: row.try_get("lead_id")?,
        assigned_to: row.try_get("assigned_to")?,
        created_date: rfc3339(row.try_get("created_at")?),
        updated_date: rfc3339(row.try_get("updated_at")?),
        version: row.try_get("version")?,
    })
}

/// Filters of `GET /external/tasks`.
#[derive(Debug, Default, Clone)]
pub struct TaskFilter {
    pub due: TaskDue,
    pub done: Option<bool>,
    pub customer_id: Option<String>,
    pub lead_id: Option<String>,
    pub assigned_to: Option<String>,
}

/// One page of tasks, soonest due first.
pub async fn list(
    db: &Db,
    caller: &Caller,
    filter: &TaskFilter,
    paging: Paging,
) -> Result<(Vec<Task>, u64)> {
    let mut condition = Sql::new(" WHERE k.organization_id = ");
    condition.bind(Arg::Text(caller.org_id.clone())).and(
        "k.environment = ",
        Arg::Text(caller.env_str().into()),
        "",
    );
    let (from, until, open_only) = filter.due.window(now_ms());
    if open_only {
        condition.push(" AND k.done = 0");
    }
    if let Some(from) = from {
        condition.and("k.due_at >= ", Arg::Int(from), "");
    }
    if let Some(until) = until {
        condition.and("k.due_at < ", Arg::Int(until), "");
    }
    if let Some(done) = filter.done {
        condition.and("k.done = ", Arg::Int(done.into()), "");
    }
    for (column, value) in [
        ("k.customer_id = ", &filter.customer_id),
        ("k.lead_id = ", &filter.lead_id),
        ("k.assigned_to = ", &filter.assigned_to),
    ] {
        if let Some(value) = value {
            condition.and(column, Arg::Text(value.clone()), "");
        }
    }
    let mut count = Sql::new("SELECT COUNT(*) FROM tasks k");
    count.push(&condition.text);
    count.adopt_args(&condition);
    let total: i64 = count.query().fetch_one(&db.pool).await?.try_get(0)?;
    let mut select = Sql::new(SELECT);
    select.push(&condition.text);
    select.adopt_args(&condition);
    select
        .push(" ORDER BY k.due_at ASC, k.id ASC LIMIT ")
        .bind(Arg::Int(paging.limit.into()))
        .push(" OFFSET ")
        .bind(Arg::Int(paging.offset()));
    let rows = select.query().fetch_all(&db.pool).await?;
    Ok((
        rows.iter().map(from_row).collect::<anyhow::Result<_>>()?,
        total as u64,
    ))
}

async fn find(conn: &mut AnyConnection, caller: &Caller, id: &str) -> Result<Task> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE k.id = $1 AND k.organization_id = $2 AND k.environment = $3"
    ))
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| ApiError::not_found("Task"))?;
    Ok(from_row(&row)?)
}

pub async fn get(db: &Db, caller: &Caller, id: &str) -> Result<Task> {
    find(&mut *db.pool.acquire().await?, caller, id).await
}

/// Adds a task; what it refers to (customer, lead, staff member) must be the dealer's.
pub async fn create(db: &Db, caller: &Caller, req: &CreateTaskRequest) -> Result<Task> {
    let new = rules::check_task_request(req)?;
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    ensure_owned(
        &mut tx,
        caller,
        "customerId",
        Referent::Customer,
        new.customer_id.as_deref(),
    )
    .await?;
    ensure_owned(
        &mut tx,
        caller,
        "leadId",
        Referent::Lead,
        new.lead_id.as_deref(),
    )
    .await?;
    let not_found: Refusal = ApiError::NotFound;
    ensure_staff(
        &mut tx,
        caller,
        "assignedTo",
        new.assigned_to.as_deref(),
        not_found,
    )
    .await?;
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO tasks (id, organization_id, environment, title, notes, due_at, done, \
         done_at, customer_id, lead_id, assigned_to, version, created_at, updated_at, \
         change_seq) VALUES ($1, $2, $3, $4, $5, $6, 0, NULL, $7, $8, $9, 1, $10, $10, $11)",
    )
    .bind(&id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(&new.title)
    .bind(&new.notes)
    .bind(new.due_at)
    .bind(&new.customer_id)
    .bind(&new.lead_id)
    .bind(&new.assigned_to)
    .bind(now_ms())
    .bind(seq)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    get(db, caller, &id).await
}

/// Changes a task as the rule book applies it ([`rules::apply_task_update`], which the
/// console runs offline too); `check_version` is the handler's `If-Match`.
pub async fn update(
    db: &Db,
    caller: &Caller,
    id: &str,
    change: &TaskUpdate,
    check_version: impl FnOnce(i64) -> Result<()>,
) -> Result<Task> {
    let edit = rules::check_task_update(change)?;
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let before = find(&mut tx, caller, id).await?;
    check_version(before.version)?;
    let assignee = edit.assigned_to.as_deref();
    ensure_staff(
        &mut tx,
        caller,
        "assignedTo",
        assignee,
        ApiError::BadRequest,
    )
    .await?;
    let now = now_ms();
    let mut task = before.clone();
    rules::apply_task_update(&mut task, change, now)?;
    let mut sql = Sql::new("UPDATE tasks SET version = version + 1, updated_at = ");
    sql.bind(Arg::Int(now))
        .push(", change_seq = ")
        .bind(Arg::Int(seq))
        .push(", title = ")
        .bind(Arg::Text(task.title.clone()))
        .push(", notes = ")
        .bind(Arg::opt_text(task.notes.clone()))
        .push(", done = ")
        .bind(Arg::Int(task.done.into()))
        .push(", assigned_to = ")
        .bind(Arg::opt_text(task.assigned_to.clone()));
    if let Some(at) = edit.due_at {
        sql.push(", due_at = ").bind(Arg::Int(at));
    }
    if before.done_date != task.done_date {
        let done_at = task.done_date.as_ref().map(|_| now);
        sql.push(", done_at = ").bind(Arg::opt_int(done_at));
    }
    sql.push(" WHERE id = ").bind(Arg::Text(id.to_owned()));
    sql.query().execute(&mut *tx).await?;
    tx.commit().await?;
    get(db, caller, id).await
}

/// Deletes a task; the tasks feed carries its tombstone.
pub async fn delete(db: &Db, caller: &Caller, id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let deleted = sqlx::query(
        "DELETE FROM tasks WHERE id = $1 AND organization_id = $2 AND environment = $3",
    )
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if deleted == 0 {
        return Err(ApiError::not_found("Task"));
    }
    tombstone(&mut tx, seq, caller, Entity::Task, id).await?;
    tx.commit().await?;
    Ok(())
}
