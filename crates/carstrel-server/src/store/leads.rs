//! Leads: opened by the server from the signals its documented routes receive (inside
//! their transactions), or by staff; one open lead per person and dealer; and the staff's
//! work on them, each step kept in the lead's history.

use super::references::{ensure_owned, ensure_staff, Referent, Refusal};
use super::sql::{Arg, Sql};
use crate::clock::{now_ms, rfc3339};
use crate::db::{next_seq, Db};
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::{
    rules, CreateLeadRequest, Lead, LeadActivity, LeadActivityType, LeadDetail, LeadSource,
    LeadStatus, LeadUpdate,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub const SELECT: &str = "SELECT l.id, l.source, l.status, l.name, l.email, l.phone, l.message, \
    l.customer_id, l.vehicle_id, l.test_drive_id, l.assigned_to, l.lost_reason, l.version, \
    l.created_at, l.updated_at, l.first_response_at, l.last_activity_at, l.change_seq \
    FROM leads l";

fn parsed<T: std::str::FromStr<Err = String>>(row: &AnyRow, column: &str) -> anyhow::Result<T> {
    row.try_get::<String, _>(column)?
        .parse()
        .map_err(anyhow::Error::msg)
}

pub fn from_row(row: &AnyRow) -> anyhow::Result<Lead> {
    Ok(Lead {
        id: row.try_get("id")?,
        source: parsed(row, "source")?,
        status: parsed(row, "status")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        message: row.try_get("message")?,
        customer_id: row.try_get("customer_id")?,
        vehicle_id: row.try_get("vehicle_id")?,
        test_drive_id: row.try_get("test_drive_id")?,
        assigned_to: row.try_get("assigned_to")?,
        lost_reason: row.try_get("lost_reason")?,
        created_date: rfc3339(row.try_get("created_at")?),
        updated_date: rfc3339(row.try_get("updated_at")?),
        first_response_date: row
            .try_get::<Option<i64>, _>("first_response_at")?
            .map(rfc3339),
        last_activity_date: rfc3339(row.try_get("last_activity_at")?),
        version: row.try_get("version")?,
    })
}

/// A signal a lead is opened by, or added to: who, about what, and its gist for the
/// lead's history.
#[derive(Debug, Clone, Default)]
pub struct Signal {
    pub name: Option<String>,
    /// Lower-cased (as the rule book returns emails): the key of "one person, one open
    /// lead". Without one, a signal always opens a lead of its own.
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    pub customer_id: Option<String>,
    pub vehicle_id: Option<String>,
    pub test_drive_id: Option<String>,
    pub assigned_to: Option<String>,
    pub detail: String,
}

/// The person's open lead at the caller's dealer, if any.
async fn open_lead_of(
    conn: &mut AnyConnection,
    caller: &Caller,
    email: &str,
) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT id FROM leads WHERE organization_id = $1 AND environment = $2 AND email = $3 \
         AND status IN ('new', 'contacted', 'qualified') ORDER BY created_at, id LIMIT 1",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(email)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// The dealer's customer with this email, to link a lead to.
pub async fn customer_with_email(
    conn: &mut AnyConnection,
    caller: &Caller,
    email: &str,
) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT c.id FROM customers c JOIN users u ON u.id = c.user_id \
         WHERE u.email = $1 AND c.organization_id = $2 AND c.environment = $3",
    )
    .bind(email)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

pub async fn add_activity(
    conn: &mut AnyConnection,
    lead_id: &str,
    seq: i64,
    ordinal: i64,
    kind: LeadActivityType,
    at: i64,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO lead_activities (lead_id, seq, ordinal, kind, at, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(lead_id)
    .bind(seq)
    .bind(ordinal)
    .bind(kind.as_str())
    .bind(at)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `signal` of `source` inside the caller's transaction, which took `seq`
/// first (so that two signals of one person are serialized and cannot open two
/// leads). With the person's open lead at this dealer, the signal joins it: an activity,
/// a new `lastActivityDate`, and the links it lacked. Otherwise a `new` lead opens.
/// Returns the lead's id and whether it was opened.
pub async fn record_signal(
    conn: &mut AnyConnection,
    caller: &Caller,
    source: LeadSource,
    signal: Signal,
    seq: i64,
) -> Result<(String, bool)> {
    let now = now_ms();
    let open = match &signal.email {
        Some(email) => open_lead_of(conn, caller, email).await?,
        None => None,
    };
    if let Some(id) = open {
        sqlx::query(
            "UPDATE leads SET version = version + 1, updated_at = $1, last_activity_at = $1, \
             change_seq = $2, name = COALESCE(name, $3), phone = COALESCE(phone, $4), \
             customer_id = COALESCE(customer_id, $5), vehicle_id = COALESCE(vehicle_id, $6), \
             test_drive_id = COALESCE(test_drive_id, $7) WHERE id = $8",
        )
        .bind(now)
        .bind(seq)
        .bind(&signal.name)
        .bind(&signal.phone)
        .bind(&signal.customer_id)
        .bind(&signal.vehicle_id)
        .bind(&signal.test_drive_id)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
        let detail = signal.detail;
        add_activity(
            conn,
            &id,
            seq,
            0,
            LeadActivityType::Signal,
            now,
            Some(&detail),
        )
        .await?;
        return Ok((id, false));
    }
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO leads (id, organization_id, environment, source, status, name, email, \
         phone, message, customer_id, vehicle_id, test_drive_id, assigned_to, lost_reason, \
         version, created_at, updated_at, first_response_at, last_activity_at, change_seq) \
         VALUES ($1, $2, $3, $4, 'new', $5, $6, $7, $8, $9, $10, $11, $12, NULL, 1, $13, $13, \
         NULL, $13, $14)",
    )
    .bind(&id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(source.as_str())
    .bind(&signal.name)
    .bind(&signal.email)
    .bind(&signal.phone)
    .bind(&signal.message)
    .bind(&signal.customer_id)
    .bind(&signal.vehicle_id)
    .bind(&signal.test_drive_id)
    .bind(&signal.assigned_to)
    .bind(now)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    add_activity(
        conn,
        &id,
        seq,
        0,
        LeadActivityType::Opened,
        now,
        Some(&signal.detail),
    )
    .await?;
    Ok((id, true))
}

/// The start of a text, on one line, for a history entry.
pub fn gist(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 120 {
        format!("{}…", line.chars().take(119).collect::<String>())
    } else {
        line
    }
}

/// Staff open a lead for a walk-in, a call or another contact. A person with an open
/// lead keeps it: the contact joins it instead. Returns the lead and whether it opened.
pub async fn create(
    db: &Db,
    caller: &Caller,
    req: &CreateLeadRequest,
) -> Result<(LeadDetail, bool)> {
    let new = rules::check_new_lead(req)?;
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
        "vehicleId",
        Referent::Vehicle,
        new.vehicle_id.as_deref(),
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
    let customer_id = match (&new.customer_id, &new.email) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(email)) => customer_with_email(&mut tx, caller, email).await?,
        (None, None) => None,
    };
    let what = match new.source {
        LeadSource::WalkIn => "Walk-in",
        LeadSource::Phone => "Phone call",
        _ => "Contact recorded by staff",
    };
    let detail = match &new.message {
        Some(message) => format!("{what}: {}", gist(message)),
        None => what.to_owned(),
    };
    let signal = Signal {
        name: Some(new.name),
        email: new.email,
        phone: new.phone,
        message: new.message,
        customer_id,
        vehicle_id: new.vehicle_id,
        test_drive_id: None,
        assigned_to: new.assigned_to,
        detail,
    };
    let (id, opened) = record_signal(&mut tx, caller, new.source, signal, seq).await?;
    tx.commit().await?;
    Ok((get(db, caller, &id).await?, opened))
}

async fn find(conn: &mut AnyConnection, caller: &Caller, id: &str) -> Result<Lead> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE l.id = $1 AND l.organization_id = $2 AND l.environment = $3"
    ))
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| ApiError::not_found("Lead"))?;
    Ok(from_row(&row)?)
}

/// The lead and its history, oldest first.
pub async fn get(db: &Db, caller: &Caller, id: &str) -> Result<LeadDetail> {
    let mut conn = db.pool.acquire().await?;
    let lead = find(&mut conn, caller, id).await?;
    let rows = sqlx::query(
        "SELECT kind, at, detail FROM lead_activities WHERE lead_id = $1 ORDER BY seq, ordinal",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let activities = rows
        .iter()
        .map(|row| -> anyhow::Result<LeadActivity> {
            Ok(LeadActivity {
                kind: parsed(row, "kind")?,
                at: rfc3339(row.try_get("at")?),
                detail: row.try_get("detail")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(LeadDetail { lead, activities })
}

/// Staff work a lead, as the rule book applies it ([`rules::apply_lead_update`], which
/// the console runs offline too); the staff member assigned must be the dealer's.
/// `check_version` sees the current version first (the handler's `If-Match`).
pub async fn update(
    db: &Db,
    caller: &Caller,
    id: &str,
    change: &LeadUpdate,
    check_version: impl FnOnce(i64) -> Result<()>,
) -> Result<LeadDetail> {
    let edit = rules::check_lead_update(change)?;
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let before = find(&mut tx, caller, id).await?;
    check_version(before.version)?;
    let assignee = edit.assigned_to.as_deref();
    let staff = ensure_staff(
        &mut tx,
        caller,
        "assignedTo",
        assignee,
        ApiError::BadRequest,
    )
    .await?;
    let now = now_ms();
    let mut lead = before.clone();
    // Well formed, but the lead's state forbids it: a conflict, in the rule's words.
    rules::apply_lead_update(&mut lead, change, now).map_err(|e| ApiError::Conflict(e.message))?;

    let mut sql = Sql::new("UPDATE leads SET version = version + 1, updated_at = ");
    sql.bind(Arg::Int(now))
        .push(", change_seq = ")
        .bind(Arg::Int(seq))
        .push(", status = ")
        .bind(Arg::Text(lead.status.as_str().into()))
        .push(", assigned_to = ")
        .bind(Arg::opt_text(lead.assigned_to.clone()))
        .push(", lost_reason = ")
        .bind(Arg::opt_text(lead.lost_reason.clone()));
    if before.first_response_date.is_none() && lead.first_response_date.is_some() {
        sql.push(", first_response_at = ").bind(Arg::Int(now));
    }
    if before.last_activity_date != lead.last_activity_date {
        sql.push(", last_activity_at = ").bind(Arg::Int(now));
    }
    sql.push(" WHERE id = ").bind(Arg::Text(id.to_owned()));
    sql.query().execute(&mut *tx).await?;

    let mut ordinal = 0;
    if before.status != lead.status {
        let mut detail = format!("{} → {}", before.status, lead.status);
        if let (LeadStatus::Lost, Some(reason)) = (lead.status, &lead.lost_reason) {
            detail = format!("{detail}: {reason}");
        }
        add_activity(
            &mut tx,
            id,
            seq,
            ordinal,
            LeadActivityType::StatusChanged,
            now,
            Some(&detail),
        )
        .await?;
        ordinal += 1;
    }
    if before.assigned_to != lead.assigned_to {
        let detail = format!("Assigned to {}", staff.unwrap_or_default());
        add_activity(
            &mut tx,
            id,
            seq,
            ordinal,
            LeadActivityType::Assigned,
            now,
            Some(&detail),
        )
        .await?;
    }
    tx.commit().await?;
    get(db, caller, id).await
}
