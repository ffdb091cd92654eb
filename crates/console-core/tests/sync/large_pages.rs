//! Changes pages the server cut short by bytes (a dealer with long notes): the sync
//! follows `hasMore` from each page's `nextSince` to the end and holds every record.

use crate::helpers::*;
use carstrel_client::model::*;
use console_core::Cache;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_follows_byte_capped_pages_to_the_end() {
    // A few records a page, far under the console's page size of 1000.
    let config = carstrel_server::ServerConfig {
        changes_page_max_bytes: 48 * 1024,
        ..Default::default()
    };
    let server = start_server_with(config).await;
    let client = server.client();
    let page = client.vehicles().changes(0, Some(1000)).await.unwrap();
    assert!(
        page.has_more && page.changes.len() < DEMO_VEHICLES / 4,
        "{} changes",
        page.changes.len()
    );

    let cache = Cache::open_in_memory().await.unwrap();
    let report = sync_now(&client, &cache).await.unwrap();
    assert!(report.full);
    assert_eq!(report.vehicles as usize, DEMO_VEHICLES);
    assert_eq!(report.customers as usize, DEMO_CUSTOMERS);
    let cached = cache
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap();
    assert_eq!(cached.total as usize, DEMO_CUSTOMERS);
    // And the next sync is a delta with nothing to bring.
    let again = sync_now(&client, &cache).await.unwrap();
    assert!(!again.full);
    assert_eq!((again.vehicles, again.customers), (0, 0));
    assert_sound(&cache).await;
}
