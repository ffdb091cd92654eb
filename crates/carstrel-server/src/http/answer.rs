//! What a keyed route's answer goes through on its way out, in one layer (each `from_fn`
//! layer costs every request a few allocations): an `Idempotency-Key` replay or record,
//! this server's media origin in its URLs, and its entity tag. In docs-only mode, only the
//! media origin: the published API has neither idempotency nor entity tags.

use crate::http::{conditional, idempotency, media_origin};
use crate::state::SharedState;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;

/// Innermost first, as three layers would: the idempotency record holds the route's own
/// answer, which is then localized, then tagged (so the tag is of the final bytes).
pub async fn keyed(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    if state.config.docs_only {
        let response = next.run(req).await;
        return media_origin::localize(&state, response).await;
    }
    let conditional_get =
        (req.method() == Method::GET).then(|| req.headers().get(header::IF_NONE_MATCH).cloned());
    let response = idempotency::replay_or_record(State(state.clone()), req, next).await;
    let response = media_origin::localize(&state, response).await;
    match conditional_get {
        Some(if_none_match) => conditional::tag(response, if_none_match.as_ref()).await,
        None => response,
    }
}
