//! Ports for tests that need an address nothing answers on.

/// A loopback port that was free a moment ago: nothing listens on it, so a connection
/// is refused (unless another process takes it in between, which tests accept).
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}
