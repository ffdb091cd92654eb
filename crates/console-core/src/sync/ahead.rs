//! What a sync asks the server for before its turn: a delta's first pages of the feeds
//! after the vehicles (asked while the vehicles are pulled), and the next page of a feed
//! (downloaded while the page before it is written).

use super::Synced;
use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_client::model::ChangesPage;
use carstrel_client::Client;

/// A feed's first page, asked for before its turn: the checkpoint it was asked from, and
/// the server's answer.
pub(super) type Ahead<T> = Option<(i64, carstrel_client::Result<ChangesPage<T>>)>;

/// The first page of a delta of `T`'s feed, where the server has one; `None` for a first
/// (full) pull, which counts and pages its own way.
pub(super) async fn ask_ahead<T: Synced>(
    client: &Client,
    cache: &Cache,
    has_feed: bool,
    page_size: u32,
) -> Result<Ahead<T>> {
    if !has_feed {
        return Ok(None);
    }
    let start = cache.checkpoint(T::FEED).await?;
    if !start.completed_full || start.since == 0 {
        return Ok(None);
    }
    Ok(Some((
        start.since,
        T::changes(client, start.since, page_size).await,
    )))
}

/// A feed's page, downloaded and decoded on a task of its own, so that decoding it runs
/// beside the writing of the page before it (on one task, the two took turns: the first
/// download of 10 000 vehicles spent about a tenth of its time decoding).
pub(super) async fn fetch_beside<T: Synced>(
    client: &Client,
    since: i64,
    limit: u32,
) -> Result<carstrel_client::Result<ChangesPage<T>>> {
    let client = client.clone();
    match tokio::spawn(async move { T::changes(&client, since, limit).await }).await {
        Ok(page) => Ok(page),
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        // Only a runtime shutting down cancels the task.
        Err(_) => Err(Error::Cancelled),
    }
}
