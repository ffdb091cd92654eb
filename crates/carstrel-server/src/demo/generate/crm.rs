//! A dealer's customers (with the demo password) and test drives: open requests ahead,
//! settled ones behind, slots in opening hours.

use super::*;

pub(super) async fn customers(
    db: &Db,
    org_id: &str,
    env: Environment,
    org_index: u64,
    rng: &mut ChaCha8Rng,
    now: i64,
    count: usize,
) -> anyhow::Result<()> {
    // Dealers share a slice of their customers' accounts, as people shop around: the
    // second dealer's first fifth are the first dealer's last fifth.
    let first_user = org_index as usize * (count - count / 5);
    let password_hash = demo_password_hash(db).await?;
    let mut user_rows = Vec::new();
    let mut customer_rows = Vec::new();
    let mut user_rng = ChaCha8Rng::seed_from_u64(10_000);
    let names: Vec<(String, String)> = (0..first_user + count)
        .map(|_| {
            (
                (*catalog::FIRST_NAMES.choose(&mut user_rng).expect("names")).to_owned(),
                (*catalog::LAST_NAMES.choose(&mut user_rng).expect("names")).to_owned(),
            )
        })
        .collect();
    for n in first_user..first_user + count {
        let (first, last) = &names[n];
        let user_id = stable_id(&format!("user/{n}"));
        let email = format!(
            "{}.{}{}@example.com",
            first.to_lowercase(),
            last.to_lowercase(),
            n
        );
        let created = now - rng.gen_range(0..720 * DAY_MS);
        user_rows.push(vec![
            Arg::Text(user_id.clone()),
            Arg::Text(email),
            Arg::Text(password_hash.clone()),
            Arg::Text(first.clone()),
            Arg::Text(last.clone()),
            Arg::Text(format!(
                "{{\"mobile\":\"+2547{:08}\",\"whatsapp\":null}}",
                n * 7919 % 100_000_000
            )),
            Arg::Int(created),
        ]);
        let purchases: i64 = match rng.gen_range(0..100) {
            0..=34 => 0,
            35..=84 => rng.gen_range(1..=3),
            _ => rng.gen_range(4..=9),
        };
        let rented = if purchases > 0 {
            rng.gen_range(0..=purchases / 2)
        } else {
            0
        };
        let spent = if purchases == 0 {
            0.0
        } else {
            (purchases as f64 * rng.gen_range(8_000.0..45_000.0)).round()
        };
        let last_purchase = (purchases > 0).then(|| now - rng.gen_range(1..600 * DAY_MS));
        let is_vip = spent > 150_000.0 || rng.gen_bool(0.04);
        let stage = match purchases {
            0 if rng.gen_bool(0.5) => "LEAD",
            0 => "PROSPECT",
            1 => "CUSTOMER",
            _ => "REPEAT_CUSTOMER",
        };
        let tag_count = rng.gen_range(0..=3);
        let tags = pick(rng, catalog::CUSTOMER_TAGS, tag_count);
        let type_count = rng.gen_range(0..=2);
        let preferences = Preferences {
            vehicle_types: pick(
                rng,
                &["SUV", "Sedan", "Hatchback", "Pickup Truck", "Coupe"],
                type_count,
            ),
            brands: Vec::new(),
            price_range: rng.gen_bool(0.5).then(|| {
                let min = f64::from(rng.gen_range(5..40u32) * 1_000);
                PriceRange {
                    min: Some(min),
                    max: Some(min + 20_000.0),
                }
            }),
            contact_method: None,
        };
        let notes = rng.gen_bool(0.3).then(|| {
            format!(
                "Asked about {} options on the last visit.",
                ["financing", "trade-in", "warranty", "delivery"][n % 4]
            )
        });
        let customer_created = created + rng.gen_range(0..DAY_MS * 30);
        customer_rows.push(vec![
            Arg::Text(random_id(rng)),
            Arg::Text(org_id.into()),
            Arg::Text(env.as_str().into()),
            Arg::Text(user_id),
            Arg::opt_text(notes),
            json(&tags),
            json(&preferences),
            Arg::Int(is_vip.into()),
            Arg::Int((20 + purchases * 8 + rng.gen_range(0..30)).min(100)),
            Arg::Text(stage.into()),
            Arg::Int(purchases),
            Arg::Float(spent),
            Arg::opt_int(last_purchase),
            Arg::Int(purchases - rented),
            Arg::Int(rented),
            Arg::Int(1),
            Arg::Int(customer_created.min(now)),
            Arg::Int(customer_created.min(now)),
        ]);
    }
    // Accounts may already exist (shared with the other dealer or environment).
    let mut tx = db.pool.begin().await?;
    for row in user_rows {
        let mut sql = crate::store::sql::Sql::new(
            "INSERT INTO users (id, email, password_hash, first_name, last_name, phone, created_at) VALUES (",
        );
        for (i, value) in row.into_iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(value);
        }
        sql.push(") ON CONFLICT (id) DO NOTHING");
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    insert_rows(
        db,
        "customers",
        &[
            "id",
            "organization_id",
            "environment",
            "user_id",
            "notes",
            "tags",
            "preferences",
            "is_vip",
            "lead_score",
            "lifecycle_stage",
            "total_purchases",
            "total_spent",
            "last_purchase_at",
            "total_vehicles_purchased",
            "total_vehicles_rented",
            "version",
            "created_at",
            "updated_at",
            "change_seq",
        ],
        customer_rows,
        true,
    )
    .await?;
    Ok(())
}

/// Hashing once and sharing the hash keeps seeding fast; every demo account has the
/// same documented password.
async fn demo_password_hash(db: &Db) -> anyhow::Result<String> {
    let existing =
        sqlx::query("SELECT value FROM server_settings WHERE name = 'demo_customer_hash'")
            .fetch_optional(&db.pool)
            .await?;
    if let Some(row) = existing {
        return Ok(row.try_get("value")?);
    }
    let hash = crate::secrets::hash_password(super::super::DEMO_CUSTOMER_PASSWORD)?;
    sqlx::query("INSERT INTO server_settings (name, value) VALUES ('demo_customer_hash', $1)")
        .bind(&hash)
        .execute(&db.pool)
        .await?;
    Ok(hash)
}

/// When a demo test drive was requested and for which day: requests still open (pending,
/// confirmed) are for the coming two weeks, so the dashboard has upcoming drives; settled
/// ones (completed, cancelled, no-show) were for a day already past.
fn test_drive_dates(rng: &mut ChaCha8Rng, now: i64, status: &str) -> (i64, i64) {
    if matches!(status, "pending" | "confirmed") {
        let created = now - rng.gen_range(0..10 * DAY_MS);
        (created, now + rng.gen_range(1..14) * DAY_MS)
    } else {
        let created = now - rng.gen_range(15 * DAY_MS..60 * DAY_MS);
        (created, created + rng.gen_range(1..14) * DAY_MS)
    }
}

/// A slot on `day` between 09:00 and 16:30 (UTC), on the hour or the half hour.
fn during_opening_hours(rng: &mut ChaCha8Rng, day: i64) -> i64 {
    let midnight = day - day.rem_euclid(DAY_MS);
    midnight + (9 * 60 + 30 * rng.gen_range(0..16)) * 60_000
}

/// `at`, or the next half hour of that day's opening hours (09:00 to 16:30, wrapping
/// round) that `vehicle` has free: demo drives last the default 30 minutes, so two on
/// different half hours never overlap.
fn free_slot(taken: &mut std::collections::HashSet<(String, i64)>, vehicle: &str, at: i64) -> i64 {
    let midnight = at - at.rem_euclid(DAY_MS);
    let first = (at - midnight - 9 * 3_600_000) / 1_800_000;
    (0..16)
        .map(|k| midnight + 9 * 3_600_000 + ((first + k) % 16) * 1_800_000)
        .find(|slot| taken.insert((vehicle.to_owned(), *slot)))
        .unwrap_or(at)
}

pub(super) async fn test_drives(
    db: &Db,
    org_id: &str,
    env: Environment,
    rng: &mut ChaCha8Rng,
    now: i64,
    vehicle_ids: &[String],
) -> anyhow::Result<()> {
    let customers = sqlx::query(
        "SELECT c.id, u.email, u.first_name, u.last_name FROM customers c JOIN users u ON u.id = c.user_id \
         WHERE c.organization_id = $1 AND c.environment = $2 ORDER BY c.id",
    )
    .bind(org_id)
    .bind(env.as_str())
    .fetch_all(&db.pool)
    .await?;
    if customers.is_empty() || vehicle_ids.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::new();
    // Confirmed slots taken so far, per vehicle: the demo never double-books.
    let mut taken = std::collections::HashSet::new();
    for n in 0..40 {
        let customer = customers.choose(rng).expect("customers exist");
        let status = [
            "pending",
            "pending",
            "pending",
            "confirmed",
            "confirmed",
            "completed",
            "cancelled",
            "no_show",
        ][n % 8];
        let (created, preferred) = test_drive_dates(rng, now, status);
        let vehicle = vehicle_ids.choose(rng).expect("vehicles exist").clone();
        let scheduled = (status != "pending").then(|| during_opening_hours(rng, preferred));
        let scheduled = match (status, scheduled) {
            ("confirmed", Some(at)) => Some(free_slot(&mut taken, &vehicle, at)),
            (_, at) => at,
        };
        let preferred_day = crate::clock::rfc3339(preferred)[..10].to_owned();
        let slot = scheduled.or_else(|| crate::clock::parse(&preferred_day));
        let first: String = customer.try_get("first_name")?;
        let last: String = customer.try_get("last_name")?;
        rows.push(vec![
            Arg::Text(random_id(rng)),
            Arg::Text(org_id.into()),
            Arg::Text(env.as_str().into()),
            Arg::Text(vehicle),
            Arg::Text(customer.try_get("id")?),
            Arg::Text(format!("{first} {last}")),
            Arg::Text(customer.try_get("email")?),
            Arg::Text(format!("+2547{:08}", rng.gen_range(0..100_000_000))),
            Arg::Text(preferred_day),
            Arg::opt_int(scheduled),
            Arg::Text(status.into()),
            Arg::Int(1),
            Arg::Int(created),
            Arg::Int(created),
            Arg::opt_int(slot),
        ]);
    }
    insert_rows(
        db,
        "test_drives",
        &[
            "id",
            "organization_id",
            "environment",
            "vehicle_id",
            "customer_id",
            "name",
            "email",
            "phone",
            "preferred_date",
            "scheduled_at",
            "status",
            "version",
            "created_at",
            "updated_at",
            "slot_at",
            "change_seq",
        ],
        rows,
        true,
    )
    .await?;
    Ok(())
}
