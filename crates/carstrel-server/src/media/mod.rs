//! Demo photos: drawn on request from the vehicle (see [`draw`]), remembered in a
//! bounded in-memory cache, never stored in the database.
//!
//! Demo media URLs are stored as [`ORIGIN_TOKEN`]`/media/vehicles/{id}/{n}.png`: the
//! server's own address is only known once it listens (the sandbox gets a new port on
//! every launch over the same database), so the token is replaced by the server's public
//! URL as responses leave (`http::media_origin`).

pub mod draw;

use crate::db::Db;
use crate::error::Result;
use crate::memo::etag_of;
use axum::body::Bytes;
use axum::http::HeaderValue;

/// Stands for the serving server's origin in stored media URLs. An `.invalid` host
/// (RFC 2606), so a URL that ever escaped unreplaced points nowhere rather than at
/// someone else's server.
pub const ORIGIN_TOKEN: &str = "https://media-origin.carstrel.invalid";

/// The stored URL of a demo vehicle's `n`th photo (1-based).
pub fn demo_url(vehicle_id: &str, n: u32) -> String {
    format!("{ORIGIN_TOKEN}/media/vehicles/{vehicle_id}/{n}.png")
}

/// A drawn photo and its entity tag.
#[derive(Debug, Clone)]
pub struct Photo {
    pub png: Bytes,
    pub etag: HeaderValue,
}

/// Recently drawn photos, bounded by their bytes (a photo is ~20 KB; the default holds
/// a few thousand).
#[derive(Debug)]
pub struct PhotoCache {
    photos: moka::sync::Cache<(String, u32), Photo>,
}

impl Default for PhotoCache {
    fn default() -> Self {
        PhotoCache::with_capacity_bytes(64 * 1024 * 1024)
    }
}

impl PhotoCache {
    pub fn with_capacity_bytes(bytes: u64) -> PhotoCache {
        PhotoCache {
            photos: moka::sync::Cache::builder()
                .max_capacity(bytes)
                .weigher(|_, photo: &Photo| u32::try_from(photo.png.len()).unwrap_or(u32::MAX))
                .build(),
        }
    }

    /// The `n`th photo (1-based, its `sortOrder`) of a vehicle, or `None` when there is
    /// no such vehicle or photo. `photo` is the last path segment, `{n}.png`.
    pub async fn photo(&self, db: &Db, vehicle_id: &str, photo: &str) -> Result<Option<Photo>> {
        let Some(n) = photo_number(photo) else {
            return Ok(None);
        };
        if uuid::Uuid::parse_str(vehicle_id).is_err() {
            return Ok(None);
        }
        let key = (vehicle_id.to_owned(), n);
        if let Some(photo) = self.photos.get(&key) {
            return Ok(Some(photo));
        }
        let Some(facts) = crate::store::media::photo_facts(db, vehicle_id).await? else {
            return Ok(None);
        };
        let Some(media) = facts.media.iter().find(|m| m.sort_order == n) else {
            return Ok(None);
        };
        let subject = draw::Subject {
            name: facts.name.clone(),
            body_code: facts.body_code.clone(),
            colour: facts.exterior_color.clone(),
            category: media.category.clone(),
        };
        // Drawing and encoding take a few milliseconds of CPU: off the async workers.
        let png = tokio::task::spawn_blocking(move || draw::png(&subject))
            .await
            .map_err(anyhow::Error::from)?;
        let photo = Photo {
            etag: etag_of(&png),
            png: Bytes::from(png),
        };
        self.photos.insert(key, photo.clone());
        Ok(Some(photo))
    }
}

/// `3.png` → 3; anything else (`0.png`, `03.png`, `3.jpg`, `x.png`) → `None`.
fn photo_number(segment: &str) -> Option<u32> {
    let digits = segment.strip_suffix(".png")?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_positive_numbers_name_a_photo() {
        assert_eq!(super::photo_number("1.png"), Some(1));
        assert_eq!(super::photo_number("12.png"), Some(12));
        for bad in [
            "0.png",
            "01.png",
            ".png",
            "1.jpg",
            "1",
            "-1.png",
            "99999999999.png",
            "1.png.png",
        ] {
            assert_eq!(super::photo_number(bad), None, "{bad}");
        }
    }
}
