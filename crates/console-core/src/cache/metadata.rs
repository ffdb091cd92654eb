//! Reference data offline: brands (with their models and vehicle counts), models, body
//! types, engines, generations, trims, and the engine/transmission/drivetrain lists, in
//! the server's order, for the console's pickers and filters.

use super::Cache;
use crate::error::{Error, Result};
use carstrel_model::{BodyType, Brand, Engine, Generation, Trim, VehicleCounts, VehicleModel};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub(crate) const ENGINE_TYPES_KIND: &str = "engine_types";
pub(crate) const TRANSMISSION_TYPES_KIND: &str = "transmission_types";
pub(crate) const DRIVETRAIN_TYPES_KIND: &str = "drivetrain_types";

/// All reference data, as the metadata endpoints serve it (every page of each).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `GET /external/brands`, ordered by name.
    pub brands: Vec<Brand>,
    /// `GET /external/models`.
    pub models: Vec<VehicleModel>,
    pub body_types: Vec<BodyType>,
    pub engines: Vec<Engine>,
    pub generations: Vec<Generation>,
    pub trims: Vec<Trim>,
    pub engine_types: Vec<String>,
    pub transmission_types: Vec<String>,
    pub drivetrain_types: Vec<String>,
}

impl Cache {
    /// All cached reference data. Each brand's `vehicleCounts` is counted from the cached
    /// inventory (available vehicles, as the server counts), so it stays right as vehicle
    /// deltas arrive between metadata syncs.
    pub async fn metadata(&self) -> Result<Metadata> {
        let mut brands: Vec<Brand> = self
            .docs("SELECT doc FROM brands ORDER BY position")
            .await?;
        let mut counts = self.brand_counts().await?;
        for brand in &mut brands {
            brand.vehicle_counts = counts.remove(&brand.id).unwrap_or(VehicleCounts {
                rental: 0,
                sale: 0,
                auction: 0,
                total: 0,
            });
        }
        Ok(Metadata {
            brands,
            models: self
                .docs("SELECT doc FROM models ORDER BY position")
                .await?,
            body_types: self
                .docs("SELECT doc FROM body_types ORDER BY position")
                .await?,
            engines: self
                .docs("SELECT doc FROM engines ORDER BY position")
                .await?,
            generations: self
                .docs("SELECT doc FROM generations ORDER BY position")
                .await?,
            trims: self.docs("SELECT doc FROM trims ORDER BY position").await?,
            engine_types: self.enum_values(ENGINE_TYPES_KIND).await?,
            transmission_types: self.enum_values(TRANSMISSION_TYPES_KIND).await?,
            drivetrain_types: self.enum_values(DRIVETRAIN_TYPES_KIND).await?,
        })
    }

    /// The models of one brand (`GET /external/brands/:id/models`), for a model picker.
    pub async fn models_of_brand(&self, brand_id: &str) -> Result<Vec<VehicleModel>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT doc FROM models WHERE brand_id = ? ORDER BY position")
                .bind(brand_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|doc| serde_json::from_str(doc).map_err(Error::from))
            .collect()
    }

    /// Available vehicles per brand and listing type, the server's `vehicleCounts`.
    async fn brand_counts(&self) -> Result<HashMap<String, VehicleCounts>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT brand_id, listing_type, COUNT(*) FROM vehicles \
             WHERE status = 'available' GROUP BY brand_id, listing_type",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut counts: HashMap<String, VehicleCounts> = HashMap::new();
        for (brand_id, listing_type, n) in rows {
            let entry = counts.entry(brand_id).or_insert(VehicleCounts {
                rental: 0,
                sale: 0,
                auction: 0,
                total: 0,
            });
            let n = n as u64;
            match listing_type.as_str() {
                "sale" => entry.sale += n,
                "rental" => entry.rental += n,
                _ => entry.auction += n,
            }
            entry.total += n;
        }
        Ok(counts)
    }

    async fn enum_values(&self, kind: &str) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM enum_values WHERE kind = ? ORDER BY position")
                .bind(kind)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Decodes the `doc` column of every row `sql` selects.
    pub(crate) async fn docs<T: DeserializeOwned>(&self, sql: &str) -> Result<Vec<T>> {
        let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|doc| serde_json::from_str(doc).map_err(Error::from))
            .collect()
    }
}
