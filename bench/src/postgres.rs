//! The auth + rate-limit cost on PostgreSQL, where the rate-limit budget lives in the
//! database (leases from one upsert, see `carstrel_server::rate_limit`), beside the
//! SQLite figure whose budget is counted in memory.
//!
//! It runs when `CARSTREL_BENCH_POSTGRES_URL` names a PostgreSQL server the bench may
//! create a database on (`scripts/bench.sh` starts a throwaway one, as the tests do, with
//! `fsync` off); the database is seeded small, since the figure compares the API with and
//! without its key middleware over the same handler, not the size of the inventory.

use crate::load::{self, LoadResult};
use crate::queries::Catalog;
use crate::report::{Budget, Figure};
use crate::servers::{self, Servers};
use carstrel_model::rules::MAX_RATE_LIMIT_PER_HOUR;
use carstrel_model::{Environment, Scope};
use carstrel_server::demo::DemoOptions;
use carstrel_server::Db;
use sqlx::Connection;
use std::path::Path;

pub const URL_VAR: &str = "CARSTREL_BENCH_POSTGRES_URL";

/// Vehicles per dealer and environment in the PostgreSQL database.
const VEHICLES: usize = 2_000;

/// The figure, or `None` (said on stderr) when no PostgreSQL is configured.
pub async fn rate_limit_figure(load_secs: u64, work_dir: &Path) -> anyhow::Result<Option<Figure>> {
    let Ok(admin_url) = std::env::var(URL_VAR) else {
        eprintln!("==> {URL_VAR} is not set: skipping the rate-limit cost on PostgreSQL");
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
    let measured = measure(&format!("{base}/{name}"), load_secs, work_dir).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await?;
    measured.map(Some)
}

async fn measure(url: &str, load_secs: u64, work_dir: &Path) -> anyhow::Result<Figure> {
    eprintln!("==> PostgreSQL: seeding {VEHICLES} vehicles per dealer and environment");
    let db = Db::connect(url).await?;
    let demo = DemoOptions {
        vehicles: VEHICLES,
        customers: 100,
    };
    let credentials = carstrel_server::demo::seed(&db, &demo).await?;
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
    let caller = carstrel_server::store::keys::find_active(&db, &key)
        .await?
        .expect("the bench key exists")
        .caller
        .clone();
    let bare = servers
        .serve(servers::vehicles_without_auth(
            servers.state.clone(),
            caller,
        ))
        .await?;
    let catalog = Catalog::load(&db, &org_id).await?;
    let dir = work_dir.join("postgres");
    std::fs::create_dir_all(&dir)?;
    let script = load::write_script(&dir, &crate::run::load_paths(&catalog, 32), &key)?;
    eprintln!("==>   warm-up");
    crate::run::wrk(servers.api, &script, 3).await?;
    let half = (load_secs / 2).max(1);
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        eprintln!("==>   PostgreSQL API with auth and rate limits");
        with.push(crate::run::wrk(servers.api, &script, half).await?);
        eprintln!("==>   PostgreSQL API without them");
        without.push(crate::run::wrk(bare, &script, half).await?);
    }
    servers.stop().await?;
    db.pool.close().await;
    let with = LoadResult::combine(&with);
    let without = LoadResult::combine(&without);
    Ok(Figure {
        name: "auth + rate-limit middleware cost, PostgreSQL (budget in the database)".into(),
        measured: format!("{:.0} req/s with", with.rps()),
        baseline: format!("{:.0} req/s without", without.rps()),
        ratio: 1.0 - with.rps() / without.rps(),
        unit: "%",
        budget: Budget::AtMost(0.10),
    })
}
