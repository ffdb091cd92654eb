//! The dealer's inventory: list with the documented filters and sorts, detail (which
//! counts an impression), and the staff edits the changes feed carries; the stats are in
//! `vehicle_stats` and `aging`, the price history in `price_history`.

use super::sql::{Arg, Sql};
use crate::clock::{now_ms, rfc3339};
use crate::db::{json_col, json_col_opt, next_seq, Db};
use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use carstrel_model::{
    SortOrder, Vehicle, VehicleBodyType, VehicleBrand, VehicleEngine, VehicleModelInfo,
    VehicleQuery, VehicleSort, VehicleUpdate, VEHICLES_DEFAULT_LIMIT,
};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The summary stats live beside the list, in their own module.
pub use super::vehicle_stats::stats;

pub const SELECT: &str = "SELECT v.id, v.name, v.slug, v.description, v.year, v.mileage, \
    v.exterior_color, v.interior_color, v.listing_type, v.status, v.media, v.sale_options, \
    v.rental_options, v.auction_options, v.features, v.pickup_details, v.price, \
    v.impressions_count, v.created_at, v.updated_at, v.change_seq, v.listed_at, \
    m.id AS model_id, m.name AS model_name, m.slug AS model_slug, \
    b.id AS brand_id, b.name AS brand_name, b.logo_url AS brand_logo, \
    bt.id AS body_id, bt.name AS body_name, bt.code AS body_code, \
    e.id AS engine_id, e.name AS engine_name, e.engine_type, e.horsepower, e.transmission \
    FROM vehicles v JOIN models m ON m.id = v.model_id JOIN brands b ON b.id = v.brand_id \
    LEFT JOIN body_types bt ON bt.id = v.body_type_id LEFT JOIN engines e ON e.id = v.engine_id";

pub fn from_row(row: &AnyRow) -> anyhow::Result<Vehicle> {
    let body_id: Option<String> = row.try_get("body_id")?;
    let engine_id: Option<String> = row.try_get("engine_id")?;
    Ok(Vehicle {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        slug: row.try_get("slug")?,
        description: row.try_get("description")?,
        year: row.try_get::<i64, _>("year")? as i32,
        mileage: row.try_get("mileage")?,
        exterior_color: row.try_get("exterior_color")?,
        interior_color: row.try_get("interior_color")?,
        listing_type: row
            .try_get::<String, _>("listing_type")?
            .parse()
            .map_err(anyhow::Error::msg)?,
        status: row
            .try_get::<String, _>("status")?
            .parse()
            .map_err(anyhow::Error::msg)?,
        model: VehicleModelInfo {
            id: row.try_get("model_id")?,
            name: row.try_get("model_name")?,
            slug: row.try_get("model_slug")?,
            brand: VehicleBrand {
                id: row.try_get("brand_id")?,
                name: row.try_get("brand_name")?,
                logo_url: row.try_get("brand_logo")?,
            },
            body_type: match body_id {
                Some(id) => Some(VehicleBodyType {
                    id,
                    name: row.try_get("body_name")?,
                    code: row.try_get("body_code")?,
                }),
                None => None,
            },
        },
        engine: match engine_id {
            Some(id) => Some(VehicleEngine {
                id,
                name: row.try_get("engine_name")?,
                engine_type: row.try_get("engine_type")?,
                horsepower: row
                    .try_get::<Option<i64>, _>("horsepower")?
                    .map(|h| h as u32),
                transmission: row.try_get("transmission")?,
            }),
            None => None,
        },
        media: json_col(row, "media")?,
        sale_options: json_col_opt(row, "sale_options")?,
        rental_options: json_col_opt(row, "rental_options")?,
        auction_options: json_col_opt(row, "auction_options")?,
        features: json_col(row, "features")?,
        pickup_details: json_col_opt(row, "pickup_details")?,
        price: Some(row.try_get("price")?),
        impressions_count: row.try_get("impressions_count")?,
        created_date: rfc3339(row.try_get("created_at")?),
        updated_date: rfc3339(row.try_get("updated_at")?),
        listed_date: Some(rfc3339(row.try_get("listed_at")?)),
        days_on_lot: Some(carstrel_model::rules::days_on_lot(
            row.try_get("listed_at")?,
            now_ms(),
        )),
    })
}

/// The column each documented sort orders by.
pub fn sort_column(sort: VehicleSort) -> &'static str {
    match sort {
        VehicleSort::CreatedDate => "created_at",
        VehicleSort::ImpressionsCount => "impressions_count",
        VehicleSort::Year => "year",
        VehicleSort::Mileage => "mileage",
        VehicleSort::Price => "price",
        VehicleSort::Name => "name",
        VehicleSort::DaysOnLot => "listed_at",
    }
}

/// Checks the combination of filters a caller sent.
pub fn validate(query: &VehicleQuery) -> Result<()> {
    Ok(carstrel_model::rules::vehicle_ranges(query)?)
}

/// A query that passed [`validate`]: the only kind a list page is remembered by.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Valid<'q>(&'q VehicleQuery);

impl<'q> Valid<'q> {
    fn check(query: &'q VehicleQuery) -> Result<Valid<'q>> {
        validate(query)?;
        Ok(Valid(query))
    }
}

/// One page of the caller's available vehicles, and how many match in all.
pub async fn list(db: &Db, caller: &Caller, query: &VehicleQuery) -> Result<(Vec<Vehicle>, u64)> {
    validate(query)?;
    let sort = query.sort.unwrap_or_default();
    let sqlite = db.backend == crate::db::Backend::Sqlite;
    // One instant for the count and the page, so both see the same days on the lot.
    let now = now_ms();
    let filter = list_filter(caller, query, sqlite, None, now);
    let mut count = Sql::new("SELECT COUNT(*) FROM vehicles v");
    count.push(&filter.text);
    let total: i64 = filter_args(&filter, &mut count)
        .query()
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;

    let order = query.order.unwrap_or(SortOrder::Desc);
    let limit = query.limit.unwrap_or(VEHICLES_DEFAULT_LIMIT);
    let page = query.page.unwrap_or(1);
    let filter = list_filter(caller, query, sqlite, Some(sort), now);
    let mut select = Sql::new(SELECT);
    select.push(&filter.text);
    let select = filter_args(&filter, &mut select);
    // Byte order on both engines, so an offline SQLite cache pages exactly as we do.
    let collate = match (sort, db.backend) {
        (VehicleSort::Name, crate::db::Backend::Postgres) => " COLLATE \"C\"",
        _ => "",
    };
    select.push(&format!(
        " ORDER BY v.{}{collate} {}, v.id ASC LIMIT ",
        sort_column(sort),
        sort.column_order(order).sql()
    ));
    select
        .bind(Arg::Int(limit.into()))
        .push(" OFFSET ")
        .bind(Arg::Int(
            i64::from(page.saturating_sub(1)) * i64::from(limit),
        ));
    let rows = select.query().fetch_all(&db.pool).await?;
    let vehicles = rows.iter().map(from_row).collect::<anyhow::Result<_>>()?;
    Ok((vehicles, total as u64))
}

/// One page of the list as the response body, reused while the dealer's inventory is
/// unchanged (see [`crate::memo`]): a dealer's site asks for the same few pages again and
/// again, and each costs a count over every match.
pub async fn list_page(
    db: &Db,
    caller: &Caller,
    query: &VehicleQuery,
) -> Result<std::sync::Arc<crate::memo::CachedPage>> {
    // Checked before the memo is asked: its key is the query's values, and an invalid
    // value (NaN and infinities serialize as null) would share the key of a valid query.
    let slot = db.memo.page_slot(caller, &Valid::check(query)?);
    if let Some(page) = db.memo.page(&slot) {
        if page.claim_refresh() {
            let (db, caller, query, stale) =
                (db.clone(), caller.clone(), query.clone(), page.clone());
            tokio::spawn(async move {
                match refresh_page(&db, &caller, &query, &stale).await {
                    Ok(fresh) => db.memo.remember_page(slot, fresh),
                    Err(error) => tracing::warn!(?error, "cannot refresh a list page"),
                }
            });
        }
        return Ok(page);
    }
    let page = read_page(db, caller, query).await?;
    db.memo.remember_page(slot, page.clone());
    Ok(page)
}

/// A remembered page made fresh: kept when nothing it shows can have changed since it
/// was read (one counter read instead of the list's query), else read again.
async fn refresh_page(
    db: &Db,
    caller: &Caller,
    query: &VehicleQuery,
    page: &crate::memo::CachedPage,
) -> Result<std::sync::Arc<crate::memo::CachedPage>> {
    let counter = crate::db::change_counter(db).await?;
    match page.still_right(counter, now_ms()) {
        Some(kept) => Ok(std::sync::Arc::new(kept)),
        None => read_page(db, caller, query).await,
    }
}

async fn read_page(
    db: &Db,
    caller: &Caller,
    query: &VehicleQuery,
) -> Result<std::sync::Arc<crate::memo::CachedPage>> {
    // Read first: a write that lands during the list advances it past what is kept.
    let counter = crate::db::change_counter(db).await?;
    let (items, total) = list(db, caller, query).await?;
    let changes_at_ms = changes_by_the_clock(query, &items);
    let envelope = carstrel_model::Envelope::paged(
        items,
        total,
        query.page.unwrap_or(1),
        query.limit.unwrap_or(VEHICLES_DEFAULT_LIMIT),
    );
    let body = serde_json::to_vec(&envelope).map_err(anyhow::Error::from)?;
    let etag = crate::memo::etag_of(&body);
    let as_of = crate::memo::AsOf {
        counter,
        changes_at_ms,
    };
    Ok(std::sync::Arc::new(crate::memo::CachedPage::read_as_of(
        body.into(),
        etag,
        as_of,
    )))
}

/// When a page of `items` read for `query` changes by the clock alone: when the first of
/// its vehicles goes up a day on the lot, or at once for a query bounded by days on the
/// lot (any vehicle of the inventory may cross its bound; such pages are read again
/// every [`crate::memo::PAGE_TTL`]).
fn changes_by_the_clock(query: &VehicleQuery, items: &[Vehicle]) -> i64 {
    if query.min_days_on_lot.is_some() || query.max_days_on_lot.is_some() {
        return i64::MIN;
    }
    items
        .iter()
        .map(|vehicle| {
            let listed = vehicle.listed_date.as_deref().and_then(crate::clock::parse);
            match (listed, vehicle.days_on_lot) {
                (Some(listed), Some(days)) => {
                    listed.saturating_add((i64::from(days) + 1) * carstrel_model::rules::DAY_MS)
                }
                // Not worked out here: read it again next time.
                _ => i64::MIN,
            }
        })
        .min()
        .unwrap_or(i64::MAX)
}

/// The list's `WHERE`. Every equality filter × sort pair has an index (owner, filter,
/// sort, id), but SQLite has no statistics to choose between them, and with two
/// equality filters it may walk a third of the inventory (a listing type) instead of a
/// few hundred rows (a model). So on SQLite only the most selective equality filter
/// (model, then brand, then body type, then listing type) may lead an index; the others
/// are written `+column`, which SQLite still compares but never looks up by.
///
/// For the page (`sort` given), year and price ranges are kept out of the index choice
/// too, unless the page sorts by that column: the demo's ranges keep a large share of
/// the rows, so walking the sort's index and skipping the few misses beats fetching
/// every match to sort it. The count keeps them, as its covering index.
fn list_filter(
    caller: &Caller,
    query: &VehicleQuery,
    sqlite: bool,
    sort: Option<VehicleSort>,
    now: i64,
) -> Sql {
    let lead = [
        query.model_id.is_some(),
        query.brand_id.is_some(),
        query.body_type_id.is_some(),
        query.listing_type.is_some(),
    ]
    .iter()
    .position(|present| *present);
    let column = |name: &str, indexed: bool| {
        if sqlite && !indexed {
            format!("+v.{name}")
        } else {
            format!("v.{name}")
        }
    };
    let range = |name: &str, sorted: VehicleSort| column(name, sort.is_none_or(|s| s == sorted));
    let mut filter = Sql::new(" WHERE ");
    filter
        .push("v.organization_id = ")
        .bind(Arg::Text(caller.org_id.clone()))
        .and("v.environment = ", Arg::Text(caller.env_str().into()), "")
        .push(" AND v.status = 'available'");
    if let Some(id) = &query.model_id {
        filter.and(
            &format!("{} = ", column("model_id", lead == Some(0))),
            Arg::Text(id.clone()),
            "",
        );
    }
    if let Some(id) = &query.brand_id {
        filter.and(
            &format!("{} = ", column("brand_id", lead == Some(1))),
            Arg::Text(id.clone()),
            "",
        );
    }
    if let Some(id) = &query.body_type_id {
        filter.and(
            &format!("{} = ", column("body_type_id", lead == Some(2))),
            Arg::Text(id.clone()),
            "",
        );
    }
    if let Some(kind) = query.listing_type {
        filter.and(
            &format!("{} = ", column("listing_type", lead == Some(3))),
            Arg::Text(kind.as_str().into()),
            "",
        );
    }
    if let Some(year) = query.min_year {
        filter.and(
            &format!("{} >= ", range("year", VehicleSort::Year)),
            Arg::Int(year.into()),
            "",
        );
    }
    if let Some(year) = query.max_year {
        filter.and(
            &format!("{} <= ", range("year", VehicleSort::Year)),
            Arg::Int(year.into()),
            "",
        );
    }
    if let Some(price) = query.min_price {
        filter.and(
            &format!("{} >= ", range("price", VehicleSort::Price)),
            Arg::Float(price),
            "",
        );
    }
    if let Some(price) = query.max_price {
        filter.and(
            &format!("{} <= ", range("price", VehicleSort::Price)),
            Arg::Float(price),
            "",
        );
    }
    let listed = range("listed_at", VehicleSort::DaysOnLot);
    super::aging::push_listed_bounds(&mut filter, query, now, &listed);
    filter
}

/// Copies the filter's bound values into `target`, whose text already holds the filter.
fn filter_args<'a>(filter: &Sql, target: &'a mut Sql) -> &'a mut Sql {
    target.adopt_args(filter);
    target
}

pub async fn get(db: &Db, caller: &Caller, id: &str) -> Result<Vehicle> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE v.id = $1 AND v.organization_id = $2 AND v.environment = $3"
    ))
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| ApiError::not_found("Vehicle"))?;
    Ok(from_row(&row)?)
}

/// The documented detail read: counts one impression, then returns the vehicle.
pub async fn view(db: &Db, caller: &Caller, id: &str) -> Result<Vehicle> {
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let updated = sqlx::query(
        "UPDATE vehicles SET impressions_count = impressions_count + 1, change_seq = $1 \
         WHERE id = $2 AND organization_id = $3 AND environment = $4",
    )
    .bind(seq)
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::not_found("Vehicle"));
    }
    tx.commit().await?;
    db.memo.inventory_changed(caller);
    get(db, caller, id).await
}

/// A staff edit of a listing. A new price also updates the listing type's options.
pub async fn update(db: &Db, caller: &Caller, id: &str, change: &VehicleUpdate) -> Result<Vehicle> {
    carstrel_model::rules::check_vehicle_update(change)?;
    let mut current = get(db, caller, id).await?;
    let price_changed = change
        .price
        .is_some_and(|price| carstrel_model::rules::apply_vehicle_price(&mut current, price));
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    if let Some(price) = change.price.filter(|_| price_changed) {
        super::price_history::append(&mut tx, id, seq, price, now).await?;
    }
    sqlx::query(
        "UPDATE vehicles SET status = $1, price = $2, mileage = $3, name = $4, description = $5, \
         sale_options = $6, rental_options = $7, auction_options = $8, updated_at = $9, \
         change_seq = $10 WHERE id = $11 AND organization_id = $12 AND environment = $13",
    )
    .bind(change.status.unwrap_or(current.status).as_str())
    .bind(current.price.unwrap_or_default())
    .bind(change.mileage.unwrap_or(current.mileage))
    .bind(
        change
            .name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&current.name),
    )
    .bind(change.description.clone().or(current.description.clone()))
    .bind(json_text(&current.sale_options)?)
    .bind(json_text(&current.rental_options)?)
    .bind(json_text(&current.auction_options)?)
    .bind(now)
    .bind(seq)
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    db.memo.inventory_changed(caller);
    get(db, caller, id).await
}

/// A JSON column's text, or NULL.
fn json_text<T: serde::Serialize>(value: &Option<T>) -> serde_json::Result<Option<String>> {
    value.as_ref().map(serde_json::to_string).transpose()
}

/// Removes a listing and leaves a tombstone for the changes feed. A listing with test
/// drives is kept (mark it sold instead), so no request loses its vehicle. Ownership is
/// checked first: another dealer's vehicle is not found, whatever its bookings.
pub async fn delete(db: &Db, caller: &Caller, id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM vehicles WHERE id = $1 AND organization_id = $2 \
         AND environment = $3), (SELECT COUNT(*) FROM test_drives WHERE vehicle_id = $1)",
    )
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_one(&mut *tx)
    .await?;
    let (owned, drives): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    if owned == 0 {
        return Err(ApiError::not_found("Vehicle"));
    }
    if drives > 0 {
        return Err(ApiError::Conflict(
            "This vehicle has test-drive requests; mark it sold instead of deleting it".into(),
        ));
    }
    let deleted = sqlx::query(
        "DELETE FROM vehicles WHERE id = $1 AND organization_id = $2 AND environment = $3",
    )
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if deleted == 0 {
        return Err(ApiError::not_found("Vehicle"));
    }
    super::changes::tombstone(&mut tx, seq, caller, super::changes::Entity::Vehicle, id).await?;
    tx.commit().await?;
    db.memo.inventory_changed(caller);
    Ok(())
}
