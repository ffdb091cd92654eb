//! The calendar and the lot's aging: test drives by slot, a vehicle's free and taken
//! slots, moving a drive, the dealer's settings, the aging stats, price histories and
//! setting a price.

use super::{Handle, Reply};
use carstrel_model::{AgingStats, DealerSettings, PricePoint, Vehicle};
use console_core::cache::VehicleSlots;
use console_core::console::TestDriveRow;
use tauri::AppHandle;

/// The drives whose slot starts in `[from, to)` (dates or RFC 3339), in slot order.
#[tauri::command]
#[specta::specta]
pub async fn calendar(console: Handle<'_>, from: String, to: String) -> Reply<Vec<TestDriveRow>> {
    Ok(console.get().await?.calendar(&from, &to).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn vehicle_slots(
    console: Handle<'_>,
    vehicle_id: String,
    from: String,
    to: String,
) -> Reply<VehicleSlots> {
    Ok(console
        .get()
        .await?
        .vehicle_slots(&vehicle_id, &from, &to)
        .await?)
}

/// Moves a drive; a double booking the cache can see is refused (`conflict`).
#[tauri::command]
#[specta::specta]
pub async fn reschedule_test_drive(
    app: AppHandle,
    console: Handle<'_>,
    id: String,
    scheduled_at: String,
) -> Reply<TestDriveRow> {
    let row = console
        .get()
        .await?
        .reschedule_test_drive(&id, &scheduled_at)
        .await?;
    console.push_soon(&app);
    Ok(row)
}

#[tauri::command]
#[specta::specta]
pub async fn dealer_settings(console: Handle<'_>) -> Reply<DealerSettings> {
    Ok(console.get().await?.dealer_settings().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn aging_stats(console: Handle<'_>) -> Reply<AgingStats> {
    Ok(console.get().await?.aging_stats().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn price_history(console: Handle<'_>, vehicle_id: String) -> Reply<Vec<PricePoint>> {
    Ok(console.get().await?.price_history(&vehicle_id).await?)
}

/// Sets a listing's price (the key needs `inventory:write`); shown at once, queued.
#[tauri::command]
#[specta::specta]
pub async fn set_vehicle_price(
    app: AppHandle,
    console: Handle<'_>,
    id: String,
    price: f64,
) -> Reply<Vehicle> {
    let vehicle = console.get().await?.set_vehicle_price(&id, price).await?;
    console.push_soon(&app);
    Ok(vehicle)
}
