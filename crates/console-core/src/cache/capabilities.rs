//! The profile's server capabilities as last learned, so that screens and the outbox know
//! what the server offers even offline.

use super::Cache;
use crate::error::Result;
use carstrel_model::{Capabilities, LearnedCapabilities};

impl Cache {
    /// What the server offered at the last sync; `None` before the first one.
    pub async fn capabilities(&self) -> Result<Option<Capabilities>> {
        let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM capabilities WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(doc.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// What the server offered at the last sync, with the `/openapi.json` version it was
    /// read from, for the next sync to revalidate.
    pub async fn learned_capabilities(&self) -> Result<Option<LearnedCapabilities>> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT doc, openapi_etag FROM capabilities WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(doc, openapi_etag)| {
            Ok(LearnedCapabilities {
                capabilities: serde_json::from_str(&doc)?,
                openapi_etag,
            })
        })
        .transpose()
    }

    /// Keeps what the server offers, replacing what was learned before.
    pub async fn store_capabilities(&self, caps: &Capabilities) -> Result<()> {
        self.store_learned_capabilities(&LearnedCapabilities {
            capabilities: *caps,
            openapi_etag: None,
        })
        .await
    }

    /// Keeps what the server offers and the document version it was read from.
    pub async fn store_learned_capabilities(&self, learned: &LearnedCapabilities) -> Result<()> {
        sqlx::query(
            "INSERT INTO capabilities (id, doc, learned_at, openapi_etag) VALUES (1, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, \
             learned_at = excluded.learned_at, openapi_etag = excluded.openapi_etag",
        )
        .bind(serde_json::to_string(&learned.capabilities)?)
        .bind(crate::clock::now_ms())
        .bind(learned.openapi_etag.as_deref())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
