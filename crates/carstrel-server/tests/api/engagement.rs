//! Newsletter, contact form and blogs.

use crate::documented_tests;
use crate::helpers::TestApp;
use serde_json::json;

documented_tests! {
    async fn newsletter_subscribe_and_unsubscribe(app: TestApp) {
        let reply = app.post("/external/newsletter/subscribe", app.live_key(), json!({"email": "user@example.com"})).await;
        assert_eq!(reply.data(200), &json!({"email": "user@example.com", "subscribed": true}));
        // Subscribing twice is harmless.
        app.post("/external/newsletter/subscribe", app.live_key(), json!({"email": "user@example.com"})).await.data(200);
        let reply = app.post("/external/newsletter/unsubscribe", app.live_key(), json!({"email": "user@example.com"})).await;
        reply.data(200);
        assert_eq!(reply.body["message"], "Successfully unsubscribed");
        app.post("/external/newsletter/subscribe", app.live_key(), json!({"email": "nope"})).await.assert_error(400);
        app.post("/external/newsletter/subscribe", app.live_key(), json!({})).await.assert_error(400);
    }

    async fn contact_form_returns_a_reference(app: TestApp) {
        let form = json!({"name": "Ann", "email": "ann@example.com", "message": "Is the Camry still available?", "subject": "Camry"});
        let reply = app.post("/external/contact/submit", app.live_key(), form).await;
        let data = reply.data(201);
        assert_eq!(data["success"], true);
        assert_eq!(data["message"], "Message sent");
        assert!(uuid::Uuid::parse_str(data["referenceId"].as_str().unwrap()).is_ok());
        let no_message = json!({"name": "Ann", "email": "ann@example.com"});
        app.post("/external/contact/submit", app.live_key(), no_message).await.assert_error(400);
        let blank = json!({"name": " ", "email": "ann@example.com", "message": "hi"});
        app.post("/external/contact/submit", app.live_key(), blank).await.assert_error(400);
    }

    async fn blogs_page_by_20(app: TestApp) {
        let reply = app.get("/external/blogs", app.live_key()).await;
        let posts = reply.data(200).as_array().unwrap().clone();
        assert_eq!(reply.body["limit"], 20);
        assert_eq!(reply.body["page"], 1);
        assert_eq!(reply.body["total"].as_u64().unwrap() as usize, posts.len());
        assert!(!posts.is_empty());
        assert!(posts[0]["title"].is_string());
        let second = app.get("/external/blogs?page=2", app.live_key()).await;
        assert!(second.data(200).as_array().unwrap().is_empty());
    }
}
