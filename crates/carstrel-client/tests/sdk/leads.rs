//! Leads, the staff list and follow-up tasks through the SDK: typed lists and streams,
//! detail with history, updates with If-Match, idempotent creation, the changes feeds.

use crate::helpers::spawn_app;
use carstrel_client::prelude::*;
use carstrel_client::{Error, Leads};
use futures_util::TryStreamExt;

async fn all_leads(leads: Leads<'_>, query: &LeadQuery) -> Vec<Lead> {
    leads.stream(query).try_collect().await.unwrap()
}

#[tokio::test]
async fn leads_are_listed_opened_worked_and_fed() {
    let app = spawn_app().await;
    let leads = app.client.leads();
    let cursor = leads.changes(0, Some(1000)).await.unwrap().next_since;
    let staff = app.client.staff_members().await.unwrap();
    let seller = staff.iter().find(|s| s.role == StaffRole::Sales).unwrap();

    let request = CreateLeadRequest {
        source: LeadSource::Phone,
        name: "Ivy Caller".into(),
        email: Some("ivy.caller@example.com".into()),
        phone: Some("+254700000003".into()),
        message: Some("Asked about the blue SUV".into()),
        customer_id: None,
        vehicle_id: None,
        assigned_to: None,
    };
    let opened = leads.create(&request).send().await.unwrap();
    assert_eq!(
        (opened.lead.status, opened.lead.source),
        (LeadStatus::New, LeadSource::Phone)
    );
    assert_eq!(opened.activities.len(), 1);
    let again = leads.create(&request).send().await.unwrap();
    assert_eq!(again.lead.id, opened.lead.id, "one person, one open lead");
    assert_eq!(again.activities[1].kind, LeadActivityType::Signal);

    let news = all_leads(leads, &LeadQuery::new().status(LeadStatus::New).limit(7)).await;
    assert!(news.iter().any(|l| l.id == opened.lead.id));
    assert!(news.iter().all(|l| l.status == LeadStatus::New));
    let found = leads
        .list(&LeadQuery::new().search("IVY.CALLER"))
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);

    let read = leads.get(&opened.lead.id).await.unwrap();
    let change = LeadUpdate {
        status: Some(LeadStatus::Contacted),
        assigned_to: Some(seller.id.clone()),
        lost_reason: None,
    };
    let worked = leads
        .update(&read.lead.id, &change)
        .if_match(read.etag())
        .idempotency_key("sdk-lead-1")
        .send()
        .await
        .unwrap();
    assert!(worked.lead.first_response_date.is_some());
    assert_eq!(worked.lead.assigned_to.as_deref(), Some(seller.id.as_str()));
    assert_eq!(
        worked.etag(),
        Some(format!("\"v{}\"", worked.lead.version).as_str())
    );
    let stale = leads
        .update(&read.lead.id, &change)
        .if_version(read.lead.version)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(stale, Error::PreconditionFailed { .. }), "{stale}");
    let no_reason = LeadUpdate {
        status: Some(LeadStatus::Lost),
        ..Default::default()
    };
    let refused = leads
        .update(&read.lead.id, &no_reason)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::Validation { status: 400, .. }),
        "{refused}"
    );

    let stats = leads.stats().await.unwrap();
    assert!(stats.total > 0 && stats.by_source.phone > 0);
    assert!(stats.median_first_response_minutes.is_some());
    let changes: Vec<Change<Lead>> = leads
        .changes_stream(cursor, Some(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        changes[0].data.as_ref().unwrap().status,
        LeadStatus::Contacted
    );
}

#[tokio::test]
async fn tasks_are_added_once_checked_off_and_deleted() {
    let app = spawn_app().await;
    let tasks = app.client.tasks();
    let cursor = tasks.changes(0, Some(1000)).await.unwrap().next_since;
    let lead = app
        .client
        .leads()
        .list(&LeadQuery::new().limit(1))
        .await
        .unwrap()
        .items[0]
        .clone();
    let request = CreateTaskRequest {
        title: "Call Ivy back".into(),
        due_at: "2020-01-01T09:00:00Z".into(),
        notes: None,
        customer_id: None,
        lead_id: Some(lead.id.clone()),
        assigned_to: None,
    };
    let task = tasks
        .create(&request)
        .idempotency_key("sdk-task-1")
        .send()
        .await
        .unwrap();
    // The console shows a task queued offline as the rule book makes it: as the server did.
    let offline = carstrel_client::model::rules::new_task(task.id.clone(), &request, 0).unwrap();
    let stamped = Task {
        created_date: task.created_date.clone(),
        updated_date: task.updated_date.clone(),
        ..offline
    };
    assert_eq!(&stamped, &*task);
    let same = tasks
        .create(&request)
        .idempotency_key("sdk-task-1")
        .send()
        .await
        .unwrap();
    assert_eq!(same.id, task.id, "a resend adds the task once");
    let overdue: Vec<Task> = tasks
        .stream(&TaskQuery::new().due(TaskDue::Overdue).limit(5))
        .try_collect()
        .await
        .unwrap();
    assert!(overdue.iter().any(|t| t.id == task.id));

    let done = TaskUpdate {
        done: Some(true),
        ..Default::default()
    };
    let checked = tasks
        .update(&task.id, &done)
        .if_version(task.version)
        .send()
        .await
        .unwrap();
    assert!(checked.done && checked.done_date.is_some());
    let read = tasks.get(&task.id).await.unwrap();
    assert_eq!(read.etag(), checked.etag());
    let about = tasks
        .list(&TaskQuery::new().lead(&lead.id).done(true))
        .await
        .unwrap();
    assert!(about.items.iter().any(|t| t.id == task.id));

    tasks.delete(&task.id).await.unwrap();
    let gone = tasks.get(&task.id).await.unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone}");
    let feed = tasks.changes(cursor, None).await.unwrap();
    let last = feed.changes.last().unwrap();
    assert_eq!(
        (last.id.as_str(), last.op, last.data.is_none()),
        (task.id.as_str(), ChangeOp::Delete, true)
    );
}
