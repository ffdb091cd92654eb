//! The inventory list's filter and sort columns, held in memory.
//!
//! The server answers `GET /external/vehicles` with indexed SQL; run offline, the same SQL
//! costs about what the API does on loopback. Instead, the cache keeps the columns the
//! list filters and sorts on (about 50 bytes per available vehicle, ~5 MB for 100 000)
//! with, for every sort and direction, the rows in that order and each row's rank in it
//! (`id ASC` breaking ties, NULL first ascending and last descending, as SQLite orders),
//! and what the table shows of each row ([`shown`]).
//!
//! A query with few candidates (a search's matches, an id filter's rows) tests and ranks
//! each; otherwise its filters clear a byte per row a column at a time ([`filter`]) and
//! the page is read off the sort order. The table's rows then come from memory; the
//! API-shaped page fetches its documents from SQLite.
//!
//! The index is built on the first list query after any write to `vehicles` (a
//! generation counter, moved by triggers, says when it is stale) and shared by every clone of the cache.

mod best;
mod filter;
pub(super) mod shown;

use crate::error::Result;
use best::Best;
use carstrel_model::rules::ListedBounds;
use carstrel_model::{ListingType, SortOrder, VehicleQuery, VehicleSort};
use filter::Filter;
use shown::{Listed, Shown, VehicleRow};
use sqlx::SqlitePool;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

/// No body type (or, in a filter, no vehicle has that id).
const NONE: u32 = u32::MAX;
/// A NULL `listed_at`: no real instant is this small, and the filters test for it.
const NO_LISTING: i64 = i64::MIN;

/// Where the shared index lives, and whether it is current.
#[derive(Debug, Default)]
pub(super) struct Slot {
    index: tokio::sync::Mutex<Option<(i64, Arc<VehicleIndex>)>>,
}

/// An index and the generation of `vehicles` it was built at.
pub(super) type Built = (i64, Arc<VehicleIndex>);

impl Slot {
    /// The index held, without asking SQLite whether it is current (the caller checks the
    /// generation in the statement that reads the page: one round trip, not two); built
    /// if there is none yet.
    pub(super) async fn held(&self, pool: &SqlitePool) -> Result<Built> {
        if let Some(built) = self.index.lock().await.clone() {
            return Ok(built);
        }
        self.current(pool).await
    }

    /// The current index, built from `pool` if a write happened since the last build.
    pub(super) async fn current(&self, pool: &SqlitePool) -> Result<Built> {
        // Moved on by a trigger at every write to `vehicles`. Read before the build: a
        // write committing during it moves it on, so the next query builds again.
        let generation: i64 = sqlx::query_scalar("SELECT n FROM vehicles_generation")
            .fetch_one(pool)
            .await?;
        let mut slot = self.index.lock().await;
        if let Some(built) = slot.as_ref().filter(|(built, _)| *built == generation) {
            return Ok(built.clone());
        }
        let index = Arc::new(VehicleIndex::load(pool).await?);
        *slot = Some((generation, index.clone()));
        Ok((generation, index))
    }
}

/// A row of `vehicles` as the index reads it.
#[derive(sqlx::FromRow)]
pub(super) struct Loaded {
    rid: i64,
    id: String,
    name: String,
    brand_id: String,
    brand_name: String,
    model_id: String,
    model_name: String,
    body_type_id: Option<String>,
    body_type_name: Option<String>,
    listing_type: String,
    year: i64,
    mileage: i64,
    price: Option<f64>,
    current_bid: Option<f64>,
    impressions_count: i64,
    created_at: i64,
    listed_at: Option<i64>,
    location_name: Option<String>,
    main_photo: Option<i64>,
}

/// The list columns of every available vehicle, one entry per row in each vector.
#[derive(Debug, Default)]
pub(super) struct VehicleIndex {
    rid: Vec<i64>,
    listed: Vec<i64>,
    brand: Vec<u32>,
    model: Vec<u32>,
    body: Vec<u32>,
    listing: Vec<u8>,
    year: Vec<i64>,
    /// NaN for NULL: every comparison with it is false, as with NULL in SQL.
    price: Vec<f64>,
    /// `[sort][direction]`: each row's position in that order.
    ranks: Vec<[Vec<u32>; 2]>,
    /// `[sort][direction]`: the rows in that order.
    orders: Vec<[Vec<u32>; 2]>,
    /// Interned ids of brands, models and body types (one space: they are UUIDs).
    ids: HashMap<String, u32>,
    /// The rows holding each interned id, in row order: a filter on a model reads only its rows.
    postings: Vec<Vec<u32>>,
    /// Row of each `rid`, for the full-text matches.
    by_rid: HashMap<i64, u32>,
    /// What the table shows of each row.
    shown: Shown,
}

/// A sort key as SQLite orders it: NULL before every number, numbers before text.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Key<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

fn direction(order: SortOrder) -> usize {
    match order {
        SortOrder::Asc => 0,
        SortOrder::Desc => 1,
    }
}

fn listing_code(kind: ListingType) -> u8 {
    match kind {
        ListingType::Sale => 0,
        ListingType::Rental => 1,
        ListingType::Auction => 2,
    }
}

/// The listing type of a code [`listing_code`] gave; `None` for one it never gives.
fn listing_of(code: u8) -> Option<ListingType> {
    ListingType::ALL
        .into_iter()
        .find(|kind| listing_code(*kind) == code)
}

impl VehicleIndex {
    async fn load(pool: &SqlitePool) -> Result<VehicleIndex> {
        let rows: Vec<Loaded> = sqlx::query_as(
            "SELECT rid, id, name, brand_id, brand_name, model_id, model_name, body_type_id, \
             body_type_name, listing_type, year, mileage, price, current_bid, \
             impressions_count, created_at, listed_at, location_name, main_photo \
             FROM vehicles WHERE status = 'available'",
        )
        .fetch_all(pool)
        .await?;
        let started = std::time::Instant::now();
        let index = tokio::task::spawn_blocking(move || VehicleIndex::build(rows))
            .await
            .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?;
        tracing::debug!(rows = index.rid.len(), elapsed = ?started.elapsed(), "vehicle index built");
        Ok(index)
    }

    fn build(rows: Vec<Loaded>) -> VehicleIndex {
        let n = rows.len();
        let mut index = VehicleIndex {
            rid: Vec::with_capacity(n),
            listed: Vec::with_capacity(n),
            brand: Vec::with_capacity(n),
            model: Vec::with_capacity(n),
            body: Vec::with_capacity(n),
            listing: Vec::with_capacity(n),
            year: Vec::with_capacity(n),
            price: Vec::with_capacity(n),
            ..VehicleIndex::default()
        };
        for (row, r) in rows.iter().enumerate() {
            let row = row as u32;
            index.rid.push(r.rid);
            index.by_rid.insert(r.rid, row);
            let brand = index.intern(&r.brand_id, row);
            index.brand.push(brand);
            let model = index.intern(&r.model_id, row);
            index.model.push(model);
            let body = r
                .body_type_id
                .as_deref()
                .map_or(NONE, |id| index.intern(id, row));
            index.body.push(body);
            let kind = r
                .listing_type
                .parse::<ListingType>()
                .map_or(u8::MAX, listing_code);
            index.listing.push(kind);
            index.year.push(r.year);
            index.price.push(r.price.unwrap_or(f64::NAN));
            index.listed.push(r.listed_at.unwrap_or(NO_LISTING));
        }
        // Ties break on id, compared bytewise as SQLite's BINARY collation does.
        let mut by_id: Vec<u32> = (0..n as u32).collect();
        by_id.sort_unstable_by(|a, b| rows[*a as usize].id.cmp(&rows[*b as usize].id));
        let mut id_rank = vec![0u32; n];
        for (rank, row) in by_id.iter().enumerate() {
            id_rank[*row as usize] = rank as u32;
        }
        fn key(sort: VehicleSort, r: &Loaded) -> Key<'_> {
            match sort {
                VehicleSort::CreatedDate => Key::Int(r.created_at),
                VehicleSort::ImpressionsCount => Key::Int(r.impressions_count),
                VehicleSort::Year => Key::Int(r.year),
                VehicleSort::Mileage => Key::Int(r.mileage),
                VehicleSort::Price => r.price.map_or(Key::Null, Key::Real),
                VehicleSort::Name => Key::Text(&r.name),
                VehicleSort::DaysOnLot => r.listed_at.map_or(Key::Null, Key::Int),
            }
        }
        let compare = |a: &Key, b: &Key| a.partial_cmp(b).unwrap_or(Ordering::Equal);
        for sort in VehicleSort::ALL {
            let keys: Vec<Key> = rows.iter().map(|r| key(sort, r)).collect();
            let mut ascending: Vec<u32> = (0..n as u32).collect();
            ascending.sort_unstable_by(|a, b| {
                compare(&keys[*a as usize], &keys[*b as usize])
                    .then(id_rank[*a as usize].cmp(&id_rank[*b as usize]))
            });
            // Descending: the groups of equal keys in reverse, each still by id.
            let mut descending = Vec::with_capacity(n);
            let mut end = n;
            while end > 0 {
                let mut start = end - 1;
                let last = &keys[ascending[start] as usize];
                while start > 0
                    && compare(&keys[ascending[start - 1] as usize], last) == Ordering::Equal
                {
                    start -= 1;
                }
                descending.extend_from_slice(&ascending[start..end]);
                end = start;
            }
            let mut ranks = [vec![0u32; n], vec![0u32; n]];
            for (order, rows) in [&ascending, &descending].into_iter().enumerate() {
                for (rank, row) in rows.iter().enumerate() {
                    ranks[order][*row as usize] = rank as u32;
                }
            }
            index.ranks.push(ranks);
            index.orders.push([ascending, descending]);
        }
        index.shown = Shown::with_capacity(n);
        for r in rows {
            index.shown.push(r);
        }
        index
    }

    fn intern(&mut self, id: &str, row: u32) -> u32 {
        let next = self.postings.len() as u32;
        let code = *self.ids.entry(id.to_owned()).or_insert(next);
        if code == next {
            self.postings.push(Vec::new());
        }
        self.postings[code as usize].push(row);
        code
    }

    fn code(&self, id: Option<&str>) -> Option<u32> {
        id.map(|id| self.ids.get(id).copied().unwrap_or(NONE))
    }

    /// How many available vehicles match, and the `rid`s of the page (`offset`, `limit`)
    /// in list order. `ids` are normalized already; `matches` are the full-text search's
    /// rids, when searching.
    pub(super) fn page(&self, query: &Query, matches: Option<&[i64]>) -> (u64, Vec<i64>) {
        let (total, rows) = self.page_rows(query, matches);
        let rids = rows.into_iter().map(|row| self.rid[row as usize]).collect();
        (total, rids)
    }

    /// The page's rows as the table shows them, `daysOnLot` counted at `now_ms`; `None`
    /// if a row's listing type is not one the console knows (the cache is damaged).
    pub(super) fn shown(&self, rows: &[u32], now_ms: i64) -> Option<Vec<VehicleRow>> {
        rows.iter()
            .map(|row| {
                let row = *row as usize;
                let listed = self.listed[row];
                let days = (listed != NO_LISTING)
                    .then(|| carstrel_model::rules::days_on_lot(listed, now_ms));
                let price = self.price[row];
                Some(self.shown.row(
                    row,
                    Listed {
                        year: i32::try_from(self.year[row]).unwrap_or_default(),
                        listing_type: listing_of(self.listing[row])?,
                        price: (!price.is_nan()).then_some(price),
                        days_on_lot: days,
                    },
                ))
            })
            .collect()
    }

    /// [`VehicleIndex::page`] as row numbers, for [`VehicleIndex::shown`].
    pub(super) fn page_rows(&self, query: &Query, matches: Option<&[i64]>) -> (u64, Vec<u32>) {
        let brand = self.code(query.brand_id);
        let model = self.code(query.model_id);
        let body = self.code(query.body_type_id);
        if [brand, model, body].contains(&Some(NONE)) {
            return (0, Vec::new());
        }
        let filter = Filter::of(query, brand, model, body);
        // The fewest candidates: the search's matches, else the rows of the most
        // selective id filter, else every row.
        let candidates = match (matches, model.or(brand).or(body)) {
            (Some(rids), _) => {
                let rows = rids.iter().filter_map(|rid| self.by_rid.get(rid).copied());
                Candidates::Rows(rows.collect())
            }
            (None, Some(code)) => Candidates::Posting(&self.postings[code as usize]),
            (None, None) => Candidates::All(self.rid.len()),
        };
        let ranks = &self.ranks[query.sort_index][direction(query.direction)];
        let wanted = query.offset.saturating_add(query.limit);
        if candidates.len() * WALK_ABOVE < self.rid.len() {
            // Few candidates: test and rank each, keeping the best.
            let mut best = Best::new(wanted);
            let mut total = 0u64;
            candidates.for_each(|row| {
                if filter.keep(self, row) {
                    total += 1;
                    best.offer(ranks[row], row as u32);
                }
            });
            return (
                total,
                best.into_sorted().into_iter().skip(query.offset).collect(),
            );
        }
        // Many: which rows pass, a column at a time, then walk the sort order until the
        // page is found, which for most queries is its first few hundred rows.
        let mut passing = candidates.mask(self.rid.len());
        filter.narrow(self, &mut passing);
        let total: u64 = passing.iter().map(|pass| u64::from(*pass)).sum();
        let found = wanted.min(usize::try_from(total).unwrap_or(usize::MAX));
        if found <= query.offset {
            return (total, Vec::new());
        }
        let order = &self.orders[query.sort_index][direction(query.direction)];
        // Rows the sorted column's own bound refuses come first: skip them at once.
        let sort = VehicleSort::ALL[query.sort_index];
        let start = filter.first_passing(self, sort, direction(query.direction), order);
        // Other filters may still refuse long runs of the order (a year bound in the
        // order of creation): past a ranking's cost, rank after all.
        let most = self.rid.len() / WALK_STEP_COST;
        let mut page = Vec::with_capacity(found);
        for (step, row) in order[start..].iter().enumerate() {
            if passing[*row as usize] == 1 {
                page.push(*row);
                if page.len() == found {
                    page.drain(..query.offset);
                    return (total, page);
                }
            }
            if step == most {
                break;
            }
        }
        let mut best = Best::new(wanted);
        for (row, pass) in passing.iter().enumerate() {
            if *pass == 1 {
                best.offer(ranks[row], row as u32);
            }
        }
        (
            total,
            best.into_sorted().into_iter().skip(query.offset).collect(),
        )
    }

    /// `listed_at` of the row with `rid`, if it is listed.
    pub(super) fn listed_at(&self, rid: i64) -> Option<i64> {
        let row = *self.by_rid.get(&rid)? as usize;
        (self.listed[row] != NO_LISTING).then_some(self.listed[row])
    }
}

/// Past one candidate in this many rows, a query walks the sort order rather than
/// ranking every candidate (which, when they come in the reverse of the wanted order,
/// replaces the heap's top at each one).
const WALK_ABOVE: usize = 8;
/// About how many sequential row tests one step of a walk in sort order costs.
const WALK_STEP_COST: usize = 4;

/// The rows a query looks at.
enum Candidates<'a> {
    /// The full-text search's matches that are available.
    Rows(Vec<u32>),
    /// The rows holding one id.
    Posting(&'a [u32]),
    /// Every row.
    All(usize),
}

impl Candidates<'_> {
    fn len(&self) -> usize {
        match self {
            Candidates::Rows(rows) => rows.len(),
            Candidates::Posting(rows) => rows.len(),
            Candidates::All(n) => *n,
        }
    }

    fn for_each(&self, mut visit: impl FnMut(usize)) {
        match self {
            Candidates::Rows(rows) => rows.iter().for_each(|row| visit(*row as usize)),
            Candidates::Posting(rows) => rows.iter().for_each(|row| visit(*row as usize)),
            Candidates::All(n) => (0..*n).for_each(visit),
        }
    }

    /// One byte per row of `n`: 1 for a candidate (or for every row, when the
    /// candidates are an id's rows: the filter tests the id itself).
    fn mask(&self, n: usize) -> Vec<u8> {
        match self {
            Candidates::Rows(rows) => {
                let mut mask = vec![0; n];
                for row in rows {
                    mask[*row as usize] = 1;
                }
                mask
            }
            Candidates::Posting(_) | Candidates::All(_) => vec![1; n],
        }
    }
}

/// What the index needs of a checked query.
pub(super) struct Query<'a> {
    pub brand_id: Option<&'a str>,
    pub model_id: Option<&'a str>,
    pub body_type_id: Option<&'a str>,
    pub listing_type: Option<ListingType>,
    pub min_year: Option<i64>,
    pub max_year: Option<i64>,
    pub min_price: Option<f64>,
    pub max_price: Option<f64>,
    pub listed: ListedBounds,
    /// Position of the sort in [`VehicleSort::ALL`].
    pub sort_index: usize,
    /// The direction of the sort's column (reversed for `daysOnLot`).
    pub direction: SortOrder,
    pub offset: usize,
    pub limit: usize,
}

impl<'a> Query<'a> {
    pub(super) fn of(query: &'a VehicleQuery, now_ms: i64) -> Self {
        let sort = query.sort.unwrap_or_default();
        Query {
            brand_id: None,
            model_id: None,
            body_type_id: None,
            listing_type: query.listing_type,
            min_year: query.min_year.map(i64::from),
            max_year: query.max_year.map(i64::from),
            min_price: query.min_price,
            max_price: query.max_price,
            listed: carstrel_model::rules::listed_bounds(query, now_ms),
            sort_index: VehicleSort::ALL
                .iter()
                .position(|s| *s == sort)
                .unwrap_or_default(),
            direction: sort.column_order(query.order.unwrap_or(SortOrder::Desc)),
            offset: 0,
            limit: 0,
        }
    }
}

#[cfg(test)]
mod tests;
