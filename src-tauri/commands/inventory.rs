//! The inventory: filters, the list, a vehicle, and CSV export.

use super::{Handle, Reply};
use carstrel_model::{Vehicle, VehicleQuery};
use console_core::console::{ExportKind, FilterOptions};
use console_core::{Page, VehicleRow};
use std::path::PathBuf;

#[tauri::command]
#[specta::specta]
pub async fn filter_options(console: Handle<'_>) -> Reply<FilterOptions> {
    Ok(console.get().await?.filter_options().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_vehicle_rows(
    console: Handle<'_>,
    query: VehicleQuery,
    search: Option<String>,
) -> Reply<Page<VehicleRow>> {
    Ok(console
        .get()
        .await?
        .list_vehicle_rows(&query, search.as_deref())
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn get_vehicle(console: Handle<'_>, id: String) -> Reply<Vehicle> {
    Ok(console.get().await?.get_vehicle(&id).await?)
}

/// A finished CSV export: the rows written and the file the user chose.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CsvExport {
    pub rows: u32,
    pub path: String,
}

/// Asks where to save with the system's save dialog, opened here rather than by the web
/// view, so a page can never choose a path to write; `null` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_csv(
    app: tauri::AppHandle,
    console: Handle<'_>,
    kind: ExportKind,
) -> Reply<Option<CsvExport>> {
    let Some(path) = ask_where_to_save(&app, kind).await else {
        return Ok(None);
    };
    let rows = console.get().await?.export_csv(kind, &path).await?;
    let path = path.display().to_string();
    Ok(Some(CsvExport { rows, path }))
}

async fn ask_where_to_save(app: &tauri::AppHandle, kind: ExportKind) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    let (title, stem) = match kind {
        ExportKind::Vehicles => ("Export inventory", "inventory"),
        ExportKind::Customers => ("Export customers", "customers"),
    };
    let (chosen, answer) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(format!(
            "{stem}-{}.csv",
            time::OffsetDateTime::now_utc().date()
        ))
        .add_filter("CSV", &["csv"])
        .save_file(move |path| {
            let _ = chosen.send(path);
        });
    answer.await.ok().flatten()?.into_path().ok()
}
