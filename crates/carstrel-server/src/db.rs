//! The database: one sqlx `Any` pool over SQLite (the default) or PostgreSQL.
//!
//! All SQL in this crate is written once, with `$N` placeholders, in the subset both
//! engines share (see the migration's header for the column conventions).

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::time::Duration;

/// Which engine a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Key lookups and list pages remembered between requests; writes through this
    /// handle keep it current.
    pub memo: std::sync::Arc<crate::memo::Memo>,
}

/// How long a request waits for a PostgreSQL connection before it is answered 503. (A
/// SQLite file cannot go away; its requests queue on the pool's default 30 s.)
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Opens (and for SQLite files, creates) the database at `url` and brings its schema
    /// up to date. `sqlite::memory:` gives a private in-memory database.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("unsupported database URL {url:?}: use sqlite:… or postgres://…");
        };
        let pool = match backend {
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    // While the database is away a request waits this long for a
                    // connection, then answers 503 (never a hang).
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    // A connection the database dropped (a restart) is found dead here
                    // and replaced, instead of failing the request that drew it.
                    .test_before_acquire(true)
                    .connect(url)
                    .await
            }
            Backend::Sqlite => {
                if let Some(path) = sqlite_file(url) {
                    create_private_file(&path).with_context(|| {
                        format!("cannot create the database file {}", path.display())
                    })?;
                }
                let in_memory = url.contains(":memory:") || url.contains("mode=memory");
                let url = sqlite_url_with_create(url);
                AnyPoolOptions::new()
                    // An in-memory database lives and dies with its one connection.
                    .max_connections(if in_memory { 1 } else { 8 })
                    .min_connections(if in_memory { 1 } else { 0 })
                    .idle_timeout(if in_memory {
                        None
                    } else {
                        Some(Duration::from_secs(600))
                    })
                    .max_lifetime(if in_memory {
                        None
                    } else {
                        Some(Duration::from_secs(3600))
                    })
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // Reads through a memory map (up to 1 GiB of address space)
                            // instead of a system call per 4 KiB page.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                                 PRAGMA mmap_size = 1073741824;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
        }
        .with_context(|| format!("cannot open the database at {}", redact(url)))?;
        let memo = match backend {
            // Every server on the database hears what the others retire.
            Backend::Postgres => {
                crate::memo::Memo::with_peers(crate::coherence::Peers::start(url, pool.clone()))
            }
            Backend::Sqlite => crate::memo::Memo::default(),
        };
        let db = Db {
            pool,
            backend,
            memo: std::sync::Arc::new(memo),
        };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .context("cannot migrate the database")
    }

    /// Whether this server can serve: the database answers, and every migration this
    /// build knows is applied (a replica lagging behind a deploy, or a database another
    /// build migrated back, is not ready). `Err` says why not.
    pub async fn readiness(&self) -> Result<(), String> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
                .map_err(|err| format!("the database does not answer: {err}"))?;
        match MIGRATOR
            .iter()
            .find(|migration| !applied.contains(&migration.version))
        {
            Some(missing) => Err(format!(
                "migration {} ({}) is not applied",
                missing.version, missing.description
            )),
            None => Ok(()),
        }
    }
}

/// Claims a SQLite file for one serving process, or refuses with a message that says
/// what to do. Two servers on one file would each keep their own rate limits, login
/// throttles and remembered pages, so a key's budget would double and a write through
/// one would show late through the other; several servers belong on PostgreSQL. The
/// claim is an exclusive lock on `FILE.serve-lock`, released when the process ends
/// (however it ends). Shell commands (`keys revoke`, `migrate`) need no claim.
pub fn claim_for_serving(url: &str) -> anyhow::Result<Option<std::fs::File>> {
    let Some(path) = sqlite_file(url) else {
        return Ok(None);
    };
    let mut lock_path = path.clone().into_os_string();
    lock_path.push(".serve-lock");
    let lock_path = std::path::PathBuf::from(lock_path);
    create_private_file(&lock_path)
        .with_context(|| format!("cannot create {}", lock_path.display()))?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("cannot open {}", lock_path.display()))?;
    #[cfg(unix)]
    {
        use rustix::fs::{flock, FlockOperation};
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => anyhow::bail!(
                "another carstrel-server is already serving {}: one SQLite file serves one \
                 process (rate limits, login throttles and cached pages are per process); \
                 run several servers on PostgreSQL instead (see the README's recipe)",
                path.display()
            ),
            Err(err) => {
                return Err(std::io::Error::from(err))
                    .with_context(|| format!("cannot lock {}", lock_path.display()))
            }
        }
    }
    Ok(Some(file))
}

/// SQLite files are created on first use unless the URL says otherwise.
fn sqlite_url_with_create(url: &str) -> String {
    if url.contains(":memory:") || url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The file a `sqlite:` URL names (as sqlx reads it: `sqlite:` or `sqlite://`, then a
/// percent-encoded path, then `?options`), or `None` for an in-memory database.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().filter(|p| !p.is_empty())?;
    Some(percent_decode(path).into())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 3 <= bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Creates `path` readable and writable by its owner only (0600), unless it exists: the
/// database holds password hashes, customers' data and (unless the deployment gives
/// one) the token-signing secret. SQLite gives its `-wal` and `-shm` files the mode of
/// the database file, so they are private too. A file that exists keeps its mode.
pub fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// A URL fit for logs: any password is masked.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Takes the next number of the changes feed. Call it first in a write transaction: the
/// counter row's lock then orders writers, so numbers become visible in order (and on
/// SQLite the transaction holds the write lock from its first statement).
pub async fn next_seq(conn: &mut sqlx::AnyConnection) -> sqlx::Result<i64> {
    reserve_seqs(conn, 1).await
}

/// Reserves `n` numbers and returns the last; the block is `last - n + 1 ..= last`.
pub async fn reserve_seqs(conn: &mut sqlx::AnyConnection, n: i64) -> sqlx::Result<i64> {
    sqlx::query("UPDATE change_counter SET value = value + $1 WHERE id = 1 RETURNING value")
        .bind(n)
        .fetch_one(conn)
        .await?
        .try_get(0)
}

/// Where the change counter stands: it moves with every committed write of a record, on
/// every server, so a remembered read can tell whether it may have gone stale.
pub async fn change_counter(db: &Db) -> sqlx::Result<i64> {
    sqlx::query("SELECT value FROM change_counter WHERE id = 1")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Decodes a JSON document stored in a TEXT column.
pub fn json_col<T: serde::de::DeserializeOwned>(row: &AnyRow, col: &str) -> anyhow::Result<T> {
    let text: String = row.try_get(col)?;
    serde_json::from_str(&text).with_context(|| format!("column {col} holds invalid JSON"))
}

/// Like [`json_col`] for a nullable column.
pub fn json_col_opt<T: serde::de::DeserializeOwned>(
    row: &AnyRow,
    col: &str,
) -> anyhow::Result<Option<T>> {
    let text: Option<String> = row.try_get(col)?;
    text.map(|t| {
        serde_json::from_str(&t).with_context(|| format!("column {col} holds invalid JSON"))
    })
    .transpose()
}

pub fn flag(row: &AnyRow, col: &str) -> sqlx::Result<bool> {
    Ok(row.try_get::<i64, _>(col)? != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        let file = |url| sqlite_file(url).map(|p| p.display().to_string());
        assert_eq!(file("sqlite:carstrel.db").as_deref(), Some("carstrel.db"));
        assert_eq!(
            file("sqlite:///var/db/a.db?mode=rwc").as_deref(),
            Some("/var/db/a.db")
        );
        assert_eq!(
            file("sqlite:/x/Dealer%20Console/a%3Fb.db").as_deref(),
            Some("/x/Dealer Console/a?b.db")
        );
        assert_eq!(file("sqlite::memory:"), None);
        assert_eq!(file("sqlite:a.db?mode=memory"), None);
    }

    #[test]
    fn redact_masks_passwords_only() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite:carstrel.db"), "sqlite:carstrel.db");
    }
}
