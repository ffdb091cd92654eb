//! The customer CRM: list, detail, edits (offline-first) and conflicts.

use super::{Handle, Reply};
use carstrel_model::{CustomerQuery, CustomerUpdate};
use console_core::cache::outbox::{Conflict, Keep};
use console_core::console::CustomerRow;
use console_core::Page;
use tauri::AppHandle;

#[tauri::command]
#[specta::specta]
pub async fn list_customers(console: Handle<'_>, query: CustomerQuery) -> Reply<Page<CustomerRow>> {
    Ok(console.get().await?.list_customers(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_customer(console: Handle<'_>, id: String) -> Reply<CustomerRow> {
    Ok(console.get().await?.get_customer(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_customer(
    app: AppHandle,
    console: Handle<'_>,
    id: String,
    change: CustomerUpdate,
) -> Reply<CustomerRow> {
    let row = console.get().await?.update_customer(&id, &change).await?;
    console.push_soon(&app);
    Ok(row)
}

#[tauri::command]
#[specta::specta]
pub async fn list_conflicts(console: Handle<'_>) -> Reply<Vec<Conflict>> {
    Ok(console.get().await?.conflicts().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    app: AppHandle,
    console: Handle<'_>,
    id: i64,
    keep: Keep,
) -> Reply<()> {
    console.get().await?.resolve_conflict(id, keep).await?;
    console.push_soon(&app);
    Ok(())
}
