//! The kit's own promises: a server that comes back on the same port with the same
//! data, and a proxy whose faults switch while a test runs.
//!
//! Run with `cargo test -p carstrel-testkit`.

use carstrel_client::Error;
use carstrel_testkit::{Fault, Patience, Setup};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_server_answers_on_the_same_port_from_the_same_database() {
    let mut server = Setup::new().demo(3, 2).start().await;
    let url = server.url();
    let key = server.new_key(None, Some(100)).await;

    server.stop().await;
    assert!(!server.is_running());
    let offline = server
        .client_with(Patience::Impatient)
        .metadata()
        .engines()
        .await;
    assert!(matches!(offline, Err(Error::Network(_))), "{offline:?}");

    server.restart().await;
    assert_eq!(server.url(), url);
    assert_eq!(server.creds().base_url, url);
    let engines = server.client_with_key(&key).metadata().engines().await;
    assert!(!engines.expect("the key made before the stop").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proxy_switches_faults_while_the_test_runs() {
    let server = Setup::new().demo(3, 2).start().await;
    let proxy = server.proxy().await;
    let once = || server.builder_via(&proxy).max_retries(0).build().unwrap();

    once().metadata().engines().await.expect("forwarded");
    proxy.fail_all(Fault::Unavailable);
    let refused = once().metadata().engines().await;
    assert!(
        matches!(refused, Err(Error::Server { status: 503, .. })),
        "{refused:?}"
    );
    proxy.heal();
    once().metadata().engines().await.expect("forwarded again");

    proxy.fail_paths("/engine-types", Fault::NotFound);
    let missing = once().metadata().engine_types().await;
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );
    once().metadata().engines().await.expect("other paths pass");

    proxy.fail_next(1, Fault::Drop);
    let dropped = once().metadata().engines().await;
    assert!(matches!(dropped, Err(Error::Network(_))), "{dropped:?}");
    once()
        .metadata()
        .engines()
        .await
        .expect("only the next one");
    assert_eq!(proxy.faults_served(), 3);
    assert_eq!(proxy.connections(), 7);
}
