//! A dealer's vehicles: models from the catalog, prices and options by listing type.

use super::*;

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
