//! The dealer's CRM: customers list with search, segment and sort; detail; the notes,
//! tags, preferences and VIP edits; and the summary stats.

use super::sql::{Arg, Sql};
use crate::clock::{now_ms, rfc3339};
use crate::db::{flag, json_col, next_seq, Db};
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::{
    at_risk_cutoff_ms, rules, Classification, Customer, CustomerQuery, CustomerSegment,
    CustomerSort, CustomerStats, CustomerStatsBlock, CustomerUpdate, Phone, SegmentBreakdown,
    SortOrder, User, CUSTOMERS_DEFAULT_LIMIT,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub const SELECT: &str = "SELECT c.id, c.notes, c.tags, c.preferences, c.is_vip, c.lead_score, \
    c.lifecycle_stage, c.total_purchases, c.total_spent, c.last_purchase_at, \
    c.total_vehicles_purchased, c.total_vehicles_rented, c.version, c.created_at, c.updated_at, \
    c.change_seq, u.id AS user_id, u.email, u.first_name, u.last_name, u.phone, \
    u.profile_image_url FROM customers c JOIN users u ON u.id = c.user_id";

/// The segment rule of [`CustomerSegment::classify`] in SQL, split around the at-risk
/// cutoff's placeholder.
const SEGMENT_BEFORE_CUTOFF: &str = "(CASE WHEN c.is_vip = 1 THEN 'vip' \
    WHEN c.total_purchases = 0 THEN 'new' \
    WHEN c.last_purchase_at IS NOT NULL AND c.last_purchase_at < ";
const SEGMENT_AFTER_CUTOFF: &str = " THEN 'at_risk' ELSE 'regular' END)";

pub fn user_from_row(row: &AnyRow) -> anyhow::Result<User> {
    let phone: Option<String> = row.try_get("phone")?;
    Ok(User {
        id: row.try_get("user_id")?,
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        phone: phone
            .map(|p| serde_json::from_str::<Phone>(&p))
            .transpose()?,
        profile_image_url: row.try_get("profile_image_url")?,
    })
}

/// Decodes a customer, classifying its segment as of `now_ms`.
pub fn from_row(row: &AnyRow, now_ms: i64) -> anyhow::Result<Customer> {
    let is_vip = flag(row, "is_vip")?;
    let total_purchases = row.try_get::<i64, _>("total_purchases")?.max(0) as u64;
    let last_purchase: Option<i64> = row.try_get("last_purchase_at")?;
    Ok(Customer {
        id: row.try_get("id")?,
        user: user_from_row(row)?,
        stats: CustomerStatsBlock {
            total_purchases,
            total_spent: row.try_get("total_spent")?,
            last_purchase_date: last_purchase.map(rfc3339),
            total_vehicles_purchased: row.try_get::<i64, _>("total_vehicles_purchased")?.max(0)
                as u64,
            total_vehicles_rented: row.try_get::<i64, _>("total_vehicles_rented")?.max(0) as u64,
        },
        classification: Classification {
            lead_score: row.try_get("lead_score")?,
            lifecycle_stage: row.try_get("lifecycle_stage")?,
            customer_segment: CustomerSegment::classify(
                is_vip,
                total_purchases,
                last_purchase,
                now_ms,
            ),
            is_vip,
        },
        preferences: json_col(row, "preferences")?,
        tags: json_col(row, "tags")?,
        notes: row.try_get("notes")?,
        created_date: rfc3339(row.try_get("created_at")?),
        updated_date: rfc3339(row.try_get("updated_at")?),
        version: row.try_get("version")?,
    })
}

fn sort_expression(sort: CustomerSort) -> &'static str {
    match sort {
        CustomerSort::CreatedDate => "c.created_at",
        CustomerSort::TotalSpent => "c.total_spent",
        // No purchase yet sorts as the oldest purchase, the same on every engine.
        CustomerSort::LastPurchaseDate => "COALESCE(c.last_purchase_at, -1)",
        CustomerSort::LeadScore => "c.lead_score",
    }
}

pub async fn list(db: &Db, caller: &Caller, query: &CustomerQuery) -> Result<(Vec<Customer>, u64)> {
    let now = now_ms();
    let mut filter = Sql::new(" WHERE c.organization_id = ");
    filter.bind(Arg::Text(caller.org_id.clone())).and(
        "c.environment = ",
        Arg::Text(caller.env_str().into()),
        "",
    );
    let search = match query.search.as_deref().filter(|s| !s.is_empty()) {
        Some(search) => rules::search(search)?,
        None => None,
    };
    if let Some(search) = search {
        let pattern = rules::like_pattern(search);
        filter
            .push(" AND (LOWER(u.first_name || ' ' || u.last_name) LIKE ")
            .bind(Arg::Text(pattern.clone()))
            .push(" ESCAPE '\\' OR LOWER(u.email) LIKE ")
            .bind(Arg::Text(pattern))
            .push(" ESCAPE '\\')");
    }
    if let Some(segment) = query.segment {
        filter
            .push(" AND ")
            .push(SEGMENT_BEFORE_CUTOFF)
            .bind(Arg::Int(at_risk_cutoff_ms(now)))
            .push(SEGMENT_AFTER_CUTOFF)
            .push(" = ")
            .bind(Arg::Text(segment.as_str().into()));
    }
    let mut count = Sql::new("SELECT COUNT(*) FROM customers c JOIN users u ON u.id = c.user_id");
    count.push(&filter.text);
    count.adopt_args(&filter);
    let total: i64 = count.query().fetch_one(&db.pool).await?.try_get(0)?;

    let sort = query.sort_by.unwrap_or_default();
    let order = query.sort_order.unwrap_or(SortOrder::Desc);
    let limit = query.limit.unwrap_or(CUSTOMERS_DEFAULT_LIMIT);
    let page = query.page.unwrap_or(1);
    let mut select = Sql::new(SELECT);
    select.push(&filter.text);
    select.adopt_args(&filter);
    select.push(&format!(
        " ORDER BY {} {}, c.id ASC LIMIT ",
        sort_expression(sort),
        order.sql()
    ));
    select
        .bind(Arg::Int(limit.into()))
        .push(" OFFSET ")
        .bind(Arg::Int(
            i64::from(page.saturating_sub(1)) * i64::from(limit),
        ));
    let rows = select.query().fetch_all(&db.pool).await?;
    let customers = rows
        .iter()
        .map(|r| from_row(r, now))
        .collect::<anyhow::Result<_>>()?;
    Ok((customers, total as u64))
}

pub async fn get(db: &Db, caller: &Caller, id: &str) -> Result<Customer> {
    find(db, caller, "c.id", id)
        .await?
        .ok_or_else(|| ApiError::not_found("Customer"))
}

/// The caller's record of a user, if the user is their customer.
pub async fn find_by_user(db: &Db, caller: &Caller, user_id: &str) -> Result<Option<Customer>> {
    find(db, caller, "c.user_id", user_id).await
}

async fn find(db: &Db, caller: &Caller, column: &str, value: &str) -> Result<Option<Customer>> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE {column} = $1 AND c.organization_id = $2 AND c.environment = $3"
    ))
    .bind(value)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| from_row(&r, now_ms())).transpose()?)
}

/// Applies a CRM edit as the rule book normalises it ([`rules::check_customer_update`],
/// the same rules the console applies offline). `check_version` sees the current version
/// first and may refuse (the handler's `If-Match`); the whole read-check-write is one
/// transaction.
pub async fn update(
    db: &Db,
    caller: &Caller,
    id: &str,
    change: &CustomerUpdate,
    check_version: impl FnOnce(i64) -> Result<()>,
) -> Result<Customer> {
    let change = rules::check_customer_update(change)?;
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let row = sqlx::query(
        "SELECT version FROM customers WHERE id = $1 AND organization_id = $2 AND environment = $3",
    )
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| ApiError::not_found("Customer"))?;
    check_version(row.try_get("version")?)?;

    let mut sql = Sql::new("UPDATE customers SET version = version + 1, updated_at = ");
    sql.bind(Arg::Int(now_ms()))
        .push(", change_seq = ")
        .bind(Arg::Int(seq));
    if let Some(notes) = &change.notes {
        sql.push(", notes = ").bind(Arg::Text(notes.clone()));
    }
    if let Some(tags) = &change.tags {
        sql.push(", tags = ")
            .bind(Arg::Text(serde_json::to_string(tags)?));
    }
    if let Some(preferences) = &change.preferences {
        sql.push(", preferences = ")
            .bind(Arg::Text(serde_json::to_string(preferences)?));
    }
    if let Some(is_vip) = change.is_vip {
        sql.push(", is_vip = ").bind(Arg::Int(is_vip.into()));
    }
    sql.push(" WHERE id = ").bind(Arg::Text(id.to_owned()));
    sql.query().execute(&mut *tx).await?;
    tx.commit().await?;
    get(db, caller, id).await
}

pub async fn stats(db: &Db, caller: &Caller) -> Result<CustomerStats> {
    let now = now_ms();
    let row = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS total, \
         CAST(COALESCE(SUM(CASE WHEN is_vip = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS vip, \
         CAST(COALESCE(SUM(total_spent), 0.0) AS DOUBLE PRECISION) AS revenue, \
         CAST(COALESCE(SUM(total_purchases), 0) AS BIGINT) AS transactions, \
         CAST(COALESCE(AVG(lead_score), 0.0) AS DOUBLE PRECISION) AS lead_score, \
         CAST(COALESCE(SUM(CASE WHEN created_at >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS fresh \
         FROM customers WHERE organization_id = $1 AND environment = $2",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(now - 30 * 24 * 3600 * 1000)
    .fetch_one(&db.pool)
    .await?;
    let total = row.try_get::<i64, _>("total")? as u64;
    let revenue: f64 = row.try_get("revenue")?;
    let mut breakdown = SegmentBreakdown::default();
    let rows = sqlx::query(&format!(
        "SELECT {SEGMENT_BEFORE_CUTOFF}$3{SEGMENT_AFTER_CUTOFF} AS segment, \
         CAST(COUNT(*) AS BIGINT) AS n FROM customers c \
         WHERE c.organization_id = $1 AND c.environment = $2 GROUP BY 1"
    ))
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(at_risk_cutoff_ms(now))
    .fetch_all(&db.pool)
    .await?;
    for row in rows {
        let n = row.try_get::<i64, _>("n")? as u64;
        match row
            .try_get::<String, _>("segment")?
            .parse::<CustomerSegment>()
        {
            Ok(CustomerSegment::New) => breakdown.new += n,
            Ok(CustomerSegment::Regular) => breakdown.regular += n,
            Ok(CustomerSegment::Vip) => breakdown.vip += n,
            Ok(CustomerSegment::AtRisk) => breakdown.at_risk += n,
            Err(_) => {}
        }
    }
    Ok(CustomerStats {
        total_customers: total,
        vip_customers: row.try_get::<i64, _>("vip")? as u64,
        total_revenue: revenue,
        average_spent: if total == 0 {
            0.0
        } else {
            (revenue / total as f64).round()
        },
        total_transactions: row.try_get::<i64, _>("transactions")? as u64,
        average_lead_score: row.try_get::<f64, _>("lead_score")?.round() as i64,
        new_customers_last30_days: row.try_get::<i64, _>("fresh")? as u64,
        segment_breakdown: breakdown,
    })
}

/// Makes `user_id` a customer of the caller, unless they already are. Returns whether a
/// record was created. Runs inside the caller's transaction.
pub async fn link(
    conn: &mut AnyConnection,
    caller: &Caller,
    user_id: &str,
    seq: i64,
) -> Result<bool> {
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO customers (id, organization_id, environment, user_id, notes, tags, \
         preferences, is_vip, lead_score, lifecycle_stage, total_purchases, total_spent, \
         last_purchase_at, total_vehicles_purchased, total_vehicles_rented, version, created_at, \
         updated_at, change_seq) VALUES ($1, $2, $3, $4, NULL, '[]', '{}', 0, 10, 'PROSPECT', 0, \
         0.0, NULL, 0, 0, 1, $5, $5, $6) \
         ON CONFLICT (organization_id, environment, user_id) DO NOTHING",
    )
    .bind(super::new_id())
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(user_id)
    .bind(now)
    .bind(seq)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}
