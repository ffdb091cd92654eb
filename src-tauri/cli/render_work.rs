//! What the CLI prints for the dealer's day: the lead inbox, a lead worked, the tasks and
//! a task saved. `--json` prints the API's `data` shapes (`Lead`, `Task`).

use super::render::{footer, io, print_json, table, yes_or_blank, Out};
use console_core::console::{LeadRow, TaskRow};
use console_core::edit_now::Sent;
use console_core::error::Result;
use console_core::Page;

pub fn leads(out: Out, json: bool, page: &Page<LeadRow>) -> Result<()> {
    if json {
        return print_json(out, &page.items.iter().map(|r| &r.lead).collect::<Vec<_>>());
    }
    let rows = page.items.iter().map(|r| {
        let l = &r.lead;
        vec![
            l.id.clone(),
            l.status.as_str().to_owned(),
            l.source.as_str().to_owned(),
            l.name.clone().unwrap_or_default(),
            l.email
                .clone()
                .or_else(|| l.phone.clone())
                .unwrap_or_default(),
            l.created_date.clone(),
            yes_or_blank(r.pending, "pending sync"),
        ]
    });
    table(
        out,
        &["ID", "STATUS", "SOURCE", "NAME", "CONTACT", "CREATED", ""],
        rows,
    )?;
    footer(out, page.page, page.total_pages, page.total)
}

pub fn lead_worked(out: Out, json: bool, worked: &Sent<LeadRow>) -> Result<()> {
    let l = &worked.row.lead;
    if json {
        return print_json(out, l);
    }
    writeln!(
        out,
        "{} is {}{}{}",
        l.id,
        l.status.as_str(),
        l.assigned_to
            .as_deref()
            .map(|s| format!(", assigned to {s}"))
            .unwrap_or_default(),
        if worked.sent { "" } else { " (saved offline)" }
    )
    .map_err(io)
}

pub fn tasks(out: Out, json: bool, page: &Page<TaskRow>) -> Result<()> {
    if json {
        return print_json(out, &page.items.iter().map(|r| &r.task).collect::<Vec<_>>());
    }
    let rows = page.items.iter().map(|r| {
        let t = &r.task;
        vec![
            t.id.clone(),
            t.due_at.clone(),
            yes_or_blank(t.done, "done"),
            t.title.clone(),
            yes_or_blank(r.pending, "pending sync"),
        ]
    });
    table(out, &["ID", "DUE", "DONE", "TITLE", ""], rows)?;
    footer(out, page.page, page.total_pages, page.total)
}

pub fn task_saved(out: Out, json: bool, saved: &Sent<TaskRow>) -> Result<()> {
    let t = &saved.row.task;
    if json {
        return print_json(out, t);
    }
    writeln!(
        out,
        "{} {:?} due {}{}{}",
        t.id,
        t.title,
        t.due_at,
        if t.done { ", done" } else { "" },
        if saved.sent { "" } else { " (saved offline)" }
    )
    .map_err(io)
}
