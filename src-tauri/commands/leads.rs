//! The dealer's day: the lead inbox, a lead's page and its one-click work, the staff to
//! assign to, and follow-up tasks. Edits show at once and are pushed soon after.

use super::{Handle, Reply};
use carstrel_model::{
    CreateTaskRequest, LeadQuery, LeadStats, LeadUpdate, StaffMember, TaskQuery, TaskUpdate,
};
use console_core::console::{LeadDetailRow, LeadRow, TaskRow};
use console_core::Page;
use tauri::AppHandle;

#[tauri::command]
#[specta::specta]
pub async fn list_leads(console: Handle<'_>, query: LeadQuery) -> Reply<Page<LeadRow>> {
    Ok(console.get().await?.list_leads(&query).await?)
}

/// A lead's page: fetched fresh when online (its history kept for offline), else cached.
#[tauri::command]
#[specta::specta]
pub async fn get_lead(console: Handle<'_>, id: String) -> Reply<LeadDetailRow> {
    Ok(console.get().await?.get_lead(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn lead_stats(console: Handle<'_>) -> Reply<LeadStats> {
    Ok(console.get().await?.lead_stats().await?)
}

/// Leads nobody has answered yet, for the navigation's badge.
#[tauri::command]
#[specta::specta]
pub async fn new_lead_count(console: Handle<'_>) -> Reply<u32> {
    Ok(console.get().await?.new_lead_count().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_staff(console: Handle<'_>) -> Reply<Vec<StaffMember>> {
    Ok(console.get().await?.staff().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_lead(
    app: AppHandle,
    console: Handle<'_>,
    id: String,
    change: LeadUpdate,
) -> Reply<LeadRow> {
    let row = console.get().await?.update_lead(&id, &change).await?;
    console.push_soon(&app);
    Ok(row)
}

#[tauri::command]
#[specta::specta]
pub async fn list_tasks(console: Handle<'_>, query: TaskQuery) -> Reply<Page<TaskRow>> {
    Ok(console.get().await?.list_tasks(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_task(
    app: AppHandle,
    console: Handle<'_>,
    request: CreateTaskRequest,
) -> Reply<TaskRow> {
    let row = console.get().await?.create_task(&request).await?;
    console.push_soon(&app);
    Ok(row)
}

#[tauri::command]
#[specta::specta]
pub async fn update_task(
    app: AppHandle,
    console: Handle<'_>,
    id: String,
    change: TaskUpdate,
) -> Reply<TaskRow> {
    let row = console.get().await?.update_task(&id, &change).await?;
    console.push_soon(&app);
    Ok(row)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_task(app: AppHandle, console: Handle<'_>, id: String) -> Reply<()> {
    console.get().await?.delete_task(&id).await?;
    console.push_soon(&app);
    Ok(())
}
