//! Staff and API keys: a dealer's staff member signs in (`/api/v1/auth/login`), and with
//! that session creates, lists and revokes the organization's API keys. The staff token is
//! kept in the client and refreshed once, transparently, when it has expired.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! client.staff().login("staff@savanna-motors.example", "their password").await?;
//! let created = client
//!     .api_keys()
//!     .create(&CreateApiKeyRequest {
//!         name: "Website".into(),
//!         scopes: Some(vec![Scope::InventoryRead]),
//!         rate_limit_per_hour: Some(5_000),
//!         environment: Some(Environment::Live),
//!     })
//!     .await?;
//! // `created.key` is shown this once: store it now.
//! let keys = client.api_keys().list().await?;
//! client.api_keys().revoke(&created.info.id).await?;
//! println!("{} keys", keys.len());
//! # Ok(()) }
//! ```

use crate::transport::{Auth, Call};
use crate::{Client, Result};
use carstrel_model::{
    ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey, StaffLoginRequest, StaffRefreshRequest,
    StaffSession,
};

/// Handler for staff sign-in; see [`Client::staff`].
#[derive(Debug, Clone, Copy)]
pub struct Staff<'c> {
    client: &'c Client,
}

impl<'c> Staff<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Staff { client }
    }

    /// `POST /api/v1/auth/login`. Keeps the session in the client for the key calls.
    pub async fn login(self, email: &str, password: &str) -> Result<StaffSession> {
        let request = StaffLoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let call = Call::post(&["api", "v1", "auth", "login"])
            .json(&request)?
            .retry_safe();
        let session: StaffSession = self.client.data(call).await?;
        self.client.set_staff_session(session.clone());
        Ok(session)
    }

    /// `POST /api/v1/auth/refresh`: new staff tokens for the session's refresh token.
    pub async fn refresh(self) -> Result<StaffSession> {
        let Some(session) = self.client.staff_session() else {
            return Err(crate::Error::Usage(
                "there is no staff session to refresh".into(),
            ));
        };
        let request = StaffRefreshRequest {
            refresh_token: session.refresh_token,
        };
        let call = Call::post(&["api", "v1", "auth", "refresh"])
            .json(&request)?
            .retry_safe();
        let session: StaffSession = self.client.data(call).await?;
        self.client.set_staff_session(session.clone());
        Ok(session)
    }

    /// Forgets the staff session.
    pub fn logout(self) {
        self.client.clear_staff_session();
    }
}

/// Handler for `/api/v1/api-keys` (staff session required); see [`Client::api_keys`].
#[derive(Debug, Clone, Copy)]
pub struct ApiKeys<'c> {
    client: &'c Client,
}

impl<'c> ApiKeys<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        ApiKeys { client }
    }

    /// `POST /api/v1/api-keys`: the response holds the key itself, shown this once. Not
    /// retried (a retry could create a second key).
    pub async fn create(self, request: &CreateApiKeyRequest) -> Result<CreatedApiKey> {
        let call = Call::post(&["api", "v1", "api-keys"])
            .json(request)?
            .auth(Auth::Staff);
        self.client.data(call).await
    }

    /// `GET /api/v1/api-keys`: every key of the organization, revoked ones included,
    /// without the keys themselves.
    pub async fn list(self) -> Result<Vec<ApiKeyInfo>> {
        self.client
            .data(Call::get(&["api", "v1", "api-keys"]).auth(Auth::Staff))
            .await
    }

    /// `DELETE /api/v1/api-keys/{id}`: revokes the key; returns it as it now stands.
    pub async fn revoke(self, id: &str) -> Result<ApiKeyInfo> {
        self.client
            .data(Call::delete(&["api", "v1", "api-keys", id]).auth(Auth::Staff))
            .await
    }
}
