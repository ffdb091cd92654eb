//! What the CLI prints: `--json` prints the API's `data` shapes, otherwise tables and
//! sentences for people, and a progress bar on a terminal's stderr during a sync.

use carstrel_model::{Feature, TestDriveStatus, Vehicle};
use console_core::cache::outbox::OutboxEntry;
use console_core::console::{CustomerRow, Dashboard, ProfileInfo, TestDriveRow};
use console_core::edit_now::Sent;
use console_core::error::{Error, Result};
use console_core::photos::MediaStatus;
use console_core::sync::{SyncPhase, SyncProgress, SyncReport};
use console_core::Page;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Where output goes (stdout, or a buffer in tests).
pub type Out<'a> = &'a mut (dyn Write + Send);

pub fn sync_report(out: Out, json: bool, report: &SyncReport) -> Result<()> {
    if json {
        return print_json(out, report);
    }
    writeln!(
        out,
        "synced: {} vehicles, {} customers, {} test drives, {} leads, {} tasks received ({} deleted); {} edits sent, {} conflicts{}",
        report.vehicles,
        report.customers,
        report.test_drives,
        report.leads,
        report.tasks,
        report.deleted,
        report.sent,
        report.conflicts,
        if report.full { " (full download)" } else { "" }
    )
    .map_err(io)?;
    if report.unconfirmed > 0 {
        writeln!(
            out,
            "{} booking(s) need your decision: the reply was lost and this server cannot say \
             whether they arrived (dealer-console outbox send-again|discard SEQ)",
            report.unconfirmed
        )
        .map_err(io)?;
    }
    if !report.missing.is_empty() {
        let names: Vec<&str> = report.missing.iter().map(|f| f.describe()).collect();
        writeln!(
            out,
            "not offered by this server (synced without): {}",
            names.join(", ")
        )
        .map_err(io)?;
    }
    if report.missing.contains(&Feature::TestDriveList) {
        writeln!(
            out,
            "this server does not list test drives: only those booked from this console are shown"
        )
        .map_err(io)?;
    }
    Ok(())
}

pub fn vehicles(out: Out, json: bool, page: &Page<Vehicle>) -> Result<()> {
    if json {
        return print_json(out, &page.items);
    }
    let rows = page.items.iter().map(|v| {
        vec![
            v.id.clone(),
            v.name.clone(),
            v.year.to_string(),
            v.mileage.to_string(),
            v.listing_type.as_str().to_owned(),
            v.price.map(|p| format!("{p:.0}")).unwrap_or_default(),
            v.pickup_details
                .as_ref()
                .map(|p| p.location_name.clone())
                .unwrap_or_default(),
        ]
    });
    table(
        out,
        &["ID", "NAME", "YEAR", "MILEAGE", "TYPE", "PRICE", "LOCATION"],
        rows,
    )?;
    footer(out, page.page, page.total_pages, page.total)
}

pub fn customers(out: Out, json: bool, page: &Page<CustomerRow>) -> Result<()> {
    if json {
        return print_json(
            out,
            &page.items.iter().map(|r| &r.customer).collect::<Vec<_>>(),
        );
    }
    let rows = page.items.iter().map(|r| {
        let c = &r.customer;
        vec![
            c.id.clone(),
            format!("{} {}", c.user.first_name, c.user.last_name),
            c.user.email.clone(),
            c.classification.customer_segment.as_str().to_owned(),
            yes_or_blank(c.classification.is_vip, "yes"),
            format!("{:.0}", c.stats.total_spent),
            yes_or_blank(r.pending, "pending sync"),
        ]
    });
    table(
        out,
        &["ID", "NAME", "EMAIL", "SEGMENT", "VIP", "SPENT", ""],
        rows,
    )?;
    footer(out, page.page, page.total_pages, page.total)
}

pub fn customer_edited(out: Out, json: bool, edited: &Sent<CustomerRow>) -> Result<()> {
    let c = &edited.row.customer;
    if json {
        return print_json(out, c);
    }
    writeln!(
        out,
        "{} {}: tags [{}], VIP {}, notes {:?}",
        c.user.first_name,
        c.user.last_name,
        c.tags.join(", "),
        c.classification.is_vip,
        c.notes.as_deref().unwrap_or("")
    )
    .map_err(io)?;
    writeln!(
        out,
        "{}",
        if edited.sent {
            "sent to the server"
        } else {
            "saved offline; it will be sent with the next sync"
        }
    )
    .map_err(io)
}

pub fn test_drives(out: Out, json: bool, page: &Page<TestDriveRow>) -> Result<()> {
    if json {
        return print_json(
            out,
            &page.items.iter().map(|r| &r.test_drive).collect::<Vec<_>>(),
        );
    }
    let rows = page.items.iter().map(|r| {
        let d = &r.test_drive;
        vec![
            d.id.clone(),
            d.status.as_str().to_owned(),
            d.name.clone(),
            d.vehicle_name.clone().unwrap_or_default(),
            d.scheduled_at
                .clone()
                .or_else(|| d.preferred_date.clone())
                .unwrap_or_default(),
            match (r.pending, r.booked_here) {
                (true, _) => "pending sync".to_owned(),
                (false, true) => "booked from this console".to_owned(),
                (false, false) => String::new(),
            },
        ]
    });
    table(
        out,
        &["ID", "STATUS", "CUSTOMER", "VEHICLE", "WHEN", ""],
        rows,
    )?;
    footer(out, page.page, page.total_pages, page.total)
}

pub fn test_drive_moved(
    out: Out,
    json: bool,
    status: TestDriveStatus,
    moved: &Sent<TestDriveRow>,
) -> Result<()> {
    if json {
        return print_json(out, &moved.row.test_drive);
    }
    writeln!(
        out,
        "{} is now {}{}",
        moved.row.test_drive.id,
        status.as_str(),
        if moved.sent { "" } else { " (saved offline)" }
    )
    .map_err(io)
}

pub fn stats(out: Out, json: bool, dashboard: &Dashboard) -> Result<()> {
    if json {
        return print_json(
            out,
            &serde_json::json!({"vehicles": dashboard.vehicles, "customers": dashboard.customers}),
        );
    }
    let v = &dashboard.vehicles;
    let c = &dashboard.customers;
    writeln!(
        out,
        "vehicles: {} in stock, {} available (sale {}, rental {}, auction {})",
        v.total_vehicles,
        v.available_vehicles,
        v.by_listing_type.sale,
        v.by_listing_type.rental,
        v.by_listing_type.auction
    )
    .map_err(io)?;
    writeln!(
        out,
        "customers: {} ({} VIP), revenue {:.0}, average spent {:.0}, {} new in 30 days",
        c.total_customers,
        c.vip_customers,
        c.total_revenue,
        c.average_spent,
        c.new_customers_last30_days
    )
    .map_err(io)?;
    writeln!(
        out,
        "test drives pending: {}",
        dashboard.pending_test_drives
    )
    .map_err(io)
}

pub fn outbox(out: Out, json: bool, entries: &[OutboxEntry]) -> Result<()> {
    if json {
        return print_json(out, &entries);
    }
    if entries.is_empty() {
        return writeln!(out, "nothing waiting to be sent").map_err(io);
    }
    let rows = entries.iter().map(|e| {
        vec![
            e.seq.to_string(),
            format!("{:?}", e.kind),
            e.entity_id.clone(),
            format!("{:?}", e.state),
            e.last_error.clone().unwrap_or_default(),
        ]
    });
    table(out, &["#", "KIND", "RECORD", "STATE", "LAST ERROR"], rows)
}

pub fn exported(out: Out, json: bool, rows: u32, path: &Path) -> Result<()> {
    if json {
        return print_json(out, &serde_json::json!({"rows": rows, "path": path}));
    }
    writeln!(out, "wrote {rows} rows to {}", path.display()).map_err(io)
}

pub fn media_status(out: Out, json: bool, status: &MediaStatus) -> Result<()> {
    if json {
        return print_json(out, status);
    }
    writeln!(
        out,
        "{} photo files, {} of {} bytes; main photo kept for {} of {} vehicles",
        status.files,
        status.bytes,
        status.budget_bytes,
        status.vehicles_with_main_photo,
        status.vehicles_total
    )
    .map_err(io)
}

pub fn photo_written(out: Out, json: bool, bytes: usize, mime: &str, path: &Path) -> Result<()> {
    if json {
        let written = serde_json::json!({"bytes": bytes, "type": mime, "path": path});
        return print_json(out, &written);
    }
    writeln!(out, "wrote {bytes} bytes ({mime}) to {}", path.display()).map_err(io)
}

pub fn profile_added(out: Out, json: bool, profile: &ProfileInfo) -> Result<()> {
    if json {
        return print_json(out, profile);
    }
    writeln!(
        out,
        "added {} ({}, {})",
        profile.name,
        profile.base_url,
        profile.environment.as_str().to_uppercase()
    )
    .map_err(io)
}

pub fn profiles(out: Out, json: bool, profiles: &[ProfileInfo]) -> Result<()> {
    if json {
        return print_json(out, &profiles);
    }
    let rows = profiles.iter().map(|p| {
        vec![
            yes_or_blank(p.active, "*"),
            p.name.clone(),
            p.environment.as_str().to_uppercase(),
            p.base_url.clone(),
        ]
    });
    table(out, &["", "NAME", "ENV", "URL"], rows)
}

pub fn profile_used(out: Out, json: bool, profile: &ProfileInfo) -> Result<()> {
    if json {
        return print_json(out, profile);
    }
    writeln!(out, "now using {}", profile.name).map_err(io)
}

/// Printed with `--json` too: removing has no data to show.
pub fn profile_removed(out: Out, name: &str) -> Result<()> {
    writeln!(out, "removed {name}").map_err(io)
}

/// A failure to write the output is reported like a failed export: the CLI's output is
/// the file it was asked to write.
pub fn io(error: std::io::Error) -> Error {
    Error::Export(format!("cannot write the output: {error}"))
}

pub(super) fn yes_or_blank(yes: bool, text: &str) -> String {
    if yes {
        text.to_owned()
    } else {
        String::new()
    }
}

pub(super) fn print_json(out: Out, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out).map_err(io)
}

pub(super) fn footer(out: Out, page: u32, pages: u32, total: u64) -> Result<()> {
    writeln!(out, "page {page} of {pages} ({total} in all)").map_err(io)
}

/// Left-aligned columns, as wide as their widest cell.
pub(super) fn table(
    out: Out,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<()> {
    let rows: Vec<Vec<String>> = rows.collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| (*h).to_owned()).collect())
    )
    .map_err(io)?;
    for row in rows {
        writeln!(out, "{}", line(row)).map_err(io)?;
    }
    Ok(())
}

/// A progress bar on a terminal's stderr; silent when stderr is not a terminal.
pub struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
    phase: Option<SyncPhase>,
}

impl ProgressBar {
    pub fn on_stderr() -> ProgressBar {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len}")
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            bar
        });
        ProgressBar { bar, phase: None }
    }

    pub fn show(&mut self, progress: SyncProgress) {
        let Some(bar) = &self.bar else { return };
        if self.phase != Some(progress.phase) {
            self.phase = Some(progress.phase);
            bar.set_message(format!("{:?}", progress.phase));
            bar.set_position(0);
        }
        bar.set_length(u64::from(progress.total.unwrap_or(progress.done)));
        bar.set_position(u64::from(progress.done));
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_pad_to_the_widest_cell_and_trim_the_end() {
        let mut out = Vec::new();
        let rows = vec![vec![
            "1".to_owned(),
            "a long name".to_owned(),
            String::new(),
        ]];
        table(&mut out, &["#", "NAME", "X"], rows.into_iter()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "#  NAME         X\n1  a long name\n"
        );
    }
}
