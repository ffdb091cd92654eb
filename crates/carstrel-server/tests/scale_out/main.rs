//! Scale-out: three `carstrel-server serve` processes on one PostgreSQL, as a deployment
//! behind a load balancer runs them, and each bound of issue 19 across them: one rate
//! limit, lists and revocations coherent within 100 ms, idempotent retries replayed by
//! another server, health and readiness (the database stopped and started under them),
//! and SIGTERM losing no request in flight.
//!
//! Runs where the PostgreSQL tests run (`CARSTREL_TEST_POSTGRES_URL`; it starts a
//! PostgreSQL of its own, which it stops and starts): `cargo test -p carstrel-server
//! --test scale_out -- --nocapture` prints the figures.

mod bounds;
mod cluster;
mod shutdown;

use cluster::Cluster;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_on_one_postgres_hold_every_bound() {
    if !carstrel_testkit::postgres_configured() {
        return;
    }
    let Some(mut cluster) = Cluster::start(&["a", "b", "c"]).await else {
        return;
    };
    eprintln!("servers' logs: {}", cluster.log_dir().display());
    bounds::one_rate_limit_across_servers(&cluster).await;
    bounds::a_write_shows_in_every_list_within_100_ms(&cluster).await;
    bounds::a_revocation_applies_everywhere_within_100_ms(&cluster).await;
    bounds::a_revocation_from_the_shell_applies_everywhere(&cluster).await;
    bounds::an_idempotent_retry_on_another_server_replays(&cluster).await;
    bounds::a_dropped_listener_serves_nothing_stale(&cluster).await;
    bounds::one_login_throttle_across_servers(&cluster).await;
    shutdown::health_and_readiness_follow_the_database(&cluster).await;
    // Back from the restart, the servers hear each other again.
    bounds::wait_for_listeners(&cluster).await;
    bounds::a_write_shows_in_every_list_within_100_ms(&cluster).await;
    shutdown::sigterm_loses_no_request_in_flight(&mut cluster).await;
}
