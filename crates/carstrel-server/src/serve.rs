//! The connection loop: hyper's HTTP/1 server with the limits `axum::serve` does not
//! expose. A client gets [`ServerConfig::header_read_timeout`] to send each request's
//! headers (a slowloris connection, or an idle keep-alive one, is then closed), and at
//! most [`ServerConfig::max_connections`] connections are served at once (the next
//! waits in the listen backlog until one closes). Every request carries the peer's
//! address as [`ConnectInfo`] and the client's as [`ClientAddr`] (the two differ behind
//! a trusted reverse proxy), for the per-address budgets.

use crate::http::client_addr::ClientAddr;
use crate::state::ServerConfig;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Serves `app` on `listener` until `shutdown` completes; then the listener is closed at
/// once (its address is free to bind again) and the requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    config: &ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let trusted_proxies: Arc<[IpAddr]> = config.trusted_proxies.clone().into();
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let trusted = trusted_proxies.clone();
        let service = app
            .clone()
            .map_request(move |mut request: axum::http::Request<Incoming>| {
                let client = ClientAddr::resolve(peer.ip(), request.headers(), &trusted);
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(client);
                request
            });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that hangs up or times out is its own business.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
