//! The dealer's calendar settings (an addition to the docs): how long a test drive lasts
//! and how long after its end an unmarked confirmed drive becomes a no-show. Reading
//! needs `test_drives:read`, changing `test_drives:write`.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//!
//! let settings = client.settings().get().await?;
//! let change = DealerSettingsUpdate { test_drive_minutes: Some(45), ..Default::default() };
//! let settings = client.settings().update(&change).await?;
//! println!("drives last {} minutes", settings.test_drive_minutes);
//! # Ok(()) }
//! ```

use crate::transport::Call;
use crate::{Client, Result};
use carstrel_model::{DealerSettings, DealerSettingsUpdate};

/// Handler for `/external/settings`; see [`Client::settings`].
#[derive(Debug, Clone, Copy)]
pub struct Settings<'c> {
    client: &'c Client,
}

impl<'c> Settings<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Settings { client }
    }

    /// `GET /external/settings`: the defaults (30 and 60 minutes) until changed.
    pub async fn get(self) -> Result<DealerSettings> {
        self.client.data(Call::get(&["external", "settings"])).await
    }

    /// `PATCH /external/settings`: fields left `None` stay as they are. A new length
    /// applies to drives confirmed or moved from then on.
    pub async fn update(self, change: &DealerSettingsUpdate) -> Result<DealerSettings> {
        self.client
            .data(Call::patch(&["external", "settings"]).json(change)?)
            .await
    }
}
