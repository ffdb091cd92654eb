//! What an operator watches: Prometheus metrics (served at `/metrics`) and the log format.
//!
//! The `metrics` crate's macros record from anywhere in the server; one process-wide
//! Prometheus recorder renders them. Several servers in one process (the tests, the bench)
//! share it, as they share the process.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};
use std::time::Instant;

/// Requests answered, by route template, method and status.
pub const REQUESTS: &str = "carstrel_http_requests_total";
/// Time from a request's headers to its response's, by route template and method.
pub const LATENCY: &str = "carstrel_http_request_duration_seconds";
/// Requests refused 429 by a key's hourly budget or the bad-key throttle.
pub const RATE_LIMITED: &str = "carstrel_rate_limited_total";
/// Sign-ins refused 429 by a login throttle.
pub const THROTTLED: &str = "carstrel_throttled_total";
/// Key lookups and list pages answered from memory (hit) or the database (miss).
pub const MEMO: &str = "carstrel_memo_lookups_total";

/// Latency buckets in seconds: a remembered page takes well under a millisecond, a
/// sign-in (argon2) a few hundred.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's recorder, installed on first use. `None` when another recorder was
/// installed first (an embedding program's own): then `/metrics` says so.
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(LATENCY.into()), &BUCKETS)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// The Prometheus text exposition of every metric.
pub fn render() -> String {
    match handle() {
        Some(handle) => {
            handle.run_upkeep();
            handle.render()
        }
        None => "# another metrics recorder is installed in this process\n".into(),
    }
}

/// Counts every request and times it, under its route template (never the raw path, so
/// ids do not multiply the series; nor do invented methods, counted as `OTHER`).
pub async fn record_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let response = next.run(request).await;
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    let series = RequestSeries::of(route, &method, response.status().as_u16());
    series.latency.record(started.elapsed().as_secs_f64());
    series.count.increment(1);
    response
}

/// One route's, method's and status's handles. Looked up in a map of our own: building
/// their labelled keys and finding them in the recorder's registry on every request took
/// about ten allocations.
#[derive(Clone)]
struct RequestSeries {
    latency: metrics::Histogram,
    count: metrics::Counter,
}

type SeriesByRoute = HashMap<String, HashMap<(&'static str, u16), RequestSeries>>;

impl RequestSeries {
    fn of(route: &str, method: &Method, status: u16) -> RequestSeries {
        static SERIES: OnceLock<RwLock<SeriesByRoute>> = OnceLock::new();
        let series = SERIES.get_or_init(|| {
            // Installed first, so the handles kept are the recorder's, not no-ops.
            let _ = handle();
            RwLock::default()
        });
        let method = method_label(method);
        let known = series
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = known.get(route).and_then(|by| by.get(&(method, status))) {
            return found.clone();
        }
        drop(known);
        let mut all = series
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        all.entry(route.to_owned())
            .or_default()
            .entry((method, status))
            .or_insert_with(|| RequestSeries {
                latency: metrics::histogram!(LATENCY, "route" => route.to_owned(), "method" => method),
                count: metrics::counter!(
                    REQUESTS,
                    "route" => route.to_owned(),
                    "method" => method,
                    "status" => status.to_string()
                ),
            })
            .clone()
    }
}

/// The method as a label: the standard ones by name, any other as `OTHER`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PATCH => "PATCH",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        Method::CONNECT => "CONNECT",
        _ => "OTHER",
    }
}

/// A request refused by a rate limit (`reason`: `key_budget` or `bad_keys`).
pub fn rate_limited(reason: &'static str) {
    metrics::counter!(RATE_LIMITED, "reason" => reason).increment(1);
}

/// A sign-in refused by the login throttle named `throttle`.
pub fn throttled(throttle: &'static str) {
    metrics::counter!(THROTTLED, "throttle" => throttle).increment(1);
}

/// What the server remembers (see [`crate::memo`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remembered {
    Keys,
    Pages,
}

/// A memo lookup and whether memory answered it.
pub fn memo_lookup(memo: Remembered, hit: bool) {
    // Two lookups a request: their handles are made once (see `RequestSeries`).
    static COUNTERS: OnceLock<[[metrics::Counter; 2]; 2]> = OnceLock::new();
    let counters = COUNTERS.get_or_init(|| {
        let _ = handle();
        ["keys", "pages"].map(|memo| {
            ["hit", "miss"]
                .map(|outcome| metrics::counter!(MEMO, "memo" => memo, "outcome" => outcome))
        })
    });
    counters[memo as usize][usize::from(!hit)].increment(1);
}

/// How the server writes its logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Installs the process's log subscriber, writing to stderr. `RUST_LOG` picks what is
/// logged (default: the server's info, tower-http's warnings).
pub fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "carstrel_server=info,tower_http=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}
