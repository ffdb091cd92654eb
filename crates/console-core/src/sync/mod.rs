//! Sync: sends the outbox, then pulls the server's changes into the cache.
//!
//! Each changes feed is walked from the cache's checkpoint, one page per transaction with
//! the checkpoint saved inside it, so a sync that is cancelled, killed or cut off resumes
//! from the last page that committed. The first pull of a feed starts at 0 and is the
//! full download; every pull after it is a delta that also carries tombstones. Against a
//! server without changes feeds (a 404 on the first page) the sync falls back to paging
//! through the plain lists and replacing the cached set.
//!
//! The outbox half, what to do with each entry and the server's answer to it, is in
//! [`drain`].
//!
//! Run the tests with `cargo test -p console-core --test sync`.

mod ahead;
pub mod calendar;
pub mod drain;
mod stand_ins;
mod work;

pub use stand_ins::{NO_TEST_DRIVE_UPDATE, NO_VEHICLE_UPDATE, UNCONFIRMED};
pub use work::{NO_LEADS, NO_TASKS};

use crate::cache::{Cache, Feed, Metadata};
use crate::error::{Error, Result};
use ahead::{ask_ahead, fetch_beside, Ahead};
use carstrel_client::model::{
    Capabilities, ChangeOp, ChangesPage, Customer, CustomerQuery, Feature, Lead, Task, TestDrive,
    Vehicle, VehicleQuery,
};
use carstrel_client::{Client, TestDriveQuery as ApiTestDriveQuery};
use futures_util::TryStreamExt;
use serde::Serialize;
use std::future::Future;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Changes per page of a feed pull: one request and one transaction each.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;

/// Reference data changes rarely; a delta sync refreshes it when it is older than this.
pub const METADATA_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// What a sync is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum SyncPhase {
    Outbox,
    Metadata,
    Vehicles,
    Customers,
    TestDrives,
    Leads,
    Tasks,
    Done,
}

/// One progress report: `done` of `total` records in `phase` (`total` is unknown for a
/// delta, whose size only the end of the feed tells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u32,
    pub total: Option<u32>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Records received per feed (upserts and tombstones).
    pub vehicles: u32,
    pub customers: u32,
    pub test_drives: u32,
    pub leads: u32,
    pub tasks: u32,
    /// Tombstones applied.
    pub deleted: u32,
    /// Outbox entries the server accepted.
    pub sent: u32,
    /// Outbox entries that met a newer server version and wait for the user.
    pub conflicts: u32,
    /// Whether the pull started from nothing (first sync, or `full` asked for).
    pub full: bool,
    /// Whether a feed continued from a checkpoint of an unfinished pull.
    pub resumed: bool,
    /// Whether the server lacked changes feeds and whole lists were paged instead.
    pub fell_back_to_lists: bool,
    /// Bookings whose reply was lost on a server that cannot say whether they arrived.
    pub unconfirmed: u32,
    /// The additions this server lacks; the sync did without them.
    pub missing: Vec<Feature>,
}

/// How to sync.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// Start every feed from the beginning and refresh the reference data.
    pub full: bool,
    pub page_size: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            full: false,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// Sends the outbox, then pulls metadata (when due), the three feeds, and the leads,
/// tasks and staff where the server offers them, into `cache`.
/// `progress` hears every page; `cancel` stops the sync between pages, leaving every
/// committed page in place for the next sync to continue from.
pub async fn sync(
    client: &Client,
    cache: &Cache,
    options: SyncOptions,
    progress: &mut (dyn FnMut(SyncProgress) + Send),
    cancel: &CancellationToken,
) -> Result<SyncReport> {
    let caps = learn_capabilities(client, cache).await?;
    let mut report = SyncReport {
        full: options.full,
        missing: caps.missing(),
        ..SyncReport::default()
    };
    progress(SyncProgress {
        phase: SyncPhase::Outbox,
        done: 0,
        total: None,
    });
    let drained = drain::drain(client, cache).await?;
    report.sent = drained.sent;
    report.conflicts = drained.conflicts;
    report.unconfirmed = drained.unconfirmed;
    check(cancel)?;

    if options.full {
        for feed in [
            Feed::Vehicles,
            Feed::Customers,
            Feed::TestDrives,
            Feed::Leads,
            Feed::Tasks,
        ] {
            cache.reset_checkpoint(feed).await?;
        }
    }
    if options.full || metadata_is_due(cache).await? {
        progress(SyncProgress {
            phase: SyncPhase::Metadata,
            done: 0,
            total: None,
        });
        let metadata = pull_metadata(client).await?;
        cache.replace_metadata(&metadata).await?;
        check(cancel)?;
    }

    let mut puller = Puller {
        client,
        cache,
        options,
        progress,
        cancel,
        report: &mut report,
    };
    // A delta's other feeds, the settings and the staff are a round trip each: they are
    // asked for while the vehicles are pulled, and applied after them, in the usual order.
    let size = options.page_size;
    let ahead = async {
        tokio::try_join!(
            ask_ahead::<Customer>(client, cache, caps.customer_feed, size),
            ask_ahead::<TestDrive>(client, cache, caps.test_drive_feed, size),
            ask_ahead::<Lead>(client, cache, caps.leads && caps.lead_feed, size),
            ask_ahead::<Task>(client, cache, caps.tasks && caps.task_feed, size),
        )
    };
    let extras = async {
        tokio::join!(
            async {
                if caps.dealer_settings {
                    Some(client.settings().get().await)
                } else {
                    None
                }
            },
            async {
                if caps.staff_list {
                    Some(client.staff_members().await)
                } else {
                    None
                }
            },
        )
    };
    let (vehicles, ahead, (settings, staff)) = tokio::join!(
        puller.pull::<Vehicle>(caps.vehicle_feed, None),
        ahead,
        extras
    );
    vehicles?;
    let (customers, test_drives, leads, tasks) = ahead?;
    puller
        .pull::<Customer>(caps.customer_feed, customers)
        .await?;
    // Without a list, the test drives the cache holds are the ones booked here: kept.
    if caps.test_drive_feed || caps.test_drive_list {
        puller
            .pull::<TestDrive>(caps.test_drive_feed, test_drives)
            .await?;
    }
    check(cancel)?;
    calendar::store_extras(cache, settings).await?;
    // The dealer's day, where the server has it (a published-API server has none).
    if caps.leads {
        puller.pull::<Lead>(caps.lead_feed, leads).await?;
    }
    if caps.tasks {
        puller.pull::<Task>(caps.task_feed, tasks).await?;
    }
    if let Some(staff) = staff {
        cache.replace_staff(&staff?).await?;
    }
    progress(SyncProgress {
        phase: SyncPhase::Done,
        done: 0,
        total: None,
    });
    Ok(report)
}

fn check(cancel: &CancellationToken) -> Result<()> {
    if cancel.is_cancelled() {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

/// What the server offers, asked afresh at each sync (a server gains or loses additions
/// when it is upgraded or replaced) and kept in the cache for offline screens and the
/// outbox. The client adjusts its retries to it. While the server's `/openapi.json` is
/// the version the cache's capabilities were read from, it is not downloaded again.
pub async fn learn_capabilities(client: &Client, cache: &Cache) -> Result<Capabilities> {
    let known = cache.learned_capabilities().await?;
    let learned = client.revalidate_capabilities(known.as_ref()).await?;
    let caps = &learned.capabilities;
    if !caps.missing().is_empty() {
        tracing::info!(missing = ?caps.missing(), "the server lacks some additions; doing without");
    }
    if known.as_ref() != Some(&learned) {
        cache.store_learned_capabilities(&learned).await?;
    }
    Ok(learned.capabilities)
}

async fn metadata_is_due(cache: &Cache) -> Result<bool> {
    let checkpoint = cache.checkpoint(Feed::Metadata).await?;
    let now = crate::clock::now_ms();
    Ok(match checkpoint.last_synced_at_ms {
        None => true,
        Some(at) => now - at > METADATA_MAX_AGE.as_millis() as i64,
    })
}

/// Every page of every metadata endpoint.
async fn pull_metadata(client: &Client) -> Result<Metadata> {
    let meta = || client.metadata();
    Ok(Metadata {
        brands: meta().brands_stream(100).try_collect().await?,
        models: meta().models(None).await?,
        body_types: meta().body_types().await?,
        engines: meta().engines().await?,
        generations: meta().generations_stream(100).try_collect().await?,
        trims: meta().trims_stream(100).try_collect().await?,
        engine_types: meta().engine_types().await?,
        transmission_types: meta().transmission_types().await?,
        drivetrain_types: meta().drivetrain_types().await?,
    })
}

/// A record kind with a changes feed: where it goes in the cache and how to ask for it.
trait Synced: Sized + Send + Sync + 'static {
    const FEED: Feed;
    const PHASE: SyncPhase;
    /// A page of the feed; `Send`, so the next page can download on a task of its own.
    fn changes(
        client: &Client,
        since: i64,
        limit: u32,
    ) -> impl Future<Output = carstrel_client::Result<ChangesPage<Self>>> + Send;
    /// How many records a full pull brings, for the progress bar.
    async fn total(client: &Client) -> carstrel_client::Result<u64>;
    /// Every record through the plain paged list, for servers without a changes feed.
    async fn list_all(client: &Client) -> carstrel_client::Result<Vec<Self>>;
    async fn apply_page(
        cache: &Cache,
        page: &ChangesPage<Self>,
    ) -> Result<crate::cache::Checkpoint>;
    async fn replace_all(cache: &Cache, records: &[Self]) -> Result<()>;
    fn count(report: &mut SyncReport) -> &mut u32;
}

struct Puller<'a> {
    client: &'a Client,
    cache: &'a Cache,
    options: SyncOptions,
    progress: &'a mut (dyn FnMut(SyncProgress) + Send),
    cancel: &'a CancellationToken,
    report: &'a mut SyncReport,
}

impl Puller<'_> {
    /// Pulls one kind of record, through its feed when the server has one, starting with
    /// the page asked for `ahead` when it was asked from where the feed stands.
    async fn pull<T: Synced>(&mut self, has_feed: bool, ahead: Ahead<T>) -> Result<()> {
        if has_feed {
            return self.feed::<T>(ahead).await;
        }
        let total = T::total(self.client).await?;
        self.fall_back_to_list::<T>(Some(total.try_into().unwrap_or(u32::MAX)))
            .await
    }

    async fn feed<T: Synced>(&mut self, ahead: Ahead<T>) -> Result<()> {
        let start = self.cache.checkpoint(T::FEED).await?;
        let first_pull = start.since == 0;
        if start.since > 0 && !start.completed_full {
            self.report.resumed = true;
        }
        if first_pull {
            self.report.full = true;
        }
        let total = if start.completed_full {
            None
        } else {
            Some(T::total(self.client).await?.try_into().unwrap_or(u32::MAX))
        };
        let mut done: u32 = 0;
        let since = start.since;
        (self.progress)(SyncProgress {
            phase: T::PHASE,
            done,
            total,
        });
        let first = match ahead {
            Some((asked_from, answer)) if asked_from == since => answer,
            _ => T::changes(self.client, since, self.options.page_size).await,
        };
        let mut page = match first {
            Ok(page) => page,
            Err(carstrel_client::Error::NotFound { .. }) if since == 0 => {
                return self.fall_back_to_list::<T>(total).await;
            }
            Err(error) => return Err(error.into()),
        };
        if first_pull {
            self.cache.defer_indexes(T::FEED).await?;
        }
        loop {
            let received = u32::try_from(page.changes.len()).unwrap_or(u32::MAX);
            let deleted = page
                .changes
                .iter()
                .filter(|c| c.op == ChangeOp::Delete)
                .count();
            // The next page downloads while this one is written; a failed write drops it,
            // and the checkpoint still says where to resume.
            let next = if page.has_more {
                let fetch = fetch_beside::<T>(self.client, page.next_since, self.options.page_size);
                let (applied, next) = tokio::join!(T::apply_page(self.cache, &page), fetch);
                applied?;
                Some(next?)
            } else {
                T::apply_page(self.cache, &page).await?;
                None
            };
            done = done.saturating_add(received);
            *T::count(self.report) += received;
            self.report.deleted += deleted as u32;
            (self.progress)(SyncProgress {
                phase: T::PHASE,
                done,
                total: total.map(|t| t.max(done)),
            });
            let Some(next) = next else {
                return Ok(());
            };
            check(self.cancel)?;
            page = next?;
        }
    }

    async fn fall_back_to_list<T: Synced>(&mut self, total: Option<u32>) -> Result<()> {
        tracing::info!(
            feed = ?T::FEED,
            "the server has no changes feed; paging the list"
        );
        self.report.fell_back_to_lists = true;
        let records = T::list_all(self.client).await?;
        check(self.cancel)?;
        T::replace_all(self.cache, &records).await?;
        let done = u32::try_from(records.len()).unwrap_or(u32::MAX);
        *T::count(self.report) += done;
        (self.progress)(SyncProgress {
            phase: T::PHASE,
            done,
            total: total.or(Some(done)),
        });
        Ok(())
    }
}

impl Synced for Vehicle {
    const FEED: Feed = Feed::Vehicles;
    const PHASE: SyncPhase = SyncPhase::Vehicles;
    async fn changes(
        client: &Client,
        since: i64,
        limit: u32,
    ) -> carstrel_client::Result<ChangesPage<Self>> {
        client.vehicles().changes(since, Some(limit)).await
    }
    async fn total(client: &Client) -> carstrel_client::Result<u64> {
        Ok(client.vehicles().stats().await?.total_vehicles)
    }
    async fn list_all(client: &Client) -> carstrel_client::Result<Vec<Self>> {
        let query = VehicleQuery {
            limit: Some(carstrel_client::model::MAX_LIMIT),
            ..Default::default()
        };
        client.vehicles().stream(&query).try_collect().await
    }
    async fn apply_page(
        cache: &Cache,
        page: &ChangesPage<Self>,
    ) -> Result<crate::cache::Checkpoint> {
        cache.apply_vehicle_page(page).await
    }
    async fn replace_all(cache: &Cache, records: &[Self]) -> Result<()> {
        cache.replace_vehicles(records).await
    }
    fn count(report: &mut SyncReport) -> &mut u32 {
        &mut report.vehicles
    }
}

impl Synced for Customer {
    const FEED: Feed = Feed::Customers;
    const PHASE: SyncPhase = SyncPhase::Customers;
    async fn changes(
        client: &Client,
        since: i64,
        limit: u32,
    ) -> carstrel_client::Result<ChangesPage<Self>> {
        client.customers().changes(since, Some(limit)).await
    }
    async fn total(client: &Client) -> carstrel_client::Result<u64> {
        let query = CustomerQuery {
            limit: Some(1),
            ..Default::default()
        };
        Ok(client.customers().list(&query).await?.total)
    }
    async fn list_all(client: &Client) -> carstrel_client::Result<Vec<Self>> {
        let query = CustomerQuery {
            limit: Some(carstrel_client::model::MAX_LIMIT),
            ..Default::default()
        };
        client.customers().stream(&query).try_collect().await
    }
    async fn apply_page(
        cache: &Cache,
        page: &ChangesPage<Self>,
    ) -> Result<crate::cache::Checkpoint> {
        cache.apply_customer_page(page).await
    }
    async fn replace_all(cache: &Cache, records: &[Self]) -> Result<()> {
        cache.replace_customers(records).await
    }
    fn count(report: &mut SyncReport) -> &mut u32 {
        &mut report.customers
    }
}

impl Synced for TestDrive {
    const FEED: Feed = Feed::TestDrives;
    const PHASE: SyncPhase = SyncPhase::TestDrives;
    async fn changes(
        client: &Client,
        since: i64,
        limit: u32,
    ) -> carstrel_client::Result<ChangesPage<Self>> {
        client.test_drives().changes(since, Some(limit)).await
    }
    async fn total(client: &Client) -> carstrel_client::Result<u64> {
        Ok(client
            .test_drives()
            .list(&ApiTestDriveQuery::new().limit(1))
            .await?
            .total)
    }
    async fn list_all(client: &Client) -> carstrel_client::Result<Vec<Self>> {
        let query = ApiTestDriveQuery::new().limit(carstrel_client::model::MAX_LIMIT);
        client.test_drives().stream(&query).try_collect().await
    }
    async fn apply_page(
        cache: &Cache,
        page: &ChangesPage<Self>,
    ) -> Result<crate::cache::Checkpoint> {
        cache.apply_test_drive_page(page).await
    }
    async fn replace_all(cache: &Cache, records: &[Self]) -> Result<()> {
        cache.replace_test_drives(records).await
    }
    fn count(report: &mut SyncReport) -> &mut u32 {
        &mut report.test_drives
    }
}
