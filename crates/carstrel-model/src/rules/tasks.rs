//! Follow-up tasks: what staff may send to add one and to change one, and how a change
//! applies.

use super::dates::{instant, rfc3339};
use super::leads::given_id;
use super::text::{clean_text, required_text};
use super::{Checked, Invalid};
use crate::customer::limits::NOTES_MAX_CHARS;
use crate::{CreateTaskRequest, Task, TaskUpdate};

pub const TASK_TITLE_MAX_CHARS: usize = 200;

/// A task the API accepts, normalised as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    /// Trimmed.
    pub title: String,
    /// Milliseconds since the epoch (a bare date is midnight UTC).
    pub due_at: i64,
    pub notes: Option<String>,
    pub customer_id: Option<String>,
    pub lead_id: Option<String>,
    pub assigned_to: Option<String>,
}

/// Checks a new task field by field, in the order the API reports them.
pub fn check_task_request(request: &CreateTaskRequest) -> Checked<NewTask> {
    let title = required_text("title", &request.title, TASK_TITLE_MAX_CHARS)?;
    let due_at = instant("dueAt", &request.due_at)?;
    if let Some(notes) = &request.notes {
        clean_text("notes", notes, NOTES_MAX_CHARS, true)?;
    }
    Ok(NewTask {
        title,
        due_at,
        notes: request.notes.clone(),
        customer_id: given_id("customerId", request.customer_id.as_deref())?,
        lead_id: given_id("leadId", request.lead_id.as_deref())?,
        assigned_to: given_id("assignedTo", request.assigned_to.as_deref())?,
    })
}

/// The task the API makes of `request` at `now_ms`, as it answers it: what the console
/// shows for a task it queued offline until the server's copy arrives.
pub fn new_task(id: String, request: &CreateTaskRequest, now_ms: i64) -> Checked<Task> {
    let new = check_task_request(request)?;
    Ok(Task {
        id,
        title: new.title,
        notes: new.notes,
        due_at: rfc3339(new.due_at),
        done: false,
        done_date: None,
        customer_id: new.customer_id,
        lead_id: new.lead_id,
        assigned_to: new.assigned_to,
        created_date: rfc3339(now_ms),
        updated_date: rfc3339(now_ms),
        version: 1,
    })
}

/// A change to a task the API accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskEdit {
    pub title: Option<String>,
    pub notes: Option<String>,
    pub due_at: Option<i64>,
    pub done: Option<bool>,
    pub assigned_to: Option<String>,
}

/// Checks a change to a task: at least one field, each as on creation.
pub fn check_task_update(change: &TaskUpdate) -> Checked<TaskEdit> {
    if change == &TaskUpdate::default() {
        return Err(Invalid::new(
            "body",
            "Send at least one of title, notes, dueAt, done, assignedTo",
        ));
    }
    let title = change
        .title
        .as_deref()
        .map(|t| required_text("title", t, TASK_TITLE_MAX_CHARS))
        .transpose()?;
    if let Some(notes) = &change.notes {
        clean_text("notes", notes, NOTES_MAX_CHARS, true)?;
    }
    let due_at = change
        .due_at
        .as_deref()
        .map(|at| instant("dueAt", at))
        .transpose()?;
    Ok(TaskEdit {
        title,
        notes: change.notes.clone(),
        due_at,
        done: change.done,
        assigned_to: given_id("assignedTo", change.assigned_to.as_deref())?,
    })
}

/// Applies a change to a task the way the API does at `now_ms`: checking it off stamps
/// `doneDate` (checking a done task off again keeps the first stamp), opening it again
/// clears it.
pub fn apply_task_update(task: &mut Task, change: &TaskUpdate, now_ms: i64) -> Checked<()> {
    let edit = check_task_update(change)?;
    if let Some(title) = edit.title {
        task.title = title;
    }
    if let Some(notes) = edit.notes {
        task.notes = Some(notes);
    }
    if let Some(at) = edit.due_at {
        task.due_at = rfc3339(at);
    }
    if let Some(done) = edit.done {
        if done && !task.done {
            task.done_date = Some(rfc3339(now_ms));
        } else if !done {
            task.done_date = None;
        }
        task.done = done;
    }
    if let Some(staff) = edit.assigned_to {
        task.assigned_to = Some(staff);
    }
    task.updated_date = rfc3339(now_ms);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        Task {
            id: "t".into(),
            title: "Call back".into(),
            notes: None,
            due_at: "2024-01-15T00:00:00.000Z".into(),
            done: false,
            done_date: None,
            customer_id: None,
            lead_id: None,
            assigned_to: None,
            created_date: "2024-01-01T00:00:00.000Z".into(),
            updated_date: "2024-01-01T00:00:00.000Z".into(),
            version: 1,
        }
    }

    #[test]
    fn new_tasks_are_checked_in_order() {
        let request = |title: &str, due: &str, lead: Option<&str>| CreateTaskRequest {
            title: title.into(),
            due_at: due.into(),
            notes: None,
            customer_id: None,
            lead_id: lead.map(str::to_owned),
            assigned_to: None,
        };
        let table: Vec<(CreateTaskRequest, Result<(), &str>)> = vec![
            (request("Call Ann", "2024-01-15", None), Ok(())),
            (request(" ", "soon", None), Err("title is required")),
            (
                request("Call", "soon", None),
                Err("dueAt must be a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            ),
            (
                request("Call", "2024-01-15T10:00:00Z", Some("x")),
                Err("leadId must be a UUID (got \"x\")"),
            ),
        ];
        for (req, expected) in table {
            let got = check_task_request(&req)
                .map(|_| ())
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{req:?}");
        }
        assert_eq!(
            check_task_request(&request("Call", "2024-01-15", None))
                .unwrap()
                .due_at,
            1_705_276_800_000
        );
        let queued = new_task("t".into(), &request(" Call ", "2024-01-15", None), 0).unwrap();
        assert_eq!(
            (
                queued.title.as_str(),
                queued.due_at.as_str(),
                queued.version
            ),
            ("Call", "2024-01-15T00:00:00.000Z", 1)
        );
    }

    #[test]
    fn checking_off_stamps_once_and_reopening_clears() {
        let now = 1_705_314_600_123;
        let mut record = task();
        let empty = apply_task_update(&mut record, &TaskUpdate::default(), now);
        assert_eq!(empty.unwrap_err().field, "body");
        let done = TaskUpdate {
            done: Some(true),
            ..Default::default()
        };
        apply_task_update(&mut record, &done, now).unwrap();
        assert_eq!(
            record.done_date.as_deref(),
            Some("2024-01-15T10:30:00.123Z")
        );
        apply_task_update(&mut record, &done, now + 1000).unwrap();
        assert_eq!(
            record.done_date.as_deref(),
            Some("2024-01-15T10:30:00.123Z")
        );
        let reopen = TaskUpdate {
            done: Some(false),
            due_at: Some("2024-02-01".into()),
            ..Default::default()
        };
        apply_task_update(&mut record, &reopen, now).unwrap();
        assert_eq!((record.done, record.done_date.as_deref()), (false, None));
        assert_eq!(record.due_at, "2024-02-01T00:00:00.000Z");
        let bad = TaskUpdate {
            title: Some("\u{7}".into()),
            ..Default::default()
        };
        let before = record.clone();
        assert!(apply_task_update(&mut record, &bad, now).is_err());
        assert_eq!(record, before);
    }
}
