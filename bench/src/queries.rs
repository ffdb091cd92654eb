//! Random vehicle queries (seeded, so every run asks the same ones): as a `VehicleQuery`
//! for the SDK and the cache, as a query string for the load tool, and as the bare SQL the
//! cache runs for the `sqlite3` comparison.

use carstrel_model::{ListingType, SortOrder, VehicleQuery, VehicleSort};
use rand::seq::SliceRandom;
use rand::Rng;
use sqlx::Row;

/// The ids the filters pick from.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub brands: Vec<String>,
    /// Models that the measured dealer has vehicles of.
    pub models: Vec<String>,
    pub body_types: Vec<String>,
}

impl Catalog {
    /// The brands, models and body types of the dealer's inventory, from the server's
    /// database.
    pub async fn load(db: &carstrel_server::Db, org_id: &str) -> anyhow::Result<Catalog> {
        let mut catalog = Catalog::default();
        for (column, target) in [
            ("brand_id", &mut catalog.brands),
            ("model_id", &mut catalog.models),
            ("body_type_id", &mut catalog.body_types),
        ] {
            let rows = sqlx::query(&format!(
                "SELECT DISTINCT {column} FROM vehicles WHERE organization_id = $1 \
                 AND environment = 'live' AND {column} IS NOT NULL ORDER BY {column}"
            ))
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?;
            for row in rows {
                target.push(row.try_get(0)?);
            }
        }
        anyhow::ensure!(!catalog.brands.is_empty(), "the dealer has no vehicles");
        Ok(catalog)
    }
}

/// A query as a dealer's site or console would send it: mostly one equality filter,
/// often a year or price range, any sort, mostly the first pages.
pub fn random_query(rng: &mut impl Rng, catalog: &Catalog) -> VehicleQuery {
    let mut query = VehicleQuery {
        limit: Some(20),
        ..Default::default()
    };
    match rng.gen_range(0..100) {
        0..=29 => query.brand_id = catalog.brands.choose(rng).cloned(),
        30..=44 => query.model_id = catalog.models.choose(rng).cloned(),
        45..=59 => query.body_type_id = catalog.body_types.choose(rng).cloned(),
        _ => {}
    }
    if rng.gen_bool(0.3) {
        query.listing_type = Some(
            *[ListingType::Sale, ListingType::Rental, ListingType::Auction]
                .choose(rng)
                .expect("three kinds"),
        );
    }
    if rng.gen_bool(0.3) {
        let min = rng.gen_range(2008..=2022);
        query.min_year = Some(min);
        if rng.gen_bool(0.6) {
            query.max_year = Some(min + rng.gen_range(0..=6));
        }
    }
    if rng.gen_bool(0.25) {
        let min = f64::from(rng.gen_range(1..=40u32) * 1_000);
        query.min_price = Some(min);
        if rng.gen_bool(0.7) {
            query.max_price = Some(min * f64::from(rng.gen_range(2..=4u32)));
        }
    }
    query.sort = Some(*VehicleSort::DOCUMENTED.choose(rng).expect("sorts"));
    query.order = Some(if rng.gen_bool(0.5) {
        SortOrder::Asc
    } else {
        SortOrder::Desc
    });
    query.page = Some(match rng.gen_range(0..100) {
        0..=79 => 1,
        80..=94 => rng.gen_range(2..=5),
        _ => rng.gen_range(6..=50),
    });
    query
}

/// `/external/vehicles?…` for `query`.
pub fn path(query: &VehicleQuery) -> String {
    let pairs: Vec<String> = query
        .to_pairs()
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    format!("/external/vehicles?{}", pairs.join("&"))
}

/// The same page as bare SQL on the cache file: the count and the page's documents (see
/// `crates/console-core/src/cache/vehicles.rs`; the cache itself filters and sorts in
/// memory, and reads only the documents from SQLite), with the values written in.
pub fn cache_sql(query: &VehicleQuery) -> (String, String) {
    let sort = query.sort.unwrap_or_default();
    let filters = cache_filters(query);
    (
        format!("SELECT COUNT(*) FROM vehicles{filters};"),
        format!(
            "SELECT (SELECT doc FROM vehicle_docs d WHERE d.rid = vehicles.rid) FROM vehicles\
             {filters} ORDER BY {} {}, id ASC LIMIT {} OFFSET {};",
            console_core::cache::vehicles::sort_column(sort),
            sort.column_order(query.order.unwrap_or(SortOrder::Desc))
                .sql(),
            query.limit.unwrap_or(20),
            i64::from(query.page.unwrap_or(1) - 1) * i64::from(query.limit.unwrap_or(20)),
        ),
    )
}

/// The cache's `WHERE` (the queries here carry no aging filter).
fn cache_filters(query: &VehicleQuery) -> String {
    let mut filters = String::from(" WHERE status = 'available'");
    if let Some(id) = &query.model_id {
        filters += &format!(" AND model_id = '{id}'");
    }
    if let Some(id) = &query.brand_id {
        filters += &format!(" AND brand_id = '{id}'");
    }
    if let Some(id) = &query.body_type_id {
        filters += &format!(" AND body_type_id = '{id}'");
    }
    if let Some(kind) = query.listing_type {
        filters += &format!(" AND listing_type = '{}'", kind.as_str());
    }
    if let Some(year) = query.min_year {
        filters += &format!(" AND year >= {year}");
    }
    if let Some(year) = query.max_year {
        filters += &format!(" AND year <= {year}");
    }
    if let Some(price) = query.min_price {
        filters += &format!(" AND price >= {price:?}");
    }
    if let Some(price) = query.max_price {
        filters += &format!(" AND price <= {price:?}");
    }
    filters
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn queries_are_reproducible_and_render_both_ways() {
        let catalog = Catalog {
            brands: vec!["b1".into()],
            models: vec!["m1".into()],
            body_types: vec!["t1".into()],
        };
        let make = || {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            (0..50)
                .map(|_| random_query(&mut rng, &catalog))
                .collect::<Vec<_>>()
        };
        assert_eq!(make(), make());
        let query = VehicleQuery {
            brand_id: Some("b1".into()),
            min_price: Some(5000.0),
            sort: Some(VehicleSort::Price),
            order: Some(SortOrder::Asc),
            page: Some(2),
            limit: Some(20),
            ..Default::default()
        };
        assert_eq!(
            path(&query),
            "/external/vehicles?page=2&limit=20&brandId=b1&minPrice=5000&sort=price&order=asc"
        );
        let (count, select) = cache_sql(&query);
        assert_eq!(
            count,
            "SELECT COUNT(*) FROM vehicles WHERE status = 'available' AND brand_id = 'b1' AND price >= 5000.0;"
        );
        assert!(select.ends_with("ORDER BY price ASC, id ASC LIMIT 20 OFFSET 20;"));
        let query = VehicleQuery {
            listing_type: Some(ListingType::Sale),
            min_year: Some(2015),
            sort: Some(VehicleSort::Mileage),
            ..query
        };
        let (count, select) = cache_sql(&query);
        assert!(count.contains(" AND brand_id = 'b1' AND listing_type = 'sale' AND year >= 2015"));
        assert!(select.contains(" AND year >= 2015 AND price >= 5000.0 ORDER BY mileage"));
    }
}
