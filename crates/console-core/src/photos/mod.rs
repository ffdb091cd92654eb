//! The offline photo cache: vehicles' photos as files in the profile's data folder,
//! named by the SHA-256 of their bytes, indexed in the cache (`cache::photos`), evicted
//! least-recently-used first to stay within a budget.
//!
//! A sync keeps each vehicle's main photo as a thumbnail (at most
//! [`THUMB_MAX_WIDTH`] px wide, re-encoded); a vehicle's other photos are kept when its
//! page asks for them. A download that fails is simply not indexed, so the next sync (or
//! the next look) tries again; it never fails a sync. A file whose bytes no longer match
//! its name (damaged, cut short) is dropped and fetched again.
//!
//! The sandbox rule: the sandbox's server listens on a new port at each launch over the
//! same database, so for a sandbox profile a media URL whose path starts with `/media/`
//! is fetched from the sandbox's current base URL, whatever origin it names.

mod fetch;

pub use crate::cache::photos::Variant;
use crate::cache::photos::{PhotoFile, PhotoSource};
use crate::cache::Cache;
use crate::error::Result;
use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Thumbnails are at most this wide (the inventory's and the gallery's first view).
pub const THUMB_MAX_WIDTH: u32 = 480;

/// The cache's default budget: 1 GiB.
pub const DEFAULT_BUDGET_BYTES: u64 = 1 << 30;

/// Downloads in flight at once while a sync keeps thumbnails.
const CONCURRENT_DOWNLOADS: usize = 4;

/// Uses noted in memory before they are written to the cache in one statement.
const USES_HELD: usize = 256;

/// A photo as the window or the CLI gets it.
#[derive(Debug, Clone)]
pub struct PhotoBytes {
    pub bytes: Vec<u8>,
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub mime: &'static str,
}

/// `dealer-console media status --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaStatus {
    pub files: u64,
    pub bytes: u64,
    pub budget_bytes: u64,
    pub vehicles_with_main_photo: u64,
    pub vehicles_total: u64,
}

/// What keeping the main thumbnails did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeepReport {
    pub fetched: u64,
    pub failed: u64,
}

/// One profile's photo files and the way to fetch more.
#[derive(Debug, Clone)]
pub struct PhotoCache {
    dir: PathBuf,
    cache: Cache,
    http: reqwest::Client,
    budget: u64,
    /// The sandbox's current base URL (see the module's sandbox rule).
    sandbox_base: Option<String>,
    /// When each photo shown lately was last used, not yet written: showing a photo
    /// writes nothing (the inventory shows a thumbnail per row, at every key of a
    /// search), and these are written before anything is evicted, so eviction still
    /// goes by the last use.
    uses: Arc<Mutex<Uses>>,
}

/// A photo (vehicle, position, variant) and when it was last shown, in milliseconds.
type Uses = HashMap<(String, u32, Variant), i64>;

impl PhotoCache {
    pub fn new(dir: PathBuf, cache: Cache, budget: u64, sandbox_base: Option<String>) -> Self {
        PhotoCache {
            dir,
            cache,
            http: fetch::client(),
            budget,
            sandbox_base,
            uses: Arc::default(),
        }
    }

    /// Notes that a photo was just used; past [`USES_HELD`] notes, writes them.
    async fn note_use(&self, vehicle_id: &str, position: u32, variant: Variant) -> Result<()> {
        let full = {
            let mut uses = self.uses.lock().expect("the photo uses lock");
            uses.insert(
                (vehicle_id.to_owned(), position, variant),
                crate::clock::now_ms(),
            );
            uses.len() >= USES_HELD
        };
        if full {
            self.write_uses().await?;
        }
        Ok(())
    }

    /// Writes the uses noted so far to the cache.
    async fn write_uses(&self) -> Result<()> {
        let used: Vec<(String, u32, Variant, i64)> = self
            .uses
            .lock()
            .expect("the photo uses lock")
            .drain()
            .map(|((vehicle_id, position, variant), at)| (vehicle_id, position, variant, at))
            .collect();
        self.cache.mark_photos_used(&used).await
    }

    /// A photo from the cache, fetched (and kept) on a miss when `online` allows;
    /// `None` when it is truly unavailable.
    pub async fn photo(
        &self,
        vehicle_id: &str,
        position: u32,
        variant: Variant,
    ) -> Result<Option<PhotoBytes>> {
        if let Some(found) = self.stored(vehicle_id, position, variant).await? {
            return Ok(Some(found));
        }
        // A page asking for the full photo offline still gets the thumbnail.
        let Some(source) = self.cache.photo_source(vehicle_id, position).await? else {
            return Ok(None);
        };
        match self.keep(&source, variant).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) => {
                tracing::debug!(%error, url = %source.url, "photo unavailable");
                if variant == Variant::Full {
                    return self.stored(vehicle_id, position, Variant::Thumb).await;
                }
                Ok(None)
            }
        }
    }

    /// A vehicle's main photo, in full when kept, else its thumbnail, else fetched.
    pub async fn main_photo(&self, vehicle_id: &str) -> Result<Option<PhotoBytes>> {
        let Some(main) = self.cache.main_photo_source(vehicle_id).await? else {
            return Ok(None);
        };
        if let Some(full) = self
            .stored(vehicle_id, main.position, Variant::Full)
            .await?
        {
            return Ok(Some(full));
        }
        self.photo(vehicle_id, main.position, Variant::Thumb).await
    }

    /// Keeps every cached vehicle's main photo as a thumbnail: what a sync does once
    /// its data is committed. Failures are counted, never raised.
    pub async fn keep_main_thumbnails(&self) -> Result<KeepReport> {
        let (mains, _) = self.cache.main_photos().await?;
        let mut missing = Vec::new();
        for main in mains {
            if self
                .stored(&main.vehicle_id, main.position, Variant::Thumb)
                .await?
                .is_none()
            {
                missing.push(main);
            }
        }
        let results: Vec<bool> = futures_util::stream::iter(missing)
            .map(|source| async move {
                match self.keep(&source, Variant::Thumb).await {
                    Ok(_) => true,
                    Err(error) => {
                        tracing::debug!(%error, url = %source.url, "thumbnail not kept; retried next sync");
                        false
                    }
                }
            })
            .buffer_unordered(CONCURRENT_DOWNLOADS)
            .collect()
            .await;
        let fetched = results.iter().filter(|ok| **ok).count() as u64;
        Ok(KeepReport {
            fetched,
            failed: results.len() as u64 - fetched,
        })
    }

    pub async fn status(&self) -> Result<MediaStatus> {
        let (files, bytes) = self.cache.photo_usage().await?;
        let (mains, total) = self.cache.main_photos().await?;
        let mut with_main = 0;
        for main in &mains {
            for variant in [Variant::Thumb, Variant::Full] {
                if self
                    .stored(&main.vehicle_id, main.position, variant)
                    .await?
                    .is_some()
                {
                    with_main += 1;
                    break;
                }
            }
        }
        Ok(MediaStatus {
            files: files as u64,
            bytes: bytes as u64,
            budget_bytes: self.budget,
            vehicles_with_main_photo: with_main,
            vehicles_total: total,
        })
    }

    /// The stored file of a photo, if it is there and whole; a damaged one is dropped.
    async fn stored(
        &self,
        vehicle_id: &str,
        position: u32,
        variant: Variant,
    ) -> Result<Option<PhotoBytes>> {
        let Some(file) = self.cache.photo_file(vehicle_id, position, variant).await? else {
            return Ok(None);
        };
        self.note_use(vehicle_id, position, variant).await?;
        let path = self.path_of(&file.hash);
        let bytes = tokio::fs::read(&path).await.ok();
        let whole = bytes.filter(|b| hash_of(b) == file.hash);
        match whole.and_then(|bytes| {
            Some(PhotoBytes {
                mime: fetch::mime_of(&bytes)?,
                bytes,
            })
        }) {
            Some(photo) => Ok(Some(photo)),
            None => {
                tracing::warn!(file = %path.display(), "a cached photo is damaged; fetching it again");
                self.cache.forget_photo_file(&file.hash).await?;
                let _ = tokio::fs::remove_file(&path).await;
                Ok(None)
            }
        }
    }

    /// Downloads a photo (as a thumbnail or in full), stores and indexes it, and evicts
    /// to the budget.
    async fn keep(&self, source: &PhotoSource, variant: Variant) -> anyhow::Result<PhotoBytes> {
        let url = fetch::resolve(&source.url, self.sandbox_base.as_deref())?;
        let downloaded = fetch::download(&self.http, &url).await?;
        let photo =
            tokio::task::spawn_blocking(move || fetch::prepare(downloaded, variant)).await??;
        let hash = hash_of(&photo.bytes);
        self.write_file(&hash, &photo.bytes).await?;
        let file = PhotoFile {
            hash,
            bytes: photo.bytes.len() as i64,
        };
        self.cache
            .put_photo_file(source, variant, &file, crate::clock::now_ms())
            .await?;
        self.write_uses().await?;
        for orphan in self.cache.evict_photos(self.budget as i64).await? {
            let _ = tokio::fs::remove_file(self.path_of(&orphan)).await;
        }
        Ok(photo)
    }

    /// Writes beside, then renames: a file under its hash's name is always whole.
    async fn write_file(&self, hash: &str, bytes: &[u8]) -> std::io::Result<()> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let path = self.path_of(hash);
        let partial = self
            .dir
            .join(format!("{hash}.{}.partial", uuid::Uuid::new_v4()));
        tokio::fs::write(&partial, bytes).await?;
        tokio::fs::rename(&partial, &path).await
    }

    fn path_of(&self, hash: &str) -> PathBuf {
        self.dir.join(hash)
    }

    /// Where the files live (tests damage them on purpose).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn hash_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
