//! The server's layering: no file imports another that (through others) imports it, and
//! the store never reaches up into HTTP.
//!
//! Run with `cargo test -p carstrel-server --test layers`.

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
fn the_store_does_not_import_http() {
    assert_no_imports(src().join("store"), "crate::http");
}
