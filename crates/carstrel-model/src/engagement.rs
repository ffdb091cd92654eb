//! Newsletter, contact form and blog posts.

use crate::wire;

wire! {
#[serde(deny_unknown_fields)]
pub struct NewsletterRequest {
    pub email: String,
}
}

wire! {
pub struct NewsletterStatus {
    pub email: String,
    pub subscribed: bool,
}
}

wire! {
#[serde(deny_unknown_fields)]
pub struct ContactRequest {
    pub name: String,
    pub email: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}
}

wire! {
pub struct ContactReceipt {
    pub success: bool,
    pub message: String,
    pub reference_id: String,
}
}

wire! {
pub struct BlogPost {
    pub id: String,
    pub title: String,
    pub slug: String,
    pub excerpt: Option<String>,
    pub content: String,
    pub cover_image_url: Option<String>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub published_date: String,
}
}
