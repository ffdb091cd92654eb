//! The demo data at the chosen size: seeded once into `target/bench-data/` (keyed by
//! size) and copied into a scratch directory for each run, so a run may change it freely.

use anyhow::Context;
use carstrel_model::rules::MAX_RATE_LIMIT_PER_HOUR;
use carstrel_model::{Environment, Scope};
use carstrel_server::demo::{DemoCredentials, DemoOptions};
use carstrel_server::store::keys;
use carstrel_server::Db;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A database ready to serve, with the key the bench calls with.
pub struct Prepared {
    pub db: Db,
    /// The scratch copy the server runs on.
    pub db_path: PathBuf,
    pub credentials: DemoCredentials,
    /// The measured dealer (first demo organization, live environment).
    pub org_id: String,
    /// A live key of that dealer with the demo's scopes and the largest hourly budget,
    /// so that load runs measure the rate limiter without being refused by it.
    pub key: String,
    /// How long seeding took, and whether this run did it or reused the cached file.
    pub seed_secs: f64,
    pub seeded_now: bool,
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

/// The cached database of one size.
pub struct Seeded {
    pub path: PathBuf,
    pub secs: f64,
    pub seeded_now: bool,
}

/// Seeds the cached database for `options` under `data_dir` unless it exists, and brings
/// an existing one up to date with the server's migrations (in place, once).
pub async fn seed(data_dir: &Path, options: &DemoOptions) -> anyhow::Result<Seeded> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create {}", data_dir.display()))?;
    let name = format!("seed-v{}-c{}", options.vehicles, options.customers);
    let cached = data_dir.join(format!("{name}.db"));
    let timing = data_dir.join(format!("{name}.seconds"));
    if cached.exists() {
        let db = Db::connect(&sqlite_url(&cached)).await?;
        close(db).await?;
        let secs = std::fs::read_to_string(&timing)
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(f64::NAN);
        return Ok(Seeded {
            path: cached,
            secs,
            seeded_now: false,
        });
    }
    let partial = data_dir.join(format!("{name}.partial.db"));
    remove_db(&partial);
    let started = Instant::now();
    let db = Db::connect(&sqlite_url(&partial)).await?;
    carstrel_server::demo::seed(&db, options).await?;
    close(db).await?;
    let secs = started.elapsed().as_secs_f64();
    for suffix in ["-wal", "-shm", ""] {
        let (from, to) = (with_suffix(&partial, suffix), with_suffix(&cached, suffix));
        if from.exists() {
            std::fs::rename(from, to)?;
        }
    }
    std::fs::write(&timing, format!("{secs:.1}\n"))?;
    Ok(Seeded {
        path: cached,
        secs,
        seeded_now: true,
    })
}

/// Seeds (or reuses) the cached database for `options` under `data_dir`, then copies it
/// into `work_dir` and opens the copy.
pub async fn prepare(
    data_dir: &Path,
    work_dir: &Path,
    options: &DemoOptions,
) -> anyhow::Result<Prepared> {
    let Seeded {
        path: cached,
        secs: seed_secs,
        seeded_now,
    } = seed(data_dir, options).await?;
    std::fs::create_dir_all(work_dir)?;
    let db_path = work_dir.join("server.db");
    remove_db(&db_path);
    std::fs::copy(&cached, &db_path).with_context(|| {
        format!(
            "cannot copy {} into {}",
            cached.display(),
            work_dir.display()
        )
    })?;
    let db = Db::connect(&sqlite_url(&db_path)).await?;
    // Idempotent on seeded data: derives the demo's credentials again.
    let credentials = carstrel_server::demo::seed(&db, options).await?;
    let org_id = credentials.organizations[0].id.clone();
    let key = carstrel_server::secrets::generate_api_key(Environment::Live);
    keys::insert(
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
    Ok(Prepared {
        db,
        db_path,
        credentials,
        org_id,
        key,
        seed_secs,
        seeded_now,
    })
}

/// Writes everything in the WAL into the database file, then closes the pool.
async fn close(db: Db) -> anyhow::Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.pool)
        .await?;
    db.pool.close().await;
    Ok(())
}

/// `path` with `suffix` appended to its file name (`-wal`, `-shm`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Deletes a SQLite file and its WAL companions, if any.
pub fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

/// A SQLite file's size including its WAL, in bytes.
pub fn db_size(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|suffix| std::fs::metadata(with_suffix(path, suffix)).map_or(0, |m| m.len()))
        .sum()
}
