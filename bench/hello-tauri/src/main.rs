//! The benchmark's baseline: a window with one heading, built the way the console is.
//! Prints `painted` on stderr when the page reports its first frame, as the console logs
//! its first painted dashboard.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
fn painted() {
    eprintln!("first paint");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!())
        .expect("the window opens");
}
