//! HTTP plumbing shared by the routes: extractors, key auth and rate limits,
//! conditional requests and idempotent POSTs, and the docs-only mode's header filter.

pub mod answer;
pub mod api_key;
pub mod client_addr;
pub mod conditional;
pub mod docs_only;
pub mod extract;
pub mod idempotency;
pub mod limits;
pub mod media_origin;
pub mod timeouts;
