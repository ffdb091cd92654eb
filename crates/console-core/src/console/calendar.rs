//! What the calendar and the lot's screens read and change: test drives by slot, one
//! vehicle's free and taken slots, moving a drive, the aging stats, price histories and
//! setting a price. Reads come from the cache; edits show at once and wait in the outbox.

use super::session::Console;
use super::views::refuse_without_test_drive_update;
use crate::cache::{TestDriveQuery, TestDriveRow, VehicleSlots};
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_client::model::{AgingStats, DealerSettings, PricePoint, Vehicle, MAX_LIMIT};
use carstrel_model::rules;

/// Days a calendar shows when only its start is given (or neither bound): a week.
pub const CALENDAR_DAYS: i64 = 7;

/// The range a calendar shows: `from` (default: today, midnight UTC) to `to` (default:
/// a week after `from`), both checked as the API checks them.
pub fn calendar_range(
    from: Option<&str>,
    to: Option<&str>,
    now_ms: i64,
) -> Result<(String, String)> {
    let (start, _) = rules::slot_range(from, to).map_err(Error::invalid_query)?;
    let start = start.unwrap_or(now_ms - now_ms.rem_euclid(rules::DAY_MS));
    let from = from.map_or_else(|| crate::clock::rfc3339(start), str::to_owned);
    let to = to.map_or_else(
        || crate::clock::rfc3339(start + CALENDAR_DAYS * rules::DAY_MS),
        str::to_owned,
    );
    Ok((from, to))
}

impl Console {
    /// The drives whose slot starts in `[from, to)` (dates or RFC 3339), in slot order:
    /// a calendar's day or week, every page of it.
    pub async fn calendar(&self, from: &str, to: &str) -> Result<Vec<TestDriveRow>> {
        let cache = self.cache().await;
        let mut rows = Vec::new();
        for page in 1.. {
            let query = TestDriveQuery {
                from: Some(from.to_owned()),
                to: Some(to.to_owned()),
                page: Some(page),
                limit: Some(MAX_LIMIT),
                ..TestDriveQuery::default()
            };
            let Page { items, total, .. } = cache.list_test_drive_rows(&query).await?;
            let last = items.len() < MAX_LIMIT as usize;
            rows.extend(items);
            if last || rows.len() as u64 >= total {
                break;
            }
        }
        Ok(rows)
    }

    /// One vehicle's taken and free slots in `[from, to)`, for booking from the vehicle.
    pub async fn vehicle_slots(
        &self,
        vehicle_id: &str,
        from: &str,
        to: &str,
    ) -> Result<VehicleSlots> {
        self.cache().await.vehicle_slots(vehicle_id, from, to).await
    }

    /// Moves a drive (RFC 3339), refusing a double booking the cache can see; a move the
    /// server refused before is moved again and sent.
    pub async fn reschedule_test_drive(
        &self,
        id: &str,
        scheduled_at: &str,
    ) -> Result<TestDriveRow> {
        let cache = self.cache().await;
        refuse_without_test_drive_update(&cache).await?;
        let drive = cache.queue_test_drive_reschedule(id, scheduled_at).await?;
        cache.get_test_drive_row(&drive.id).await
    }

    /// The dealer's calendar settings as last synced (the defaults without them).
    pub async fn dealer_settings(&self) -> Result<DealerSettings> {
        self.cache().await.dealer_settings().await
    }

    /// The available stock by days on the lot, from the cache.
    pub async fn aging_stats(&self) -> Result<AgingStats> {
        self.cache().await.aging_stats(crate::clock::now_ms()).await
    }

    /// A vehicle's price history, oldest first: from the cache, else fetched (and kept)
    /// while the server can be reached; empty when neither has one.
    pub async fn price_history(&self, vehicle_id: &str) -> Result<Vec<PricePoint>> {
        let cache = self.cache().await;
        if let Some(history) = cache.price_history(vehicle_id).await? {
            return Ok(history);
        }
        let offers = cache
            .capabilities()
            .await?
            .is_none_or(|caps| caps.price_history);
        if offers {
            let client = self.session.read().await.client.clone();
            // Offline (or refused), the history is simply not known yet.
            if crate::sync::calendar::fetch_price_history(&client, &cache, vehicle_id)
                .await
                .is_err()
            {
                return Ok(Vec::new());
            }
        }
        Ok(cache.price_history(vehicle_id).await?.unwrap_or_default())
    }

    /// Sets a listing's price (`inventory:write`): shown at once, queued for the server.
    pub async fn set_vehicle_price(&self, id: &str, price: f64) -> Result<Vehicle> {
        let cache = self.cache().await;
        if cache
            .capabilities()
            .await?
            .is_some_and(|caps| !caps.vehicle_update)
        {
            return Err(Error::InvalidChange(
                crate::sync::NO_VEHICLE_UPDATE.to_owned(),
            ));
        }
        cache.queue_vehicle_price(id, price).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_defaults_to_the_week_from_today() {
        let now = crate::clock::parse_ms("2026-12-02T15:30:00.000Z").unwrap();
        let range = |from, to| calendar_range(from, to, now).map_err(|e| e.to_string());
        assert_eq!(
            range(None, None),
            Ok((
                "2026-12-02T00:00:00.000Z".to_owned(),
                "2026-12-09T00:00:00.000Z".to_owned()
            ))
        );
        assert_eq!(
            range(Some("2026-12-24"), None),
            Ok((
                "2026-12-24".to_owned(),
                "2026-12-31T00:00:00.000Z".to_owned()
            ))
        );
        assert_eq!(
            range(None, Some("2026-12-05")),
            Ok((
                "2026-12-02T00:00:00.000Z".to_owned(),
                "2026-12-05".to_owned()
            ))
        );
        assert_eq!(
            range(Some("tomorrow"), None),
            Err("from must be a date (YYYY-MM-DD) or an RFC 3339 date-time".to_owned())
        );
    }
}
