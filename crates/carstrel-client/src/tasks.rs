//! Follow-up tasks: listed by when they fall due, added, changed, checked off and
//! deleted, with the changes feed. Reads need `leads:read`, writes `leads:write`.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let request = CreateTaskRequest {
//!     title: "Call Ann back".into(),
//!     due_at: "2026-12-01T09:00:00Z".into(),
//!     notes: None,
//!     customer_id: None,
//!     lead_id: None,
//!     assigned_to: None,
//! };
//! let task = client.tasks().create(&request).send().await?;
//! let done = TaskUpdate { done: Some(true), ..Default::default() };
//! client.tasks().update(&task.id, &done).if_version(task.version).send().await?;
//! let overdue = client.tasks().list(&TaskQuery::new().due(TaskDue::Overdue)).await?;
//! println!("{} overdue", overdue.total);
//! # Ok(()) }
//! ```

use crate::conditional::Tagged;
use crate::paginate::{self, ItemStream, Page};
use crate::transport::Call;
use crate::vehicles::changes_query;
use crate::{Client, Result};
use carstrel_model::{Change, ChangesPage, CreateTaskRequest, Task, TaskQuery, TaskUpdate};

/// Handler for `/external/tasks`; see [`Client::tasks`].
#[derive(Debug, Clone, Copy)]
pub struct Tasks<'c> {
    client: &'c Client,
}

impl Client {
    /// Follow-up tasks: list, add, change, check off, delete, changes.
    pub fn tasks(&self) -> Tasks<'_> {
        Tasks { client: self }
    }
}

impl<'c> Tasks<'c> {
    /// `GET /external/tasks`: one page of tasks matching `query`, soonest due first.
    pub async fn list(self, query: &TaskQuery) -> Result<Page<Task>> {
        self.client
            .page(Call::get(&["external", "tasks"]).query(query.to_pairs()))
            .await
    }

    /// Every task matching `query`, from `query.page` (default 1) on.
    pub fn stream(self, query: &TaskQuery) -> ItemStream<Task> {
        let client = self.client.clone();
        let query = query.clone();
        paginate::items(query.page.unwrap_or(1), move |page| {
            let client = client.clone();
            let query = query.clone().page(page);
            async move { client.tasks().list(&query).await }
        })
    }

    /// `GET /external/tasks/{id}`, with the `ETag` to send back on update.
    pub async fn get(self, id: &str) -> Result<Tagged<Task>> {
        self.client
            .tagged(Call::get(&["external", "tasks", id]))
            .await
    }

    /// `POST /external/tasks`; finish with [`send`](CreateTask::send).
    pub fn create(self, request: &'c CreateTaskRequest) -> CreateTask<'c> {
        CreateTask {
            client: self.client,
            request,
            idempotency_key: None,
        }
    }

    /// `PATCH /external/tasks/{id}`: title, notes, due date, done, assignment.
    pub fn update(self, id: &str, change: &'c TaskUpdate) -> UpdateTask<'c> {
        UpdateTask {
            client: self.client,
            id: id.to_owned(),
            change,
            if_match: None,
            idempotency_key: None,
        }
    }

    /// `DELETE /external/tasks/{id}`; the tasks feed carries a tombstone.
    pub async fn delete(self, id: &str) -> Result<()> {
        self.client
            .no_content(Call::delete(&["external", "tasks", id]))
            .await
    }

    /// `GET /external/tasks/changes`: tasks changed after `since`, deletions as tombstones.
    pub async fn changes(self, since: i64, limit: Option<u32>) -> Result<ChangesPage<Task>> {
        let call = Call::get(&["external", "tasks", "changes"]).query(changes_query(since, limit));
        self.client.data(call).await
    }

    /// Every task change after `since`, following `nextSince` while `hasMore`.
    pub fn changes_stream(self, since: i64, limit: Option<u32>) -> ItemStream<Change<Task>> {
        let client = self.client.clone();
        paginate::changes(since, move |since| {
            let client = client.clone();
            async move { client.tasks().changes(since, limit).await }
        })
    }
}

/// A pending `POST /external/tasks`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreateTask<'c> {
    client: &'c Client,
    request: &'c CreateTaskRequest,
    idempotency_key: Option<String>,
}

impl CreateTask<'_> {
    /// Uses your own `Idempotency-Key` (up to 255 characters), such as an outbox entry's
    /// id, so that a resend after a crash adds the task once.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sends the request; returns the task and its `ETag`.
    pub async fn send(self) -> Result<Tagged<Task>> {
        let call = Call::post(&["external", "tasks"])
            .idempotency_key(self.idempotency_key)
            .json(self.request)?;
        self.client.tagged(call).await
    }
}

/// A pending `PATCH /external/tasks/{id}`; finish with [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateTask<'c> {
    client: &'c Client,
    id: String,
    change: &'c TaskUpdate,
    if_match: Option<String>,
    idempotency_key: Option<String>,
}

impl UpdateTask<'_> {
    /// Sends an `Idempotency-Key`: a resend after a lost reply gets the first reply
    /// instead of applying twice.
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

    /// `If-Match` for the task's `version` (its `ETag` is `"v{version}"`).
    pub fn if_version(mut self, version: i64) -> Self {
        self.if_match = Some(format!("\"v{version}\""));
        self
    }

    /// Sends the update; returns the task and its new `ETag`.
    pub async fn send(self) -> Result<Tagged<Task>> {
        let call = Call::patch(&["external", "tasks", &self.id])
            .if_match(self.if_match)
            .idempotency_key(self.idempotency_key)
            .json(self.change)?;
        self.client.tagged(call).await
    }
}
