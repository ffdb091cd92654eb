//! The server on PostgreSQL, in the same run as on SQLite: list req/s against the static
//! route, p99, and the auth + rate-limit cost, where the rate-limit budget lives in the
//! database (leases from one upsert, see `carstrel_server::rate_limit`) rather than in
//! memory as on SQLite.
//!
//! It runs when `CARSTREL_BENCH_POSTGRES_URL` names a PostgreSQL server the bench may
//! create a database on (`scripts/bench.sh` starts a throwaway one, as the tests do, with
//! `fsync` off). The database is seeded at the run's size up to [`MOST_VEHICLES`]: the
//! figures compare the API with a static route and with itself without its key
//! middleware, and list pages are served from the server's memo either way, so they
//! depend little on the size of the inventory (seeding 100 000 × 4 into PostgreSQL would
//! double the bench's time).

use crate::queries::Catalog;
use crate::run::Options;
use crate::server_load::ServerLoad;
use crate::servers::Servers;
use carstrel_model::rules::MAX_RATE_LIMIT_PER_HOUR;
use carstrel_model::{Environment, Scope};
use carstrel_server::demo::DemoOptions;
use carstrel_server::Db;
use sqlx::Connection;
use std::path::Path;

pub const URL_VAR: &str = "CARSTREL_BENCH_POSTGRES_URL";

/// Most vehicles per dealer and environment seeded into PostgreSQL.
pub const MOST_VEHICLES: usize = 10_000;

/// The load runs on PostgreSQL, or `None` (said on stderr) when none is configured.
pub async fn load(options: &Options, work_dir: &Path) -> anyhow::Result<Option<ServerLoad>> {
    let Ok(admin_url) = std::env::var(URL_VAR) else {
        eprintln!("==> {URL_VAR} is not set: skipping the server figures on PostgreSQL");
        return Ok(None);
    };
    let name = format!(
        "carstrel_bench_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis()
    );
    let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(b, _)| b);
    let measured = measure(&format!("{base}/{name}"), options, work_dir).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await?;
    measured.map(Some)
}

async fn measure(url: &str, options: &Options, work_dir: &Path) -> anyhow::Result<ServerLoad> {
    let demo = DemoOptions {
        vehicles: options.vehicles.min(MOST_VEHICLES),
        customers: options.customers.min(MOST_VEHICLES / 5),
    };
    eprintln!(
        "==> PostgreSQL: seeding {} vehicles and {} customers per dealer and environment",
        demo.vehicles, demo.customers
    );
    let started = std::time::Instant::now();
    let db = Db::connect(url).await?;
    let credentials = carstrel_server::demo::seed(&db, &demo).await?;
    eprintln!("==>   seeded in {:.1} s", started.elapsed().as_secs_f64());
    let org_id = credentials.organizations[0].id.clone();
    let key = carstrel_server::secrets::generate_api_key(Environment::Live);
    carstrel_server::store::keys::insert(
        &db,
        &org_id,
        "Bench key",
        Environment::Live,
        &Scope::defaults(),
        MAX_RATE_LIMIT_PER_HOUR,
        &key,
    )
    .await
    .map_err(|e| anyhow::anyhow!("cannot create the bench key: {e}"))?;
    let servers = Servers::start(db.clone()).await?;
    let catalog = Catalog::load(&db, &org_id).await?;
    let measured = crate::server_load::measure(
        "PostgreSQL",
        &servers,
        &db,
        &key,
        &catalog,
        &work_dir.join("postgres"),
        options.load_secs,
    )
    .await;
    servers.stop().await?;
    db.pool.close().await;
    measured
}
