//! Newsletter subscriptions, contact messages and blog posts.

use super::leads::{self, Signal};
use crate::clock::{now_ms, rfc3339};
use crate::db::{json_col, next_seq, Db};
use crate::error::Result;
use crate::tenant::Caller;
use carstrel_model::rules::{self, Paging};
use carstrel_model::{BlogPost, ContactReceipt, ContactRequest, LeadSource, NewsletterStatus};
use sqlx::Row;

pub async fn set_subscription(
    db: &Db,
    caller: &Caller,
    address: &str,
    subscribed: bool,
) -> Result<NewsletterStatus> {
    let address = rules::email("email", address)?;
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let was_subscribed = sqlx::query(
        "SELECT subscribed FROM newsletter_subscriptions WHERE organization_id = $1 \
         AND environment = $2 AND email = $3",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(&address)
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| row.try_get::<i64, _>("subscribed"))
    .transpose()?
    .is_some_and(|s| s != 0);
    sqlx::query(
        "INSERT INTO newsletter_subscriptions (organization_id, environment, email, subscribed, \
         updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, environment, email) \
         DO UPDATE SET subscribed = $4, updated_at = $5",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(&address)
    .bind(i64::from(subscribed))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    // A sign-up is a lead's signal; a repeated one (already subscribed) is not.
    if subscribed && !was_subscribed {
        let signal = Signal {
            email: Some(address.clone()),
            customer_id: leads::customer_with_email(&mut tx, caller, &address).await?,
            detail: "Subscribed to the newsletter".into(),
            ..Signal::default()
        };
        leads::record_signal(&mut tx, caller, LeadSource::Newsletter, signal, seq).await?;
    }
    tx.commit().await?;
    Ok(NewsletterStatus {
        email: address,
        subscribed,
    })
}

pub async fn submit_contact(
    db: &Db,
    caller: &Caller,
    req: ContactRequest,
) -> Result<ContactReceipt> {
    let contact = rules::check_contact(&req)?;
    let id = super::new_id();
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    sqlx::query(
        "INSERT INTO contact_messages (id, organization_id, environment, name, email, subject, \
         message, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(&contact.name)
    .bind(&contact.email)
    .bind(&contact.subject)
    .bind(&contact.message)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let gist = leads::gist(contact.subject.as_deref().unwrap_or(&contact.message));
    let signal = Signal {
        name: Some(contact.name),
        customer_id: leads::customer_with_email(&mut tx, caller, &contact.email).await?,
        email: Some(contact.email),
        message: Some(contact.message),
        detail: format!("Contact form: {gist}"),
        ..Signal::default()
    };
    leads::record_signal(&mut tx, caller, LeadSource::ContactForm, signal, seq).await?;
    tx.commit().await?;
    Ok(ContactReceipt {
        success: true,
        message: "Message sent".into(),
        reference_id: id,
    })
}

pub async fn blogs(db: &Db, caller: &Caller, paging: Paging) -> Result<(Vec<BlogPost>, u64)> {
    let rows = sqlx::query(
        "SELECT id, title, slug, excerpt, content, cover_image_url, author, tags, published_at \
         FROM blogs WHERE organization_id = $1 AND environment = $2 \
         ORDER BY published_at DESC, id LIMIT $3 OFFSET $4",
    )
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .bind(i64::from(paging.limit))
    .bind(paging.offset())
    .fetch_all(&db.pool)
    .await?;
    let total: i64 =
        sqlx::query("SELECT COUNT(*) FROM blogs WHERE organization_id = $1 AND environment = $2")
            .bind(&caller.org_id)
            .bind(caller.env_str())
            .fetch_one(&db.pool)
            .await?
            .try_get(0)?;
    let posts = rows
        .iter()
        .map(|row| -> anyhow::Result<BlogPost> {
            Ok(BlogPost {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                slug: row.try_get("slug")?,
                excerpt: row.try_get("excerpt")?,
                content: row.try_get("content")?,
                cover_image_url: row.try_get("cover_image_url")?,
                author: row.try_get("author")?,
                tags: json_col(row, "tags")?,
                published_date: rfc3339(row.try_get("published_at")?),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((posts, total as u64))
}
