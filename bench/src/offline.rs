//! The offline query figure: the same random queries answered by the cache as the
//! inventory table asks it (`Cache::list_vehicle_rows`: the rows it shows), by the API on
//! loopback (`client.vehicles().list`), and as bare SQL by the `sqlite3` shell on the cache
//! file. The cache's answer with whole documents (`Cache::list_vehicles`, what the API
//! sends) is timed beside them.

use crate::report::percentile;
use anyhow::Context;
use carstrel_client::Client;
use carstrel_model::VehicleQuery;
use console_core::Cache;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Latency percentiles of one way of answering, in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    pub p50: f64,
    pub p95: f64,
    pub mean: f64,
}

impl Latency {
    pub fn of(mut samples: Vec<f64>) -> Latency {
        samples.sort_by(f64::total_cmp);
        Latency {
            p50: percentile(&samples, 50.0),
            p95: percentile(&samples, 95.0),
            mean: samples.iter().sum::<f64>() / samples.len().max(1) as f64,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct OfflineResult {
    pub queries: usize,
    /// The inventory's rows.
    pub cache: Latency,
    /// The same pages with whole documents.
    pub cache_docs: Latency,
    pub api: Latency,
    /// `None` when the `sqlite3` shell is not installed.
    pub sql: Option<Latency>,
    /// Queries whose offline page (ids and total, rows or documents) differed from the API's.
    pub mismatches: usize,
}

/// Runs every query against the cache and the API, interleaved (so noise hits both
/// alike), after a warm-up pass over the first few; then the bare SQL.
pub async fn compare(
    cache: &Cache,
    client: &Client,
    cache_file: Option<&Path>,
    queries: &[VehicleQuery],
    sql_repeats: usize,
) -> anyhow::Result<OfflineResult> {
    for query in queries.iter().take(50) {
        cache.list_vehicle_rows(query, None).await?;
        cache.list_vehicles(query, None).await?;
        client.vehicles().list(query).await?;
    }
    let mut cache_ms = Vec::with_capacity(queries.len());
    let mut docs_ms = Vec::with_capacity(queries.len());
    let mut api_ms = Vec::with_capacity(queries.len());
    let mut mismatches = 0;
    let elapsed_ms = |started: Instant| started.elapsed().as_secs_f64() * 1000.0;
    for query in queries {
        let started = Instant::now();
        let rows = cache.list_vehicle_rows(query, None).await?;
        cache_ms.push(elapsed_ms(started));
        let started = Instant::now();
        let docs = cache.list_vehicles(query, None).await?;
        docs_ms.push(elapsed_ms(started));
        let started = Instant::now();
        let online = client.vehicles().list(query).await?;
        api_ms.push(elapsed_ms(started));
        let online_ids: Vec<&str> = online.items.iter().map(|v| v.id.as_str()).collect();
        let same = rows.total == online.total
            && docs.total == online.total
            && rows
                .items
                .iter()
                .map(|r| r.id.as_str())
                .eq(online_ids.iter().copied())
            && docs
                .items
                .iter()
                .map(|v| v.id.as_str())
                .eq(online_ids.iter().copied());
        mismatches += usize::from(!same);
    }
    let sql = match cache_file {
        Some(path) if sqlite3_available() => Some(bare_sql(path, queries, sql_repeats)?),
        _ => None,
    };
    Ok(OfflineResult {
        queries: queries.len(),
        cache: Latency::of(cache_ms),
        cache_docs: Latency::of(docs_ms),
        api: Latency::of(api_ms),
        sql,
        mismatches,
    })
}

pub fn sqlite3_available() -> bool {
    Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Times each query's two statements (the count and the page, as the cache runs them) in
/// one `sqlite3` session with `.timer on`, rows sent to `/dev/null`. Each query is written
/// `repeats` times on one line, so one timer line covers them all; the per-query time is
/// the line's CPU time (user + sys, which Linux accounts to the nanosecond in sum, unlike
/// `real`, printed to the millisecond) divided by `repeats`.
pub fn bare_sql(path: &Path, queries: &[VehicleQuery], repeats: usize) -> anyhow::Result<Latency> {
    let repeats = repeats.max(1);
    let mut script = String::from(".timer off\n.output /dev/null\n");
    // Warm the page cache as the Rust side was warmed.
    for query in queries.iter().take(50) {
        let (count, select) = crate::queries::cache_sql(query);
        script.push_str(&format!("{count} {select}\n"));
    }
    script.push_str(".timer on\n");
    for query in queries {
        let (count, select) = crate::queries::cache_sql(query);
        let line = format!("{count} {select} ").repeat(repeats);
        script.push_str(line.trim_end());
        script.push('\n');
    }
    // Kept beside the cache (with --keep) for looking into a slow query by hand.
    std::fs::write(path.with_extension("sql"), &script)?;
    let mut child = Command::new("sqlite3")
        .arg("-readonly")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run sqlite3 (apt-get install sqlite3)")?;
    let mut stdin = child.stdin.take().context("sqlite3's stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));
    let output = child.wait_with_output()?;
    writer.join().expect("the writer does not panic")?;
    let text = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        output.status.success() && output.stderr.is_empty(),
        "sqlite3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let samples = parse_timers(&text)
        .into_iter()
        .map(|secs| secs * 1000.0 / repeats as f64)
        .collect::<Vec<_>>();
    anyhow::ensure!(
        samples.len() == queries.len(),
        "sqlite3 printed {} timer lines for {} queries",
        samples.len(),
        queries.len()
    );
    Ok(Latency::of(samples))
}

/// The user + sys seconds of every `Run Time:` line.
fn parse_timers(text: &str) -> Vec<f64> {
    text.lines()
        .filter_map(|line| line.strip_prefix("Run Time: "))
        .filter_map(|rest| {
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let value = |name: &str| {
                fields
                    .iter()
                    .position(|f| *f == name)
                    .and_then(|i| fields.get(i + 1))
                    .and_then(|v| v.parse::<f64>().ok())
            };
            Some(value("user")? + value("sys")?)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_sqlite_timer_lines() {
        let text = "Run Time: real 0.002 user 0.001500 sys 0.000250\nnoise\n\
                    Run Time: real 0.000 user 0.000010 sys 0.000000\n";
        let timers = super::parse_timers(text);
        assert_eq!(timers.len(), 2);
        assert!((timers[0] - 0.00175).abs() < 1e-12);
    }
}
