//! Engagement: newsletter, contact form, blogs.

use crate::helpers::spawn_app;
use carstrel_client::prelude::*;
use futures_util::TryStreamExt;

#[tokio::test]
async fn newsletter_contact_and_blogs() {
    let app = spawn_app().await;
    let engagement = app.client.engagement();

    let on = engagement.subscribe("reader@example.com").await.unwrap();
    assert_eq!(
        (on.email.as_str(), on.subscribed),
        ("reader@example.com", true)
    );
    let off = engagement.unsubscribe("reader@example.com").await.unwrap();
    assert!(!off.subscribed);
    assert!(matches!(
        engagement.subscribe("not an email").await,
        Err(Error::Validation { status: 400, .. })
    ));

    let receipt = engagement
        .contact(&ContactRequest {
            name: "Reader".into(),
            email: "reader@example.com".into(),
            message: "Is the blue one still available?".into(),
            subject: Some("Blue one".into()),
        })
        .await
        .unwrap();
    assert!(receipt.success);
    assert!(!receipt.reference_id.is_empty());
    let empty = ContactRequest {
        name: "Reader".into(),
        email: "reader@example.com".into(),
        message: "   ".into(),
        subject: None,
    };
    match engagement.contact(&empty).await {
        Err(Error::Validation { message, .. }) => assert!(message.contains("message"), "{message}"),
        other => panic!("expected a validation error, got {other:?}"),
    }

    let first = engagement.blogs(PageRequest::new().limit(2)).await.unwrap();
    assert!(first.total > 2, "the demo has a few posts");
    assert_eq!(first.items.len(), 2);
    let posts: Vec<BlogPost> = engagement.blogs_stream(2).try_collect().await.unwrap();
    assert_eq!(posts.len() as u64, first.total);
    assert_eq!(posts[..2], first.items[..]);
}
