//! Test drives: the list by status, booking, and staff work.

use super::{Handle, Reply};
use carstrel_model::{CreateTestDriveRequest, TestDriveStatus, TestDriveUpdate};
use console_core::console::TestDriveRow;
use console_core::{Page, TestDriveQuery};
use tauri::AppHandle;

#[tauri::command]
#[specta::specta]
pub async fn list_test_drives(
    console: Handle<'_>,
    status: Option<TestDriveStatus>,
    page: Option<u32>,
    limit: Option<u32>,
) -> Reply<Page<TestDriveRow>> {
    let query = TestDriveQuery {
        status,
        page,
        limit,
        ..Default::default()
    };
    Ok(console.get().await?.list_test_drives(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_test_drive(
    app: AppHandle,
    console: Handle<'_>,
    request: CreateTestDriveRequest,
) -> Reply<TestDriveRow> {
    let row = console.get().await?.create_test_drive(&request).await?;
    console.push_soon(&app);
    Ok(row)
}

#[tauri::command]
#[specta::specta]
pub async fn update_test_drive(
    app: AppHandle,
    console: Handle<'_>,
    id: String,
    change: TestDriveUpdate,
) -> Reply<TestDriveRow> {
    let row = console.get().await?.update_test_drive(&id, &change).await?;
    console.push_soon(&app);
    Ok(row)
}

/// "Send again" on a booking whose reply was lost (it may arrive twice).
#[tauri::command]
#[specta::specta]
pub async fn send_booking_again(app: AppHandle, console: Handle<'_>, seq: i64) -> Reply<()> {
    console.get().await?.send_again(seq).await?;
    console.push_soon(&app);
    Ok(())
}

/// "Discard" on a booking whose reply was lost (it arrived, as far as the user knows).
#[tauri::command]
#[specta::specta]
pub async fn discard_booking(console: Handle<'_>, seq: i64) -> Reply<()> {
    Ok(console.get().await?.discard_unconfirmed(seq).await?)
}
