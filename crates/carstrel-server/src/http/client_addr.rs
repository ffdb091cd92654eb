//! The address a request came from: the TCP peer the server accepted (see
//! [`crate::Server`], which records it on every request). Behind a reverse proxy that is
//! the proxy's address, which then shares one budget per address among its clients.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's IP address; unspecified (`0.0.0.0`) where no socket carried the request
/// (handler tests through `oneshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    pub fn of(extensions: &axum::http::Extensions) -> ClientAddr {
        ClientAddr(
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()),
        )
    }

    /// The key its budgets are kept under ([`crate::throttle::address_key`]).
    pub fn key(&self) -> String {
        crate::throttle::address_key(self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(&parts.extensions))
    }
}
