//! Vehicles: the dealer's listings (list with filters, detail, stats, the changes feed),
//! and staff edits (update, delete). Reads need `inventory:read`, edits
//! `inventory:write`.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let query = VehicleQuery::default()
//!     .listing_type(ListingType::Sale)
//!     .prices(5_000.0, 30_000.0)
//!     .sort(VehicleSort::Price)
//!     .order(SortOrder::Asc);
//! let page = client.vehicles().list(&query).await?;
//! println!("{} of {} cheap cars", page.items.len(), page.total);
//! if let Some(car) = page.items.first() {
//!     let car = client.vehicles().get(&car.id).await?; // counts an impression
//!     let change = VehicleUpdate { price: Some(9_999.0), ..Default::default() };
//!     client.vehicles().update(&car.id, &change).await?;
//! }
//! let stats = client.vehicles().stats().await?;
//! let aging = client.vehicles().aging().await?;
//! let old = VehicleQuery::default().min_days_on_lot(60).sort(VehicleSort::DaysOnLot);
//! if let Some(car) = client.vehicles().list(&old).await?.items.first() {
//!     let prices = client.vehicles().price_history(&car.id).await?;
//!     println!("{} days, {} prices; {} cars over 90 days", car.days_on_lot.unwrap_or(0),
//!         prices.len(), aging.buckets[3].count);
//! }
//! let feed = client.vehicles().changes(0, Some(100)).await?;
//! println!("{} available; sync from {}", stats.available_vehicles, feed.next_since);
//! # Ok(()) }
//! ```

use crate::paginate::{self, ItemStream, Page};
use crate::query::VehicleQueryExt;
use crate::transport::Call;
use crate::{Client, Result};
use carstrel_model::{
    AgingStats, Change, ChangesPage, PricePoint, Vehicle, VehicleQuery, VehicleStats, VehicleUpdate,
};

/// Handler for `/external/vehicles`; see [`Client::vehicles`].
#[derive(Debug, Clone, Copy)]
pub struct Vehicles<'c> {
    client: &'c Client,
}

impl<'c> Vehicles<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Vehicles { client }
    }

    /// `GET /external/vehicles`: one page of available vehicles matching `query`.
    pub async fn list(self, query: &VehicleQuery) -> Result<Page<Vehicle>> {
        self.client
            .page(Call::get(&["external", "vehicles"]).query(query.to_pairs()))
            .await
    }

    /// Every vehicle matching `query`, from `query.page` (default 1) on.
    pub fn stream(self, query: &VehicleQuery) -> ItemStream<Vehicle> {
        let client = self.client.clone();
        let query = query.clone();
        paginate::items(query.page.unwrap_or(1), move |page| {
            let client = client.clone();
            let query = query.clone().page(page);
            async move { client.vehicles().list(&query).await }
        })
    }

    /// `GET /external/vehicles/{id}`. Records one impression.
    pub async fn get(self, id: &str) -> Result<Vehicle> {
        self.client
            .data(Call::get(&["external", "vehicles", id]))
            .await
    }

    /// `GET /external/vehicles/stats/summary`.
    pub async fn stats(self) -> Result<VehicleStats> {
        self.client
            .data(Call::get(&["external", "vehicles", "stats", "summary"]))
            .await
    }

    /// `GET /external/vehicles/stats/aging` (an addition): the available stock by days on
    /// the lot (0-30, 31-60, 61-90, 91+) and its mean.
    pub async fn aging(self) -> Result<AgingStats> {
        self.client
            .data(Call::get(&["external", "vehicles", "stats", "aging"]))
            .await
    }

    /// `GET /external/vehicles/{id}/price-history` (an addition): every headline price,
    /// oldest first; the first is the listing price, each later one a price change.
    pub async fn price_history(self, id: &str) -> Result<Vec<PricePoint>> {
        self.client
            .data(Call::get(&["external", "vehicles", id, "price-history"]))
            .await
    }

    /// `GET /external/vehicles/changes`: vehicles changed after `since` (every status,
    /// deletions as tombstones). `limit` defaults to 500, at most 1000.
    pub async fn changes(self, since: i64, limit: Option<u32>) -> Result<ChangesPage<Vehicle>> {
        let call =
            Call::get(&["external", "vehicles", "changes"]).query(changes_query(since, limit));
        self.client.data(call).await
    }

    /// Every vehicle change after `since`, following `nextSince` while `hasMore`.
    pub fn changes_stream(self, since: i64, limit: Option<u32>) -> ItemStream<Change<Vehicle>> {
        let client = self.client.clone();
        paginate::changes(since, move |since| {
            let client = client.clone();
            async move { client.vehicles().changes(since, limit).await }
        })
    }

    /// `PATCH /external/vehicles/{id}` (`inventory:write`).
    pub async fn update(self, id: &str, change: &VehicleUpdate) -> Result<Vehicle> {
        self.client
            .data(Call::patch(&["external", "vehicles", id]).json(change)?)
            .await
    }

    /// `DELETE /external/vehicles/{id}` (`inventory:write`). A vehicle with test drives
    /// cannot be deleted ([`Error::Conflict`](crate::Error::Conflict)); mark it sold.
    pub async fn delete(self, id: &str) -> Result<()> {
        self.client
            .no_content(Call::delete(&["external", "vehicles", id]))
            .await
    }
}

/// `since` and `limit` of a changes feed.
pub(crate) fn changes_query(since: i64, limit: Option<u32>) -> Vec<(&'static str, String)> {
    let mut pairs = vec![("since", since.to_string())];
    if let Some(limit) = limit {
        pairs.push(("limit", limit.to_string()));
    }
    pairs
}
