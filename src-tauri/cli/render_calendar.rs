//! What the calendar's and the lot's commands print: the drives of a range by slot, a
//! moved drive, a new price.

use super::render::{io, print_json, table, Out};
use carstrel_model::rules;
use carstrel_model::Vehicle;
use console_core::console::TestDriveRow;
use console_core::edit_now::Sent;
use console_core::error::Result;

pub fn calendar(out: Out, json: bool, from: &str, to: &str, drives: &[TestDriveRow]) -> Result<()> {
    if json {
        return print_json(
            out,
            &drives.iter().map(|r| &r.test_drive).collect::<Vec<_>>(),
        );
    }
    let rows = drives.iter().map(|r| {
        let d = &r.test_drive;
        let slot = rules::slot_of(d);
        let at = |ms: i64| {
            rules::rfc3339(ms)
                .get(..16)
                .unwrap_or_default()
                .replace('T', " ")
        };
        vec![
            slot.map(|s| at(s.start_ms)).unwrap_or_default(),
            slot.map(|s| at(s.end_ms())[11..].to_owned())
                .unwrap_or_default(),
            d.status.as_str().to_owned(),
            d.name.clone(),
            d.vehicle_name.clone().unwrap_or_default(),
            d.id.clone(),
            if r.pending { "pending sync" } else { "" }.to_owned(),
        ]
    });
    table(
        out,
        &[
            "START (UTC)",
            "END",
            "STATUS",
            "CUSTOMER",
            "VEHICLE",
            "ID",
            "",
        ],
        rows,
    )?;
    writeln!(out, "{} drives from {from} to {to}", drives.len()).map_err(io)
}

pub fn test_drive_rescheduled(out: Out, json: bool, moved: &Sent<TestDriveRow>) -> Result<()> {
    if json {
        return print_json(out, &moved.row.test_drive);
    }
    let drive = &moved.row.test_drive;
    writeln!(
        out,
        "{} now at {} for {} minutes{}",
        drive.id,
        drive.scheduled_at.as_deref().unwrap_or_default(),
        drive.duration_minutes,
        if moved.sent { "" } else { " (saved offline)" }
    )
    .map_err(io)
}

pub fn vehicle_priced(out: Out, json: bool, priced: &Sent<Vehicle>) -> Result<()> {
    if json {
        return print_json(out, &priced.row);
    }
    writeln!(
        out,
        "{} now priced {:.2}{}",
        priced.row.id,
        priced.row.price.unwrap_or_default(),
        if priced.sent { "" } else { " (saved offline)" }
    )
    .map_err(io)
}
