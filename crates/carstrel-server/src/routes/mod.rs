//! The router: every route, its middleware, and the OpenAPI document built from them.

pub mod aging;
pub mod calendar;
mod contract;
pub mod customers;
pub mod docs;
pub mod engagement;
pub mod leads;
pub mod media;
pub mod metadata;
pub mod ops;
pub mod staff;
pub mod tasks;
pub mod vehicles;

use crate::error::ApiError;
use crate::http::{answer, api_key, docs_only, limits};
use crate::state::SharedState;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CarStrel API",
        description = "Vehicle metadata, inventory, customers and engagement for dealer sites. \
            Every `/external` request needs `x-api-key`. Additions beyond the published docs: \
            test-drive list/get/PATCH, changes feeds (`/external/*/changes`), `ETag`/`If-None-Match`, \
            `If-Match` on PATCH (412 when stale), `Idempotency-Key` on POST and PATCH, customer token refresh, \
            demo photos under `/media` (no key), staff login and API-key management (`/api/v1`), `X-RateLimit-*` headers on every \
            key-authenticated response with `Retry-After` on 429, the test-drive calendar \
            (`from`/`to`, `durationMinutes`, no double bookings, automatic no-shows, \
            `/external/settings`), inventory aging (`listedDate`, `daysOnLot`, price history, \
            aging stats), and leads, follow-up tasks and the staff list (`/external/leads`, \
            `/external/tasks`, `/external/staff`). Operator endpoints (`/healthz`, `/readyz`, \
            `/metrics`) need no key."
    ),
    modifiers(&SecuritySchemes),
    security(("api_key" = []))
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-api-key"))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The `/external` routes the published docs (the seeds) describe, served in both modes.
fn documented() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(metadata::brands))
        .routes(routes!(metadata::brand))
        .routes(routes!(metadata::brand_models))
        .routes(routes!(metadata::models))
        .routes(routes!(metadata::model))
        .routes(routes!(metadata::body_types))
        .routes(routes!(metadata::body_type))
        .routes(routes!(metadata::engines))
        .routes(routes!(metadata::engine))
        .routes(routes!(metadata::engine_types))
        .routes(routes!(metadata::transmission_types))
        .routes(routes!(metadata::drivetrain_types))
        .routes(routes!(metadata::generations))
        .routes(routes!(metadata::generation))
        .routes(routes!(metadata::trims))
        .routes(routes!(metadata::trim))
        .routes(routes!(vehicles::list))
        .routes(routes!(vehicles::detail))
        .routes(routes!(vehicles::stats))
        .routes(routes!(customers::register))
        .routes(routes!(customers::login))
        .routes(routes!(customers::me))
        .routes(routes!(customers::list))
        .routes(routes!(customers::get, customers::update))
        .routes(routes!(customers::stats))
        .routes(routes!(engagement::subscribe))
        .routes(routes!(engagement::unsubscribe))
        .routes(routes!(engagement::blogs))
        .routes(routes!(engagement::contact))
        .routes(routes!(engagement::create_test_drive))
}

/// The `/external` routes we add (DESIGN.md's tables): docs-only mode answers 404 on each.
fn external_additions() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(vehicles::update, vehicles::delete))
        .routes(routes!(vehicles::changes))
        .routes(routes!(customers::refresh))
        .routes(routes!(customers::changes))
        .routes(routes!(engagement::list_test_drives))
        .routes(routes!(
            engagement::get_test_drive,
            engagement::update_test_drive
        ))
        .routes(routes!(engagement::test_drive_changes))
        .routes(routes!(calendar::get_settings, calendar::update_settings))
        .routes(routes!(aging::price_history))
        .routes(routes!(aging::aging_stats))
        .merge(work_additions())
}

/// The dealer's work (issue 16): leads, follow-up tasks and the staff to assign them to.
fn work_additions() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(leads::list, leads::create))
        .routes(routes!(leads::get, leads::update))
        .routes(routes!(leads::changes))
        .routes(routes!(leads::stats))
        .routes(routes!(leads::staff))
        .routes(routes!(tasks::list, tasks::create))
        .routes(routes!(tasks::get, tasks::update, tasks::delete))
        .routes(routes!(tasks::changes))
}

/// Operator endpoints (liveness, readiness, metrics): no key, no `/external` prefix.
fn operations() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
}

/// Key authentication around `/external` routes, and what their answers go through
/// ([`answer::keyed`]: idempotency and entity tags unless docs-only, the media origin).
///
/// The layers are composed into one before they wrap the routes: `Router::layer` boxes
/// each layer it is given around every route, and every `from_fn` layer clones the boxed
/// service inside it on each request, so separate layers cost each request dozens of
/// allocations more than one composed stack does.
fn keyed(routes: OpenApiRouter<SharedState>, state: &SharedState) -> OpenApiRouter<SharedState> {
    // Outermost first: the answer's layer sees an authenticated request.
    routes.layer(
        tower::ServiceBuilder::new()
            .layer(private_no_store())
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                api_key::authenticate,
            ))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                answer::keyed,
            )),
    )
}

/// Every route and its OpenAPI description, before state is attached. This is the one
/// place that decides what docs-only mode serves: the additions stay routed (so that
/// `/external/vehicles/changes` is not taken for a vehicle id) but answer 404 before any
/// key check, as an endpoint the published API lacks does.
fn api(state: &SharedState) -> OpenApiRouter<SharedState> {
    let staff = OpenApiRouter::new()
        .routes(routes!(staff::login))
        .routes(routes!(staff::refresh))
        .routes(routes!(staff::create_key, staff::list_keys))
        .routes(routes!(staff::revoke_key))
        .layer(private_no_store());
    let additions = keyed(external_additions(), state)
        .merge(staff)
        .merge(operations())
        .routes(routes!(media::photo))
        .route("/openapi.json", get(openapi_json))
        .route(
            "/health",
            get(|| async { Json(serde_json::json!({"status": "ok"})) }),
        );
    let additions = if state.config.docs_only {
        additions.route_layer(axum::middleware::from_fn(docs_only::not_in_published_api))
    } else {
        additions
    };
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(keyed(documented(), state))
        .merge(additions)
}

/// A dealer's data (and a key's refusal) is for that caller alone: no shared cache or
/// proxy may keep it.
fn private_no_store() -> SetResponseHeaderLayer<axum::http::HeaderValue> {
    SetResponseHeaderLayer::overriding(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    )
}

/// The OpenAPI document of every route, as served at `/openapi.json`.
pub fn openapi(state: &SharedState) -> serde_json::Value {
    document(api(state).split_for_parts().1)
}

fn document(generated: utoipa::openapi::OpenApi) -> serde_json::Value {
    contract::complete(serde_json::to_value(generated).expect("the document serializes"))
}

/// `/openapi.json`: the document is the same for every server, so it is built,
/// serialized and tagged once (every sync asks for its 230 KB, or whether it changed;
/// cloning, serializing and hashing it again cost the server milliseconds each time).
/// The route is outside the keyed routes' ETag layer, so it answers `If-None-Match`
/// itself.
async fn openapi_json(
    axum::extract::State(state): axum::extract::State<SharedState>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue, StatusCode};
    static DOCUMENT: std::sync::OnceLock<(axum::body::Bytes, HeaderValue)> =
        std::sync::OnceLock::new();
    let (body, etag) = DOCUMENT.get_or_init(|| {
        let body: axum::body::Bytes = serde_json::to_vec(&openapi(&state))
            .expect("the document serializes")
            .into();
        let etag = crate::memo::etag_of(&body);
        (body, etag)
    });
    if crate::http::conditional::matches_any(headers.get(header::IF_NONE_MATCH), etag) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag.clone())]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag.clone()),
        ],
        // The document names no stored media.
        axum::Extension(crate::http::media_origin::OriginApplied),
        body.clone(),
    )
        .into_response()
}

/// The whole application, ready to serve.
pub fn app(state: SharedState) -> Router {
    let router = api(&state)
        .split_for_parts()
        .0
        .fallback(|| async { ApiError::NotFound("No such endpoint".into()) })
        .method_not_allowed_fallback(|| async {
            ApiError::MethodNotAllowed("This endpoint does not accept that method".into())
        });
    with_outer_layers(router, state)
}

/// The layers around every route: in docs-only mode the additions' headers filtered out,
/// oversized bodies refused, time limits on the request and on its body, the body limit,
/// tracing, a panic turned into a 500 with the API's error body, and request metrics
/// (outermost, so they count every answer). Public so that the
/// benchmark's variant of a route is wrapped exactly as the API's is.
pub fn with_outer_layers(router: Router<SharedState>, state: SharedState) -> Router {
    let body_limit = state.config.body_limit_bytes;
    let body_timeout = state.config.body_timeout;
    let docs_only = state.config.docs_only;
    // One composed layer, outermost first (see `keyed` for why not one `layer` call each).
    let layers = tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(crate::telemetry::record_request))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                ApiError::Internal(anyhow::anyhow!("a handler panicked")).into_response()
            },
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            body_timeout,
        ))
        // The layers below take axum's body, which a `Route` made of any body before.
        .map_request(|req: axum::http::Request<_>| req.map(axum::body::Body::new))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::limits,
        ))
        .option_layer(
            docs_only.then(|| axum::middleware::from_fn(docs_only::only_documented_headers)),
        );
    router.layer(layers).with_state(state)
}
