//! A dealer's vehicles: models from the catalog, prices and options by listing type.

use super::*;

const VEHICLE_COLUMNS: [&str; 28] = [
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
    "listed_at",
    "change_seq",
];

/// Price drops of a car on the lot this long: none in its first month, then one per
/// month, at most four.
fn price_drops(days_on_lot: i64) -> i64 {
    (days_on_lot / 30).min(4)
}

/// A sale listing's prices from its listing to now, ending at `current`: 4 % off the
/// listing price per month on the lot, evenly spread. No randomness, so the rest of the
/// demo draws what it drew before.
fn sale_prices(current: f64, listed: i64, now: i64) -> Vec<(i64, f64)> {
    let drops = price_drops((now - listed) / DAY_MS);
    let listing = (current * (1.0 + 0.04 * drops as f64) / 50.0).round() * 50.0;
    let step = (now - listed) / (drops + 1);
    (0..=drops)
        .map(|k| {
            let price = if k == drops {
                current
            } else {
                (listing * (1.0 - 0.04 * k as f64) / 50.0).round() * 50.0
            };
            (listed + k * step, price)
        })
        .collect()
}

pub(super) async fn vehicles(
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
    let mut prices = Vec::new();
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
                url: crate::media::demo_url(&id, n + 1),
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
        // On the lot for 0 to 200 days; the record was made when the car was listed.
        let listed = now - rng.gen_range(0..=200 * DAY_MS);
        let created = listed;
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
            Arg::Int(listed),
        ]);
        let history = match listing_type {
            ListingType::Sale => sale_prices(price, listed, now),
            _ => vec![(listed, price)],
        };
        for (seq, (at, price)) in history.into_iter().enumerate() {
            prices.push(vec![
                Arg::Text(id.clone()),
                Arg::Int(seq as i64),
                Arg::Float(price),
                Arg::Int(at),
            ]);
        }
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
            insert_prices(db, std::mem::take(&mut prices)).await?;
        }
    }
    insert_rows(db, "vehicles", &VEHICLE_COLUMNS, batch, true).await?;
    insert_prices(db, prices).await?;
    Ok(ids)
}

async fn insert_prices(db: &Db, rows: Vec<Vec<Arg>>) -> anyhow::Result<()> {
    let columns = ["vehicle_id", "seq", "price", "changed_at"];
    insert_rows(db, "vehicle_prices", &columns, rows, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_sale_listings_drop_their_price_monthly() {
        let now = 1_800_000_000_000;
        assert_eq!(
            sale_prices(10_000.0, now - 10 * DAY_MS, now),
            [(now - 10 * DAY_MS, 10_000.0)]
        );
        let listed = now - 95 * DAY_MS;
        let history = sale_prices(10_000.0, listed, now);
        assert_eq!(history.len(), 4, "three drops: {history:?}");
        assert_eq!(history[0], (listed, 11_200.0));
        assert_eq!(history.last().unwrap().1, 10_000.0);
        assert!(history
            .windows(2)
            .all(|w| w[0].1 > w[1].1 && w[0].0 < w[1].0 && w[1].0 <= now));
    }
}
