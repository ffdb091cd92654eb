//! Vehicle listings and their statistics.

use crate::{wire, Breakdown};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// `sale | rental | auction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ListingType {
    Sale,
    Rental,
    Auction,
}

impl ListingType {
    pub const ALL: [ListingType; 3] =
        [ListingType::Sale, ListingType::Rental, ListingType::Auction];

    pub fn as_str(self) -> &'static str {
        match self {
            ListingType::Sale => "sale",
            ListingType::Rental => "rental",
            ListingType::Auction => "auction",
        }
    }
}

impl fmt::Display for ListingType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ListingType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("listingType must be one of sale, rental, auction (got {s:?})"))
    }
}

/// Where a listing stands. Only `available` vehicles appear in `GET /external/vehicles`;
/// the others still count in the stats and travel through the changes feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum VehicleStatus {
    Available,
    Reserved,
    Sold,
}

impl VehicleStatus {
    pub const ALL: [VehicleStatus; 3] = [
        VehicleStatus::Available,
        VehicleStatus::Reserved,
        VehicleStatus::Sold,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VehicleStatus::Available => "available",
            VehicleStatus::Reserved => "reserved",
            VehicleStatus::Sold => "sold",
        }
    }
}

impl FromStr for VehicleStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("status must be one of available, reserved, sold (got {s:?})"))
    }
}

wire! {
pub struct VehicleBrand {
    pub id: String,
    pub name: String,
    pub logo_url: Option<String>,
}
}

wire! {
pub struct VehicleBodyType {
    pub id: String,
    pub name: String,
    pub code: String,
}
}

wire! {
pub struct VehicleModelInfo {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub brand: VehicleBrand,
    pub body_type: Option<VehicleBodyType>,
}
}

wire! {
pub struct VehicleEngine {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub engine_type: String,
    pub horsepower: Option<u32>,
    pub transmission: Option<String>,
}
}

wire! {
pub struct Media {
    pub id: String,
    pub url: String,
    /// `photo` or `video`.
    #[serde(rename = "type")]
    pub media_type: String,
    /// `exterior`, `interior`, `engine`, `other`.
    pub category: String,
    pub is_featured: bool,
    pub sort_order: u32,
}
}

wire! {
pub struct SaleOptions {
    pub price: f64,
    pub is_negotiable: bool,
    pub financing_available: bool,
}
}

wire! {
pub struct RentalOptions {
    pub daily_rate: f64,
    pub weekly_rate: Option<f64>,
    pub monthly_rate: Option<f64>,
    pub deposit: Option<f64>,
    pub min_rental_days: u32,
}
}

wire! {
pub struct AuctionOptions {
    pub starting_bid: f64,
    pub reserve_price: Option<f64>,
    pub current_bid: Option<f64>,
    /// RFC 3339.
    pub auction_end: Option<String>,
}
}

wire! {
#[derive(Default)]
pub struct Features {
    pub safety: Vec<String>,
    pub exterior: Vec<String>,
    pub interior: Vec<String>,
    pub entertainment: Vec<String>,
}
}

wire! {
pub struct PickupDetails {
    pub address: String,
    pub location_name: String,
}
}

wire! {
pub struct Vehicle {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub year: i32,
    pub mileage: i64,
    pub exterior_color: Option<String>,
    pub interior_color: Option<String>,
    pub listing_type: ListingType,
    pub status: VehicleStatus,
    pub model: VehicleModelInfo,
    pub engine: Option<VehicleEngine>,
    pub media: Vec<Media>,
    /// Present for `sale` listings, `null` otherwise.
    pub sale_options: Option<SaleOptions>,
    /// Present for `rental` listings, `null` otherwise.
    pub rental_options: Option<RentalOptions>,
    /// Present for `auction` listings, `null` otherwise.
    pub auction_options: Option<AuctionOptions>,
    pub features: Features,
    pub pickup_details: Option<PickupDetails>,
    /// The headline price the `minPrice`/`maxPrice` filters and the `price` sort use:
    /// the sale price, the daily rental rate, or the auction's starting bid.
    pub price: Option<f64>,
    /// Views recorded by `GET /external/vehicles/:id`.
    pub impressions_count: i64,
    pub created_date: String,
    pub updated_date: String,
    /// When the car went on the lot (RFC 3339). An addition to the docs; absent from
    /// servers without it (and from copies cached before it), hence the default.
    #[serde(default)]
    pub listed_date: Option<String>,
    /// Whole days on the lot when read: full UTC days since `listedDate` by the server's
    /// clock (`crate::rules::days_on_lot`). Recompute it from `listedDate` for a copy
    /// kept a while.
    #[serde(default)]
    pub days_on_lot: Option<u32>,
}
}

wire! {
#[derive(Default)]
pub struct ListingTypeCounts {
    pub sale: u64,
    pub rental: u64,
    pub auction: u64,
}
}

wire! {
pub struct VehicleStats {
    pub total_vehicles: u64,
    pub available_vehicles: u64,
    pub by_listing_type: ListingTypeCounts,
    pub by_body_type: Breakdown,
    pub by_brand: Breakdown,
}
}

wire! {
/// `PATCH /external/vehicles/:id` (scope `inventory:write`): a dealer edits a listing.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct VehicleUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VehicleStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::integral::option"
    )]
    pub mileage: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
}
