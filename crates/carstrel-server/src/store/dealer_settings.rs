//! `/external/settings`: each dealer's calendar settings per environment (drive length,
//! no-show delay). A dealer without a row has the defaults. (`settings` is the server's
//! own, unrelated store of secrets.)

use super::sql::{Arg, Sql};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::rules;
use carstrel_model::{DealerSettings, DealerSettingsUpdate};
use sqlx::{AnyConnection, Row};

/// The caller's settings, read on `conn` (inside a transaction that acts on them).
pub async fn read(conn: &mut AnyConnection, caller: &Caller) -> sqlx::Result<DealerSettings> {
    let row = sqlx::query(
        "SELECT test_drive_minutes, no_show_after_minutes FROM dealer_settings \
         WHERE organization_id = $1 AND environment = $2",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(DealerSettings::default());
    };
    let minutes = |column: &str| -> sqlx::Result<u32> {
        Ok(u32::try_from(row.try_get::<i64, _>(column)?).unwrap_or(u32::MAX))
    };
    Ok(DealerSettings {
        test_drive_minutes: minutes("test_drive_minutes")?,
        no_show_after_minutes: minutes("no_show_after_minutes")?,
    })
}

pub async fn get(db: &Db, caller: &Caller) -> Result<DealerSettings> {
    let mut conn = db.pool.acquire().await?;
    Ok(read(&mut conn, caller).await?)
}

/// Applies a change (checked by the rule book) in one statement, so two changes of
/// different fields at once both land.
pub async fn update(
    db: &Db,
    caller: &Caller,
    change: &DealerSettingsUpdate,
) -> Result<DealerSettings> {
    let mut checked = DealerSettings::default();
    rules::apply_dealer_settings_update(&mut checked, change)?;
    let given = |value: Option<i64>| value.map_or(Arg::NullInt, Arg::Int);
    let mut sql = Sql::new(
        "INSERT INTO dealer_settings (organization_id, environment, test_drive_minutes, \
         no_show_after_minutes, updated_at) VALUES (",
    );
    sql.bind(Arg::Text(caller.org_id.clone()))
        .push(", ")
        .bind(Arg::Text(caller.env_str().into()))
        .push(", ")
        .bind(Arg::Int(checked.test_drive_minutes.into()))
        .push(", ")
        .bind(Arg::Int(checked.no_show_after_minutes.into()))
        .push(", ")
        .bind(Arg::Int(now_ms()))
        .push(
            ") ON CONFLICT (organization_id, environment) DO UPDATE SET \
             test_drive_minutes = COALESCE(",
        )
        .bind(given(change.test_drive_minutes))
        .push(", dealer_settings.test_drive_minutes), no_show_after_minutes = COALESCE(")
        .bind(given(change.no_show_after_minutes))
        .push(", dealer_settings.no_show_after_minutes), updated_at = excluded.updated_at");
    sql.query().execute(&db.pool).await?;
    get(db, caller).await
}
