//! Deterministic demo data: the reference catalog, two dealers with inventory in both
//! environments, customers, test drives and blog posts, and their keys.
//!
//! Seeding is idempotent: on a database that already holds the demo, only the
//! credentials are derived again (from a secret kept in the database), so the same keys
//! keep working across restarts.

pub mod catalog;
mod generate;

use crate::db::{reserve_seqs, Db};
use crate::store::sql::Arg;
use crate::store::{keys, orgs, settings};
use carstrel_model::{Environment, Scope, DEFAULT_RATE_LIMIT_PER_HOUR};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// How much demo data to make.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Vehicles per organization per environment.
    pub vehicles: usize,
    /// Customers per organization per environment.
    pub customers: usize,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            vehicles: 500,
            customers: 200,
        }
    }
}

/// What `--demo-credentials FILE` holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DemoCredentials {
    pub base_url: String,
    pub organizations: Vec<DemoOrganization>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DemoOrganization {
    pub id: String,
    pub name: String,
    pub keys: DemoKeys,
    pub staff: DemoStaff,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DemoKeys {
    pub live: String,
    pub test: String,
    /// A live key with `inventory:read` only.
    pub read_only: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DemoStaff {
    pub email: String,
    pub password: String,
}

/// The password every demo customer account has.
pub const DEMO_CUSTOMER_PASSWORD: &str = "demo-customer-1";

/// The two demo dealers: (name, slug).
pub const DEMO_ORGANIZATIONS: [(&str, &str); 2] = [
    ("Savanna Motors", "savanna-motors"),
    ("Coastline Auto", "coastline-auto"),
];

/// Seeds the demo (once) and returns its credentials; `base_url` is left empty for the
/// caller to fill in once it listens.
pub async fn seed(db: &Db, options: &DemoOptions) -> anyhow::Result<DemoCredentials> {
    let secret = settings::get_or_create_secret(db, "demo_secret").await?;
    let catalog = generate::ensure_catalog(db).await?;
    let mut organizations = Vec::new();
    for (index, (name, slug)) in DEMO_ORGANIZATIONS.into_iter().enumerate() {
        let (org, fresh) = match orgs::find_by_slug(db, slug).await? {
            Some(org) => (org, false),
            None => (orgs::create(db, name, slug).await?, true),
        };
        let staff = DemoStaff {
            email: format!("staff@{slug}.example"),
            password: derive(&secret, &format!("{slug}/staff"), 16),
        };
        let keys = DemoKeys {
            live: format!("sk_live_{}", derive(&secret, &format!("{slug}/live"), 32)),
            test: format!("sk_test_{}", derive(&secret, &format!("{slug}/test"), 32)),
            read_only: format!("sk_live_{}", derive(&secret, &format!("{slug}/read"), 32)),
        };
        if fresh {
            let hash = crate::secrets::hash_password(&staff.password)?;
            let admin = orgs::NewStaffMember {
                id: generate::stable_id(&format!("{slug}/staff/{}", staff.email)),
                org_id: &org.id,
                email: &staff.email,
                name: &format!("{name} Staff"),
                role: carstrel_model::StaffRole::Admin,
            };
            orgs::insert_staff_member(db, admin, &hash).await?;
            for env in [Environment::Live, Environment::Test] {
                generate::dealer_data(db, &catalog, &org.id, env, index as u64, options).await?;
            }
        }
        generate::dealer_work(db, &org.id, slug, index as u64).await?;
        for (key, label, env, scopes) in [
            (
                &keys.live,
                "Demo live key",
                Environment::Live,
                Scope::defaults(),
            ),
            (
                &keys.test,
                "Demo test key",
                Environment::Test,
                Scope::defaults(),
            ),
            (
                &keys.read_only,
                "Demo read-only key",
                Environment::Live,
                vec![Scope::InventoryRead],
            ),
        ] {
            if keys::exists(db, key).await? {
                keys::set_scopes(db, key, &scopes).await?;
            } else {
                keys::insert(
                    db,
                    &org.id,
                    label,
                    env,
                    &scopes,
                    DEFAULT_RATE_LIMIT_PER_HOUR,
                    key,
                )
                .await?;
            }
        }
        organizations.push(DemoOrganization {
            id: org.id,
            name: org.name,
            keys,
            staff,
        });
    }
    // Vehicles and keys were written behind the request paths' backs.
    db.memo.everything_changed();
    Ok(DemoCredentials {
        base_url: String::new(),
        organizations,
    })
}

/// `len` alphanumerics derived from the database's demo secret and a label.
fn derive(secret: &str, label: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    let mut counter = 0u32;
    while out.len() < len {
        let digest = Sha256::digest(format!("{secret}\0{label}\0{counter}").as_bytes());
        out.extend(
            digest
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char),
        );
        counter += 1;
    }
    out.truncate(len);
    out
}

/// Placeholders per multi-row insert.
const PLACEHOLDERS_PER_STATEMENT: usize = 999;

/// Inserts `rows` into `table` in multi-row statements inside one transaction, taking a
/// block of change numbers for the `change_seq` column when `seq_column` names it.
pub(crate) async fn insert_rows(
    db: &Db,
    table: &str,
    columns: &[&str],
    mut rows: Vec<Vec<Arg>>,
    seq_column: bool,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    if db.backend == crate::db::Backend::Sqlite {
        // Random ids land all over the indexes: with SQLite's 2 MiB default nearly every
        // insert re-reads index pages from the file (measured: 82 → 72 s for 100 000
        // vehicles). Grows only as far as the database does.
        sqlx::query("PRAGMA cache_size = -262144")
            .execute(&mut *tx)
            .await?;
    }
    if seq_column {
        let last = reserve_seqs(&mut tx, rows.len() as i64).await?;
        let first = last - rows.len() as i64 + 1;
        for (i, row) in rows.iter_mut().enumerate() {
            row.push(Arg::Int(first + i as i64));
        }
    }
    // SQLite looks each `$N` up in a linear list while it parses, so a statement's cost
    // grows with the square of its placeholders: keep them near SQLite's classic 999.
    let per_statement = (PLACEHOLDERS_PER_STATEMENT / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut sql = crate::store::sql::Sql::new(format!(
            "INSERT INTO {table} ({}) VALUES ",
            columns.join(", ")
        ));
        for (i, row) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            for (j, value) in row.iter().enumerate() {
                if j > 0 {
                    sql.push(", ");
                }
                sql.bind(value.clone());
            }
            sql.push(")");
        }
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How many vehicles the demo holds, for the CLI's summary line.
pub async fn vehicle_count(db: &Db) -> anyhow::Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) FROM vehicles")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn derived_secrets_are_stable_and_distinct() {
        let a = super::derive("s", "org/live", 32);
        assert_eq!(a, super::derive("s", "org/live", 32));
        assert_ne!(a, super::derive("s", "org/test", 32));
        assert_ne!(a, super::derive("t", "org/live", 32));
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
