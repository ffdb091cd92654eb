//! Customers: the dealer's CRM records (list with search, detail with its `ETag`, update
//! with `If-Match`, stats, the changes feed). Reads need `customers:read`, updates
//! `customers:write`.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let vips = client.customers().list(&CustomerQuery::default().segment(CustomerSegment::Vip)).await?;
//! let Some(first) = vips.items.first() else { return Ok(()) };
//! let customer = client.customers().get(&first.id).await?;
//! let change = CustomerUpdate { notes: Some("Prefers weekend calls".into()), ..Default::default() };
//! match client.customers().update(&customer.id, &change).if_match(customer.etag()).send().await {
//!     Ok(updated) => println!("now at {:?}", updated.etag()),
//!     Err(Error::PreconditionFailed { .. }) => println!("someone else changed it; re-read"),
//!     Err(other) => return Err(other),
//! }
//! # Ok(()) }
//! ```

use crate::conditional::Tagged;
use crate::paginate::{self, ItemStream, Page};
use crate::query::CustomerQueryExt;
use crate::transport::Call;
use crate::vehicles::changes_query;
use crate::{Client, Result};
use carstrel_model::{
    Change, ChangesPage, Customer, CustomerQuery, CustomerStats, CustomerUpdate, CustomerUpdated,
};

/// Handler for `/external/customers`; see [`Client::customers`].
#[derive(Debug, Clone, Copy)]
pub struct Customers<'c> {
    client: &'c Client,
}

impl<'c> Customers<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Customers { client }
    }

    /// `GET /external/customers`: one page of customers matching `query`.
    pub async fn list(self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.client
            .page(Call::get(&["external", "customers"]).query(query.to_pairs()))
            .await
    }

    /// Every customer matching `query`, from `query.page` (default 1) on.
    pub fn stream(self, query: &CustomerQuery) -> ItemStream<Customer> {
        let client = self.client.clone();
        let query = query.clone();
        paginate::items(query.page.unwrap_or(1), move |page| {
            let client = client.clone();
            let query = query.clone().page(page);
            async move { client.customers().list(&query).await }
        })
    }

    /// `GET /external/customers/{id}`, with the `ETag` to send back on update.
    pub async fn get(self, id: &str) -> Result<Tagged<Customer>> {
        self.client
            .tagged(Call::get(&["external", "customers", id]))
            .await
    }

    /// `PATCH /external/customers/{id}`: notes, tags, preferences, VIP flag. Add
    /// [`if_match`](UpdateCustomer::if_match) to refuse the write if the record changed
    /// since you read it.
    pub fn update(self, id: &str, change: &'c CustomerUpdate) -> UpdateCustomer<'c> {
        UpdateCustomer {
            client: self.client,
            id: id.to_owned(),
            change,
            if_match: None,
            idempotency_key: None,
        }
    }

    /// `GET /external/customers/stats/summary`.
    pub async fn stats(self) -> Result<CustomerStats> {
        self.client
            .data(Call::get(&["external", "customers", "stats", "summary"]))
            .await
    }

    /// `GET /external/customers/changes`: customers changed after `since`.
    pub async fn changes(self, since: i64, limit: Option<u32>) -> Result<ChangesPage<Customer>> {
        let call =
            Call::get(&["external", "customers", "changes"]).query(changes_query(since, limit));
        self.client.data(call).await
    }

    /// Every customer change after `since`, following `nextSince` while `hasMore`.
    pub fn changes_stream(self, since: i64, limit: Option<u32>) -> ItemStream<Change<Customer>> {
        let client = self.client.clone();
        paginate::changes(since, move |since| {
            let client = client.clone();
            async move { client.customers().changes(since, limit).await }
        })
    }
}

/// A pending `PATCH /external/customers/{id}`; finish with [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateCustomer<'c> {
    client: &'c Client,
    id: String,
    change: &'c CustomerUpdate,
    if_match: Option<String>,
    idempotency_key: Option<String>,
}

impl UpdateCustomer<'_> {
    /// Sends an `Idempotency-Key` (up to 255 characters), which also makes the update safe
    /// to retry: a resend after a lost reply is answered with the first reply, not applied
    /// twice. The console's outbox uses its entry id, so a resend after a crash is safe too.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sends `If-Match: etag`: a stale tag fails with
    /// [`Error::PreconditionFailed`](crate::Error::PreconditionFailed) instead of
    /// overwriting someone else's change. `None` sends no precondition.
    pub fn if_match<'e>(mut self, etag: impl Into<Option<&'e str>>) -> Self {
        self.if_match = etag.into().map(str::to_owned);
        self
    }

    /// `If-Match` for the record's `version` field (its `ETag` is `"v{version}"`), for a
    /// copy kept offline without its tag.
    pub fn if_version(mut self, version: i64) -> Self {
        self.if_match = Some(format!("\"v{version}\""));
        self
    }

    /// Sends the update; returns the updated record and its new `ETag`.
    pub async fn send(self) -> Result<Tagged<CustomerUpdated>> {
        let call = Call::patch(&["external", "customers", &self.id])
            .if_match(self.if_match)
            .idempotency_key(self.idempotency_key)
            .json(self.change)?;
        self.client.tagged(call).await
    }
}
