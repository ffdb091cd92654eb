//! Status bar, sync and dashboard.

use super::{Handle, Reply};
use console_core::console::{AppStatus, Dashboard};
use console_core::sync::SyncReport;
use tauri::AppHandle;

#[tauri::command]
#[specta::specta]
pub async fn app_status(console: Handle<'_>) -> Reply<AppStatus> {
    Ok(console.get().await?.status().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(app: AppHandle, console: Handle<'_>, full: bool) -> Reply<SyncReport> {
    console.sync(&app, full).await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(console: Handle<'_>) -> Reply<Dashboard> {
    Ok(console.get().await?.dashboard().await?)
}

/// Answers at once with nothing: one IPC round trip dispatched as the data commands are
/// (async), the baseline the app bench measures a search keystroke against.
#[tauri::command]
#[specta::specta]
pub async fn ping() {}

/// The UI shows its first dashboard with numbers (called once, two frames after render).
#[tauri::command]
#[specta::specta]
pub fn dashboard_painted(console: Handle<'_>) {
    console.first_dashboard_painted();
}

/// The first dashboard's charts are drawn (called once, after its numbers were painted).
#[tauri::command]
#[specta::specta]
pub fn dashboard_charts_drawn(console: Handle<'_>) {
    console.first_dashboard_charts_drawn();
}

/// Whether desktop notifications are on (the settings toggle).
#[tauri::command]
#[specta::specta]
pub async fn notifications_enabled(console: Handle<'_>) -> Reply<bool> {
    Ok(console
        .get()
        .await?
        .cache()
        .await
        .notifications_enabled()
        .await?)
}

/// Turns desktop notifications on or off.
#[tauri::command]
#[specta::specta]
pub async fn set_notifications_enabled(console: Handle<'_>, enabled: bool) -> Reply<()> {
    Ok(console
        .get()
        .await?
        .cache()
        .await
        .set_notifications_enabled(enabled)
        .await?)
}
