//! Operator endpoints, for a load balancer and a monitoring system rather than API
//! clients: liveness (`/healthz`), readiness (`/readyz`) and Prometheus metrics
//! (`/metrics`). They need no key. Like every addition they answer 404 in docs-only mode,
//! which stands for a dealer's hosted CarStrel account, whose operators are not ours.

use crate::state::SharedState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

/// What a health or readiness probe learns.
#[derive(Debug, Serialize, ToSchema)]
pub struct Probe {
    /// `ok`, `ready` or `not ready`.
    pub status: String,
    /// Why the server is not ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How long readiness waits for the database before it says no.
const READY_TIMEOUT: Duration = Duration::from_secs(1);

/// The process is up and answering.
#[utoipa::path(get, path = "/healthz", tag = "operations", security(()),
    responses((status = 200, description = "The process is up", body = Probe)))]
pub async fn healthz() -> Json<Probe> {
    Json(Probe {
        status: "ok".into(),
        reason: None,
    })
}

/// The server can serve: the database answers, its schema is up to date, and the server
/// is not shutting down. A load balancer sends traffic only while this answers 200.
#[utoipa::path(get, path = "/readyz", tag = "operations", security(()),
    responses(
        (status = 200, description = "Ready to serve", body = Probe),
        (status = 503, description = "Not ready: the database does not answer, a migration is missing, or the server is draining", body = Probe),
    ))]
pub async fn readyz(State(state): State<SharedState>) -> Response {
    let verdict = if state.is_draining() {
        Err("shutting down".to_owned())
    } else {
        match tokio::time::timeout(READY_TIMEOUT, state.db.readiness()).await {
            Ok(verdict) => verdict,
            Err(_) => Err("the database did not answer in time".to_owned()),
        }
    };
    match verdict {
        Ok(()) => Json(Probe {
            status: "ready".into(),
            reason: None,
        })
        .into_response(),
        Err(reason) => {
            let probe = Probe {
                status: "not ready".into(),
                reason: Some(reason),
            };
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
                Json(probe),
            )
                .into_response()
        }
    }
}

/// Request counts by route and status, latencies, rate-limited and throttled requests,
/// and memo hits and misses, in Prometheus's text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", security(()),
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
pub async fn metrics() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::telemetry::render(),
    )
        .into_response()
}
