//! Turns the static catalog into rows: reference data once, then each dealer's
//! inventory, customers, test drives and posts from a seeded random generator.
//!
//! `reference` writes the catalog (brands to trims); `inventory` a dealer's vehicles;
//! `crm` its customers and test drives; blog posts are here.

mod crm;
mod inventory;
mod reference;
mod work;

pub use reference::{ensure_catalog, Catalog};
pub use work::dealer_work;

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

pub(super) const DAY_MS: i64 = 24 * 3600 * 1000;

/// Ids are UUIDv5 of a name, so the catalog has the same ids on every database.
pub(super) fn stable_id(name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("carstrel-demo:{name}").as_bytes(),
    )
    .to_string()
}

pub(super) fn slug(text: &str) -> String {
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

pub(super) fn random_id(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen())
        .into_uuid()
        .to_string()
}

pub(super) fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str], n: usize) -> Vec<String> {
    items
        .choose_multiple(rng, n.min(items.len()))
        .map(|s| (*s).to_owned())
        .collect()
}

pub(super) fn json(value: &impl serde::Serialize) -> Arg {
    Arg::Text(serde_json::to_string(value).expect("demo values serialize"))
}

pub(super) fn optional_json<T: serde::Serialize>(value: Option<T>) -> Arg {
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
    let vehicle_ids =
        inventory::vehicles(db, catalog, org_id, env, &mut rng, now, options.vehicles).await?;
    crm::customers(db, org_id, env, org_index, &mut rng, now, options.customers).await?;
    crm::test_drives(db, org_id, env, &mut rng, now, &vehicle_ids).await?;
    blogs(db, org_id, env, &mut rng, now).await?;
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
