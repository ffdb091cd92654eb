//! The sync figures. Each sync runs in a child process (this binary again, `sync-child`)
//! so its peak RSS is its own; the raw baseline runs the same way (`raw-child`).

use anyhow::Context;
use console_core::sync::{SyncOptions, SyncPhase, SyncProgress, DEFAULT_PAGE_SIZE};
use console_core::Cache;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// What a sync child measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SyncRun {
    /// The whole `sync()` call.
    pub total_secs: f64,
    /// From the vehicles phase's first progress report to the next phase's: the vehicles
    /// feed alone (its total, its pages, their cache transactions).
    pub vehicles_secs: f64,
    pub vehicles: u32,
    pub customers: u32,
    pub test_drives: u32,
    pub full: bool,
    /// When each phase began, in seconds from the start of `sync()`: where a sync's time
    /// goes (outbox, metadata, each feed).
    pub phase_starts: Vec<(String, f64)>,
    /// `VmHWM` of the child at the end, in bytes.
    pub peak_rss: u64,
    /// Cache file (and WAL) size after the sync, in bytes.
    pub cache_bytes: u64,
}

/// What a raw fetch child measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawRun {
    pub secs: f64,
    pub vehicles: u64,
    pub pages: u64,
    pub body_bytes: u64,
    pub peak_rss: u64,
}

/// `sync-child`: one sync of `cache_path` from `base_url`, measured.
pub async fn sync_child(
    base_url: &str,
    key: &str,
    cache_path: &Path,
    full: bool,
) -> anyhow::Result<SyncRun> {
    let client =
        console_core::console::client_for(base_url, &console_core::secrets::Secret::new(key))?;
    let cache = Cache::open(cache_path).await?;
    if !full {
        // A delta runs in a console that has been running, its cache read and its client
        // connected by the screens' own requests: both warm before the clock starts, so
        // the figure is the sync's, not a new process's first steps (a cold child spent
        // 2–5 ms of a ~30 ms delta opening connections).
        cache.capabilities().await?;
        let one = carstrel_client::model::VehicleQuery {
            limit: Some(1),
            ..Default::default()
        };
        client.vehicles().list(&one).await?;
    }
    let started = Instant::now();
    let mut phase_starts: Vec<(String, f64)> = Vec::new();
    let mut progress = |p: SyncProgress| {
        let name = format!("{:?}", p.phase);
        if phase_starts.last().is_none_or(|(last, _)| *last != name) {
            phase_starts.push((name, started.elapsed().as_secs_f64()));
        }
    };
    let report = console_core::sync::sync(
        &client,
        &cache,
        SyncOptions {
            full,
            ..SyncOptions::default()
        },
        &mut progress,
        &CancellationToken::new(),
    )
    .await?;
    let total_secs = started.elapsed().as_secs_f64();
    cache.close().await;
    let vehicles_secs = phase_duration(&phase_starts, SyncPhase::Vehicles);
    Ok(SyncRun {
        total_secs,
        vehicles_secs,
        vehicles: report.vehicles,
        customers: report.customers,
        test_drives: report.test_drives,
        full: report.full,
        phase_starts,
        peak_rss: crate::machine::peak_rss_bytes().unwrap_or(0),
        cache_bytes: crate::data::db_size(cache_path),
    })
}

/// From the start of `phase` to the start of the phase after it (NaN if either is missing).
fn phase_duration(phase_starts: &[(String, f64)], phase: SyncPhase) -> f64 {
    let name = format!("{phase:?}");
    let at = phase_starts.iter().position(|(p, _)| *p == name);
    match at.and_then(|i| Some((phase_starts[i].1, phase_starts.get(i + 1)?.1))) {
        Some((start, end)) => end - start,
        None => f64::NAN,
    }
}

#[derive(Deserialize)]
struct RawEnvelope {
    data: RawPage,
}

/// Only what walking the feed needs; the records are skipped unread.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPage {
    changes: Vec<serde::de::IgnoredAny>,
    next_since: i64,
    has_more: bool,
}

/// `raw-child`: walks `GET /external/vehicles/changes` from 0 with the sync's page size,
/// reading each body whole and dropping it (only `nextSince`/`hasMore` and the number of
/// changes are read out of it).
pub async fn raw_child(base_url: &str, key: &str) -> anyhow::Result<RawRun> {
    let http = reqwest::Client::new();
    let base = base_url.trim_end_matches('/');
    let mut run = RawRun::default();
    let mut since = 0i64;
    let started = Instant::now();
    loop {
        let response = http
            .get(format!(
                "{base}/external/vehicles/changes?since={since}&limit={DEFAULT_PAGE_SIZE}"
            ))
            .header("x-api-key", key)
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        let page: RawEnvelope = serde_json::from_slice(&body)?;
        run.pages += 1;
        run.body_bytes += body.len() as u64;
        run.vehicles += page.data.changes.len() as u64;
        since = page.data.next_since;
        if !page.data.has_more {
            break;
        }
    }
    run.secs = started.elapsed().as_secs_f64();
    run.peak_rss = crate::machine::peak_rss_bytes().unwrap_or(0);
    Ok(run)
}

/// Runs this binary with `args` and reads the JSON it prints. Blocking.
pub(crate) fn child<T: serde::de::DeserializeOwned>(args: &[String]) -> anyhow::Result<T> {
    let exe = std::env::current_exe()?;
    let output = Command::new(&exe)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    anyhow::ensure!(
        output.status.success(),
        "{} {} failed: {}",
        exe.display(),
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).with_context(|| format!("unexpected child output: {stdout}"))
}

/// A sync in a child process.
pub async fn sync_in_child(
    base_url: &str,
    key: &str,
    cache_path: &Path,
    full: bool,
) -> anyhow::Result<SyncRun> {
    let mut args = vec![
        "sync-child".to_owned(),
        "--url".into(),
        base_url.into(),
        "--key".into(),
        key.into(),
        "--cache".into(),
        cache_path.display().to_string(),
    ];
    if full {
        args.push("--full".into());
    }
    tokio::task::spawn_blocking(move || child(&args)).await?
}

/// The raw feed walk in a child process.
pub async fn raw_in_child(base_url: &str, key: &str) -> anyhow::Result<RawRun> {
    let args = vec![
        "raw-child".to_owned(),
        "--url".into(),
        base_url.into(),
        "--key".into(),
        key.into(),
    ];
    tokio::task::spawn_blocking(move || child(&args)).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_lasts_until_the_next_one_begins() {
        let starts: Vec<(String, f64)> = [("Outbox", 0.0), ("Vehicles", 0.5), ("Customers", 2.0)]
            .map(|(p, at)| (p.to_owned(), at))
            .into();
        assert_eq!(phase_duration(&starts, SyncPhase::Vehicles), 1.5);
        assert!(phase_duration(&starts, SyncPhase::Customers).is_nan());
        assert!(phase_duration(&starts, SyncPhase::Metadata).is_nan());
    }
}
