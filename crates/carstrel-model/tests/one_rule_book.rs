//! Each rule is written once: no crate of the workspace defines its own copy of a rule
//! book function (the console once kept its own `like_pattern`, email and date checks,
//! and they drifted from the server's).
//!
//! Run with `cargo test -p carstrel-model --test one_rule_book`.

use std::path::{Path, PathBuf};

/// Rule book functions that once had copies elsewhere, and ones that easily could.
const RULES: &[&str] = &[
    "like_pattern",
    "normalize_tags",
    "clean_text",
    "required_text",
    "email",
    "validate_search",
    "validate_preferences",
    "checked_date",
    "apply_customer_update",
    "apply_test_drive_update",
    "parse_id",
    "apply_vehicle_price",
    "takes_new_slot",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == "node_modules" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rule_is_defined_once_in_the_rule_book() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .unwrap();
    let workspace = crate_dir.join("../..").canonicalize().unwrap();
    let rule_book = crate_dir.join("src/rules");
    let mut files = Vec::new();
    for top in ["crates", "src-tauri", "tests", "bench"] {
        if workspace.join(top).is_dir() {
            rust_files(&workspace.join(top), &mut files);
        }
    }
    let mut copies = Vec::new();
    for file in &files {
        if file.starts_with(&rule_book) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for rule in RULES {
            let defines = text.lines().any(|line| {
                let line = line.trim_start();
                let line = line
                    .strip_prefix("pub(crate) ")
                    .or_else(|| line.strip_prefix("pub "))
                    .unwrap_or(line);
                line.starts_with(&format!("fn {rule}(")) || line.starts_with(&format!("fn {rule}<"))
            });
            if defines {
                copies.push(format!("{} defines {rule}", file.display()));
            }
        }
    }
    assert!(
        copies.is_empty(),
        "rules belong in carstrel-model's rule book (src/rules), called from both sides: {copies:#?}"
    );
    // The one definition is there.
    let like = std::fs::read_to_string(rule_book.join("text.rs")).unwrap();
    assert_eq!(like.matches("pub fn like_pattern(").count(), 1);
}
