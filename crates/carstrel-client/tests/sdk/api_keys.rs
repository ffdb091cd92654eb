//! Staff sign-in and API-key management; a revoked key stops working.

use crate::helpers::spawn_app;
use carstrel_client::prelude::*;

#[tokio::test]
async fn create_list_use_and_revoke_a_key() {
    let app = spawn_app().await;
    let staff = app.staff_client().await;
    let session = staff.staff_session().unwrap();
    assert_eq!(session.user.organization_id, app.org().id);

    let created = staff
        .api_keys()
        .create(&CreateApiKeyRequest {
            name: "Website".into(),
            scopes: Some(vec![Scope::InventoryRead, Scope::EngagementWrite]),
            rate_limit_per_hour: Some(500),
            environment: Some(Environment::Test),
        })
        .await
        .unwrap();
    assert!(created.key.starts_with("sk_test_"));
    assert_eq!(created.info.rate_limit_per_hour, 500);
    assert!(created.key.starts_with(&created.info.prefix));

    let keys = staff.api_keys().list().await.unwrap();
    let listed = keys
        .iter()
        .find(|k| k.id == created.info.id)
        .expect("the new key is listed");
    assert_eq!(
        listed.scopes,
        vec![Scope::InventoryRead, Scope::EngagementWrite]
    );
    assert!(listed.revoked_date.is_none());

    let website = app.client_with_key(&created.key);
    let page = website
        .vehicles()
        .list(&VehicleQuery::default())
        .await
        .unwrap();
    assert!(page.total > 0);
    assert_eq!(website.rate_limit().unwrap().limit, 500);
    assert!(matches!(
        website.customers().stats().await,
        Err(Error::Forbidden {
            missing_scope: Some(Scope::CustomersRead),
            ..
        })
    ));

    let revoked = staff.api_keys().revoke(&created.info.id).await.unwrap();
    assert!(revoked.revoked_date.is_some());
    match website.vehicles().list(&VehicleQuery::default()).await {
        Err(Error::Unauthorized { body: Some(body) }) => assert_eq!(body.status_code, 401),
        other => panic!("a revoked key must get 401, got {other:?}"),
    }
}

#[tokio::test]
async fn staff_sessions_refresh_and_fail_typed() {
    let app = spawn_app().await;
    let client = app.client_with_key(&app.org().keys.live);
    assert!(matches!(
        client.api_keys().list().await,
        Err(Error::Unauthorized { .. })
    ));
    assert!(matches!(
        client
            .staff()
            .login(&app.org().staff.email, "wrong password")
            .await,
        Err(Error::Unauthorized { .. })
    ));

    let staff = app.staff_client().await;
    let mut stale = staff.staff_session().unwrap();
    let original = stale.token.clone();
    stale.token = "expired.staff.token".into();
    staff.set_staff_session(stale);
    let keys = staff
        .api_keys()
        .list()
        .await
        .expect("refreshed transparently");
    assert!(keys.len() >= 3);
    let now = staff.staff_session().unwrap();
    assert_ne!(now.token, "expired.staff.token");
    assert_ne!(now.token, original);

    let explicit = staff.staff().refresh().await.unwrap();
    assert_ne!(explicit.token, now.token);
    staff.staff().logout();
    assert!(staff.staff_session().is_none());
}
