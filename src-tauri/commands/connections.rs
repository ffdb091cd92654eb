//! Connections: profiles (the key goes to the OS keychain) and the sandbox's server.

use super::{Handle, Reply};
use console_core::console::{AppStatus, ProfileInfo};
use console_core::secrets::Secret;
use tauri::AppHandle;

#[tauri::command]
#[specta::specta]
pub async fn list_profiles(console: Handle<'_>) -> Reply<Vec<ProfileInfo>> {
    Ok(console.get().await?.list_profiles().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_profile(
    console: Handle<'_>,
    name: String,
    base_url: String,
    api_key: String,
) -> Reply<ProfileInfo> {
    Ok(console
        .get()
        .await?
        .add_profile(&name, &base_url, Secret::new(api_key))
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn use_profile(app: AppHandle, console: Handle<'_>, name: String) -> Reply<AppStatus> {
    let status = console.get().await?.use_profile(&name).await?;
    let handle = console.inner().clone();
    tauri::async_runtime::spawn(async move { handle.sync(&app, false).await.ok() });
    Ok(status)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_profile(console: Handle<'_>, name: String) -> Reply<()> {
    Ok(console.get().await?.remove_profile(&name).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_sandbox_running(
    app: AppHandle,
    console: Handle<'_>,
    running: bool,
) -> Reply<AppStatus> {
    let status = console.get().await?.set_sandbox_running(running).await?;
    if running {
        console.push_soon(&app);
    }
    console.announce(&app).await;
    Ok(status)
}
