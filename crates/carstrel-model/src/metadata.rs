//! Global vehicle reference data: brands, models, body types, engines, generations, trims.

use crate::wire;
use std::collections::BTreeMap;

wire! {
/// `{id, name, slug}`: a model as listed inside its brand.
pub struct ModelRef {
    pub id: String,
    pub name: String,
    pub slug: String,
}
}

wire! {
/// How many of the caller's vehicles carry this brand, by listing type.
pub struct VehicleCounts {
    pub rental: u64,
    pub sale: u64,
    pub auction: u64,
    pub total: u64,
}
}

wire! {
pub struct Brand {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub logo_url: Option<String>,
    pub country_of_origin: Option<String>,
    pub models: Vec<ModelRef>,
    /// Counts over the calling organization's vehicles in the key's environment.
    pub vehicle_counts: VehicleCounts,
}
}

wire! {
/// `{id, name}` of a related record.
pub struct NamedRef {
    pub id: String,
    pub name: String,
}
}

wire! {
pub struct VehicleModel {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub brand: NamedRef,
    pub body_type: Option<NamedRef>,
}
}

wire! {
pub struct BodyType {
    pub id: String,
    pub name: String,
    pub code: String,
    pub description: Option<String>,
    pub icon_url: Option<String>,
}
}

wire! {
pub struct Engine {
    pub id: String,
    pub name: String,
    /// Lower-case fuel type as documented: `petrol`, `diesel`, `electric`, `hybrid`,
    /// `plugin_hybrid`.
    #[serde(rename = "type")]
    pub engine_type: String,
    /// Litres as a decimal string ("2.5"); `null` for electric motors.
    pub displacement: Option<String>,
    pub horsepower: Option<u32>,
    pub transmission: Option<String>,
}
}

wire! {
pub struct Generation {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub model: NamedRef,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
}
}

wire! {
pub struct Trim {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub model: NamedRef,
}
}

/// `GET /external/engine-types`.
pub const ENGINE_TYPES: [&str; 5] = ["PETROL", "DIESEL", "ELECTRIC", "HYBRID", "PLUGIN_HYBRID"];
/// `GET /external/transmission-types`.
pub const TRANSMISSION_TYPES: [&str; 5] = ["MANUAL", "AUTOMATIC", "CVT", "DCT", "SEMI_AUTOMATIC"];
/// `GET /external/drivetrain-types`.
pub const DRIVETRAIN_TYPES: [&str; 4] = ["FWD", "RWD", "AWD", "4WD"];

/// A name → count breakdown, ordered by name so that output is stable.
pub type Breakdown = BTreeMap<String, u64>;
