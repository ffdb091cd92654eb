//! The headless console: `dealer-console <subcommand>` syncs, lists, edits and exports
//! from the same cache the window uses, and keeps working with the network gone.
//!
//! `--json` prints what the API's `data` would hold; otherwise a table for people.
//! Every failure exits non-zero with one line saying what went wrong and what to do.

use crate::cache::outbox::OutboxEntry;
use crate::cache::TestDriveQuery;
use crate::console::{Console, ConsoleOptions, ExportKind};
use crate::error::{Error, Result};
use crate::secrets::Secret;
use crate::sync::{SyncPhase, SyncProgress};
use carstrel_model::*;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use tokio_util::sync::CancellationToken;

#[derive(Parser, Debug)]
#[command(
    name = "dealer-console",
    version,
    about = "The CarStrel dealer console. With no subcommand it opens the window."
)]
pub struct Cli {
    /// Where profiles and caches live (default: the platform's data directory).
    #[arg(long, global = true, env = "CARSTREL_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// The profile to use instead of the active one.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Print JSON (the shapes of the API's `data`) instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Manage the APIs the console connects to.
    Profile {
        #[command(subcommand)]
        command: ProfileCommand,
    },
    /// Send queued edits and pull what changed (everything with --full).
    Sync {
        #[arg(long)]
        full: bool,
    },
    /// List available vehicles from the cache, with the API's filters and sorts.
    Vehicles(VehicleArgs),
    /// List customers from the cache.
    Customers(CustomerArgs),
    /// Edit a customer (works offline; sent with the next sync).
    Customer {
        #[command(subcommand)]
        command: CustomerCommand,
    },
    /// List test drives.
    TestDrives {
        #[arg(long)]
        status: Option<TestDriveStatus>,
        #[arg(long)]
        page: Option<u32>,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Work a test drive.
    TestDrive {
        #[command(subcommand)]
        command: TestDriveCommand,
    },
    /// Inventory and customer statistics.
    Stats,
    /// Edits waiting to be sent, and conflicts.
    Outbox,
    /// Write the inventory or the customers to a CSV file.
    Export {
        what: ExportWhat,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Add a remote API; the key is read from stdin or CARSTREL_API_KEY.
    Add {
        name: String,
        #[arg(long)]
        url: String,
    },
    List,
    /// Make NAME the active profile.
    Use {
        name: String,
    },
    Remove {
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CustomerCommand {
    Update {
        id: String,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long = "add-tag")]
        add_tag: Vec<String>,
        #[arg(long = "remove-tag")]
        remove_tag: Vec<String>,
        #[arg(long)]
        vip: Option<bool>,
    },
}

#[derive(Subcommand, Debug)]
pub enum TestDriveCommand {
    SetStatus { id: String, status: TestDriveStatus },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    Vehicles,
    Customers,
}

#[derive(clap::Args, Debug)]
pub struct VehicleArgs {
    #[arg(long)]
    brand_id: Option<String>,
    #[arg(long)]
    model_id: Option<String>,
    #[arg(long)]
    body_type_id: Option<String>,
    #[arg(long)]
    listing_type: Option<ListingType>,
    #[arg(long)]
    min_year: Option<i32>,
    #[arg(long)]
    max_year: Option<i32>,
    #[arg(long)]
    min_price: Option<f64>,
    #[arg(long)]
    max_price: Option<f64>,
    /// createdDate, impressionsCount, year, mileage, price or name.
    #[arg(long)]
    sort: Option<VehicleSort>,
    #[arg(long)]
    order: Option<SortOrder>,
    #[arg(long)]
    page: Option<u32>,
    #[arg(long)]
    limit: Option<u32>,
    /// Full-text search over name, description, brand and model.
    #[arg(long)]
    search: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct CustomerArgs {
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    segment: Option<CustomerSegment>,
    #[arg(long)]
    sort_by: Option<CustomerSort>,
    #[arg(long)]
    sort_order: Option<SortOrder>,
    #[arg(long)]
    page: Option<u32>,
    #[arg(long)]
    limit: Option<u32>,
}

/// Runs the CLI on `args` (the program name first), writing results to `out`.
pub async fn run(
    cli: Cli,
    out: &mut (dyn Write + Send),
    stdin: &mut (dyn Read + Send),
) -> Result<()> {
    let options = ConsoleOptions {
        data_dir: cli.data_dir.clone(),
        profile: cli.profile.clone(),
        secrets: None,
    };
    let console = Console::open(options).await?;
    let result = execute(&console, &cli, out, stdin).await;
    console.close().await;
    result
}

async fn execute(
    console: &Console,
    cli: &Cli,
    out: &mut (dyn Write + Send),
    stdin: &mut (dyn Read + Send),
) -> Result<()> {
    let json = cli.json;
    match &cli.command {
        Command::Profile { command } => profile(console, command, json, out, stdin).await,
        Command::Sync { full } => {
            let mut bar = ProgressBar::new();
            let report = console
                .sync(*full, &mut |p| bar.show(p), &CancellationToken::new())
                .await;
            bar.finish();
            let report = report?;
            if json {
                return print_json(out, &report);
            }
            writeln!(
                out,
                "synced: {} vehicles, {} customers, {} test drives received ({} deleted); {} edits sent, {} conflicts{}",
                report.vehicles,
                report.customers,
                report.test_drives,
                report.deleted,
                report.sent,
                report.conflicts,
                if report.full { " (full download)" } else { "" }
            )
            .map_err(io)
        }
        Command::Vehicles(args) => {
            let query = VehicleQuery {
                page: args.page,
                limit: args.limit,
                brand_id: args.brand_id.clone(),
                model_id: args.model_id.clone(),
                body_type_id: args.body_type_id.clone(),
                min_year: args.min_year,
                max_year: args.max_year,
                min_price: args.min_price,
                max_price: args.max_price,
                listing_type: args.listing_type,
                sort: args.sort,
                order: args.order,
            };
            let page = console
                .list_vehicles(&query, args.search.as_deref())
                .await?;
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
        Command::Customers(args) => {
            let query = CustomerQuery {
                page: args.page,
                limit: args.limit,
                search: args.search.clone(),
                segment: args.segment,
                sort_by: args.sort_by,
                sort_order: args.sort_order,
            };
            let page = console.list_customers(&query).await?;
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
                    if c.classification.is_vip {
                        "yes".into()
                    } else {
                        String::new()
                    },
                    format!("{:.0}", c.stats.total_spent),
                    if r.pending {
                        "pending sync".into()
                    } else {
                        String::new()
                    },
                ]
            });
            table(
                out,
                &["ID", "NAME", "EMAIL", "SEGMENT", "VIP", "SPENT", ""],
                rows,
            )?;
            footer(out, page.page, page.total_pages, page.total)
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
            let current = console.get_customer(id).await?.customer;
            let tags = (!add_tag.is_empty() || !remove_tag.is_empty()).then(|| {
                let mut tags: Vec<String> = current
                    .tags
                    .iter()
                    .filter(|t| !remove_tag.iter().any(|r| r.eq_ignore_ascii_case(t)))
                    .cloned()
                    .collect();
                tags.extend(add_tag.iter().cloned());
                tags
            });
            let change = CustomerUpdate {
                notes: notes.clone(),
                tags,
                preferences: None,
                is_vip: *vip,
            };
            let row = console.update_customer(id, &change).await?;
            let sent = console.push().await.unwrap_or(0);
            if json {
                return print_json(out, &row.customer);
            }
            let c = &row.customer;
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
                if sent > 0 {
                    "sent to the server"
                } else {
                    "saved offline; it will be sent with the next sync"
                }
            )
            .map_err(io)
        }
        Command::TestDrives {
            status,
            page,
            limit,
        } => {
            let query = TestDriveQuery {
                status: *status,
                page: *page,
                limit: *limit,
                ..Default::default()
            };
            let page = console.list_test_drives(&query).await?;
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
                    if r.pending {
                        "pending sync".into()
                    } else {
                        String::new()
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
        Command::TestDrive {
            command: TestDriveCommand::SetStatus { id, status },
        } => {
            let change = TestDriveUpdate {
                status: Some(*status),
                ..Default::default()
            };
            let row = console.update_test_drive(id, &change).await?;
            let sent = console.push().await.unwrap_or(0);
            if json {
                return print_json(out, &row.test_drive);
            }
            writeln!(
                out,
                "{} is now {}{}",
                row.test_drive.id,
                status.as_str(),
                if sent > 0 { "" } else { " (saved offline)" }
            )
            .map_err(io)
        }
        Command::Stats => {
            let dashboard = console.dashboard().await?;
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
        Command::Outbox => {
            let entries = console.outbox().await?;
            if json {
                return print_json(out, &entries);
            }
            if entries.is_empty() {
                return writeln!(out, "nothing waiting to be sent").map_err(io);
            }
            let rows = entries.iter().map(|e: &OutboxEntry| {
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
        Command::Export { what, out: path } => {
            let kind = match what {
                ExportWhat::Vehicles => ExportKind::Vehicles,
                ExportWhat::Customers => ExportKind::Customers,
            };
            let rows = console.export_csv(kind, path).await?;
            if json {
                return print_json(out, &serde_json::json!({"rows": rows, "path": path}));
            }
            writeln!(out, "wrote {rows} rows to {}", path.display()).map_err(io)
        }
    }
}

async fn profile(
    console: &Console,
    command: &ProfileCommand,
    json: bool,
    out: &mut (dyn Write + Send),
    stdin: &mut (dyn Read + Send),
) -> Result<()> {
    match command {
        ProfileCommand::Add { name, url } => {
            let key = match std::env::var(crate::secrets::API_KEY_ENV) {
                Ok(key) if !key.trim().is_empty() => key,
                _ => {
                    let mut key = String::new();
                    stdin.read_to_string(&mut key).map_err(io)?;
                    key
                }
            };
            let key = Secret::new(key.trim());
            let profile = console.add_profile(name, url, key).await?;
            if json {
                return print_json(out, &profile);
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
        ProfileCommand::List => {
            let profiles = console.list_profiles().await?;
            if json {
                return print_json(out, &profiles);
            }
            let rows = profiles.iter().map(|p| {
                vec![
                    if p.active { "*".into() } else { String::new() },
                    p.name.clone(),
                    p.environment.as_str().to_uppercase(),
                    p.base_url.clone(),
                ]
            });
            table(out, &["", "NAME", "ENV", "URL"], rows)
        }
        ProfileCommand::Use { name } => {
            let status = console.use_profile(name).await?;
            if json {
                return print_json(out, &status.profile);
            }
            writeln!(out, "now using {}", status.profile.name).map_err(io)
        }
        ProfileCommand::Remove { name } => {
            console.remove_profile(name).await?;
            writeln!(out, "removed {name}").map_err(io)
        }
    }
}

fn io(error: std::io::Error) -> Error {
    Error::Export(format!("cannot write the output: {error}"))
}

fn print_json(out: &mut (dyn Write + Send), value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out).map_err(io)
}

fn footer(out: &mut (dyn Write + Send), page: u32, pages: u32, total: u64) -> Result<()> {
    writeln!(out, "page {page} of {pages} ({total} in all)").map_err(io)
}

/// Left-aligned columns, as wide as their widest cell.
fn table(
    out: &mut (dyn Write + Send),
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
struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
    phase: Option<SyncPhase>,
}

impl ProgressBar {
    fn new() -> ProgressBar {
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

    fn show(&mut self, progress: SyncProgress) {
        let Some(bar) = &self.bar else { return };
        if self.phase != Some(progress.phase) {
            self.phase = Some(progress.phase);
            bar.set_message(format!("{:?}", progress.phase));
            bar.set_position(0);
        }
        bar.set_length(u64::from(progress.total.unwrap_or(progress.done)));
        bar.set_position(u64::from(progress.done));
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What `main` calls: parses the process arguments, runs, and maps the outcome to an
/// exit code with one line on stderr.
pub fn main_with(cli: Cli) -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let mut stdin = std::io::stdin();
    match runtime.block_on(run(cli, &mut stdout, &mut stdin)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::from(match error.code() {
                "offline" => 3,
                "unauthorized" | "forbidden" => 4,
                _ => 1,
            })
        }
    }
}
