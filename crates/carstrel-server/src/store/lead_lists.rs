//! The lead inbox's reads: the list with its filters, search and sort, and the summary
//! stats (time to first response, conversion, today's new leads).

use super::leads::{from_row, SELECT};
use super::sql::{Arg, Sql};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::{
    conversion_rate, median_first_response_minutes, rules, Lead, LeadQuery, LeadSort,
    LeadSourceCounts, LeadStats, LeadStatusCounts, SortOrder, LEADS_DEFAULT_LIMIT,
};
use sqlx::Row;

const DAY_MS: i64 = 24 * 3600 * 1000;

fn sort_column(sort: LeadSort) -> &'static str {
    match sort {
        LeadSort::CreatedDate => "l.created_at",
        LeadSort::LastActivityDate => "l.last_activity_at",
    }
}

pub async fn list(db: &Db, caller: &Caller, query: &LeadQuery) -> Result<(Vec<Lead>, u64)> {
    let mut filter = Sql::new(" WHERE l.organization_id = ");
    filter.bind(Arg::Text(caller.org_id.clone())).and(
        "l.environment = ",
        Arg::Text(caller.env_str().into()),
        "",
    );
    if let Some(status) = query.status {
        filter.and("l.status = ", Arg::Text(status.as_str().into()), "");
    }
    if let Some(source) = query.source {
        filter.and("l.source = ", Arg::Text(source.as_str().into()), "");
    }
    if let Some(staff) = &query.assigned_to {
        filter.and("l.assigned_to = ", Arg::Text(staff.clone()), "");
    }
    let search = match query.search.as_deref().filter(|s| !s.is_empty()) {
        Some(search) => rules::search(search)?,
        None => None,
    };
    if let Some(search) = search {
        let pattern = rules::like_pattern(search);
        filter
            .push(" AND (LOWER(COALESCE(l.name, '')) LIKE ")
            .bind(Arg::Text(pattern.clone()))
            .push(" ESCAPE '\\' OR LOWER(COALESCE(l.email, '')) LIKE ")
            .bind(Arg::Text(pattern.clone()))
            .push(" ESCAPE '\\' OR LOWER(COALESCE(l.phone, '')) LIKE ")
            .bind(Arg::Text(pattern))
            .push(" ESCAPE '\\')");
    }
    let mut count = Sql::new("SELECT COUNT(*) FROM leads l");
    count.push(&filter.text);
    count.adopt_args(&filter);
    let total: i64 = count.query().fetch_one(&db.pool).await?.try_get(0)?;

    let limit = query.limit.unwrap_or(LEADS_DEFAULT_LIMIT);
    let page = query.page.unwrap_or(1);
    let order = query.order.unwrap_or(SortOrder::Desc);
    let mut select = Sql::new(SELECT);
    select.push(&filter.text);
    select.adopt_args(&filter);
    select.push(&format!(
        " ORDER BY {} {}, l.id ASC LIMIT ",
        sort_column(query.sort.unwrap_or_default()),
        order.sql()
    ));
    select
        .bind(Arg::Int(limit.into()))
        .push(" OFFSET ")
        .bind(Arg::Int(
            i64::from(page.saturating_sub(1)) * i64::from(limit),
        ));
    let rows = select.query().fetch_all(&db.pool).await?;
    let leads = rows.iter().map(from_row).collect::<anyhow::Result<_>>()?;
    Ok((leads, total as u64))
}

pub async fn stats(db: &Db, caller: &Caller) -> Result<LeadStats> {
    let now = now_ms();
    let midnight = now - now.rem_euclid(DAY_MS);
    let rows = sqlx::query(
        "SELECT status, source, CAST(COUNT(*) AS BIGINT) AS n, \
         CAST(COALESCE(SUM(CASE WHEN created_at >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT) AS today \
         FROM leads WHERE organization_id = $1 AND environment = $2 GROUP BY status, source",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(midnight)
    .fetch_all(&db.pool)
    .await?;
    let mut by_status = LeadStatusCounts::default();
    let mut by_source = LeadSourceCounts::default();
    let (mut total, mut new_today) = (0, 0);
    for row in &rows {
        let n = row.try_get::<i64, _>("n")?.max(0) as u64;
        total += n;
        new_today += row.try_get::<i64, _>("today")?.max(0) as u64;
        if let Ok(status) = row.try_get::<String, _>("status")?.parse() {
            by_status.add(status, n);
        }
        if let Ok(source) = row.try_get::<String, _>("source")?.parse() {
            by_source.add(source, n);
        }
    }
    let waits = sqlx::query(
        "SELECT first_response_at - created_at AS wait FROM leads \
         WHERE organization_id = $1 AND environment = $2 AND first_response_at IS NOT NULL",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_all(&db.pool)
    .await?;
    let waits = waits
        .iter()
        .map(|row| row.try_get::<i64, _>("wait"))
        .collect::<sqlx::Result<Vec<i64>>>()?;
    Ok(LeadStats {
        total,
        by_status,
        by_source,
        median_first_response_minutes: median_first_response_minutes(&waits),
        conversion_rate: conversion_rate(by_status.won, by_status.lost),
        new_today,
    })
}
