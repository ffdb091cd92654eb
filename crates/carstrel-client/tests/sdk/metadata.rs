//! Metadata: every method against the seeded catalog, streams, and the ETag cache.

use crate::helpers::{random_id, spawn_app};
use carstrel_client::prelude::*;
use futures_util::TryStreamExt;

#[tokio::test]
async fn every_metadata_method_reads_the_catalog() {
    let app = spawn_app().await;
    let meta = app.client.metadata();

    let brands = meta.brands(PageRequest::new().limit(5)).await.unwrap();
    assert!(brands.total > 0 && !brands.items.is_empty());
    assert_eq!(brands.limit, 5);
    let brand = meta.brand(&brands.items[0].id).await.unwrap();
    assert_eq!(brand, brands.items[0]);

    let brand_models = meta.brand_models(&brand.id).await.unwrap();
    assert!(!brand_models.is_empty());
    assert!(brand_models.iter().all(|m| m.brand.id == brand.id));
    let filtered = meta.models(Some(&brand.id)).await.unwrap();
    assert_eq!(filtered, brand_models);
    let all_models = meta.models(None).await.unwrap();
    assert!(all_models.len() > filtered.len());
    assert_eq!(meta.model(&all_models[0].id).await.unwrap(), all_models[0]);

    let body_types = meta.body_types().await.unwrap();
    assert_eq!(
        meta.body_type(&body_types[0].id).await.unwrap(),
        body_types[0]
    );
    let engines = meta.engines().await.unwrap();
    assert_eq!(meta.engine(&engines[0].id).await.unwrap(), engines[0]);

    assert_eq!(
        meta.engine_types().await.unwrap(),
        ENGINE_TYPES.map(String::from).to_vec()
    );
    assert_eq!(
        meta.transmission_types().await.unwrap(),
        TRANSMISSION_TYPES.map(String::from).to_vec()
    );
    assert_eq!(
        meta.drivetrain_types().await.unwrap(),
        DRIVETRAIN_TYPES.map(String::from).to_vec()
    );

    let generations = meta.generations(1).await.unwrap();
    assert!(!generations.items.is_empty());
    assert_eq!(
        meta.generation(&generations.items[0].id).await.unwrap(),
        generations.items[0]
    );
    let trims = meta
        .trims(PageRequest::new().page(1).limit(3))
        .await
        .unwrap();
    assert_eq!(trims.items.len(), 3);
    assert_eq!(meta.trim(&trims.items[0].id).await.unwrap(), trims.items[0]);

    // The streams walk every page and end at the envelope's total.
    let every_brand: Vec<Brand> = meta.brands_stream(7).try_collect().await.unwrap();
    assert_eq!(every_brand.len() as u64, brands.total);
    let every_generation: Vec<Generation> =
        meta.generations_stream(40).try_collect().await.unwrap();
    assert_eq!(every_generation.len() as u64, generations.total);
    let every_trim: Vec<Trim> = meta.trims_stream(100).try_collect().await.unwrap();
    assert_eq!(every_trim.len() as u64, trims.total);

    app.client.health().await.unwrap();
    let openapi = app.client.openapi().await.unwrap();
    assert!(openapi["paths"]["/external/brands"].is_object());
}

#[tokio::test]
async fn a_304_reuses_the_cached_brands() {
    let app = spawn_app().await;
    let first = app.client.metadata().brands(1).await.unwrap();
    assert_eq!(app.client.cache_stats().hits, 0);
    let remaining = app.client.rate_limit().unwrap().remaining;

    let again = app.client.metadata().brands(1).await.unwrap();
    assert_eq!(again, first);
    let stats = app.client.cache_stats();
    assert_eq!(
        stats.hits, 1,
        "the second read is a revalidation answered with 304"
    );
    assert_eq!(stats.entries, 1);
    // It still went to the server (and counted against the key).
    assert_eq!(app.client.rate_limit().unwrap().remaining, remaining - 1);

    // Another page is another cache entry.
    app.client.metadata().brands(2).await.unwrap();
    assert_eq!(app.client.cache_stats().entries, 2);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_typed_errors() {
    let app = spawn_app().await;
    match app.client.metadata().brand(&random_id()).await {
        Err(Error::NotFound { body: Some(body) }) => assert_eq!(body.status_code, 404),
        other => panic!("expected NotFound, got {other:?}"),
    }
    match app.client.metadata().trim("not-a-uuid").await {
        Err(Error::Validation {
            status: 400,
            message,
            ..
        }) => {
            assert!(message.contains("UUID"), "{message}")
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    // A slash in an id stays inside its path segment.
    assert!(matches!(
        app.client.metadata().engine("../brands").await,
        Err(Error::Validation { status: 400, .. })
    ));
}
