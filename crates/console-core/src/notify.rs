//! Desktop notifications: what to announce after a sync. The shell only shows what
//! [`check`] returns; the wording, the summarising and the "never twice" live here.

use crate::cache::notifications::News;
use crate::clock::now_ms;
use crate::error::Result;
use crate::Cache;
use serde::Serialize;

/// Task titles named one by one; more than this are summarised ("5 tasks are due").
const TASKS_NAMED: usize = 2;

/// One desktop notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub title: String,
    pub body: String,
}

/// The notifications `news` deserves: at most one for leads, one for test-drive requests
/// and a few for due tasks, counted rather than listed, so a busy morning is a handful of
/// notifications, not fifty.
pub fn notifications(news: &News) -> Vec<Notification> {
    let mut out = Vec::new();
    if news.new_leads > 0 {
        out.push(Notification {
            title: counted(news.new_leads, "new lead", "new leads"),
            body: "Open the lead inbox to answer.".into(),
        });
    }
    if news.new_test_drives > 0 {
        out.push(Notification {
            title: counted(
                news.new_test_drives,
                "new test-drive request",
                "new test-drive requests",
            ),
            body: "Open the test drives to confirm.".into(),
        });
    }
    if news.due_tasks.len() > TASKS_NAMED {
        out.push(Notification {
            title: format!("{} tasks are due", news.due_tasks.len()),
            body: news.due_tasks.join(", "),
        });
    } else {
        for title in &news.due_tasks {
            out.push(Notification {
                title: "Task due".into(),
                body: title.clone(),
            });
        }
    }
    out
}

fn counted(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What to announce now (after a sync): the news since the last check, which this check
/// consumes. Empty when notifications are off.
pub async fn check(cache: &Cache) -> Result<Vec<Notification>> {
    check_at(cache, now_ms()).await
}

/// [`check`] as of `now_ms` (ms since the epoch), which decides which tasks are due.
pub async fn check_at(cache: &Cache, now_ms: i64) -> Result<Vec<Notification>> {
    Ok(cache
        .take_news(now_ms)
        .await?
        .map(|news| notifications(&news))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_is_summarised_into_a_few_notifications() {
        assert!(notifications(&News::default()).is_empty());
        let titles = |news: &News| -> Vec<String> {
            notifications(news).into_iter().map(|n| n.title).collect()
        };
        let news = News {
            new_leads: 3,
            new_test_drives: 1,
            due_tasks: vec!["Call back".into()],
        };
        assert_eq!(
            titles(&news),
            ["3 new leads", "1 new test-drive request", "Task due"]
        );
        let busy = News {
            due_tasks: (0..5).map(|n| format!("Task {n}")).collect(),
            ..News::default()
        };
        assert_eq!(titles(&busy), ["5 tasks are due"]);
    }
}
