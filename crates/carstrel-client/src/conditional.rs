//! Conditional requests: the ETag cache that turns a metadata `304 Not Modified` back into
//! the body it confirms, and [`Tagged`], a record with the `ETag` to send back as
//! `If-Match` on a PATCH.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// A record and the `ETag` the server sent with it (`"v{version}"` for customers and test
/// drives). It dereferences to the record.
///
/// ```no_run
/// # // no_run: needs a running CarStrel server.
/// # async fn run(client: carstrel_client::Client, id: &str) -> carstrel_client::Result<()> {
/// let customer = client.customers().get(id).await?;
/// println!("{} is at {:?}", customer.user.email, customer.etag());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged<T> {
    value: T,
    etag: Option<String>,
}

impl<T> Tagged<T> {
    pub(crate) fn new(value: T, etag: Option<String>) -> Self {
        Tagged { value, etag }
    }

    /// The `ETag`, to pass to `if_match` on an update.
    pub fn etag(&self) -> Option<&str> {
        self.etag.as_deref()
    }

    /// The record without its tag.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The record and its tag.
    pub fn into_parts(self) -> (T, Option<String>) {
        (self.value, self.etag)
    }
}

impl<T> Deref for Tagged<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Counters of the metadata ETag cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Responses held (one per URL).
    pub entries: usize,
    /// `304 Not Modified` answers served from the cache.
    pub hits: u64,
}

/// Bodies of metadata GETs by URL, with their `ETag`.
#[derive(Default)]
pub(crate) struct EtagCache {
    entries: Mutex<HashMap<String, (String, Vec<u8>)>>,
    hits: AtomicU64,
}

/// Metadata is a few hundred pages at most; past this the cache starts over.
const MAX_ENTRIES: usize = 512;

impl EtagCache {
    pub(crate) fn etag(&self, url: &str) -> Option<String> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(url).map(|(etag, _)| etag.clone())
    }

    pub(crate) fn store(&self, url: &str, etag: String, body: Vec<u8>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(url) {
            entries.clear();
        }
        entries.insert(url.to_owned(), (etag, body));
    }

    /// The cached body for a 304, if `etag` is still the one held.
    pub(crate) fn hit(&self, url: &str, etag: &str) -> Option<Vec<u8>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let (held, body) = entries.get(url)?;
        if held != etag {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(body.clone())
    }

    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            entries: self
                .entries
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len(),
            hits: self.hits.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_needs_the_same_etag() {
        let cache = EtagCache::default();
        cache.store("u", "\"a\"".into(), b"body".to_vec());
        assert_eq!(cache.etag("u").as_deref(), Some("\"a\""));
        assert_eq!(cache.hit("u", "\"b\""), None);
        assert_eq!(cache.hit("u", "\"a\"").as_deref(), Some(&b"body"[..]));
        assert_eq!(
            cache.stats(),
            CacheStats {
                entries: 1,
                hits: 1
            }
        );
    }
}
