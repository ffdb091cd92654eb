//! The two shells over console-core: the desktop window (Tauri plugins, the window, and
//! the commands the UI invokes) and the headless [`cli`]. Each command of either calls one
//! console-core function; everything else lives in `crates/console-core`. The TypeScript bindings in `ui/generated/bindings.ts` are
//! generated from [`specta_builder`] (a test fails when they drift; run
//! `UPDATE_BINDINGS=1 cargo test -p dealer-console --lib` to refresh them).

pub mod cli;
pub mod commands;
mod photo_scheme;
pub mod preview;
pub mod state;

use commands::{calendar, connections, crm, inventory, leads, session, test_drives};
use state::{ConsoleHandle, StatusChanged, SyncProgressEvent};
use tauri::Manager;

/// Every command and event the UI may use, for the invoke handler and the bindings.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            session::app_status,
            session::ping,
            session::sync_now,
            session::dashboard,
            session::dashboard_painted,
            session::dashboard_charts_drawn,
            session::notifications_enabled,
            session::set_notifications_enabled,
            inventory::filter_options,
            inventory::list_vehicle_rows,
            inventory::get_vehicle,
            inventory::export_csv,
            crm::list_customers,
            crm::get_customer,
            crm::update_customer,
            crm::list_conflicts,
            crm::resolve_conflict,
            test_drives::list_test_drives,
            test_drives::create_test_drive,
            test_drives::update_test_drive,
            test_drives::send_booking_again,
            test_drives::discard_booking,
            calendar::calendar,
            calendar::vehicle_slots,
            calendar::reschedule_test_drive,
            calendar::dealer_settings,
            calendar::aging_stats,
            calendar::price_history,
            calendar::set_vehicle_price,
            leads::list_leads,
            leads::get_lead,
            leads::lead_stats,
            leads::new_lead_count,
            leads::list_staff,
            leads::update_lead,
            leads::list_tasks,
            leads::create_task,
            leads::update_task,
            leads::delete_task,
            connections::list_profiles,
            connections::add_profile,
            connections::use_profile,
            connections::remove_profile,
            connections::set_sandbox_running,
        ])
        .events(tauri_specta::collect_events![
            SyncProgressEvent,
            StatusChanged
        ])
        // Not a command's: the preview backend's data (see `preview`), typed like the rest.
        .typ::<preview::PreviewFixtures>()
        // Every count and amount here is far below 2^53.
        .dangerously_cast_bigints_to_number()
        // One type per Rust type, not separate request and response shapes.
        .disable_serde_phases()
}

/// The bindings file, as generated now.
pub fn bindings() -> String {
    let dir = tempfile_dir();
    let path = dir.join("bindings.ts");
    specta_builder()
        .export(specta_typescript::Typescript::default().header("// Generated from the Rust commands by `cargo test -p dealer-console --lib` (UPDATE_BINDINGS=1). Do not edit.\n"), &path)
        .expect("the bindings export");
    let text = std::fs::read_to_string(&path).expect("the bindings were written");
    let _ = std::fs::remove_dir_all(&dir);
    text
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dealer-console-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// Opens the console window.
pub fn run() {
    state::mark_start();
    let cpu_painting = paint_on_the_cpu_without_a_gpu();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                "dealer_console=info,console_core=info,carstrel_server=warn".into()
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Some(reason) = cpu_painting {
        tracing::info!(?reason, "the window paints on the CPU");
    }
    let builder = specta_builder();
    let console = ConsoleHandle::default();
    photo_scheme::register(tauri::Builder::default(), console.clone())
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(console.clone())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            console.start(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the console window opens");
}

/// On Linux without a GPU, asks WebKit to paint on the CPU (why: [`console_core::rendering`]).
/// Sets an environment variable, so it runs first, before any thread starts.
fn paint_on_the_cpu_without_a_gpu() -> Option<console_core::rendering::CpuPainting> {
    #[cfg(target_os = "linux")]
    {
        use console_core::rendering::{cpu_painting, CPU_PAINTING_VAR, DRI_DIR};
        let choice = cpu_painting(|name| std::env::var_os(name), std::path::Path::new(DRI_DIR));
        if choice.is_some() {
            std::env::set_var(CPU_PAINTING_VAR, "1");
        }
        choice
    }
    #[cfg(not(target_os = "linux"))]
    None
}

#[cfg(test)]
mod tests {
    /// The checked-in TypeScript bindings are what the Rust commands generate.
    #[test]
    fn typescript_bindings_are_up_to_date() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/generated/bindings.ts");
        let fresh = super::bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("the bindings file is writable");
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == fresh,
            "ui/generated/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p dealer-console --lib`"
        );
    }
}
