//! Follow-up tasks: the day's to-do list of a dealer's staff ("call back Ann on Friday"),
//! each optionally about a customer or a lead and assigned to a staff member.

use crate::leads::choices;
use crate::wire;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

wire! {
pub struct Task {
    pub id: String,
    pub title: String,
    pub notes: Option<String>,
    pub due_at: String,
    pub done: bool,
    /// When it was checked off; `null` while open.
    pub done_date: Option<String>,
    pub customer_id: Option<String>,
    pub lead_id: Option<String>,
    /// A staff user id (see `GET /external/staff`).
    pub assigned_to: Option<String>,
    pub created_date: String,
    pub updated_date: String,
    /// Its `ETag` is `"v{version}"`, for `If-Match` on a copy kept offline.
    pub version: i64,
}
}

wire! {
/// `POST /external/tasks`.
#[serde(deny_unknown_fields)]
pub struct CreateTaskRequest {
    pub title: String,
    /// A date (`2026-12-01`, midnight UTC) or an RFC 3339 date-time.
    pub due_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
}
}

wire! {
/// `PATCH /external/tasks/{id}`: at least one field. `done: true` checks it off (and
/// stamps `doneDate`), `done: false` opens it again.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct TaskUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
}
}

/// Which tasks by when they fall due, against the server's clock (UTC):
/// - `overdue`: not done, due before now;
/// - `today`: not done, due from now until the end of today (UTC midnight);
/// - `upcoming`: not done, due after today;
/// - `all` (the default): every task, done or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TaskDue {
    Overdue,
    Today,
    Upcoming,
    #[default]
    All,
}

choices!(
    TaskDue,
    "due",
    [
        Overdue = "overdue",
        Today = "today",
        Upcoming = "upcoming",
        All = "all",
    ]
);

const DAY_MS: i64 = 24 * 3600 * 1000;

impl TaskDue {
    /// The `[from, until)` window of due instants this choice covers at `now_ms`, and
    /// whether it covers open tasks only. `None` bounds are open.
    pub fn window(self, now_ms: i64) -> (Option<i64>, Option<i64>, bool) {
        let end_of_today = now_ms - now_ms.rem_euclid(DAY_MS) + DAY_MS;
        match self {
            TaskDue::Overdue => (None, Some(now_ms), true),
            TaskDue::Today => (Some(now_ms), Some(end_of_today), true),
            TaskDue::Upcoming => (Some(end_of_today), None, true),
            TaskDue::All => (None, None, false),
        }
    }

    /// Where a task stands at `now_ms`: `overdue`, `today` or `upcoming` for an open
    /// task, `all` for one that is done.
    pub fn of(due_at_ms: i64, done: bool, now_ms: i64) -> TaskDue {
        if done {
            return TaskDue::All;
        }
        [TaskDue::Overdue, TaskDue::Today, TaskDue::Upcoming]
            .into_iter()
            .find(|due| {
                let (from, until, _) = due.window(now_ms);
                from.is_none_or(|f| due_at_ms >= f) && until.is_none_or(|u| due_at_ms < u)
            })
            .unwrap_or(TaskDue::All)
    }
}

/// The filters and page of `GET /external/tasks`.
///
/// ```
/// use carstrel_model::{TaskDue, TaskQuery};
///
/// let query = TaskQuery::new().due(TaskDue::Overdue).limit(100);
/// assert_eq!(query.to_pairs(), vec![("limit", "100".to_owned()), ("due", "overdue".to_owned())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct TaskQuery {
    pub page: Option<u32>,
    pub limit: Option<u32>,
    pub due: Option<TaskDue>,
    pub done: Option<bool>,
    pub customer_id: Option<String>,
    pub lead_id: Option<String>,
    pub assigned_to: Option<String>,
}

impl TaskQuery {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    pub fn due(mut self, due: TaskDue) -> Self {
        self.due = Some(due);
        self
    }

    pub fn done(mut self, done: bool) -> Self {
        self.done = Some(done);
        self
    }

    pub fn customer(mut self, customer_id: impl Into<String>) -> Self {
        self.customer_id = Some(customer_id.into());
        self
    }

    pub fn lead(mut self, lead_id: impl Into<String>) -> Self {
        self.lead_id = Some(lead_id.into());
        self
    }

    pub fn assigned_to(mut self, staff_id: impl Into<String>) -> Self {
        self.assigned_to = Some(staff_id.into());
        self
    }

    /// The query string pairs, with the API's parameter names.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut put = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        put("page", self.page.map(|v| v.to_string()));
        put("limit", self.limit.map(|v| v.to_string()));
        put("due", self.due.map(|v| v.as_str().to_owned()));
        put("done", self.done.map(|v| v.to_string()));
        put("customerId", self.customer_id.clone());
        put("leadId", self.lead_id.clone());
        put("assignedTo", self.assigned_to.clone());
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_windows_split_the_open_tasks_at_now_and_at_midnight_utc() {
        // 2024-01-15T10:30:00Z; the day ends at 2024-01-16T00:00:00Z.
        let now = 1_705_314_600_000;
        let midnight = 1_705_363_200_000;
        let table = [
            (now - 1, false, TaskDue::Overdue),
            (now, false, TaskDue::Today),
            (midnight - 1, false, TaskDue::Today),
            (midnight, false, TaskDue::Upcoming),
            (now - 1, true, TaskDue::All),
        ];
        for (due_at, done, expected) in table {
            assert_eq!(TaskDue::of(due_at, done, now), expected, "{due_at} {done}");
        }
        assert_eq!(
            TaskDue::Today.window(now),
            (Some(now), Some(midnight), true)
        );
        assert_eq!(TaskDue::All.window(now), (None, None, false));
        assert_eq!(
            "later".parse::<TaskDue>().unwrap_err(),
            "due must be one of overdue, today, upcoming, all (got \"later\")"
        );
    }
}
