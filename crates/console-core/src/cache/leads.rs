//! The lead inbox offline: `GET /external/leads` answered from the cache with the
//! server's semantics (the same filters, `LIKE` search over name, email and phone, sorts
//! and tie-break), the lead's page (its history as last fetched), the summary stats
//! computed with the rule book's functions, and the staff list for assigning.

use super::params::{ms, now_ms, optional_id, paging};
use super::records::{Origin, Record};
use super::{Cache, Feed};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::{
    conversion_rate, median_first_response_minutes, rules, ChangesPage, Lead, LeadActivity,
    LeadDetail, LeadQuery, LeadSort, LeadSourceCounts, LeadStats, LeadStatusCounts, SortOrder,
    StaffMember, LEADS_DEFAULT_LIMIT,
};
use serde::Serialize;
use sqlx::{QueryBuilder, SqliteConnection};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// A lead with whether an edit of it waits to be sent or to be settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LeadRow {
    pub lead: Lead,
    pub pending: bool,
    pub conflict: bool,
}

/// A lead's page: the lead, its history (as `GET /external/leads/{id}` last returned it;
/// empty if never fetched), and its edit marks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LeadDetailRow {
    pub lead: Lead,
    pub activities: Vec<LeadActivity>,
    /// When the history was fetched (RFC 3339); `None` if never.
    pub activities_fetched_at: Option<String>,
    pub pending: bool,
    pub conflict: bool,
}

impl Record for Lead {
    const FEED: Feed = Feed::Leads;
    const TABLE: &'static str = "leads";
    const LOCAL_EDITS: bool = true;
    fn id(&self) -> &str {
        &self.id
    }

    async fn upsert(&self, conn: &mut SqliteConnection, seq: i64, origin: Origin) -> Result<()> {
        let (pending, guard) = origin.pending_and_guard(Self::TABLE);
        let first_response = self.first_response_date.as_deref().map(ms).transpose()?;
        sqlx::query(&format!(
            "INSERT INTO leads (id, source, status, name, email, phone, assigned_to, \
             created_at, last_activity_at, first_response_at, updated_at, version, \
             change_seq, pending, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET source = excluded.source, \
             status = excluded.status, name = excluded.name, email = excluded.email, \
             phone = excluded.phone, assigned_to = excluded.assigned_to, \
             created_at = excluded.created_at, last_activity_at = excluded.last_activity_at, \
             first_response_at = excluded.first_response_at, \
             updated_at = excluded.updated_at, version = excluded.version, \
             change_seq = MAX(leads.change_seq, excluded.change_seq), \
             pending = excluded.pending, doc = excluded.doc{guard}"
        ))
        .bind(&self.id)
        .bind(self.source.as_str())
        .bind(self.status.as_str())
        .bind(&self.name)
        .bind(&self.email)
        .bind(&self.phone)
        .bind(&self.assigned_to)
        .bind(ms(&self.created_date)?)
        .bind(ms(&self.last_activity_date)?)
        .bind(first_response)
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

/// The server's sort columns over the same values.
fn sort_column(sort: LeadSort) -> &'static str {
    match sort {
        LeadSort::CreatedDate => "created_at",
        LeadSort::LastActivityDate => "last_activity_at",
    }
}

const CONFLICTED: &str = "EXISTS (SELECT 1 FROM conflicts c WHERE c.entity_id = leads.id)";

type RawRow = (String, bool, bool);

fn decode((doc, pending, conflict): RawRow) -> Result<LeadRow> {
    Ok(LeadRow {
        lead: serde_json::from_str(&doc)?,
        pending,
        conflict,
    })
}

impl Cache {
    /// One page of leads, exactly as `GET /external/leads` with `query` would return it.
    pub async fn list_leads(&self, query: &LeadQuery) -> Result<Page<Lead>> {
        Ok(self.list_lead_rows(query).await?.map(|row| row.lead))
    }

    /// [`Cache::list_leads`] with each lead's edit marks. The search is the server's
    /// case-insensitive substring match over name, email and phone.
    pub async fn list_lead_rows(&self, query: &LeadQuery) -> Result<Page<LeadRow>> {
        let paging = paging(query.page, query.limit, LEADS_DEFAULT_LIMIT)?;
        let assigned_to = optional_id(query.assigned_to.as_deref(), "assignedTo")?;
        let search = match query.search.as_deref().filter(|s| !s.is_empty()) {
            Some(search) => rules::search(search).map_err(Error::invalid_query)?,
            None => None,
        };
        let pattern = search.map(rules::like_pattern);
        let filters = |sql: &mut QueryBuilder<'_, sqlx::Sqlite>| {
            if let Some(status) = query.status {
                sql.push(" AND status = ").push_bind(status.as_str());
            }
            if let Some(source) = query.source {
                sql.push(" AND source = ").push_bind(source.as_str());
            }
            if let Some(staff) = &assigned_to {
                sql.push(" AND assigned_to = ").push_bind(staff.clone());
            }
            if let Some(pattern) = &pattern {
                for column in ["name", "email", "phone"] {
                    sql.push(if column == "name" { " AND (" } else { " OR " })
                        .push(format_args!("LOWER(COALESCE({column}, '')) LIKE "))
                        .push_bind(pattern.clone())
                        .push(" ESCAPE '\\'");
                }
                sql.push(")");
            }
        };
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM leads WHERE 1 = 1");
        filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut select = QueryBuilder::new(format!(
            "SELECT doc, pending, {CONFLICTED} FROM leads WHERE 1 = 1"
        ));
        filters(&mut select);
        select
            .push(format_args!(
                " ORDER BY {} {}, id ASC LIMIT ",
                sort_column(query.sort.unwrap_or_default()),
                query.order.unwrap_or(SortOrder::Desc).sql()
            ))
            .push_bind(i64::from(paging.limit))
            .push(" OFFSET ")
            .push_bind(paging.offset());
        let rows: Vec<RawRow> = select.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(decode).collect::<Result<_>>()?;
        Ok(Page::new(items, total as u64, paging.page, paging.limit))
    }

    /// One lead with its marks, as last synced (or as edited offline while pending).
    pub async fn get_lead_row(&self, id: &str) -> Result<LeadRow> {
        let id = super::params::id(id, "id")?;
        let row: Option<RawRow> = sqlx::query_as(&format!(
            "SELECT doc, pending, {CONFLICTED} FROM leads WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        decode(row.ok_or(Error::NotFound("Lead"))?)
    }

    /// The lead's page from the cache: the lead and the history last fetched.
    pub async fn get_lead_detail(&self, id: &str) -> Result<LeadDetailRow> {
        let row = self.get_lead_row(id).await?;
        let history: Option<(String, i64)> =
            sqlx::query_as("SELECT activities, fetched_at FROM lead_activities WHERE lead_id = ?")
                .bind(&row.lead.id)
                .fetch_optional(&self.pool)
                .await?;
        let (activities, fetched_at) = match history {
            Some((doc, at)) => (serde_json::from_str(&doc)?, Some(crate::clock::rfc3339(at))),
            None => (Vec::new(), None),
        };
        Ok(LeadDetailRow {
            lead: row.lead,
            activities,
            activities_fetched_at: fetched_at,
            pending: row.pending,
            conflict: row.conflict,
        })
    }

    /// Keeps what `GET /external/leads/{id}` returned: its history always, the lead
    /// itself unless a local edit of it is in flight (the outbox resolves that).
    pub async fn store_lead_detail(&self, detail: &LeadDetail) -> Result<()> {
        let mut tx = self.write().await?;
        detail.lead.upsert(&mut tx, 0, Origin::Sync).await?;
        store_activities(&mut tx, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Applies one page of `GET /external/leads/changes` with its checkpoint, atomically.
    pub async fn apply_lead_page(&self, page: &ChangesPage<Lead>) -> Result<super::Checkpoint> {
        self.apply_page(page).await
    }

    /// Replaces every cached lead (the fallback without a changes feed); leads with a
    /// local edit in flight stay.
    pub async fn replace_leads(&self, records: &[Lead]) -> Result<()> {
        self.replace_all(records).await
    }

    /// `GET /external/leads/stats/summary` from the cache, as of `now_ms`: the same
    /// counts, today from midnight UTC, and the rule book's median and conversion rate.
    pub async fn lead_stats(&self, now_ms: i64) -> Result<LeadStats> {
        let midnight = now_ms - now_ms.rem_euclid(DAY_MS);
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT status, source, COUNT(*), \
             COALESCE(SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) \
             FROM leads GROUP BY status, source",
        )
        .bind(midnight)
        .fetch_all(&self.pool)
        .await?;
        let mut by_status = LeadStatusCounts::default();
        let mut by_source = LeadSourceCounts::default();
        let (mut total, mut new_today) = (0, 0);
        for (status, source, n, today) in rows {
            let n = n.max(0) as u64;
            total += n;
            new_today += today.max(0) as u64;
            if let Ok(status) = status.parse() {
                by_status.add(status, n);
            }
            if let Ok(source) = source.parse() {
                by_source.add(source, n);
            }
        }
        let waits: Vec<i64> = sqlx::query_scalar(
            "SELECT first_response_at - created_at FROM leads \
             WHERE first_response_at IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(LeadStats {
            total,
            by_status,
            by_source,
            median_first_response_minutes: median_first_response_minutes(&waits),
            conversion_rate: conversion_rate(by_status.won, by_status.lost),
            new_today,
        })
    }

    /// Replaces the cached staff list with `GET /external/staff`'s, in its order.
    pub async fn replace_staff(&self, staff: &[StaffMember]) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM staff").execute(&mut *tx).await?;
        for (position, member) in staff.iter().enumerate() {
            sqlx::query("INSERT INTO staff (id, position, doc) VALUES (?, ?, ?)")
                .bind(&member.id)
                .bind(position as i64)
                .bind(serde_json::to_string(member)?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The staff list as last synced (empty before, or on a server without one).
    pub async fn staff(&self) -> Result<Vec<StaffMember>> {
        let mut conn = self.pool.acquire().await?;
        cached_staff(&mut conn).await
    }

    /// Leads still `new` (nobody has answered them): the inbox's count badge.
    pub async fn new_lead_count(&self) -> Result<u32> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leads WHERE status = 'new'")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u32)
    }
}

pub(super) async fn cached_staff(conn: &mut SqliteConnection) -> Result<Vec<StaffMember>> {
    let docs: Vec<String> = sqlx::query_scalar("SELECT doc FROM staff ORDER BY position")
        .fetch_all(conn)
        .await?;
    docs.iter()
        .map(|doc| Ok(serde_json::from_str(doc)?))
        .collect()
}

/// Refuses, as the server would, a staff id the cached staff list lacks; with no list
/// cached (never synced, or a server without one) the server decides.
pub(super) async fn check_staff(
    conn: &mut SqliteConnection,
    field: &str,
    staff_id: Option<&str>,
) -> Result<()> {
    let Some(staff_id) = staff_id else {
        return Ok(());
    };
    let staff = cached_staff(conn).await?;
    if staff.is_empty() || staff.iter().any(|m| m.id.eq_ignore_ascii_case(staff_id)) {
        return Ok(());
    }
    Err(rules::unknown_staff(field).into())
}

pub(super) async fn store_activities(
    conn: &mut SqliteConnection,
    detail: &LeadDetail,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO lead_activities (lead_id, activities, fetched_at) VALUES (?, ?, ?) \
         ON CONFLICT (lead_id) DO UPDATE SET activities = excluded.activities, \
         fetched_at = excluded.fetched_at",
    )
    .bind(&detail.lead.id)
    .bind(serde_json::to_string(&detail.activities)?)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}
