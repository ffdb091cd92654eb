//! Demo photos: every demo media URL points at the serving server, which draws the PNG
//! on request (no key, as a CDN), the same bytes every time; unknown photos are 404s.

use crate::helpers::{spawn_app_with, Backend, TestApp};
use carstrel_testkit::ServerConfig;
use reqwest::Method;
use serde_json::Value;

fn media_urls(vehicle: &Value) -> Vec<String> {
    vehicle["media"]
        .as_array()
        .expect("media is a list")
        .iter()
        .map(|m| m["url"].as_str().expect("a url").to_owned())
        .collect()
}

async fn fetch(app: &TestApp, url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.http.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("the server answers")
}

fn decode(png_bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels decode");
    (info.width, info.height)
}

crate::backend_tests! {
    async fn every_vehicle_view_names_photos_this_server_serves(app: TestApp) {
        let key = app.live_key();
        let list = app.get("/external/vehicles?limit=100", key).await;
        let vehicles = list.data(200).as_array().unwrap().clone();
        assert!(!vehicles.is_empty());
        // A remembered page (before a detail read counts an impression) answers 304 to its own tag, with the final URLs in it.
        let etag = list.header("etag").expect("a list page has an ETag").to_owned();
        let again = app
            .request(Method::GET, "/external/vehicles?limit=100", Some(key), None, &[("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, 304);

        for vehicle in &vehicles {
            let id = vehicle["id"].as_str().unwrap();
            let urls = media_urls(vehicle);
            assert!(!urls.is_empty(), "every demo vehicle has photos");
            for (n, url) in urls.iter().enumerate() {
                assert_eq!(url, &format!("{}/media/vehicles/{id}/{}.png", app.base, n + 1));
            }
        }
        let first = vehicles[0]["id"].as_str().unwrap();
        let detail = app.get(&format!("/external/vehicles/{first}"), key).await;
        assert_eq!(media_urls(detail.data(200)), media_urls(&vehicles[0]));
        let feed = app.get("/external/vehicles/changes?since=0&limit=5", key).await;
        for change in feed.data(200)["changes"].as_array().unwrap() {
            for url in media_urls(&change["data"]) {
                assert!(url.starts_with(&format!("{}/media/vehicles/", app.base)), "{url}");
            }
        }
        // Each photo: a PNG of 800×533, public and cacheable for a day, no key needed.
        for url in media_urls(&vehicles[0]) {
            let response = fetch(&app, &url, &[]).await;
            assert_eq!(response.status(), 200, "{url}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-type"], "image/png");
            assert_eq!(headers["cache-control"], "public, max-age=86400, immutable");
            let etag = headers["etag"].to_str().unwrap().to_owned();
            let bytes = response.bytes().await.unwrap();
            assert_eq!(decode(&bytes), (800, 533));
            let not_modified = fetch(&app, &url, &[("if-none-match", &etag)]).await;
            assert_eq!(not_modified.status(), 304);
            assert_eq!(not_modified.headers()["etag"].to_str().unwrap(), etag);
        }
    }

    async fn photos_are_the_same_bytes_after_a_restart(app: TestApp) {
        let mut app = app;
        let list = app.get("/external/vehicles?limit=3", app.live_key()).await;
        let urls: Vec<String> = list.data(200).as_array().unwrap().iter().flat_map(media_urls).collect();
        let mut before = Vec::new();
        for url in &urls {
            before.push(fetch(&app, url, &[]).await.bytes().await.unwrap());
        }
        let distinct: std::collections::HashSet<_> = before.iter().collect();
        assert!(distinct.len() > 1, "photos differ by vehicle and category");
        // A new process draws them afresh (its cache starts empty): the same bytes.
        app.server.restart().await;
        for (url, bytes) in urls.iter().zip(&before) {
            assert_eq!(&fetch(&app, url, &[]).await.bytes().await.unwrap(), bytes, "{url}");
        }
    }

    async fn an_unknown_vehicle_or_photo_is_a_404_in_the_documented_shape(app: TestApp) {
        let list = app.get("/external/vehicles?limit=1", app.live_key()).await;
        let vehicle = &list.data(200)[0];
        let id = vehicle["id"].as_str().unwrap();
        let photos = media_urls(vehicle).len();
        let unknown = uuid::Uuid::new_v4();
        for path in [
            format!("/media/vehicles/{unknown}/1.png"),
            format!("/media/vehicles/{id}/{}.png", photos + 1),
            format!("/media/vehicles/{id}/0.png"),
            format!("/media/vehicles/{id}/01.png"),
            format!("/media/vehicles/{id}/1.jpg"),
            format!("/media/vehicles/{id}/99999999999999999999.png"),
            format!("/media/vehicles/{id}/%2e%2e.png"),
            "/media/vehicles/not-a-uuid/1.png".to_owned(),
            "/media/vehicles/'%20OR%201=1--/1.png".to_owned(),
        ] {
            let reply = app.request(Method::GET, &path, None, None, &[]).await;
            reply.assert_error(404);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_url_names_the_origin_clients_use() {
    let config = ServerConfig {
        public_url: Some("https://cars.example.com/".into()),
        ..ServerConfig::default()
    };
    let app = spawn_app_with(Backend::Sqlite, config).await.unwrap();
    let list = app.get("/external/vehicles?limit=2", app.live_key()).await;
    for vehicle in list.data(200).as_array().unwrap() {
        for url in media_urls(vehicle) {
            assert!(
                url.starts_with("https://cars.example.com/media/vehicles/"),
                "{url}"
            );
        }
    }
}
