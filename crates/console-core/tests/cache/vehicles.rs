//! The inventory offline equals the inventory online: random queries, stats, full-text
//! search, and the refusals.

use crate::helpers::*;
use carstrel_model::*;
use console_core::Cache;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Values real vehicles hold, for filters that hit something.
struct Pool {
    brands: Vec<String>,
    models: Vec<String>,
    body_types: Vec<String>,
    years: Vec<i32>,
    prices: Vec<f64>,
    /// Days on the lot the vehicles have, for aging filters on real boundaries.
    days: Vec<u32>,
}

impl Pool {
    fn of(vehicles: &[Vehicle]) -> Pool {
        let mut pool = Pool {
            brands: vehicles.iter().map(|v| v.model.brand.id.clone()).collect(),
            models: vehicles.iter().map(|v| v.model.id.clone()).collect(),
            body_types: vehicles
                .iter()
                .filter_map(|v| v.model.body_type.as_ref().map(|b| b.id.clone()))
                .collect(),
            years: vehicles.iter().map(|v| v.year).collect(),
            prices: vehicles.iter().filter_map(|v| v.price).collect(),
            days: vehicles.iter().filter_map(|v| v.days_on_lot).collect(),
        };
        for list in [&mut pool.brands, &mut pool.models, &mut pool.body_types] {
            list.sort();
            list.dedup();
        }
        pool
    }
}

/// An id filter: usually a real id, sometimes in upper case (the API normalizes UUIDs),
/// sometimes one no vehicle has.
fn pick_id(rng: &mut ChaCha8Rng, ids: &[String]) -> String {
    let id = ids.choose(rng).unwrap().clone();
    match rng.gen_range(0..10) {
        0 => id.to_uppercase(),
        1 => uuid::Uuid::from_u128(rng.gen()).to_string(),
        _ => id,
    }
}

fn random_query(rng: &mut ChaCha8Rng, pool: &Pool, i: usize) -> VehicleQuery {
    // Every sort (and the default) with every order (and the default), in turn.
    let sort = VehicleSort::ALL.get(i % 7).copied();
    let order = [Some(SortOrder::Asc), Some(SortOrder::Desc), None][(i / 7) % 3];
    let limit = rng.gen_bool(0.8).then(|| rng.gen_range(1..=MAX_LIMIT));
    let pages = 300 / limit.unwrap_or(VEHICLES_DEFAULT_LIMIT) + 2;
    let page = rng.gen_bool(0.7).then(|| match rng.gen_range(0..3) {
        0 => 1,
        _ => rng.gen_range(1..=pages),
    });
    let mut query = VehicleQuery {
        page,
        limit,
        sort,
        order,
        ..Default::default()
    };
    if rng.gen_bool(0.2) {
        query.brand_id = Some(pick_id(rng, &pool.brands));
    }
    if rng.gen_bool(0.1) {
        query.model_id = Some(pick_id(rng, &pool.models));
    }
    if rng.gen_bool(0.15) {
        query.body_type_id = Some(pick_id(rng, &pool.body_types));
    }
    if rng.gen_bool(0.25) {
        query.min_year = Some(*pool.years.choose(rng).unwrap());
    }
    if rng.gen_bool(0.25) {
        query.max_year = Some(*pool.years.choose(rng).unwrap());
    }
    // Prices exactly on real values (the bounds are inclusive), or just beside them.
    let price = |rng: &mut ChaCha8Rng| {
        let p = *pool.prices.choose(rng).unwrap();
        p + [0.0, 0.0, 0.5, -0.5][rng.gen_range(0..4)]
    };
    if rng.gen_bool(0.25) {
        query.min_price = Some(price(rng));
    }
    if rng.gen_bool(0.25) {
        query.max_price = Some(price(rng));
    }
    if rng.gen_bool(0.25) {
        query.listing_type = Some(*ListingType::ALL.choose(rng).unwrap());
    }
    // Aging bounds on real values (both inclusive), or just beside them.
    let days = |rng: &mut ChaCha8Rng| {
        let d = *pool.days.choose(rng).unwrap();
        (d + [0, 0, 1, 2][rng.gen_range(0..4)]).saturating_sub(1)
    };
    if rng.gen_bool(0.2) {
        query.min_days_on_lot = Some(days(rng));
    }
    if rng.gen_bool(0.2) {
        query.max_days_on_lot = Some(days(rng));
    }
    // Ranges the right way round; the refusals have their own test.
    if let (Some(min), Some(max)) = (query.min_year, query.max_year) {
        query.min_year = Some(min.min(max));
        query.max_year = Some(min.max(max));
    }
    if let (Some(min), Some(max)) = (query.min_price, query.max_price) {
        query.min_price = Some(min.min(max));
        query.max_price = Some(min.max(max));
    }
    if let (Some(min), Some(max)) = (query.min_days_on_lot, query.max_days_on_lot) {
        query.min_days_on_lot = Some(min.min(max));
        query.max_days_on_lot = Some(min.max(max));
    }
    query
}

/// The row the inventory table should show for `vehicle`, derived here from the API's
/// document (the cache builds it from columns of its own).
fn row_of(vehicle: &Vehicle) -> console_core::VehicleRow {
    let photos = vehicle.media.iter().filter(|m| m.media_type == "photo");
    let main = photos
        .clone()
        .find(|m| m.is_featured)
        .or_else(|| photos.min_by_key(|m| m.sort_order));
    console_core::VehicleRow {
        id: vehicle.id.clone(),
        name: vehicle.name.clone(),
        brand_name: vehicle.model.brand.name.clone(),
        model_name: vehicle.model.name.clone(),
        body_type_name: vehicle.model.body_type.as_ref().map(|b| b.name.clone()),
        year: vehicle.year,
        mileage: vehicle.mileage,
        listing_type: vehicle.listing_type,
        price: vehicle.price,
        current_bid: vehicle.auction_options.as_ref().and_then(|a| a.current_bid),
        location_name: vehicle
            .pickup_details
            .as_ref()
            .map(|p| p.location_name.clone()),
        days_on_lot: vehicle.days_on_lot,
        impressions_count: vehicle.impressions_count,
        photo: main.map(|m| m.sort_order),
    }
}

#[tokio::test]
async fn random_vehicle_queries_page_exactly_as_the_server() {
    let app = spawn_app().await;
    let cache = synced_cache(&app).await;
    let pool = Pool::of(&cached_available(&cache).await);
    let mut rng = ChaCha8Rng::seed_from_u64(0x000f_f11e);
    assert!(
        pool.days.len() > 100,
        "the demo lists its cars on known dates"
    );
    let (mut non_empty, mut filtered_non_empty, mut aged_non_empty) = (0, 0, 0);
    let (mut with_photo, mut with_bid, mut with_location) = (0, 0, 0);
    for i in 0..320 {
        let query = random_query(&mut rng, &pool, i);
        let live = app
            .get::<Vec<Vehicle>>("/external/vehicles", &query.to_pairs())
            .await
            .unwrap_or_else(|e| panic!("{query:?}: {e:?}"));
        let offline = cache.list_vehicles(&query, None).await.unwrap();
        assert_same_page(&live, &offline, &query);
        // The inventory table's rows: the same page, each row what its document says.
        let rows = cache.list_vehicle_rows(&query, None).await.unwrap();
        let live_rows = Envelope {
            status_code: live.status_code,
            message: live.message.clone(),
            data: live.data.iter().map(row_of).collect(),
            total: live.total,
            page: live.page,
            limit: live.limit,
            total_pages: live.total_pages,
        };
        assert_same_page(&live_rows, &rows, &query);
        non_empty += usize::from(!offline.items.is_empty());
        for row in &rows.items {
            with_photo += usize::from(row.photo.is_some());
            with_bid += usize::from(row.current_bid.is_some());
            with_location += usize::from(row.location_name.is_some());
        }
        let filtered = query.to_pairs().len() > 4;
        filtered_non_empty += usize::from(filtered && !offline.items.is_empty());
        let aged = query.min_days_on_lot.is_some() || query.max_days_on_lot.is_some();
        aged_non_empty += usize::from(aged && !offline.items.is_empty());
    }
    // The comparison is only as good as the pages it saw.
    assert!(non_empty > 150, "{non_empty} non-empty pages");
    assert!(
        with_photo > 100 && with_bid > 10 && with_location > 100,
        "rows with a photo {with_photo}, a bid {with_bid}, a location {with_location}"
    );
    assert!(filtered_non_empty > 30, "{filtered_non_empty}");
    assert!(
        aged_non_empty > 15,
        "{aged_non_empty} non-empty pages with an aging filter"
    );
}

#[tokio::test]
async fn stats_detail_and_refusals_match_the_server() {
    let app = spawn_app().await;
    let cache = synced_cache(&app).await;

    let live: VehicleStats = app.data("/external/vehicles/stats/summary").await;
    assert_eq!(cache.vehicle_stats().await.unwrap(), live);
    assert_eq!(live.total_vehicles, DEMO_VEHICLES as u64);
    assert!(
        live.available_vehicles < live.total_vehicles,
        "sold ones count"
    );

    // Brands carry counts of the cached inventory, equal to the server's.
    let metadata = app.metadata().await;
    assert_eq!(cache.metadata().await.unwrap(), metadata);

    // The detail is any status, as synced (no impression recorded offline).
    let first = &cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap()
        .items[0];
    assert_eq!(&cache.get_vehicle(&first.id).await.unwrap(), first);
    assert_eq!(
        cache
            .get_vehicle(&first.id.to_uppercase())
            .await
            .unwrap()
            .id,
        first.id
    );
    let unknown = uuid::Uuid::from_u128(7).to_string();
    assert_eq!(
        cache.get_vehicle(&unknown).await.unwrap_err().code(),
        "not_found"
    );

    for query in [
        VehicleQuery {
            limit: Some(0),
            ..Default::default()
        },
        VehicleQuery {
            limit: Some(101),
            ..Default::default()
        },
        VehicleQuery {
            page: Some(0),
            ..Default::default()
        },
        VehicleQuery {
            page: Some(MAX_PAGE + 1),
            ..Default::default()
        },
        VehicleQuery {
            max_price: Some(f64::INFINITY),
            ..Default::default()
        },
        VehicleQuery {
            brand_id: Some("toyota".into()),
            ..Default::default()
        },
    ] {
        let live = app
            .get::<Vec<Vehicle>>("/external/vehicles", &query.to_pairs())
            .await;
        let offline = cache.list_vehicles(&query, None).await;
        assert_same_refusal(live, offline, &query);
    }
    // A range whose minimum exceeds its maximum finds nothing, on both sides.
    for query in [
        VehicleQuery {
            min_year: Some(2021),
            max_year: Some(2020),
            ..Default::default()
        },
        VehicleQuery {
            min_price: Some(20_000.0),
            max_price: Some(10_000.0),
            ..Default::default()
        },
    ] {
        let live = app
            .get::<Vec<Vehicle>>("/external/vehicles", &query.to_pairs())
            .await
            .unwrap_or_else(|_| panic!("the server refused {query:?}"));
        assert_eq!(live.data, Vec::<Vehicle>::new(), "{query:?}");
        let offline = cache.list_vehicles(&query, None).await.unwrap();
        assert!(offline.items.is_empty(), "{query:?}");
    }
}

#[tokio::test]
async fn full_text_search_finds_brands_and_survives_any_input() {
    let app = spawn_app().await;
    let cache = synced_cache(&app).await;
    let available = cached_available(&cache).await;
    let mut brands: Vec<&str> = available
        .iter()
        .map(|v| v.model.brand.name.as_str())
        .collect();
    brands.sort();
    brands.dedup();
    assert!(brands.len() > 5);
    let all = VehicleQuery {
        limit: Some(100),
        ..Default::default()
    };
    for brand in brands {
        let found = cache.list_vehicles(&all, Some(brand)).await.unwrap();
        let expected: Vec<&str> = available
            .iter()
            .filter(|v| v.model.brand.name == brand)
            .map(|v| v.id.as_str())
            .collect();
        for id in &expected {
            assert!(
                found.items.iter().any(|v| v.id == *id),
                "{brand}: {id} missing"
            );
        }
        // Anything else found mentions the word (a model or description naming it).
        let word = brand.split_whitespace().next().unwrap().to_lowercase();
        for vehicle in &found.items {
            let text = format!(
                "{} {} {} {}",
                vehicle.name,
                vehicle.description.as_deref().unwrap_or(""),
                vehicle.model.brand.name,
                vehicle.model.name
            )
            .to_lowercase();
            assert!(text.contains(&word), "{brand}: {text}");
        }
        assert_eq!(found.total, found.items.len() as u64);
    }

    // A prefix in any case, combined with the API's filters and sorts.
    let toyotas = available
        .iter()
        .filter(|v| v.model.brand.name == "Toyota" && v.listing_type == ListingType::Sale)
        .count();
    let query = VehicleQuery {
        limit: Some(100),
        listing_type: Some(ListingType::Sale),
        sort: Some(VehicleSort::Price),
        order: Some(SortOrder::Asc),
        ..Default::default()
    };
    let found = cache.list_vehicles(&query, Some("toyo")).await.unwrap();
    assert!(found.items.len() >= toyotas && toyotas > 0, "{toyotas}");
    assert!(found.items.windows(2).all(|w| w[0].price <= w[1].price));

    let hostile = [
        "\"",
        "\"\"",
        "*",
        "**",
        "OR",
        "a OR b",
        "NOT",
        "AND OR NOT",
        "NEAR(",
        "NEAR(a b, 2)",
        "name:Toyota",
        "^",
        "(",
        ")",
        "-",
        "+",
        "'",
        "%",
        "\\",
        "🙂",
        "🚗 Toyota 🚗",
        "Zoë Ñandú İ ß",
        "日本車",
        "\u{0}",
        "\u{202e}",
        "  ",
        "",
    ];
    let long = "x".repeat(10_000);
    let long_words = "Toyota ".repeat(1_500);
    for text in hostile
        .iter()
        .copied()
        .chain([long.as_str(), long_words.as_str()])
    {
        let found = cache.list_vehicles(&all, Some(text)).await;
        assert!(found.is_ok(), "{text:?}: {found:?}");
        let found = cache.search_customers_fulltext(text, 20).await;
        assert!(found.is_ok(), "{text:?}: {found:?}");
    }
    // A search with no word in it narrows nothing.
    assert_eq!(
        cache.list_vehicles(&all, Some("🙂 *")).await.unwrap().total,
        available.len() as u64
    );
}

#[tokio::test]
async fn a_file_cache_persists_across_reopen_in_wal_mode() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile").join("cache.db");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let cache = Cache::open(&path).await.unwrap();
    assert_eq!(cache.journal_mode().await.unwrap(), "wal");
    sync_all(&app, &cache).await;
    let before = cache
        .list_vehicles(&VehicleQuery::default(), None)
        .await
        .unwrap();
    let checkpoint = cache
        .checkpoint(console_core::Feed::Vehicles)
        .await
        .unwrap();
    cache.close().await;

    let cache = Cache::open(&path).await.unwrap();
    assert_eq!(cache.journal_mode().await.unwrap(), "wal");
    assert_eq!(
        cache
            .list_vehicles(&VehicleQuery::default(), None)
            .await
            .unwrap(),
        before
    );
    assert_eq!(
        cache
            .checkpoint(console_core::Feed::Vehicles)
            .await
            .unwrap(),
        checkpoint
    );
    assert_eq!(cache.integrity_check().await.unwrap(), "ok");
}
