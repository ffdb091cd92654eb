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
    /// One entry per round, each round running the three servers back to back.
    pub rounds: Vec<Round>,
}

/// One round of the three load runs, back to back: their ratios are judged per round, so
/// drift between rounds (another process waking, the CPU's clock) cancels out.
pub struct Round {
    /// The bare axum route serving the API's own answer of average size.
    pub fixed: LoadResult,
    /// The API, with its auth and rate-limit layer.
    pub with: LoadResult,
    /// The same handler and layers with the key middleware replaced by a fixed caller.
    pub without: LoadResult,
}

/// Rounds of the three load runs: the figures are the median of the rounds' ratios (with
/// two rounds, one slow stretch of a few seconds moved the rate-limit cost from 1 % to 17 %).
pub const ROUNDS: usize = 5;

/// Runs the three servers of `servers` (the API started on `db`) under `wrk`: a warm-up,
/// then [`ROUNDS`] rounds of the static route and the API with and without its key
/// middleware (the two in turn first), `load_secs` / 2 each, so drift on a shared machine
/// hits all three alike (measured once up front, the static route's baseline swung the
/// list ratio by a third).
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
    let mut rounds = Vec::with_capacity(ROUNDS);
    for round in 1..=ROUNDS {
        step!("  round {round} of {ROUNDS}: static JSON route ({} bytes), then {backend} API with and without auth and rate limits, in turn first", body.len());
        let fixed_run = crate::run::wrk(fixed, &script, half).await?;
        let (with, without) = if round % 2 == 1 {
            let with = warmed_run(servers.api, &script, half).await?;
            (with, warmed_run(bare, &script, half).await?)
        } else {
            let without = warmed_run(bare, &script, half).await?;
            (warmed_run(servers.api, &script, half).await?, without)
        };
        rounds.push(Round {
            fixed: fixed_run,
            with,
            without,
        });
    }
    let errors: u64 = rounds
        .iter()
        .map(|r| r.with.errors + r.without.errors + r.fixed.errors)
        .sum();
    if errors > 0 {
        step!("WARNING: {errors} failed requests during the {backend} load runs");
    }
    Ok(ServerLoad { backend, rounds })
}

/// A run of `secs` after one second of warm-up on the same server. Both API variants share
/// one memo, whose pages older than 2 s are refreshed on their next read, so without it
/// the variant measured right after the static route paid for refreshing them all (a
/// steady 5–13 % of a 2 s run, charged to the key middleware).
async fn warmed_run(
    server: std::net::SocketAddr,
    script: &Path,
    secs: u64,
) -> anyhow::Result<LoadResult> {
    crate::run::wrk(server, script, 1).await?;
    crate::run::wrk(server, script, secs).await
}

/// The median of the rounds' values, and their spread (lowest, highest).
fn median_and_spread(values: Vec<f64>) -> (f64, f64, f64) {
    let lowest = values.iter().copied().fold(f64::NAN, f64::min);
    let highest = values.iter().copied().fold(f64::NAN, f64::max);
    (crate::report::median(values), lowest, highest)
}

impl ServerLoad {
    /// List req/s against the static route, the list's p99, and the key middleware's cost:
    /// each ratio the median of the rounds', with the rounds' spread beside it.
    pub fn figures(&self) -> Vec<Figure> {
        let backend = self.backend;
        let runs = |pick: fn(&Round) -> &LoadResult| {
            LoadResult::combine(
                &self
                    .rounds
                    .iter()
                    .map(|r| pick(r).clone())
                    .collect::<Vec<_>>(),
            )
        };
        let (with, without, fixed) = (runs(|r| &r.with), runs(|r| &r.without), runs(|r| &r.fixed));
        let (list, list_low, list_high) = median_and_spread(
            self.rounds
                .iter()
                .map(|r| r.with.rps() / r.fixed.rps())
                .collect(),
        );
        let (cost, cost_low, cost_high) = median_and_spread(
            self.rounds
                .iter()
                .map(|r| 1.0 - r.with.rps() / r.without.rps())
                .collect(),
        );
        let rounds = self.rounds.len();
        vec![
            Figure {
                name: format!("server on {backend}: GET /external/vehicles?limit=20 (mixed) req/s"),
                measured: format!("{:.0} req/s", with.rps()),
                baseline: format!(
                    "{:.0} req/s static JSON route; median of {rounds} rounds, spread {list_low:.2}–{list_high:.2}×",
                    fixed.rps()
                ),
                ratio: list,
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
                baseline: format!(
                    "{:.0} req/s without; median of {rounds} rounds, spread {:.1}–{:.1} %",
                    without.rps(),
                    cost_low * 100.0,
                    cost_high * 100.0
                ),
                ratio: cost,
                unit: "%",
                budget: Budget::AtMost(0.10),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_median_of_rounds_ignores_one_slow_round() {
        let (median, low, high) = super::median_and_spread(vec![0.02, 0.17, 0.01, 0.03, 0.02]);
        assert_eq!((median, low, high), (0.02, 0.01, 0.17));
    }
}
