//! The second connection of the walk: a dealer's real account, which offers the published
//! CarStrel API alone (`serve --docs-only`), added through the Connections form.

use crate::api_data;
use carstrel_testkit::webdriver::Session;
use std::path::PathBuf;

/// A dealer's real account offers the published CarStrel API alone (`--docs-only`): the
/// console connects, syncs without an error, shows inventory, customers and stats, says
/// what the server lacks, and keeps the test drives booked from it.
pub async fn published_api_alone(
    app: &Session,
    real: &carstrel_testkit::TestServer,
    shot: &dyn Fn(&str) -> PathBuf,
) {
    app.click(&app.wait("[data-testid=nav-connections]", 10).await)
        .await;
    // Typed as a dealer would: a name with capitals and a space, and first a wrong address.
    let name = app.wait("[data-testid=profile-name-input]", 10).await;
    app.type_text(&name, "Real account").await;
    let url = app.wait("[data-testid=profile-url-input]", 10).await;
    app.type_text(&url, "http://127.0.0.1:9").await;
    let key = app.wait("[data-testid=profile-key-input]", 10).await;
    app.type_text(&key, real.live_key()).await;
    let add = app.wait("[data-testid=profile-add]", 10).await;
    app.click(&add).await;
    app.wait_until("the wrong address to be refused", 30, || async {
        let problems = app.find(".form-problems:not([hidden])").await?;
        (!app.text(&problems).await.is_empty()).then_some(())
    })
    .await;
    assert_eq!(
        app.property(&key, "value").await,
        real.live_key(),
        "a refused form keeps the key, so it need not be pasted again"
    );
    app.clear(&url).await;
    app.type_text(&url, &real.url()).await;
    app.click(&add).await;
    let use_it = app
        .wait(
            "[data-testid=profile-row][data-name='real-account'] [data-testid=profile-use]",
            30,
        )
        .await;
    assert_eq!(app.property(&key, "value").await, "", "cleared once added");
    app.click(&use_it).await;
    app.wait_until("the switch to the real account", 30, || async {
        let name = app.find("[data-testid=profile-name]").await?;
        (app.text(&name).await == "Real account").then_some(())
    })
    .await;
    // Switching starts a sync of its own, which disables "Sync now" until it ends.
    let sync_now = app.wait("[data-testid=sync-now]", 10).await;
    app.wait_until("the switch's own sync to end", 90, || async {
        (app.text(&sync_now).await == "Sync now").then_some(())
    })
    .await;
    app.click(&sync_now).await;
    app.wait_until("the sync to finish without an error", 90, || async {
        for toast in app.find_all("[data-testid=toast]").await {
            let text = app.text(&toast).await;
            assert!(!text.contains("Sync failed"), "{text}");
            if text.contains("Sync finished") {
                return Some(());
            }
        }
        None
    })
    .await;
    let summary = app.wait("[data-testid=capabilities-summary]", 20).await;
    assert!(
        app.text(&summary)
            .await
            .contains("published CarStrel API only"),
        "the connection's page says what the server offers"
    );
    app.screenshot(&shot("13-published-api-connections")).await;

    // Inventory, customers and stats, from the list fallback.
    app.click(&app.wait("[data-testid=nav-dashboard]", 10).await)
        .await;
    app.wait_until("the dashboard's vehicle count", 30, || async {
        app.number("[data-testid=kpi-total-vehicles]")
            .await
            .filter(|n| *n > 0)
    })
    .await;
    app.click(&app.wait("[data-testid=nav-customers]", 10).await)
        .await;
    app.wait("[data-testid=customer-row]", 30).await;

    // Book a test drive from a vehicle; the server cannot list them, the console keeps it.
    let email = api_data(&real.url(), real.live_key(), "/external/customers?limit=1")
        .await
        .expect("the real account answers")[0]["user"]["email"]
        .as_str()
        .unwrap()
        .to_owned();
    app.open_nav("inventory").await;
    app.click(&app.wait("[data-testid=vehicle-row]", 30).await)
        .await;
    let customer_search = app
        .click_until(
            "[data-testid=book-test-drive]",
            "[data-testid=td-customer-search]",
        )
        .await;
    app.type_text(&customer_search, &email).await;
    app.click(
        &app.wait("[data-testid=td-customer-search-option]", 20)
            .await,
    )
    .await;
    app.click(&app.wait("[data-testid=td-submit]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=nav-test-drives]", 10).await)
        .await;
    let notice = app.wait("[data-testid=td-unlisted-notice]", 20).await;
    assert!(app.displayed(&notice).await);
    app.wait_until("the booking to be sent and kept", 30, || async {
        let badges = app.find_all("[data-testid=td-booked-here]").await;
        let pending = app
            .find_all("[data-testid=test-drive-row] [data-testid=pending-badge]")
            .await;
        (badges.len() == 1 && pending.is_empty()).then_some(())
    })
    .await;
    assert!(
        app.find_all(".banner-error").await.is_empty()
            || !app
                .displayed(&app.find(".banner-error").await.unwrap())
                .await,
        "no error banner for what the server lacks"
    );
    app.screenshot(&shot("14-published-api-test-drives")).await;
}
