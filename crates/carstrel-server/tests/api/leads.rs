//! Leads: opened by every signal the site sends and by staff, one open lead per person,
//! worked with If-Match and Idempotency-Key, the history, the changes feed and the stats.

use crate::backend_tests;
use crate::helpers::{Reply, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// Every lead of `key`'s dealer, walking the pages.
pub async fn all_leads(app: &TestApp, key: &str, query: &str) -> Vec<Value> {
    let mut leads = Vec::new();
    for page in 1.. {
        let reply = app
            .get(
                &format!("/external/leads?limit=100&page={page}&{query}"),
                key,
            )
            .await;
        leads.extend(reply.data(200).as_array().unwrap().iter().cloned());
        if page >= reply.body["totalPages"].as_u64().unwrap() {
            break;
        }
    }
    leads
}

/// The leads whose email is `email` (as stored, lower-cased).
async fn leads_of(app: &TestApp, key: &str, email: &str) -> Vec<Value> {
    let reply = app
        .get(&format!("/external/leads?search={email}&limit=100"), key)
        .await;
    let leads = reply.data(200).as_array().unwrap().clone();
    leads.into_iter().filter(|l| l["email"] == email).collect()
}

async fn detail(app: &TestApp, id: &str) -> Reply {
    app.get(&format!("/external/leads/{id}"), app.live_key())
        .await
}

async fn a_vehicle(app: &TestApp, key: &str) -> Value {
    app.get("/external/vehicles?limit=1", key).await.data(200)[0].clone()
}

/// A staff member of the first dealer who is not the admin.
async fn a_salesperson(app: &TestApp) -> Value {
    let staff = app.get("/external/staff", app.live_key()).await;
    staff
        .data(200)
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["role"] == "sales")
        .expect("the demo has salespeople")
        .clone()
}

fn kinds(lead: &Value) -> Vec<String> {
    lead["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].as_str().unwrap().to_owned())
        .collect()
}

const FIELDS: [&str; 17] = [
    "id",
    "source",
    "status",
    "name",
    "email",
    "phone",
    "message",
    "customerId",
    "vehicleId",
    "testDriveId",
    "assignedTo",
    "lostReason",
    "createdDate",
    "updatedDate",
    "firstResponseDate",
    "lastActivityDate",
    "version",
];

backend_tests! {
    async fn every_signal_opens_a_lead(app: TestApp) {
        let key = app.live_key();
        let contact = json!({"name": "Ada Contact", "email": "Ada.Contact@Example.com",
            "subject": "Financing", "message": "Do you finance?"});
        app.post("/external/contact/submit", key, contact).await.data(201);
        let vehicle = a_vehicle(&app, key).await;
        let booking = json!({"vehicleId": vehicle["id"], "name": "Ben Driver",
            "email": "ben.driver@example.com", "phone": "+254700000001", "preferredDate": "2026-12-01"});
        let drive = app.post("/external/test-drives", key, booking).await.data(201).clone();
        let register = json!({"email": "cleo.new@example.com", "password": "long-enough-1",
            "firstName": "Cleo", "lastName": "New"});
        app.post("/external/auth/register", key, register).await.data(201);
        app.post("/external/newsletter/subscribe", key, json!({"email": "dan.news@example.com"})).await.data(200);
        let walk_in = json!({"source": "walk_in", "name": "Eve Walker", "phone": "+254700000009",
            "message": "Looking at SUVs"});
        let opened = app.post("/external/leads", key, walk_in).await;
        let opened = opened.data(201).clone();

        let expect = [
            ("ada.contact@example.com", "contact_form"),
            ("ben.driver@example.com", "test_drive"),
            ("cleo.new@example.com", "registration"),
            ("dan.news@example.com", "newsletter"),
        ];
        for (email, source) in expect {
            let leads = leads_of(&app, key, email).await;
            assert_eq!(leads.len(), 1, "{email}: {leads:?}");
            let lead = &leads[0];
            for field in FIELDS {
                assert!(lead.get(field).is_some(), "{source} lead lacks {field}: {lead}");
            }
            assert_eq!((lead["source"].as_str(), lead["status"].as_str()), (Some(source), Some("new")));
            assert!(lead["firstResponseDate"].is_null() && lead["assignedTo"].is_null());
            assert_eq!(lead["createdDate"], lead["lastActivityDate"]);
            let full = detail(&app, lead["id"].as_str().unwrap()).await;
            assert_eq!(kinds(full.data(200)), ["opened"], "{source}");
            assert!(full.header("etag").is_some());
        }
        let ben = &leads_of(&app, key, "ben.driver@example.com").await[0];
        assert_eq!(ben["testDriveId"], drive["id"]);
        assert_eq!(ben["vehicleId"], vehicle["id"]);
        assert_eq!(ben["phone"], "+254700000001");
        let ben = detail(&app, ben["id"].as_str().unwrap()).await;
        let opened_by = ben.data(200)["activities"][0]["detail"].as_str().unwrap().to_owned();
        assert!(opened_by.contains(vehicle["name"].as_str().unwrap()), "{opened_by}");
        let cleo = &leads_of(&app, key, "cleo.new@example.com").await[0];
        let customers = app.get("/external/customers?search=cleo.new%40example.com", key).await;
        assert_eq!(cleo["customerId"], customers.data(200)[0]["id"]);
        let ada = &leads_of(&app, key, "ada.contact@example.com").await[0];
        assert_eq!((ada["name"].as_str(), ada["message"].as_str()), (Some("Ada Contact"), Some("Do you finance?")));
        assert_eq!((opened["source"].as_str(), opened["email"].as_str()), (Some("walk_in"), None));
        assert_eq!(kinds(&opened), ["opened"]);

        // A newsletter sign-up repeated while subscribed is no new signal.
        app.post("/external/newsletter/subscribe", key, json!({"email": "dan.news@example.com"})).await.data(200);
        let dan = detail(&app, leads_of(&app, key, "dan.news@example.com").await[0]["id"].as_str().unwrap()).await;
        assert_eq!(kinds(dan.data(200)), ["opened"]);
    }

    async fn one_person_has_one_open_lead(app: TestApp) {
        let key = app.live_key();
        let contact = json!({"name": "Fay Repeat", "email": "fay.repeat@example.com", "message": "Hello"});
        app.post("/external/contact/submit", key, contact.clone()).await.data(201);
        let first = leads_of(&app, key, "fay.repeat@example.com").await[0].clone();
        let id = first["id"].as_str().unwrap().to_owned();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let vehicle = a_vehicle(&app, key).await;
        let booking = json!({"vehicleId": vehicle["id"], "name": "Fay Repeat", "email": "FAY.Repeat@example.com"});
        let drive = app.post("/external/test-drives", key, booking).await.data(201).clone();
        let staff = json!({"source": "phone", "name": "Fay Repeat", "email": "fay.repeat@example.com"});
        let joined = app.post("/external/leads", key, staff).await;
        assert_eq!(joined.data(200)["id"], id.as_str(), "a staff contact joins the open lead too");

        let leads = leads_of(&app, key, "fay.repeat@example.com").await;
        assert_eq!(leads.len(), 1, "{leads:?}");
        let lead = detail(&app, &id).await.data(200).clone();
        assert_eq!(kinds(&lead), ["opened", "signal", "signal"]);
        assert_eq!(lead["source"], "contact_form", "the lead keeps the source that opened it");
        assert!(lead["lastActivityDate"].as_str() > first["lastActivityDate"].as_str());
        assert_eq!(lead["testDriveId"], drive["id"], "the signal fills what the lead lacked");
        assert_eq!(lead["version"], 3);

        // Once lost, the person's next signal opens a new lead.
        let lost = json!({"status": "lost", "lostReason": "Bought elsewhere"});
        app.patch(&format!("/external/leads/{id}"), key, lost).await.data(200);
        app.post("/external/contact/submit", key, contact).await.data(201);
        let leads = leads_of(&app, key, "fay.repeat@example.com").await;
        assert_eq!(leads.len(), 2);
        assert!(leads.iter().any(|l| l["status"] == "new" && l["id"] != id.as_str()));
        // The other environment and the other dealer have their own.
        app.post("/external/contact/submit", app.test_key(), json!({"name": "Fay", "email": "fay.repeat@example.com", "message": "Hi"})).await.data(201);
        assert_eq!(leads_of(&app, app.test_key(), "fay.repeat@example.com").await.len(), 1);
        assert!(leads_of(&app, app.other_org_key(), "fay.repeat@example.com").await.is_empty());
        assert_eq!(leads_of(&app, key, "fay.repeat@example.com").await.len(), 2);
    }

    async fn staff_work_a_lead(app: TestApp) {
        let key = app.live_key();
        let walk_in = json!({"source": "walk_in", "name": "Gus Work", "email": "gus.work@example.com"});
        let lead = app.post("/external/leads", key, walk_in).await.data(201).clone();
        let path = format!("/external/leads/{}", lead["id"].as_str().unwrap());
        let salesperson = a_salesperson(&app).await;

        // Refused before anything changes: each a 400 in the documented shape.
        for bad in [
            json!({"status": "lost"}),
            json!({"status": "lost", "lostReason": " "}),
            json!({"status": "won", "lostReason": "x"}),
            json!({"assignedTo": uuid::Uuid::new_v4()}),
            json!({"assignedTo": "bob"}),
            json!({"status": "closed"}),
            json!({}),
            json!({"status": "contacted", "notes": "x"}),
        ] {
            app.patch(&path, key, bad.clone()).await.assert_error(400);
        }
        let other_staff = app.get("/external/staff", app.other_org_key()).await.data(200)[0]["id"].clone();
        let error = app.patch(&path, key, json!({"assignedTo": other_staff})).await.assert_error(400).to_owned();
        assert!(error.contains("assignedTo"), "{error}");
        let unchanged = detail(&app, &path[16..]).await;
        assert_eq!(unchanged.data(200)["version"], 1);

        // The first move away from `new` sets firstResponseDate, once.
        let etag = unchanged.header("etag").unwrap().to_owned();
        let change = json!({"status": "contacted", "assignedTo": salesperson["id"]});
        let headers = [("if-match", etag.as_str()), ("idempotency-key", "lead-work-1")];
        let contacted = app.request(Method::PATCH, &path, Some(key), Some(change.clone()), &headers).await;
        let contacted = contacted.data(200).clone();
        let answered = contacted["firstResponseDate"].as_str().unwrap().to_owned();
        assert_eq!(contacted["status"], "contacted");
        assert_eq!(contacted["assignedTo"], salesperson["id"]);
        assert_eq!(contacted["lastActivityDate"], answered.as_str());
        // A retry replays; a stale If-Match without the key is refused.
        let replay = app.request(Method::PATCH, &path, Some(key), Some(change.clone()), &headers).await;
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
        assert_eq!(replay.data(200)["version"], contacted["version"]);
        app.request(Method::PATCH, &path, Some(key), Some(change), &[("if-match", etag.as_str())]).await.assert_error(412);

        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let qualified = app.patch(&path, key, json!({"status": "qualified"})).await.data(200).clone();
        assert_eq!(qualified["firstResponseDate"], answered.as_str(), "set once");
        app.patch(&path, key, json!({"status": "new"})).await.assert_error(409);
        let won = app.patch(&path, key, json!({"status": "won"})).await.data(200).clone();
        assert_eq!(won["firstResponseDate"], answered.as_str());
        let error = app.patch(&path, key, json!({"status": "lost", "lostReason": "x"})).await.assert_error(409).to_owned();
        assert!(error.contains("won"), "{error}");

        let history = detail(&app, &path[16..]).await.data(200).clone();
        assert_eq!(kinds(&history), ["opened", "status_changed", "assigned", "status_changed", "status_changed"]);
        let details: Vec<&str> = history["activities"].as_array().unwrap().iter().map(|a| a["detail"].as_str().unwrap()).collect();
        assert_eq!(details[1], "new → contacted");
        assert_eq!(details[2], format!("Assigned to {}", salesperson["name"].as_str().unwrap()));
        assert_eq!(details[4], "qualified → won");
        let ats: Vec<&str> = history["activities"].as_array().unwrap().iter().map(|a| a["at"].as_str().unwrap()).collect();
        assert!(ats.windows(2).all(|w| w[0] <= w[1]), "oldest first: {ats:?}");

        // Lost takes its reason.
        let other = app.post("/external/leads", key, json!({"source": "other", "name": "Hal Lost"})).await.data(201).clone();
        let other_path = format!("/external/leads/{}", other["id"].as_str().unwrap());
        let lost = app.patch(&other_path, key, json!({"status": "lost", "lostReason": "Price too high"})).await;
        let lost = lost.data(200);
        assert_eq!((lost["status"].as_str(), lost["lostReason"].as_str()), (Some("lost"), Some("Price too high")));
        assert!(lost["firstResponseDate"].is_string());
        assert_eq!(lost["activities"][1]["detail"], "new → lost: Price too high");

        // Staff may open only their own sources, and refer only to their own records.
        let bad = json!({"source": "contact_form", "name": "X"});
        app.post("/external/leads", key, bad).await.assert_error(400);
        let their_vehicle = a_vehicle(&app, app.other_org_key()).await;
        // A new lead naming what this dealer does not have is a 404, as a booking is.
        for refers in [
            json!({"vehicleId": their_vehicle["id"]}),
            json!({"vehicleId": uuid::Uuid::new_v4()}),
            json!({"customerId": uuid::Uuid::new_v4()}),
            json!({"assignedTo": other_staff}),
        ] {
            let mut bad = json!({"source": "walk_in", "name": "X"});
            bad.as_object_mut().unwrap().extend(refers.as_object().unwrap().clone());
            app.post("/external/leads", key, bad).await.assert_error(404);
        }
        app.post("/external/leads", key, json!({"source": "walk_in"})).await.assert_error(400);
    }

    async fn the_list_filters_searches_and_sorts(app: TestApp) {
        let key = app.live_key();
        let all = all_leads(&app, key, "").await;
        let created: Vec<&str> = all.iter().map(|l| l["createdDate"].as_str().unwrap()).collect();
        assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first by default");
        let reply = app.get("/external/leads", key).await;
        assert_eq!((reply.body["limit"].as_u64(), reply.body["page"].as_u64()), (Some(20), Some(1)));
        assert_eq!(reply.body["total"].as_u64().unwrap() as usize, all.len());
        for status in ["new", "contacted", "qualified", "won", "lost"] {
            let some = all_leads(&app, key, &format!("status={status}")).await;
            assert!(!some.is_empty() && some.iter().all(|l| l["status"] == status), "{status}");
        }
        for source in ["contact_form", "test_drive", "registration", "newsletter", "walk_in", "phone", "other"] {
            let some = all_leads(&app, key, &format!("source={source}")).await;
            assert!(!some.is_empty() && some.iter().all(|l| l["source"] == source), "{source}");
        }
        let assignee = all.iter().find_map(|l| l["assignedTo"].as_str()).unwrap();
        let theirs = all_leads(&app, key, &format!("assignedTo={assignee}")).await;
        assert_eq!(theirs.len(), all.iter().filter(|l| l["assignedTo"] == assignee).count());
        let someone = all.iter().find(|l| l["phone"].is_string() && l["name"].is_string()).unwrap();
        let phone = someone["phone"].as_str().unwrap().replace('+', "%2B");
        assert!(all_leads(&app, key, &format!("search={phone}")).await.iter().any(|l| l["id"] == someone["id"]));
        let name = someone["name"].as_str().unwrap().to_uppercase().replace(' ', "%20");
        assert!(all_leads(&app, key, &format!("search={name}")).await.iter().any(|l| l["id"] == someone["id"]));
        let by_activity = all_leads(&app, key, "sort=lastActivityDate&order=asc").await;
        let dates: Vec<&str> = by_activity.iter().map(|l| l["lastActivityDate"].as_str().unwrap()).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        for bad in ["status=open", "source=email", "sort=name", "order=up", "assignedTo=bob", "limit=101", "page=0"] {
            app.get(&format!("/external/leads?{bad}"), key).await.assert_error(400);
        }
        app.get(&format!("/external/leads/{}", uuid::Uuid::new_v4()), key).await.assert_error(404);
        app.get("/external/leads/not-an-id", key).await.assert_error(400);
    }

    async fn the_stats_follow_the_leads(app: TestApp) {
        let key = app.live_key();
        let all = all_leads(&app, key, "").await;
        let stats = app.get("/external/leads/stats/summary", key).await.data(200).clone();
        assert_eq!(stats["total"].as_u64().unwrap() as usize, all.len());
        let count = |field: &str, value: &str| all.iter().filter(|l| l[field] == value).count() as u64;
        for status in ["new", "contacted", "qualified", "won", "lost"] {
            assert_eq!(stats["byStatus"][status], count("status", status), "{status}");
        }
        for source in ["contact_form", "test_drive", "registration", "newsletter", "walk_in", "phone", "other"] {
            assert_eq!(stats["bySource"][source], count("source", source), "{source}");
        }
        let (won, lost) = (count("status", "won") as f64, count("status", "lost") as f64);
        let rate = stats["conversionRate"].as_f64().unwrap();
        assert!((rate - won / (won + lost)).abs() < 1e-3, "{rate}");
        let parse = |t: &str| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).unwrap();
        let mut waits: Vec<f64> = all.iter().filter_map(|l| {
            let answered = parse(l["firstResponseDate"].as_str()?);
            Some((answered - parse(l["createdDate"].as_str().unwrap())).as_seconds_f64() / 60.0)
        }).collect();
        waits.sort_by(f64::total_cmp);
        let mid = waits.len() / 2;
        let median = if waits.len() % 2 == 1 { waits[mid] } else { (waits[mid - 1] + waits[mid]) / 2.0 };
        let served = stats["medianFirstResponseMinutes"].as_f64().unwrap();
        assert!((served - median).abs() <= 0.051, "{served} vs {median}");
        assert!((1.0..=600.0).contains(&served), "a realistic wait: {served} minutes");
        let midnight = time::OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
        let today = all.iter().filter(|l| parse(l["createdDate"].as_str().unwrap()) >= midnight).count() as u64;
        assert_eq!(stats["newToday"], today);

        // A lead opened now counts today, and answering it moves the median's inputs.
        app.post("/external/newsletter/subscribe", key, json!({"email": "ivy.today@example.com"})).await.data(200);
        let after = app.get("/external/leads/stats/summary", key).await.data(200).clone();
        assert_eq!(after["newToday"].as_u64(), stats["newToday"].as_u64().map(|n| n + 1));
        assert_eq!(after["bySource"]["newsletter"].as_u64(), stats["bySource"]["newsletter"].as_u64().map(|n| n + 1));
    }

    async fn a_dealer_without_leads_has_empty_stats_and_sees_no_one_elses(app: TestApp) {
        let db = app.db();
        let org = carstrel_server::store::orgs::create(db, "Empty Lot", "empty-lot").await.unwrap();
        let key = "sk_live_emptylotemptylotemptylot000000";
        let scopes = carstrel_model::Scope::defaults();
        carstrel_server::store::keys::insert(db, &org.id, "k", carstrel_model::Environment::Live, &scopes, 1000, key).await.unwrap();
        let stats = app.get("/external/leads/stats/summary", key).await.data(200).clone();
        assert_eq!(stats["total"], 0);
        assert!(stats["medianFirstResponseMinutes"].is_null() && stats["conversionRate"].is_null());
        assert_eq!(stats["byStatus"], json!({"new": 0, "contacted": 0, "qualified": 0, "won": 0, "lost": 0}));
        assert_eq!(app.get("/external/leads", key).await.data(200), &json!([]));
        assert_eq!(app.get("/external/staff", key).await.data(200), &json!([]));
        let feed = app.get("/external/leads/changes", key).await.data(200).clone();
        assert_eq!(feed["changes"], json!([]));
        // Another dealer's lead is not found, and not to be worked.
        let theirs = all_leads(&app, app.live_key(), "").await[0]["id"].as_str().unwrap().to_owned();
        app.get(&format!("/external/leads/{theirs}"), key).await.assert_error(404);
        app.patch(&format!("/external/leads/{theirs}"), key, json!({"status": "contacted"})).await.assert_error(404);
    }

    async fn the_changes_feed_carries_lead_work(app: TestApp) {
        let key = app.live_key();
        let first = app.get("/external/leads/changes?limit=1000", key).await.data(200).clone();
        let everything = first["changes"].as_array().unwrap();
        assert_eq!(everything.len(), all_leads(&app, key, "").await.len());
        assert!(everything.iter().all(|c| c["op"] == "upsert" && c["data"]["id"] == c["id"]));
        let since = first["nextSince"].as_i64().unwrap();
        let lead = &everything[0];
        let path = format!("/external/leads/{}", lead["id"].as_str().unwrap());
        let status = if lead["data"]["status"] == "new" { "contacted" } else { lead["data"]["status"].as_str().unwrap() };
        let body = if status == "lost" { json!({"status": "lost", "lostReason": "Again"}) } else { json!({"status": status}) };
        app.patch(&path, key, body).await.data(200);
        let next = app.get(&format!("/external/leads/changes?since={since}"), key).await.data(200).clone();
        let changes = next["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0]["id"], lead["id"]);
        assert_eq!(changes[0]["data"]["status"], status);
        let theirs = app.get(&format!("/external/leads/changes?since={since}"), app.other_org_key()).await;
        assert!(theirs.data(200)["changes"].as_array().unwrap().iter().all(|c| c["id"] != lead["id"]));
    }

    async fn the_staff_list_and_the_scopes(app: TestApp) {
        let staff = app.get("/external/staff", app.live_key()).await.data(200).as_array().unwrap().clone();
        assert!(staff.len() >= 4, "the admin and three more: {staff:?}");
        assert!(staff.iter().any(|s| s["role"] == "admin" && s["email"] == app.staff().email.as_str()));
        assert!(staff.iter().all(|s| ["id", "name", "email", "role"].iter().all(|f| s[f].is_string())));
        let theirs = app.get("/external/staff", app.other_org_key()).await.data(200).clone();
        assert!(theirs.as_array().unwrap().iter().all(|s| !staff.contains(s)));

        // The read-only demo key has neither scope.
        let read_only = app.read_only_key();
        for path in ["/external/leads", "/external/leads/stats/summary", "/external/leads/changes", "/external/staff", "/external/tasks", "/external/tasks/changes"] {
            app.get(path, read_only).await.assert_error(403);
        }
        app.post("/external/leads", read_only, json!({"source": "phone", "name": "X"})).await.assert_error(403);
        // Default scopes include both; a key with leads:read alone reads but does not write.
        let bearer = format!("Bearer {}", app.staff_token().await);
        let auth = [("authorization", bearer.as_str())];
        let default = app.request(Method::POST, "/api/v1/api-keys", None, Some(json!({"name": "Default"})), &auth).await;
        let scopes = default.data(201)["scopes"].clone();
        assert!(scopes.as_array().unwrap().contains(&json!("leads:read")) && scopes.as_array().unwrap().contains(&json!("leads:write")), "{scopes}");
        let request = json!({"name": "Reader", "scopes": ["leads:read"]});
        let reader = app.request(Method::POST, "/api/v1/api-keys", None, Some(request), &auth).await;
        let reader = reader.data(201)["key"].as_str().unwrap().to_owned();
        let lead = app.get("/external/leads?limit=1", &reader).await.data(200)[0]["id"].as_str().unwrap().to_owned();
        app.get("/external/tasks", &reader).await.data(200);
        // The scope is checked before the body: even a malformed one gets 403.
        app.patch(&format!("/external/leads/{lead}"), &reader, json!({"status": "contacted"})).await.assert_error(403);
        app.patch(&format!("/external/leads/{lead}"), &reader, json!({"bogus": 1})).await.assert_error(403);
        app.post("/external/tasks", &reader, json!({"title": "T", "dueAt": "2026-12-01"})).await.assert_error(403);
        app.request(Method::DELETE, &format!("/external/tasks/{}", uuid::Uuid::new_v4()), Some(&reader), None, &[]).await.assert_error(403);
    }
}
