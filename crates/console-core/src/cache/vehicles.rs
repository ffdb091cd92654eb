//! The inventory offline: `GET /external/vehicles` answered from the cache with the
//! server's exact semantics (defaults, bounds, validation messages, `available` only, sort
//! columns, `id ASC` tie-break, totals), plus full-text search, detail and the stats.

use super::params::{now_ms, optional_id, paging, Paging};
use super::vehicle_index::shown::VehicleRow;
use super::{fts, vehicle_index, Cache};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::{
    Breakdown, ListingType, ListingTypeCounts, Vehicle, VehicleQuery, VehicleSort, VehicleStats,
    VehicleStatus, VEHICLES_DEFAULT_LIMIT,
};

/// The column each documented sort orders by: the server's columns, holding the same
/// values (instants as milliseconds, prices as REAL, names compared bytewise). Public for
/// the benchmark, which runs the equivalent statements in `sqlite3`.
pub fn sort_column(sort: VehicleSort) -> &'static str {
    match sort {
        VehicleSort::CreatedDate => "created_at",
        VehicleSort::ImpressionsCount => "impressions_count",
        VehicleSort::Year => "year",
        VehicleSort::Mileage => "mileage",
        VehicleSort::Price => "price",
        VehicleSort::Name => "name",
        // The order runs reversed, see `VehicleSort::column_order`.
        VehicleSort::DaysOnLot => "listed_at",
    }
}

/// A query the server would accept, with ids normalized and defaults applied.
struct Checked {
    paging: Paging,
    brand_id: Option<String>,
    model_id: Option<String>,
    body_type_id: Option<String>,
    /// The FTS5 expression of the console's search box, if it holds any word.
    search: Option<String>,
}

impl Checked {
    /// What the in-memory list needs of the query, with the ids as checked.
    fn index_query<'a>(&'a self, query: &'a VehicleQuery, now: i64) -> vehicle_index::Query<'a> {
        let mut wanted = vehicle_index::Query::of(query, now);
        wanted.brand_id = self.brand_id.as_deref();
        wanted.model_id = self.model_id.as_deref();
        wanted.body_type_id = self.body_type_id.as_deref();
        wanted.offset = usize::try_from(self.paging.offset()).unwrap_or(usize::MAX);
        wanted.limit = self.paging.limit as usize;
        wanted
    }
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
        search: search.and_then(fts::match_expression),
    })
}

/// `daysOnLot` as the server computes it when it reads a vehicle: from `listedDate`, by
/// the clock at the time of reading (the cached copy's count was true when synced).
pub(super) fn with_days_on_lot(mut vehicle: Vehicle, listed_at: Option<i64>, now: i64) -> Vehicle {
    vehicle.days_on_lot = listed_at.map(|at| carstrel_model::rules::days_on_lot(at, now));
    vehicle
}

/// The rows `rids` that still exist, in that order, each with its document, and the
/// generation of `vehicles` they were read at: one statement answering one row (the page
/// as one JSON array), so one trip to SQLite's thread however long the page.
async fn page_documents(
    pool: &sqlx::SqlitePool,
    rids: &[i64],
) -> Result<(i64, Vec<(i64, Vehicle)>)> {
    let (generation, array): (i64, String) = sqlx::query_as(
        "SELECT (SELECT n FROM vehicles_generation), '[' || COALESCE(group_concat(\
         '[' || d.rid || ',' || d.doc || ']', ',' ORDER BY j.key), '') || ']' \
         FROM json_each(?) j JOIN vehicle_docs d ON d.rid = j.value",
    )
    .bind(serde_json::to_string(rids)?)
    .fetch_one(pool)
    .await?;
    Ok((generation, serde_json::from_str(&array)?))
}

impl Cache {
    /// One page of available vehicles, exactly as `GET /external/vehicles` with `query`
    /// would return it, optionally narrowed by the console's full-text `search` (words of
    /// the name, description, brand or model, matched by prefix; any input is safe, and
    /// input without a word to search for narrows nothing).
    ///
    /// Refuses what the server refuses (`limit` outside 1..=100, `page` 0, `minYear` above
    /// `maxYear`, …) as [`Error::InvalidQuery`] with the server's message.
    ///
    /// The filters and the sort run in memory ([`super::vehicle_index`]); SQLite reads the
    /// full-text matches, if searching, and the page's documents.
    pub async fn list_vehicles(
        &self,
        query: &VehicleQuery,
        search: Option<&str>,
    ) -> Result<Page<Vehicle>> {
        let checked = check(query, search)?;
        // One instant for the filters and the page's `daysOnLot`, as on the server.
        let now = now_ms();
        let matches = self.search_matches(&checked).await?;
        let wanted = checked.index_query(query, now);
        let (mut built, mut index) = self.vehicle_index.held(&self.pool).await?;
        let mut attempts = 0;
        let (total, docs) = loop {
            let (total, rids) = index.page(&wanted, matches.as_deref());
            let (generation, docs) = page_documents(&self.pool, &rids).await?;
            attempts += 1;
            if generation == built {
                if docs.len() != rids.len() {
                    return Err(Error::Corrupt(format!(
                        "{} of the page's {} vehicle rows have no document",
                        rids.len() - docs.len(),
                        rids.len()
                    )));
                }
                break (total, docs);
            }
            // A write since the index was built: build it again and read again. While
            // writes keep coming (a sync), the page may be a few writes old, without the
            // rows deleted meanwhile.
            if attempts == 3 {
                break (total, docs);
            }
            (built, index) = self.vehicle_index.current(&self.pool).await?;
        };
        let items = docs
            .into_iter()
            .map(|(rid, vehicle)| with_days_on_lot(vehicle, index.listed_at(rid), now))
            .collect();
        Ok(Page::new(
            items,
            total,
            checked.paging.page,
            checked.paging.limit,
        ))
    }

    /// The same page as [`Cache::list_vehicles`], as the inventory table shows it: held in
    /// memory with the list's columns, so no document is read or sent.
    pub async fn list_vehicle_rows(
        &self,
        query: &VehicleQuery,
        search: Option<&str>,
    ) -> Result<Page<VehicleRow>> {
        let checked = check(query, search)?;
        let now = now_ms();
        let matches = self.search_matches(&checked).await?;
        let wanted = checked.index_query(query, now);
        // One round trip to SQLite: is the index held still current?
        let (_, index) = self.vehicle_index.current(&self.pool).await?;
        let (total, rows) = index.page_rows(&wanted, matches.as_deref());
        let items = index.shown(&rows, now).ok_or_else(|| {
            Error::Corrupt("a cached vehicle has a listing type the console does not know".into())
        })?;
        Ok(Page::new(
            items,
            total,
            checked.paging.page,
            checked.paging.limit,
        ))
    }

    /// Builds the inventory's in-memory list now if a write made it stale, so the next
    /// list reads it at once (the console calls this after a sync).
    pub async fn warm_vehicle_list(&self) -> Result<()> {
        self.vehicle_index.current(&self.pool).await.map(|_| ())
    }

    /// The `rid`s of the vehicles the search box's words match, when it holds any: all
    /// in one row (a row per match cost ~1.5 µs each, 130 ms for the 85 000 matches of
    /// a first letter).
    async fn search_matches(&self, checked: &Checked) -> Result<Option<Vec<i64>>> {
        let Some(expression) = &checked.search else {
            return Ok(None);
        };
        let rids: String = sqlx::query_scalar(
            "SELECT COALESCE(group_concat(rowid), '') FROM vehicles_fts WHERE vehicles_fts MATCH ?",
        )
        .bind(expression)
        .fetch_one(&self.pool)
        .await?;
        let rids = rids
            .split(',')
            .filter(|rid| !rid.is_empty())
            .map(|rid| {
                rid.parse()
                    .map_err(|_| Error::Corrupt(format!("full-text rowid {rid:?}")))
            })
            .collect::<Result<Vec<i64>>>()?;
        Ok(Some(rids))
    }

    /// One vehicle of any status (a sold car still opens from a test drive), as last
    /// synced. Unlike the API's detail read, it records no impression.
    pub async fn get_vehicle(&self, id: &str) -> Result<Vehicle> {
        let id = super::params::id(id, "id")?;
        let row: Option<(String, Option<i64>)> = sqlx::query_as(
            "SELECT d.doc, v.listed_at FROM vehicles v JOIN vehicle_docs d ON d.rid = v.rid \
             WHERE v.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let (doc, listed_at) = row.ok_or(Error::NotFound("Vehicle"))?;
        Ok(with_days_on_lot(
            serde_json::from_str(&doc)?,
            listed_at,
            now_ms(),
        ))
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
