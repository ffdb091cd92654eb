//! Inventory aging (an addition to the docs): how long cars have been on the lot, and
//! what their prices did meanwhile.

use crate::wire;

wire! {
/// One entry of `GET /external/vehicles/{id}/price-history`, oldest first; the first is
/// the listing price.
pub struct PricePoint {
    /// The headline price from then on (sale price, daily rate or starting bid).
    pub price: f64,
    /// RFC 3339.
    pub changed_date: String,
}
}

wire! {
/// One bar of the aging chart: available vehicles whose `daysOnLot` lies in
/// `minDays..=maxDays` (`maxDays` is null for the last, open-ended bucket).
pub struct AgingBucket {
    pub label: String,
    pub min_days: u32,
    pub max_days: Option<u32>,
    pub count: u64,
}
}

wire! {
/// `GET /external/vehicles/stats/aging`, over the available vehicles (those the list
/// shows): the buckets' counts add up to that stock.
pub struct AgingStats {
    /// Mean `daysOnLot`, to one decimal; 0 without stock.
    pub average_days_on_lot: f64,
    pub buckets: Vec<AgingBucket>,
}
}
