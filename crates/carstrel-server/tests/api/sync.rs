//! The additions for the console: changes feeds with tombstones, ETag / If-None-Match,
//! If-Match on PATCH, and Idempotency-Key on POST.

use crate::backend_tests;
use crate::helpers::{TestApp, DEMO_CUSTOMERS, DEMO_VEHICLES};
use reqwest::Method;
use serde_json::{json, Value};

/// Walks a changes feed from `since` to its end: (changes, the last `nextSince`).
async fn drain(app: &TestApp, feed: &str, since: i64, limit: u32) -> (Vec<Value>, i64) {
    let (mut all, mut since) = (Vec::new(), since);
    loop {
        let reply = app
            .get(
                &format!("/external/{feed}/changes?since={since}&limit={limit}"),
                app.live_key(),
            )
            .await;
        let page = reply.data(200).clone();
        all.extend(page["changes"].as_array().unwrap().iter().cloned());
        since = page["nextSince"].as_i64().unwrap();
        if page["hasMore"] == false {
            return (all, since);
        }
    }
}

backend_tests! {
    async fn a_full_pull_then_deltas_with_tombstones(app: TestApp) {
        let (changes, cursor) = drain(&app, "vehicles", 0, 16).await;
        assert_eq!(changes.len(), DEMO_VEHICLES, "every vehicle of every status, once");
        let seqs: Vec<i64> = changes.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "sequence numbers grow");
        assert!(changes.iter().all(|c| c["op"] == "upsert" && c["data"]["id"] == c["id"]));
        // Nothing new: an empty page that keeps the cursor.
        let (none, same) = drain(&app, "vehicles", cursor, 16).await;
        assert!(none.is_empty());
        assert_eq!(same, cursor);

        // A staff edit and a deletion show up as one upsert and one tombstone.
        let edited = changes[0]["id"].as_str().unwrap();
        let reply = app.patch(&format!("/external/vehicles/{edited}"), app.live_key(), json!({"status": "sold"})).await;
        assert_eq!(reply.data(200)["status"], "sold");
        // A listing with test-drive requests is kept (409, nothing in the feed): mark it sold instead.
        let (drives, _) = drain(&app, "test-drives", 0, 100).await;
        let booked: Vec<&str> = drives.iter().filter_map(|d| d["data"]["vehicleId"].as_str()).collect();
        let refused = app.request(Method::DELETE, &format!("/external/vehicles/{}", booked[0]), Some(app.live_key()), None, &[]).await;
        assert!(refused.assert_error(409).contains("mark it sold"));
        let doomed = changes
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .find(|id| *id != edited && !booked.contains(id))
            .unwrap();
        let deleted = app.request(Method::DELETE, &format!("/external/vehicles/{doomed}"), Some(app.live_key()), None, &[]).await;
        assert_eq!(deleted.status, 204);
        let (delta, _) = drain(&app, "vehicles", cursor, 16).await;
        assert_eq!(delta.len(), 2, "{delta:?}");
        assert_eq!(delta[0]["id"], edited);
        assert_eq!(delta[0]["data"]["status"], "sold");
        assert_eq!(delta[1]["id"], doomed);
        assert_eq!(delta[1]["op"], "delete");
        assert!(delta[1]["data"].is_null());
        app.get(&format!("/external/vehicles/{doomed}"), app.live_key()).await.assert_error(404);

        let (customers, _) = drain(&app, "customers", 0, 100).await;
        assert_eq!(customers.len(), DEMO_CUSTOMERS);
        assert!(!drives.is_empty(), "the demo has test drives");
    }

    async fn etags_answer_304_when_nothing_changed(app: TestApp) {
        let first = app.get("/external/brands", app.live_key()).await;
        let etag = first.header("etag").expect("an ETag").to_owned();
        let again = app.request(Method::GET, "/external/brands", Some(app.live_key()), None, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, 304);
        assert!(again.body.is_null());
        assert!(again.header("x-ratelimit-remaining").is_some());
        let stale = app.request(Method::GET, "/external/brands", Some(app.live_key()), None, &[("if-none-match", "\"stale\"")]).await;
        assert_eq!(stale.status, 200);
        assert_eq!(stale.body, first.body);
    }

    async fn a_stale_if_match_gets_412_and_changes_nothing(app: TestApp) {
        let id = app.get("/external/customers?limit=1", app.live_key()).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        let path = format!("/external/customers/{id}");
        let read = app.get(&path, app.live_key()).await;
        let etag = read.header("etag").expect("a versioned ETag").to_owned();
        let mine = app.request(Method::PATCH, &path, Some(app.live_key()), Some(json!({"notes": "first"})), &[("if-match", &etag)]).await;
        mine.data(200);
        let new_etag = mine.header("etag").unwrap().to_owned();
        assert_ne!(new_etag, etag);
        // A second writer still holding the old version is refused…
        let theirs = app.request(Method::PATCH, &path, Some(app.live_key()), Some(json!({"notes": "second"})), &[("if-match", &etag)]).await;
        theirs.assert_error(412);
        assert_eq!(app.get(&path, app.live_key()).await.data(200)["notes"], "first");
        // …and succeeds once it has read the current one.
        let retry = app.request(Method::PATCH, &path, Some(app.live_key()), Some(json!({"notes": "second"})), &[("if-match", &new_etag)]).await;
        assert_eq!(retry.data(200)["notes"], "second");
    }

    async fn a_retried_post_with_the_same_idempotency_key_creates_one_test_drive(app: TestApp) {
        let vehicle = app.get("/external/vehicles?limit=1", app.live_key()).await.data(200)[0]["id"].clone();
        let request = json!({"vehicleId": vehicle, "name": "Idem Potent", "email": "idem@example.com"});
        let headers = [("idempotency-key", "retry-7f3a")];
        let first = app.request(Method::POST, "/external/test-drives", Some(app.live_key()), Some(request.clone()), &headers).await;
        let second = app.request(Method::POST, "/external/test-drives", Some(app.live_key()), Some(request.clone()), &headers).await;
        assert_eq!(first.data(201)["id"], second.data(201)["id"]);
        assert_eq!(second.header("idempotent-replayed"), Some("true"));
        let list = app.get("/external/test-drives?limit=100", app.live_key()).await;
        let mine = list.data(200).as_array().unwrap().iter().filter(|d| d["email"] == "idem@example.com").count();
        assert_eq!(mine, 1);
        // The same key with a different body is a client error, not a silent replay.
        let other = json!({"vehicleId": vehicle, "name": "Someone Else", "email": "else@example.com"});
        let clash = app.request(Method::POST, "/external/test-drives", Some(app.live_key()), Some(other), &headers).await;
        assert!(clash.status == 409 || clash.status == 422, "{clash:?}");
        clash.assert_error(clash.status);
        // Keys are per API key: another dealer using the same string creates its own.
        let theirs = app.get("/external/vehicles?limit=1", app.other_org_key()).await.data(200)[0]["id"].clone();
        let request = json!({"vehicleId": theirs, "name": "Idem Potent", "email": "idem@example.com"});
        let other_org = app.request(Method::POST, "/external/test-drives", Some(app.other_org_key()), Some(request), &headers).await;
        assert_ne!(other_org.data(201)["id"], first.data(201)["id"]);
    }

    async fn a_patch_resent_with_its_idempotency_key_applies_once(app: TestApp) {
        let id = app.get("/external/customers?limit=1", app.live_key()).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        let path = format!("/external/customers/{id}");
        let etag = app.get(&path, app.live_key()).await.header("etag").unwrap().to_owned();
        let headers = [("if-match", etag.as_str()), ("idempotency-key", "outbox-entry-42")];
        let change = json!({"tags": ["offline-edit"]});
        let first = app.request(Method::PATCH, &path, Some(app.live_key()), Some(change.clone()), &headers).await;
        let version = first.data(200)["version"].as_i64().unwrap();
        // The console crashed before recording the reply, and sends the entry again.
        let again = app.request(Method::PATCH, &path, Some(app.live_key()), Some(change), &headers).await;
        assert_eq!(again.data(200)["version"].as_i64().unwrap(), version, "applied once");
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        let now = app.get(&path, app.live_key()).await;
        assert_eq!(now.data(200)["version"].as_i64().unwrap(), version);
        // A different edit under the same key is refused, not replayed.
        let other = json!({"tags": ["something-else"]});
        let clash = app.request(Method::PATCH, &path, Some(app.live_key()), Some(other), &headers).await;
        clash.assert_error(422);
    }
}
