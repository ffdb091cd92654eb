//! Leads: the inbox the server fills from contact forms, test-drive requests,
//! registrations and newsletter sign-ups (and staff fill by hand), worked by staff, with
//! the changes feed and stats; and the staff list to assign them to. Reads need
//! `leads:read`, writes `leads:write`.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let inbox = client.leads().list(&LeadQuery::new().status(LeadStatus::New)).await?;
//! let Some(first) = inbox.items.first() else { return Ok(()) };
//! let lead = client.leads().get(&first.id).await?;
//! let staff = client.staff_members().await?;
//! let change = LeadUpdate {
//!     status: Some(LeadStatus::Contacted),
//!     assigned_to: staff.first().map(|s| s.id.clone()),
//!     ..Default::default()
//! };
//! let worked = client.leads().update(&lead.lead.id, &change).if_match(lead.etag()).send().await?;
//! println!("answered at {:?}", worked.lead.first_response_date);
//! # Ok(()) }
//! ```

use crate::conditional::Tagged;
use crate::paginate::{self, ItemStream, Page};
use crate::transport::Call;
use crate::vehicles::changes_query;
use crate::{Client, Result};
use carstrel_model::{
    Change, ChangesPage, CreateLeadRequest, Lead, LeadDetail, LeadQuery, LeadStats, LeadUpdate,
    StaffMember,
};

/// Handler for `/external/leads`; see [`Client::leads`].
#[derive(Debug, Clone, Copy)]
pub struct Leads<'c> {
    client: &'c Client,
}

impl Client {
    /// Leads: list, open by hand, detail with history, work, changes, stats.
    pub fn leads(&self) -> Leads<'_> {
        Leads { client: self }
    }

    /// `GET /external/staff`: the dealer's staff users, to assign leads and tasks to.
    pub async fn staff_members(&self) -> Result<Vec<StaffMember>> {
        self.data(Call::get(&["external", "staff"])).await
    }
}

impl<'c> Leads<'c> {
    /// `GET /external/leads`: one page of leads matching `query`.
    pub async fn list(self, query: &LeadQuery) -> Result<Page<Lead>> {
        self.client
            .page(Call::get(&["external", "leads"]).query(query.to_pairs()))
            .await
    }

    /// Every lead matching `query`, from `query.page` (default 1) on.
    pub fn stream(self, query: &LeadQuery) -> ItemStream<Lead> {
        let client = self.client.clone();
        let query = query.clone();
        paginate::items(query.page.unwrap_or(1), move |page| {
            let client = client.clone();
            let query = query.clone().page(page);
            async move { client.leads().list(&query).await }
        })
    }

    /// `GET /external/leads/{id}`: the lead and its history (oldest first), with the
    /// `ETag` to send back on update.
    pub async fn get(self, id: &str) -> Result<Tagged<LeadDetail>> {
        self.client
            .tagged(Call::get(&["external", "leads", id]))
            .await
    }

    /// `POST /external/leads`: staff open a lead (`walk_in`, `phone`, `other`). A person
    /// (by email) with an open lead keeps it, and the contact joins its history; either
    /// way the lead comes back. Finish with [`send`](CreateLead::send).
    pub fn create(self, request: &'c CreateLeadRequest) -> CreateLead<'c> {
        CreateLead {
            client: self.client,
            request,
            idempotency_key: None,
        }
    }

    /// `PATCH /external/leads/{id}`: status, assignment, the reason a lead was lost.
    pub fn update(self, id: &str, change: &'c LeadUpdate) -> UpdateLead<'c> {
        UpdateLead {
            client: self.client,
            id: id.to_owned(),
            change,
            if_match: None,
            idempotency_key: None,
        }
    }

    /// `GET /external/leads/stats/summary`.
    pub async fn stats(self) -> Result<LeadStats> {
        self.client
            .data(Call::get(&["external", "leads", "stats", "summary"]))
            .await
    }

    /// `GET /external/leads/changes`: leads changed after `since`.
    pub async fn changes(self, since: i64, limit: Option<u32>) -> Result<ChangesPage<Lead>> {
        let call = Call::get(&["external", "leads", "changes"]).query(changes_query(since, limit));
        self.client.data(call).await
    }

    /// Every lead change after `since`, following `nextSince` while `hasMore`.
    pub fn changes_stream(self, since: i64, limit: Option<u32>) -> ItemStream<Change<Lead>> {
        let client = self.client.clone();
        paginate::changes(since, move |since| {
            let client = client.clone();
            async move { client.leads().changes(since, limit).await }
        })
    }
}

/// A pending `POST /external/leads`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct CreateLead<'c> {
    client: &'c Client,
    request: &'c CreateLeadRequest,
    idempotency_key: Option<String>,
}

impl CreateLead<'_> {
    /// Uses your own `Idempotency-Key` (up to 255 characters), such as an outbox entry's
    /// id, so that a resend after a crash opens the lead once.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sends the request; returns the lead (opened, or the person's open one) and its
    /// `ETag`.
    pub async fn send(self) -> Result<Tagged<LeadDetail>> {
        let call = Call::post(&["external", "leads"])
            .idempotency_key(self.idempotency_key)
            .json(self.request)?;
        self.client.tagged(call).await
    }
}

/// A pending `PATCH /external/leads/{id}`; finish with [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until `send` is awaited"]
pub struct UpdateLead<'c> {
    client: &'c Client,
    id: String,
    change: &'c LeadUpdate,
    if_match: Option<String>,
    idempotency_key: Option<String>,
}

impl UpdateLead<'_> {
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

    /// `If-Match` for the lead's `version` (its `ETag` is `"v{version}"`), for a copy kept
    /// offline without its tag.
    pub fn if_version(mut self, version: i64) -> Self {
        self.if_match = Some(format!("\"v{version}\""));
        self
    }

    /// Sends the update; returns the lead with its history and its new `ETag`.
    pub async fn send(self) -> Result<Tagged<LeadDetail>> {
        let call = Call::patch(&["external", "leads", &self.id])
            .if_match(self.if_match)
            .idempotency_key(self.idempotency_key)
            .json(self.change)?;
        self.client.tagged(call).await
    }
}
