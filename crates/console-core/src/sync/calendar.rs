//! The calendar's and the lot's extras: the dealer's settings, stored after the feeds, and the
//! price histories the cache lacks or holds stale, after the sync (the console fetches
//! them in the background, so a delta sync does not pay 50 requests for them). A
//! published-API server has neither: the cache keeps the rule book's defaults and no
//! histories, and every screen works without them.

use crate::cache::Cache;
use crate::error::Result;
use carstrel_client::{Client, Error as ApiError};
use carstrel_model::DealerSettings;
use futures_util::{stream, StreamExt, TryStreamExt};

/// Price histories fetched per sync at most: one request each, out of the key's hourly
/// budget (1 000 by default), so a first sync of a large lot spreads them over several
/// syncs, the cars longest on the lot first; a vehicle's page fetches its own on demand.
pub const PRICE_HISTORIES_PER_SYNC: u32 = 50;

/// Requests in flight at once for price histories.
const CONCURRENCY: usize = 4;

/// Stores the settings the sync fetched (`None` from a server without them); shows again
/// the prices still queued, which the feed's copies do not have yet.
pub(super) async fn store_extras(
    cache: &Cache,
    settings: Option<carstrel_client::Result<DealerSettings>>,
) -> Result<()> {
    cache.reapply_queued_prices().await?;
    match settings {
        Some(Ok(settings)) => cache.store_dealer_settings(&settings).await?,
        // A key without test_drives:read keeps the last known (or default) settings.
        None | Some(Err(ApiError::Forbidden { .. } | ApiError::NotFound { .. })) => {}
        Some(Err(error)) => return Err(error.into()),
    }
    Ok(())
}

/// Fetches up to [`PRICE_HISTORIES_PER_SYNC`] of the price histories the cache lacks or
/// holds stale, on a server that offers them (as the last sync learnt); returns how many.
/// Run after a sync, off its path: the new data is usable before they arrive.
pub async fn refresh_price_histories(client: &Client, cache: &Cache) -> Result<usize> {
    let offers = cache
        .capabilities()
        .await?
        .is_some_and(|caps| caps.price_history);
    if !offers {
        return Ok(0);
    }
    let stale = cache
        .stale_price_histories(PRICE_HISTORIES_PER_SYNC)
        .await?;
    let fetched = stale.len();
    stream::iter(stale)
        .map(|id| async move { fetch_price_history(client, cache, &id).await })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(fetched)
}

/// Fetches one vehicle's price history into the cache; a vehicle deleted meanwhile has
/// none to keep.
pub async fn fetch_price_history(client: &Client, cache: &Cache, id: &str) -> Result<()> {
    match client.vehicles().price_history(id).await {
        Ok(history) => cache.store_price_history(id, &history).await,
        Err(ApiError::NotFound { .. }) => Ok(()),
        Err(error) => Err(error.into()),
    }
}
