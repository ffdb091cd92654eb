//! The profile's server capabilities as last learned, so that screens and the outbox know
//! what the server offers even offline.

use super::Cache;
use crate::error::Result;
use carstrel_model::Capabilities;

impl Cache {
    /// What the server offered at the last sync; `None` before the first one.
    pub async fn capabilities(&self) -> Result<Option<Capabilities>> {
        let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM capabilities WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(doc.map(|d| serde_json::from_str(&d)).transpose()?)
    }

    /// Keeps what the server offers, replacing what was learned before.
    pub async fn store_capabilities(&self, caps: &Capabilities) -> Result<()> {
        sqlx::query(
            "INSERT INTO capabilities (id, doc, learned_at) VALUES (1, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, learned_at = excluded.learned_at",
        )
        .bind(serde_json::to_string(caps)?)
        .bind(crate::clock::now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
