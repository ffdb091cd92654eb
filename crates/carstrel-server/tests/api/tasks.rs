//! Follow-up tasks: due overdue / today / upcoming on the server's UTC clock, the filters,
//! checking off, If-Match and Idempotency-Key, deletion with its tombstone, and privacy.

use crate::backend_tests;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, Time};

fn at(instant: OffsetDateTime) -> String {
    instant.format(&Rfc3339).unwrap()
}

/// Now, at least ten seconds before midnight UTC (waiting for the next day if not), and
/// the next midnight.
async fn well_inside_a_day() -> (OffsetDateTime, OffsetDateTime) {
    let now = OffsetDateTime::now_utc();
    let midnight = now.replace_time(Time::MIDNIGHT) + Duration::DAY;
    if midnight - now < Duration::seconds(10) {
        let wait = (midnight - now + Duration::seconds(1)).unsigned_abs();
        tokio::time::sleep(wait).await;
        return Box::pin(well_inside_a_day()).await;
    }
    (now, midnight)
}

async fn create(app: &TestApp, body: Value) -> Value {
    app.post("/external/tasks", app.live_key(), body)
        .await
        .data(201)
        .clone()
}

async fn ids(app: &TestApp, key: &str, query: &str) -> Vec<String> {
    app.all_ids(&format!("/external/tasks?{query}"), key).await
}

backend_tests! {
    async fn tasks_fall_due_overdue_today_or_upcoming(app: TestApp) {
        let (now, midnight) = well_inside_a_day().await;
        let lead = app.get("/external/leads?status=new&limit=1", app.live_key()).await.data(200)[0].clone();
        let later_today = now + (midnight - now) / 2;
        let overdue = create(&app, json!({"title": "Call back", "dueAt": at(now - Duration::HOUR), "leadId": lead["id"]})).await;
        let today = create(&app, json!({"title": "Send brochure", "dueAt": at(later_today), "notes": "PDF\nand prices"})).await;
        let upcoming = create(&app, json!({"title": "Check in", "dueAt": at(midnight + Duration::HOUR)})).await;
        let done = create(&app, json!({"title": "Done already", "dueAt": at(now - Duration::DAY)})).await;
        let done_path = format!("/external/tasks/{}", done["id"].as_str().unwrap());
        let checked = app.patch(&done_path, app.live_key(), json!({"done": true})).await.data(200).clone();
        assert!(checked["done"].as_bool().unwrap() && checked["doneDate"].is_string());
        for field in ["id", "title", "notes", "dueAt", "done", "doneDate", "customerId", "leadId", "assignedTo", "createdDate", "updatedDate"] {
            assert!(overdue.get(field).is_some(), "a task lacks {field}: {overdue}");
        }
        assert_eq!(overdue["leadId"], lead["id"]);
        assert!(overdue["doneDate"].is_null() && !overdue["done"].as_bool().unwrap());

        let id = |t: &Value| t["id"].as_str().unwrap().to_owned();
        let key = app.live_key();
        for (due, member, outsiders) in [
            ("overdue", &overdue, [&today, &upcoming, &done]),
            ("today", &today, [&overdue, &upcoming, &done]),
            ("upcoming", &upcoming, [&overdue, &today, &done]),
        ] {
            let found = ids(&app, key, &format!("due={due}")).await;
            assert!(found.contains(&id(member)), "{due}");
            for outsider in outsiders {
                assert!(!found.contains(&id(outsider)), "{due} holds {}", outsider["title"]);
            }
        }
        let all = ids(&app, key, "due=all").await;
        assert!([&overdue, &today, &upcoming, &done].iter().all(|t| all.contains(&id(t))));
        assert_eq!(all, ids(&app, key, "").await, "all is the default");
        let finished = ids(&app, key, "done=true").await;
        assert!(finished.contains(&id(&done)) && !finished.contains(&id(&today)));
        assert!(!ids(&app, key, "done=false").await.contains(&id(&done)));
        let about = app.get(&format!("/external/tasks?limit=100&leadId={}", lead["id"].as_str().unwrap()), key).await;
        let about = about.data(200).as_array().unwrap().clone();
        assert!(about.iter().any(|t| t["id"] == overdue["id"]) && about.iter().all(|t| t["leadId"] == lead["id"]));

        // Soonest due first.
        let page = app.get("/external/tasks?due=all&limit=100", key).await;
        let dues: Vec<&str> = page.data(200).as_array().unwrap().iter().map(|t| t["dueAt"].as_str().unwrap()).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]));
        // Checked off, an overdue task leaves the overdue list; reopened, it comes back.
        let path = format!("/external/tasks/{}", id(&overdue));
        app.patch(&path, key, json!({"done": true})).await.data(200);
        assert!(!ids(&app, key, "due=overdue").await.contains(&id(&overdue)));
        let reopened = app.patch(&path, key, json!({"done": false})).await.data(200).clone();
        assert!(reopened["doneDate"].is_null());
        assert!(ids(&app, key, "due=overdue").await.contains(&id(&overdue)));

        for bad in ["due=later", "done=maybe", "leadId=x", "customerId=", "assignedTo=1", "limit=0"] {
            app.get(&format!("/external/tasks?{bad}"), key).await.assert_error(400);
        }
    }

    async fn tasks_are_added_changed_and_deleted_safely(app: TestApp) {
        let key = app.live_key();
        let customer = app.get("/external/customers?limit=1", key).await.data(200)[0].clone();
        let staff = app.get("/external/staff", key).await.data(200)[1].clone();
        let body = json!({"title": "Follow up", "dueAt": "2030-01-15", "customerId": customer["id"], "assignedTo": staff["id"]});
        let headers = [("idempotency-key", "task-create-1")];
        let first = app.request(Method::POST, "/external/tasks", Some(key), Some(body.clone()), &headers).await;
        let task = first.data(201).clone();
        assert_eq!(task["dueAt"], "2030-01-15T00:00:00.000Z");
        let again = app.request(Method::POST, "/external/tasks", Some(key), Some(body), &headers).await;
        assert_eq!((again.header("idempotent-replayed"), &again.data(201)["id"]), (Some("true"), &task["id"]));
        let about = app.get(&format!("/external/tasks?limit=100&customerId={}", customer["id"].as_str().unwrap()), key).await;
        let about = about.data(200).as_array().unwrap().clone();
        assert!(about.iter().any(|t| t["id"] == task["id"]) && about.iter().all(|t| t["customerId"] == customer["id"]));
        let mine = ids(&app, key, &format!("assignedTo={}", staff["id"].as_str().unwrap())).await;
        assert!(mine.contains(&task["id"].as_str().unwrap().to_owned()));

        let path = format!("/external/tasks/{}", task["id"].as_str().unwrap());
        let got = app.get(&path, key).await;
        let etag = got.header("etag").unwrap().to_owned();
        let change = json!({"title": "Follow up on financing", "dueAt": "2030-01-16T09:30:00+02:00"});
        let changed = app.request(Method::PATCH, &path, Some(key), Some(change.clone()), &[("if-match", &etag)]).await;
        let changed = changed.data(200).clone();
        assert_eq!((changed["title"].as_str(), changed["dueAt"].as_str()), (Some("Follow up on financing"), Some("2030-01-16T07:30:00.000Z")));
        app.request(Method::PATCH, &path, Some(key), Some(change), &[("if-match", &etag)]).await.assert_error(412);

        for bad in [
            json!({}),
            json!({"title": " "}),
            json!({"dueAt": "tomorrow"}),
            json!({"done": "yes"}),
            json!({"assignedTo": uuid::Uuid::new_v4()}),
            json!({"priority": 1}),
        ] {
            app.patch(&path, key, bad).await.assert_error(400);
        }
        let their_lead = app.get("/external/leads?limit=1", app.other_org_key()).await.data(200)[0]["id"].clone();
        let their_customer = app.get("/external/customers?limit=1", app.other_org_key()).await.data(200)[0]["id"].clone();
        for bad in [
            json!({"dueAt": "2030-01-01"}),
            json!({"title": "T", "dueAt": "soon"}),
            json!({"title": "T", "dueAt": "2030-01-01", "leadId": "x"}),
            json!({"title": "T", "dueAt": "2030-01-01", "urgent": true}),
        ] {
            app.post("/external/tasks", key, bad).await.assert_error(400);
        }
        // A new task about what this dealer does not have is a 404, as a booking is.
        for bad in [
            json!({"title": "T", "dueAt": "2030-01-01", "leadId": their_lead}),
            json!({"title": "T", "dueAt": "2030-01-01", "customerId": their_customer}),
            json!({"title": "T", "dueAt": "2030-01-01", "leadId": uuid::Uuid::new_v4()}),
            json!({"title": "T", "dueAt": "2030-01-01", "assignedTo": uuid::Uuid::new_v4()}),
        ] {
            let refused = app.post("/external/tasks", key, bad).await;
            assert!(refused.assert_error(404).contains("of this dealer"), "{:?}", refused.body);
        }

        // Another dealer, or the other environment, finds nothing to read, change or delete.
        for other in [app.other_org_key(), app.test_key()] {
            app.get(&path, other).await.assert_error(404);
            app.patch(&path, other, json!({"done": true})).await.assert_error(404);
            app.request(Method::DELETE, &path, Some(other), None, &[]).await.assert_error(404);
            assert!(!ids(&app, other, "").await.contains(&task["id"].as_str().unwrap().to_owned()));
        }

        let before = app.get("/external/tasks/changes?limit=1000", key).await.data(200)["nextSince"].as_i64().unwrap();
        let deleted = app.request(Method::DELETE, &path, Some(key), None, &[]).await;
        assert_eq!(deleted.status, 204);
        app.get(&path, key).await.assert_error(404);
        app.request(Method::DELETE, &path, Some(key), None, &[]).await.assert_error(404);
        let feed = app.get(&format!("/external/tasks/changes?since={before}"), key).await.data(200).clone();
        assert_eq!(feed["changes"].as_array().unwrap().len(), 1);
        assert_eq!(feed["changes"][0]["op"], "delete");
        assert_eq!(feed["changes"][0]["id"], task["id"]);
        assert!(feed["changes"][0]["data"].is_null());
    }

    async fn the_demo_has_a_day_of_work(app: TestApp) {
        let key = app.live_key();
        for due in ["overdue", "upcoming"] {
            assert!(!ids(&app, key, &format!("due={due}")).await.is_empty(), "{due}");
        }
        assert!(!ids(&app, key, "done=true").await.is_empty());
        let tasks = app.get("/external/tasks/changes?limit=1000", key).await.data(200)["changes"].as_array().unwrap().len();
        assert_eq!(tasks, ids(&app, key, "").await.len());
        // Every source in every status, answered after realistic waits.
        let leads = crate::leads::all_leads(&app, key, "").await;
        for source in ["contact_form", "test_drive", "registration", "newsletter", "walk_in", "phone", "other"] {
            for status in ["new", "contacted", "qualified", "won", "lost"] {
                assert!(leads.iter().any(|l| l["source"] == source && l["status"] == status), "{source} {status}");
            }
        }
        assert!(leads.iter().all(|l| (l["status"] == "new") == l["firstResponseDate"].is_null()));
        assert!(leads.iter().filter(|l| l["status"] == "lost").all(|l| l["lostReason"].is_string()));
        // One open lead per person.
        let mut open: Vec<&str> = leads.iter().filter(|l| ["new", "contacted", "qualified"].contains(&l["status"].as_str().unwrap())).filter_map(|l| l["email"].as_str()).collect();
        let count = open.len();
        open.sort_unstable();
        open.dedup();
        assert_eq!(open.len(), count);
        let lead = leads.iter().find(|l| l["status"] == "won").unwrap();
        let history = app.get(&format!("/external/leads/{}", lead["id"].as_str().unwrap()), key).await.data(200)["activities"].clone();
        let kinds: Vec<&str> = history.as_array().unwrap().iter().map(|a| a["type"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["opened", "assigned", "status_changed", "status_changed", "status_changed"]);
    }
}
