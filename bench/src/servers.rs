//! The servers under load, all in this process on its one tokio runtime (same worker
//! count, same settings): the real API, the same route without the auth and rate-limit
//! layer, and a bare axum route serving static JSON.

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::routing::get;
use axum::Router;
use carstrel_server::http::answer;
use carstrel_server::tenant::Caller;
use carstrel_server::{Db, RunningServer, Server, ServerConfig, SharedState};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::set_header::SetResponseHeaderLayer;

/// Running servers; dropping it (or [`Servers::stop`]) shuts them down.
pub struct Servers {
    pub api: SocketAddr,
    pub state: SharedState,
    /// The API, started and stopped as the sandbox and the tests do.
    running: Option<RunningServer>,
    /// The comparison routes.
    stop: CancellationToken,
}

impl Servers {
    /// Starts the real API on a free loopback port.
    pub async fn start(db: Db) -> anyhow::Result<Servers> {
        let server = Server::bind("127.0.0.1:0".parse()?, db, ServerConfig::default()).await?;
        let running = server.spawn();
        Ok(Servers {
            api: running.local_addr(),
            state: running.state().clone(),
            running: Some(running),
            stop: CancellationToken::new(),
        })
    }

    /// Serves `router` on a free loopback port until the servers stop, through the API's
    /// own connection loop, so the comparison differs only in the routes.
    pub async fn serve(&self, router: Router) -> anyhow::Result<SocketAddr> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let stop = self.stop.clone();
        tokio::spawn(async move {
            let config = ServerConfig::default();
            carstrel_server::serve::serve(listener, router, &config, stop.cancelled_owned()).await
        });
        Ok(addr)
    }

    /// Stops every server and waits for the API's requests in flight.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.stop.cancel();
        if let Some(running) = self.running.take() {
            running.stop().await?;
        }
        Ok(())
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// `GET /external/vehicles` exactly as the API serves it (the same handler, the same
/// answer (idempotency, media origin, ETag), cache-control and outer layers, in
/// the same order) but with the auth and rate-limit middleware replaced by a fixed
/// `caller`. (Without the media-origin layer, which the API gained after this route was
/// written, the "auth" figure also counted the origin rewrite of every page.)
pub fn vehicles_without_auth(state: SharedState, caller: Caller) -> Router {
    // Composed into one layer as the API's are (`routes::keyed`), outermost first.
    let layers = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        ))
        .layer(middleware::from_fn(move |mut req: Request, next: Next| {
            req.extensions_mut().insert(caller.clone());
            next.run(req)
        }))
        .layer(middleware::from_fn_with_state(state.clone(), answer::keyed));
    let route = Router::new()
        .route(
            "/external/vehicles",
            get(carstrel_server::routes::vehicles::list),
        )
        .layer(layers);
    carstrel_server::routes::with_outer_layers(route, state)
}

/// A bare axum route answering every request with the same JSON bytes.
pub fn static_json(body: Bytes) -> Router {
    Router::new().route(
        "/external/vehicles",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    )
}
