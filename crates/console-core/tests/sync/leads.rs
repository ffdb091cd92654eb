//! The dealer's day against the real server: the lead inbox, tasks and staff synced and
//! answered offline exactly as the API answers; lead work and tasks done offline reaching
//! the server exactly once across a restart; a stale lead edit kept with both copies; and
//! a published-API server, which has none of it.

use super::helpers::*;
use carstrel_client::model::*;
use console_core::cache::outbox::{Entity, Keep};
use console_core::Cache;

/// The cache answers `query` as the API does: the same page, in the same order.
async fn same_leads(api: &carstrel_client::Client, cache: &Cache, query: &LeadQuery) {
    let live = api.leads().list(query).await.unwrap();
    let offline = cache.list_leads(query).await.unwrap();
    assert_eq!(offline.items, live.items, "{query:?}");
    assert_eq!(
        (offline.total, offline.page, offline.limit),
        (live.total, live.page, live.limit),
        "{query:?}"
    );
}

async fn same_tasks(api: &carstrel_client::Client, cache: &Cache, query: &TaskQuery) {
    let live = api.tasks().list(query).await.unwrap();
    let offline = cache.list_tasks(query).await.unwrap();
    assert_eq!(offline.items, live.items, "{query:?}");
    assert_eq!(offline.total, live.total, "{query:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_tasks_and_stats_read_offline_as_the_api_answers() {
    let server = start_server().await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    let report = sync_now(&api, &cache).await.unwrap();
    assert!(report.leads > 0 && report.tasks > 0, "{report:?}");
    let staff = api.staff_members().await.unwrap();
    assert!(staff.len() >= 3);
    assert_eq!(cache.staff().await.unwrap(), staff);

    let some = api.leads().list(&LeadQuery::new().limit(5)).await.unwrap();
    let needle = some.items[0].email.clone().unwrap();
    let queries = [
        LeadQuery::new(),
        LeadQuery::new().status(LeadStatus::New).limit(100),
        LeadQuery::new().source(LeadSource::ContactForm),
        LeadQuery::new().assigned_to(&staff[1].id).limit(50),
        LeadQuery::new().search(&needle[..4]),
        LeadQuery::new().search("0"),
        LeadQuery::new()
            .sort(LeadSort::LastActivityDate, SortOrder::Asc)
            .page(2)
            .limit(7),
        LeadQuery::new()
            .sort(LeadSort::CreatedDate, SortOrder::Asc)
            .page(40),
    ];
    for query in &queries {
        same_leads(&api, &cache, query).await;
    }
    assert_eq!(
        cache.lead_stats(now()).await.unwrap(),
        api.leads().stats().await.unwrap()
    );

    let task = api.tasks().list(&TaskQuery::new()).await.unwrap().items[0].clone();
    let mut task_queries = vec![TaskQuery::new().limit(100), TaskQuery::new().done(true)];
    for due in [
        TaskDue::Overdue,
        TaskDue::Today,
        TaskDue::Upcoming,
        TaskDue::All,
    ] {
        task_queries.push(TaskQuery::new().due(due).limit(100));
    }
    if let Some(lead) = &task.lead_id {
        task_queries.push(TaskQuery::new().lead(lead));
    }
    if let Some(customer) = &task.customer_id {
        task_queries.push(TaskQuery::new().customer(customer));
    }
    task_queries.push(TaskQuery::new().assigned_to(&staff[2].id).page(2).limit(3));
    for query in &task_queries {
        same_tasks(&api, &cache, query).await;
    }
    let overdue = cache
        .list_tasks(&TaskQuery::new().due(TaskDue::Overdue))
        .await
        .unwrap();
    assert!(overdue.total > 0, "the demo has overdue tasks");

    // What the API refuses, the cache refuses in the same words.
    let bad = LeadQuery::new().assigned_to("bob");
    let refused = cache.list_leads(&bad).await.unwrap_err();
    let live = api.leads().list(&bad).await.unwrap_err();
    assert_eq!(refused.code(), "invalid_query");
    assert!(live.to_string().contains(&refused.to_string()), "{live}");

    // A lead's history, as fetched, is kept for offline.
    let lead = &some.items[0];
    let detail = api.leads().get(&lead.id).await.unwrap().into_inner();
    cache.store_lead_detail(&detail).await.unwrap();
    let kept = cache.get_lead_detail(&lead.id).await.unwrap();
    assert_eq!(kept.lead, detail.lead);
    assert_eq!(kept.activities, detail.activities);
    assert!(!kept.activities.is_empty() && kept.activities_fetched_at.is_some());
    assert_sound(&cache).await;
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_lead_and_task_work_reaches_the_server_exactly_once_across_a_restart() {
    let mut server = start_server().await;
    let file = CacheFile::new();
    let cache = file.open().await;
    sync_now(&server.client(), &cache).await.unwrap();
    let staff = cache.staff().await.unwrap();
    let lead = cache
        .list_leads(&LeadQuery::new().status(LeadStatus::New))
        .await
        .unwrap()
        .items[0]
        .clone();
    let open = cache
        .list_tasks(&TaskQuery::new().done(false).limit(2))
        .await
        .unwrap()
        .items;
    let (checked_off, deleted) = (open[0].clone(), open[1].clone());

    server.stop().await;
    let shown = cache
        .queue_lead_update(
            &lead.id,
            &LeadUpdate {
                status: Some(LeadStatus::Contacted),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(shown.first_response_date.is_some(), "answered, offline");
    // Refused offline exactly as the server would, in its words.
    let lost = LeadUpdate {
        status: Some(LeadStatus::Lost),
        ..Default::default()
    };
    let refused = cache.queue_lead_update(&lead.id, &lost).await.unwrap_err();
    assert_eq!(refused.code(), "invalid_change");
    assert_eq!(
        refused.to_string(),
        "lostReason is required when a lead is marked lost"
    );
    let stranger = LeadUpdate {
        assigned_to: Some("0b5c7a0e-3f2a-4c7b-9d1e-2a3b4c5d6e7f".into()),
        ..Default::default()
    };
    let refused = cache
        .queue_lead_update(&lead.id, &stranger)
        .await
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "assignedTo names no staff member of this dealer"
    );
    cache
        .queue_lead_update(
            &lead.id,
            &LeadUpdate {
                assigned_to: Some(staff[1].id.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let added = cache
        .queue_task_create(&CreateTaskRequest {
            title: "Call back about the SUV".into(),
            due_at: "2030-01-15T09:00:00Z".into(),
            notes: None,
            customer_id: None,
            lead_id: Some(lead.id.clone()),
            assigned_to: Some(staff[1].id.clone()),
        })
        .await
        .unwrap();
    let done = TaskUpdate {
        done: Some(true),
        ..Default::default()
    };
    cache.queue_task_update(&added.id, &done).await.unwrap();
    cache
        .queue_task_update(&checked_off.id, &done)
        .await
        .unwrap();
    cache.queue_task_delete(&deleted.id).await.unwrap();
    // Offline lists show the work at once.
    let of_lead = cache
        .list_tasks(&TaskQuery::new().lead(&lead.id))
        .await
        .unwrap();
    assert!(of_lead.items.iter().any(|t| t.id == added.id && t.done));
    let all = cache
        .list_tasks(&TaskQuery::new().limit(100))
        .await
        .unwrap();
    assert!(
        all.items.iter().all(|t| t.id != deleted.id),
        "deleted at once"
    );
    assert_eq!(cache.pending_count().await.unwrap(), 6);

    // The console quits and starts again; the server comes back.
    cache.close().await;
    let cache = file.open().await;
    assert_eq!(cache.pending_count().await.unwrap(), 6, "nothing lost");
    server.restart().await;
    let api = server.client();
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!((report.sent, report.conflicts), (6, 0));
    assert_eq!(cache.pending_count().await.unwrap(), 0);

    let on_server = api.leads().get(&lead.id).await.unwrap().into_inner();
    assert_eq!(on_server.lead.status, LeadStatus::Contacted);
    assert_eq!(on_server.lead.assigned_to.as_deref(), Some(&*staff[1].id));
    assert!(on_server.lead.first_response_date.is_some());
    assert_eq!(on_server.lead.version, lead.version + 2, "each edit once");
    let tasks = api
        .tasks()
        .list(&TaskQuery::new().lead(&lead.id).limit(100))
        .await
        .unwrap()
        .items;
    let mine: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.title == "Call back about the SUV")
        .collect();
    assert_eq!(mine.len(), 1, "added once");
    assert!(mine[0].done);
    let checked = api.tasks().get(&checked_off.id).await.unwrap().into_inner();
    assert!(checked.done && checked.done_date.is_some());
    assert!(api.tasks().get(&deleted.id).await.is_err(), "deleted");
    // The cache holds the server's copies: the new task under the server's id.
    assert_eq!(
        cache
            .list_tasks(&TaskQuery::new().lead(&lead.id))
            .await
            .unwrap()
            .items,
        tasks
    );
    assert_eq!(
        cache.get_lead_row(&lead.id).await.unwrap().lead,
        on_server.lead
    );
    let history = cache.get_lead_detail(&lead.id).await.unwrap().activities;
    assert_eq!(history, on_server.activities, "the reply's history is kept");
    // Another sync sends nothing again.
    assert_eq!(sync_now(&api, &cache).await.unwrap().sent, 0);
    assert_eq!(
        api.leads()
            .get(&lead.id)
            .await
            .unwrap()
            .into_inner()
            .lead
            .version,
        lead.version + 2
    );
    same_leads(&api, &cache, &LeadQuery::new().limit(100)).await;
    same_tasks(&api, &cache, &TaskQuery::new().limit(100)).await;
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_changed_meanwhile_keeps_both_copies_until_settled() {
    let server = start_server().await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let staff = cache.staff().await.unwrap();
    let lead = cache
        .list_leads(&LeadQuery::new().status(LeadStatus::New))
        .await
        .unwrap()
        .items[0]
        .clone();
    // A colleague assigns it while this console, offline, marks it contacted.
    let theirs = LeadUpdate {
        assigned_to: Some(staff[2].id.clone()),
        ..Default::default()
    };
    api.leads().update(&lead.id, &theirs).send().await.unwrap();
    let mine = LeadUpdate {
        status: Some(LeadStatus::Qualified),
        ..Default::default()
    };
    cache.queue_lead_update(&lead.id, &mine).await.unwrap();
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!(report.conflicts, 1);
    let conflicts = cache.conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(
        (conflict.entity, &*conflict.entity_id),
        (Entity::Lead, &*lead.id)
    );
    assert_eq!(conflict.mine["status"], "qualified");
    assert_eq!(conflict.theirs["status"], "new");
    assert_eq!(conflict.theirs["assignedTo"], staff[2].id.as_str());
    let row = cache.get_lead_row(&lead.id).await.unwrap();
    assert!(row.pending && row.conflict, "marked for the user");

    cache
        .resolve_conflict(conflict.id, Keep::Mine)
        .await
        .unwrap();
    let report = sync_now(&api, &cache).await.unwrap();
    assert_eq!((report.sent, report.conflicts), (1, 0));
    let on_server = api.leads().get(&lead.id).await.unwrap().into_inner().lead;
    assert_eq!(on_server.status, LeadStatus::Qualified);
    assert_eq!(
        on_server.assigned_to.as_deref(),
        Some(&*staff[2].id),
        "theirs kept"
    );
    let row = cache.get_lead_row(&lead.id).await.unwrap();
    assert_eq!(row.lead, on_server);
    assert!(!row.pending && !row.conflict);
    assert_sound(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_api_server_has_no_inbox_and_the_sync_does_without() {
    let server = carstrel_testkit::Setup::new()
        .demo(DEMO_VEHICLES, DEMO_CUSTOMERS)
        .patience(Patience::Enduring)
        .docs_only()
        .start()
        .await;
    let cache = Cache::open_in_memory().await.unwrap();
    let report = sync_now(&server.client(), &cache).await.unwrap();
    assert_eq!(report.customers as usize, DEMO_CUSTOMERS);
    assert_eq!((report.leads, report.tasks), (0, 0));
    for feature in [Feature::Leads, Feature::Tasks, Feature::StaffList] {
        assert!(report.missing.contains(&feature), "{feature:?}");
    }
    assert_eq!(cache.list_leads(&LeadQuery::new()).await.unwrap().total, 0);
    assert_eq!(cache.list_tasks(&TaskQuery::new()).await.unwrap().total, 0);
    assert!(cache.staff().await.unwrap().is_empty());
    let stats = cache.lead_stats(now()).await.unwrap();
    assert_eq!(
        (stats.total, stats.median_first_response_minutes),
        (0, None)
    );
}

/// A lead's page online fetches its history and keeps it; with the server gone it shows
/// the kept history, and work done there (marked pending) still shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leads_page_keeps_its_history_for_offline() {
    use console_core::console::{Console, ConsoleOptions};
    use console_core::secrets::{MemoryStore, Secret};
    let mut server = start_server().await;
    let data = tempfile::tempdir().unwrap();
    let console = Console::open(ConsoleOptions {
        data_dir: Some(data.path().to_owned()),
        secrets: Some(std::sync::Arc::new(MemoryStore::new())),
        ..Default::default()
    })
    .await
    .unwrap();
    console
        .add_profile("shop", &server.url(), Secret::new(server.live_key()))
        .await
        .unwrap();
    console.use_profile("shop").await.unwrap();
    console
        .sync(
            false,
            &mut |_| {},
            &tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap();
    let lead = console
        .list_leads(&LeadQuery::new().status(LeadStatus::New))
        .await
        .unwrap()
        .items[0]
        .lead
        .clone();
    let online = console.get_lead(&lead.id).await.unwrap();
    let live = server
        .client()
        .leads()
        .get(&lead.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(online.activities, live.activities);
    assert!(online.activities_fetched_at.is_some());

    let before = server.client().leads().stats().await.unwrap();
    server.stop().await;
    let change = LeadUpdate {
        status: Some(LeadStatus::Contacted),
        ..Default::default()
    };
    let worked = console.update_lead(&lead.id, &change).await.unwrap();
    assert!(worked.pending);
    let offline = console.get_lead(&lead.id).await.unwrap();
    assert_eq!(offline.activities, live.activities, "the kept history");
    assert_eq!(offline.lead.status, LeadStatus::Contacted);
    assert!(offline.pending);
    let stats = console.lead_stats().await.unwrap();
    assert_eq!(stats.by_status.contacted, before.by_status.contacted + 1);
    assert_eq!(stats.by_status.new, before.by_status.new - 1);
    assert!(stats.median_first_response_minutes.is_some());
    console.close().await;
}
