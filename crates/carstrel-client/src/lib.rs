//! A typed async SDK for the CarStrel API, on reqwest and tokio, speaking the wire types of
//! [`carstrel_model`].
//!
//! - **Every endpoint**, grouped as the docs group them: [`Client::metadata`],
//!   [`Client::vehicles`], [`Client::auth`] (customer auth), [`Client::customers`],
//!   [`Client::engagement`], [`Client::test_drives`], [`Client::settings`],
//!   [`Client::leads`] with [`Client::staff_members`], [`Client::tasks`], and
//!   [`Client::staff`] with
//!   [`Client::api_keys`]; plus [`Client::health`] and [`Client::openapi`].
//! - **Auth**: the API key goes out as `x-api-key` on every request and is never printed
//!   (`Debug` shows `sk_live_…`). A customer session sends its access token as Bearer and
//!   is refreshed once, transparently, when the server says it expired.
//! - **Resilience**: 429, 502, 503, 504 and network failures are retried with exponential
//!   backoff and jitter, honouring `Retry-After` and `X-RateLimit-Reset`, within a total
//!   time budget. Only requests that are safe to repeat are retried: GET, DELETE, and POSTs
//!   carrying an `Idempotency-Key` (every `/external` POST gets one, reused by its
//!   retries). A 429 is retried for any method, since the server refuses it before doing
//!   anything. [`Client::rate_limit`] shows the key's budget.
//! - **Pagination**: each paged list has a `*stream` method yielding every item.
//! - **Conditional requests**: metadata revalidates with `If-None-Match`; customers and
//!   test drives come [`Tagged`] with their `ETag` for `if_match` on update.
//! - **Errors**: one [`Error`] enum, a variant per thing a caller can act on.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! use carstrel_client::prelude::*;
//! use futures_util::TryStreamExt;
//!
//! # async fn run() -> carstrel_client::Result<()> {
//! let client = Client::builder("https://api.carstrel.example").api_key("sk_live_...").build()?;
//! let query = VehicleQuery::default().listing_type(ListingType::Sale).years(2018, 2024);
//! let mut vehicles = client.vehicles().stream(&query);
//! while let Some(vehicle) = vehicles.try_next().await? {
//!     println!("{} {}", vehicle.year, vehicle.name);
//! }
//! # Ok(()) }
//! ```
//!
//! Run the tests (they start the real server on `127.0.0.1:0`) with
//! `cargo test -p carstrel-client`.

mod api_keys;
mod auth;
mod capabilities;
mod client;
mod conditional;
mod customers;
mod engagement;
mod error;
mod leads;
mod metadata;
mod paginate;
mod query;
mod rate_limit;
mod retry;
mod settings;
mod tasks;
mod test_drives;
mod transport;
mod vehicles;

pub use api_keys::{ApiKeys, Staff};
pub use auth::CustomerAuth;
pub use client::{Client, ClientBuilder};
pub use conditional::{CacheStats, Tagged};
pub use customers::{Customers, UpdateCustomer};
pub use engagement::Engagement;
pub use error::{Error, Result};
pub use leads::{CreateLead, Leads, UpdateLead};
pub use metadata::Metadata;
pub use paginate::{ItemStream, Page};
pub use query::{CustomerQueryExt, PageRequest, TestDriveQuery, VehicleQueryExt};
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use settings::Settings;
pub use tasks::{CreateTask, Tasks, UpdateTask};
pub use test_drives::{CreateTestDrive, TestDrives, UpdateTestDrive};
pub use vehicles::Vehicles;

/// The wire types, re-exported.
pub use carstrel_model as model;

/// The client, its query builders and the wire types, for a glob import.
pub mod prelude {
    pub use crate::{Client, Result};
    pub use crate::{
        CustomerQueryExt, Error, Page, PageRequest, Tagged, TestDriveQuery, VehicleQueryExt,
    };
    pub use carstrel_model::*;
}

use transport::Call;

impl Client {
    /// `GET /health`: `Ok` when the server answers (`{"status": "ok"}`).
    pub async fn health(&self) -> Result<()> {
        self.json_value(Call::get(&["health"])).await.map(drop)
    }

    /// `GET /openapi.json`: the server's OpenAPI document.
    pub async fn openapi(&self) -> Result<serde_json::Value> {
        self.json_value(Call::get(&["openapi.json"])).await
    }
}
