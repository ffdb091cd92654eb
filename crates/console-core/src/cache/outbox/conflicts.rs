//! Conflicts: an edit that met a newer server version keeps both sides until the user
//! picks one ("keep mine" sends it again on top of theirs; "take theirs" drops it).

use super::entries::{new_idempotency_key, QueuedEntry};
use super::queue::{entity_table, later_payloads};
use super::{Conflict, Entity, Keep};
use crate::cache::records::{
    upsert_local_customer, upsert_local_test_drive, upsert_resolved_customer,
    upsert_resolved_test_drive,
};
use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_model::rules::{apply_customer_update, apply_test_drive_update};
use carstrel_model::{Customer, TestDrive};
use sqlx::{Row, SqliteConnection};

impl Cache {
    /// The conflicts waiting for the user, oldest first.
    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        let rows = sqlx::query(
            "SELECT id, entity, entity_id, mine, theirs, created_at FROM conflicts ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Conflict {
                    id: row.try_get("id")?,
                    entity: row.try_get("entity")?,
                    entity_id: row.try_get("entity_id")?,
                    mine: serde_json::from_str(row.try_get("mine")?)?,
                    theirs: serde_json::from_str(row.try_get("theirs")?)?,
                    created_at: crate::clock::rfc3339(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// Settles a conflict. "Keep mine" queues the edit again on top of their version (with
    /// a fresh `Idempotency-Key`: the old one is bound to the refused attempt); "take
    /// theirs" drops the edit and shows the server's copy.
    pub async fn resolve_conflict(&self, id: i64, keep: Keep) -> Result<()> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "SELECT outbox_seq, entity, entity_id, mine, theirs FROM conflicts WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("Conflict"))?;
        let seq: i64 = row.try_get("outbox_seq")?;
        let entity: Entity = row.try_get("entity")?;
        let entity_id: String = row.try_get("entity_id")?;
        let theirs: &str = row.try_get("theirs")?;
        match keep {
            Keep::Mine => {
                let their_version = version_of(theirs)?;
                // Their copy is the new base: the check that stands in for If-Match
                // compares against it from now on.
                sqlx::query(
                    "UPDATE outbox SET state = 'pending', idempotency_key = ?, last_error = NULL, \
                     base_doc = ? WHERE seq = ?",
                )
                .bind(new_idempotency_key())
                .bind(theirs)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
                // My copy stays on screen; sends now name their version in If-Match.
                let table = entity_table(entity);
                let mine: serde_json::Value = serde_json::from_str(row.try_get("mine")?)?;
                let mut mine = mine;
                mine["version"] = serde_json::json!(their_version);
                sqlx::query(&format!(
                    "UPDATE {table} SET version = ?, doc = ? WHERE id = ?"
                ))
                .bind(their_version)
                .bind(mine.to_string())
                .bind(&entity_id)
                .execute(&mut *tx)
                .await?;
            }
            Keep::Theirs => {
                sqlx::query("DELETE FROM outbox WHERE seq = ?")
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
                resolve_with_server_copy(&mut tx, entity, &entity_id, theirs).await?;
            }
        }
        sqlx::query("DELETE FROM conflicts WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The server has a newer version: keep both sides for the user.
    pub(crate) async fn record_conflict(
        &self,
        entry: &QueuedEntry,
        theirs: serde_json::Value,
        message: &str,
    ) -> Result<()> {
        let entity = entry.kind.entity();
        let mut tx = self.write().await?;
        let mine: String = sqlx::query_scalar(&format!(
            "SELECT doc FROM {} WHERE id = ?",
            entity_table(entity)
        ))
        .bind(&entry.entity_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_else(|| "null".to_owned());
        sqlx::query("UPDATE outbox SET state = 'conflict', attempts = attempts + 1, last_error = ? WHERE seq = ?")
            .bind(message)
            .bind(entry.seq)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO conflicts (outbox_seq, entity, entity_id, mine, theirs, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (outbox_seq) DO UPDATE SET theirs = excluded.theirs",
        )
        .bind(entry.seq)
        .bind(entity)
        .bind(&entry.entity_id)
        .bind(mine)
        .bind(theirs.to_string())
        .bind(crate::clock::now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn resolve_with_server_copy(
    conn: &mut SqliteConnection,
    entity: Entity,
    id: &str,
    theirs: &str,
) -> Result<()> {
    let now = crate::clock::now_ms();
    let later = later_payloads(conn, id).await?;
    match entity {
        Entity::Vehicle => {
            let vehicle: carstrel_model::Vehicle = serde_json::from_str(theirs)?;
            super::server_vehicle::store_server_vehicle(conn, &vehicle).await
        }
        Entity::Customer => {
            let mut customer: Customer = serde_json::from_str(theirs)?;
            if later.is_empty() {
                return upsert_resolved_customer(conn, &customer).await;
            }
            for payload in later {
                let _ = apply_customer_update(&mut customer, &serde_json::from_str(&payload)?, now);
            }
            upsert_local_customer(conn, &customer).await
        }
        Entity::TestDrive => {
            let mut drive: TestDrive = serde_json::from_str(theirs)?;
            if later.is_empty() {
                return upsert_resolved_test_drive(conn, &drive).await;
            }
            for payload in later {
                let _ = apply_test_drive_update(&mut drive, &serde_json::from_str(&payload)?, now);
            }
            upsert_local_test_drive(conn, &drive).await
        }
        Entity::Lead | Entity::Task => {
            super::work::resolve_with_theirs(conn, entity, theirs, now).await
        }
    }
}

/// The record's version for `If-Match`; 0 from a server whose records carry none (the
/// published API), where the check before sending stands in for it.
fn version_of(doc: &str) -> Result<i64> {
    let value: serde_json::Value = serde_json::from_str(doc)?;
    Ok(value["version"].as_i64().unwrap_or(0))
}
