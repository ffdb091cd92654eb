//! Reads the seeded sandbox into [`PreviewFixtures`] and checks `ui/generated/fixtures.json`
//! against it.

use super::PreviewFixtures;
use carstrel_model::{
    Customer, CustomerQuery, CustomerUpdate, LeadQuery, TaskQuery, TestDriveStatus, Vehicle,
    VehicleQuery,
};
use console_core::cache::outbox::Conflict;
use console_core::console::{client_for, Console, ConsoleOptions, FilterOptions};
use console_core::error::ErrorCode;
use console_core::paths::{sqlite_url, DataDir};
use console_core::secrets::{MemoryStore, Secret};
use console_core::TestDriveQuery;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Enough rows to fill a screen and page once; the file stays small.
const VEHICLES: u32 = 30;
const CUSTOMERS: u32 = 24;
const TEST_DRIVES_PER_STATUS: u32 = 5;
const LEADS: u32 = 24;
const TASKS: u32 = 30;
/// Which listed customer gets the conflict.
const CONFLICTED_CUSTOMER: usize = 2;

async fn read_sandbox() -> PreviewFixtures {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let console = Console::open(ConsoleOptions {
        data_dir: Some(dir.path().to_owned()),
        profile: None,
        secrets: Some(Arc::new(MemoryStore::new())),
        ..Default::default()
    })
    .await
    .expect("the console opens on the sandbox");
    console
        .sync(true, &mut |_| {}, &CancellationToken::new())
        .await
        .expect("a full sync of the sandbox");
    let generated_at = console_core::clock::rfc3339(console_core::clock::now_ms());
    let dashboard = console.dashboard().await.expect("the dashboard");
    let vehicles = console
        .list_vehicles(
            &VehicleQuery {
                limit: Some(VEHICLES),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("the vehicles")
        .items;
    // The sandbox's port changes at every run: the fixtures name a fixed origin instead.
    let base_url = console.status().await.expect("the status").profile.base_url;
    let vehicles: Vec<_> = vehicles
        .into_iter()
        .map(|mut vehicle| {
            for media in &mut vehicle.media {
                media.url = media.url.replacen(&base_url, "http://sandbox.localhost", 1);
            }
            vehicle
        })
        .collect();
    let customers: Vec<Customer> = console
        .list_customers(&CustomerQuery {
            limit: Some(CUSTOMERS),
            ..Default::default()
        })
        .await
        .expect("the customers")
        .items
        .into_iter()
        .map(|row| row.customer)
        .collect();
    let mut test_drives = Vec::new();
    for status in [
        TestDriveStatus::Pending,
        TestDriveStatus::Confirmed,
        TestDriveStatus::Completed,
        TestDriveStatus::Cancelled,
        TestDriveStatus::NoShow,
    ] {
        let query = TestDriveQuery {
            status: Some(status),
            limit: Some(TEST_DRIVES_PER_STATUS),
            ..Default::default()
        };
        let page = console.list_test_drives(&query).await.expect("test drives");
        test_drives.extend(page.items.into_iter().map(|row| row.test_drive));
    }
    let mut price_histories = std::collections::BTreeMap::new();
    for vehicle in &vehicles {
        let history = console
            .price_history(&vehicle.id)
            .await
            .expect("a price history");
        price_histories.insert(vehicle.id.clone(), history);
    }
    let mut leads = Vec::new();
    let newest = console
        .list_leads(&LeadQuery::new().limit(LEADS))
        .await
        .expect("the leads");
    for row in newest.items {
        leads.push(console.get_lead(&row.lead.id).await.expect("a lead's page"));
    }
    let tasks = console
        .list_tasks(&TaskQuery::new().limit(TASKS))
        .await
        .expect("the tasks")
        .items
        .into_iter()
        .map(|row| row.task)
        .collect();
    let staff = console.staff().await.expect("the staff");
    let conflicts = conflict_on(&console, dir.path(), &customers[CONFLICTED_CUSTOMER]).await;
    let profile = console.status().await.expect("the status").profile;
    let filter_options = only_used_by(
        console.filter_options().await.expect("filter options"),
        &vehicles,
    );
    console.close().await;
    PreviewFixtures {
        generated_at,
        profile,
        dashboard,
        filter_options,
        vehicles,
        customers,
        test_drives,
        leads,
        tasks,
        staff,
        conflicts,
        price_histories,
        error_codes: ErrorCode::ALL.to_vec(),
        test_drive_moves: super::test_drive_moves(),
    }
}

/// Someone at the dealership changes `customer` on the server while this console, not yet
/// synced, edits it too: the console's push meets the newer version.
async fn conflict_on(console: &Console, data_dir: &Path, customer: &Customer) -> Vec<Conflict> {
    let sandbox_db = DataDir::resolve(Some(data_dir.to_owned()))
        .expect("the data directory")
        .sandbox_db();
    let db = carstrel_server::Db::connect(&sqlite_url(&sandbox_db))
        .await
        .expect("the sandbox database");
    // Seeding is idempotent: on the sandbox's database it hands back the sandbox's keys.
    let credentials = carstrel_server::demo::seed(&db, &Default::default())
        .await
        .expect("the sandbox's credentials");
    db.pool.close().await;
    let colleague = client_for(
        &console.status().await.expect("the status").profile.base_url,
        &Secret::new(credentials.organizations[0].keys.test.clone()),
    )
    .expect("a client");
    let theirs = CustomerUpdate {
        notes: Some("Called on Monday: wants the red one.".into()),
        ..Default::default()
    };
    colleague
        .customers()
        .update(&customer.id, &theirs)
        .send()
        .await
        .expect("the colleague's edit");
    let mine = CustomerUpdate {
        notes: Some("Prefers email. Follow up about financing.".into()),
        is_vip: Some(true),
        ..Default::default()
    };
    console
        .update_customer(&customer.id, &mine)
        .await
        .expect("the offline edit");
    console.push().await.expect("the push");
    let conflicts = console.conflicts().await.expect("the conflicts");
    assert_eq!(conflicts.len(), 1, "the push met the colleague's edit");
    conflicts
}

/// The filter choices that match something in `vehicles`.
fn only_used_by(options: FilterOptions, vehicles: &[Vehicle]) -> FilterOptions {
    let used = |id: &str| {
        vehicles.iter().any(|v| {
            v.model.id == id
                || v.model.brand.id == id
                || v.model.body_type.as_ref().is_some_and(|b| b.id == id)
        })
    };
    FilterOptions {
        brands: options.brands.into_iter().filter(|b| used(&b.id)).collect(),
        models: options.models.into_iter().filter(|m| used(&m.id)).collect(),
        body_types: options
            .body_types
            .into_iter()
            .filter(|b| used(&b.id))
            .collect(),
    }
}

/// `fixtures` without what differs between two dumps of the same demo: instants and dates
/// (the demo is seeded relative to now) and the sandbox's port (picked at each start).
fn comparable(mut fixtures: Value) -> Value {
    fn blank(value: &mut Value) {
        match value {
            Value::String(text)
                if console_core::clock::parse_ms(text).is_some() || is_date(text) =>
            {
                *text = "<instant>".into();
            }
            Value::String(text) if text.starts_with("http://127.0.0.1:") => {
                *text = "<sandbox url>".into();
            }
            Value::Array(items) => items.iter_mut().for_each(blank),
            Value::Object(fields) => fields.values_mut().for_each(blank),
            _ => {}
        }
    }
    blank(&mut fixtures);
    fixtures
}

#[test]
fn dates_and_instants_are_blanked_the_rest_kept() {
    let dump = serde_json::json!({
        "at": "2024-06-01T10:00:00.000Z", "on": "2024-06-01", "url": "http://127.0.0.1:4242",
        "id": "2024-06-01-x", "n": 3
    });
    assert_eq!(
        comparable(dump),
        serde_json::json!({
            "at": "<instant>", "on": "<instant>", "url": "<sandbox url>",
            "id": "2024-06-01-x", "n": 3
        })
    );
}

/// `2024-06-01`: how a test drive's preferred date may be given.
fn is_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The committed preview data is what the sandbox holds now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_fixtures_are_up_to_date() {
    let fresh = serde_json::to_value(read_sandbox().await).expect("fixtures serialize");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/generated/fixtures.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        let text = serde_json::to_string_pretty(&fresh).expect("fixtures serialize") + "\n";
        std::fs::write(&path, text).expect("the fixtures file is writable");
    }
    let committed = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    assert!(
        comparable(committed) == comparable(fresh),
        "ui/generated/fixtures.json is stale: run `UPDATE_FIXTURES=1 cargo test -p dealer-console --lib`"
    );
}
