//! The inventory list's filter and sort columns, held in memory.
//!
//! The server answers `GET /external/vehicles` with indexed SQL; run offline, the same SQL
//! costs about what the API does on loopback. Instead, the cache keeps the columns the
//! list filters and sorts on (about 50 bytes per available vehicle, ~5 MB for 100 000)
//! with, for every sort and direction, each row's rank in that order (`id ASC` breaking
//! ties, NULL first ascending and last descending, as SQLite orders). A query scans the
//! rows (or only those of its most selective id filter), keeps the best `offset + limit`
//! ranks, and SQLite then fetches only the page's documents.
//!
//! The index is built on the first list query after any write to `vehicles` (a
//! generation counter, moved by triggers, says when it is stale) and shared by every clone of the cache.

use crate::error::Result;
use carstrel_model::rules::ListedBounds;
use carstrel_model::{ListingType, SortOrder, VehicleQuery, VehicleSort};
use sqlx::SqlitePool;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
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

type Row = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
    Option<f64>,
    i64,
    i64,
    Option<i64>,
);

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
    /// Interned ids of brands, models and body types (one space: they are UUIDs).
    ids: HashMap<String, u32>,
    /// The rows holding each interned id, in row order: a filter on a model reads only its rows.
    postings: Vec<Vec<u32>>,
    /// Row of each `rid`, for the full-text matches.
    by_rid: HashMap<i64, u32>,
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

impl VehicleIndex {
    async fn load(pool: &SqlitePool) -> Result<VehicleIndex> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT rid, id, name, brand_id, model_id, body_type_id, listing_type, year, \
             mileage, price, impressions_count, created_at, listed_at \
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

    fn build(rows: Vec<Row>) -> VehicleIndex {
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
            index.rid.push(r.0);
            index.by_rid.insert(r.0, row);
            let brand = index.intern(&r.3, row);
            index.brand.push(brand);
            let model = index.intern(&r.4, row);
            index.model.push(model);
            let body = r.5.as_deref().map_or(NONE, |id| index.intern(id, row));
            index.body.push(body);
            let kind = r.6.parse::<ListingType>().map_or(u8::MAX, listing_code);
            index.listing.push(kind);
            index.year.push(r.7);
            index.price.push(r.9.unwrap_or(f64::NAN));
            index.listed.push(r.12.unwrap_or(NO_LISTING));
        }
        // Ties break on id, compared bytewise as SQLite's BINARY collation does.
        let mut by_id: Vec<u32> = (0..n as u32).collect();
        by_id.sort_unstable_by(|a, b| rows[*a as usize].1.cmp(&rows[*b as usize].1));
        let mut id_rank = vec![0u32; n];
        for (rank, row) in by_id.iter().enumerate() {
            id_rank[*row as usize] = rank as u32;
        }
        fn key(sort: VehicleSort, r: &Row) -> Key<'_> {
            match sort {
                VehicleSort::CreatedDate => Key::Int(r.11),
                VehicleSort::ImpressionsCount => Key::Int(r.10),
                VehicleSort::Year => Key::Int(r.7),
                VehicleSort::Mileage => Key::Int(r.8),
                VehicleSort::Price => r.9.map_or(Key::Null, Key::Real),
                VehicleSort::Name => Key::Text(&r.2),
                VehicleSort::DaysOnLot => r.12.map_or(Key::Null, Key::Int),
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
        let brand = self.code(query.brand_id);
        let model = self.code(query.model_id);
        let body = self.code(query.body_type_id);
        if [brand, model, body].contains(&Some(NONE)) {
            return (0, Vec::new());
        }
        let listing = query.listing_type.map(listing_code);
        let (min_year, max_year) = (query.min_year, query.max_year);
        let (min_price, max_price) = (query.min_price, query.max_price);
        let bounds = query.listed;
        let aging = bounds != ListedBounds::default();
        let keep = |row: usize| {
            brand.is_none_or(|c| self.brand[row] == c)
                && model.is_none_or(|c| self.model[row] == c)
                && body.is_none_or(|c| self.body[row] == c)
                && listing.is_none_or(|c| self.listing[row] == c)
                && min_year.is_none_or(|y| self.year[row] >= y)
                && max_year.is_none_or(|y| self.year[row] <= y)
                && min_price.is_none_or(|p| self.price[row] >= p)
                && max_price.is_none_or(|p| self.price[row] <= p)
                && (!aging || (self.listed[row] != NO_LISTING && bounds.contains(self.listed[row])))
        };
        let ranks = &self.ranks[query.sort_index][direction(query.direction)];
        let wanted = query.offset.saturating_add(query.limit);
        let mut best = Best::new(wanted);
        let mut total = 0u64;
        let mut visit = |row: usize| {
            if keep(row) {
                total += 1;
                best.offer(ranks[row], row as u32);
            }
        };
        // The fewest candidates: the search's matches, else the rows of the most
        // selective id filter, else every row.
        if let Some(rids) = matches {
            for rid in rids {
                if let Some(row) = self.by_rid.get(rid) {
                    visit(*row as usize);
                }
            }
        } else if let Some(code) = model.or(brand).or(body) {
            for row in &self.postings[code as usize] {
                visit(*row as usize);
            }
        } else {
            (0..self.rid.len()).for_each(visit);
        }
        let page = best
            .into_sorted()
            .into_iter()
            .skip(query.offset)
            .map(|row| self.rid[row as usize])
            .collect();
        (total, page)
    }

    /// `listed_at` of the row with `rid`, if it is listed.
    pub(super) fn listed_at(&self, rid: i64) -> Option<i64> {
        let row = *self.by_rid.get(&rid)? as usize;
        (self.listed[row] != NO_LISTING).then_some(self.listed[row])
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

/// The `wanted` smallest ranks offered, kept in a max-heap while few; past that, all
/// are collected and the smallest selected at the end.
struct Best {
    wanted: usize,
    heap: BinaryHeap<(u32, u32)>,
    all: Vec<(u32, u32)>,
}

/// Past this many wanted rows (a deep page), selecting at the end beats a heap.
const HEAP_LIMIT: usize = 2048;

impl Best {
    fn new(wanted: usize) -> Best {
        Best {
            wanted,
            heap: BinaryHeap::with_capacity(wanted.min(HEAP_LIMIT) + 1),
            all: Vec::new(),
        }
    }

    fn offer(&mut self, rank: u32, row: u32) {
        if self.wanted == 0 {
            return;
        }
        if self.wanted > HEAP_LIMIT {
            self.all.push((rank, row));
        } else if self.heap.len() < self.wanted {
            self.heap.push((rank, row));
        } else if self.heap.peek().is_some_and(|top| rank < top.0) {
            self.heap.pop();
            self.heap.push((rank, row));
        }
    }

    /// The rows kept, best first.
    fn into_sorted(self) -> Vec<u32> {
        let mut kept = if self.wanted > HEAP_LIMIT {
            let mut all = self.all;
            if all.len() > self.wanted {
                all.select_nth_unstable(self.wanted - 1);
                all.truncate(self.wanted);
            }
            all
        } else {
            self.heap.into_vec()
        };
        kept.sort_unstable();
        kept.into_iter().map(|(_, row)| row).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_keeps_the_smallest_ranks_in_order() {
        for wanted in [0, 3, HEAP_LIMIT + 5] {
            let mut best = Best::new(wanted);
            let ranks: Vec<u32> = (0..5000u32).map(|i| (i * 7919) % 5000).collect();
            for (row, rank) in ranks.iter().enumerate() {
                best.offer(*rank, row as u32);
            }
            let kept: Vec<u32> = best
                .into_sorted()
                .iter()
                .map(|row| ranks[*row as usize])
                .collect();
            assert_eq!(kept, (0..wanted as u32).collect::<Vec<_>>());
        }
    }
}
