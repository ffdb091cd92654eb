//! Embeds tauri.conf.json and dist/, as the console's build step does.

fn main() {
    tauri_build::build();
}
