//! One arm per subcommand: each calls one console-core function and hands its result to
//! [`render`](super::render).

use super::args::{
    lead_query, task_query, test_drive_query, Cli, Command, CustomerCommand, LeadCommand,
    MediaCommand, OutboxCommand, ProfileCommand, TaskCommand, TestDriveCommand, VehicleCommand,
};
use super::render::{self, Out, ProgressBar};
use super::{render_calendar, render_work};
use carstrel_model::CreateTaskRequest;
use console_core::console::{calendar_range, Console};
use console_core::edit_now::CustomerEdit;
use console_core::error::Result;
use console_core::secrets::{Secret, API_KEY_ENV};
use std::io::Read;
use tokio_util::sync::CancellationToken;

pub async fn execute(
    console: &Console,
    cli: &Cli,
    out: Out<'_>,
    stdin: &mut (dyn Read + Send),
) -> Result<()> {
    let json = cli.json;
    if cli.command.reads_the_cache() {
        console.sync_if_never_synced().await?;
    }
    match &cli.command {
        Command::Profile { command } => profile(console, command, json, out, stdin).await,
        Command::Sync { full } => {
            let mut bar = ProgressBar::on_stderr();
            let report = console
                .sync(*full, &mut |p| bar.show(p), &CancellationToken::new())
                .await;
            bar.finish();
            render::sync_report(out, json, &report?)?;
            // Price histories and main photos are kept after the data: the process stays until they are.
            console.extras_settled().await;
            Ok(())
        }
        Command::Vehicles(args) => {
            let page = console
                .list_vehicles(&args.query(), args.search.as_deref())
                .await?;
            render::vehicles(out, json, &page)
        }
        Command::Customers(args) => {
            let page = console.list_customers(&args.query()).await?;
            render::customers(out, json, &page)
        }
        Command::Customer {
            command:
                CustomerCommand::Update {
                    id,
                    notes,
                    add_tag,
                    remove_tag,
                    vip,
                },
        } => {
            let edit = CustomerEdit {
                notes: notes.clone(),
                add_tags: add_tag.clone(),
                remove_tags: remove_tag.clone(),
                vip: *vip,
            };
            let edited = console.edit_customer_now(id, &edit).await?;
            render::customer_edited(out, json, &edited)
        }
        Command::TestDrives {
            status,
            page,
            limit,
        } => {
            let query = test_drive_query(*status, *page, *limit);
            let page = console.list_test_drives(&query).await?;
            render::test_drives(out, json, &page)
        }
        Command::TestDrive {
            command: TestDriveCommand::SetStatus { id, status },
        } => {
            let moved = console.set_test_drive_status_now(id, *status).await?;
            render::test_drive_moved(out, json, *status, &moved)
        }
        Command::TestDrive {
            command: TestDriveCommand::Reschedule { id, scheduled_at },
        } => {
            let moved = console.reschedule_test_drive_now(id, scheduled_at).await?;
            render_calendar::test_drive_rescheduled(out, json, &moved)
        }
        Command::Calendar { from, to } => {
            let (from, to) = calendar_range(
                from.as_deref(),
                to.as_deref(),
                console_core::clock::now_ms(),
            )?;
            let drives = console.calendar(&from, &to).await?;
            render_calendar::calendar(out, json, &from, &to, &drives)
        }
        Command::Vehicle {
            command: VehicleCommand::SetPrice { id, amount },
        } => {
            let priced = console.set_vehicle_price_now(id, *amount).await?;
            render_calendar::vehicle_priced(out, json, &priced)
        }
        Command::Leads {
            status,
            source,
            search,
            page,
            limit,
        } => {
            let query = lead_query(*status, *source, search.clone(), *page, *limit);
            render_work::leads(out, json, &console.list_leads(&query).await?)
        }
        Command::Lead {
            command: LeadCommand::SetStatus { id, status, reason },
        } => {
            let moved = console
                .set_lead_status_now(id, *status, reason.clone())
                .await?;
            render_work::lead_worked(out, json, &moved)
        }
        Command::Lead {
            command: LeadCommand::Assign { id, staff_id },
        } => {
            let assigned = console.assign_lead_now(id, staff_id).await?;
            render_work::lead_worked(out, json, &assigned)
        }
        Command::Tasks { due, page, limit } => {
            let query = task_query(*due, *page, *limit);
            render_work::tasks(out, json, &console.list_tasks(&query).await?)
        }
        Command::Task {
            command:
                TaskCommand::Add {
                    title,
                    due,
                    notes,
                    customer,
                    lead,
                },
        } => {
            let request = CreateTaskRequest {
                title: title.clone(),
                due_at: due.clone(),
                notes: notes.clone(),
                customer_id: customer.clone(),
                lead_id: lead.clone(),
                assigned_to: None,
            };
            render_work::task_saved(out, json, &console.add_task_now(&request).await?)
        }
        Command::Task {
            command: TaskCommand::Done { id },
        } => render_work::task_saved(out, json, &console.set_task_done_now(id, true).await?),
        Command::Stats => render::stats(out, json, &console.dashboard().await?),
        Command::Outbox { command: None } => render::outbox(out, json, &console.outbox().await?),
        Command::Outbox {
            command: Some(OutboxCommand::SendAgain { seq }),
        } => {
            console.send_again(*seq).await?;
            console.push().await?;
            render::outbox(out, json, &console.outbox().await?)
        }
        Command::Outbox {
            command: Some(OutboxCommand::Discard { seq }),
        } => {
            console.discard_unconfirmed(*seq).await?;
            render::outbox(out, json, &console.outbox().await?)
        }
        Command::Export { what, out: path } => {
            let rows = console.export_csv((*what).into(), path).await?;
            render::exported(out, json, rows, path)
        }
        Command::Media {
            command: MediaCommand::Status,
        } => render::media_status(out, json, &console.media_status().await?),
        Command::Media {
            command:
                MediaCommand::Get {
                    vehicle_id,
                    out: path,
                },
        } => {
            let photo = console.main_photo(vehicle_id).await?;
            std::fs::write(path, &photo.bytes).map_err(render::io)?;
            render::photo_written(out, json, photo.bytes.len(), photo.mime, path)
        }
    }
}

async fn profile(
    console: &Console,
    command: &ProfileCommand,
    json: bool,
    out: Out<'_>,
    stdin: &mut (dyn Read + Send),
) -> Result<()> {
    match command {
        ProfileCommand::Add { name, url } => {
            let key = api_key(stdin)?;
            let profile = console.add_profile(name, url, key).await?;
            render::profile_added(out, json, &profile)
        }
        ProfileCommand::List => render::profiles(out, json, &console.list_profiles().await?),
        ProfileCommand::Use { name } => {
            let status = console.use_profile(name).await?;
            render::profile_used(out, json, &status.profile)
        }
        ProfileCommand::Remove { name } => {
            console.remove_profile(name).await?;
            render::profile_removed(out, name)
        }
    }
}

/// The key for `profile add`: `CARSTREL_API_KEY` when set, else all of stdin, so it never
/// appears in the arguments (and the shell's history).
fn api_key(stdin: &mut (dyn Read + Send)) -> Result<Secret> {
    let key = match std::env::var(API_KEY_ENV) {
        Ok(key) if !key.trim().is_empty() => key,
        _ => {
            let mut key = String::new();
            stdin.read_to_string(&mut key).map_err(render::io)?;
            key
        }
    };
    Ok(Secret::new(key.trim()))
}
