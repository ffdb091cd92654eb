//! API keys: lookup on every request, and the management calls.

use crate::clock::{now_ms, rfc3339};
use crate::db::Db;
use crate::error::{ApiError, Result};
use crate::secrets::{generate_api_key, hash_api_key, KEY_PREFIX_CHARS};
use crate::tenant::{Caller, KeyRecord};
use carstrel_model::{rules, ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey, Environment, Scope};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The active key behind a request: remembered for a few seconds (see [`crate::memo`]).
pub async fn find_active(db: &Db, key: &str) -> sqlx::Result<Option<std::sync::Arc<KeyRecord>>> {
    let hash = hash_api_key(key);
    if let Some(record) = db.memo.key(&hash) {
        return Ok(Some(record));
    }
    let row = sqlx::query(
        "SELECT id, organization_id, environment, scopes, rate_limit_per_hour, last_used_at \
         FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    let record = row
        .map(|row| -> sqlx::Result<KeyRecord> {
            let env: String = row.try_get("environment")?;
            let caller = Caller {
                key_id: row.try_get("id")?,
                org_id: row.try_get("organization_id")?,
                env: env
                    .parse()
                    .map_err(|e: String| sqlx::Error::Decode(e.into()))?,
                scopes: parse_scopes(&row.try_get::<String, _>("scopes")?),
            };
            Ok(KeyRecord::new(
                caller,
                row.try_get::<i64, _>("rate_limit_per_hour")?
                    .clamp(0, i64::from(u32::MAX)) as u32,
                row.try_get::<Option<i64>, _>("last_used_at")?.unwrap_or(0),
            ))
        })
        .transpose()?
        .map(std::sync::Arc::new);
    if let Some(record) = &record {
        db.memo.remember_key(hash, record.clone());
    }
    Ok(record)
}

/// Records when a key was last used, at most once a minute, off the request's path.
pub fn note_use(db: &Db, record: &KeyRecord, now_secs: i64) {
    let now = now_secs * 1000;
    if !record.claim_use(now) {
        return;
    }
    let (db, key_id) = (db.clone(), record.caller.key_id.clone());
    tokio::spawn(async move {
        let result = sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(key_id)
            .execute(&db.pool)
            .await;
        if let Err(err) = result {
            tracing::debug!(error = ?err, "cannot record a key's last use");
        }
    });
}

fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect()
}

fn scopes_text(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn info(row: &AnyRow) -> anyhow::Result<ApiKeyInfo> {
    let env: String = row.try_get("environment")?;
    Ok(ApiKeyInfo {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        environment: env.parse().map_err(anyhow::Error::msg)?,
        prefix: row.try_get("key_prefix")?,
        scopes: parse_scopes(&row.try_get::<String, _>("scopes")?),
        rate_limit_per_hour: row.try_get::<i64, _>("rate_limit_per_hour")? as u32,
        created_date: rfc3339(row.try_get("created_at")?),
        last_used_date: row.try_get::<Option<i64>, _>("last_used_at")?.map(rfc3339),
        revoked_date: row.try_get::<Option<i64>, _>("revoked_at")?.map(rfc3339),
    })
}

const KEY_COLUMNS: &str = "id, name, environment, key_prefix, scopes, rate_limit_per_hour, \
                           created_at, last_used_at, revoked_at";

/// Creates a key for `org_id`; the returned key is the only copy there will ever be.
pub async fn create(db: &Db, org_id: &str, req: &CreateApiKeyRequest) -> Result<CreatedApiKey> {
    let req = rules::check_api_key_request(req)?;
    let key = generate_api_key(req.environment);
    insert(
        db,
        org_id,
        &req.name,
        req.environment,
        &req.scopes,
        req.rate_limit_per_hour,
        &key,
    )
    .await
}

/// Stores a key whose text the caller chose (the demo derives its keys).
pub async fn insert(
    db: &Db,
    org_id: &str,
    name: &str,
    env: Environment,
    scopes: &[Scope],
    rate_limit_per_hour: u32,
    key: &str,
) -> Result<CreatedApiKey> {
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO api_keys (id, organization_id, name, environment, key_hash, key_prefix, \
         scopes, rate_limit_per_hour, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(name)
    .bind(env.as_str())
    .bind(hash_api_key(key))
    .bind(key.chars().take(KEY_PREFIX_CHARS).collect::<String>())
    .bind(scopes_text(scopes))
    .bind(i64::from(rate_limit_per_hour))
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    let info = get(db, org_id, &id).await?;
    Ok(CreatedApiKey {
        info,
        key: key.to_owned(),
    })
}

/// Whether a key with this exact text is stored (revoked or not).
pub async fn exists(db: &Db, key: &str) -> Result<bool> {
    let row = sqlx::query("SELECT id FROM api_keys WHERE key_hash = $1")
        .bind(hash_api_key(key))
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Gives a key whose text the caller chose the scopes it should carry (the demo's keys,
/// made by an older version before a scope existed, gain it at the next start).
pub async fn set_scopes(db: &Db, key: &str, scopes: &[Scope]) -> Result<()> {
    sqlx::query("UPDATE api_keys SET scopes = $1 WHERE key_hash = $2")
        .bind(scopes_text(scopes))
        .bind(hash_api_key(key))
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn get(db: &Db, org_id: &str, id: &str) -> Result<ApiKeyInfo> {
    let row = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1 AND organization_id = $2"
    ))
    .bind(id)
    .bind(org_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| ApiError::not_found("API key"))?;
    Ok(info(&row)?)
}

pub async fn list(db: &Db, org_id: &str) -> Result<Vec<ApiKeyInfo>> {
    let rows = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM api_keys WHERE organization_id = $1 ORDER BY created_at, id"
    ))
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(info).collect::<anyhow::Result<_>>()?)
}

/// Revokes a key at once; revoking twice keeps the first date.
pub async fn revoke(db: &Db, org_id: &str, id: &str) -> Result<ApiKeyInfo> {
    sqlx::query(
        "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND organization_id = $3 \
         AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(org_id)
    .execute(&db.pool)
    .await?;
    db.memo.forget_keys();
    get(db, org_id, id).await
}
