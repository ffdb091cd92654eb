//! The console session: the active profile's cache and API client, and for the sandbox
//! the in-process API, behind one function per thing the UI or the CLI does.
//!
//! Every read is served from the cache, so screens work the same online and offline;
//! the network only feeds the cache ([`Console::sync`]) and drains the outbox
//! ([`Console::push`]). The desktop shell and the `dealer-console` CLI are thin callers.

use crate::cache::outbox::{Conflict, Keep};
use crate::cache::{Cache, Feed, TestDriveQuery};
use crate::error::{Error, Result};
use crate::page::Page;
use crate::paths::DataDir;
use crate::profiles::{Profile, ProfileKind, Profiles};
use crate::sandbox::Sandbox;
use crate::secrets::{EnvOverride, KeyringStore, Secret, SecretStore};
use crate::sync::{SyncOptions, SyncProgress, SyncReport};
use carstrel_client::model::*;
use carstrel_client::Client;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Where the console keeps its files and which profile it opens.
#[derive(Default)]
pub struct ConsoleOptions {
    /// The data directory; the platform's when `None`.
    pub data_dir: Option<PathBuf>,
    /// The profile to open; the active one when `None`.
    pub profile: Option<String>,
    /// The key store; the OS keychain (with the `CARSTREL_API_KEY` override) when `None`.
    pub secrets: Option<Arc<dyn SecretStore>>,
}

/// A profile as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    pub name: String,
    /// The API's address (the sandbox's changes at each start).
    pub base_url: String,
    pub environment: Environment,
    pub kind: ProfileKind,
    pub active: bool,
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub profile: ProfileInfo,
    /// Whether the last contact with the API succeeded.
    pub online: bool,
    pub syncing: bool,
    /// RFC 3339, of the last feed batch committed.
    pub last_synced_at: Option<String>,
    pub pending_outbox: u32,
    pub conflicts: u32,
    /// Whether the cache holds a full copy yet (false during the first download).
    pub has_full_copy: bool,
}

/// The dashboard: the two stat summaries and the test drives to work.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub vehicles: VehicleStats,
    pub customers: CustomerStats,
    pub pending_test_drives: u32,
    /// Confirmed drives still ahead, soonest first (the first five).
    pub upcoming_test_drives: Vec<TestDrive>,
}

/// Choices for the inventory filters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FilterOptions {
    pub brands: Vec<NamedRef>,
    pub models: Vec<ModelOption>,
    pub body_types: Vec<NamedRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ModelOption {
    pub id: String,
    pub name: String,
    pub brand_id: String,
}

/// A customer with whether an edit of it waits to be sent or to be settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow {
    pub customer: Customer,
    pub pending: bool,
    pub conflict: bool,
}

/// A test drive with whether a change of it waits to be sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TestDriveRow {
    pub test_drive: TestDrive,
    pub pending: bool,
}

/// What `export_csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ExportKind {
    Vehicles,
    Customers,
}

struct Session {
    profile: Profile,
    cache: Cache,
    client: Client,
    base_url: String,
    sandbox: Option<Sandbox>,
}

/// The console: profiles, and the open session of the active one.
pub struct Console {
    data_dir: DataDir,
    profiles: Mutex<Profiles>,
    session: tokio::sync::RwLock<Session>,
    /// One sync at a time; edits and reads go on meanwhile.
    sync_lock: tokio::sync::Mutex<()>,
    online: std::sync::atomic::AtomicBool,
    syncing: std::sync::atomic::AtomicBool,
}

impl Console {
    /// Opens the data directory and the chosen (or active) profile. With no profile
    /// configured that is the sandbox, whose API starts in-process with demo data.
    pub async fn open(options: ConsoleOptions) -> Result<Console> {
        let data_dir = DataDir::resolve(options.data_dir)?;
        data_dir.ensure()?;
        let secrets = options
            .secrets
            .unwrap_or_else(|| Arc::new(EnvOverride::from_env(KeyringStore::new())));
        let profiles = Profiles::open(data_dir.clone(), secrets)?;
        let profile = match options.profile {
            Some(name) => profiles.get(&name)?,
            None => profiles.active(),
        };
        let session = open_session(&data_dir, &profiles, profile).await?;
        Ok(Console {
            data_dir,
            profiles: Mutex::new(profiles),
            session: tokio::sync::RwLock::new(session),
            sync_lock: tokio::sync::Mutex::new(()),
            online: true.into(),
            syncing: false.into(),
        })
    }

    /// The cache of the open profile, for callers that need more than these functions.
    pub async fn cache(&self) -> Cache {
        self.session.read().await.cache.clone()
    }

    pub async fn status(&self) -> Result<AppStatus> {
        use std::sync::atomic::Ordering::Relaxed;
        let session = self.session.read().await;
        let cache = &session.cache;
        let mut last = None;
        let mut full = true;
        for feed in [Feed::Vehicles, Feed::Customers, Feed::TestDrives] {
            let checkpoint = cache.checkpoint(feed).await?;
            full &= checkpoint.completed_full;
            last = last.max(checkpoint.last_synced_at_ms);
        }
        Ok(AppStatus {
            profile: info(&session.profile, &session.base_url, true),
            online: self.online.load(Relaxed),
            syncing: self.syncing.load(Relaxed),
            last_synced_at: last.map(crate::clock::rfc3339),
            pending_outbox: cache.pending_count().await?,
            conflicts: cache.conflicts().await?.len() as u32,
            has_full_copy: full,
        })
    }

    /// Sends the outbox and pulls what changed (everything when `full`). Waits for a sync
    /// already running rather than running two.
    pub async fn sync(
        &self,
        full: bool,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
        cancel: &CancellationToken,
    ) -> Result<SyncReport> {
        use std::sync::atomic::Ordering::Relaxed;
        let _one_at_a_time = self.sync_lock.lock().await;
        let (client, cache) = {
            let session = self.session.read().await;
            (session.client.clone(), session.cache.clone())
        };
        self.syncing.store(true, Relaxed);
        let options = SyncOptions {
            full,
            ..SyncOptions::default()
        };
        let result = crate::sync::sync(&client, &cache, options, progress, cancel).await;
        self.syncing.store(false, Relaxed);
        self.note_contact(&result);
        result
    }

    /// Sends the outbox now (after an edit), without pulling. Offline is not an error
    /// here: the edit is safe in the outbox and goes with the next sync.
    pub async fn push(&self) -> Result<u32> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let (client, cache) = {
            let session = self.session.read().await;
            (session.client.clone(), session.cache.clone())
        };
        let result = crate::cache::outbox::drain(&client, &cache).await;
        self.note_contact(&result);
        let report = result?;
        if report.stopped {
            self.online
                .store(false, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(report.sent)
    }

    fn note_contact<T>(&self, result: &Result<T>) {
        let online = match result {
            Ok(_) => true,
            Err(Error::Api(error)) => !matches!(error.status(), None | Some(502..=504)),
            Err(_) => self.online.load(std::sync::atomic::Ordering::Relaxed),
        };
        self.online
            .store(online, std::sync::atomic::Ordering::Relaxed);
    }

    pub async fn dashboard(&self) -> Result<Dashboard> {
        let cache = self.cache().await;
        let pending = TestDriveQuery {
            status: Some(TestDriveStatus::Pending),
            limit: Some(1),
            ..Default::default()
        };
        let confirmed = TestDriveQuery {
            status: Some(TestDriveStatus::Confirmed),
            limit: Some(MAX_LIMIT),
            ..Default::default()
        };
        let now = crate::clock::now_ms();
        let confirmed = cache.list_test_drives(&confirmed).await?.items;
        Ok(Dashboard {
            vehicles: cache.vehicle_stats().await?,
            customers: cache.customer_stats(now).await?,
            pending_test_drives: cache.list_test_drives(&pending).await?.total as u32,
            upcoming_test_drives: upcoming(confirmed, now, UPCOMING_ON_DASHBOARD),
        })
    }

    pub async fn filter_options(&self) -> Result<FilterOptions> {
        let metadata = self.cache().await.metadata().await?;
        let named = |id: &str, name: &str| NamedRef {
            id: id.to_owned(),
            name: name.to_owned(),
        };
        Ok(FilterOptions {
            brands: metadata
                .brands
                .iter()
                .map(|b| named(&b.id, &b.name))
                .collect(),
            models: metadata
                .models
                .iter()
                .map(|m| ModelOption {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    brand_id: m.brand.id.clone(),
                })
                .collect(),
            body_types: metadata
                .body_types
                .iter()
                .map(|b| named(&b.id, &b.name))
                .collect(),
        })
    }

    pub async fn list_vehicles(
        &self,
        query: &VehicleQuery,
        search: Option<&str>,
    ) -> Result<Page<Vehicle>> {
        self.cache().await.list_vehicles(query, search).await
    }

    pub async fn get_vehicle(&self, id: &str) -> Result<Vehicle> {
        self.cache().await.get_vehicle(id).await
    }

    pub async fn list_customers(&self, query: &CustomerQuery) -> Result<Page<CustomerRow>> {
        let cache = self.cache().await;
        let page = cache.list_customers(query).await?;
        let marks = Marks::read(&cache).await?;
        Ok(page.map(|customer| marks.customer(customer)))
    }

    pub async fn get_customer(&self, id: &str) -> Result<CustomerRow> {
        let cache = self.cache().await;
        let customer = cache.get_customer(id).await?;
        Ok(Marks::read(&cache).await?.customer(customer))
    }

    /// Applies a CRM edit at once (it shows as pending) and queues it for the server.
    pub async fn update_customer(&self, id: &str, change: &CustomerUpdate) -> Result<CustomerRow> {
        let cache = self.cache().await;
        let customer = cache.queue_customer_update(id, change).await?;
        Ok(Marks::read(&cache).await?.customer(customer))
    }

    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        self.cache().await.conflicts().await
    }

    pub async fn resolve_conflict(&self, id: i64, keep: Keep) -> Result<()> {
        self.cache().await.resolve_conflict(id, keep).await
    }

    pub async fn list_test_drives(&self, query: &TestDriveQuery) -> Result<Page<TestDriveRow>> {
        let cache = self.cache().await;
        let page = cache.list_test_drives(query).await?;
        let marks = Marks::read(&cache).await?;
        Ok(page.map(|drive| marks.test_drive(drive)))
    }

    pub async fn create_test_drive(
        &self,
        request: &CreateTestDriveRequest,
    ) -> Result<TestDriveRow> {
        let drive = self.cache().await.queue_test_drive_create(request).await?;
        Ok(TestDriveRow {
            test_drive: drive,
            pending: true,
        })
    }

    pub async fn update_test_drive(
        &self,
        id: &str,
        change: &TestDriveUpdate,
    ) -> Result<TestDriveRow> {
        let drive = self
            .cache()
            .await
            .queue_test_drive_update(id, change)
            .await?;
        Ok(TestDriveRow {
            test_drive: drive,
            pending: true,
        })
    }

    pub async fn outbox(&self) -> Result<Vec<crate::cache::outbox::OutboxEntry>> {
        self.cache().await.outbox().await
    }

    pub async fn list_profiles(&self) -> Result<Vec<ProfileInfo>> {
        let session = self.session.read().await;
        let profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
        Ok(profiles
            .list()
            .iter()
            .map(|p| {
                let active = p.name == session.profile.name;
                let url = if active {
                    session.base_url.clone()
                } else {
                    p.base_url.clone().unwrap_or_default()
                };
                info(p, &url, active)
            })
            .collect())
    }

    /// Adds a remote API after checking that it answers and accepts the key; the key
    /// goes to the OS keychain only once it has been proven.
    pub async fn add_profile(
        &self,
        name: &str,
        base_url: &str,
        key: Secret,
    ) -> Result<ProfileInfo> {
        let environment = crate::profiles::validate_key(&key)?;
        let url = crate::profiles::validate_url(base_url, environment)?;
        crate::profiles::validate_name(name)?;
        let client = client_for(&url, &key)?;
        client.metadata().engine_types().await?;
        let profile = {
            let mut profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
            profiles.add(name, &url, &key)?
        };
        Ok(info(&profile, &url, false))
    }

    /// Switches to another profile: its own cache, client (and sandbox).
    pub async fn use_profile(&self, name: &str) -> Result<AppStatus> {
        let profile = {
            let mut profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
            profiles.use_profile(name)?
        };
        let fresh = {
            let profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
            // Opening needs the registry only to read keys and paths.
            let dir = self.data_dir.clone();
            (
                dir,
                profiles.key(&profile.name).ok(),
                profiles.cache_path(&profile.name)?,
            )
        };
        let session = open_session_with(&self.data_dir, profile, fresh.1, fresh.2).await?;
        let old = std::mem::replace(&mut *self.session.write().await, session);
        if let Some(sandbox) = old.sandbox {
            let _ = sandbox.shutdown().await;
        }
        self.online
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.status().await
    }

    pub async fn remove_profile(&self, name: &str) -> Result<()> {
        if self.session.read().await.profile.name == name {
            return Err(Error::InvalidChange(
                "Switch to another profile before removing this one".into(),
            ));
        }
        let mut profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
        Ok(profiles.remove(name)?)
    }

    /// Stops or starts the sandbox's API (to show the console working offline).
    pub async fn set_sandbox_running(&self, running: bool) -> Result<AppStatus> {
        {
            let mut session = self.session.write().await;
            if !session.profile.is_sandbox() {
                return Err(Error::InvalidChange(
                    "Only the sandbox's server can be stopped from here".into(),
                ));
            }
            match (running, session.sandbox.is_some()) {
                (false, true) => {
                    if let Some(sandbox) = session.sandbox.take() {
                        sandbox.shutdown().await?;
                    }
                    self.online
                        .store(false, std::sync::atomic::Ordering::Relaxed);
                }
                (true, false) => {
                    let sandbox = Sandbox::start(&self.data_dir).await?;
                    session.client = client_for(sandbox.base_url(), &sandbox.test_key())?;
                    session.base_url = sandbox.base_url().to_owned();
                    session.sandbox = Some(sandbox);
                    self.online
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                _ => {}
            }
        }
        self.status().await
    }

    /// Writes every cached vehicle (available ones, as the inventory lists them) or every
    /// customer to a CSV file; returns the rows written.
    pub async fn export_csv(&self, kind: ExportKind, path: &std::path::Path) -> Result<u32> {
        crate::export::write_csv(&self.cache().await, kind, path).await
    }

    /// Stops the sandbox (if any) and closes the cache.
    pub async fn close(self) {
        let session = self.session.into_inner();
        if let Some(sandbox) = session.sandbox {
            let _ = sandbox.shutdown().await;
        }
        session.cache.close().await;
    }
}

/// Which records have edits queued or in conflict.
struct Marks {
    pending: std::collections::HashSet<String>,
    conflicted: std::collections::HashSet<String>,
}

impl Marks {
    async fn read(cache: &Cache) -> Result<Marks> {
        let mut marks = Marks {
            pending: Default::default(),
            conflicted: Default::default(),
        };
        for entry in cache.outbox().await? {
            match entry.state {
                crate::cache::outbox::EntryState::Conflict => {
                    marks.conflicted.insert(entry.entity_id.clone())
                }
                _ => marks.pending.insert(entry.entity_id.clone()),
            };
        }
        Ok(marks)
    }

    fn customer(&self, customer: Customer) -> CustomerRow {
        CustomerRow {
            pending: self.pending.contains(&customer.id) || self.conflicted.contains(&customer.id),
            conflict: self.conflicted.contains(&customer.id),
            customer,
        }
    }

    fn test_drive(&self, drive: TestDrive) -> TestDriveRow {
        TestDriveRow {
            pending: self.pending.contains(&drive.id),
            test_drive: drive,
        }
    }
}

fn info(profile: &Profile, base_url: &str, active: bool) -> ProfileInfo {
    ProfileInfo {
        name: profile.name.clone(),
        base_url: base_url.to_owned(),
        environment: profile.environment,
        kind: profile.kind,
        active,
    }
}

/// The API client as the console uses it: patient enough for a flaky network, quick
/// enough that a dealer offline is told so within seconds.
pub fn client_for(base_url: &str, key: &Secret) -> Result<Client> {
    Ok(Client::builder(base_url)
        .api_key(key.expose())
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .time_budget(Duration::from_secs(45))
        .max_retries(4)
        .user_agent(concat!(
            "carstrel-dealer-console/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()?)
}

/// How many upcoming test drives the dashboard lists.
const UPCOMING_ON_DASHBOARD: usize = 5;

/// The confirmed drives still ahead of `now_ms`, soonest first, at most `n`: one whose
/// slot has passed is work to settle (completed or no-show), not something coming up.
fn upcoming(confirmed: Vec<TestDrive>, now_ms: i64, n: usize) -> Vec<TestDrive> {
    let mut ahead: Vec<(i64, TestDrive)> = confirmed
        .into_iter()
        .filter_map(|drive| {
            let at = crate::clock::parse_ms(drive.scheduled_at.as_deref()?)?;
            (at >= now_ms).then_some((at, drive))
        })
        .collect();
    ahead.sort_by_key(|(at, _)| *at);
    ahead.into_iter().take(n).map(|(_, drive)| drive).collect()
}

async fn open_session(dir: &DataDir, profiles: &Profiles, profile: Profile) -> Result<Session> {
    let key = if profile.is_sandbox() {
        None
    } else {
        Some(profiles.key(&profile.name)?)
    };
    let cache_path = profiles.cache_path(&profile.name)?;
    open_session_with(dir, profile, key, cache_path).await
}

async fn open_session_with(
    dir: &DataDir,
    profile: Profile,
    key: Option<Secret>,
    cache_path: PathBuf,
) -> Result<Session> {
    let cache = Cache::open(cache_path).await?;
    if profile.is_sandbox() {
        let sandbox = Sandbox::start(dir).await?;
        let client = client_for(sandbox.base_url(), &sandbox.test_key())?;
        return Ok(Session {
            base_url: sandbox.base_url().to_owned(),
            profile,
            cache,
            client,
            sandbox: Some(sandbox),
        });
    }
    let key = key.ok_or_else(|| {
        Error::Profile(crate::profiles::ProfileError::MissingKey {
            name: profile.name.clone(),
        })
    })?;
    let base_url = profile.base_url.clone().unwrap_or_default();
    let client = client_for(&base_url, &key)?;
    Ok(Session {
        base_url,
        profile,
        cache,
        client,
        sandbox: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(id: &str, scheduled_at: Option<&str>) -> TestDrive {
        TestDrive {
            id: id.into(),
            vehicle_id: "v".into(),
            vehicle_name: None,
            customer_id: None,
            name: "Ann Otieno".into(),
            email: "ann@example.com".into(),
            phone: None,
            preferred_date: None,
            scheduled_at: scheduled_at.map(Into::into),
            status: TestDriveStatus::Confirmed,
            notes: None,
            created_date: "2026-11-01T09:00:00.000Z".into(),
            updated_date: "2026-11-01T09:00:00.000Z".into(),
            version: 1,
        }
    }

    #[test]
    fn upcoming_keeps_drives_still_ahead_soonest_first() {
        let now = crate::clock::parse_ms("2026-11-29T12:00:00.000Z").unwrap();
        let drives = vec![
            drive("later", Some("2026-12-03T10:00:00.000Z")),
            drive("past", Some("2026-11-20T10:00:00.000Z")),
            drive("unscheduled", None),
            drive("garbled", Some("next tuesday")),
            drive("soon", Some("2026-11-29T15:30:00.000Z")),
            drive("offset", Some("2026-12-01T09:00:00+02:00")),
        ];
        let ids: Vec<String> = upcoming(drives.clone(), now, 5)
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["soon", "offset", "later"]);
        assert_eq!(upcoming(drives, now, 1)[0].id, "soon");
    }
}
