//! The dealer's day in the inbox: a new lead opened, marked contacted, a follow-up task
//! added on its page; then, offline, the task checked off; back online, the server holds
//! both edits.

use crate::{api_data, back_online, go_offline, sandbox_api};
use carstrel_testkit::webdriver::Session;
use std::path::{Path, PathBuf};

const TASK_TITLE: &str = "Call back about financing (e2e)";

pub async fn lead_inbox(app: &Session, data_dir: &Path, shot: &impl Fn(&str) -> PathBuf) {
    let (base, key) = sandbox_api(app, data_dir).await;
    let (base, key) = (base.as_str(), key.as_str());
    app.click(&app.wait("[data-testid=nav-leads]", 10).await)
        .await;
    app.wait("[data-testid=view-leads]", 10).await;
    let first = app.wait("[data-testid=lead-row]", 20).await;
    let lead_id = app.attribute(&first, "data-id").await.expect("a lead id");
    app.screenshot(&shot("11a-inbox")).await;
    app.click(&first).await;
    app.wait("[data-testid=lead-page]", 20).await;
    app.click(&app.wait("[data-testid=lead-move-contacted]", 10).await)
        .await;
    app.wait_until("the lead contacted on the server", 30, || async {
        let lead = api_data(base, key, &format!("/external/leads/{lead_id}")).await?;
        (lead["status"] == "contacted" && !lead["firstResponseDate"].is_null()).then_some(())
    })
    .await;

    let title = app.wait("[data-testid=lead-task-title]", 10).await;
    app.type_text(&title, TASK_TITLE).await;
    app.click(&app.wait("[data-testid=lead-task-add]", 10).await)
        .await;
    let task_id = app
        .wait_until("the follow-up task on the server", 30, || async {
            let tasks = api_data(
                base,
                key,
                &format!("/external/tasks?leadId={lead_id}&due=all"),
            )
            .await?;
            tasks
                .as_array()?
                .iter()
                .find(|t| t["title"] == TASK_TITLE)
                .and_then(|t| t["id"].as_str().map(str::to_owned))
        })
        .await;
    app.wait("[data-testid=lead-timeline]", 20).await;
    app.screenshot(&shot("11b-lead-contacted")).await;

    // Offline: the task is checked off and waits in the outbox.
    go_offline(app).await;
    app.click(&app.wait("[data-testid=nav-tasks]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=task-tab-upcoming]", 10).await)
        .await;
    let done = format!("[data-testid=task-row][data-id='{task_id}'] [data-testid=task-done]");
    app.click(&app.wait(&done, 20).await).await;
    let outbox = app.wait("[data-testid=outbox-count]", 10).await;
    app.wait_until("the outbox to count the task", 10, || async {
        app.text(&outbox)
            .await
            .contains("waiting to sync")
            .then_some(())
    })
    .await;
    app.screenshot(&shot("11c-offline-task-done")).await;

    // Back online: the server holds both edits.
    back_online(app).await;
    // The sandbox came back on a new port.
    let (base_now, _) = sandbox_api(app, data_dir).await;
    let task = app
        .wait_until("the task done on the server", 30, || async {
            api_data(&base_now, key, &format!("/external/tasks/{task_id}")).await
        })
        .await;
    assert_eq!(
        task["done"], true,
        "the offline check-off reached the server"
    );
    let lead = api_data(&base_now, key, &format!("/external/leads/{lead_id}"))
        .await
        .expect("the sandbox answers");
    assert_eq!(lead["status"], "contacted");
}
