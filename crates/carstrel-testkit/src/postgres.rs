//! Fresh PostgreSQL databases for the suites that run on both backends.
//!
//! `CARSTREL_TEST_POSTGRES_URL` names a server the tests may create databases on;
//! `CARSTREL_REQUIRE_POSTGRES=1` turns its absence into a failure, as CI does.

const URL_VAR: &str = "CARSTREL_TEST_POSTGRES_URL";
const REQUIRE_VAR: &str = "CARSTREL_REQUIRE_POSTGRES";

/// Whether PostgreSQL tests can run here. Says so on stderr when they are skipped, and
/// panics when they are required but cannot run.
pub fn postgres_configured() -> bool {
    if std::env::var_os(URL_VAR).is_some() {
        return true;
    }
    assert!(
        std::env::var_os(REQUIRE_VAR).is_none(),
        "{REQUIRE_VAR} is set but {URL_VAR} is not"
    );
    eprintln!("skipped on PostgreSQL: {URL_VAR} is not set");
    false
}

/// Creates an empty database on the configured server and returns its URL.
pub(crate) async fn fresh_database() -> String {
    use sqlx::Connection;
    let admin_url = std::env::var(URL_VAR)
        .unwrap_or_else(|_| panic!("PostgreSQL asked for but {URL_VAR} is not set"));
    let name = format!("carstrel_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("PostgreSQL answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a fresh database");
    let _ = admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}
