//! Engagement: newsletter subscriptions, the contact form and the dealer's blog posts.
//! Writes need `engagement:write`.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//! use futures_util::TryStreamExt;
//!
//! client.engagement().subscribe("ada@example.com").await?;
//! let receipt = client
//!     .engagement()
//!     .contact(&ContactRequest {
//!         name: "Ada".into(),
//!         email: "ada@example.com".into(),
//!         message: "Is the blue one still available?".into(),
//!         subject: None,
//!     })
//!     .await?;
//! let posts: Vec<BlogPost> = client.engagement().blogs_stream(50).try_collect().await?;
//! println!("ticket {}; {} posts", receipt.reference_id, posts.len());
//! # Ok(()) }
//! ```

use crate::paginate::{self, ItemStream, Page};
use crate::query::PageRequest;
use crate::transport::Call;
use crate::{Client, Result};
use carstrel_model::{
    BlogPost, ContactReceipt, ContactRequest, NewsletterRequest, NewsletterStatus,
};

/// Handler for the newsletter, contact and blog endpoints; see [`Client::engagement`].
#[derive(Debug, Clone, Copy)]
pub struct Engagement<'c> {
    client: &'c Client,
}

impl<'c> Engagement<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Engagement { client }
    }

    /// `POST /external/newsletter/subscribe`.
    pub async fn subscribe(self, email: &str) -> Result<NewsletterStatus> {
        let request = NewsletterRequest {
            email: email.to_owned(),
        };
        let call = Call::post(&["external", "newsletter", "subscribe"]).json(&request)?;
        self.client.data(call).await
    }

    /// `POST /external/newsletter/unsubscribe`.
    pub async fn unsubscribe(self, email: &str) -> Result<NewsletterStatus> {
        let request = NewsletterRequest {
            email: email.to_owned(),
        };
        let call = Call::post(&["external", "newsletter", "unsubscribe"]).json(&request)?;
        self.client.data(call).await
    }

    /// `GET /external/blogs`: one page of published posts.
    pub async fn blogs(self, page: impl Into<PageRequest>) -> Result<Page<BlogPost>> {
        let call = Call::get(&["external", "blogs"]).query(page.into().to_pairs());
        self.client.page(call).await
    }

    /// Every blog post, `limit` per request.
    pub fn blogs_stream(self, limit: u32) -> ItemStream<BlogPost> {
        let client = self.client.clone();
        paginate::items(1, move |page| {
            let client = client.clone();
            async move {
                client
                    .engagement()
                    .blogs(PageRequest::new().page(page).limit(limit))
                    .await
            }
        })
    }

    /// `POST /external/contact/submit`.
    pub async fn contact(self, request: &ContactRequest) -> Result<ContactReceipt> {
        let call = Call::post(&["external", "contact", "submit"]).json(request)?;
        self.client.data(call).await
    }
}
