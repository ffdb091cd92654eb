//! The calendar and the lot, offline: the dealer's settings as last fetched (the rule
//! book's defaults on a server without them), test drives by slot as
//! `GET /external/test-drives?from=&to=` answers, one vehicle's free and taken slots,
//! price histories, and the aging stats of `GET /external/vehicles/stats/aging`.
//! Every judgement (a slot, an overlap, days on the lot, the buckets) is the rule
//! book's ([`carstrel_model::rules`]), so the cache answers what the server would.

use super::test_drives::{decode, RawRow, TestDriveRow, SELECT};
use super::Cache;
use crate::error::{Error, Result};
use crate::page::Page;
use carstrel_model::rules::{self, Slot};
use carstrel_model::{AgingStats, DealerSettings, PricePoint, TestDrive, TestDriveQuery};
use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite};

/// Most candidate starts [`Cache::vehicle_slots`] lists (a week of 5-minute slots).
const MAX_CANDIDATES: usize = 7 * 24 * 12;

/// One vehicle's calendar between two instants, for booking from the vehicle's page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VehicleSlots {
    pub vehicle_id: String,
    /// The dealer's drive length: each free slot is this long.
    pub minutes: u32,
    /// Confirmed drives of the vehicle whose slot reaches into the range, soonest first:
    /// they block a booking.
    pub taken: Vec<TakenSlot>,
    /// Starts (RFC 3339) of the slots of `minutes` from `from`, back to back, that no
    /// confirmed drive overlaps and that end by `to`.
    pub free: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TakenSlot {
    pub test_drive_id: String,
    pub name: String,
    /// RFC 3339.
    pub start: String,
    pub end: String,
}

/// [`Cache::dealer_settings`] inside a caller's transaction.
pub(super) async fn settings_in(conn: &mut sqlx::SqliteConnection) -> Result<DealerSettings> {
    let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM dealer_settings WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    Ok(doc
        .map(|d| serde_json::from_str(&d))
        .transpose()?
        .unwrap_or_default())
}

impl Cache {
    /// The dealer's settings as last synced; the rule book's defaults (30-minute drives,
    /// no-show after 60) from a server that has none, or before the first sync.
    pub async fn dealer_settings(&self) -> Result<DealerSettings> {
        settings_in(&mut *self.pool.acquire().await?).await
    }

    pub async fn store_dealer_settings(&self, settings: &DealerSettings) -> Result<()> {
        sqlx::query(
            "INSERT INTO dealer_settings (id, doc, fetched_at) VALUES (1, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, fetched_at = excluded.fetched_at",
        )
        .bind(serde_json::to_string(settings)?)
        .bind(crate::clock::now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A vehicle's price history, oldest first, as last fetched with the prices set here
    /// since appended; `None` when it was never fetched (or the server keeps none).
    pub async fn price_history(&self, vehicle_id: &str) -> Result<Option<Vec<PricePoint>>> {
        let id = super::params::id(vehicle_id, "id")?;
        let doc: Option<String> =
            sqlx::query_scalar("SELECT doc FROM price_histories WHERE vehicle_id = ?")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(doc.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    pub async fn store_price_history(
        &self,
        vehicle_id: &str,
        history: &[PricePoint],
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO price_histories (vehicle_id, doc, fetched_at) VALUES (?, ?, ?) \
             ON CONFLICT (vehicle_id) DO UPDATE SET doc = excluded.doc, \
             fetched_at = excluded.fetched_at",
        )
        .bind(vehicle_id)
        .bind(serde_json::to_string(history)?)
        .bind(crate::clock::now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Vehicles whose cached history is missing, holds a price set here that has since
    /// reached the server (to be read back with the server's date), or ends on another
    /// price than the vehicle's (someone changed it elsewhere), at most `limit`: available ones first,
    /// longest on the lot first (the ones whose prices a dealer reviews).
    pub async fn stale_price_histories(&self, limit: u32) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT v.id FROM vehicles v LEFT JOIN price_histories p ON p.vehicle_id = v.id \
             WHERE p.vehicle_id IS NULL OR p.fetched_at = 0 \
             OR v.price IS NOT json_extract(p.doc, '$[#-1].price') \
             ORDER BY v.status <> 'available', \
             COALESCE(json_extract(v.doc, '$.listedDate'), json_extract(v.doc, '$.createdDate')), \
             v.id LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// `GET /external/vehicles/stats/aging` from the cache at `now_ms`: the available
    /// vehicles by days on the lot (from `listedDate`, else `createdDate` on a server
    /// without aging), in the rule book's buckets.
    pub async fn aging_stats(&self, now_ms: i64) -> Result<AgingStats> {
        let listed: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT COALESCE(json_extract(doc, '$.listedDate'), json_extract(doc, '$.createdDate')) \
             FROM vehicles WHERE status = 'available'",
        )
        .fetch_all(&self.pool)
        .await?;
        let days = listed
            .iter()
            .map(|at| {
                let at = at.as_deref().and_then(rules::parse_instant);
                at.map(|at| rules::days_on_lot(at, now_ms))
                    .ok_or_else(|| Error::Corrupt("a cached vehicle has no listing date".into()))
            })
            .collect::<Result<Vec<u32>>>()?;
        Ok(rules::aging_stats(days))
    }

    /// The test drives whose slot starts in `query`'s `[from, to)`, in slot order (then
    /// id), with its other filters and paging: `GET /external/test-drives?from=&to=`.
    pub(super) async fn list_test_drive_rows_by_slot(
        &self,
        query: &TestDriveQuery,
        filters: impl Fn(&mut QueryBuilder<'_, Sqlite>),
        paging: rules::Paging,
    ) -> Result<Page<TestDriveRow>> {
        let range = rules::slot_range(query.from.as_deref(), query.to.as_deref())
            .map_err(Error::invalid_query)?;
        let mut select = QueryBuilder::new(SELECT);
        select.push(" WHERE 1 = 1");
        filters(&mut select);
        let rows: Vec<RawRow> = select.build_query_as().fetch_all(&self.pool).await?;
        let mut placed = Vec::new();
        for row in rows {
            let row = decode(row)?;
            let start = rules::slot_start(
                row.test_drive.scheduled_at.as_deref(),
                row.test_drive.preferred_date.as_deref(),
            );
            if let Some(start) = start.filter(|s| rules::in_slot_range(*s, range)) {
                placed.push((start, row));
            }
        }
        placed
            .sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.test_drive.id.cmp(&y.test_drive.id)));
        let total = placed.len() as u64;
        let items = placed
            .into_iter()
            .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
            .take(paging.limit as usize)
            .map(|(_, row)| row)
            .collect();
        Ok(Page::new(items, total, paging.page, paging.limit))
    }

    /// The confirmed drives of `vehicle_id` whose slot could reach into `[from_ms,
    /// to_ms)` (or overlap `slot`): what a booking or a move must not overlap.
    pub(super) async fn confirmed_drives_of(
        conn: &mut sqlx::SqliteConnection,
        vehicle_id: &str,
    ) -> Result<Vec<TestDrive>> {
        let docs: Vec<String> = sqlx::query_scalar(
            "SELECT doc FROM test_drives WHERE vehicle_id = ? AND status = 'confirmed'",
        )
        .bind(vehicle_id)
        .fetch_all(conn)
        .await?;
        docs.iter().map(|d| Ok(serde_json::from_str(d)?)).collect()
    }

    /// One vehicle's taken and free slots in `[from, to)` (dates or RFC 3339), for
    /// booking from the vehicle: free slots are the dealer's drive length, back to back.
    pub async fn vehicle_slots(
        &self,
        vehicle_id: &str,
        from: &str,
        to: &str,
    ) -> Result<VehicleSlots> {
        let vehicle_id = super::params::id(vehicle_id, "vehicleId")?;
        let (Some(from_ms), Some(to_ms)) =
            rules::slot_range(Some(from), Some(to)).map_err(Error::invalid_query)?
        else {
            unreachable!("both bounds were given");
        };
        let minutes = self.dealer_settings().await?.test_drive_minutes;
        let mut conn = self.pool.acquire().await?;
        let mut confirmed = Self::confirmed_drives_of(&mut conn, &vehicle_id).await?;
        let range = Slot {
            start_ms: from_ms,
            minutes: u32::try_from((to_ms - from_ms).max(0) / 60_000).unwrap_or(u32::MAX),
        };
        confirmed.retain(|d| rules::slot_of(d).is_some_and(|s| s.overlaps(range)));
        confirmed.sort_by_key(|d| rules::slot_of(d).map(|s| s.start_ms));
        let mut free = Vec::new();
        let mut start = from_ms;
        while free.len() < MAX_CANDIDATES {
            let slot = Slot {
                start_ms: start,
                minutes,
            };
            if slot.end_ms() > to_ms {
                break;
            }
            if rules::double_booking("", &vehicle_id, slot, &confirmed).is_none() {
                free.push(crate::clock::rfc3339(start));
            }
            start = slot.end_ms();
        }
        let taken = confirmed
            .iter()
            .filter_map(|d| {
                let slot = rules::slot_of(d)?;
                Some(TakenSlot {
                    test_drive_id: d.id.clone(),
                    name: d.name.clone(),
                    start: crate::clock::rfc3339(slot.start_ms),
                    end: crate::clock::rfc3339(slot.end_ms()),
                })
            })
            .collect();
        Ok(VehicleSlots {
            vehicle_id,
            minutes,
            taken,
            free,
        })
    }
}
