//! What a vehicle's generated photo needs to know about it: found by the vehicle's id
//! alone, as a CDN serves a photo to anyone who has its address.

use crate::db::{json_col, Db};
use crate::error::Result;
use carstrel_model::Media;
use sqlx::Row;

/// The facts a photo is drawn from.
#[derive(Debug, Clone)]
pub struct PhotoFacts {
    pub name: String,
    pub exterior_color: Option<String>,
    pub body_code: Option<String>,
    pub media: Vec<Media>,
}

/// `None` when no vehicle has this id (in any dealer or environment).
pub async fn photo_facts(db: &Db, vehicle_id: &str) -> Result<Option<PhotoFacts>> {
    let row = sqlx::query(
        "SELECT v.name, v.exterior_color, v.media, bt.code AS body_code FROM vehicles v \
         LEFT JOIN body_types bt ON bt.id = v.body_type_id WHERE v.id = $1",
    )
    .bind(vehicle_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(PhotoFacts {
        name: row.try_get("name")?,
        exterior_color: row.try_get("exterior_color")?,
        body_code: row.try_get("body_code")?,
        media: json_col(&row, "media")?,
    }))
}
