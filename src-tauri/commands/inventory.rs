//! The inventory: filters, the list, a vehicle, and CSV export.

use super::{Handle, Reply};
use carstrel_model::{Vehicle, VehicleQuery};
use console_core::console::{ExportKind, FilterOptions};
use console_core::Page;

#[tauri::command]
#[specta::specta]
pub async fn filter_options(console: Handle<'_>) -> Reply<FilterOptions> {
    Ok(console.get().await?.filter_options().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_vehicles(
    console: Handle<'_>,
    query: VehicleQuery,
    search: Option<String>,
) -> Reply<Page<Vehicle>> {
    Ok(console
        .get()
        .await?
        .list_vehicles(&query, search.as_deref())
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_vehicle(console: Handle<'_>, id: String) -> Reply<Vehicle> {
    Ok(console.get().await?.get_vehicle(&id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn export_csv(console: Handle<'_>, kind: ExportKind, path: String) -> Reply<u32> {
    Ok(console
        .get()
        .await?
        .export_csv(kind, std::path::Path::new(&path))
        .await?)
}
