//! The CRM offline equals the CRM online: random searches, segments and sorts, the
//! summary stats, the refusals, and the full-text quick search.

use crate::helpers::*;
use carstrel_model::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Text the server's `LIKE` search must treat literally or that tends to break searches.
const ODD: &[&str] = &[
    "%",
    "_",
    "'",
    "\\",
    "%%",
    "a_b",
    "_a",
    "a%",
    "\"",
    "O'",
    "ka%u",
    ".",
    "@",
    "@example",
    ".com",
    "-",
    "+",
    "ü",
    "É",
    "Zoë",
    "日本",
    "🙂",
    "  ",
    " kamau ",
    "KAMAU",
    "x'; DROP TABLE",
    "0",
    "1",
    "12",
];

/// A random substring of `text` (on char boundaries), in a random case.
fn substring(rng: &mut ChaCha8Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = rng.gen_range(0..chars.len());
    let end = rng.gen_range(start + 1..=chars.len());
    let part: String = chars[start..end].iter().collect();
    match rng.gen_range(0..3) {
        0 => part.to_uppercase(),
        1 => part.to_lowercase(),
        _ => part,
    }
}

fn random_search(rng: &mut ChaCha8Rng, customers: &[Customer]) -> String {
    let user = &customers.choose(rng).unwrap().user;
    match rng.gen_range(0..7) {
        0 => substring(rng, &user.first_name),
        1 => substring(rng, &user.last_name),
        2 => substring(rng, &user.email),
        // Across the space between the names, as "first last" is searched.
        3 => substring(rng, &format!("{} {}", user.first_name, user.last_name)),
        4 => user.email.clone(),
        5 => format!("  {}  ", user.last_name),
        _ => (*ODD.choose(rng).unwrap()).to_owned(),
    }
}

fn random_query(rng: &mut ChaCha8Rng, customers: &[Customer], i: usize) -> CustomerQuery {
    let limit = rng.gen_bool(0.8).then(|| rng.gen_range(1..=MAX_LIMIT));
    let pages = 120 / limit.unwrap_or(CUSTOMERS_DEFAULT_LIMIT) + 2;
    CustomerQuery {
        page: rng.gen_bool(0.6).then(|| {
            if rng.gen_bool(0.5) {
                1
            } else {
                rng.gen_range(1..=pages)
            }
        }),
        limit,
        search: rng.gen_bool(0.6).then(|| random_search(rng, customers)),
        segment: rng
            .gen_bool(0.35)
            .then(|| *CustomerSegment::ALL.choose(rng).unwrap()),
        // Every sort (and the default) with every order (and the default), in turn.
        sort_by: CustomerSort::ALL.get(i % 5).copied(),
        sort_order: [Some(SortOrder::Asc), Some(SortOrder::Desc), None][(i / 5) % 3],
    }
}

#[tokio::test]
async fn random_customer_queries_page_exactly_as_the_server() {
    let app = spawn_app().await;
    let cache = synced_cache(&app).await;
    let customers = cached_customers(&cache).await;
    assert_eq!(customers.len(), DEMO_CUSTOMERS);
    let mut rng = ChaCha8Rng::seed_from_u64(0xc0ffee);
    let (mut searched_hits, mut odd) = (0, 0);
    for i in 0..220 {
        let query = random_query(&mut rng, &customers, i);
        let live = app
            .get::<Vec<Customer>>("/external/customers", &query.to_pairs())
            .await
            .unwrap_or_else(|e| panic!("{query:?}: {e:?}"));
        // Segments are as of the read: classify as of just after the server did.
        let offline = cache.list_customers_at(&query, now_ms()).await.unwrap();
        assert_same_page(&live, &offline, &query);
        if query.search.is_some() && !offline.items.is_empty() {
            searched_hits += 1;
        }
        odd += usize::from(query.search.as_deref().is_some_and(|s| ODD.contains(&s)));
    }
    assert!(searched_hits > 60, "{searched_hits} searches found someone");
    assert!(odd > 10, "{odd} odd searches");
}

#[tokio::test]
async fn stats_refusals_and_quick_search() {
    let app = spawn_app().await;
    let cache = synced_cache(&app).await;

    // Either side of the server's clock, so the 30-day and at-risk edges cannot race.
    let before = now_ms();
    let live: CustomerStats = app.data("/external/customers/stats/summary").await;
    let after = now_ms();
    let offline = [
        cache.customer_stats(before).await.unwrap(),
        cache.customer_stats(after).await.unwrap(),
    ];
    assert!(offline.contains(&live), "{live:?} vs {offline:?}");
    assert_eq!(live.total_customers, DEMO_CUSTOMERS as u64);
    assert!(live.segment_breakdown.at_risk > 0 && live.new_customers_last30_days > 0);

    for query in [
        CustomerQuery {
            limit: Some(0),
            ..Default::default()
        },
        CustomerQuery {
            limit: Some(101),
            ..Default::default()
        },
        CustomerQuery {
            page: Some(0),
            ..Default::default()
        },
        CustomerQuery {
            search: Some("x".repeat(201)),
            ..Default::default()
        },
        CustomerQuery {
            search: Some("kam\u{7}au".into()),
            ..Default::default()
        },
    ] {
        let live = app
            .get::<Vec<Customer>>("/external/customers", &query.to_pairs())
            .await;
        let offline = cache.list_customers(&query).await;
        assert_same_refusal(live, offline, &query);
    }
    // 200 characters is still a search (that finds no one).
    let query = CustomerQuery {
        search: Some("x".repeat(200)),
        ..Default::default()
    };
    assert_eq!(cache.list_customers(&query).await.unwrap().total, 0);

    // The quick search: every customer with that last name, by word prefix, any case.
    let customers = cached_customers(&cache).await;
    let target = &customers[0];
    let prefix: String = target.user.last_name.chars().take(4).collect();
    let found = cache
        .search_customers_fulltext(&prefix.to_uppercase(), 500)
        .await
        .unwrap();
    for customer in customers
        .iter()
        .filter(|c| c.user.last_name == target.user.last_name)
    {
        assert!(found.iter().any(|f| f.id == customer.id), "{}", customer.id);
    }
    // Both names narrow it to people with both.
    let both = format!("{} {}", target.user.first_name, target.user.last_name);
    let found = cache.search_customers_fulltext(&both, 500).await.unwrap();
    assert!(found.iter().any(|f| f.id == target.id));
    assert!(found.iter().all(|f| {
        let text = format!(
            "{} {} {}",
            f.user.first_name, f.user.last_name, f.user.email
        )
        .to_lowercase();
        text.contains(&target.user.first_name.to_lowercase())
            && text.contains(&target.user.last_name.to_lowercase())
    }));
    // The email's own words match too.
    let local = target.user.email.split('@').next().unwrap();
    let found = cache.search_customers_fulltext(local, 50).await.unwrap();
    assert!(found.iter().any(|f| f.id == target.id), "{local}");
    assert!(cache
        .search_customers_fulltext("🙂", 5)
        .await
        .unwrap()
        .is_empty());

    assert_eq!(&cache.get_customer(&target.id).await.unwrap(), target);
    let live: Customer = app
        .data(&format!("/external/customers/{}", target.id))
        .await;
    assert_eq!(cache.get_customer(&target.id).await.unwrap(), live);
}
