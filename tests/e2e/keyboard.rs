//! The keyboard-only part of the walk.

use crate::{api_data, server_customer};
use carstrel_testkit::webdriver::{self, Session, ARROW_DOWN, ENTER, ESCAPE};

/// The same day's work with the keyboard alone: open a vehicle and close it with Escape,
/// tag a customer, confirm a pending drive. Only Tab, arrows, Enter, Escape and typing;
/// no element is clicked or focused by the test.
pub async fn keyboard_only(app: &Session, base: &str, key: &str) {
    assert!(
        app.focus_window().await,
        "the window has the keyboard focus"
    );
    // The mouse last clicked a status tab; WebKitGTK starts Shift+Tab from a clicked tab
    // button unreliably, so the keyboard takes over with a Tab into the list first.
    app.press(webdriver::TAB).await;
    app.shift_tab_to("[data-testid=nav-inventory]", 80).await;
    app.press(ENTER).await;
    app.wait("[data-testid=vehicle-row]", 30).await;
    app.tab_to(".vtable [role=grid]", 80).await;
    app.press(ARROW_DOWN).await;
    app.press(ENTER).await;
    let detail = app.wait("[data-testid=vehicle-detail]", 20).await;
    assert!(app.displayed(&detail).await, "Enter opens the vehicle");
    app.assert_accessible("a vehicle opened from the keyboard")
        .await;
    app.press(ESCAPE).await;
    app.wait_until("Escape to close the vehicle", 10, || async {
        match app.find("[data-testid=vehicle-detail]").await {
            Some(el) if app.displayed(&el).await => None,
            _ => Some(()),
        }
    })
    .await;

    app.shift_tab_to("[data-testid=nav-customers]", 80).await;
    app.press(ENTER).await;
    let first = app.wait("[data-testid=customer-row]", 30).await;
    let customer_id = app.attribute(&first, "data-id").await.unwrap();
    app.tab_to(".vtable [role=grid]", 80).await;
    app.press(ENTER).await;
    app.wait("[data-testid=customer-detail]", 20).await;
    app.tab_to("[data-testid=tag-input]", 40).await;
    app.press("keyboard-only").await;
    app.press(ENTER).await;
    app.wait_until(
        "the tag typed at the keyboard to reach the server",
        30,
        || async {
            let customer = server_customer(base, key, &customer_id).await;
            customer["tags"]
                .as_array()?
                .iter()
                .any(|t| t == "keyboard-only")
                .then_some(())
        },
    )
    .await;
    app.press(ESCAPE).await;

    app.shift_tab_to("[data-testid=nav-test-drives]", 80).await;
    app.press(ENTER).await;
    let pending = app
        .wait("[data-testid=test-drive-row][data-status=pending]", 20)
        .await;
    let drive_id = app.attribute(&pending, "data-id").await.unwrap();
    app.tab_to(
        &format!("[data-testid=test-drive-row][data-id='{drive_id}'] [data-testid=td-confirm]"),
        80,
    )
    .await;
    app.press(ENTER).await;
    app.wait_until(
        "the drive confirmed from the keyboard to reach the server",
        30,
        || async {
            let drive = api_data(base, key, &format!("/external/test-drives/{drive_id}")).await?;
            (drive["status"] == "confirmed").then_some(())
        },
    )
    .await;
}
