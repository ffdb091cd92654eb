//! The test kit's CarStrel server over a fresh database with demo data, a thin typed HTTP
//! client for it, and a test-only loader that fills a cache from
//! the server's changes feeds and metadata endpoints (the real sync engine will use the
//! SDK; this loader only needs to be obviously right).

use carstrel_model::*;
use carstrel_testkit::{Setup, TestServer};
use console_core::{Cache, Feed, Metadata};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Milliseconds since the epoch, as the server's clock counts.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Demo size per dealer per environment.
pub const DEMO_VEHICLES: usize = 300;
pub const DEMO_CUSTOMERS: usize = 120;

/// The kit's server, and a plain HTTP client reading its replies as the wire has them.
pub struct App {
    pub server: TestServer,
    pub http: reqwest::Client,
}

/// A failed call: status and the documented error body.
#[derive(Debug)]
pub struct Refused {
    pub status: u16,
    pub body: ErrorBody,
}

pub async fn spawn_app() -> App {
    let server = Setup::new()
        .demo(DEMO_VEHICLES, DEMO_CUSTOMERS)
        .start()
        .await;
    App {
        server,
        http: reqwest::Client::new(),
    }
}

impl App {
    /// The first demo dealer's live key (all default scopes).
    pub fn key(&self) -> &str {
        self.server.live_key()
    }

    /// `GET path?pairs`, decoded as an envelope, or the refusal.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        pairs: &[(&str, String)],
    ) -> Result<Envelope<T>, Refused> {
        let response = self
            .http
            .get(format!("{}{path}", self.server.url()))
            .header("x-api-key", self.key())
            .query(pairs)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("body");
        if status == 200 {
            Ok(serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&bytes))))
        } else {
            Err(Refused {
                status,
                body: serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                    panic!("{path} {status}: {e}: {}", String::from_utf8_lossy(&bytes))
                }),
            })
        }
    }

    /// `GET path` that must succeed; its `data`.
    pub async fn data<T: DeserializeOwned>(&self, path: &str) -> T {
        self.get::<T>(path, &[])
            .await
            .unwrap_or_else(|e| panic!("{path}: {e:?}"))
            .data
    }

    /// A write (`PATCH` with a JSON body, `DELETE` without) that must succeed; its status.
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> u16 {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.server.url()))
            .header("x-api-key", self.key());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        assert!(
            status < 300,
            "{path}: {status}: {}",
            response.text().await.unwrap()
        );
        status
    }

    /// Every page of a paged metadata list.
    async fn all_pages<T: DeserializeOwned>(&self, path: &str) -> Vec<T> {
        let mut all = Vec::new();
        for page in 1.. {
            let envelope: Envelope<Vec<T>> = self
                .get(path, &[("page", page.to_string()), ("limit", "100".into())])
                .await
                .expect("metadata page");
            all.extend(envelope.data);
            if page >= envelope.total_pages.unwrap_or(0) {
                return all;
            }
        }
        unreachable!()
    }

    /// All reference data, as the metadata endpoints serve it.
    pub async fn metadata(&self) -> Metadata {
        Metadata {
            brands: self.all_pages("/external/brands").await,
            models: self.data("/external/models").await,
            body_types: self.data("/external/body-types").await,
            engines: self.data("/external/engines").await,
            generations: self.all_pages("/external/generations").await,
            trims: self.all_pages("/external/trims").await,
            engine_types: self.data("/external/engine-types").await,
            transmission_types: self.data("/external/transmission-types").await,
            drivetrain_types: self.data("/external/drivetrain-types").await,
        }
    }

    /// One page of a changes feed.
    async fn changes<T: DeserializeOwned>(
        &self,
        feed: &str,
        since: i64,
        limit: u32,
    ) -> ChangesPage<T> {
        self.get::<ChangesPage<T>>(
            &format!("/external/{feed}/changes"),
            &[("since", since.to_string()), ("limit", limit.to_string())],
        )
        .await
        .expect("changes page")
        .data
    }
}

/// Pulls up to `max_pages` pages of `limit` changes of `feed` into `cache`, each from
/// the checkpoint the cache holds (so a stopped pull resumes where it committed).
/// Returns how many changes were applied.
pub async fn pull(app: &App, cache: &Cache, feed: Feed, limit: u32, max_pages: usize) -> usize {
    let mut applied = 0;
    for _ in 0..max_pages {
        let since = cache.checkpoint(feed).await.unwrap().since;
        let more = match feed {
            Feed::Vehicles => {
                let page = app.changes::<Vehicle>("vehicles", since, limit).await;
                applied += page.changes.len();
                cache.apply_vehicle_page(&page).await.unwrap();
                page.has_more
            }
            Feed::Customers => {
                let page = app.changes::<Customer>("customers", since, limit).await;
                applied += page.changes.len();
                cache.apply_customer_page(&page).await.unwrap();
                page.has_more
            }
            Feed::TestDrives => {
                let page = app.changes::<TestDrive>("test-drives", since, limit).await;
                applied += page.changes.len();
                cache.apply_test_drive_page(&page).await.unwrap();
                page.has_more
            }
            Feed::Leads => {
                let page = app.changes::<Lead>("leads", since, limit).await;
                applied += page.changes.len();
                cache.apply_lead_page(&page).await.unwrap();
                page.has_more
            }
            Feed::Tasks => {
                let page = app.changes::<Task>("tasks", since, limit).await;
                applied += page.changes.len();
                cache.apply_task_page(&page).await.unwrap();
                page.has_more
            }
            Feed::Metadata => {
                cache.replace_metadata(&app.metadata().await).await.unwrap();
                false
            }
        };
        if !more {
            break;
        }
    }
    applied
}

/// Brings `cache` up to date with every feed and the metadata.
pub async fn sync_all(app: &App, cache: &Cache) {
    for feed in Feed::ALL {
        pull(app, cache, feed, 500, usize::MAX).await;
        assert!(cache.checkpoint(feed).await.unwrap().completed_full);
    }
}

/// A fresh in-memory cache filled from `app`.
pub async fn synced_cache(app: &App) -> Cache {
    let cache = Cache::open_in_memory().await.unwrap();
    sync_all(app, &cache).await;
    cache
}

/// Every available vehicle, through the cache's own list (page by page).
pub async fn cached_available(cache: &Cache) -> Vec<Vehicle> {
    let mut all = Vec::new();
    for page in 1.. {
        let query = VehicleQuery {
            page: Some(page),
            limit: Some(100),
            ..Default::default()
        };
        let found = cache.list_vehicles(&query, None).await.unwrap();
        all.extend(found.items);
        if page >= found.total_pages {
            return all;
        }
    }
    unreachable!()
}

/// Every cached customer, newest first.
pub async fn cached_customers(cache: &Cache) -> Vec<Customer> {
    let mut all = Vec::new();
    for page in 1.. {
        let query = CustomerQuery {
            page: Some(page),
            limit: Some(100),
            ..Default::default()
        };
        let found = cache.list_customers(&query).await.unwrap();
        all.extend(found.items);
        if page >= found.total_pages {
            return all;
        }
    }
    unreachable!()
}

/// Asserts a live envelope and an offline page hold the same records, in the same
/// order, with the same paging numbers.
pub fn assert_same_page<T: PartialEq + std::fmt::Debug + HasId>(
    live: &Envelope<Vec<T>>,
    offline: &console_core::Page<T>,
    context: &dyn std::fmt::Debug,
) {
    let live_ids: Vec<&str> = live.data.iter().map(HasId::id).collect();
    let offline_ids: Vec<&str> = offline.items.iter().map(HasId::id).collect();
    assert_eq!(live_ids, offline_ids, "ids differ for {context:?}");
    assert_eq!(live.total, Some(offline.total), "total for {context:?}");
    assert_eq!(live.page, Some(offline.page), "page for {context:?}");
    assert_eq!(live.limit, Some(offline.limit), "limit for {context:?}");
    assert_eq!(
        live.total_pages,
        Some(offline.total_pages),
        "totalPages for {context:?}"
    );
    assert_eq!(live.data, offline.items, "records differ for {context:?}");
}

pub trait HasId {
    fn id(&self) -> &str;
}
impl HasId for Vehicle {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for console_core::VehicleRow {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for Customer {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for TestDrive {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The server refuses with 400 exactly where the cache refuses with `InvalidQuery`, and
/// both say the same thing.
pub fn assert_same_refusal<T: std::fmt::Debug>(
    live: Result<Envelope<T>, Refused>,
    offline: console_core::Result<impl std::fmt::Debug>,
    context: &dyn std::fmt::Debug,
) {
    let live = live.expect_err(&format!("the server accepted {context:?}"));
    assert_eq!(live.status, 400, "{context:?}: {live:?}");
    match offline {
        Err(console_core::Error::InvalidQuery(message)) => {
            assert_eq!(message, live.body.error, "{context:?}")
        }
        other => panic!("{context:?}: offline gave {other:?}, the server {live:?}"),
    }
}
