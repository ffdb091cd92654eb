//! The server's load figures on one database (SQLite, or PostgreSQL beside it): list req/s
//! against a static route, the list's p99, and the cost of the auth + rate-limit layer.
//! Both databases go through this one measurement, so their figures compare.

use crate::cpu::ServingCpu;
use crate::load::{self, LoadResult};
use crate::mixed::{self, Metered, Meters};
use crate::queries::Catalog;
use crate::report::{median_and_spread, ms, Budget, Figure};
use crate::servers::{self, Servers};
use carstrel_server::Db;
use std::path::Path;
use std::sync::Arc;

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
    /// The API and the same route without its key middleware, request by request in turn.
    pub interleaved: Interleaved,
}

/// One interleaved run (see [`crate::mixed`]).
pub struct Interleaved {
    /// The run as `wrk` saw it, with the serving side's CPU time.
    pub load: LoadResult,
    /// Handling on the API, key middleware included.
    pub with: Metered,
    /// Handling with the key middleware replaced by a fixed caller.
    pub without: Metered,
}

impl Interleaved {
    /// Microseconds the key middleware adds to a request's handling.
    pub fn middleware_us(&self) -> f64 {
        self.with.cpu_us_per_request() - self.without.cpu_us_per_request()
    }

    /// The key middleware's share of what a request costs the serving side without it:
    /// the run's serving CPU per request is the two variants' mean, so a request without
    /// the middleware costs that less half the middleware.
    pub fn cost(&self) -> f64 {
        let middleware = self.middleware_us();
        middleware / (self.load.cpu_us_per_request() - middleware / 2.0)
    }
}

/// Rounds of the three load runs: the figures are the median of the rounds' ratios (with
/// two rounds, one slow stretch of a few seconds moved the rate-limit cost from 1 % to 17 %).
pub const ROUNDS: usize = 5;

/// Runs the servers of `servers` (the API started on `db`) under `wrk`: a warm-up, then
/// [`ROUNDS`] rounds of the static route, the API and the static route again (`load_secs`
/// / 4, / 2, / 4), then the API interleaved with itself without its key middleware
/// (`load_secs` / 2), so drift on a shared machine hits them alike (measured once up
/// front, the static route's baseline swung the list ratio by a third).
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
    let meters = Arc::new(Meters::default());
    let both = servers
        .serve(mixed::interleaved(
            carstrel_server::routes::app(servers.state.clone()),
            servers::vehicles_without_auth(servers.state.clone(), caller),
            meters.clone(),
        ))
        .await?;
    let fixed = servers.serve(servers::static_json(body.clone())).await?;
    let cpu = serving_cpu(db).await?;
    std::fs::create_dir_all(work_dir)?;
    let script = load::write_script(work_dir, &paths, key)?;
    let mixed_script = mixed::write_script(work_dir, &paths, key)?;
    step!(
        "{backend} load: wrk, 2 connections per core, {} mixed queries rotating, responses of {mean} bytes on average",
        paths.len(),
    );
    step!("  warm-up");
    crate::run::wrk(servers.api, &script, 3).await?;
    let half = (load_secs / 2).max(1);
    let mut rounds = Vec::with_capacity(ROUNDS);
    for round in 1..=ROUNDS {
        step!("  round {round} of {ROUNDS}: static JSON route ({} bytes), the {backend} API, then the API interleaved with itself without auth and rate limits", body.len());
        // The static route either side of the API, so a machine speeding up or slowing
        // down across the round weighs on both alike.
        let quarter = (half / 2).max(1);
        let fixed_before = crate::run::wrk(fixed, &script, quarter).await?;
        let with = crate::run::wrk(servers.api, &script, 2 * quarter).await?;
        let fixed_after = crate::run::wrk(fixed, &script, quarter).await?;
        let fixed_run = LoadResult::combine(&[fixed_before, fixed_after]);
        // A second's warm-up first: it runs on the fixed route's heels, and the meters
        // start from its end.
        crate::run::wrk(both, &mixed_script, 1).await?;
        meters.with.take();
        meters.without.take();
        let before = cpu.read();
        let mut load = crate::run::wrk(both, &mixed_script, half).await?;
        load.serving_cpu = cpu.read().since(&before);
        let interleaved = Interleaved {
            load,
            with: meters.with.take(),
            without: meters.without.take(),
        };
        // Each of wrk's threads sends its requests to the two in turn, so they end at most
        // a request apart per thread; far more means the script did not alternate.
        let apart = interleaved
            .with
            .requests
            .abs_diff(interleaved.without.requests);
        if apart > 2 * load::connections() as u64 {
            step!("WARNING: the interleaved run sent {apart} more requests to one variant");
        }
        step!(
            "    handling {:.1} µs with the key middleware ({:.2} polls), {:.1} µs without ({:.2} polls); serving CPU {:.1} µs per request: cost {:.1} %",
            interleaved.with.cpu_us_per_request(),
            interleaved.with.polls as f64 / interleaved.with.requests.max(1) as f64,
            interleaved.without.cpu_us_per_request(),
            interleaved.without.polls as f64 / interleaved.without.requests.max(1) as f64,
            interleaved.load.cpu_us_per_request(),
            interleaved.cost() * 100.0
        );
        rounds.push(Round {
            fixed: fixed_run,
            with,
            interleaved,
        });
    }
    let errors: u64 = rounds
        .iter()
        .map(|r| r.with.errors + r.interleaved.load.errors + r.fixed.errors)
        .sum();
    if errors > 0 {
        step!("WARNING: {errors} failed requests during the {backend} load runs");
    }
    Ok(ServerLoad { backend, rounds })
}

/// What serves the API on `db`: this process, and on PostgreSQL the postmaster's
/// backends (found from one of the pool's own).
async fn serving_cpu(db: &Db) -> anyhow::Result<ServingCpu> {
    if db.backend != carstrel_server::db::Backend::Postgres {
        return Ok(ServingCpu::own());
    }
    let backend: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&db.pool)
        .await?;
    let postmaster = crate::cpu::parent_of(backend as u32)
        .ok_or_else(|| anyhow::anyhow!("cannot read /proc for PostgreSQL backend {backend}"))?;
    Ok(ServingCpu::with_children_of(postmaster))
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
        let (with, fixed) = (runs(|r| &r.with), runs(|r| &r.fixed));
        let (list, list_low, list_high) = median_and_spread(
            self.rounds
                .iter()
                .map(|r| r.with.rps() / r.fixed.rps())
                .collect(),
        );
        let (cost, cost_low, cost_high) =
            median_and_spread(self.rounds.iter().map(|r| r.interleaved.cost()).collect());
        let median_of = |pick: fn(&Interleaved) -> f64| {
            crate::report::median(self.rounds.iter().map(|r| pick(&r.interleaved)).collect())
        };
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
                measured: format!(
                    "{:.1} µs per request ({:.1} µs handling with it, {:.1} µs without)",
                    median_of(Interleaved::middleware_us),
                    median_of(|i| i.with.cpu_us_per_request()),
                    median_of(|i| i.without.cpu_us_per_request()),
                ),
                baseline: format!(
                    "{:.1} µs serving CPU per request, interleaved run; median of {rounds} rounds, spread {:.1}–{:.1} %",
                    median_of(|i| i.load.cpu_us_per_request()),
                    cost_low * 100.0,
                    cost_high * 100.0,
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
        let (median, low, high) =
            crate::report::median_and_spread(vec![0.02, 0.17, 0.01, 0.03, 0.02]);
        assert_eq!((median, low, high), (0.02, 0.01, 0.17));
    }
}
