//! The photo cache's index (storage only; the files and the network are `crate::photos`):
//! which content-addressed file holds which vehicle's photo, when it was last used, and
//! which photo is each cached vehicle's main one.

use super::Cache;
use crate::error::Result;
use carstrel_model::Media;

/// A thumbnail (what a sync keeps) or the photo as served (kept when a page opens it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    Thumb,
    Full,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Thumb => "thumb",
            Variant::Full => "full",
        }
    }
}

/// A stored file: its SHA-256 (hex, also its file name) and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoFile {
    pub hash: String,
    pub bytes: i64,
}

/// A cached vehicle's photo as its document lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoSource {
    pub vehicle_id: String,
    pub position: u32,
    pub url: String,
}

impl Cache {
    /// The file holding a photo. Reading it writes nothing: when it was used is noted by
    /// [`Cache::mark_photos_used`], in batches.
    pub async fn photo_file(
        &self,
        vehicle_id: &str,
        position: u32,
        variant: Variant,
    ) -> Result<Option<PhotoFile>> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT hash, bytes FROM photos WHERE vehicle_id = ?1 AND position = ?2 \
             AND variant = ?3",
        )
        .bind(vehicle_id)
        .bind(position)
        .bind(variant.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(hash, bytes)| PhotoFile { hash, bytes }))
    }

    /// Marks photos used at the given instants (milliseconds), in one statement; an
    /// instant older than the one recorded changes nothing.
    pub async fn mark_photos_used(&self, used: &[(String, u32, Variant, i64)]) -> Result<()> {
        for chunk in used.chunks(200) {
            let mut sql = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "UPDATE photos SET last_used = MAX(last_used, u.column4) FROM (",
            );
            sql.push_values(chunk, |mut row, (vehicle_id, position, variant, at)| {
                row.push_bind(vehicle_id)
                    .push_bind(*position)
                    .push_bind(variant.as_str())
                    .push_bind(*at);
            });
            sql.push(
                ") AS u WHERE photos.vehicle_id = u.column1 AND photos.position = u.column2 \
                 AND photos.variant = u.column3",
            );
            sql.build().execute(&self.pool).await?;
        }
        Ok(())
    }

    pub async fn put_photo_file(
        &self,
        source: &PhotoSource,
        variant: Variant,
        file: &PhotoFile,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO photos (vehicle_id, position, variant, hash, bytes, last_used) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (vehicle_id, position, variant) \
             DO UPDATE SET hash = excluded.hash, bytes = excluded.bytes, last_used = excluded.last_used",
        )
        .bind(&source.vehicle_id)
        .bind(source.position)
        .bind(variant.as_str())
        .bind(&file.hash)
        .bind(file.bytes)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets every photo stored in the file `hash` (found damaged).
    pub async fn forget_photo_file(&self, hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM photos WHERE hash = ?1")
            .bind(hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Distinct files and their total bytes.
    pub async fn photo_usage(&self) -> Result<(i64, i64)> {
        let (files, bytes): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), SUM(bytes) FROM (SELECT hash, MAX(bytes) AS bytes FROM photos GROUP BY hash)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((files, bytes.unwrap_or(0)))
    }

    /// Forgets the least recently used photos until the files fit in `budget` bytes;
    /// returns the files no photo uses any more, for the caller to delete.
    pub async fn evict_photos(&self, budget: i64) -> Result<Vec<String>> {
        let mut orphans = Vec::new();
        loop {
            let (_, used) = self.photo_usage().await?;
            if used <= budget {
                return Ok(orphans);
            }
            let oldest: Option<(String, i64, String, String)> = sqlx::query_as(
                "SELECT vehicle_id, position, variant, hash FROM photos \
                 ORDER BY last_used, vehicle_id, position LIMIT 1",
            )
            .fetch_optional(&self.pool)
            .await?;
            let Some((vehicle_id, position, variant, hash)) = oldest else {
                return Ok(orphans);
            };
            sqlx::query(
                "DELETE FROM photos WHERE vehicle_id = ?1 AND position = ?2 AND variant = ?3",
            )
            .bind(&vehicle_id)
            .bind(position)
            .bind(&variant)
            .execute(&self.pool)
            .await?;
            let still_used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM photos WHERE hash = ?1")
                .bind(&hash)
                .fetch_one(&self.pool)
                .await?;
            if still_used == 0 {
                orphans.push(hash);
            }
        }
    }

    /// Whether any photo still uses the file `hash`.
    pub async fn photo_file_used(&self, hash: &str) -> Result<bool> {
        let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM photos WHERE hash = ?1")
            .bind(hash)
            .fetch_one(&self.pool)
            .await?;
        Ok(used > 0)
    }

    /// Every cached vehicle's main photo (the featured one, else the first), and how
    /// many vehicles are cached.
    pub async fn main_photos(&self) -> Result<(Vec<PhotoSource>, u64)> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT v.id, json_extract(d.doc, '$.media') FROM vehicles v \
                 JOIN vehicle_docs d ON d.rid = v.rid ORDER BY v.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let total = rows.len() as u64;
        let mains = rows
            .into_iter()
            .filter_map(|(id, media)| {
                let media: Vec<Media> = serde_json::from_str(media.as_deref()?).ok()?;
                main_of(&id, &media)
            })
            .collect();
        Ok((mains, total))
    }

    /// A cached vehicle's photo at `position`; `None` when it has none there.
    pub async fn photo_source(
        &self,
        vehicle_id: &str,
        position: u32,
    ) -> Result<Option<PhotoSource>> {
        let media: Option<Option<String>> = sqlx::query_scalar(
            "SELECT json_extract(d.doc, '$.media') FROM vehicles v \
                 JOIN vehicle_docs d ON d.rid = v.rid WHERE v.id = ?1",
        )
        .bind(vehicle_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(media) = media.flatten() else {
            return Ok(None);
        };
        let media: Vec<Media> = serde_json::from_str(&media).unwrap_or_default();
        Ok(media
            .iter()
            .find(|m| m.sort_order == position)
            .map(|m| PhotoSource {
                vehicle_id: vehicle_id.to_owned(),
                position,
                url: m.url.clone(),
            }))
    }

    /// A cached vehicle's main photo.
    pub async fn main_photo_source(&self, vehicle_id: &str) -> Result<Option<PhotoSource>> {
        let media: Option<Option<String>> = sqlx::query_scalar(
            "SELECT json_extract(d.doc, '$.media') FROM vehicles v \
                 JOIN vehicle_docs d ON d.rid = v.rid WHERE v.id = ?1",
        )
        .bind(vehicle_id)
        .fetch_optional(&self.pool)
        .await?;
        let media: Vec<Media> = media
            .flatten()
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or_default();
        Ok(main_of(vehicle_id, &media))
    }
}

/// A vehicle's main photo: the featured one, else the first by `sortOrder`; videos are
/// not photos. The inventory's rows show it, and the photo cache keeps its thumbnail.
pub(crate) fn main_photo(media: &[Media]) -> Option<&Media> {
    let photos = media.iter().filter(|m| m.media_type == "photo");
    photos
        .clone()
        .find(|m| m.is_featured)
        .or_else(|| photos.min_by_key(|m| m.sort_order))
}

fn main_of(vehicle_id: &str, media: &[Media]) -> Option<PhotoSource> {
    let main = main_photo(media)?;
    Some(PhotoSource {
        vehicle_id: vehicle_id.to_owned(),
        position: main.sort_order,
        url: main.url.clone(),
    })
}
