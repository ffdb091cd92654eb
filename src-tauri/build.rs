//! Tauri's build step: reads tauri.conf.json, embeds the front end and the capabilities.

fn main() {
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri.conf.json and the capabilities are valid");
}
