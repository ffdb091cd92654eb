//! `/openapi.json` is a valid OpenAPI 3.1 document that tells a generated client the
//! whole truth: every status an operation can answer, parameters with their real
//! constraints, and bodies that take no unknown fields, as the server refuses them. (The
//! fuzzer, `scripts/fuzz.sh`, then holds the server to it request by request.)

use crate::helpers::{spawn_app, Backend, TestApp};
use oas3::spec::{ObjectOrReference, ObjectSchema, ParameterIn, Schema, Spec};
use serde_json::json;
use std::collections::HashMap;

async fn served(app: &TestApp) -> Spec {
    let text = app
        .http
        .get(format!("{}/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let spec = oas3::from_json(&text).expect("the document parses as OpenAPI 3.1");
    let version = spec.validate_version().expect("an OpenAPI 3.1 version");
    assert_eq!(version.major, 3);
    spec
}

fn resolved(schema: &ObjectOrReference<ObjectSchema>, spec: &Spec) -> ObjectSchema {
    schema.resolve(spec).expect("every $ref resolves")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_is_valid_and_lists_every_status() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let spec = served(&app).await;
    let mut ids = HashMap::new();
    let mut operations = 0;
    for (path, method, op) in spec.operations() {
        operations += 1;
        let name = format!("{method} {path}");
        let id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| panic!("{name} has no operationId"));
        if let Some(other) = ids.insert(id.clone(), name.clone()) {
            panic!("operationId {id} is used by {other} and {name}");
        }
        let responses = op.responses(&spec);
        let has = |status: &str| responses.contains_key(status);
        if path.starts_with("/external") {
            for status in ["401", "403", "429", "503"] {
                assert!(has(status), "{name} lacks {status}");
            }
            assert!(
                op.security.iter().any(|s| s.0.contains_key("api_key")),
                "{name} needs a key"
            );
        }
        let parameters = op.parameters(&spec).expect("parameters resolve");
        for parameter in &parameters {
            let schema = resolved(
                parameter.schema.as_ref().expect("a parameter schema"),
                &spec,
            );
            // Every path parameter is an id, but a photo's file name (`/media`).
            if parameter.location == ParameterIn::Path && parameter.name != "photo" {
                assert_eq!(
                    schema.format.as_deref(),
                    Some("uuid"),
                    "{name}: {} is a UUID",
                    parameter.name
                );
                assert!(has("404"), "{name} lacks 404");
            }
            match parameter.name.as_str() {
                "page" => assert_eq!(schema.minimum, Some(1.into()), "{name}: page ≥ 1"),
                "since" => assert_eq!(schema.minimum, Some(0.into()), "{name}: since ≥ 0"),
                "limit" => assert!(
                    schema.minimum == Some(1.into()) && schema.maximum.is_some(),
                    "{name}: limit range"
                ),
                "brandId" | "modelId" | "bodyTypeId" | "vehicleId" | "customerId" => {
                    assert_eq!(
                        schema.format.as_deref(),
                        Some("uuid"),
                        "{name}: {}",
                        parameter.name
                    )
                }
                "sort" | "sortBy" | "segment" | "status" | "listingType" => {
                    assert!(
                        !schema.enum_values.is_empty(),
                        "{name}: {} lists its values",
                        parameter.name
                    )
                }
                _ => {}
            }
        }
        if let Some(body) = op.request_body(&spec).expect("the body resolves") {
            for status in ["400", "413", "415"] {
                assert!(has(status), "{name} lacks {status}");
            }
            let schema = body.content["application/json"]
                .schema(&spec)
                .unwrap()
                .expect("a body schema");
            assert!(
                matches!(schema.additional_properties, Some(Schema::Boolean(ref b)) if !b.0),
                "{name}: the body says whether it takes unknown fields"
            );
        } else if !parameters.is_empty()
            && parameters.iter().any(|p| p.location != ParameterIn::Header)
        {
            assert!(has("400"), "{name} lacks 400");
        }
        for (status, response) in &responses {
            if status.starts_with('4') {
                let schema = response.content["application/json"]
                    .schema(&spec)
                    .unwrap()
                    .unwrap();
                assert!(
                    schema.title.is_some() || !schema.properties.is_empty(),
                    "{name} {status}: the error body"
                );
            }
        }
    }
    assert!(operations >= 45, "{operations} operations");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_refuse_unknown_fields_as_the_document_says() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let contact =
        json!({"name": "Ann", "email": "ann@example.com", "message": "Hi", "isAdmin": true});
    let reply = app
        .post("/external/contact/submit", app.live_key(), contact)
        .await;
    assert!(reply.assert_error(400).contains("isAdmin"), "{reply:?}");
    let login = json!({"email": "a@example.com", "password": "longenough", "extra": 1});
    app.post("/external/auth/login", app.live_key(), login)
        .await
        .assert_error(400);
    let drive = json!({"vehicleId": uuid::Uuid::new_v4(), "name": "A", "email": "a@example.com", "when": "now"});
    app.post("/external/test-drives", app.live_key(), drive)
        .await
        .assert_error(400);
}
