//! The server's load figures on one database (SQLite, or PostgreSQL beside it): list req/s
//! against a static route, the list's p99, and the cost of the auth + rate-limit layer.
//! Both databases go through this one measurement, so their figures compare.

use crate::load::{self, LoadResult};
use crate::queries::Catalog;
use crate::report::{ms, Budget, Figure};
use crate::servers::{self, Servers};
use carstrel_server::Db;
use std::path::Path;

/// Progress on stderr, so stdout holds only the report.
macro_rules! step {
    ($($arg:tt)*) => { eprintln!("==> {}", format!($($arg)*)) };
}

/// What one database's load runs measured.
pub struct ServerLoad {
    /// `SQLite` or `PostgreSQL`: named in each figure.
    pub backend: &'static str,
    /// The bare axum route serving the API's own answer of average size.
    pub fixed: LoadResult,
    /// The API, with its auth and rate-limit layer.
    pub with: LoadResult,
    /// The same handler and layers with the key middleware replaced by a fixed caller.
    pub without: LoadResult,
}

/// Runs the three servers of `servers` (the API started on `db`) under `wrk`: a warm-up,
/// then the static route and the API with and without its key middleware, alternating
/// twice, half of `load_secs` each, so drift on a shared machine hits all three alike
/// (measured once up front, the static route's baseline swung the list ratio by a third).
pub async fn measure(
    backend: &'static str,
    servers: &Servers,
    db: &Db,
    key: &str,
    catalog: &Catalog,
    work_dir: &Path,
    load_secs: u64,
) -> anyhow::Result<ServerLoad> {
    let paths = crate::run::load_paths(catalog, 32);
    // The static body: the API's own answer whose size is closest to the mean.
    let http = reqwest::Client::new();
    let mut bodies = Vec::new();
    for path in &paths {
        let response = http
            .get(format!("http://{}{path}", servers.api))
            .header("x-api-key", key)
            .send()
            .await?
            .error_for_status()?;
        bodies.push(response.bytes().await?);
    }
    let mean = bodies.iter().map(|b| b.len()).sum::<usize>() / bodies.len();
    let body = bodies
        .iter()
        .min_by_key(|b| b.len().abs_diff(mean))
        .expect("32 bodies")
        .clone();
    let caller = carstrel_server::store::keys::find_active(db, key)
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
    let fixed = servers.serve(servers::static_json(body.clone())).await?;
    std::fs::create_dir_all(work_dir)?;
    let script = load::write_script(work_dir, &paths, key)?;
    step!(
        "{backend} load: wrk, 2 connections per core, {} mixed queries rotating, responses of {mean} bytes on average",
        paths.len(),
    );
    step!("  warm-up");
    crate::run::wrk(servers.api, &script, 3).await?;
    let half = (load_secs / 2).max(1);
    let (mut statics, mut with, mut without) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..2 {
        step!("  static JSON route ({} bytes)", body.len());
        statics.push(crate::run::wrk(fixed, &script, half).await?);
        step!("  {backend} API with auth and rate limits");
        with.push(crate::run::wrk(servers.api, &script, half).await?);
        step!("  {backend} API without them");
        without.push(crate::run::wrk(bare, &script, half).await?);
    }
    let load = ServerLoad {
        backend,
        fixed: LoadResult::combine(&statics),
        with: LoadResult::combine(&with),
        without: LoadResult::combine(&without),
    };
    let errors = load.with.errors + load.without.errors + load.fixed.errors;
    if errors > 0 {
        step!("WARNING: {errors} failed requests during the {backend} load runs");
    }
    Ok(load)
}

impl ServerLoad {
    /// List req/s against the static route, the list's p99, and the key middleware's cost.
    pub fn figures(&self) -> Vec<Figure> {
        let (backend, with, without, fixed) =
            (self.backend, &self.with, &self.without, &self.fixed);
        vec![
            Figure {
                name: format!("server on {backend}: GET /external/vehicles?limit=20 (mixed) req/s"),
                measured: format!("{:.0} req/s", with.rps()),
                baseline: format!("{:.0} req/s static JSON route", fixed.rps()),
                ratio: with.rps() / fixed.rps(),
                unit: "×",
                budget: Budget::AtLeast(0.5),
            },
            Figure {
                name: format!("server on {backend}: GET /external/vehicles?limit=20 (mixed) p99"),
                measured: format!("p99 {} (p50 {})", ms(with.p99_ms), ms(with.p50_ms)),
                baseline: format!("static p99 {} (p50 {})", ms(fixed.p99_ms), ms(fixed.p50_ms)),
                ratio: with.p99_ms,
                unit: "ms",
                budget: Budget::AtMost(50.0),
            },
            Figure {
                name: format!("server on {backend}: auth + rate-limit middleware cost"),
                measured: format!("{:.0} req/s with", with.rps()),
                baseline: format!("{:.0} req/s without", without.rps()),
                ratio: 1.0 - with.rps() / without.rps(),
                unit: "%",
                budget: Budget::AtMost(0.10),
            },
        ]
    }
}
