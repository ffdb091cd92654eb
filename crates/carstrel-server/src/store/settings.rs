//! Server-wide settings kept in the database.

use crate::db::Db;
use rand::{distributions::Alphanumeric, Rng};
use sqlx::Row;

/// A random secret under `name`, created on first use and stable afterwards.
pub async fn get_or_create_secret(db: &Db, name: &str) -> anyhow::Result<String> {
    let fresh: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(48)
        .map(char::from)
        .collect();
    sqlx::query(
        "INSERT INTO server_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(&fresh)
    .execute(&db.pool)
    .await?;
    let row = sqlx::query("SELECT value FROM server_settings WHERE name = $1")
        .bind(name)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("value")?)
}
