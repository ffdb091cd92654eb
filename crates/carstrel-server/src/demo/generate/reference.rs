//! The catalog as rows: brands, models, body types, engines, generations and trims, with
//! the same ids on every database (UUIDv5 of their names).

use super::*;

/// What the generator needs to know of the catalog.
pub struct Catalog {
    pub(super) models: Vec<CatalogModel>,
    pub(super) engines: Vec<(String, &'static str)>,
}

pub(super) struct CatalogModel {
    pub(super) id: String,
    pub(super) brand_id: String,
    pub(super) body_type_id: String,
    pub(super) brand: &'static str,
    pub(super) spec: &'static catalog::ModelSpec,
    pub(super) electric_only: bool,
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
