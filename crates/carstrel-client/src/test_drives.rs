//! Test drives: requests created by a dealer's site (`test_drives:write`), listed and
//! worked by its staff (`test_drives:read`/`write`), with the changes feed.
//!
//! Creation carries an `Idempotency-Key`, generated per call (or given with
//! [`idempotency_key`](CreateTestDrive::idempotency_key)) and reused by every retry, so a
//! retried request never books twice.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client, vehicle_id: String) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let request = CreateTestDriveRequest {
//!     vehicle_id,
//!     name: "Ada Lovelace".into(),
//!     email: "ada@example.com".into(),
//!     phone: None,
//!     preferred_date: Some("2026-06-01".into()),
//! };
//! let drive = client.test_drives().create(&request).send().await?;
//! let drive = client.test_drives().get(&drive.id).await?;
//! let confirm = TestDriveUpdate { status: Some(TestDriveStatus::Confirmed), ..Default::default() };
//! client.test_drives().update(&drive.id, &confirm).if_match(drive.etag()).send().await?;
//! let pending = client.test_drives().list(&TestDriveQuery::new().status(TestDriveStatus::Pending)).await?;
//! println!("{} pending", pending.total);
//! # Ok(()) }
//! ```

use crate::conditional::Tagged;
use crate::paginate::{self, ItemStream, Page};
use crate::query::TestDriveQuery;
use crate::transport::Call;
use crate::vehicles::changes_query;
use crate::{Client, Result};
use carstrel_model::{Change, ChangesPage, CreateTestDriveRequest, TestDrive, TestDriveUpdate};

/// Handler for `/external/test-drives`; see [`Client::test_drives`].
#[derive(Debug, Clone, Copy)]
pub struct TestDrives<'c> {
    client: &'c Client,
}

impl<'c> TestDrives<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        TestDrives { client }
    }

    /// `POST /external/test-drives`; finish with [`send`](CreateTestDrive::send).
    pub fn create(self, request: &'c CreateTestDriveRequest) -> CreateTestDrive<'c> {
        CreateTestDrive {
            client: self.client,
            request,
            idempotency_key: None,
        }
    }

    /// `GET /external/test-drives`: one page of requests matching `query`.
    pub async fn list(self, query: &TestDriveQuery) -> Result<Page<TestDrive>> {
        self.client
            .page(Call::get(&["external", "test-drives"]).query(query.to_pairs()))
            .await
    }

    /// Every request matching `query`, from `query.page` (default 1) on.
    pub fn stream(self, query: &TestDriveQuery) -> ItemStream<TestDrive> {
        let client = self.client.clone();
        let query = query.clone();
        paginate::items(query.page.unwrap_or(1), move |page| {
            let client = client.clone();
            let query = query.clone().page(page);
            async move { client.test_drives().list(&query).await }
        })
    }

    /// `GET /external/test-drives/{id}`, with the `ETag` to send back on update.
    pub async fn get(self, id: &str) -> Result<Tagged<TestDrive>> {
        self.client
            .tagged(Call::get(&["external", "test-drives", id]))
            .await
    }

    /// `PATCH /external/test-drives/{id}`: status, schedule, notes.
    pub fn update(self, id: &str, change: &'c TestDriveUpdate) -> UpdateTestDrive<'c> {
        UpdateTestDrive {
            client: self.client,
            id: id.to_owned(),
            change,
            if_match: None,
            idempotency_key: None,
        }
    }

    /// `GET /external/test-drives/changes`: requests changed after `since`.
    pub async fn changes(self, since: i64, limit: Option<u32>) -> Result<ChangesPage<TestDrive>> {
        let call =
            Call::get(&["external", "test-drives", "changes"]).query(changes_query(since, limit));
        self.client.data(call).await
    }

    /// Every test-drive change after `since`, following `nextSince` while `hasMore`.
    pub fn changes_stream(self, since: i64, limit: Option<u32>) -> ItemStream<Change<TestDrive>> {
        let client = self.client.clone();
        paginate::changes(since, move |since| {
            let client = client.clone();
            async move { client.test_drives().changes(since, limit).await }
        })
    }
}

/// A pending `POST /external/test-drives`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreateTestDrive<'c> {
    client: &'c Client,
    request: &'c CreateTestDriveRequest,
    idempotency_key: Option<String>,
}

impl CreateTestDrive<'_> {
    /// Uses your own `Idempotency-Key` (up to 255 characters), for example one stored
    /// with the form submission, so that even a retry from another process books once.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sends the request; a replayed request returns the first response's test drive.
    pub async fn send(self) -> Result<TestDrive> {
        let call = Call::post(&["external", "test-drives"])
            .idempotency_key(self.idempotency_key)
            .json(self.request)?;
        self.client.data(call).await
    }
}

/// A pending `PATCH /external/test-drives/{id}`; finish with [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateTestDrive<'c> {
    client: &'c Client,
    id: String,
    change: &'c TestDriveUpdate,
    if_match: Option<String>,
    idempotency_key: Option<String>,
}

impl UpdateTestDrive<'_> {
    /// Sends an `Idempotency-Key` (up to 255 characters), which also makes the update safe
    /// to retry: a resend after a lost reply is answered with the first reply, not applied
    /// twice. The console's outbox uses its entry id, so a resend after a crash is safe too.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sends `If-Match: etag`; a stale tag fails with
    /// [`Error::PreconditionFailed`](crate::Error::PreconditionFailed).
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

    /// Sends the update; returns the updated request and its new `ETag`.
    pub async fn send(self) -> Result<Tagged<TestDrive>> {
        let call = Call::patch(&["external", "test-drives", &self.id])
            .if_match(self.if_match)
            .idempotency_key(self.idempotency_key)
            .json(self.change)?;
        self.client.tagged(call).await
    }
}
