//! `carstrel-server`: serve the API, seed demo data, manage keys, migrate.
//!
//! `carstrel-server serve --demo --addr 127.0.0.1:8080` gives a working API with two demo
//! dealers at once; `--demo-credentials FILE` writes their keys once it listens;
//! `--docs-only` serves the published API alone, as a real dealer's account offers it.

use anyhow::Context;
use carstrel_model::{CreateApiKeyRequest, Environment, Scope};
use carstrel_server::demo::{self, DemoOptions};
use carstrel_server::telemetry::LogFormat;
use carstrel_server::{store, Db, Server, ServerConfig};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "carstrel-server", version, about = "The CarStrel API server")]
struct Cli {
    /// Database URL: sqlite:FILE, sqlite::memory:, or postgres://…
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite:carstrel.db"
    )]
    database_url: String,
    /// How logs are written to stderr: text lines, or one JSON object per line.
    #[arg(
        long,
        global = true,
        env = "CARSTREL_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Seed the demo dealers, inventory and customers (once; later runs reuse them).
        #[arg(long)]
        demo: bool,
        /// Demo vehicles per dealer per environment.
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        demo_vehicles: u32,
        /// Demo customers per dealer per environment.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        demo_customers: u32,
        /// Write the demo's base URL, keys and staff logins here once listening.
        #[arg(long, requires = "demo")]
        demo_credentials: Option<PathBuf>,
        /// Length of a rate-limit window in seconds (seed 002 counts per hour).
        #[arg(long, default_value_t = 3600)]
        rate_limit_window_secs: u64,
        /// Serve only what the published CarStrel docs describe: every addition (changes
        /// feeds, test-drive list/get/PATCH, token refresh, staff and key API, vehicle
        /// PATCH/DELETE, /openapi.json, /health, /healthz, /readyz, /metrics) answers 404;
        /// no ETag or X-RateLimit-* headers; If-Match, If-None-Match and Idempotency-Key
        /// are ignored.
        #[arg(long)]
        docs_only: bool,
        /// Requests with a missing or unknown API key accepted per client address and
        /// minute before 429 (a key-guessing flood is refused before any lookup).
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
        bad_keys_per_minute: u32,
        /// A file holding the token-signing secret (at least 32 characters). Without it,
        /// or CARSTREL_JWT_SECRET, the server keeps a generated one in its database.
        #[arg(long, env = "CARSTREL_JWT_SECRET_FILE")]
        jwt_secret_file: Option<PathBuf>,
        /// A reverse proxy (IP address) whose X-Forwarded-For names the client, for the
        /// per-address limits; repeat it, or give CARSTREL_TRUSTED_PROXIES=ip,ip.
        #[arg(
            long = "trusted-proxy",
            env = "CARSTREL_TRUSTED_PROXIES",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// The URL clients reach this server at (behind a proxy, or on 0.0.0.0), which
        /// demo photo URLs name; default `http://{bound address}`.
        #[arg(long, env = "CARSTREL_PUBLIC_URL")]
        public_url: Option<String>,
        /// Seconds between two sweeps that mark overdue confirmed test drives as
        /// no-shows (the dealer's noShowAfterMinutes after their slot ends).
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
        sweep_interval: u64,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Create a dealer organization with one staff login.
    Orgs {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage API keys.
    Keys {
        #[command(subcommand)]
        command: KeyCommand,
    },
}

#[derive(Subcommand)]
enum OrgCommand {
    Create {
        name: String,
        #[arg(long)]
        slug: String,
        #[arg(long)]
        staff_email: String,
        /// The staff password; read from CARSTREL_STAFF_PASSWORD when not given.
        #[arg(long, env = "CARSTREL_STAFF_PASSWORD", hide_env_values = true)]
        staff_password: String,
    },
    List,
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Create a key and print it (the only time it is shown).
    Create {
        /// Organization id or slug.
        #[arg(long)]
        org: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "live")]
        env: Environment,
        /// Comma-separated scopes (default: every scope but admin).
        #[arg(long, value_delimiter = ',')]
        scopes: Vec<Scope>,
        #[arg(long)]
        rate_limit_per_hour: Option<u32>,
    },
    /// List an organization's keys (never the keys themselves).
    List {
        #[arg(long)]
        org: String,
    },
    /// Revoke a key at once.
    Revoke {
        #[arg(long)]
        org: String,
        id: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    carstrel_server::telemetry::init_logs(cli.log_format);
    // One serving process per SQLite file; the claim lasts as long as this process.
    let _serving_claim = match &cli.command {
        Command::Serve { .. } => carstrel_server::db::claim_for_serving(&cli.database_url)?,
        _ => None,
    };
    let db = Db::connect(&cli.database_url).await?;
    let outcome = match cli.command {
        Command::Migrate => {
            println!("database is up to date");
            Ok(())
        }
        Command::Serve {
            addr,
            demo,
            demo_vehicles,
            demo_customers,
            demo_credentials,
            rate_limit_window_secs,
            docs_only,
            bad_keys_per_minute,
            jwt_secret_file,
            trusted_proxies,
            public_url,
            sweep_interval,
        } => {
            // The secret itself is read from the environment only: a command line shows
            // in every process listing.
            let jwt_secret = carstrel_server::secrets::JwtSecret::from_value_or_file(
                std::env::var("CARSTREL_JWT_SECRET").ok(),
                jwt_secret_file,
            )?;
            let options = DemoOptions {
                vehicles: demo_vehicles as usize,
                customers: demo_customers as usize,
            };
            let credentials = if demo {
                let started = std::time::Instant::now();
                let credentials = demo::seed(&db, &options).await?;
                tracing::info!(vehicles = demo::vehicle_count(&db).await?, elapsed = ?started.elapsed(), "demo data ready");
                Some(credentials)
            } else {
                None
            };
            let limits = carstrel_server::throttle::Limits {
                bad_keys_per_address: carstrel_server::throttle::Limit::new(
                    bad_keys_per_minute,
                    std::time::Duration::from_secs(60),
                ),
                ..Default::default()
            };
            let config = ServerConfig {
                rate_limit_window_secs,
                docs_only,
                limits,
                jwt_secret,
                trusted_proxies,
                public_url,
                sweep_interval: std::time::Duration::from_secs(sweep_interval),
                ..ServerConfig::default()
            };
            let server = Server::bind(addr, db.clone(), config).await?;
            let base_url = format!("http://{}", server.local_addr());
            if let (Some(mut credentials), Some(path)) = (credentials, demo_credentials) {
                credentials.base_url = base_url.clone();
                write_private(&path, &serde_json::to_vec_pretty(&credentials)?)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            tracing::info!(%base_url, "CarStrel API listening");
            if cli.log_format == LogFormat::Text {
                eprintln!("CarStrel API listening on {base_url}");
            }
            server.run_until(shutdown_signal()).await?;
            Ok(())
        }
        Command::Orgs {
            command:
                OrgCommand::Create {
                    name,
                    slug,
                    staff_email,
                    staff_password,
                },
        } => {
            if staff_password.chars().count() < carstrel_model::PASSWORD_MIN_CHARS {
                anyhow::bail!(
                    "the staff password must be at least {} characters",
                    carstrel_model::PASSWORD_MIN_CHARS
                );
            }
            let org = store::orgs::create(&db, &name, &slug)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let hash = carstrel_server::secrets::hash_password(&staff_password)?;
            store::orgs::add_staff(&db, &org.id, &staff_email, &format!("{name} Staff"), &hash)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{}\t{}\t{}", org.id, org.slug, org.name);
            Ok(())
        }
        Command::Orgs {
            command: OrgCommand::List,
        } => {
            for org in store::orgs::list(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                println!("{}\t{}\t{}", org.id, org.slug, org.name);
            }
            Ok(())
        }
        Command::Keys { command } => keys(&db, command).await,
    };
    // A revocation from the shell reaches every server before this process ends.
    db.memo.told().await;
    outcome
}

async fn keys(db: &Db, command: KeyCommand) -> anyhow::Result<()> {
    let org_of = |org: String| async move {
        store::orgs::find(db, &org)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    match command {
        KeyCommand::Create {
            org,
            name,
            env,
            scopes,
            rate_limit_per_hour,
        } => {
            let org = org_of(org).await?;
            let request = CreateApiKeyRequest {
                name,
                scopes: (!scopes.is_empty()).then_some(scopes),
                rate_limit_per_hour,
                environment: Some(env),
            };
            let created = store::keys::create(db, &org.id, &request)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!(
                "key {} created; store it now, it is not shown again:",
                created.info.id
            );
            println!("{}", created.key);
        }
        KeyCommand::List { org } => {
            let org = org_of(org).await?;
            for key in store::keys::list(db, &org.id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                let scopes: Vec<&str> = key.scopes.iter().map(|s| s.as_str()).collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}/h\t{}\t{}",
                    key.id,
                    key.prefix,
                    key.environment,
                    key.name,
                    key.rate_limit_per_hour,
                    scopes.join(","),
                    if key.revoked_date.is_some() {
                        "revoked"
                    } else {
                        "active"
                    }
                );
            }
        }
        KeyCommand::Revoke { org, id } => {
            let org = org_of(org).await?;
            let key = store::keys::revoke(db, &org.id, &id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("revoked {} ({})", key.id, key.prefix);
        }
    }
    Ok(())
}

/// Writes a file only its owner can read: it holds keys.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(&tmp)?, bytes)?;
    }
    std::fs::rename(tmp, path)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
