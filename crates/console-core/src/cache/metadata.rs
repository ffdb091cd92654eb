//! Reference data offline: brands (with their models and vehicle counts), models, body
//! types, engines, generations, trims, and the engine/transmission/drivetrain lists, in
//! the server's order, for the console's pickers and filters; replaced as a whole by a
//! metadata sync.

use super::checkpoint::{write_checkpoint, Checkpoint, Feed};
use super::params::now_ms;
use super::Cache;
use crate::error::{Error, Result};
use carstrel_model::{BodyType, Brand, Engine, Generation, Trim, VehicleCounts, VehicleModel};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const ENGINE_TYPES_KIND: &str = "engine_types";
const TRANSMISSION_TYPES_KIND: &str = "transmission_types";
const DRIVETRAIN_TYPES_KIND: &str = "drivetrain_types";

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

    /// Replaces all reference data in one transaction, so a screen never sees brands of
    /// one sync with models of another.
    pub async fn replace_metadata(&self, metadata: &Metadata) -> Result<()> {
        let mut tx = self.write().await?;
        for table in [
            "brands",
            "models",
            "body_types",
            "engines",
            "generations",
            "trims",
            "enum_values",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for (n, brand) in metadata.brands.iter().enumerate() {
            sqlx::query("INSERT INTO brands (id, position, name, doc) VALUES (?, ?, ?, ?)")
                .bind(&brand.id)
                .bind(n as i64)
                .bind(&brand.name)
                .bind(serde_json::to_string(brand)?)
                .execute(&mut *tx)
                .await?;
        }
        for (n, model) in metadata.models.iter().enumerate() {
            sqlx::query(
                "INSERT INTO models (id, position, brand_id, name, doc) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(&model.id)
            .bind(n as i64)
            .bind(&model.brand.id)
            .bind(&model.name)
            .bind(serde_json::to_string(model)?)
            .execute(&mut *tx)
            .await?;
        }
        let simple = [
            ("body_types", docs(&metadata.body_types, |b| &b.id)?),
            ("engines", docs(&metadata.engines, |e| &e.id)?),
        ];
        for (table, rows) in simple {
            for (n, (id, doc)) in rows.into_iter().enumerate() {
                sqlx::query(&format!(
                    "INSERT INTO {table} (id, position, doc) VALUES (?, ?, ?)"
                ))
                .bind(id)
                .bind(n as i64)
                .bind(doc)
                .execute(&mut *tx)
                .await?;
            }
        }
        let per_model = [
            (
                "generations",
                docs(&metadata.generations, |g| &g.id)?,
                metadata
                    .generations
                    .iter()
                    .map(|g| &g.model.id)
                    .collect::<Vec<_>>(),
            ),
            (
                "trims",
                docs(&metadata.trims, |t| &t.id)?,
                metadata.trims.iter().map(|t| &t.model.id).collect(),
            ),
        ];
        for (table, rows, model_ids) in per_model {
            for (n, ((id, doc), model_id)) in rows.into_iter().zip(model_ids).enumerate() {
                sqlx::query(&format!(
                    "INSERT INTO {table} (id, position, model_id, doc) VALUES (?, ?, ?, ?)"
                ))
                .bind(id)
                .bind(n as i64)
                .bind(model_id)
                .bind(doc)
                .execute(&mut *tx)
                .await?;
            }
        }
        for (kind, values) in [
            (ENGINE_TYPES_KIND, &metadata.engine_types),
            (TRANSMISSION_TYPES_KIND, &metadata.transmission_types),
            (DRIVETRAIN_TYPES_KIND, &metadata.drivetrain_types),
        ] {
            for (n, value) in values.iter().enumerate() {
                sqlx::query("INSERT INTO enum_values (kind, position, value) VALUES (?, ?, ?)")
                    .bind(kind)
                    .bind(n as i64)
                    .bind(value)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let checkpoint = Checkpoint {
            since: 0,
            completed_full: true,
            last_synced_at_ms: Some(now_ms()),
        };
        write_checkpoint(&mut tx, Feed::Metadata, &checkpoint).await?;
        tx.commit().await?;
        Ok(())
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

/// `(id, JSON)` of each item, in order.
fn docs<T: Serialize>(items: &[T], id: impl Fn(&T) -> &String) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .map(|item| Ok((id(item).clone(), serde_json::to_string(item)?)))
        .collect()
}
