//! The dealer's day from the shell: the inbox and the tasks as the API lists them, lead
//! work and tasks done with the network gone, reaching the server once it is back.

use super::{api_data, console, json, start_api};
use serde_json::Value;

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dealer_works_leads_and_tasks_offline_from_the_shell() {
    let mut api = start_api().await;
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let key = api.live_key().to_owned();
    let run = |args: &[&str]| console(dir, Some(&key), args);
    assert_eq!(run(&["profile", "add", "shop", "--url", &api.url()]).0, 0);
    let (code, out, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" leads, "), "{out}");

    // The same pages as the API, in the API's `data` shapes.
    for (args, path) in [
        (
            &["leads", "--status", "new", "--json"][..],
            "/external/leads?status=new",
        ),
        (
            &["leads", "--source", "contact_form", "--json"],
            "/external/leads?source=contact_form",
        ),
        (
            &["tasks", "--due", "overdue", "--json"],
            "/external/tasks?due=overdue",
        ),
        (
            &["tasks", "--due", "upcoming", "--json"],
            "/external/tasks?due=upcoming",
        ),
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(json(&out), api_data(&api, path).await, "{args:?}");
    }
    let (_, out, _) = run(&["leads", "--limit", "3"]);
    assert!(out.starts_with("ID") && out.contains("page 1 of"), "{out}");
    let lead = api_data(&api, "/external/leads?status=new&limit=1").await[0].clone();
    let lead_id = lead["id"].as_str().unwrap().to_owned();
    let staff_id = api_data(&api, "/external/staff").await[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let overdue = api_data(&api, "/external/tasks?due=overdue&limit=1").await[0].clone();
    let overdue_id = overdue["id"].as_str().unwrap().to_owned();

    // The network goes away: the work is refused as the server would, or queued.
    api.stop().await;
    let (code, _, err) = run(&["lead", "set-status", &lead_id, "lost"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("lostReason is required when a lead is marked lost"),
        "{err}"
    );
    let (code, _, err) = run(&["lead", "set-status", &lead_id, "promising"]);
    assert_eq!(code, 2, "not a status: {err}");
    let (code, out, err) = run(&["lead", "set-status", &lead_id, "contacted"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("contacted (saved offline)"), "{out}");
    let (code, out, err) = run(&["lead", "assign", &lead_id, &staff_id, "--json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["assignedTo"], staff_id.as_str());
    let (code, out, err) = run(&[
        "task",
        "add",
        "--title",
        "Call back about financing",
        "--due",
        "2030-01-15",
        "--lead",
        &lead_id,
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let added = json(&out);
    assert_eq!(added["dueAt"], "2030-01-15T00:00:00.000Z");
    assert_eq!(added["leadId"], lead_id.as_str());
    let (code, _, err) = run(&["task", "add", "--title", "Call", "--due", "soon"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("dueAt must be a date"), "{err}");
    let (code, out, err) = run(&["task", "done", &overdue_id]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("done (saved offline)"), "{out}");
    let (_, out, _) = run(&["tasks", "--due", "overdue", "--json"]);
    assert!(
        !ids(&json(&out)).contains(&overdue_id),
        "checked off at once"
    );
    let (_, out, _) = run(&["leads", "--status", "contacted", "--json"]);
    assert!(ids(&json(&out)).contains(&lead_id));
    let (_, out, _) = run(&["outbox", "--json"]);
    assert_eq!(json(&out).as_array().unwrap().len(), 4, "{out}");

    // Back online: each edit reaches the server, once.
    api.restart().await;
    let (code, out, err) = run(&["sync"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 edits sent"), "{out}");
    let on_server = api_data(&api, &format!("/external/leads/{lead_id}")).await;
    assert_eq!(on_server["status"], "contacted");
    assert_eq!(on_server["assignedTo"], staff_id.as_str());
    assert_eq!(
        on_server["version"].as_i64(),
        lead["version"].as_i64().map(|v| v + 2)
    );
    let of_lead = api_data(&api, &format!("/external/tasks?leadId={lead_id}")).await;
    let added: Vec<&Value> = of_lead
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["title"] == "Call back about financing")
        .collect();
    assert_eq!(added.len(), 1, "added once: {of_lead}");
    let done = api_data(&api, &format!("/external/tasks/{overdue_id}")).await;
    assert_eq!(done["done"], true);
    let (_, out, _) = run(&["outbox"]);
    assert!(out.contains("nothing waiting"), "{out}");
}
