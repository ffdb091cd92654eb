//! Test support: the test kit's server over a fresh database with a small demo, and a
//! client with the first dealer's live key. Proxies that misbehave on purpose come from
//! the kit too ([`carstrel_testkit::FaultProxy`]).

use carstrel_client::Client;
use carstrel_testkit::{ServerConfig, Setup, TestServer};

pub use carstrel_testkit::fixtures::random_id;
pub use carstrel_testkit::Fault;

pub struct TestApp {
    pub server: TestServer,
    /// A client with the first organization's live key (default scopes).
    pub client: Client,
}

/// Keys, clients and proxies, straight from the kit's server.
impl std::ops::Deref for TestApp {
    type Target = TestServer;
    fn deref(&self) -> &TestServer {
        &self.server
    }
}

/// A server with the default hourly window and a small demo.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(ServerConfig::default()).await
}

pub async fn spawn_app_with(config: ServerConfig) -> TestApp {
    let server = Setup::new().demo(60, 30).config(config).start().await;
    TestApp {
        client: server.client(),
        server,
    }
}
