//! The inventory offline: `GET /external/vehicles` answered from the cache with the
//! server's exact semantics (defaults, bounds, validation messages, `available` only, sort
//! columns, `id ASC` tie-break, totals), plus full-text search, detail and the stats.

use super::params::{optional_id, paging, Paging};
use super::{fts, Cache};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::{
    Breakdown, ListingType, ListingTypeCounts, SortOrder, Vehicle, VehicleQuery, VehicleSort,
    VehicleStats, VehicleStatus, VEHICLES_DEFAULT_LIMIT,
};
use sqlx::{QueryBuilder, Sqlite};

/// The column each documented sort orders by: the server's columns, holding the same
/// values (instants as milliseconds, prices as REAL, names compared bytewise). Public for
/// the benchmark, which runs the cache's statements in `sqlite3`.
pub fn sort_column(sort: VehicleSort) -> &'static str {
    match sort {
        VehicleSort::CreatedDate => "created_at",
        VehicleSort::ImpressionsCount => "impressions_count",
        VehicleSort::Year => "year",
        VehicleSort::Mileage => "mileage",
        VehicleSort::Price => "price",
        VehicleSort::Name => "name",
        // Until the cache keeps its own column: `listedDate` as the server writes it
        // (fixed width, so text order is time order). The order runs reversed, see
        // `VehicleSort::column_order`.
        VehicleSort::DaysOnLot => "json_extract(doc, '$.listedDate')",
    }
}

/// A query the server would accept, with ids normalized and defaults applied.
struct Checked {
    paging: Paging,
    brand_id: Option<String>,
    model_id: Option<String>,
    body_type_id: Option<String>,
    query: VehicleQuery,
    /// The FTS5 expression of the console's search box, if it holds any word.
    search: Option<String>,
}

/// The server's checks, in its order (paging, ids, then the ranges), with its messages.
fn check(query: &VehicleQuery, search: Option<&str>) -> Result<Checked> {
    let paging = paging(query.page, query.limit, VEHICLES_DEFAULT_LIMIT)?;
    let brand_id = optional_id(query.brand_id.as_deref(), "brandId")?;
    let model_id = optional_id(query.model_id.as_deref(), "modelId")?;
    let body_type_id = optional_id(query.body_type_id.as_deref(), "bodyTypeId")?;
    carstrel_model::rules::vehicle_ranges(query).map_err(Error::invalid_query)?;
    Ok(Checked {
        paging,
        brand_id,
        model_id,
        body_type_id,
        query: query.clone(),
        search: search.and_then(fts::match_expression),
    })
}

impl Checked {
    /// ` AND …` for each filter, after a `WHERE status = 'available'` (kept literal so
    /// that SQLite picks the partial list indexes).
    ///
    /// SQLite has no statistics to choose between the indexes, so only the most selective
    /// equality filter (model, then brand, then body type, then listing type) may lead
    /// one; the others are written `+column`, compared but never looked up by. For the
    /// page (`sort` given) the year and price ranges stay out of the choice too unless
    /// the page sorts by that column: walking the sort's index and skipping the few rows
    /// a range drops beats fetching every match to sort it. The server does the same
    /// (`carstrel_server::store::vehicles`).
    fn push_filters<'a>(&'a self, sql: &mut QueryBuilder<'a, Sqlite>, sort: Option<VehicleSort>) {
        let lead = [
            self.model_id.is_some(),
            self.brand_id.is_some(),
            self.body_type_id.is_some(),
            self.query.listing_type.is_some(),
        ]
        .iter()
        .position(|present| *present);
        let column = |indexed: bool| if indexed { " AND " } else { " AND +" };
        let range = |sorted: VehicleSort| column(sort.is_none_or(|s| s == sorted));
        if let Some(id) = &self.model_id {
            sql.push(column(lead == Some(0)))
                .push("model_id = ")
                .push_bind(id);
        }
        if let Some(id) = &self.brand_id {
            sql.push(column(lead == Some(1)))
                .push("brand_id = ")
                .push_bind(id);
        }
        if let Some(id) = &self.body_type_id {
            sql.push(column(lead == Some(2)))
                .push("body_type_id = ")
                .push_bind(id);
        }
        if let Some(kind) = self.query.listing_type {
            sql.push(column(lead == Some(3)))
                .push("listing_type = ")
                .push_bind(kind.as_str());
        }
        if let Some(year) = self.query.min_year {
            sql.push(range(VehicleSort::Year))
                .push("year >= ")
                .push_bind(i64::from(year));
        }
        if let Some(year) = self.query.max_year {
            sql.push(range(VehicleSort::Year))
                .push("year <= ")
                .push_bind(i64::from(year));
        }
        if let Some(price) = self.query.min_price {
            sql.push(range(VehicleSort::Price))
                .push("price >= ")
                .push_bind(price);
        }
        if let Some(price) = self.query.max_price {
            sql.push(range(VehicleSort::Price))
                .push("price <= ")
                .push_bind(price);
        }
        if let Some(expression) = &self.search {
            sql.push(" AND rid IN (SELECT rowid FROM vehicles_fts WHERE vehicles_fts MATCH ")
                .push_bind(expression)
                .push(")");
        }
    }
}

impl Cache {
    /// One page of available vehicles, exactly as `GET /external/vehicles` with `query`
    /// would return it, optionally narrowed by the console's full-text `search` (words of
    /// the name, description, brand or model, matched by prefix; any input is safe, and
    /// input without a word to search for narrows nothing).
    ///
    /// Refuses what the server refuses (`limit` outside 1..=100, `page` 0, `minYear` above
    /// `maxYear`, …) as [`Error::InvalidQuery`] with the server's message.
    pub async fn list_vehicles(
        &self,
        query: &VehicleQuery,
        search: Option<&str>,
    ) -> Result<Page<Vehicle>> {
        let checked = check(query, search)?;
        let mut count =
            QueryBuilder::new("SELECT COUNT(*) FROM vehicles WHERE status = 'available'");
        checked.push_filters(&mut count, None);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let sort = query.sort.unwrap_or_default();
        let order = query.order.unwrap_or(SortOrder::Desc);
        let mut select = QueryBuilder::new("SELECT doc FROM vehicles WHERE status = 'available'");
        checked.push_filters(&mut select, Some(sort));
        select
            .push(format_args!(
                " ORDER BY {} {}, id ASC LIMIT ",
                sort_column(sort),
                sort.column_order(order).sql()
            ))
            .push_bind(i64::from(checked.paging.limit))
            .push(" OFFSET ")
            .push_bind(checked.paging.offset());
        let docs: Vec<String> = select.build_query_scalar().fetch_all(&self.pool).await?;
        let items = docs
            .iter()
            .map(|doc| serde_json::from_str(doc).map_err(Error::from))
            .collect::<Result<_>>()?;
        Ok(Page::new(
            items,
            total as u64,
            checked.paging.page,
            checked.paging.limit,
        ))
    }

    /// One vehicle of any status (a sold car still opens from a test drive), as last
    /// synced. Unlike the API's detail read, it records no impression.
    pub async fn get_vehicle(&self, id: &str) -> Result<Vehicle> {
        let id = super::params::id(id, "id")?;
        let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM vehicles WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let doc = doc.ok_or(Error::NotFound("Vehicle"))?;
        Ok(serde_json::from_str(&doc)?)
    }

    /// `GET /external/vehicles/stats/summary` from the cache: every status counts in
    /// the total, by listing type, body type (`Other` when none) and brand; only
    /// `available` ones in `availableVehicles`.
    pub async fn vehicle_stats(&self) -> Result<VehicleStats> {
        let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT listing_type, status, COALESCE(body_type_name, 'Other'), brand_name, \
             COUNT(*) FROM vehicles \
             GROUP BY listing_type, status, COALESCE(body_type_name, 'Other'), brand_name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut stats = VehicleStats {
            total_vehicles: 0,
            available_vehicles: 0,
            by_listing_type: ListingTypeCounts::default(),
            by_body_type: Breakdown::new(),
            by_brand: Breakdown::new(),
        };
        for (listing_type, status, body, brand, n) in rows {
            let n = n as u64;
            stats.total_vehicles += n;
            if status == VehicleStatus::Available.as_str() {
                stats.available_vehicles += n;
            }
            match listing_type.parse::<ListingType>() {
                Ok(ListingType::Sale) => stats.by_listing_type.sale += n,
                Ok(ListingType::Rental) => stats.by_listing_type.rental += n,
                Ok(ListingType::Auction) => stats.by_listing_type.auction += n,
                Err(_) => {}
            }
            *stats.by_body_type.entry(body).or_default() += n;
            *stats.by_brand.entry(brand).or_default() += n;
        }
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn filtered_sorted_lists_use_an_index() {
        let cache = Cache::open_in_memory().await.unwrap();
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
            "EXPLAIN QUERY PLAN SELECT doc FROM vehicles WHERE status = 'available' \
             AND brand_id = ? ORDER BY price DESC, id ASC LIMIT 20",
        )
        .bind("b")
        .fetch_all(&cache.pool)
        .await
        .unwrap();
        let plan: Vec<String> = plan.into_iter().map(|row| row.3).collect();
        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX vehicles_brand_price")),
            "{plan:?}"
        );
    }

    #[test]
    fn validation_mirrors_the_server() {
        for (query, message) in [
            (
                VehicleQuery {
                    limit: Some(0),
                    ..Default::default()
                },
                "limit must be between 1 and 100",
            ),
            (
                VehicleQuery {
                    min_price: Some(f64::NAN),
                    ..Default::default()
                },
                "minPrice must be a finite number",
            ),
            (
                VehicleQuery {
                    brand_id: Some("toyota".into()),
                    ..Default::default()
                },
                "brandId must be a UUID (got \"toyota\")",
            ),
        ] {
            let server = carstrel_server::store::vehicles::validate(&query)
                .map_err(|e| e.to_string())
                .err();
            let offline = check(&query, None).err().map(|e| e.to_string());
            assert_eq!(offline.as_deref(), Some(message));
            // Paging and ids are the route's checks; the ranges are the store's.
            if let Some(server) = server {
                assert!(server.contains(message), "{server}");
            }
        }
    }
}
