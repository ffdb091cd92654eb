//! What the server remembers between requests, so the hot paths skip the database:
//! the API key behind each request, and recently served vehicle list pages with their
//! entity tags.
//!
//! Both are dropped the moment this process changes what they were read from. On
//! PostgreSQL every other server (and a shell's `keys revoke`) is told at once, through
//! [`crate::coherence`]: the write paths call [`Memo::inventory_changed`],
//! [`Memo::forget_keys`] or [`Memo::everything_changed`] after they commit, and that one
//! call retires here and everywhere. A server that cannot hear the others serves nothing
//! from memory until it can. On SQLite (one server) another process is seen within
//! [`KEY_TTL`] for keys; a list page older than [`PAGE_TTL`] is served once more while
//! one request checks it in the background, so busy pages never stall on their refresh,
//! and one nobody asked for in [`PAGE_MAX_AGE`] is dropped. The check reads the list again
//! only when it may have changed: when the database's change counter (which every write
//! of a record advances) moved since the page was read, or when a vehicle's days on the
//! lot went up a day.

use crate::coherence::{Peers, Retirer};
use crate::tenant::{Caller, KeyRecord};
use axum::body::Bytes;
use axum::http::HeaderValue;
use moka::sync::Cache;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a key lookup is reused. A key revoked through this server stops at once.
pub const KEY_TTL: Duration = Duration::from_secs(10);
/// How old a list page may be before the next request for it refreshes it.
pub const PAGE_TTL: Duration = Duration::from_secs(2);
/// How long an unrequested page is kept.
pub const PAGE_MAX_AGE: Duration = Duration::from_secs(30);
const MAX_KEYS: u64 = 10_000;
const MAX_PAGES: u64 = 20_000;

/// The shared memo; one per database handle.
pub struct Memo {
    keys: Cache<String, Arc<KeyRecord>>,
    pages: Cache<String, Arc<CachedPage>>,
    versions: InventoryVersions,
    /// Bumped whenever key lookups are retired: a lookup that started before keeps its
    /// answer out of memory (it may predate a revocation).
    key_generation: AtomicU64,
    /// Whether what is remembered may be served: false on PostgreSQL while this server
    /// cannot hear the others.
    trusted: AtomicBool,
    /// The other servers on the same PostgreSQL database.
    peers: Option<Peers>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("keys", &self.keys.entry_count())
            .field("pages", &self.pages.entry_count())
            .finish()
    }
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            keys: Cache::builder()
                .max_capacity(MAX_KEYS)
                .time_to_live(KEY_TTL)
                .build(),
            pages: Cache::builder()
                .max_capacity(MAX_PAGES)
                .time_to_live(PAGE_MAX_AGE)
                .build(),
            versions: InventoryVersions::default(),
            key_generation: AtomicU64::new(0),
            trusted: AtomicBool::new(true),
            peers: None,
        }
    }
}

/// A list response as sent: the JSON body and its entity tag.
#[derive(Debug)]
pub struct CachedPage {
    pub body: Bytes,
    pub etag: HeaderValue,
    read_at: Instant,
    refreshing: AtomicBool,
    /// What the page was read at, to tell whether it can still be right.
    read_as_of: Option<AsOf>,
    /// The body and tag with the first answering server's origin in its media URLs (see
    /// [`crate::http::media_origin`]): a remembered page is then served without copying
    /// it again.
    for_origin: std::sync::OnceLock<(String, Bytes, HeaderValue)>,
}

/// The strong entity tag of a body: part of its SHA-256. Remembered pages carry it, and
/// the conditional-request layer tags every other successful read with it.
pub fn etag_of(body: &[u8]) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..12])))
        .expect("hex is a valid header value")
}

/// The state of the database a page was read in, as far as its content depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsOf {
    /// The change counter, read before the page: every write of a record advances it.
    pub counter: i64,
    /// When the content changes by the clock alone (a vehicle's days on the lot go up),
    /// in milliseconds since the epoch.
    pub changes_at_ms: i64,
}

impl CachedPage {
    /// A page that is read again whenever it is older than [`PAGE_TTL`].
    pub fn new(body: Bytes, etag: HeaderValue) -> CachedPage {
        CachedPage {
            body,
            etag,
            read_at: Instant::now(),
            refreshing: AtomicBool::new(false),
            read_as_of: None,
            for_origin: std::sync::OnceLock::new(),
        }
    }

    /// A page read as of `as_of`: past [`PAGE_TTL`] it is kept while that still holds.
    pub fn read_as_of(body: Bytes, etag: HeaderValue, as_of: AsOf) -> CachedPage {
        CachedPage {
            read_as_of: Some(as_of),
            ..CachedPage::new(body, etag)
        }
    }

    /// The same page, fresh again, when the database's change counter is still `counter`
    /// and the clock has not changed it by `now_ms`; `None` when it must be read again.
    pub fn still_right(&self, counter: i64, now_ms: i64) -> Option<CachedPage> {
        let as_of = self.read_as_of?;
        if as_of.counter != counter || now_ms >= as_of.changes_at_ms {
            return None;
        }
        let page = CachedPage::read_as_of(self.body.clone(), self.etag.clone(), as_of);
        if let Some(answered) = self.for_origin.get() {
            let _ = page.for_origin.set(answered.clone());
        }
        Some(page)
    }

    /// The body and ETag as answered by the server at `origin`, `localize` making them
    /// (the media-origin layer's rewrite; passed in so the memo does not depend on the
    /// HTTP layers): made once for the first origin asking (a server has one), afresh for
    /// any other (servers of one process sharing a database, as tests start them).
    pub fn answered_at(
        &self,
        origin: &str,
        localize: impl Fn(&Bytes, &HeaderValue, &str) -> (Bytes, HeaderValue),
    ) -> (Bytes, HeaderValue) {
        let (first, body, etag) = self.for_origin.get_or_init(|| {
            let (body, etag) = localize(&self.body, &self.etag, origin);
            (origin.to_owned(), body, etag)
        });
        if first == origin {
            (body.clone(), etag.clone())
        } else {
            localize(&self.body, &self.etag, origin)
        }
    }

    /// True for exactly one caller once the page is older than [`PAGE_TTL`]: that caller
    /// reads it again; everyone else keeps getting this copy meanwhile.
    pub fn claim_refresh(&self) -> bool {
        self.read_at.elapsed() > PAGE_TTL && !self.refreshing.swap(true, Ordering::AcqRel)
    }
}

impl Memo {
    /// A memo shared with the other servers on one PostgreSQL database: it serves
    /// nothing until [`Memo::listen`] hears them.
    pub fn with_peers(peers: Peers) -> Memo {
        Memo {
            trusted: AtomicBool::new(false),
            peers: Some(peers),
            ..Memo::default()
        }
    }

    /// Starts hearing the other servers' writes (serving servers do; shell commands only
    /// tell). Nothing to do on SQLite.
    pub fn listen(self: &Arc<Self>) {
        if let Some(peers) = &self.peers {
            peers.listen(crate::coherence::weak(self));
        }
    }

    /// Returns once the other servers were told everything retired so far.
    pub async fn told(&self) {
        if let Some(peers) = &self.peers {
            peers.flushed().await;
        }
    }

    fn trusted(&self) -> bool {
        self.trusted.load(Ordering::Acquire)
    }

    fn tell_peers(&self, message: &str) {
        if let Some(peers) = &self.peers {
            peers.tell(message);
        }
    }

    /// The active key with this hash, if looked up recently.
    pub fn key(&self, key_hash: &str) -> Option<Arc<KeyRecord>> {
        let found = self.keys.get(key_hash).filter(|_| self.trusted());
        crate::telemetry::memo_lookup(crate::telemetry::Remembered::Keys, found.is_some());
        found
    }

    /// Take it before looking a key up, and give it to [`Memo::remember_key`].
    pub fn key_generation(&self) -> u64 {
        self.key_generation.load(Ordering::Acquire)
    }

    /// Remembers a lookup, unless key lookups were retired since it started.
    pub fn remember_key(&self, key_hash: String, record: Arc<KeyRecord>, generation: u64) {
        self.keys.insert(key_hash, record);
        if self.key_generation() != generation {
            self.keys.invalidate_all();
        }
    }

    /// After a key is revoked or changed: every server looks every key up again.
    pub fn forget_keys(&self) {
        self.retire_keys();
        self.tell_peers("keys");
    }

    fn retire_keys(&self) {
        self.key_generation.fetch_add(1, Ordering::AcqRel);
        self.keys.invalidate_all();
    }

    /// Where a page for this caller and query lives, at the inventory's current version.
    /// Take it before reading the page, so a write that lands meanwhile retires it.
    pub fn page_slot(&self, caller: &Caller, query: &impl serde::Serialize) -> String {
        let version = self.versions.current(caller);
        let query = serde_json::to_string(query).unwrap_or_default();
        format!(
            "{}\u{0}{}\u{0}{version}\u{0}{query}",
            caller.org_id,
            caller.env_str()
        )
    }

    pub fn page(&self, slot: &str) -> Option<Arc<CachedPage>> {
        let found = self.pages.get(slot).filter(|_| self.trusted());
        crate::telemetry::memo_lookup(crate::telemetry::Remembered::Pages, found.is_some());
        found
    }

    pub fn remember_page(&self, slot: String, page: Arc<CachedPage>) {
        self.pages.insert(slot, page);
    }

    /// After a committed change to the caller's vehicles: its pages are stale, on every
    /// server. Call it after the commit in any write path that changes what a vehicle
    /// list shows.
    pub fn inventory_changed(&self, caller: &Caller) {
        self.versions.bump(&caller.org_id, caller.env_str());
        self.tell_peers(&format!("inventory {} {}", caller.org_id, caller.env_str()));
    }

    /// After vehicles were written outside the request paths (demo seeding): every
    /// server forgets everything.
    pub fn everything_changed(&self) {
        self.retire_all();
        self.tell_peers("all");
    }

    fn retire_all(&self) {
        self.versions.bump_all();
        self.pages.invalidate_all();
        self.retire_keys();
    }
}

impl Retirer for Memo {
    fn retire(&self, message: &str) {
        let mut words = message.split(' ');
        match (words.next(), words.next(), words.next()) {
            (Some("inventory"), Some(org), Some(env)) => {
                match env.parse::<carstrel_model::Environment>() {
                    Ok(env) => self.versions.bump(org, env.as_str()),
                    Err(_) => self.retire_all(),
                }
            }
            (Some("keys"), _, _) => self.retire_keys(),
            // "all", or a message from a newer server this one cannot read: be safe.
            _ => self.retire_all(),
        }
    }

    fn retire_everything(&self) {
        self.retire_all();
    }

    fn trust(&self, trusted: bool) {
        self.trusted.store(trusted, Ordering::Release);
    }
}

/// A version per dealer and environment, drawn from one counter so a new version never
/// equals an old one, even after [`InventoryVersions::bump_all`].
#[derive(Default)]
struct InventoryVersions {
    next: AtomicU64,
    base: AtomicU64,
    per_dealer: RwLock<HashMap<(String, &'static str), u64>>,
}

impl InventoryVersions {
    fn current(&self, caller: &Caller) -> u64 {
        let per_dealer = self.per_dealer.read().unwrap_or_else(|e| e.into_inner());
        per_dealer
            .get(&(caller.org_id.clone(), caller.env_str()))
            .copied()
            .unwrap_or_else(|| self.base.load(Ordering::Acquire))
    }

    fn bump(&self, org_id: &str, env: &'static str) {
        let version = self.next.fetch_add(1, Ordering::AcqRel) + 1;
        let mut per_dealer = self.per_dealer.write().unwrap_or_else(|e| e.into_inner());
        per_dealer.insert((org_id.to_owned(), env), version);
    }

    fn bump_all(&self) {
        let version = self.next.fetch_add(1, Ordering::AcqRel) + 1;
        let mut per_dealer = self.per_dealer.write().unwrap_or_else(|e| e.into_inner());
        per_dealer.clear();
        self.base.store(version, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carstrel_model::Environment;

    fn caller(org: &str, env: Environment) -> Caller {
        Caller {
            key_id: "k".into(),
            org_id: org.into(),
            env,
            scopes: vec![],
        }
    }

    #[test]
    fn a_write_retires_only_that_dealers_pages() {
        let memo = Memo::default();
        let (acme, test_acme, other) = (
            caller("acme", Environment::Live),
            caller("acme", Environment::Test),
            caller("other", Environment::Live),
        );
        let before = [&acme, &test_acme, &other].map(|c| memo.page_slot(c, &"q"));
        memo.inventory_changed(&acme);
        let after = [&acme, &test_acme, &other].map(|c| memo.page_slot(c, &"q"));
        assert_ne!(before[0], after[0]);
        assert_eq!(before[1..], after[1..]);
        assert_ne!(memo.page_slot(&acme, &"q"), memo.page_slot(&acme, &"r"));
    }

    #[test]
    fn a_memo_that_cannot_hear_the_others_serves_nothing_and_their_messages_retire() {
        let memo = Memo::default();
        let acme = caller("acme", Environment::Live);
        let slot = memo.page_slot(&acme, &"q");
        let body = Bytes::from_static(b"[]");
        let page = Arc::new(CachedPage::new(body.clone(), etag_of(&body)));
        memo.remember_page(slot.clone(), page);
        assert!(memo.page(&slot).is_some());
        memo.trust(false);
        assert!(memo.page(&slot).is_none(), "not while deaf");
        memo.trust(true);
        memo.retire("inventory acme live");
        assert_ne!(memo.page_slot(&acme, &"q"), slot, "another server's write");
        let before = memo.page_slot(&acme, &"q");
        memo.retire("something a newer server says");
        assert_ne!(memo.page_slot(&acme, &"q"), before, "unknown: retire all");

        // A lookup that started before a revocation is not remembered.
        let record = Arc::new(KeyRecord::new(acme.clone(), 10, 0));
        let generation = memo.key_generation();
        memo.retire("keys");
        memo.remember_key("hash".into(), record.clone(), generation);
        assert!(memo.key("hash").is_none());
        memo.remember_key("hash".into(), record, memo.key_generation());
        assert!(memo.key("hash").is_some());
    }

    #[test]
    fn a_page_stays_only_while_the_counter_and_the_clock_leave_it_right() {
        let body = Bytes::from_static(b"[1]");
        let as_of = AsOf {
            counter: 7,
            changes_at_ms: 1_000,
        };
        let page = CachedPage::read_as_of(body.clone(), etag_of(&body), as_of);
        let answered = page.answered_at("http://a:1", |b, e, _| (b.clone(), e.clone()));
        let kept = page.still_right(7, 999).expect("nothing changed");
        assert_eq!(
            kept.body.as_ptr(),
            body.as_ptr(),
            "the same bytes, not read again"
        );
        assert_eq!(kept.read_as_of, Some(as_of));
        assert_eq!(
            kept.answered_at("http://a:1", |_, _, _| unreachable!("kept as answered")),
            answered
        );
        assert!(page.still_right(8, 999).is_none(), "a write since");
        assert!(
            page.still_right(7, 1_000).is_none(),
            "a day on the lot more"
        );
        let unknown = CachedPage::new(body.clone(), etag_of(&body));
        assert!(
            unknown.still_right(7, 0).is_none(),
            "read without a counter"
        );
    }

    #[test]
    fn a_global_change_never_reuses_an_old_version() {
        let memo = Memo::default();
        let acme = caller("acme", Environment::Live);
        let first = memo.page_slot(&acme, &"q");
        memo.inventory_changed(&acme);
        let second = memo.page_slot(&acme, &"q");
        memo.everything_changed();
        let third = memo.page_slot(&acme, &"q");
        assert!(
            first != third && second != third,
            "{first} {second} {third}"
        );
    }
}
