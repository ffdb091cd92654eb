//! A dealer whose records are large still syncs: a changes page is capped by bytes as well
//! as by count, and the SDK's feed walk goes on from the returned `since` until it holds
//! every record (issue 15, item 3d).

use carstrel_client::prelude::*;
use carstrel_testkit::Setup;
use futures_util::{StreamExt, TryStreamExt};
use std::collections::HashSet;

/// Customers per dealer per environment: with 40 KB notes each, over 8 MiB in all, which
/// a single page at the console's page size of 1000 once failed to send (500).
const CUSTOMERS: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_of_large_records_comes_whole_in_byte_capped_pages() {
    let server = Setup::new().demo(5, CUSTOMERS).start().await;
    let client = server.client();
    // 10 000 characters (the notes' maximum) of four bytes each: 40 KB per customer.
    let notes = "🚗".repeat(10_000);
    let change = CustomerUpdate {
        notes: Some(notes.clone()),
        ..CustomerUpdate::default()
    };
    let ids: Vec<String> = client
        .customers()
        .stream(&CustomerQuery::default().limit(100))
        .map_ok(|customer| customer.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids.len(), CUSTOMERS);
    futures_util::stream::iter(&ids)
        .map(|id| {
            let (client, change) = (&client, &change);
            async move { client.customers().update(id, change).send().await }
        })
        .buffer_unordered(8)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();

    // One page asked for 1000 answers, holds part of the records, and says there is more.
    let first = client.customers().changes(0, Some(1000)).await.unwrap();
    assert!(first.has_more, "a page over the byte cap must continue");
    assert!(!first.changes.is_empty() && first.changes.len() < CUSTOMERS);
    let page_bytes = serde_json::to_vec(&first).unwrap().len();
    assert!(
        page_bytes <= 5 * 1024 * 1024,
        "a page of {page_bytes} bytes"
    );

    // The walk, as the console runs it, ends and brings every customer with its notes.
    let feed: Vec<Change<Customer>> = client
        .customers()
        .changes_stream(0, Some(1000))
        .try_collect()
        .await
        .unwrap();
    let received: HashSet<&str> = feed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(received.len(), CUSTOMERS);
    assert_eq!(
        feed.len(),
        CUSTOMERS,
        "each record once, at its latest change"
    );
    assert!(feed.iter().all(|c| c
        .data
        .as_ref()
        .is_some_and(|customer| customer.notes.as_deref() == Some(notes.as_str()))));
}
