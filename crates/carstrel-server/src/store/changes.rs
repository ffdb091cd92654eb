//! The changes feed: every record of one kind changed after a sequence number, with
//! tombstones for deletions, oldest first. Starting from 0 walks the whole data set, so
//! one mechanism serves both the first full pull and every delta after it.

use crate::db::Db;
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::{Change, ChangeOp, ChangesPage};
use serde::Serialize;
use serde_json::value::RawValue;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Vehicle,
    Customer,
    TestDrive,
    Lead,
    Task,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Vehicle => "vehicle",
            Entity::Customer => "customer",
            Entity::TestDrive => "test_drive",
            Entity::Lead => "lead",
            Entity::Task => "task",
        }
    }

    /// The table's alias in its select, whose `change_seq` orders the feed.
    fn alias(self) -> &'static str {
        match self {
            Entity::Vehicle => "v",
            Entity::Customer => "c",
            Entity::TestDrive => "t",
            Entity::Lead => "l",
            Entity::Task => "k",
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

/// Which changes a page holds: those after `since`, at most `limit` of them and, past
/// the first, at most `max_bytes` of JSON, so that a dealer whose records are large (long
/// notes) gets more, smaller pages instead of one too big to send or to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub since: i64,
    pub limit: u32,
    pub max_bytes: usize,
}

/// A record of a page, already written as JSON: each is serialized once, both to
/// measure the page against its byte cap and to send it.
pub type Written = Box<RawValue>;

/// One page of changes of `entity` in `window`. `select` is the entity's select whose
/// rows `decode` turns into records of type `T`, sent as they serialize.
pub async fn page<T: Serialize>(
    db: &Db,
    caller: &Caller,
    entity: Entity,
    window: Window,
    select: &str,
    decode: impl Fn(&AnyRow) -> anyhow::Result<T>,
) -> Result<ChangesPage<Written>> {
    let Window {
        since,
        limit,
        max_bytes,
    } = window;
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
            data: Some(serde_json::value::to_raw_value(&decode(row)?)?),
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
    let fits = changes
        .len()
        .min(limit as usize)
        .min(fitting(&changes, max_bytes));
    let has_more = changes.len() > fits;
    changes.truncate(fits);
    let next_since = changes.last().map_or(since, |c| c.seq);
    Ok(ChangesPage {
        changes,
        next_since,
        has_more,
    })
}

/// How many of `changes`, from the first, fit in `max_bytes` of JSON; never fewer than
/// one, so that a record larger than the cap still travels and the feed moves on.
fn fitting<T: Serialize>(changes: &[Change<T>], max_bytes: usize) -> usize {
    let mut total = 0;
    for (taken, change) in changes.iter().enumerate() {
        total += json_len(change);
        if total > max_bytes {
            return taken.max(1);
        }
    }
    changes.len()
}

/// The length of `value` as JSON, counted without keeping the bytes.
fn json_len<T: Serialize>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail, and our records always serialize.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(seq: i64, note: &str) -> Change<String> {
        Change {
            seq,
            id: seq.to_string(),
            op: ChangeOp::Upsert,
            data: Some(note.to_owned()),
        }
    }

    #[test]
    fn a_page_stops_at_the_byte_cap_but_always_holds_one() {
        let big = "x".repeat(1000);
        let changes: Vec<_> = (1..=5).map(|seq| change(seq, &big)).collect();
        let one = json_len(&changes[0]);
        assert_eq!(fitting(&changes, usize::MAX), 5);
        assert_eq!(fitting(&changes, one * 3), 3);
        assert_eq!(fitting(&changes, one * 3 - 1), 2);
        assert_eq!(
            fitting(&changes, 10),
            1,
            "a record over the cap still travels"
        );
        assert_eq!(fitting::<String>(&[], 10), 0);
    }
}
