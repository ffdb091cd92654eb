//! The CRM offline: `GET /external/customers` answered from the cache with the server's
//! exact semantics (the same `LIKE` search over the same fields, segments classified as of
//! now, the same sort expressions and tie-break), a full-text quick search, detail, and
//! the summary stats.

use super::params::{now_ms, paging, Paging};
use super::{fts, Cache};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::{
    at_risk_cutoff_ms, rules, Customer, CustomerQuery, CustomerSegment, CustomerSort,
    CustomerStats, SegmentBreakdown, SortOrder, CUSTOMERS_DEFAULT_LIMIT,
};
use serde::Serialize;
use sqlx::QueryBuilder;
use std::collections::HashSet;

/// A customer with whether an edit of it waits to be sent or to be settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow {
    pub customer: Customer,
    pub pending: bool,
    pub conflict: bool,
}

/// The segment rule of [`CustomerSegment::classify`] in SQL, as the server writes it,
/// around the at-risk cutoff's placeholder.
const SEGMENT_BEFORE_CUTOFF: &str = "(CASE WHEN is_vip = 1 THEN 'vip' \
    WHEN total_purchases = 0 THEN 'new' \
    WHEN last_purchase_at IS NOT NULL AND last_purchase_at < ";
const SEGMENT_AFTER_CUTOFF: &str = " THEN 'at_risk' ELSE 'regular' END)";

/// The server's sort expressions over the same values.
fn sort_expression(sort: CustomerSort) -> &'static str {
    match sort {
        CustomerSort::CreatedDate => "created_at",
        CustomerSort::TotalSpent => "total_spent",
        // No purchase yet sorts as the oldest purchase, as on the server.
        CustomerSort::LastPurchaseDate => "COALESCE(last_purchase_at, -1)",
        CustomerSort::LeadScore => "lead_score",
    }
}

/// A query the server would accept, with defaults applied.
struct Checked {
    paging: Paging,
    /// The `LIKE` pattern of a non-blank search.
    pattern: Option<String>,
    segment: Option<CustomerSegment>,
    cutoff: i64,
}

fn check(query: &CustomerQuery, now_ms: i64) -> Result<Checked> {
    let paging = paging(query.page, query.limit, CUSTOMERS_DEFAULT_LIMIT)?;
    // An empty parameter is absent; anything else is checked as sent, searched trimmed.
    let search = match query.search.as_deref().filter(|s| !s.is_empty()) {
        Some(search) => rules::search(search).map_err(Error::invalid_query)?,
        None => None,
    };
    Ok(Checked {
        paging,
        pattern: search.map(rules::like_pattern),
        segment: query.segment,
        cutoff: at_risk_cutoff_ms(now_ms),
    })
}

impl Checked {
    fn push_filters<'a>(&'a self, sql: &mut QueryBuilder<'a, sqlx::Sqlite>) {
        if let Some(pattern) = &self.pattern {
            sql.push(" AND (LOWER(first_name || ' ' || last_name) LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\' OR LOWER(email) LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        if let Some(segment) = self.segment {
            sql.push(" AND ")
                .push(SEGMENT_BEFORE_CUTOFF)
                .push_bind(self.cutoff)
                .push(SEGMENT_AFTER_CUTOFF)
                .push(" = ")
                .push_bind(segment.as_str());
        }
    }
}

/// A cached customer with its segment classified as of `now_ms`, as the server does on
/// every read (a segment changes with time alone: purchases age into `at_risk`).
fn decode(doc: &str, last_purchase_at: Option<i64>, now_ms: i64) -> Result<Customer> {
    let mut customer: Customer = serde_json::from_str(doc)?;
    customer.classification.customer_segment = CustomerSegment::classify(
        customer.classification.is_vip,
        customer.stats.total_purchases,
        last_purchase_at,
        now_ms,
    );
    Ok(customer)
}

impl Cache {
    /// One page of customers, exactly as `GET /external/customers` with `query` would
    /// return it now: see [`Cache::list_customers_at`].
    pub async fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.list_customers_at(query, now_ms()).await
    }

    /// [`Cache::list_customers`] as of `now_ms`, which decides the segments. The search is
    /// the server's case-insensitive substring match over "first last" and the email (not
    /// full-text), so the same customers come back; `%`, `_` and `\` match literally.
    pub async fn list_customers_at(
        &self,
        query: &CustomerQuery,
        now_ms: i64,
    ) -> Result<Page<Customer>> {
        Ok(self
            .list_marked(query, now_ms)
            .await?
            .map(|(customer, _)| customer))
    }

    /// [`Cache::list_customers`] with each customer's marks: `pending` is the record's own
    /// column (an edit not yet on the server: queued, refused or in conflict), so the
    /// marks can never disagree with what the sync protects.
    pub async fn list_customer_rows(&self, query: &CustomerQuery) -> Result<Page<CustomerRow>> {
        let page = self.list_marked(query, now_ms()).await?;
        let conflicted = self.conflicted_ids().await?;
        Ok(page.map(|(customer, pending)| CustomerRow {
            conflict: conflicted.contains(&customer.id),
            customer,
            pending,
        }))
    }

    /// A page of customers, each with its `pending` flag.
    async fn list_marked(
        &self,
        query: &CustomerQuery,
        now_ms: i64,
    ) -> Result<Page<(Customer, bool)>> {
        let checked = check(query, now_ms)?;
        let mut count = QueryBuilder::new("SELECT COUNT(*) FROM customers WHERE 1 = 1");
        checked.push_filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let sort = query.sort_by.unwrap_or_default();
        let order = query.sort_order.unwrap_or(SortOrder::Desc);
        let mut select =
            QueryBuilder::new("SELECT doc, last_purchase_at, pending FROM customers WHERE 1 = 1");
        checked.push_filters(&mut select);
        select
            .push(format_args!(
                " ORDER BY {} {}, id ASC LIMIT ",
                sort_expression(sort),
                order.sql()
            ))
            .push_bind(i64::from(checked.paging.limit))
            .push(" OFFSET ")
            .push_bind(checked.paging.offset());
        let rows: Vec<(String, Option<i64>, bool)> =
            select.build_query_as().fetch_all(&self.pool).await?;
        let items = rows
            .iter()
            .map(|(doc, last, pending)| Ok((decode(doc, *last, now_ms)?, *pending)))
            .collect::<Result<_>>()?;
        Ok(Page::new(
            items,
            total as u64,
            checked.paging.page,
            checked.paging.limit,
        ))
    }

    /// The records with an edit waiting for the user to settle a conflict.
    async fn conflicted_ids(&self) -> Result<HashSet<String>> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT DISTINCT entity_id FROM conflicts")
            .fetch_all(&self.pool)
            .await?;
        Ok(ids.into_iter().collect())
    }

    /// The console's quick search: customers whose first name, last name or email has
    /// words starting with the words typed (full-text, any input safe), best matches
    /// first, at most `limit`. Text without a word to search for finds no one.
    pub async fn search_customers_fulltext(&self, text: &str, limit: u32) -> Result<Vec<Customer>> {
        let Some(expression) = fts::match_expression(text) else {
            return Ok(Vec::new());
        };
        let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
            "SELECT c.doc, c.last_purchase_at FROM customers_fts \
             JOIN customers c ON c.rid = customers_fts.rowid \
             WHERE customers_fts MATCH ? ORDER BY customers_fts.rank, c.id LIMIT ?",
        )
        .bind(expression)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let now = now_ms();
        rows.iter()
            .map(|(doc, last)| decode(doc, *last, now))
            .collect()
    }

    /// One customer as last synced (or as edited offline, while the edit is pending).
    pub async fn get_customer(&self, id: &str) -> Result<Customer> {
        Ok(self.get_marked(id).await?.0)
    }

    /// [`Cache::get_customer`] with its edit marks, as [`Cache::list_customer_rows`] has them.
    pub async fn get_customer_row(&self, id: &str) -> Result<CustomerRow> {
        let (customer, pending) = self.get_marked(id).await?;
        let conflict: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM conflicts WHERE entity_id = ?)")
                .bind(&customer.id)
                .fetch_one(&self.pool)
                .await?;
        Ok(CustomerRow {
            customer,
            pending,
            conflict,
        })
    }

    async fn get_marked(&self, id: &str) -> Result<(Customer, bool)> {
        let id = super::params::id(id, "id")?;
        let row: Option<(String, Option<i64>, bool)> =
            sqlx::query_as("SELECT doc, last_purchase_at, pending FROM customers WHERE id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let (doc, last, pending) = row.ok_or(Error::NotFound("Customer"))?;
        Ok((decode(&doc, last, now_ms())?, pending))
    }

    /// `GET /external/customers/stats/summary` from the cache, as of `now_ms`: the same
    /// sums, the average spend rounded to a whole unit, the average lead score rounded,
    /// customers created in the last 30 days, and the segment breakdown.
    pub async fn customer_stats(&self, now_ms: i64) -> Result<CustomerStats> {
        let (total, vip, revenue, transactions, lead_score, fresh): (i64, i64, f64, i64, f64, i64) =
            sqlx::query_as(
                "SELECT COUNT(*), \
             COALESCE(SUM(CASE WHEN is_vip = 1 THEN 1 ELSE 0 END), 0), \
             CAST(COALESCE(SUM(total_spent), 0.0) AS REAL), \
             COALESCE(SUM(total_purchases), 0), \
             CAST(COALESCE(AVG(lead_score), 0.0) AS REAL), \
             COALESCE(SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), 0) \
             FROM customers",
            )
            .bind(now_ms - 30 * 24 * 3600 * 1000)
            .fetch_one(&self.pool)
            .await?;
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT {SEGMENT_BEFORE_CUTOFF}?{SEGMENT_AFTER_CUTOFF}, COUNT(*) FROM customers \
             GROUP BY 1"
        ))
        .bind(at_risk_cutoff_ms(now_ms))
        .fetch_all(&self.pool)
        .await?;
        let mut breakdown = SegmentBreakdown::default();
        for (segment, n) in rows {
            let n = n as u64;
            match segment.parse::<CustomerSegment>() {
                Ok(CustomerSegment::New) => breakdown.new += n,
                Ok(CustomerSegment::Regular) => breakdown.regular += n,
                Ok(CustomerSegment::Vip) => breakdown.vip += n,
                Ok(CustomerSegment::AtRisk) => breakdown.at_risk += n,
                Err(_) => {}
            }
        }
        let total = total as u64;
        Ok(CustomerStats {
            total_customers: total,
            vip_customers: vip as u64,
            total_revenue: revenue,
            average_spent: if total == 0 {
                0.0
            } else {
                (revenue / total as f64).round()
            },
            total_transactions: transactions as u64,
            average_lead_score: lead_score.round() as i64,
            new_customers_last30_days: fresh as u64,
            segment_breakdown: breakdown,
        })
    }
}
