//! The list's page selection against a full ranking.

use super::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Rows whose columns follow one another, as real inventories' do (newer cars cost
/// more and were added later), so walks in sort order meet long refused runs.
fn rows(rng: &mut ChaCha8Rng, n: usize) -> Vec<Loaded> {
    (0..n)
        .map(|i| {
            let year = 2005 + (i * 20 / n) as i64;
            Loaded {
                rid: i as i64 + 1,
                id: format!("{:08x}", rng.gen::<u32>()),
                name: format!("car {}", rng.gen_range(0..50)),
                brand_id: ["b1", "b2", "b3", "b4"][i % 4].into(),
                brand_name: "Brand".into(),
                model_id: format!("m{}", rng.gen_range(0..40)),
                model_name: "Model".into(),
                body_type_id: rng
                    .gen_bool(0.9)
                    .then(|| format!("t{}", rng.gen_range(0..3))),
                body_type_name: None,
                listing_type: ["sale", "rental", "auction"][rng.gen_range(0..3)].into(),
                year,
                mileage: rng.gen_range(0..200_000),
                price: rng
                    .gen_bool(0.95)
                    .then(|| (year - 2000) as f64 * 1000.0 + rng.gen_range(0..500) as f64),
                current_bid: None,
                impressions_count: rng.gen_range(0..100),
                created_at: i as i64 * 1000,
                listed_at: rng
                    .gen_bool(0.9)
                    .then(|| i as i64 * 1000 - rng.gen_range(0..5000)),
                location_name: None,
                main_photo: None,
            }
        })
        .collect()
}

/// Every selection strategy (ranking a few candidates, walking the order, ranking
/// after a long walk) pages as ranking every passing row would.
#[test]
fn pages_equal_a_full_ranking_whatever_the_strategy() {
    let mut rng = ChaCha8Rng::seed_from_u64(20);
    let index = VehicleIndex::build(rows(&mut rng, 4000));
    let brands = ["b1", "b2", "b3", "b4"];
    for _ in 0..600 {
        let sort_index = rng.gen_range(0..VehicleSort::ALL.len());
        let order = if rng.gen_bool(0.5) {
            SortOrder::Asc
        } else {
            SortOrder::Desc
        };
        let model = format!("m{}", rng.gen_range(0..40));
        let year = rng.gen_range(2004..2026);
        let price = rng.gen_range(4_000..27_000) as f64;
        let at = rng.gen_range(0..4_000_000);
        let query = Query {
            brand_id: rng.gen_bool(0.3).then(|| *brands.choose(&mut rng).unwrap()),
            model_id: rng.gen_bool(0.15).then_some(model.as_str()),
            body_type_id: None,
            listing_type: rng
                .gen_bool(0.3)
                .then(|| *ListingType::ALL.choose(&mut rng).unwrap()),
            min_year: rng.gen_bool(0.3).then_some(year),
            max_year: rng.gen_bool(0.3).then_some(year + rng.gen_range(0..4)),
            min_price: rng.gen_bool(0.3).then_some(price),
            max_price: rng.gen_bool(0.3).then_some(price + 5000.0),
            listed: ListedBounds {
                at_most: rng.gen_bool(0.15).then_some(at),
                after: rng.gen_bool(0.15).then_some(at - 1_000_000),
            },
            sort_index,
            direction: order,
            offset: [0, 0, 20, 60, 3000][rng.gen_range(0..5)],
            limit: rng.gen_range(1..=50),
        };
        let matches: Option<Vec<i64>> = rng.gen_bool(0.3).then(|| {
            let share = [0.02, 0.3, 0.9][rng.gen_range(0..3)];
            (1..=4000).filter(|_| rng.gen_bool(share)).collect()
        });
        let (brand, model) = (index.code(query.brand_id), index.code(query.model_id));
        let filter = Filter::of(&query, brand, model, None);
        let ranks = &index.ranks[sort_index][direction(query.direction)];
        let mut expected: Vec<u32> = (0..4000u32)
            .filter(|row| {
                let rid = index.rid[*row as usize];
                matches.as_ref().is_none_or(|m| m.contains(&rid))
                    && filter.keep(&index, *row as usize)
            })
            .collect();
        let total = expected.len() as u64;
        expected.sort_by_key(|row| ranks[*row as usize]);
        let expected: Vec<u32> = expected
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .collect();
        assert_eq!(
            index.page_rows(&query, matches.as_deref()),
            (total, expected),
            "sort {sort_index} {order:?}, {:?} {:?} {:?} {:?} {:?} {:?}",
            query.brand_id,
            query.listing_type,
            (query.min_year, query.max_year),
            (query.min_price, query.max_price),
            query.listed,
            matches.as_ref().map(Vec::len)
        );
    }
}
