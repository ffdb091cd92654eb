//! Turns the static catalog into rows: reference data once, then each dealer's
//! inventory, customers, test drives and posts from a seeded random generator.

use super::catalog::{self, BODY_TYPES, BRANDS, ENGINES};
use super::{insert_rows, DemoOptions};
use crate::clock::now_ms;
use crate::db::Db;
use crate::store::sql::Arg;
use carstrel_model::{
    AuctionOptions, Environment, Features, ListingType, Media, PickupDetails, Preferences,
    PriceRange, RentalOptions, SaleOptions,
};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::Row;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Ids are UUIDv5 of a name, so the catalog has the same ids on every database.
fn stable_id(name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("carstrel-demo:{name}").as_bytes(),
    )
    .to_string()
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn random_id(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen())
        .into_uuid()
        .to_string()
}

/// What the generator needs to know of the catalog.
pub struct Catalog {
    models: Vec<CatalogModel>,
    engines: Vec<(String, &'static str)>,
}

struct CatalogModel {
    id: String,
    brand_id: String,
    body_type_id: String,
    brand: &'static str,
    spec: &'static catalog::ModelSpec,
    electric_only: bool,
}

pub async fn ensure_catalog(db: &Db) -> anyhow::Result<Catalog> {
    let present: i64 = sqlx::query("SELECT COUNT(*) FROM brands")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let body_id = |code: &str| stable_id(&format!("body/{code}"));
    let mut models = Vec::new();
    let (mut brand_rows, mut model_rows, mut generation_rows, mut trim_rows) =
        (vec![], vec![], vec![], vec![]);
    for brand in BRANDS {
        let brand_id = stable_id(&format!("brand/{}", brand.name));
        brand_rows.push(vec![
            Arg::Text(brand_id.clone()),
            Arg::Text(brand.name.into()),
            Arg::Text(slug(brand.name)),
            Arg::Text(format!(
                "https://cdn.carstrel.example/logos/{}.svg",
                slug(brand.name)
            )),
            Arg::Text(brand.country.into()),
        ]);
        for spec in brand.models {
            let model_key = format!("model/{}/{}", brand.name, spec.name);
            let model_id = stable_id(&model_key);
            model_rows.push(vec![
                Arg::Text(model_id.clone()),
                Arg::Text(brand_id.clone()),
                Arg::Text(body_id(spec.body)),
                Arg::Text(spec.name.into()),
                Arg::Text(slug(spec.name)),
            ]);
            for generation in spec.generations {
                generation_rows.push(vec![
                    Arg::Text(stable_id(&format!("{model_key}/gen/{}", generation.name))),
                    Arg::Text(model_id.clone()),
                    Arg::Text(generation.name.into()),
                    Arg::Text(slug(generation.name)),
                    Arg::Int(generation.start_year.into()),
                    Arg::opt_int(generation.end_year.map(i64::from)),
                ]);
            }
            for trim in spec.trims {
                trim_rows.push(vec![
                    Arg::Text(stable_id(&format!("{model_key}/trim/{trim}"))),
                    Arg::Text(model_id.clone()),
                    Arg::Text((*trim).into()),
                    Arg::Text(slug(trim)),
                ]);
            }
            models.push(CatalogModel {
                id: model_id,
                brand_id: brand_id.clone(),
                body_type_id: body_id(spec.body),
                brand: brand.name,
                spec,
                electric_only: matches!(brand.name, "Tesla" | "Polestar" | "Rivian" | "Lucid"),
            });
        }
    }
    let engines: Vec<(String, &'static str)> = ENGINES
        .iter()
        .map(|e| {
            (
                stable_id(&format!(
                    "engine/{}/{}/{}",
                    e.name, e.engine_type, e.transmission
                )),
                e.engine_type,
            )
        })
        .collect();
    if present == 0 {
        let body_rows = BODY_TYPES
            .iter()
            .map(|b| {
                vec![
                    Arg::Text(body_id(b.code)),
                    Arg::Text(b.name.into()),
                    Arg::Text(b.code.into()),
                    Arg::Text(b.description.into()),
                    Arg::Text(format!(
                        "https://cdn.carstrel.example/body-types/{}.svg",
                        b.code.to_lowercase()
                    )),
                ]
            })
            .collect();
        insert_rows(
            db,
            "body_types",
            &["id", "name", "code", "description", "icon_url"],
            body_rows,
            false,
        )
        .await?;
        insert_rows(
            db,
            "brands",
            &["id", "name", "slug", "logo_url", "country_of_origin"],
            brand_rows,
            false,
        )
        .await?;
        insert_rows(
            db,
            "models",
            &["id", "brand_id", "body_type_id", "name", "slug"],
            model_rows,
            false,
        )
        .await?;
        let engine_rows = ENGINES
            .iter()
            .zip(&engines)
            .map(|(e, (id, _))| {
                vec![
                    Arg::Text(id.clone()),
                    Arg::Text(e.name.into()),
                    Arg::Text(e.engine_type.into()),
                    Arg::opt_text(e.displacement.map(str::to_owned)),
                    Arg::Int(e.horsepower.into()),
                    Arg::Text(e.transmission.into()),
                ]
            })
            .collect();
        insert_rows(
            db,
            "engines",
            &[
                "id",
                "name",
                "engine_type",
                "displacement",
                "horsepower",
                "transmission",
            ],
            engine_rows,
            false,
        )
        .await?;
        insert_rows(
            db,
            "generations",
            &["id", "model_id", "name", "slug", "start_year", "end_year"],
            generation_rows,
            false,
        )
        .await?;
        insert_rows(
            db,
            "trims",
            &["id", "model_id", "name", "slug"],
            trim_rows,
            false,
        )
        .await?;
    }
    Ok(Catalog { models, engines })
}

fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str], n: usize) -> Vec<String> {
    items
        .choose_multiple(rng, n.min(items.len()))
        .map(|s| (*s).to_owned())
        .collect()
}

fn json(value: &impl serde::Serialize) -> Arg {
    Arg::Text(serde_json::to_string(value).expect("demo values serialize"))
}

fn optional_json<T: serde::Serialize>(value: Option<T>) -> Arg {
    value.map_or(Arg::NullText, |v| json(&v))
}

/// One dealer's data in one environment.
pub async fn dealer_data(
    db: &Db,
    catalog: &Catalog,
    org_id: &str,
    env: Environment,
    org_index: u64,
    options: &DemoOptions,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(org_index * 2 + u64::from(env == Environment::Test));
    let now = now_ms();
    let vehicle_ids = vehicles(db, catalog, org_id, env, &mut rng, now, options.vehicles).await?;
    customers(db, org_id, env, org_index, &mut rng, now, options.customers).await?;
    test_drives(db, org_id, env, &mut rng, now, &vehicle_ids).await?;
    blogs(db, org_id, env, &mut rng, now).await?;
    Ok(())
}

const VEHICLE_COLUMNS: [&str; 27] = [
    "id",
    "organization_id",
    "environment",
    "name",
    "slug",
    "description",
    "year",
    "mileage",
    "exterior_color",
    "interior_color",
    "listing_type",
    "status",
    "model_id",
    "brand_id",
    "body_type_id",
    "engine_id",
    "price",
    "media",
    "sale_options",
    "rental_options",
    "auction_options",
    "features",
    "pickup_details",
    "impressions_count",
    "created_at",
    "updated_at",
    "change_seq",
];

async fn vehicles(
    db: &Db,
    catalog: &Catalog,
    org_id: &str,
    env: Environment,
    rng: &mut ChaCha8Rng,
    now: i64,
    count: usize,
) -> anyhow::Result<Vec<String>> {
    let mut ids = Vec::with_capacity(count);
    let mut batch = Vec::new();
    for _ in 0..count {
        let model = catalog.models.choose(rng).expect("the catalog has models");
        let generation = model
            .spec
            .generations
            .choose(rng)
            .expect("every model has a generation");
        let last_year = generation.end_year.unwrap_or(2026).min(2026);
        let year = rng.gen_range(generation.start_year.min(last_year)..=last_year);
        let age = (2026 - year).max(0) as i64;
        let mileage = if age == 0 {
            rng.gen_range(0..5_000)
        } else {
            age * rng.gen_range(8_000..22_000)
        };
        let trim = model
            .spec
            .trims
            .choose(rng)
            .expect("every model has a trim");
        let engine = loop {
            let (id, kind) = catalog
                .engines
                .choose(rng)
                .expect("the catalog has engines");
            if model.electric_only == (*kind == "electric") {
                break id.clone();
            }
        };
        let listing_type = match rng.gen_range(0..100) {
            0..=59 => ListingType::Sale,
            60..=84 => ListingType::Rental,
            _ => ListingType::Auction,
        };
        let status = match rng.gen_range(0..100) {
            0..=84 => "available",
            85..=94 => "sold",
            _ => "reserved",
        };
        let value =
            (f64::from(model.spec.base_price) * 0.88f64.powi(age as i32) * rng.gen_range(0.9..1.1)
                / 50.0)
                .round()
                * 50.0;
        let id = random_id(rng);
        let name = format!("{year} {} {} {trim}", model.brand, model.spec.name);
        let (sale, rental, auction, price) = match listing_type {
            ListingType::Sale => (
                Some(SaleOptions {
                    price: value,
                    is_negotiable: rng.gen_bool(0.6),
                    financing_available: rng.gen_bool(0.5),
                }),
                None,
                None,
                value,
            ),
            ListingType::Rental => {
                let daily = (value / 600.0).round().max(25.0);
                (
                    None,
                    Some(RentalOptions {
                        daily_rate: daily,
                        weekly_rate: Some((daily * 6.0).round()),
                        monthly_rate: Some((daily * 22.0).round()),
                        deposit: Some((daily * 5.0).round()),
                        min_rental_days: rng.gen_range(1..=3),
                    }),
                    None,
                    daily,
                )
            }
            ListingType::Auction => {
                let start = (value * 0.6 / 50.0).round() * 50.0;
                (
                    None,
                    None,
                    Some(AuctionOptions {
                        starting_bid: start,
                        reserve_price: Some((value * 0.85 / 50.0).round() * 50.0),
                        current_bid: rng
                            .gen_bool(0.5)
                            .then(|| (start * 1.1 / 50.0).round() * 50.0),
                        auction_end: Some(crate::clock::rfc3339(
                            now + rng.gen_range(1..21) * DAY_MS,
                        )),
                    }),
                    start,
                )
            }
        };
        let media: Vec<Media> = (0..rng.gen_range(3..=6u32))
            .map(|n| Media {
                id: random_id(rng),
                url: format!("https://cdn.carstrel.example/vehicles/{id}/{}.jpg", n + 1),
                media_type: "photo".into(),
                category: ["exterior", "interior", "engine", "exterior"][n as usize % 4].into(),
                is_featured: n == 0,
                sort_order: n + 1,
            })
            .collect();
        let features = Features {
            safety: pick(rng, catalog::SAFETY_FEATURES, 4),
            exterior: pick(rng, catalog::EXTERIOR_FEATURES, 2),
            interior: pick(rng, catalog::INTERIOR_FEATURES, 2),
            entertainment: pick(rng, catalog::ENTERTAINMENT_FEATURES, 2),
        };
        let place = catalog::PLACES.choose(rng).expect("places exist");
        let created = now - rng.gen_range(1..365 * DAY_MS);
        let updated = created + rng.gen_range(0..(now - created).max(1));
        let description = format!(
            "Well-kept {} {} {trim} with {} km on the clock, ready for viewing in {}.",
            model.brand, model.spec.name, mileage, place.location_name
        );
        batch.push(vec![
            Arg::Text(id.clone()),
            Arg::Text(org_id.into()),
            Arg::Text(env.as_str().into()),
            Arg::Text(name.clone()),
            Arg::Text(format!("{}-{}", slug(&name), &id[..8])),
            Arg::Text(description),
            Arg::Int(year.into()),
            Arg::Int(mileage),
            Arg::Text((*catalog::EXTERIOR_COLORS.choose(rng).expect("colours")).into()),
            Arg::Text((*catalog::INTERIOR_COLORS.choose(rng).expect("colours")).into()),
            Arg::Text(listing_type.as_str().into()),
            Arg::Text(status.into()),
            Arg::Text(model.id.clone()),
            Arg::Text(model.brand_id.clone()),
            Arg::Text(model.body_type_id.clone()),
            Arg::Text(engine),
            Arg::Float(price),
            json(&media),
            optional_json(sale),
            optional_json(rental),
            optional_json(auction),
            json(&features),
            json(&PickupDetails {
                address: place.address.into(),
                location_name: place.location_name.into(),
            }),
            Arg::Int(rng.gen_range(0..2_000)),
            Arg::Int(created),
            Arg::Int(updated),
        ]);
        ids.push(id);
        if batch.len() == 5_000 {
            insert_rows(
                db,
                "vehicles",
                &VEHICLE_COLUMNS,
                std::mem::take(&mut batch),
                true,
            )
            .await?;
        }
    }
    insert_rows(db, "vehicles", &VEHICLE_COLUMNS, batch, true).await?;
    Ok(ids)
}

async fn customers(
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
    let hash = crate::secrets::hash_password(super::DEMO_CUSTOMER_PASSWORD)?;
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

async fn test_drives(
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
        let scheduled = (status != "pending").then(|| during_opening_hours(rng, preferred));
        let first: String = customer.try_get("first_name")?;
        let last: String = customer.try_get("last_name")?;
        rows.push(vec![
            Arg::Text(random_id(rng)),
            Arg::Text(org_id.into()),
            Arg::Text(env.as_str().into()),
            Arg::Text(vehicle_ids.choose(rng).expect("vehicles exist").clone()),
            Arg::Text(customer.try_get("id")?),
            Arg::Text(format!("{first} {last}")),
            Arg::Text(customer.try_get("email")?),
            Arg::Text(format!("+2547{:08}", rng.gen_range(0..100_000_000))),
            Arg::Text(crate::clock::rfc3339(preferred)[..10].to_owned()),
            Arg::opt_int(scheduled),
            Arg::Text(status.into()),
            Arg::Int(1),
            Arg::Int(created),
            Arg::Int(created),
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
            "change_seq",
        ],
        rows,
        true,
    )
    .await?;
    Ok(())
}

async fn blogs(
    db: &Db,
    org_id: &str,
    env: Environment,
    rng: &mut ChaCha8Rng,
    now: i64,
) -> anyhow::Result<()> {
    let rows = catalog::BLOG_TITLES
        .iter()
        .enumerate()
        .map(|(n, title)| {
            vec![
                Arg::Text(random_id(rng)),
                Arg::Text(org_id.into()),
                Arg::Text(env.as_str().into()),
                Arg::Text((*title).into()),
                Arg::Text(slug(title)),
                Arg::Text(format!("{title}: what our team recommends.")),
                Arg::Text(format!(
                    "{title}.\n\nOur sales team put together a short guide for buyers and renters."
                )),
                Arg::Text(format!(
                    "https://cdn.carstrel.example/blog/{}.jpg",
                    slug(title)
                )),
                Arg::Text("The sales team".into()),
                json(&["guides"]),
                Arg::Int(now - (n as i64 + 1) * 9 * DAY_MS),
            ]
        })
        .collect();
    insert_rows(
        db,
        "blogs",
        &[
            "id",
            "organization_id",
            "environment",
            "title",
            "slug",
            "excerpt",
            "content",
            "cover_image_url",
            "author",
            "tags",
            "published_at",
        ],
        rows,
        false,
    )
    .await
}
