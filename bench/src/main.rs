//! `cargo run --release -p carstrel-bench [-- --quick | --vehicles N --customers M]`:
//! seeds the demo data, measures every figure of the benchmark issue against its
//! side-by-side baseline and prints one line per figure.

use carstrel_bench::{app, app_search, machine, run, sync};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    version,
    about = "CarStrel benchmarks: every figure a ratio measured side by side"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Vehicles per demo dealer and environment (default 100 000; 10 000 with --quick).
    #[arg(long)]
    vehicles: Option<usize>,
    /// Customers per demo dealer and environment (default 20 000; 2 000 with --quick).
    #[arg(long)]
    customers: Option<usize>,
    /// A smoke run: 10 000 vehicles, 2 000 customers, 4 s load runs, 300 queries.
    #[arg(long)]
    quick: bool,
    /// Seconds of each load run.
    #[arg(long)]
    load_secs: Option<u64>,
    /// Random queries of the offline figure.
    #[arg(long)]
    queries: Option<usize>,
    /// How often sqlite3 runs each query for the bare-SQL timing.
    #[arg(long, default_value_t = 10)]
    sql_repeats: usize,
    /// Where seeded databases are cached (default: <target>/bench-data).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Pairs of full syncs (without and with photos, in turn in either order) of the photo figure
    /// (default 3, at any size: with two, one slow pair moved the median by half its delay).
    #[arg(long)]
    photo_pairs: Option<usize>,
    /// Skip the wrk load figures.
    #[arg(long)]
    no_load: bool,
    /// Only seed (or bring up to date) the cached database for the chosen size, then exit.
    #[arg(long)]
    seed_only: bool,
    /// Keep the run's scratch databases (under <data-dir>/run).
    #[arg(long)]
    keep: bool,
}

/// The child processes the harness starts itself, and a server for profiling.
#[derive(Subcommand)]
enum Command {
    /// One sync into a cache file, measured; prints JSON.
    #[command(hide = true)]
    SyncChild {
        #[arg(long)]
        url: String,
        #[arg(long)]
        key: String,
        #[arg(long)]
        cache: PathBuf,
        #[arg(long)]
        full: bool,
    },
    /// Serves the demo API at the chosen size on 127.0.0.1:PORT until interrupted, and
    /// prints its URL and a key: for profiling the server or a sync by hand.
    Serve {
        #[arg(long, default_value_t = 8787)]
        port: u16,
    },
    /// The desktop app against a hello-world Tauri app built the same way: time to the
    /// first painted screen, memory of the process tree, and the .deb size. Needs a
    /// display; `scripts/bench-app.sh` builds everything and runs it under Xvfb.
    App {
        /// The console binary (release, custom protocol).
        #[arg(long)]
        console: PathBuf,
        /// The hello-world binary built the same way.
        #[arg(long)]
        hello: PathBuf,
        /// The .deb the bundler built, for its size.
        #[arg(long)]
        deb: Option<PathBuf>,
        /// Launches of each app, alternating; medians are compared (at least 11 for the
        /// start-up figure to be stable on a shared machine).
        #[arg(long, default_value_t = 11)]
        runs: usize,
        /// Vehicles of the sandbox the search keystroke figure types into (through
        /// tauri-driver); 0 skips that figure.
        #[arg(long, default_value_t = 100_000)]
        search_vehicles: usize,
    },
    /// Only the server figures on PostgreSQL: list req/s, p99 and the auth + rate-limit
    /// cost (needs wrk and CARSTREL_BENCH_POSTGRES_URL; seeds a database there).
    #[command(alias = "rate-limit-postgres")]
    Postgres,
    /// A console on a fresh data folder syncs in full and reads its first screens,
    /// measured (with its photo cache when --photos); prints JSON.
    #[command(hide = true)]
    UsableChild {
        #[arg(long)]
        url: String,
        #[arg(long)]
        key: String,
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        photos: bool,
    },
    /// The raw vehicles feed walk, measured; prints JSON.
    #[command(hide = true)]
    RawChild {
        #[arg(long)]
        url: String,
        #[arg(long)]
        key: String,
    },
}

/// `<target>/bench-data`, next to the profile directory this binary was built into.
fn default_data_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(|t| t.join("bench-data")))
        .unwrap_or_else(|| PathBuf::from("target/bench-data"))
}

fn options(cli: &Cli) -> run::Options {
    run::Options {
        vehicles: cli
            .vehicles
            .unwrap_or(if cli.quick { 10_000 } else { 100_000 }),
        customers: cli
            .customers
            .unwrap_or(if cli.quick { 2_000 } else { 20_000 }),
        load_secs: cli.load_secs.unwrap_or(if cli.quick { 4 } else { 10 }),
        queries: cli.queries.unwrap_or(if cli.quick { 300 } else { 1_000 }),
        sql_repeats: cli.sql_repeats,
        data_dir: cli.data_dir.clone().unwrap_or_else(default_data_dir),
        no_load: cli.no_load,
        keep: cli.keep,
        photo_pairs: cli.photo_pairs.unwrap_or(3),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut cli = Cli::parse();
    match cli.command.take() {
        Some(Command::SyncChild {
            url,
            key,
            cache,
            full,
        }) => {
            let run = sync::sync_child(&url, &key, &cache, full).await?;
            println!("{}", serde_json::to_string(&run)?);
        }
        Some(Command::UsableChild {
            url,
            key,
            dir,
            photos,
        }) => {
            let run = carstrel_bench::photos::usable_child(&url, &key, &dir, photos).await?;
            println!("{}", serde_json::to_string(&run)?);
        }
        Some(Command::RawChild { url, key }) => {
            let run = sync::raw_child(&url, &key).await?;
            println!("{}", serde_json::to_string(&run)?);
        }
        Some(Command::App {
            console,
            hello,
            deb,
            runs,
            search_vehicles,
        }) => {
            println!("machine: {}", machine::describe());
            let options = app::AppOptions {
                console,
                hello,
                deb,
                runs: runs.max(1),
                settle: std::time::Duration::from_secs(3),
            };
            let mut figures = app::run(&options)?;
            if search_vehicles > 0 {
                let search = app_search::SearchOptions {
                    console: options.console.clone(),
                    data_dir: cli.data_dir.clone().unwrap_or_else(default_data_dir),
                    // The main bench's proportions, so that its cached database serves.
                    demo: carstrel_server::demo::DemoOptions {
                        vehicles: search_vehicles,
                        customers: search_vehicles / 5,
                    },
                };
                figures.push(app_search::run(&search).await?);
            }
            println!("{}", carstrel_bench::report::HEADER);
            for figure in &figures {
                println!("{figure}");
            }
        }
        Some(Command::Postgres) => {
            let options = options(&cli);
            let dir = tempfile::tempdir()?;
            if let Some(load) = carstrel_bench::postgres::load(&options, dir.path()).await? {
                println!("{}", carstrel_bench::report::HEADER);
                for figure in load.figures() {
                    println!("{figure}");
                }
            }
        }
        Some(Command::Serve { port }) => {
            let options = options(&cli);
            run::serve(&options, port).await?;
        }
        None if cli.seed_only => {
            run::seed_only(&options(&cli)).await?;
        }
        None => {
            run::run(&options(&cli)).await?;
        }
    }
    Ok(())
}
