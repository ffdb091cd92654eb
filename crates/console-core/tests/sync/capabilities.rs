//! What the sync learns about the server: its capabilities, from the OpenAPI document
//! or by probing, and the document's version kept beside them so an unchanged one is not
//! downloaded again.

use super::both_modes::{start, Mode};
use super::helpers::*;
use carstrel_client::model::*;
use console_core::Cache;

/// What a server offers comes from its `/openapi.json`, or from probing where it has none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capabilities_of_a_docs_only_server_come_from_probing() {
    let server = start(Mode::DocsOnly).await;
    let caps = server.client().capabilities().await.unwrap();
    assert_eq!(caps, Capabilities::none(CapabilitySource::Probing));
    let full = start(Mode::Full).await;
    let caps = full.client().capabilities().await.unwrap();
    assert_eq!(caps, Capabilities::all(CapabilitySource::OpenApi));
}

/// A sync keeps the version of `/openapi.json` its capabilities were read from, so the
/// next one revalidates instead of downloading 230 KB; a server upgraded meanwhile (a
/// new version) is learnt again, and a server without the document keeps no version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_keeps_the_document_version_its_capabilities_came_from() {
    let server = start(Mode::Full).await;
    let api = server.client();
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&api, &cache).await.unwrap();
    let learned = cache.learned_capabilities().await.unwrap().unwrap();
    assert_eq!(learned, api.revalidate_capabilities(None).await.unwrap());
    assert!(learned.openapi_etag.is_some());
    let before_the_upgrade = LearnedCapabilities {
        capabilities: Capabilities::none(CapabilitySource::OpenApi),
        openapi_etag: Some("\"an-older-document\"".into()),
    };
    cache
        .store_learned_capabilities(&before_the_upgrade)
        .await
        .unwrap();
    sync_now(&api, &cache).await.unwrap();
    assert_eq!(
        cache.learned_capabilities().await.unwrap().unwrap(),
        learned
    );

    let docs_only = start(Mode::DocsOnly).await;
    let cache = Cache::open_in_memory().await.unwrap();
    sync_now(&docs_only.client(), &cache).await.unwrap();
    let learned = cache.learned_capabilities().await.unwrap().unwrap();
    assert_eq!(learned.openapi_etag, None);
    assert_eq!(
        learned.capabilities,
        Capabilities::none(CapabilitySource::Probing)
    );
}
