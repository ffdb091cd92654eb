//! `Idempotency-Key` on POST and PATCH: a retried request gets the first response again
//! instead of creating a second record or applying an edit twice (a PATCH resent after a
//! client crash would otherwise meet its own new version and fail `If-Match`).

use crate::error::ApiError;
use crate::state::SharedState;
use crate::store::idempotency::{self, Claim};
use crate::tenant::Caller;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
const MAX_KEY_CHARS: usize = 255;

pub async fn replay_or_record(
    State(state): State<SharedState>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() != Method::POST && req.method() != Method::PATCH {
        return next.run(req).await;
    }
    let Some(raw_key) = req.headers().get(IDEMPOTENCY_KEY_HEADER) else {
        return next.run(req).await;
    };
    let key = match raw_key.to_str() {
        Ok(k) if !k.trim().is_empty() && k.len() <= MAX_KEY_CHARS => k.trim().to_owned(),
        _ => {
            return ApiError::BadRequest(format!(
                "Idempotency-Key must be 1 to {MAX_KEY_CHARS} visible ASCII characters"
            ))
            .into_response()
        }
    };
    let Some(caller) = req.extensions().get::<Caller>().cloned() else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, state.config.body_limit_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return ApiError::PayloadTooLarge("The request body is too large".into())
                .into_response()
        }
    };
    let mut hasher = Sha256::new();
    hasher.update(parts.method.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(parts.uri.path().as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let request_hash = hex::encode(hasher.finalize());

    // Claiming the key, running the request and recording its response happen on a task
    // of their own: a client that goes away mid-request (a console killed during a sync)
    // drops this future, and must not leave the key claimed with nobody to complete or
    // release it, or its resend would meet "still being processed" for a day.
    let request = Request::from_parts(parts, Body::from(bytes));
    let finishing = tokio::spawn(claim_run_and_record(
        state.clone(),
        caller.key_id.clone(),
        key.clone(),
        request_hash,
        request,
        next,
    ));
    match finishing.await {
        Ok(response) => response,
        Err(err) => {
            if let Err(err) = idempotency::release(&state.db, &caller.key_id, &key).await {
                tracing::warn!(error = ?err, "cannot release an idempotency key");
            }
            ApiError::Internal(anyhow::anyhow!("a handler failed: {err}")).into_response()
        }
    }
}

/// Answers a request seen before from its record; runs a new one and records it.
async fn claim_run_and_record(
    state: SharedState,
    key_id: String,
    key: String,
    request_hash: String,
    request: Request,
    next: Next,
) -> Response {
    match idempotency::claim(&state.db, &key_id, &key, &request_hash).await {
        Err(err) => ApiError::from(err).into_response(),
        Ok(Claim::Replay { status, body }) => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let headers = response.headers_mut();
            headers.insert("content-type", HeaderValue::from_static("application/json"));
            headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
            response
        }
        Ok(Claim::InProgress) => ApiError::Conflict(
            "A request with this Idempotency-Key is still being processed; retry shortly".into(),
        )
        .into_response(),
        Ok(Claim::Mismatch) => ApiError::Unprocessable(
            "This Idempotency-Key was already used with a different request".into(),
        )
        .into_response(),
        Ok(Claim::Fresh) => run_and_record(&state, &key_id, &key, request, next).await,
    }
}

/// Runs a claimed request and stores its response under the key, or releases the key
/// when the server failed (nothing was done; a retry runs it again).
async fn run_and_record(
    state: &SharedState,
    key_id: &str,
    key: &str,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if status.is_server_error() {
        // Nothing was created; let a retry run the request again.
        if let Err(err) = idempotency::release(&state.db, key_id, key).await {
            tracing::warn!(error = ?err, "cannot release an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) => return ApiError::Internal(anyhow::anyhow!(err)).into_response(),
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if let Err(err) = idempotency::complete(&state.db, key_id, key, status.as_u16(), &text).await {
        tracing::warn!(error = ?err, "cannot record an idempotent response");
    }
    Response::from_parts(parts, Body::from(bytes))
}
