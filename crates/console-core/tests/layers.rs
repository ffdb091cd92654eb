//! Console-core's layering: no file imports another that (through others) imports it,
//! and the cache holds storage only (no network: neither the SDK client nor sync).
//!
//! Run with `cargo test -p console-core --test layers`.

use carstrel_testkit::layers::{assert_no_import_cycles, assert_no_imports};
use std::path::Path;

fn src() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
}

#[test]
fn no_file_imports_itself_through_others() {
    assert_no_import_cycles(src());
}

#[test]
fn the_cache_does_not_import_sync() {
    assert_no_imports(src().join("cache"), "crate::sync");
}

#[test]
fn the_cache_does_not_talk_to_the_network() {
    assert_no_imports(src().join("cache"), "carstrel_client");
}
