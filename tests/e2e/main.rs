//! End to end: the real desktop app under Xvfb, driven through tauri-driver and
//! WebKitWebDriver, on the sandbox: first launch, dashboard numbers, inventory filter,
//! a vehicle, a test drive booked from it for a customer, a customer's notes, tags and
//! VIP, offline edits and photos, back online with the outbox drained into the server, a
//! confirmed test drive, the same work with the keyboard alone (`keyboard.rs`), a lead
//! worked from the inbox with a follow-up task checked off offline (`inbox.rs`), the
//! calendar's week with a double booking refused and a drive moved (`calendar.rs`); then a
//! second connection to a server with the published API alone (`published_api.rs`),
//! synced without an error, with a booking kept. Each step saves a screenshot under
//! `target/e2e-screenshots/`, once axe-core finds nothing serious on that screen.
//!
//! Needs a display and `tauri-driver`; `scripts/test.sh` runs it as
//! `CARSTREL_E2E=1 xvfb-run -a cargo test --workspace --test e2e`.

mod calendar;
mod inbox;
mod keyboard;
mod published_api;

use calendar::calendar_week;
use carstrel_server::demo::{self, DemoOptions};
use carstrel_testkit::webdriver::{Session, TauriDriver};
use inbox::lead_inbox;
use keyboard::keyboard_only;
use published_api::published_api_alone;
use serde_json::{json, Value};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The sandbox API's address and test key, as the running app's sandbox serves them.
async fn sandbox_api(app: &Session, data_dir: &Path) -> (String, String) {
    let status = app
        .execute(
            "return window.__TAURI_INTERNALS__.invoke('app_status')",
            json!([]),
        )
        .await;
    let base = status["profile"]["baseUrl"]
        .as_str()
        .expect("the sandbox's address")
        .to_owned();
    let db = carstrel_server::Db::connect(&format!(
        "sqlite:{}",
        data_dir.join("sandbox/carstrel.db").display()
    ))
    .await
    .unwrap();
    // Seeding an existing demo only derives its keys again; it writes nothing.
    let creds = demo::seed(&db, &DemoOptions::default()).await.unwrap();
    (base, creds.organizations[0].keys.test.clone())
}

/// The `data` of a GET on the sandbox API, as the server has it now (None when it does
/// not answer, e.g. while it restarts).
async fn api_data(base: &str, key: &str, path: &str) -> Option<Value> {
    let reply: Value = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("x-api-key", key)
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    Some(reply["data"].clone())
}

async fn server_customer(base: &str, key: &str, id: &str) -> Value {
    api_data(base, key, &format!("/external/customers/{id}"))
        .await
        .expect("the sandbox answers")
}

/// The network goes away: the sandbox's server stops, the console says it works offline.
async fn go_offline(app: &Session) {
    app.click(&app.wait("[data-testid=nav-connections]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=sandbox-switch]", 10).await)
        .await;
    app.wait("[data-testid=offline-banner]", 20).await;
}

/// The sandbox's server starts again, and the outbox drains into it.
async fn back_online(app: &Session) {
    app.click(&app.wait("[data-testid=nav-connections]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=sandbox-switch]", 10).await)
        .await;
    let outbox = app.wait("[data-testid=outbox-count]", 10).await;
    app.wait_until("the outbox to drain", 60, || async {
        app.text(&outbox)
            .await
            .contains("All changes synced")
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dealer_works_a_day_in_the_console() {
    if std::env::var_os("CARSTREL_E2E").is_none() {
        eprintln!(
            "skipped: set CARSTREL_E2E=1 with a display and tauri-driver (scripts/test.sh does)"
        );
        return;
    }
    let data = tempfile::tempdir().unwrap();
    // A fresh profile too: the web view keeps localStorage (the theme choice) and the
    // window-state plugin its geometry under the XDG dirs, which would otherwise carry
    // over from earlier runs on this machine. The keychain (keyutils) is not file-based.
    let profile = tempfile::tempdir().unwrap();
    let shots = screenshots_dir();
    // A dealer's real account, as published (no additions), for the last walk. There is
    // no OS keychain under Xvfb here, so its key comes the headless way
    // (`CARSTREL_API_KEY`); it is a live key, so the sandbox (test) never sees it.
    let real = carstrel_testkit::Setup::new()
        .demo(120, 30)
        .docs_only()
        .start()
        .await;
    let driver = TauriDriver::start(&[
        ("CARSTREL_DATA_DIR", data.path().as_os_str()),
        // The calendar walk types local times.
        ("TZ", OsStr::new("UTC")),
        ("CARSTREL_API_KEY", OsStr::new(real.live_key())),
        ("XDG_DATA_HOME", profile.path().join("data").as_os_str()),
        ("XDG_CONFIG_HOME", profile.path().join("config").as_os_str()),
    ])
    .expect("tauri-driver is installed (cargo install tauri-driver)");
    let app = driver.session(env!("CARGO_BIN_EXE_dealer-console")).await;
    let shot = |name: &str| shots.join(format!("{name}.png"));

    // First launch: the sandbox, no questions asked; the dashboard fills with numbers.
    let badge = app.wait("[data-testid=env-badge]", 30).await;
    let env = app
        .wait_until("the environment badge", 60, || async {
            Some(app.text(&badge).await).filter(|t| !t.is_empty())
        })
        .await;
    assert_eq!(env, "TEST");
    let total = app
        .wait_until("the dashboard's vehicle count", 90, || async {
            // The view re-renders when the first sync lands: `number` finds the tile afresh.
            app.number("[data-testid=kpi-total-vehicles]")
                .await
                .filter(|n| *n > 0)
        })
        .await;
    assert_eq!(total, 500, "the sandbox's demo inventory");
    app.wait("[data-testid=chart-listing-type] canvas", 10)
        .await;
    let customers = app.wait("[data-testid=kpi-total-customers]", 10).await;
    assert!(!app.text(&customers).await.is_empty());
    app.screenshot(&shot("01-dashboard")).await;

    // Inventory: filter to rentals, then open one.
    app.click(&app.wait("[data-testid=nav-inventory]", 10).await)
        .await;
    app.wait("[data-testid=vehicle-row]", 30).await;
    let count = app.wait("[data-testid=result-count]", 10).await;
    app.wait_until("the inventory count", 20, || async {
        let text = app.text(&count).await;
        text.ends_with("vehicles").then_some(())
    })
    .await;
    photos_shown(&app, "[data-testid=row-photo]", 5).await;
    app.screenshot(&shot("02-inventory")).await;
    let unfiltered = app.text(&count).await;
    app.select("[data-testid=filter-listing-type]", "rental")
        .await;
    app.wait_until("the rental filter to apply", 20, || async {
        let text = app.text(&count).await;
        (text.ends_with("vehicles") && text != unfiltered).then_some(())
    })
    .await;
    app.screenshot(&shot("03-inventory-rentals")).await;
    let row = app.wait("[data-testid=vehicle-row]", 20).await;
    let vehicle_id = app
        .attribute(&row, "data-id")
        .await
        .expect("rows carry their id");
    app.click(&row).await;
    let detail = app.wait(".vehicle-detail", 20).await;
    let detail_text = app.text(&detail).await;
    assert!(
        detail_text.to_lowercase().contains("rental"),
        "{detail_text}"
    );
    // The gallery shows the vehicle's photos, served by the sandbox and kept by the
    // console's photo cache.
    photos_shown(&app, ".vehicle-detail img.gallery-main", 1).await;
    assert!(
        app.find_all(".vehicle-detail .gallery-thumbs > *")
            .await
            .len()
            > 1,
        "a thumbnail per photo"
    );
    app.screenshot(&shot("04-vehicle-detail")).await;

    // A walk-in wants to drive it: book from the vehicle, for an existing customer.
    let (base, key) = sandbox_api(&app, data.path()).await;
    let walk_in = api_data(&base, &key, "/external/customers?limit=1")
        .await
        .expect("the sandbox answers")[0]
        .clone();
    let email = walk_in["user"]["email"].as_str().unwrap().to_owned();
    let picked_vehicle = app
        .click_until(
            "[data-testid=book-test-drive]",
            "[data-testid=td-vehicle-search]",
        )
        .await;
    app.wait_until("the form to name the vehicle", 20, || async {
        let value = app.property(&picked_vehicle, "value").await;
        (!value.is_empty()).then_some(())
    })
    .await;
    let customer_search = app.wait("[data-testid=td-customer-search]", 10).await;
    app.type_text(&customer_search, &email).await;
    app.click(
        &app.wait("[data-testid=td-customer-search-option]", 20)
            .await,
    )
    .await;
    let email_input = app.wait("[data-testid=td-email]", 10).await;
    assert_eq!(app.property(&email_input, "value").await, email);
    app.screenshot(&shot("05-test-drive-form")).await;
    app.click(&app.wait("[data-testid=td-submit]", 10).await)
        .await;
    app.wait_until("the new request to reach the server", 30, || async {
        let drives = api_data(
            &base,
            &key,
            "/external/test-drives?status=pending&limit=100",
        )
        .await?;
        drives
            .as_array()?
            .iter()
            .any(|d| d["vehicleId"] == vehicle_id.as_str() && d["email"] == email.as_str())
            .then_some(())
    })
    .await;

    // A customer: notes, a tag, VIP — sent at once while online.
    app.click(&app.wait("[data-testid=nav-customers]", 10).await)
        .await;
    let first = app.wait("[data-testid=customer-row]", 30).await;
    let customer_id = app
        .attribute(&first, "data-id")
        .await
        .expect("rows carry their id");
    app.click(&first).await;
    app.wait("[data-testid=customer-detail]", 20).await;
    let notes = app.wait("[data-testid=notes-input]", 10).await;
    app.clear(&notes).await;
    app.type_text(&notes, "Wants a 7-seater for the school run")
        .await;
    app.click(&app.wait("[data-testid=notes-save]", 10).await)
        .await;
    let tag = app.wait("[data-testid=tag-input]", 10).await;
    app.type_text(&tag, "school-run\u{E007}").await;
    // Each saved edit redraws the panel; a toggle found just before a redraw is gone by
    // the time it is clicked (WebDriver then clicks nothing). Click the one on screen
    // until it says it is on, as a person would click again.
    app.wait_until("VIP to be switched on", 30, || async {
        let toggle = app.find("[data-testid=vip-toggle]").await?;
        if app.attribute(&toggle, "aria-checked").await.as_deref() == Some("true") {
            return Some(());
        }
        app.click(&toggle).await;
        tokio::time::sleep(std::time::Duration::from_millis(750)).await;
        let toggle = app.find("[data-testid=vip-toggle]").await?;
        (app.attribute(&toggle, "aria-checked").await.as_deref() == Some("true")).then_some(())
    })
    .await;
    // Each edit is queued and sent in the background, in order; the status bar may still
    // say "All changes synced" of the first ones while the last is on its way.
    app.wait_until("the three edits to reach the server", 30, || async {
        let customer = server_customer(&base, &key, &customer_id).await;
        let tagged = customer["tags"]
            .as_array()
            .is_some_and(|tags| tags.iter().any(|t| t == "school-run"));
        (customer["notes"] == "Wants a 7-seater for the school run"
            && tagged
            && customer["classification"]["isVip"] == true)
            .then_some(())
    })
    .await;
    let outbox = app.wait("[data-testid=outbox-count]", 10).await;
    app.wait_until("the status bar to say all is sent", 30, || async {
        app.text(&outbox)
            .await
            .contains("All changes synced")
            .then_some(())
    })
    .await;
    app.wait_until("the pending badge to clear once sent", 20, || async {
        for badge in app
            .find_all("[data-testid=customer-detail] [data-testid=pending-badge]")
            .await
        {
            if app.displayed(&badge).await {
                return None;
            }
        }
        Some(())
    })
    .await;
    app.screenshot(&shot("06-customer-edited")).await;
    assert!(
        app.find_all("[data-testid=conflicts-link]")
            .await
            .is_empty()
            || !app
                .displayed(&app.find("[data-testid=conflicts-link]").await.unwrap())
                .await,
        "three edits in a row conflict with nothing"
    );

    // The network goes away (the sandbox's server stops); the console keeps working.
    go_offline(&app).await;
    app.screenshot(&shot("07-offline")).await;
    // Offline, the photos a sync kept still show: the inventory's and the vehicle's.
    app.click(&app.wait("[data-testid=nav-inventory]", 10).await)
        .await;
    photos_shown(&app, "[data-testid=row-photo]", 5).await;
    // The vehicle opened earlier (a deep link: it may be far down the unfiltered list).
    app.execute(
        "location.hash = arguments[0];",
        json!([format!("#/inventory/{vehicle_id}")]),
    )
    .await;
    photos_shown(&app, ".vehicle-detail img.gallery-main", 1).await;
    app.screenshot(&shot("07-offline-photos")).await;
    app.click(&app.wait("[data-testid=nav-customers]", 10).await)
        .await;
    let row = app
        .wait(
            &format!("[data-testid=customer-row][data-id='{customer_id}']"),
            20,
        )
        .await;
    app.click(&row).await;
    let notes = app.wait("[data-testid=notes-input]", 10).await;
    app.clear(&notes).await;
    app.type_text(&notes, "Test drive booked for Saturday (noted offline)")
        .await;
    app.click(&app.wait("[data-testid=notes-save]", 10).await)
        .await;
    app.wait(
        "[data-testid=customer-detail] [data-testid=pending-badge]",
        10,
    )
    .await;
    app.wait_until("the outbox to count the edit", 10, || async {
        app.text(&outbox)
            .await
            .contains("waiting to sync")
            .then_some(())
    })
    .await;
    app.screenshot(&shot("08-offline-edit-pending")).await;

    // Back online: the outbox drains and the server has the offline edit.
    back_online(&app).await;
    assert!(
        app.find_all("[data-testid=offline-banner]")
            .await
            .is_empty()
            || !app
                .displayed(&app.find("[data-testid=offline-banner]").await.unwrap())
                .await
    );
    app.screenshot(&shot("09-back-online")).await;
    let (base, key) = sandbox_api(&app, data.path()).await;
    let on_server = server_customer(&base, &key, &customer_id).await;
    assert_eq!(
        on_server["notes"],
        "Test drive booked for Saturday (noted offline)"
    );

    // Test drives: confirm a pending request.
    app.click(&app.wait("[data-testid=nav-test-drives]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=status-tab-pending]", 10).await)
        .await;
    let pending = app
        .wait("[data-testid=test-drive-row][data-status=pending]", 20)
        .await;
    let drive_id = app.attribute(&pending, "data-id").await.unwrap();
    app.screenshot(&shot("10-test-drives")).await;
    app.click(
        &app.wait(
            &format!("[data-testid=test-drive-row][data-id='{drive_id}'] [data-testid=td-confirm]"),
            10,
        )
        .await,
    )
    .await;
    app.wait_until(
        "the test drive to be confirmed on the server",
        30,
        || async {
            let drive = api_data(&base, &key, &format!("/external/test-drives/{drive_id}")).await?;
            (drive["status"] == "confirmed").then_some(())
        },
    )
    .await;
    app.click(&app.wait("[data-testid=status-tab-confirmed]", 10).await)
        .await;
    app.wait(
        &format!("[data-testid=test-drive-row][data-id='{drive_id}'][data-status=confirmed]"),
        20,
    )
    .await;
    app.screenshot(&shot("11-test-drive-confirmed")).await;

    keyboard_only(&app, &base, &key).await;
    lead_inbox(&app, data.path(), &shot).await;
    calendar_week(&app, data.path(), &shot).await;

    // Evening shift: the dark theme, on the dashboard. A fresh profile follows the
    // system, and Xvfb prefers no dark scheme.
    let theme = || async {
        app.execute("return document.documentElement.dataset.theme", json!([]))
            .await
    };
    assert_eq!(theme().await, "light");
    app.click(&app.wait("[data-testid=theme-toggle]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=nav-dashboard]", 10).await)
        .await;
    app.wait("[data-testid=kpi-total-vehicles]", 20).await;
    assert_eq!(theme().await, "dark");
    app.wait("[data-testid=chart-brands] canvas", 10).await;
    app.screenshot(&shot("12-dashboard-dark")).await;

    published_api_alone(&app, &real, &shot).await;
    app.end().await;
}

/// Waits until at least `count` images matching `css` have loaded real pixels (not the
/// drawn placeholder a missing photo gets).
async fn photos_shown(app: &Session, css: &str, count: usize) {
    let loaded = "return [...document.querySelectorAll(arguments[0])] \
                  .filter(i => i.complete && i.naturalWidth > 0).length;";
    app.wait_until(&format!("{count} photos at {css}"), 30, || async {
        let n = app.execute(loaded, json!([css])).await.as_u64()? as usize;
        (n >= count).then_some(())
    })
    .await;
}
