//! Photos never slow data sync: the time until a dealer can work offline (a full sync into
//! an empty cache, then the first dashboard and inventory page answered from it) through
//! the console's own `Console::sync`, which keeps each vehicle's main photo as a
//! thumbnail once the data is committed, against the same sync without photos
//! (`console_core::sync::sync` on the same console's cache, i.e. `Console::sync` without
//! its photo task). Each run is a child process (`usable-child`) with a fresh data
//! folder; the two alternate so drift hits both.

use crate::report::{median, Budget, Figure};
use console_core::console::{Console, ConsoleOptions};
use console_core::paths::DataDir;
use console_core::profiles::Profiles;
use console_core::secrets::{MemoryStore, Secret};
use console_core::sync::SyncOptions;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// What one `usable-child` measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UsableRun {
    /// From the start of the sync to the first dashboard and inventory page answered.
    pub usable_secs: f64,
    /// The sync call alone.
    pub sync_secs: f64,
    pub vehicles: u32,
    /// Photo files kept when the data became usable (0 without photos): photos were
    /// being fetched meanwhile, not before.
    pub photos_by_then: u64,
    /// Photo files kept a moment later (`--photos` only), showing the task ran on.
    pub photos_after: u64,
}

/// The profile name the child registers the bench's server under.
const PROFILE: &str = "bench";

/// `usable-child`: a console on a fresh data folder `dir`, with one profile for the
/// bench's server, syncs in full and reads its first screens.
pub async fn usable_child(
    url: &str,
    key: &str,
    dir: &Path,
    photos: bool,
) -> anyhow::Result<UsableRun> {
    let store = Arc::new(MemoryStore::new());
    Profiles::open(DataDir::at(dir), store.clone())?.add(PROFILE, url, &Secret::new(key))?;
    let console = Console::open(ConsoleOptions {
        data_dir: Some(dir.to_owned()),
        profile: Some(PROFILE.to_owned()),
        secrets: Some(store),
        photo_budget_bytes: None,
    })
    .await?;
    let cancel = CancellationToken::new();
    let started = Instant::now();
    let report = if photos {
        console.sync(true, &mut |_| {}, &cancel).await?
    } else {
        let client = console_core::console::client_for(url, &Secret::new(key))?;
        let options = SyncOptions {
            full: true,
            ..SyncOptions::default()
        };
        let cache = console.cache().await;
        console_core::sync::sync(&client, &cache, options, &mut |_| {}, &cancel).await?
    };
    let sync_secs = started.elapsed().as_secs_f64();
    console.dashboard().await?;
    let page = console
        .list_vehicle_rows(&carstrel_model::VehicleQuery::default(), None)
        .await?;
    let usable_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(!page.items.is_empty(), "the synced cache lists no vehicles");
    let photos_by_then = console.media_status().await?.files;
    let photos_after = if photos {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        console.media_status().await?.files
    } else {
        0
    };
    Ok(UsableRun {
        usable_secs,
        sync_secs,
        vehicles: report.vehicles,
        photos_by_then,
        photos_after,
    })
}

/// Runs `usable-child` in a child process on a fresh folder under `work_dir`.
pub async fn usable_in_child(
    base_url: &str,
    key: &str,
    work_dir: &Path,
    photos: bool,
) -> anyhow::Result<UsableRun> {
    let dir = work_dir.join(if photos {
        "usable-photos"
    } else {
        "usable-plain"
    });
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    // The previous run wrote ~0.5 GB: flushed now, before the clock starts, its write-back
    // does not land in this run (which made whichever run came second 1.5–3 s slower).
    flush_writes();
    let mut args = vec![
        "usable-child".to_owned(),
        "--url".into(),
        base_url.into(),
        "--key".into(),
        key.into(),
        "--dir".into(),
        dir.display().to_string(),
    ];
    if photos {
        args.push("--photos".into());
    }
    let run = tokio::task::spawn_blocking(move || crate::sync::child(&args)).await?;
    let _ = std::fs::remove_dir_all(&dir);
    run
}

/// Writes every dirty page to disk (`sync(1)`); without it, the measurement only drifts.
fn flush_writes() {
    if let Err(error) = std::process::Command::new("sync").status() {
        eprintln!("==>   sync(1) did not run ({error}): the runs may overlap write-back");
    }
}

/// Alternates `pairs` runs without and with photos, in turn in either order, and compares
/// their medians: the figure "photos never slow data sync" (budget 1.05×).
pub async fn figure(
    base_url: &str,
    key: &str,
    work_dir: &Path,
    pairs: usize,
) -> anyhow::Result<Figure> {
    let (mut plain, mut with) = (Vec::new(), Vec::new());
    for pair in 0..pairs.max(1) {
        // Each pair in the other order (ABBA). Always second, the photo runs at 100 000
        // vehicles were 1.5–2.5 s slower in the sync itself, before any photo work
        // starts: the order, not the photos (a run follows one that wrote 0.5 GB, hence
        // also the flush before each run).
        if pair % 2 == 0 {
            plain.push(usable_in_child(base_url, key, work_dir, false).await?);
            with.push(usable_in_child(base_url, key, work_dir, true).await?);
        } else {
            with.push(usable_in_child(base_url, key, work_dir, true).await?);
            plain.push(usable_in_child(base_url, key, work_dir, false).await?);
        }
        let (p, w) = (plain.last().expect("run"), with.last().expect("run"));
        eprintln!(
            "==>   usable offline after {:.2} s without photos (sync {:.2} s), {:.2} s with (sync {:.2} s) ({} vehicles; {} photos kept by then, {} half a second later)",
            p.usable_secs, p.sync_secs, w.usable_secs, w.sync_secs, w.vehicles, w.photos_by_then, w.photos_after
        );
    }
    let secs = |runs: &[UsableRun]| -> Vec<f64> { runs.iter().map(|r| r.usable_secs).collect() };
    let (p, w) = (median(secs(&plain)), median(secs(&with)));
    Ok(Figure {
        name: format!(
            "data usable offline with the photo cache (full sync + first screens, median of {})",
            plain.len()
        ),
        measured: format!("{w:.2} s with photos"),
        baseline: format!("{p:.2} s without photos"),
        ratio: w / p,
        unit: "×",
        budget: Budget::AtMost(1.05),
    })
}
