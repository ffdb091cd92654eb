//! The address a request came from: the TCP peer the server accepted, or, when that
//! peer is a reverse proxy the operator trusts (`ServerConfig::trusted_proxies`), the
//! address the proxy names in `X-Forwarded-For`. The connection loop (`crate::serve`)
//! works it out once and records it on every request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr};

/// The client's IP address; unspecified (`0.0.0.0`) where no socket carried the request
/// (handler tests through `oneshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    pub fn of(extensions: &axum::http::Extensions) -> ClientAddr {
        extensions
            .get::<ClientAddr>()
            .copied()
            .unwrap_or(ClientAddr(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
    }

    /// The client behind `peer`: `peer` itself, unless it is a trusted proxy; then the
    /// right-most address of `X-Forwarded-For` that is not a trusted proxy (the ones to
    /// its left were written by the client and prove nothing).
    pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> ClientAddr {
        let trusted = |ip: &IpAddr| trusted_proxies.contains(&canonical(*ip));
        if !trusted(&peer) {
            return ClientAddr(peer);
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|entry| entry.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        for entry in forwarded.into_iter().rev() {
            match entry {
                Some(ip) if trusted(&ip) => continue,
                Some(ip) => return ClientAddr(ip),
                // Garbage where an address should be: trust nothing further left.
                None => break,
            }
        }
        ClientAddr(peer)
    }

    /// The key its budgets are kept under ([`crate::throttle::address_key`]).
    pub fn key(&self) -> String {
        crate::throttle::address_key(self.0)
    }
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(&parts.extensions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "1.2.3.4, 203.0.113.7, 10.0.0.2".parse().unwrap(),
        );
        let client = |peer: IpAddr, trusted: &[IpAddr]| {
            ClientAddr::resolve(peer, &headers, trusted).0.to_string()
        };
        assert_eq!(
            client(proxy, &[]),
            "10.0.0.2",
            "an untrusted peer is the client"
        );
        assert_eq!(
            client(proxy, &[proxy]),
            "203.0.113.7",
            "the right-most untrusted entry"
        );
        let mapped: IpAddr = "::ffff:10.0.0.2".parse().unwrap();
        assert_eq!(client(mapped, &[proxy]), "203.0.113.7");
        assert_eq!(
            ClientAddr::resolve(proxy, &HeaderMap::new(), &[proxy]).0,
            proxy
        );
    }
}
