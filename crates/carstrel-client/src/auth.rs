//! Customer auth: register, login, refresh and me, through the dealer's key. The session
//! they return is kept in the client; `me` sends its access token as Bearer, and when the
//! server answers 401 the client refreshes the tokens once and tries again.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let session = client
//!     .auth()
//!     .register(&RegisterRequest {
//!         email: "ada@example.com".into(),
//!         password: "correct horse battery".into(),
//!         first_name: "Ada".into(),
//!         last_name: "Lovelace".into(),
//!         phone: None,
//!     })
//!     .await?;
//! println!("new account: {:?}", session.is_new_user);
//! let me = client.auth().me().await?; // refreshes the token transparently when expired
//! println!("customer {} ({:?})", me.customer.customer_id, me.customer.customer_segment);
//! # Ok(()) }
//! ```

use crate::transport::{Auth, Call};
use crate::{Client, Result};
use carstrel_model::{AuthSession, LoginRequest, Me, RefreshRequest, RegisterRequest};

/// Handler for `/external/auth`; see [`Client::auth`].
#[derive(Debug, Clone, Copy)]
pub struct CustomerAuth<'c> {
    client: &'c Client,
}

impl<'c> CustomerAuth<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        CustomerAuth { client }
    }

    /// `POST /external/auth/register` (`customers:write`): creates an account, or links
    /// an existing one when the password matches. Keeps the session in the client.
    pub async fn register(self, request: &RegisterRequest) -> Result<AuthSession> {
        let call = Call::post(&["external", "auth", "register"]).json(request)?;
        self.keep(self.client.data(call).await?)
    }

    /// `POST /external/auth/login` (`customers:write`). Keeps the session in the client.
    pub async fn login(self, email: &str, password: &str) -> Result<AuthSession> {
        let request = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let call = Call::post(&["external", "auth", "login"]).json(&request)?;
        self.keep(self.client.data(call).await?)
    }

    /// `POST /external/auth/refresh`: new tokens for the session's refresh token. `me`
    /// does this by itself when the access token has expired.
    pub async fn refresh(self) -> Result<AuthSession> {
        let Some(session) = self.client.customer_session() else {
            return Err(crate::Error::Usage(
                "there is no customer session to refresh".into(),
            ));
        };
        let request = RefreshRequest {
            refresh_token: session.refresh_token,
        };
        let call = Call::post(&["external", "auth", "refresh"]).json(&request)?;
        self.keep(self.client.data(call).await?)
    }

    /// `GET /external/auth/me` (`customers:read`): the signed-in customer.
    pub async fn me(self) -> Result<Me> {
        self.client
            .data(Call::get(&["external", "auth", "me"]).auth(Auth::Customer))
            .await
    }

    /// Forgets the session (the API keeps no server-side session to end).
    pub fn logout(self) {
        self.client.clear_customer_session();
    }

    fn keep(self, session: AuthSession) -> Result<AuthSession> {
        self.client.set_customer_session(session.clone());
        Ok(session)
    }
}
