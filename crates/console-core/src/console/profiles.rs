//! The console's profiles as the UI works them: list, add (a key is proven before it is
//! kept), switch (a fresh session on the other profile's cache), remove, and stopping or
//! starting the sandbox's server to show the console working offline.

use super::session::{client_for, info, open_session_with, AppStatus, Console, ProfileInfo};
use crate::error::{Error, Result};
use crate::sandbox::Sandbox;
use crate::secrets::Secret;
use std::sync::atomic::Ordering::Relaxed;

impl Console {
    pub async fn list_profiles(&self) -> Result<Vec<ProfileInfo>> {
        let session = self.session.read().await;
        let profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
        Ok(profiles
            .list()
            .iter()
            .map(|p| {
                let active = p.name == session.profile.name;
                let url = if active {
                    session.base_url.clone()
                } else {
                    p.base_url.clone().unwrap_or_default()
                };
                info(p, &url, active)
            })
            .collect())
    }

    /// Adds a remote API after checking that it answers and accepts the key; the key
    /// goes to the OS keychain only once it has been proven.
    pub async fn add_profile(
        &self,
        name: &str,
        base_url: &str,
        key: Secret,
    ) -> Result<ProfileInfo> {
        let environment = crate::profiles::validate_key(&key)?;
        let url = crate::profiles::validate_url(base_url, environment)?;
        crate::profiles::profile_name(name)?;
        let client = client_for(&url, &key)?;
        client.metadata().engine_types().await?;
        // What the server offers is learned now, so its page shows it before a sync.
        let capabilities = client.capabilities().await.ok();
        let (profile, cache_path) = {
            let mut profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
            let profile = profiles.add(name, &url, &key)?;
            let path = profiles.cache_path(&profile.name)?;
            (profile, path)
        };
        if let Some(caps) = capabilities {
            let cache = crate::cache::Cache::open(cache_path).await?;
            cache.store_capabilities(&caps).await?;
            cache.close().await;
        }
        Ok(info(&profile, &url, false))
    }

    /// Switches to another profile: its own cache, client (and sandbox).
    pub async fn use_profile(&self, name: &str) -> Result<AppStatus> {
        let profile = {
            let mut profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
            profiles.use_profile(name)?
        };
        let fresh = {
            let profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
            // Opening needs the registry only to read keys and paths.
            let dir = self.data_dir.clone();
            (
                dir,
                profiles.key(&profile.name).ok(),
                profiles.cache_path(&profile.name)?,
            )
        };
        let session =
            open_session_with(&self.data_dir, profile, fresh.1, fresh.2, self.photo_budget).await?;
        let old = std::mem::replace(&mut *self.session.write().await, session);
        if let Some(sandbox) = old.sandbox {
            let _ = sandbox.shutdown().await;
        }
        self.online.store(true, Relaxed);
        self.status().await
    }

    pub async fn remove_profile(&self, name: &str) -> Result<()> {
        if self.session.read().await.profile.name == name {
            return Err(Error::InvalidChange(
                "Switch to another profile before removing this one".into(),
            ));
        }
        let mut profiles = self.profiles.lock().unwrap_or_else(|p| p.into_inner());
        Ok(profiles.remove(name)?)
    }

    /// Stops or starts the sandbox's API (to show the console working offline).
    pub async fn set_sandbox_running(&self, running: bool) -> Result<AppStatus> {
        {
            let mut session = self.session.write().await;
            if !session.profile.is_sandbox() {
                return Err(Error::InvalidChange(
                    "Only the sandbox's server can be stopped from here".into(),
                ));
            }
            match (running, session.sandbox.is_some()) {
                (false, true) => {
                    if let Some(sandbox) = session.sandbox.take() {
                        sandbox.shutdown().await?;
                    }
                    self.online.store(false, Relaxed);
                }
                (true, false) => {
                    let sandbox = Sandbox::start(&self.data_dir).await?;
                    session.client = client_for(sandbox.base_url(), &sandbox.test_key())?;
                    session.base_url = sandbox.base_url().to_owned();
                    session.sandbox = Some(sandbox);
                    self.online.store(true, Relaxed);
                }
                _ => {}
            }
        }
        self.status().await
    }
}
