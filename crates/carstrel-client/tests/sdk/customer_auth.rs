//! Customer auth: register, login, me, explicit and transparent token refresh.

use crate::helpers::spawn_app;
use carstrel_client::prelude::*;
use carstrel_testkit::DEMO_CUSTOMER_PASSWORD;

fn registration(email: &str) -> RegisterRequest {
    RegisterRequest {
        email: email.into(),
        password: "a long enough password".into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        phone: Some(Phone {
            mobile: Some("+254700000000".into()),
            whatsapp: None,
        }),
    }
}

#[tokio::test]
async fn register_login_and_me() {
    let app = spawn_app().await;
    let auth = app.client.auth();

    let session = auth
        .register(&registration("ada@example.com"))
        .await
        .unwrap();
    assert_eq!(session.is_new_user, Some(true));
    assert!(session.is_new_customer);
    assert_eq!(app.client.customer_session().unwrap(), session);
    let me = auth.me().await.unwrap();
    assert_eq!(me.user.email, "ada@example.com");
    assert_eq!(me.user.id, session.user.id);
    let customer = app
        .client
        .customers()
        .get(&me.customer.customer_id)
        .await
        .unwrap();
    assert_eq!(customer.user.email, "ada@example.com");

    // A wrong password on an existing email is refused; the session stays.
    let mut wrong = registration("ada@example.com");
    wrong.password = "another password".into();
    assert!(matches!(
        auth.register(&wrong).await,
        Err(Error::Unauthorized { body: Some(_) })
    ));
    assert!(matches!(
        auth.login("ada@example.com", "nope nope").await,
        Err(Error::Unauthorized { .. })
    ));

    auth.logout();
    assert!(matches!(auth.me().await, Err(Error::Unauthorized { .. })));
    let again = auth
        .login("ada@example.com", "a long enough password")
        .await
        .unwrap();
    assert_eq!(again.user.id, session.user.id);
    assert_eq!(auth.me().await.unwrap().user.id, session.user.id);

    // A demo customer logs in with the demo password.
    let customers = app
        .client
        .customers()
        .list(&CustomerQuery::default())
        .await
        .unwrap();
    let demo = customers
        .items
        .into_iter()
        .find(|c| c.id != me.customer.customer_id)
        .unwrap();
    let customer_client = app.client.with_customer_session(None);
    customer_client
        .auth()
        .login(&demo.user.email, DEMO_CUSTOMER_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        customer_client
            .auth()
            .me()
            .await
            .unwrap()
            .customer
            .customer_id,
        demo.id
    );
    // Sessions of clones made with `with_customer_session` are their own.
    assert_eq!(
        app.client.auth().me().await.unwrap().user.id,
        session.user.id
    );

    // Registration rules come back as validation errors with the server's message.
    let mut short = registration("bob@example.com");
    short.password = "short".into();
    match auth.register(&short).await {
        Err(Error::Validation {
            status: 400,
            message,
            ..
        }) => {
            assert!(message.contains("password"), "{message}")
        }
        other => panic!("expected a 400, got {other:?}"),
    }
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_transparently() {
    let app = spawn_app().await;
    let session = app
        .client
        .auth()
        .register(&registration("grace@example.com"))
        .await
        .unwrap();

    // The server's tokens live an hour: stand in for an expired one with a dead token.
    let mut stale = session.clone();
    stale.access_token = "expired.access.token".into();
    app.client.set_customer_session(stale);

    let me = app
        .client
        .auth()
        .me()
        .await
        .expect("me() refreshes and succeeds");
    assert_eq!(me.user.email, "grace@example.com");
    let now = app.client.customer_session().unwrap();
    assert_ne!(now.access_token, "expired.access.token");
    assert_ne!(now.access_token, session.access_token);
    assert_eq!(now.user.id, session.user.id);

    // Explicit refresh works too.
    let refreshed = app.client.auth().refresh().await.unwrap();
    assert_ne!(refreshed.access_token, now.access_token);
    assert_eq!(app.client.customer_session().unwrap(), refreshed);

    // When the refresh token is dead too, the caller gets the 401.
    let mut dead = refreshed.clone();
    dead.access_token = "dead".into();
    dead.refresh_token = "dead".into();
    app.client.set_customer_session(dead);
    match app.client.auth().me().await {
        Err(Error::Unauthorized { body: Some(body) }) => assert_eq!(body.status_code, 401),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}
