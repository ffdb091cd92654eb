//! `GET /external/vehicles/stats/summary`: the dealer's stock counted by status, listing
//! type, body type and brand (every status, unlike the list).

use crate::db::Db;
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::{Breakdown, ListingType, ListingTypeCounts, VehicleStats, VehicleStatus};
use sqlx::Row;

pub async fn stats(db: &Db, caller: &Caller) -> Result<VehicleStats> {
    let rows = sqlx::query(
        "SELECT v.listing_type, v.status, COALESCE(bt.name, 'Other') AS body_name, \
         b.name AS brand_name, COUNT(*) AS n FROM vehicles v JOIN brands b ON b.id = v.brand_id \
         LEFT JOIN body_types bt ON bt.id = v.body_type_id \
         WHERE v.organization_id = $1 AND v.environment = $2 \
         GROUP BY v.listing_type, v.status, COALESCE(bt.name, 'Other'), b.name",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_all(&db.pool)
    .await?;
    let mut stats = VehicleStats {
        total_vehicles: 0,
        available_vehicles: 0,
        by_listing_type: ListingTypeCounts::default(),
        by_body_type: Breakdown::new(),
        by_brand: Breakdown::new(),
    };
    for row in rows {
        let n = row.try_get::<i64, _>("n")? as u64;
        stats.total_vehicles += n;
        if row.try_get::<String, _>("status")? == VehicleStatus::Available.as_str() {
            stats.available_vehicles += n;
        }
        match row
            .try_get::<String, _>("listing_type")?
            .parse::<ListingType>()
        {
            Ok(ListingType::Sale) => stats.by_listing_type.sale += n,
            Ok(ListingType::Rental) => stats.by_listing_type.rental += n,
            Ok(ListingType::Auction) => stats.by_listing_type.auction += n,
            Err(_) => {}
        }
        *stats
            .by_body_type
            .entry(row.try_get("body_name")?)
            .or_default() += n;
        *stats
            .by_brand
            .entry(row.try_get("brand_name")?)
            .or_default() += n;
    }
    Ok(stats)
}
