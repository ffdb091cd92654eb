//! Global reference data. Brands also carry the caller's vehicle counts.

use crate::db::Db;
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::rules::Paging;
use carstrel_model::{
    BodyType, Brand, Engine, Generation, ModelRef, NamedRef, Trim, VehicleCounts, VehicleModel,
};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// `$from, $from+1, …` placeholders for an `IN (…)` list of `n` values.
pub fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn count(db: &Db, table: &str) -> Result<u64> {
    let row = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get::<i64, _>(0)? as u64)
}

const BRAND_COLUMNS: &str = "id, name, slug, logo_url, country_of_origin";

pub async fn brands(db: &Db, caller: &Caller, paging: Paging) -> Result<(Vec<Brand>, u64)> {
    let rows = sqlx::query(&format!(
        "SELECT {BRAND_COLUMNS} FROM brands ORDER BY name, id LIMIT $1 OFFSET $2"
    ))
    .bind(i64::from(paging.limit))
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok((
        assemble_brands(db, caller, rows).await?,
        count(db, "brands").await?,
    ))
}

pub async fn brand(db: &Db, caller: &Caller, id: &str) -> Result<Brand> {
    let row = sqlx::query(&format!("SELECT {BRAND_COLUMNS} FROM brands WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Brand"))?;
    Ok(assemble_brands(db, caller, vec![row]).await?.remove(0))
}

/// Adds models and vehicle counts to a page of brands in two queries, not one per brand.
async fn assemble_brands(db: &Db, caller: &Caller, rows: Vec<AnyRow>) -> Result<Vec<Brand>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<sqlx::Result<_>>()?;
    let mut models: HashMap<String, Vec<ModelRef>> = HashMap::new();
    let sql = format!(
        "SELECT id, brand_id, name, slug FROM models WHERE brand_id IN ({}) ORDER BY name, id",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in &ids {
        query = query.bind(id);
    }
    for row in query.fetch_all(&db.pool).await? {
        models
            .entry(row.try_get("brand_id")?)
            .or_default()
            .push(ModelRef {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                slug: row.try_get("slug")?,
            });
    }
    let mut counts: HashMap<String, VehicleCounts> = HashMap::new();
    let sql = format!(
        "SELECT brand_id, listing_type, COUNT(*) AS n FROM vehicles \
         WHERE organization_id = $1 AND environment = $2 AND status = 'available' \
         AND brand_id IN ({}) GROUP BY brand_id, listing_type",
        placeholders(3, ids.len())
    );
    let mut query = sqlx::query(&sql)
        .bind(&caller.org_id)
        .bind(caller.env_str());
    for id in &ids {
        query = query.bind(id);
    }
    for row in query.fetch_all(&db.pool).await? {
        let entry = counts
            .entry(row.try_get("brand_id")?)
            .or_insert(VehicleCounts {
                rental: 0,
                sale: 0,
                auction: 0,
                total: 0,
            });
        let n = row.try_get::<i64, _>("n")? as u64;
        match row.try_get::<String, _>("listing_type")?.as_str() {
            "sale" => entry.sale += n,
            "rental" => entry.rental += n,
            _ => entry.auction += n,
        }
        entry.total += n;
    }
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok(Brand {
                name: row.try_get("name")?,
                slug: row.try_get("slug")?,
                logo_url: row.try_get("logo_url")?,
                country_of_origin: row.try_get("country_of_origin")?,
                models: models.remove(&id).unwrap_or_default(),
                vehicle_counts: counts.remove(&id).unwrap_or(VehicleCounts {
                    rental: 0,
                    sale: 0,
                    auction: 0,
                    total: 0,
                }),
                id,
            })
        })
        .collect()
}

const MODEL_SELECT: &str = "SELECT m.id, m.name, m.slug, b.id AS brand_id, b.name AS brand_name, \
     bt.id AS body_id, bt.name AS body_name FROM models m JOIN brands b ON b.id = m.brand_id \
     LEFT JOIN body_types bt ON bt.id = m.body_type_id";

fn model(row: &AnyRow) -> sqlx::Result<VehicleModel> {
    let body_id: Option<String> = row.try_get("body_id")?;
    Ok(VehicleModel {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        slug: row.try_get("slug")?,
        brand: NamedRef {
            id: row.try_get("brand_id")?,
            name: row.try_get("brand_name")?,
        },
        body_type: match body_id {
            Some(id) => Some(NamedRef {
                id,
                name: row.try_get("body_name")?,
            }),
            None => None,
        },
    })
}

/// Every model, or a brand's models. A brand id that names no brand is a 404 when asked
/// through `/brands/:id/models`, and simply matches nothing as a filter.
pub async fn models(db: &Db, brand_id: Option<&str>) -> Result<Vec<VehicleModel>> {
    let rows = match brand_id {
        Some(id) => {
            sqlx::query(&format!(
                "{MODEL_SELECT} WHERE m.brand_id = $1 ORDER BY m.name, m.id"
            ))
            .bind(id)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query(&format!("{MODEL_SELECT} ORDER BY b.name, m.name, m.id"))
                .fetch_all(&db.pool)
                .await?
        }
    };
    Ok(rows.iter().map(model).collect::<sqlx::Result<_>>()?)
}

pub async fn brand_exists(db: &Db, id: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT id FROM brands WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

pub async fn model_by_id(db: &Db, id: &str) -> Result<VehicleModel> {
    let row = sqlx::query(&format!("{MODEL_SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Model"))?;
    Ok(model(&row)?)
}

fn body_type(row: &AnyRow) -> sqlx::Result<BodyType> {
    Ok(BodyType {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        code: row.try_get("code")?,
        description: row.try_get("description")?,
        icon_url: row.try_get("icon_url")?,
    })
}

const BODY_SELECT: &str = "SELECT id, name, code, description, icon_url FROM body_types";

pub async fn body_types(db: &Db) -> Result<Vec<BodyType>> {
    let rows = sqlx::query(&format!("{BODY_SELECT} ORDER BY name, id"))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.iter().map(body_type).collect::<sqlx::Result<_>>()?)
}

pub async fn body_type_by_id(db: &Db, id: &str) -> Result<BodyType> {
    let row = sqlx::query(&format!("{BODY_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Body type"))?;
    Ok(body_type(&row)?)
}

fn engine(row: &AnyRow) -> sqlx::Result<Engine> {
    Ok(Engine {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        engine_type: row.try_get("engine_type")?,
        displacement: row.try_get("displacement")?,
        horsepower: row
            .try_get::<Option<i64>, _>("horsepower")?
            .map(|h| h as u32),
        transmission: row.try_get("transmission")?,
    })
}

const ENGINE_SELECT: &str =
    "SELECT id, name, engine_type, displacement, horsepower, transmission FROM engines";

pub async fn engines(db: &Db) -> Result<Vec<Engine>> {
    let rows = sqlx::query(&format!("{ENGINE_SELECT} ORDER BY name, id"))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.iter().map(engine).collect::<sqlx::Result<_>>()?)
}

pub async fn engine_by_id(db: &Db, id: &str) -> Result<Engine> {
    let row = sqlx::query(&format!("{ENGINE_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Engine"))?;
    Ok(engine(&row)?)
}

fn generation(row: &AnyRow) -> sqlx::Result<Generation> {
    Ok(Generation {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        slug: row.try_get("slug")?,
        model: NamedRef {
            id: row.try_get("model_id")?,
            name: row.try_get("model_name")?,
        },
        start_year: row
            .try_get::<Option<i64>, _>("start_year")?
            .map(|y| y as i32),
        end_year: row.try_get::<Option<i64>, _>("end_year")?.map(|y| y as i32),
    })
}

const GENERATION_SELECT: &str = "SELECT g.id, g.name, g.slug, g.start_year, g.end_year, \
     m.id AS model_id, m.name AS model_name FROM generations g JOIN models m ON m.id = g.model_id";

pub async fn generations(db: &Db, paging: Paging) -> Result<(Vec<Generation>, u64)> {
    let rows = sqlx::query(&format!(
        "{GENERATION_SELECT} ORDER BY m.name, g.start_year, g.id LIMIT $1 OFFSET $2"
    ))
    .bind(i64::from(paging.limit))
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    let items = rows.iter().map(generation).collect::<sqlx::Result<_>>()?;
    Ok((items, count(db, "generations").await?))
}

pub async fn generation_by_id(db: &Db, id: &str) -> Result<Generation> {
    let row = sqlx::query(&format!("{GENERATION_SELECT} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Generation"))?;
    Ok(generation(&row)?)
}

fn trim(row: &AnyRow) -> sqlx::Result<Trim> {
    Ok(Trim {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        slug: row.try_get("slug")?,
        model: NamedRef {
            id: row.try_get("model_id")?,
            name: row.try_get("model_name")?,
        },
    })
}

const TRIM_SELECT: &str = "SELECT t.id, t.name, t.slug, m.id AS model_id, m.name AS model_name \
     FROM trims t JOIN models m ON m.id = t.model_id";

pub async fn trims(db: &Db, paging: Paging) -> Result<(Vec<Trim>, u64)> {
    let rows = sqlx::query(&format!(
        "{TRIM_SELECT} ORDER BY m.name, t.name, t.id LIMIT $1 OFFSET $2"
    ))
    .bind(i64::from(paging.limit))
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    let items = rows.iter().map(trim).collect::<sqlx::Result<_>>()?;
    Ok((items, count(db, "trims").await?))
}

pub async fn trim_by_id(db: &Db, id: &str) -> Result<Trim> {
    let row = sqlx::query(&format!("{TRIM_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Trim"))?;
    Ok(trim(&row)?)
}
