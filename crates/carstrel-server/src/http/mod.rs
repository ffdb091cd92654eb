//! HTTP plumbing shared by the routes: extractors, key auth and rate limits,
//! conditional requests and idempotent POSTs.

pub mod api_key;
pub mod client_addr;
pub mod conditional;
pub mod extract;
pub mod idempotency;
pub mod timeouts;
