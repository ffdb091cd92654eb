//! Fetching a photo and making it ready to keep: where to fetch it from (the sandbox
//! rule), the download, and the thumbnail.

use super::{PhotoBytes, Variant, THUMB_MAX_WIDTH};
use anyhow::{bail, Context};
use image::ImageFormat;
use std::time::Duration;

/// No key goes with a photo request: media URLs may name any host (a CDN).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!(
            "carstrel-dealer-console/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .expect("a plain HTTP client builds")
}

/// The URL to fetch: for the sandbox, a `/media/` path on its current address.
pub fn resolve(url: &str, sandbox_base: Option<&str>) -> anyhow::Result<url::Url> {
    let parsed = url::Url::parse(url).with_context(|| format!("not a URL: {url}"))?;
    if let Some(base) = sandbox_base {
        if parsed.path().starts_with("/media/") {
            let mut moved = url::Url::parse(base).context("the sandbox's base URL")?;
            moved.set_path(parsed.path());
            moved.set_query(parsed.query());
            return Ok(moved);
        }
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        bail!("not an http(s) URL: {url}");
    }
    Ok(parsed)
}

/// The photo's bytes, refused unless the server said 200.
pub async fn download(http: &reqwest::Client, url: &url::Url) -> anyhow::Result<Vec<u8>> {
    let response = http.get(url.clone()).send().await?.error_for_status()?;
    Ok(response.bytes().await?.to_vec())
}

/// Checks the bytes decode, and for a thumbnail re-encodes them at most
/// [`THUMB_MAX_WIDTH`] wide (JPEG; PNG when the picture has transparency).
pub fn prepare(bytes: Vec<u8>, variant: Variant) -> anyhow::Result<PhotoBytes> {
    let format = image::guess_format(&bytes).context("not an image")?;
    let mime = mime_for(format).context("not a PNG, JPEG or WebP image")?;
    let picture = image::load_from_memory_with_format(&bytes, format).context("undecodable")?;
    if variant == Variant::Full {
        return Ok(PhotoBytes { bytes, mime });
    }
    let picture = if picture.width() > THUMB_MAX_WIDTH {
        picture.resize(
            THUMB_MAX_WIDTH,
            u32::MAX,
            image::imageops::FilterType::Triangle,
        )
    } else {
        picture
    };
    let mut out = std::io::Cursor::new(Vec::new());
    if picture.color().has_alpha() && !is_opaque(&picture) {
        picture.write_to(&mut out, ImageFormat::Png)?;
        return Ok(PhotoBytes {
            bytes: out.into_inner(),
            mime: "image/png",
        });
    }
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    picture.to_rgb8().write_with_encoder(encoder)?;
    Ok(PhotoBytes {
        bytes: out.into_inner(),
        mime: "image/jpeg",
    })
}

fn is_opaque(picture: &image::DynamicImage) -> bool {
    picture.to_rgba8().pixels().all(|p| p.0[3] == 255)
}

fn mime_for(format: ImageFormat) -> Option<&'static str> {
    match format {
        ImageFormat::Png => Some("image/png"),
        ImageFormat::Jpeg => Some("image/jpeg"),
        ImageFormat::WebP => Some("image/webp"),
        _ => None,
    }
}

/// The type of stored bytes, `None` when they are no image we keep.
pub fn mime_of(bytes: &[u8]) -> Option<&'static str> {
    mime_for(image::guess_format(bytes).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_fetches_media_paths_from_its_current_address() {
        let moved = resolve(
            "http://127.0.0.1:4000/media/vehicles/x/1.png",
            Some("http://127.0.0.1:5123"),
        )
        .unwrap();
        assert_eq!(
            moved.as_str(),
            "http://127.0.0.1:5123/media/vehicles/x/1.png"
        );
        let cdn = resolve(
            "https://cdn.example.com/a.jpg",
            Some("http://127.0.0.1:5123"),
        )
        .unwrap();
        assert_eq!(cdn.as_str(), "https://cdn.example.com/a.jpg");
        assert!(resolve("file:///etc/passwd", None).is_err());
        assert!(resolve("not a url", None).is_err());
    }

    #[test]
    fn a_thumbnail_is_at_most_480_wide_and_garbage_is_refused() {
        let big = image::RgbImage::from_pixel(1200, 800, image::Rgb([200, 10, 10]));
        let mut png = std::io::Cursor::new(Vec::new());
        big.write_to(&mut png, ImageFormat::Png).unwrap();
        let thumb = prepare(png.into_inner(), Variant::Thumb).unwrap();
        assert_eq!(thumb.mime, "image/jpeg");
        let decoded = image::load_from_memory(&thumb.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (480, 320));
        assert!(prepare(b"<html>not found</html>".to_vec(), Variant::Thumb).is_err());
        let mut cut = std::io::Cursor::new(Vec::new());
        big.write_to(&mut cut, ImageFormat::Png).unwrap();
        let mut cut = cut.into_inner();
        cut.truncate(cut.len() / 2);
        assert!(prepare(cut, Variant::Full).is_err());
    }
}
