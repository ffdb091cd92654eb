//! The whole harness: seed, serve, load, sync, query; one figure per line at the end.

use crate::data::{self, Prepared};
use crate::load::{self, LoadResult};
use crate::offline;
use crate::queries::{self, Catalog};
use crate::report::{mib, ms, Budget, Figure};
use crate::servers::Servers;
use crate::sync;
use carstrel_model::VehicleUpdate;
use carstrel_server::demo::DemoOptions;
use console_core::secrets::Secret;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::Row;
use std::path::PathBuf;
use std::time::Instant;

/// What to run, at what size.
#[derive(Debug, Clone)]
pub struct Options {
    /// Vehicles and customers per demo organization per environment.
    pub vehicles: usize,
    pub customers: usize,
    /// Seconds of each load run.
    pub load_secs: u64,
    /// Random queries of the offline figure.
    pub queries: usize,
    /// How often `sqlite3` runs each query (see [`offline::bare_sql`]).
    pub sql_repeats: usize,
    /// Where seeded databases are cached, keyed by size.
    pub data_dir: PathBuf,
    /// Skip the `wrk` figures.
    pub no_load: bool,
    /// Keep the scratch databases of the run.
    pub keep: bool,
    /// Alternating pairs of the photo figure (a full sync each side).
    pub photo_pairs: usize,
}

/// Progress on stderr, so stdout holds only the report.
macro_rules! step {
    ($($arg:tt)*) => { eprintln!("==> {}", format!($($arg)*)) };
}

/// The paths the load runs rotate through: mixed filters and sorts, `limit=20`.
pub fn load_paths(catalog: &Catalog, n: usize) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    (0..n)
        .map(|_| queries::path(&queries::random_query(&mut rng, catalog)))
        .collect()
}

/// The random queries of the offline figure.
pub fn offline_queries(catalog: &Catalog, n: usize) -> Vec<carstrel_model::VehicleQuery> {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    (0..n)
        .map(|_| queries::random_query(&mut rng, catalog))
        .collect()
}

pub async fn run(options: &Options) -> anyhow::Result<Vec<Figure>> {
    let started = Instant::now();
    println!("machine: {}", crate::machine::describe());
    let work_dir = options.data_dir.join("run");
    let _ = std::fs::remove_dir_all(&work_dir);
    let demo = DemoOptions {
        vehicles: options.vehicles,
        customers: options.customers,
    };
    step!(
        "seeding {} vehicles and {} customers per dealer and environment (2 dealers × 2 environments)",
        demo.vehicles,
        demo.customers
    );
    let prepared = data::prepare(&options.data_dir, &work_dir, &demo).await?;
    let db_bytes = data::db_size(&prepared.db_path);
    println!(
        "data: {} vehicles, {} customers in the measured dealer's live environment ({} in all); server database {}; seeding {} {:.1} s",
        demo.vehicles,
        demo.customers,
        demo.vehicles * 4,
        mib(db_bytes),
        if prepared.seeded_now { "took" } else { "(cached) took" },
        prepared.seed_secs
    );
    let servers = Servers::start(prepared.db.clone()).await?;
    let base_url = format!("http://{}", servers.api);
    let catalog = Catalog::load(&prepared.db, &prepared.org_id).await?;
    let mut figures = Vec::new();

    if options.no_load {
        step!("skipping the load figures (--no-load)");
    } else if !load::available() {
        step!("wrk is not installed (apt-get install wrk): skipping the load figures");
    } else {
        figures.extend(load_figures(options, &servers, &prepared, &catalog, &work_dir).await?);
    }
    figures.extend(
        sync_and_offline_figures(options, &base_url, &prepared, &catalog, &work_dir).await?,
    );

    servers.stop().await?;
    prepared.db.pool.close().await;
    if !options.keep {
        let _ = std::fs::remove_dir_all(&work_dir);
    }
    println!();
    println!("{}", crate::report::HEADER);
    println!("---|---|---|---|---|---");
    for figure in &figures {
        println!("{figure}");
    }
    println!(
        "\n{} of {} figures within budget; bench took {:.0} s",
        figures.iter().filter(|f| f.pass()).count(),
        figures.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(figures)
}

/// `carstrel-bench --seed-only`: the cached database for the chosen size, and no more.
pub async fn seed_only(options: &Options) -> anyhow::Result<()> {
    let demo = DemoOptions {
        vehicles: options.vehicles,
        customers: options.customers,
    };
    let seeded = data::seed(&options.data_dir, &demo).await?;
    println!(
        "{}: seeding {} {:.1} s",
        seeded.path.display(),
        if seeded.seeded_now {
            "took"
        } else {
            "(cached) took"
        },
        seeded.secs
    );
    Ok(())
}

/// `carstrel-bench serve`: the API on `port` over the prepared data until Ctrl-C.
pub async fn serve(options: &Options, port: u16) -> anyhow::Result<()> {
    let work_dir = options.data_dir.join("serve");
    let demo = DemoOptions {
        vehicles: options.vehicles,
        customers: options.customers,
    };
    let prepared = data::prepare(&options.data_dir, &work_dir, &demo).await?;
    let server = carstrel_server::Server::bind(
        ([127, 0, 0, 1], port).into(),
        prepared.db.clone(),
        carstrel_server::ServerConfig::default(),
    )
    .await?;
    println!("url: http://{}", server.local_addr());
    println!("key: {}", prepared.key);
    let catalog = Catalog::load(&prepared.db, &prepared.org_id).await?;
    let script = load::write_script(&work_dir, &load_paths(&catalog, 32), &prepared.key)?;
    println!("wrk script: {}", script.display());
    server
        .run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

pub(crate) async fn wrk(
    addr: std::net::SocketAddr,
    script: &std::path::Path,
    secs: u64,
) -> anyhow::Result<LoadResult> {
    let script = script.to_owned();
    let result = tokio::task::spawn_blocking(move || load::run(addr, &script, secs)).await??;
    step!(
        "  {addr}: {:.0} req/s, p50 {}, p99 {}, {} errors",
        result.rps(),
        ms(result.p50_ms),
        ms(result.p99_ms),
        result.errors
    );
    Ok(result)
}

async fn load_figures(
    options: &Options,
    servers: &Servers,
    prepared: &Prepared,
    catalog: &Catalog,
    work_dir: &std::path::Path,
) -> anyhow::Result<Vec<Figure>> {
    let sqlite = crate::server_load::measure(
        "SQLite",
        servers,
        &prepared.db,
        &prepared.key,
        catalog,
        work_dir,
        options.load_secs,
    )
    .await?;
    let mut figures = sqlite.figures();
    // The same figures where the budget lives in PostgreSQL (several servers share it).
    if let Some(postgres) = crate::postgres::load(options, work_dir).await? {
        figures.extend(postgres.figures());
    }
    Ok(figures)
}

async fn sync_and_offline_figures(
    options: &Options,
    base_url: &str,
    prepared: &Prepared,
    catalog: &Catalog,
    work_dir: &std::path::Path,
) -> anyhow::Result<Vec<Figure>> {
    let key = &prepared.key;
    let cache_path = work_dir.join("cache.db");
    data::remove_db(&cache_path);

    // The raw walk runs before and after the full sync, and the baseline is their mean, so
    // it follows the machine across the sync (measured once, up front, one slow walk of
    // 8.9 s, against 6.0–6.2 s in the other runs of the day, made a failing figure pass).
    step!("raw feed walk (bodies read and dropped)");
    let raw_before = raw_walk(base_url, key).await?;
    step!("full sync into an empty cache (child process)");
    let full = sync::sync_in_child(base_url, key, &cache_path, false).await?;
    step!(
        "  {} vehicles in {:.2} s (whole sync {:.2} s), peak RSS {}, cache {}",
        full.vehicles,
        full.vehicles_secs,
        full.total_secs,
        mib(full.peak_rss),
        mib(full.cache_bytes)
    );
    step!("raw feed walk again");
    let raw_after = raw_walk(base_url, key).await?;
    let raw_secs = (raw_before.secs + raw_after.secs) / 2.0;

    let client = console_core::console::client_for(base_url, &Secret::new(key.as_str()))?;
    // One delta is a few tens of milliseconds, which one busy moment of the machine can
    // double: the figure is the median of several, each after its own 1 % changed.
    let mut deltas = Vec::with_capacity(DELTAS);
    let mut changed = 0;
    for round in 1..=DELTAS {
        changed = change_vehicles(&client, prepared, round as u64).await?;
        step!("delta sync {round} of {DELTAS} after {changed} vehicles changed (child process)");
        let delta = sync::sync_in_child(base_url, key, &cache_path, false).await?;
        step!(
            "  {} vehicles in {:.3} s (whole sync; phases began at {})",
            delta.vehicles,
            delta.total_secs,
            delta
                .phase_starts
                .iter()
                .map(|(phase, at)| format!("{phase} {at:.3} s"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if delta.vehicles as usize != changed {
            step!(
                "WARNING: the delta brought {} vehicles for {changed} changed",
                delta.vehicles
            );
        }
        deltas.push(delta.total_secs);
    }
    let (delta_secs, delta_low, delta_high) = crate::report::median_and_spread(deltas);

    let queries = offline_queries(catalog, options.queries);
    step!(
        "offline queries: {} random queries, cache vs API vs sqlite3 ({} repeats each)",
        queries.len(),
        options.sql_repeats
    );
    let cache = console_core::Cache::open(&cache_path).await?;
    let offline = offline::compare(
        &cache,
        &client,
        Some(&cache_path),
        &queries,
        options.sql_repeats,
    )
    .await?;
    cache.close().await;
    step!(
        "  cache rows p50 {} p95 {}; with whole documents p50 {} p95 {}; API p50 {} p95 {}",
        ms(offline.cache.p50),
        ms(offline.cache.p95),
        ms(offline.cache_docs.p50),
        ms(offline.cache_docs.p95),
        ms(offline.api.p50),
        ms(offline.api.p95)
    );
    if offline.mismatches > 0 {
        step!(
            "WARNING: {} of {} offline pages differed from the API's",
            offline.mismatches,
            offline.queries
        );
    }

    let raw_rate = raw_before.vehicles as f64 / raw_secs;
    let sync_rate = f64::from(full.vehicles) / full.vehicles_secs;
    let mut figures = vec![
        Figure {
            name: "full sync into an empty cache, vehicles/s (vehicles phase)".into(),
            measured: format!("{sync_rate:.0} vehicles/s ({:.2} s)", full.vehicles_secs),
            baseline: format!(
                "{raw_rate:.0} vehicles/s raw pages ({raw_secs:.2} s, the mean of {:.2} s before the sync and {:.2} s after)",
                raw_before.secs, raw_after.secs
            ),
            ratio: sync_rate / raw_rate,
            unit: "×",
            budget: Budget::AtLeast(0.7),
        },
        Figure {
            name: format!("delta sync after 1 % ({changed}) of vehicles changed"),
            measured: format!(
                "{delta_secs:.3} s (median of {DELTAS}, spread {delta_low:.3}–{delta_high:.3} s)"
            ),
            baseline: format!("{:.2} s full sync", full.total_secs),
            ratio: full.total_secs / delta_secs,
            unit: "×",
            budget: Budget::AtLeast(50.0),
        },
        offline_vs_api(&offline, "p50", |l| l.p50),
        offline_vs_api(&offline, "p95", |l| l.p95),
    ];
    if let Some(sql) = offline.sql {
        figures.push(Figure {
            name: "offline vehicle query p95 vs bare SQL in sqlite3".into(),
            measured: format!(
                "cache p95 {} (p50 {})",
                ms(offline.cache.p95),
                ms(offline.cache.p50)
            ),
            baseline: format!("sqlite3 p95 {} (p50 {})", ms(sql.p95), ms(sql.p50)),
            ratio: offline.cache.p95 / sql.p95,
            unit: "×",
            budget: Budget::AtMost(2.0),
        });
    } else {
        step!("sqlite3 is not installed (apt-get install sqlite3): skipping the bare-SQL figure");
    }
    step!("data usable offline: full syncs into fresh console folders, without and with the photo cache, alternating");
    figures.push(crate::photos::figure(base_url, key, work_dir, options.photo_pairs).await?);
    figures.push(Figure {
        name: "peak RSS of the full sync".into(),
        measured: format!("{} VmHWM", mib(full.peak_rss)),
        baseline: format!("{} cache file", mib(full.cache_bytes)),
        ratio: full.peak_rss as f64 / full.cache_bytes as f64,
        unit: "×",
        budget: Budget::AtMost(3.0),
    });
    Ok(figures)
}

/// One raw walk of the vehicles feed in a child process, reported as it lands.
async fn raw_walk(base_url: &str, key: &str) -> anyhow::Result<sync::RawRun> {
    let raw = sync::raw_in_child(base_url, key).await?;
    step!(
        "  {} vehicles in {} pages, {} of JSON, in {:.2} s",
        raw.vehicles,
        raw.pages,
        mib(raw.body_bytes),
        raw.secs
    );
    Ok(raw)
}

/// The offline query against the same query through the API, at one percentile.
fn offline_vs_api(
    offline: &offline::OfflineResult,
    percentile: &str,
    pick: fn(&offline::Latency) -> f64,
) -> Figure {
    let (cache, api) = (pick(&offline.cache), pick(&offline.api));
    Figure {
        name: format!(
            "offline vehicle query (the inventory's rows) vs API, {percentile} ({} random queries)",
            offline.queries
        ),
        measured: format!("cache {percentile} {}", ms(cache)),
        baseline: format!("API {percentile} {}", ms(api)),
        ratio: api / cache,
        unit: "×",
        budget: Budget::AtLeast(10.0),
    }
}

/// Changes 1 % of the dealer's vehicles (at least one) through `PATCH`, as staff would.
/// Delta syncs measured, each after its own 1 % of the vehicles changed.
const DELTAS: usize = 5;

/// Changes the price of 1 % of the measured dealer's vehicles, chosen by `round`.
async fn change_vehicles(
    client: &carstrel_client::Client,
    prepared: &Prepared,
    round: u64,
) -> anyhow::Result<usize> {
    let rows = sqlx::query(
        "SELECT id FROM vehicles WHERE organization_id = $1 AND environment = 'live' ORDER BY id",
    )
    .bind(&prepared.org_id)
    .fetch_all(&prepared.db.pool)
    .await?;
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let mut rng = ChaCha8Rng::seed_from_u64(2 + round);
    let n = (ids.len() / 100).max(1);
    let chosen: Vec<(String, f64)> = ids
        .choose_multiple(&mut rng, n)
        .map(|id| (id.clone(), f64::from(rng.gen_range(50..2_000u32) * 50)))
        .collect();
    step!("changing {n} vehicles through PATCH /external/vehicles/{{id}}");
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in chosen.chunks(n.div_ceil(4)) {
        let (client, chunk) = (client.clone(), chunk.to_vec());
        tasks.spawn(async move {
            for (id, price) in chunk {
                let change = VehicleUpdate {
                    price: Some(price),
                    ..Default::default()
                };
                client.vehicles().update(&id, &change).await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(n)
}
