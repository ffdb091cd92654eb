//! The global reference data: brands, models, body types, engines, enums, generations,
//! trims, with the documented defaults and shapes.

use crate::documented_tests;
use crate::helpers::TestApp;

documented_tests! {
    async fn brands_page_by_50_with_models_and_this_dealers_counts(app: TestApp) {
        let reply = app.get("/external/brands", app.live_key()).await;
        let brands = reply.data(200).as_array().unwrap().clone();
        assert_eq!(reply.body["message"], "data has been received");
        assert_eq!(reply.body["page"], 1);
        assert_eq!(reply.body["limit"], 50);
        let total = reply.body["total"].as_u64().unwrap();
        assert!(total >= 40, "the demo has at least 40 brands, got {total}");
        assert_eq!(brands.len() as u64, total.min(50));
        let toyota = brands.iter().find(|b| b["name"] == "Toyota").expect("Toyota is a demo brand");
        for field in ["id", "name", "slug", "logoUrl", "countryOfOrigin", "models", "vehicleCounts"] {
            assert!(toyota.get(field).is_some(), "brand lacks {field}: {toyota}");
        }
        assert_eq!(toyota["slug"], "toyota");
        assert_eq!(toyota["countryOfOrigin"], "Japan");
        assert!(!toyota["models"].as_array().unwrap().is_empty());
        // vehicleCounts add up over every brand to this dealer's available inventory.
        let counts = |b: &serde_json::Value| b["vehicleCounts"]["total"].as_u64().unwrap();
        let mut sum: u64 = brands.iter().map(counts).sum();
        let page2 = app.get("/external/brands?page=2", app.live_key()).await;
        sum += page2.data(200).as_array().unwrap().iter().map(counts).sum::<u64>();
        let stats = app.get("/external/vehicles/stats/summary", app.live_key()).await;
        assert_eq!(sum, stats.data(200)["availableVehicles"].as_u64().unwrap());
        let b = &toyota["vehicleCounts"];
        assert_eq!(b["total"].as_u64(), Some(b["sale"].as_u64().unwrap() + b["rental"].as_u64().unwrap() + b["auction"].as_u64().unwrap()));
    }

    async fn brand_by_id_and_its_models(app: TestApp) {
        let brands = app.get("/external/brands?limit=100", app.live_key()).await;
        let brand = brands.data(200).as_array().unwrap().iter().find(|b| b["name"] == "Honda").unwrap().clone();
        let id = brand["id"].as_str().unwrap();
        let one = app.get(&format!("/external/brands/{id}"), app.live_key()).await;
        assert_eq!(one.data(200)["name"], "Honda");
        let models = app.get(&format!("/external/brands/{id}/models"), app.live_key()).await;
        let models = models.data(200).as_array().unwrap().clone();
        assert_eq!(models.len(), brand["models"].as_array().unwrap().len());
        assert!(models.iter().all(|m| m["brand"]["name"] == "Honda" && m["bodyType"]["name"].is_string()));
        let unknown = uuid::Uuid::new_v4();
        app.get(&format!("/external/brands/{unknown}"), app.live_key()).await.assert_error(404);
        app.get(&format!("/external/brands/{unknown}/models"), app.live_key()).await.assert_error(404);
    }

    async fn models_filter_by_brand_and_by_id(app: TestApp) {
        let all = app.get("/external/models", app.live_key()).await;
        let total = all.body["total"].as_u64().unwrap();
        assert!(total >= 300, "the demo has at least 300 models, got {total}");
        let model = all.data(200)[0].clone();
        let brand_id = model["brand"]["id"].as_str().unwrap();
        let of_brand = app.get(&format!("/external/models?brandId={brand_id}"), app.live_key()).await;
        let of_brand = of_brand.data(200).as_array().unwrap().clone();
        assert!(!of_brand.is_empty() && (of_brand.len() as u64) < total);
        assert!(of_brand.iter().all(|m| m["brand"]["id"] == brand_id));
        let one = app.get(&format!("/external/models/{}", model["id"].as_str().unwrap()), app.live_key()).await;
        assert_eq!(one.data(200), &model);
    }

    async fn body_types_engines_and_their_ids(app: TestApp) {
        let body_types = app.get("/external/body-types", app.live_key()).await;
        let sedan = body_types.data(200).as_array().unwrap().iter().find(|b| b["code"] == "SEDAN").unwrap().clone();
        for field in ["id", "name", "code", "description", "iconUrl"] {
            assert!(sedan.get(field).is_some(), "{field}");
        }
        let one = app.get(&format!("/external/body-types/{}", sedan["id"].as_str().unwrap()), app.live_key()).await;
        assert_eq!(one.data(200), &sedan);

        let engines = app.get("/external/engines", app.live_key()).await;
        let engine = engines.data(200)[0].clone();
        for field in ["id", "name", "type", "displacement", "horsepower", "transmission"] {
            assert!(engine.get(field).is_some(), "engine lacks {field}: {engine}");
        }
        let one = app.get(&format!("/external/engines/{}", engine["id"].as_str().unwrap()), app.live_key()).await;
        assert_eq!(one.data(200), &engine);
    }

    async fn enum_endpoints_list_the_documented_values(app: TestApp) {
        let expect = [
            ("/external/engine-types", vec!["PETROL", "DIESEL", "ELECTRIC", "HYBRID", "PLUGIN_HYBRID"]),
            ("/external/transmission-types", vec!["MANUAL", "AUTOMATIC", "CVT", "DCT", "SEMI_AUTOMATIC"]),
            ("/external/drivetrain-types", vec!["FWD", "RWD", "AWD", "4WD"]),
        ];
        for (path, values) in expect {
            let reply = app.get(path, app.live_key()).await;
            assert_eq!(reply.data(200), &serde_json::json!(values), "{path}");
        }
    }

    async fn generations_and_trims_page_by_50(app: TestApp) {
        for path in ["/external/generations", "/external/trims"] {
            let reply = app.get(path, app.live_key()).await;
            let items = reply.data(200).as_array().unwrap().clone();
            assert_eq!(reply.body["limit"], 50);
            assert_eq!(items.len(), 50, "{path}");
            let first = &items[0];
            assert!(first["model"]["name"].is_string());
            let one = app.get(&format!("{path}/{}", first["id"].as_str().unwrap()), app.live_key()).await;
            assert_eq!(one.data(200), first);
        }
        let generation = app.get("/external/generations?limit=100", app.live_key()).await;
        let generation = generation.data(200).as_array().unwrap().iter().find(|g| g["endYear"].is_null()).unwrap().clone();
        assert!(generation["startYear"].as_i64().unwrap() >= 2000);
        assert!(generation.as_object().unwrap().contains_key("endYear"), "a null field is present, not omitted");
    }
}
