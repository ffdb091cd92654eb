//! The open session of the active profile: its cache, its API client and, for the
//! sandbox, the in-process API; and the two ways the network reaches it, a sync and a
//! push of the outbox.

use crate::cache::{Cache, Feed};
use crate::error::{Error, ErrorCode, Result};
use crate::paths::DataDir;
use crate::photos::{MediaStatus, PhotoBytes, PhotoCache, Variant};
use crate::profiles::{Profile, ProfileKind, Profiles};
use crate::sandbox::Sandbox;
use crate::secrets::{EnvOverride, KeyringStore, Secret, SecretStore};
use crate::sync::{SyncOptions, SyncProgress, SyncReport};
use carstrel_client::model::{Capabilities, Environment};
use carstrel_client::Client;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long after a sync the price-history and photo task waits: the window's first
/// screens read first.
pub const EXTRAS_AFTER: std::time::Duration = std::time::Duration::from_millis(750);

/// Where the console keeps its files and which profile it opens.
#[derive(Default)]
pub struct ConsoleOptions {
    /// The data directory; the platform's when `None`.
    pub data_dir: Option<PathBuf>,
    /// The profile to open; the active one when `None`.
    pub profile: Option<String>,
    /// The key store; the OS keychain (with the `CARSTREL_API_KEY` override) when `None`.
    pub secrets: Option<Arc<dyn SecretStore>>,
    /// The photo cache's budget in bytes; [`crate::photos::DEFAULT_BUDGET_BYTES`] when `None`.
    pub photo_budget_bytes: Option<u64>,
}

/// A profile as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    /// The slug that names the profile to the console (`profile use NAME`).
    pub name: String,
    /// What people see: the name as it was typed ("Main showroom"), else the slug.
    pub display_name: String,
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
    /// What the server offers beyond the published docs, as learned at the last sync
    /// (`None` before the first). Screens hide or explain what it lacks.
    pub capabilities: Option<Capabilities>,
}

/// What a profile's session holds open.
pub(super) struct Session {
    pub(super) profile: Profile,
    pub(super) cache: Cache,
    pub(super) client: Client,
    pub(super) base_url: String,
    pub(super) sandbox: Option<Sandbox>,
    pub(super) photos: PhotoCache,
}

/// The console: profiles, and the open session of the active one.
pub struct Console {
    pub(super) data_dir: DataDir,
    pub(super) profiles: Mutex<Profiles>,
    pub(super) session: tokio::sync::RwLock<Session>,
    /// One sync at a time; edits and reads go on meanwhile.
    sync_lock: tokio::sync::Mutex<()>,
    pub(super) online: std::sync::atomic::AtomicBool,
    syncing: std::sync::atomic::AtomicBool,
    pub(super) photo_budget: u64,
    /// Price histories and thumbnails being kept after the last sync (see
    /// [`Console::extras_settled`]).
    extras_task: Mutex<Option<tokio::task::JoinHandle<()>>>,
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
        let photo_budget = options
            .photo_budget_bytes
            .unwrap_or(crate::photos::DEFAULT_BUDGET_BYTES);
        let session = open_session(&data_dir, &profiles, profile, photo_budget).await?;
        Ok(Console {
            photo_budget,
            extras_task: Mutex::new(None),
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
        let session = self.session.read().await;
        let cache = &session.cache;
        let mut last = None;
        let mut full = true;
        let capabilities = cache.capabilities().await?;
        // A server without a test-drive list never gives a full copy of them.
        let listed = capabilities.is_none_or(|c| c.test_drive_feed || c.test_drive_list);
        let feeds = [Feed::Vehicles, Feed::Customers, Feed::TestDrives];
        for feed in feeds
            .into_iter()
            .filter(|f| listed || *f != Feed::TestDrives)
        {
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
            capabilities,
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
        let _one_at_a_time = self.sync_lock.lock().await;
        let (client, cache, photos) = {
            let session = self.session.read().await;
            (
                session.client.clone(),
                session.cache.clone(),
                session.photos.clone(),
            )
        };
        self.syncing.store(true, Relaxed);
        let options = SyncOptions {
            full,
            ..SyncOptions::default()
        };
        let result = crate::sync::sync(&client, &cache, options, progress, cancel).await;
        self.syncing.store(false, Relaxed);
        self.note_contact(&result);
        if result.is_ok() {
            self.keep_extras_in_background(client, cache, photos);
        }
        result
    }

    /// Once a sync's data is committed, a task of its own rebuilds the inventory's
    /// in-memory list (so the inventory opens at once), then fetches the stale price
    /// histories and keeps the main photos as thumbnails: the sync is done (and timed)
    /// without them, and what fails is tried again after the next sync. The extras start
    /// [`EXTRAS_AFTER`] after the list, so the screens the new data feeds are read first:
    /// started at once, their scan of every vehicle's media competed with them for the
    /// cache and made the data usable 17 % later in the bench (issue 20's budget is 5 %).
    /// The price histories, 50 requests on a large lot, were a third of a delta sync.
    fn keep_extras_in_background(&self, client: Client, cache: Cache, photos: PhotoCache) {
        let mut task = self.extras_task.lock().expect("the extras task lock");
        if task.as_ref().is_some_and(|t| !t.is_finished()) {
            return;
        }
        *task = Some(tokio::spawn(async move {
            if let Err(error) = cache.warm_vehicle_list().await {
                tracing::warn!(%error, "the inventory list was not rebuilt after the sync");
            }
            tokio::time::sleep(EXTRAS_AFTER).await;
            match crate::sync::calendar::refresh_price_histories(&client, &cache).await {
                Ok(fetched) => tracing::info!(fetched, "price histories kept"),
                Err(error) => {
                    tracing::warn!(%error, "price histories not kept; retried next sync")
                }
            }
            match photos.keep_main_thumbnails().await {
                Ok(report) => tracing::info!(?report, "main photos kept"),
                Err(error) => tracing::warn!(%error, "main photos not kept; retried next sync"),
            }
        }));
    }

    /// Waits for the price histories and thumbnails the last sync started keeping (the
    /// CLI waits before it exits; the window never needs to).
    pub async fn extras_settled(&self) {
        let task = self
            .extras_task
            .lock()
            .expect("the extras task lock")
            .take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// A vehicle's photo at `position` (its `sortOrder`), from the photo cache, fetched
    /// on a miss while the server can be reached; `None` when truly unavailable.
    pub async fn photo(
        &self,
        vehicle_id: &str,
        position: u32,
        variant: Variant,
    ) -> Result<Option<PhotoBytes>> {
        let photos = self.session.read().await.photos.clone();
        photos.photo(vehicle_id, position, variant).await
    }

    /// A vehicle's main photo, as `media get` writes it.
    pub async fn main_photo(&self, vehicle_id: &str) -> Result<PhotoBytes> {
        let photos = self.session.read().await.photos.clone();
        photos
            .main_photo(vehicle_id)
            .await?
            .ok_or(Error::NotFound("a photo of this vehicle"))
    }

    /// What `media status` prints.
    pub async fn media_status(&self) -> Result<MediaStatus> {
        let photos = self.session.read().await.photos.clone();
        photos.status().await
    }

    /// Makes sure a read shows the dealer's data rather than an empty cache's zeros: a
    /// profile that has never synced syncs first, and when it cannot, the read fails with
    /// [`Error::NeverSynced`] (a refused key stays a refused key, which is what to fix).
    pub async fn sync_if_never_synced(&self) -> Result<()> {
        if self.status().await?.last_synced_at.is_some() {
            return Ok(());
        }
        match self
            .sync(false, &mut |_| {}, &CancellationToken::new())
            .await
        {
            Ok(_) => Ok(()),
            Err(error)
                if matches!(error.code(), ErrorCode::Unauthorized | ErrorCode::Forbidden) =>
            {
                Err(error)
            }
            Err(error) => Err(Error::NeverSynced(error.to_string())),
        }
    }

    /// Sends the outbox now (after an edit), without pulling. Offline is not an error
    /// here: the edit is safe in the outbox and goes with the next sync.
    pub async fn push(&self) -> Result<u32> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let (client, cache) = {
            let session = self.session.read().await;
            (session.client.clone(), session.cache.clone())
        };
        let result = crate::sync::drain::drain(&client, &cache).await;
        self.note_contact(&result);
        let report = result?;
        if report.stopped {
            self.online.store(false, Relaxed);
        }
        Ok(report.sent)
    }

    pub(super) fn note_contact<T>(&self, result: &Result<T>) {
        let online = match result {
            Ok(_) => true,
            Err(Error::Api(error)) => !matches!(error.status(), None | Some(502..=504)),
            Err(_) => self.online.load(Relaxed),
        };
        self.online.store(online, Relaxed);
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

/// A profile as the UI lists it, at `base_url` (the sandbox's is only known once started).
pub(super) fn info(profile: &Profile, base_url: &str, active: bool) -> ProfileInfo {
    ProfileInfo {
        name: profile.name.clone(),
        display_name: profile
            .display_name
            .clone()
            .unwrap_or_else(|| profile.name.clone()),
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

async fn open_session(
    dir: &DataDir,
    profiles: &Profiles,
    profile: Profile,
    photo_budget: u64,
) -> Result<Session> {
    let key = if profile.is_sandbox() {
        None
    } else {
        Some(profiles.key(&profile.name)?)
    };
    let cache_path = profiles.cache_path(&profile.name)?;
    open_session_with(dir, profile, key, cache_path, photo_budget).await
}

pub(super) async fn open_session_with(
    dir: &DataDir,
    profile: Profile,
    key: Option<Secret>,
    cache_path: PathBuf,
    photo_budget: u64,
) -> Result<Session> {
    let cache = Cache::open(&cache_path).await?;
    // Beside the profile's cache file: content-addressed photo files.
    let photo_dir = cache_path
        .parent()
        .map(|dir| dir.join("photos"))
        .unwrap_or_else(|| PathBuf::from("photos"));
    if profile.is_sandbox() {
        let sandbox = Sandbox::start(dir).await?;
        let client = client_for(sandbox.base_url(), &sandbox.test_key())?;
        let photos = PhotoCache::new(
            photo_dir,
            cache.clone(),
            photo_budget,
            Some(sandbox.base_url().to_owned()),
        );
        return Ok(Session {
            photos,
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
    let photos = PhotoCache::new(photo_dir, cache.clone(), photo_budget, None);
    Ok(Session {
        photos,
        base_url,
        profile,
        cache,
        client,
        sandbox: None,
    })
}
