//! The changes feed: every record of one kind changed after a sequence number, with
//! tombstones for deletions, oldest first. Starting from 0 walks the whole data set, so
//! one mechanism serves both the first full pull and every delta after it.

use crate::db::Db;
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::{Change, ChangeOp, ChangesPage};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Vehicle,
    Customer,
    TestDrive,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Vehicle => "vehicle",
            Entity::Customer => "customer",
            Entity::TestDrive => "test_drive",
        }
    }

    /// The table's alias in its select, whose `change_seq` orders the feed.
    fn alias(self) -> &'static str {
        match self {
            Entity::Vehicle => "v",
            Entity::Customer => "c",
            Entity::TestDrive => "t",
        }
    }
}

pub async fn tombstone(
    conn: &mut AnyConnection,
    seq: i64,
    caller: &Caller,
    entity: Entity,
    id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO tombstones (seq, organization_id, environment, entity, entity_id, deleted_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(seq)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(entity.as_str())
    .bind(id)
    .bind(crate::clock::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// One page of changes of `entity` after `since`. `select` is the entity's select whose
/// rows `decode` turns into records.
pub async fn page<T>(
    db: &Db,
    caller: &Caller,
    entity: Entity,
    since: i64,
    limit: u32,
    select: &str,
    decode: impl Fn(&AnyRow) -> anyhow::Result<T>,
) -> Result<ChangesPage<T>> {
    let alias = entity.alias();
    let fetch = i64::from(limit) + 1;
    let rows = sqlx::query(&format!(
        "{select} WHERE {alias}.organization_id = $1 AND {alias}.environment = $2 \
         AND {alias}.change_seq > $3 ORDER BY {alias}.change_seq LIMIT $4"
    ))
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(since)
    .bind(fetch)
    .fetch_all(&db.pool)
    .await?;
    let tombstones = sqlx::query(
        "SELECT seq, entity_id FROM tombstones WHERE organization_id = $1 AND environment = $2 \
         AND entity = $3 AND seq > $4 ORDER BY seq LIMIT $5",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(entity.as_str())
    .bind(since)
    .bind(fetch)
    .fetch_all(&db.pool)
    .await?;

    let mut changes = Vec::with_capacity(rows.len() + tombstones.len());
    for row in &rows {
        changes.push(Change {
            seq: row.try_get("change_seq")?,
            id: row.try_get("id")?,
            op: ChangeOp::Upsert,
            data: Some(decode(row)?),
        });
    }
    for row in &tombstones {
        changes.push(Change {
            seq: row.try_get("seq")?,
            id: row.try_get("entity_id")?,
            op: ChangeOp::Delete,
            data: None,
        });
    }
    changes.sort_by_key(|c| c.seq);
    let has_more = changes.len() > limit as usize;
    changes.truncate(limit as usize);
    let next_since = changes.last().map_or(since, |c| c.seq);
    Ok(ChangesPage {
        changes,
        next_since,
        has_more,
    })
}
