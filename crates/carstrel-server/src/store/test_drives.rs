//! Test-drive requests: created by a dealer's site, listed and worked by its staff.

use super::sql::{Arg, Sql};
use crate::clock::{now_ms, rfc3339};
use crate::db::{next_seq, Db};
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::rules::{self, Paging};
use carstrel_model::{
    CreateTestDriveRequest, LeadSource, TestDrive, TestDriveStatus, TestDriveUpdate,
};
use sqlx::any::AnyRow;
use sqlx::Row;

pub const SELECT: &str = "SELECT t.id, t.vehicle_id, v.name AS vehicle_name, t.customer_id, \
    t.name, t.email, t.phone, t.preferred_date, t.scheduled_at, t.status, t.notes, t.version, \
    t.created_at, t.updated_at, t.change_seq, t.duration_minutes FROM test_drives t \
    LEFT JOIN vehicles v ON v.id = t.vehicle_id";

pub fn from_row(row: &AnyRow) -> anyhow::Result<TestDrive> {
    Ok(TestDrive {
        id: row.try_get("id")?,
        vehicle_id: row.try_get("vehicle_id")?,
        vehicle_name: row.try_get("vehicle_name")?,
        customer_id: row.try_get("customer_id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        preferred_date: row.try_get("preferred_date")?,
        scheduled_at: row.try_get::<Option<i64>, _>("scheduled_at")?.map(rfc3339),
        status: row
            .try_get::<String, _>("status")?
            .parse()
            .map_err(anyhow::Error::msg)?,
        notes: row.try_get("notes")?,
        created_date: rfc3339(row.try_get("created_at")?),
        updated_date: rfc3339(row.try_get("updated_at")?),
        version: row.try_get("version")?,
        duration_minutes: u32::try_from(row.try_get::<i64, _>("duration_minutes")?)?,
    })
}

/// How [`super::calendar`] reads drives.
const ROWS: super::calendar::Rows = super::calendar::Rows {
    select: SELECT,
    decode: from_row,
};

/// Filters of `GET /external/test-drives`.
#[derive(Debug, Default, Clone)]
pub struct TestDriveFilter {
    pub status: Option<TestDriveStatus>,
    pub vehicle_id: Option<String>,
    pub customer_id: Option<String>,
    /// Slots starting in `[from, to)` (see [`rules::slot_range`]); with either, the list
    /// runs in slot order.
    pub slots: (Option<i64>, Option<i64>),
}

pub async fn list(
    db: &Db,
    caller: &Caller,
    filter: &TestDriveFilter,
    paging: Paging,
) -> Result<(Vec<TestDrive>, u64)> {
    let mut condition = Sql::new(" WHERE t.organization_id = ");
    condition.bind(Arg::Text(caller.org_id.clone())).and(
        "t.environment = ",
        Arg::Text(caller.env_str().into()),
        "",
    );
    if let Some(status) = filter.status {
        condition.and("t.status = ", Arg::Text(status.as_str().into()), "");
    }
    if let Some(id) = &filter.vehicle_id {
        condition.and("t.vehicle_id = ", Arg::Text(id.clone()), "");
    }
    if let Some(id) = &filter.customer_id {
        condition.and("t.customer_id = ", Arg::Text(id.clone()), "");
    }
    let (from, to) = filter.slots;
    if let Some(from) = from {
        condition.and("t.slot_at >= ", Arg::Int(from), "");
    }
    if let Some(to) = to {
        condition.and("t.slot_at < ", Arg::Int(to), "");
    }
    let order = if from.is_some() || to.is_some() {
        " ORDER BY t.slot_at ASC, t.id ASC LIMIT "
    } else {
        " ORDER BY t.created_at DESC, t.id ASC LIMIT "
    };
    let mut count = Sql::new("SELECT COUNT(*) FROM test_drives t");
    count.push(&condition.text);
    count.adopt_args(&condition);
    let total: i64 = count.query().fetch_one(&db.pool).await?.try_get(0)?;
    let mut select = Sql::new(SELECT);
    select.push(&condition.text);
    select.adopt_args(&condition);
    select
        .push(order)
        .bind(Arg::Int(paging.limit.into()))
        .push(" OFFSET ")
        .bind(Arg::Int(paging.offset()));
    let rows = select.query().fetch_all(&db.pool).await?;
    Ok((
        rows.iter().map(from_row).collect::<anyhow::Result<_>>()?,
        total as u64,
    ))
}

pub async fn get(db: &Db, caller: &Caller, id: &str) -> Result<TestDrive> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE t.id = $1 AND t.organization_id = $2 AND t.environment = $3"
    ))
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| ApiError::not_found("Test drive"))?;
    Ok(from_row(&row)?)
}

/// Records a request from a dealer's site. The vehicle must be the caller's; a customer
/// of the caller with the same email is linked.
pub async fn create(db: &Db, caller: &Caller, req: CreateTestDriveRequest) -> Result<TestDrive> {
    let req = rules::check_test_drive_request(&req)?;
    let slot_at = req.preferred_date.as_deref().and_then(crate::clock::parse);
    let id = super::new_id();
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let vehicle = sqlx::query(
        "SELECT id, name FROM vehicles WHERE id = $1 AND organization_id = $2 AND environment = $3",
    )
    .bind(&req.vehicle_id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::NotFound("Vehicle not found".into()))?;
    let customer: Option<String> = sqlx::query(
        "SELECT c.id FROM customers c JOIN users u ON u.id = c.user_id \
         WHERE u.email = $1 AND c.organization_id = $2 AND c.environment = $3",
    )
    .bind(&req.email)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let minutes = super::dealer_settings::read(&mut tx, caller)
        .await?
        .test_drive_minutes;
    sqlx::query(
        "INSERT INTO test_drives (id, organization_id, environment, vehicle_id, customer_id, name, \
         email, phone, preferred_date, scheduled_at, status, notes, version, created_at, \
         updated_at, change_seq, slot_at, duration_minutes) VALUES ($1, $2, $3, $4, $5, $6, $7, \
         $8, $9, NULL, 'pending', NULL, 1, $10, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(&req.vehicle_id)
    .bind(&customer)
    .bind(&req.name)
    .bind(&req.email)
    .bind(&req.phone)
    .bind(&req.preferred_date)
    .bind(now)
    .bind(seq)
    .bind(slot_at)
    .bind(i64::from(minutes))
    .execute(&mut *tx)
    .await?;
    let vehicle_name: String = vehicle.try_get("name")?;
    let detail = match &req.preferred_date {
        Some(date) => format!("Test drive requested: {vehicle_name}, for {date}"),
        None => format!("Test drive requested: {vehicle_name}"),
    };
    let signal = super::leads::Signal {
        name: Some(req.name.clone()),
        email: Some(req.email.clone()),
        phone: req.phone.clone(),
        customer_id: customer,
        vehicle_id: Some(req.vehicle_id.clone()),
        test_drive_id: Some(id.clone()),
        detail,
        ..Default::default()
    };
    super::leads::record_signal(&mut tx, caller, LeadSource::TestDrive, signal, seq).await?;
    tx.commit().await?;
    get(db, caller, &id).await
}

/// Staff work a request: status (along allowed transitions), schedule and notes, as the
/// rule book checks them ([`rules::apply_test_drive_update`]'s checks, which the console
/// runs offline too; a refusal is a 400). A drive confirmed or moved takes the dealer's
/// length and must not double-book its vehicle (409, see [`super::calendar::place`]).
pub async fn update(
    db: &Db,
    caller: &Caller,
    id: &str,
    change: &TestDriveUpdate,
    check_version: impl FnOnce(i64) -> Result<()>,
) -> Result<TestDrive> {
    let change = rules::check_test_drive_update(change)?;
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let row = sqlx::query(
        "SELECT status, version, vehicle_id, scheduled_at, preferred_date FROM test_drives \
         WHERE id = $1 AND organization_id = $2 AND environment = $3",
    )
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("Test drive"))?;
    check_version(row.try_get("version")?)?;
    let current: TestDriveStatus = row
        .try_get::<String, _>("status")?
        .parse()
        .map_err(|e: String| ApiError::Internal(anyhow::anyhow!(e)))?;
    if let Some(next) = change.status {
        rules::check_status_move(current, next)?;
    }
    if change.scheduled_at.is_some() {
        rules::check_reschedule(current)?;
    }
    let drive = super::calendar::Current {
        id: id.to_owned(),
        vehicle_id: row.try_get("vehicle_id")?,
        status: current,
        scheduled_at: row.try_get("scheduled_at")?,
        preferred_date: row.try_get("preferred_date")?,
    };
    let status = change.status.unwrap_or(current);
    let placed = super::calendar::place(
        &mut tx,
        db.backend,
        ROWS,
        caller,
        &drive,
        status,
        change.scheduled_at,
    )
    .await?;
    let mut sql = Sql::new("UPDATE test_drives SET version = version + 1, updated_at = ");
    sql.bind(Arg::Int(now_ms()))
        .push(", change_seq = ")
        .bind(Arg::Int(seq))
        .push(", slot_at = ")
        .bind(Arg::opt_int(placed.slot_at));
    if let Some(minutes) = placed.duration_minutes {
        sql.push(", duration_minutes = ")
            .bind(Arg::Int(minutes.into()));
    }
    if let Some(status) = change.status {
        sql.push(", status = ")
            .bind(Arg::Text(status.as_str().into()));
    }
    if let Some(at) = change.scheduled_at {
        sql.push(", scheduled_at = ").bind(Arg::Int(at));
    }
    if let Some(notes) = &change.notes {
        sql.push(", notes = ").bind(Arg::Text(notes.clone()));
    }
    sql.push(" WHERE id = ").bind(Arg::Text(id.to_owned()));
    sql.query().execute(&mut *tx).await?;
    tx.commit().await?;
    get(db, caller, id).await
}
