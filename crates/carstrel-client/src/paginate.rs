//! Paged lists: [`Page`], one page with the envelope's counts, and [`ItemStream`], a
//! `Stream` over every item of a list that fetches the next page as it is reached. The
//! changes feeds get the same treatment, following `nextSince` while `hasMore`.

use crate::error::Result;
use carstrel_model::{Change, ChangesPage, Envelope};
use futures_core::Stream;
use futures_util::{stream, StreamExt, TryStreamExt};
use std::future::Future;
use std::pin::Pin;

/// A stream of items (or of changes), fetching pages as it goes. Stops at the first error.
///
/// ```no_run
/// # // no_run: needs a running CarStrel server.
/// # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
/// use carstrel_client::prelude::*;
/// use futures_util::TryStreamExt;
///
/// let query = VehicleQuery::default().listing_type(ListingType::Rental).limit(100);
/// let rentals: Vec<Vehicle> = client.vehicles().stream(&query).try_collect().await?;
/// println!("{} rentals", rentals.len());
/// # Ok(()) }
/// ```
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'static>>;

/// One page of a paged list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items in the whole list.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// Items per page.
    pub limit: u32,
    pub total_pages: u32,
}

impl<T> Page<T> {
    /// Reads a paged envelope; a list that is not paged is one page holding everything.
    pub fn from_envelope(envelope: Envelope<Vec<T>>) -> Page<T> {
        let len = envelope.data.len();
        Page {
            total: envelope.total.unwrap_or(len as u64),
            page: envelope.page.unwrap_or(1),
            limit: envelope
                .limit
                .unwrap_or(u32::try_from(len).unwrap_or(u32::MAX)),
            total_pages: envelope.total_pages.unwrap_or(1),
            items: envelope.data,
        }
    }

    /// The next page's number, if there is one.
    pub fn next_page(&self) -> Option<u32> {
        (!self.items.is_empty() && self.page < self.total_pages).then_some(self.page + 1)
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Every item of a paged list from page `first` on; `fetch(n)` gets page `n`.
pub(crate) fn items<T, F, Fut>(first: u32, fetch: F) -> ItemStream<T>
where
    T: Send + 'static,
    F: FnMut(u32) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send + 'static,
{
    let pages = stream::try_unfold(
        (fetch, Some(first.max(1))),
        |(mut fetch, next)| async move {
            let Some(number) = next else { return Ok(None) };
            let page = fetch(number).await?;
            let next = page.next_page();
            Ok(Some((page.items, (fetch, next))))
        },
    );
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Every change after `since`; `fetch(since)` gets the next page of the feed.
pub(crate) fn changes<T, F, Fut>(since: i64, fetch: F) -> ItemStream<Change<T>>
where
    T: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<ChangesPage<T>>> + Send + 'static,
{
    let pages = stream::try_unfold((fetch, Some(since)), |(mut fetch, next)| async move {
        let Some(since) = next else { return Ok(None) };
        let page = fetch(since).await?;
        let next = (page.has_more && page.next_since > since).then_some(page.next_since);
        Ok(Some((page.changes, (fetch, next))))
    });
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: u32, items: Vec<u32>) -> Page<u32> {
        Page {
            items,
            total: 5,
            page: number,
            limit: 2,
            total_pages: 3,
        }
    }

    #[tokio::test]
    async fn walks_every_page_then_stops() {
        let all: Vec<u32> = items(1, |n| async move {
            Ok(match n {
                1 => page(1, vec![1, 2]),
                2 => page(2, vec![3, 4]),
                3 => page(3, vec![5]),
                _ => panic!("asked for page {n}"),
            })
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(all, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn an_empty_page_ends_the_list() {
        assert_eq!(page(1, vec![]).next_page(), None);
        assert_eq!(page(1, vec![1]).next_page(), Some(2));
        assert_eq!(page(3, vec![1]).next_page(), None);
    }
}
