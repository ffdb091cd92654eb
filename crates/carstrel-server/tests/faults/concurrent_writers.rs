//! Many clients writing at once to a SQLite file, through two servers on the same file
//! (two deployments, or a server and the shell's `keys` commands): every write is
//! answered as if it had been alone, never with "database is locked" (a 500, or a 503
//! the client has to retry).

use carstrel_model::{CreateTestDriveRequest, CustomerQuery, CustomerUpdate};
use carstrel_server::{Db, Server, ServerConfig};
use carstrel_testkit::{client_builder, fixtures, Patience, Setup};
use std::time::Instant;

/// Writers at once: each of them a test-drive booking and a note on its own customer.
const WRITERS: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_never_see_a_locked_database() {
    let api = Setup::new().demo(20, WRITERS).start().await;
    let second = Server::bind(
        "127.0.0.1:0".parse().unwrap(),
        Db::connect(api.database_url()).await.unwrap(),
        ServerConfig::default(),
    )
    .await
    .unwrap()
    .spawn();
    // No retries: a write refused once counts as a failure, not as a slow success.
    let client = api.builder().max_retries(0).build().unwrap();
    let second_client = client_builder(
        &format!("http://{}", second.local_addr()),
        api.live_key(),
        Patience::Brief,
    )
    .max_retries(0)
    .build()
    .unwrap();
    let vehicle = fixtures::first_vehicle(&client).await;
    let customers = client
        .customers()
        .list(&CustomerQuery {
            limit: Some(WRITERS as u32),
            ..CustomerQuery::default()
        })
        .await
        .unwrap()
        .items;
    assert_eq!(customers.len(), WRITERS);

    // The same writes one at a time, for comparison: what contention costs.
    let alone = Instant::now();
    for n in 0..WRITERS {
        let booking = CreateTestDriveRequest {
            vehicle_id: vehicle.id.clone(),
            name: format!("Lone writer {n}"),
            email: format!("lone{n}@example.com"),
            phone: None,
            preferred_date: None,
        };
        client.test_drives().create(&booking).send().await.unwrap();
    }
    let alone = alone.elapsed();

    let started = Instant::now();
    let mut writes = tokio::task::JoinSet::new();
    for (n, customer) in customers.iter().enumerate() {
        // Every other writer goes to the second server.
        let client = if n % 2 == 0 { &client } else { &second_client }.clone();
        let vehicle_id = vehicle.id.clone();
        let (customer_id, version) = (customer.id.clone(), customer.version);
        writes.spawn(async move {
            let booking = CreateTestDriveRequest {
                vehicle_id,
                name: format!("Concurrent writer {n}"),
                email: format!("writer{n}@example.com"),
                phone: None,
                preferred_date: Some("2027-01-15".into()),
            };
            let note = CustomerUpdate {
                notes: Some(format!("Note from writer {n}")),
                ..CustomerUpdate::default()
            };
            let (booked, noted) = tokio::join!(
                client
                    .test_drives()
                    .create(&booking)
                    .idempotency_key(format!("writer-{n}-booking"))
                    .send(),
                client
                    .customers()
                    .update(&customer_id, &note)
                    .if_version(version)
                    .send(),
            );
            (n, booked.map(drop), noted.map(drop))
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = writes.join_next().await {
        let (n, booked, noted) = done.unwrap();
        if let Err(e) = booked {
            failures.push(format!("writer {n} booking: {e}"));
        }
        if let Err(e) = noted {
            failures.push(format!("writer {n} note: {e}"));
        }
    }
    let elapsed = started.elapsed();
    assert!(
        failures.is_empty(),
        "{} refused: {failures:#?}",
        failures.len()
    );

    // Every write landed, once.
    let drives = client
        .test_drives()
        .list(&carstrel_model::TestDriveQuery {
            limit: Some(100),
            ..Default::default()
        })
        .await
        .unwrap();
    let booked = drives
        .items
        .iter()
        .filter(|d| d.name.starts_with("Concurrent writer "))
        .count();
    assert_eq!(booked, WRITERS);
    for (n, customer) in customers.iter().enumerate() {
        let now = client
            .customers()
            .get(&customer.id)
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            now.notes.as_deref(),
            Some(&*format!("Note from writer {n}"))
        );
        assert_eq!(now.version, customer.version + 1);
    }
    let writes = 2 * WRITERS;
    println!(
        "concurrent writers (SQLite, two servers on one file): {writes} writes from \
         {WRITERS} clients at once, all accepted, in {:.0} ms ({:.0} writes/s; one client \
         alone: {:.0} writes/s)",
        elapsed.as_secs_f64() * 1000.0,
        writes as f64 / elapsed.as_secs_f64(),
        WRITERS as f64 / alone.as_secs_f64(),
    );
}
