//! `Client::capabilities` against both servers: ours, whose `/openapi.json` lists every
//! addition, and the published API alone (`--docs-only`), learned by probing. And what the
//! client does with the answer: without `Idempotency-Key`, a `POST` whose reply was lost
//! is not retried, for the retry would book twice.

use super::helpers::*;
use carstrel_client::model::*;
use carstrel_testkit::Setup;

#[tokio::test]
async fn our_server_offers_every_addition_through_its_openapi_document() {
    let app = spawn_app().await;
    let caps = app.client.capabilities().await.unwrap();
    assert_eq!(caps, Capabilities::all(CapabilitySource::OpenApi));
    assert!(caps.missing().is_empty());
}

#[tokio::test]
async fn an_unchanged_openapi_document_is_not_read_again() {
    let app = spawn_app().await;
    let first = app.client.revalidate_capabilities(None).await.unwrap();
    let etag = first.openapi_etag.clone().expect("the document is tagged");
    assert_eq!(
        first.capabilities,
        Capabilities::all(CapabilitySource::OpenApi)
    );
    // Capabilities the document does not say: kept as they are while it is unchanged,
    // which shows it was neither sent nor read.
    let mut doctored = first.clone();
    doctored.capabilities.leads = false;
    let revalidated = app
        .client
        .revalidate_capabilities(Some(&doctored))
        .await
        .unwrap();
    assert_eq!(revalidated, doctored);
    // Another version held: the document is read again, with its tag.
    let mut outdated = doctored.clone();
    outdated.openapi_etag = Some("\"an-older-document\"".into());
    let relearned = app
        .client
        .revalidate_capabilities(Some(&outdated))
        .await
        .unwrap();
    assert_eq!(relearned.capabilities, first.capabilities);
    assert_eq!(relearned.openapi_etag, Some(etag));
}

#[tokio::test]
async fn the_published_api_alone_is_learned_by_probing() {
    let server = Setup::new().demo(20, 10).docs_only().start().await;
    let caps = server.client().capabilities().await.unwrap();
    assert_eq!(caps, Capabilities::none(CapabilitySource::Probing));
    assert_eq!(caps.missing(), Feature::ALL);
    // A key the server refuses is an error, not a server without additions.
    let refused = server
        .client_with_key("sk_live_not_a_key_0000000000000000")
        .capabilities()
        .await
        .unwrap_err();
    assert!(
        matches!(refused, carstrel_client::Error::Unauthorized { .. }),
        "{refused}"
    );
}

#[tokio::test]
async fn without_idempotency_a_lost_booking_is_not_retried() {
    let app = spawn_app().await;
    let proxy = app.proxy().await;
    let client = app.client_via(&proxy);
    // As a docs-only server would have it learned; this server's list lets us count.
    client.use_capabilities(&Capabilities {
        idempotency: false,
        ..Capabilities::all(CapabilitySource::OpenApi)
    });
    let vehicle = carstrel_testkit::fixtures::first_vehicle(&client).await;
    let request = CreateTestDriveRequest {
        vehicle_id: vehicle.id.clone(),
        name: "Lost Reply".into(),
        email: "lost.reply.sdk@example.com".into(),
        phone: None,
        preferred_date: None,
    };
    proxy.fail_next(1, Fault::LoseReply);
    let before = proxy.connections();
    let lost = client
        .test_drives()
        .create(&request)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(lost, carstrel_client::Error::Network(_)), "{lost}");
    assert_eq!(proxy.connections() - before, 1, "sent once, not retried");
    let query = carstrel_client::TestDriveQuery::new().limit(100);
    let booked = app
        .client
        .test_drives()
        .list(&query)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|d| d.email == request.email)
        .count();
    assert_eq!(booked, 1);
}
