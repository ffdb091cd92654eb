//! What the command line says: the subcommands and their flags (clap), and how flags
//! become the queries console-core takes. Nothing here touches the cache or the network.

use carstrel_model::{
    CustomerQuery, CustomerSegment, CustomerSort, LeadQuery, LeadSource, LeadStatus, ListingType,
    SortOrder, TaskDue, TaskQuery, TestDriveStatus, VehicleQuery, VehicleSort,
};
use clap::{Parser, Subcommand, ValueEnum};
use console_core::console::ExportKind;
use console_core::TestDriveQuery;
use std::path::PathBuf;

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
    /// The offline photo cache's budget in bytes (default 1 GiB); the least recently
    /// used photos are evicted beyond it.
    #[arg(long, global = true, env = "CARSTREL_PHOTO_BUDGET_BYTES")]
    pub photo_budget_bytes: Option<u64>,
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
    /// Test drives by their slot, soonest first: a week from today unless told.
    Calendar {
        /// First day (YYYY-MM-DD) or instant (RFC 3339); default today (UTC).
        #[arg(long)]
        from: Option<String>,
        /// Up to (not including) this day or instant; default a week after --from.
        #[arg(long)]
        to: Option<String>,
    },
    /// Work a listing (works offline; sent with the next sync).
    Vehicle {
        #[command(subcommand)]
        command: VehicleCommand,
    },
    /// The lead inbox, newest first (works offline).
    Leads {
        #[arg(long)]
        status: Option<LeadStatus>,
        #[arg(long)]
        source: Option<LeadSource>,
        /// Name, email or phone contains this.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        page: Option<u32>,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Work a lead (works offline; sent with the next sync).
    Lead {
        #[command(subcommand)]
        command: LeadCommand,
    },
    /// Follow-up tasks, soonest due first (works offline).
    Tasks {
        /// overdue, today, upcoming or all (the default).
        #[arg(long)]
        due: Option<TaskDue>,
        #[arg(long)]
        page: Option<u32>,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Add or check off a follow-up task (works offline; sent with the next sync).
    Task {
        #[command(subcommand)]
        command: TaskCommand,
    },
    /// Inventory and customer statistics.
    Stats,
    /// Edits waiting to be sent, and conflicts; `send-again` or `discard` a booking whose
    /// reply was lost.
    Outbox {
        #[command(subcommand)]
        command: Option<OutboxCommand>,
    },
    /// Write the inventory or the customers to a CSV file.
    Export {
        what: ExportWhat,
        #[arg(long)]
        out: PathBuf,
    },
    /// The offline photo cache.
    Media {
        #[command(subcommand)]
        command: MediaCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum MediaCommand {
    /// Files and bytes kept, the budget, and how many vehicles have their main photo.
    Status,
    /// Write a vehicle's main photo from the cache (offline too; fetched when missing
    /// and the server can be reached).
    Get {
        vehicle_id: String,
        #[arg(long)]
        out: PathBuf,
    },
}

impl Command {
    /// Whether the command shows the dealer's data from the cache, where an empty cache
    /// that never synced would print zeros as if they were true.
    pub fn reads_the_cache(&self) -> bool {
        matches!(
            self,
            Command::Vehicles(_)
                | Command::Customers(_)
                | Command::Leads { .. }
                | Command::Tasks { .. }
                | Command::TestDrives { .. }
                | Command::Calendar { .. }
                | Command::Stats
                | Command::Export { .. }
                | Command::Media { .. }
        )
    }
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
pub enum OutboxCommand {
    /// Send an unconfirmed booking again (it may arrive twice).
    SendAgain { seq: i64 },
    /// Drop an unconfirmed booking (it arrived, as far as you know).
    Discard { seq: i64 },
}

#[derive(Subcommand, Debug)]
pub enum LeadCommand {
    /// Move a lead: contacted, qualified, won, or lost (with --reason).
    SetStatus {
        id: String,
        status: LeadStatus,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Assign a lead to a staff member (see the staff ids in `leads --json`'s assignedTo).
    Assign { id: String, staff_id: String },
}

#[derive(Subcommand, Debug)]
pub enum TaskCommand {
    /// Add a follow-up task.
    Add {
        #[arg(long)]
        title: String,
        /// A date (2026-12-01) or an RFC 3339 date-time.
        #[arg(long)]
        due: String,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        lead: Option<String>,
    },
    /// Check a task off.
    Done { id: String },
}

#[derive(Subcommand, Debug)]
pub enum TestDriveCommand {
    SetStatus {
        id: String,
        status: TestDriveStatus,
    },
    /// Move a drive to another time (RFC 3339, e.g. 2026-12-03T10:30:00Z); a double
    /// booking of its vehicle is refused.
    Reschedule {
        id: String,
        scheduled_at: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum VehicleCommand {
    /// Set the headline price (sale price, daily rate or starting bid); the key needs
    /// inventory:write.
    SetPrice { id: String, amount: f64 },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    Vehicles,
    Customers,
}

impl From<ExportWhat> for ExportKind {
    fn from(what: ExportWhat) -> ExportKind {
        match what {
            ExportWhat::Vehicles => ExportKind::Vehicles,
            ExportWhat::Customers => ExportKind::Customers,
        }
    }
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
    /// On the lot at least this many whole days.
    #[arg(long)]
    min_days_on_lot: Option<u32>,
    /// On the lot at most this many whole days.
    #[arg(long)]
    max_days_on_lot: Option<u32>,
    /// createdDate, impressionsCount, year, mileage, price, name or daysOnLot.
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
    pub search: Option<String>,
}

impl VehicleArgs {
    /// The flags as the API's query (the search text goes beside it).
    pub fn query(&self) -> VehicleQuery {
        VehicleQuery {
            page: self.page,
            limit: self.limit,
            brand_id: self.brand_id.clone(),
            model_id: self.model_id.clone(),
            body_type_id: self.body_type_id.clone(),
            min_year: self.min_year,
            max_year: self.max_year,
            min_price: self.min_price,
            max_price: self.max_price,
            listing_type: self.listing_type,
            sort: self.sort,
            order: self.order,
            min_days_on_lot: self.min_days_on_lot,
            max_days_on_lot: self.max_days_on_lot,
        }
    }
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

impl CustomerArgs {
    pub fn query(&self) -> CustomerQuery {
        CustomerQuery {
            page: self.page,
            limit: self.limit,
            search: self.search.clone(),
            segment: self.segment,
            sort_by: self.sort_by,
            sort_order: self.sort_order,
        }
    }
}

/// The `test-drives` flags as the cache's query.
pub fn test_drive_query(
    status: Option<TestDriveStatus>,
    page: Option<u32>,
    limit: Option<u32>,
) -> TestDriveQuery {
    TestDriveQuery {
        status,
        page,
        limit,
        ..Default::default()
    }
}

/// The `leads` flags as the cache's query (newest first, as the API's default).
pub fn lead_query(
    status: Option<LeadStatus>,
    source: Option<LeadSource>,
    search: Option<String>,
    page: Option<u32>,
    limit: Option<u32>,
) -> LeadQuery {
    LeadQuery {
        status,
        source,
        search,
        page,
        limit,
        ..Default::default()
    }
}

/// The `tasks` flags as the cache's query.
pub fn task_query(due: Option<TaskDue>, page: Option<u32>, limit: Option<u32>) -> TaskQuery {
    TaskQuery {
        due,
        page,
        limit,
        ..Default::default()
    }
}
