use super::*;

/// A throwaway crate: `files` are `(src-relative path, contents)`.
fn crate_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join("src").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> Option<String> {
    let err = std::panic::catch_unwind(f).err()?;
    Some(
        err.downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| err.downcast_ref::<&str>().unwrap().to_string()),
    )
}

#[test]
fn a_cycle_through_three_files_is_named_in_order() {
    let dir = crate_with(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("a.rs", "use crate::b::Thing;\n"),
        ("b/mod.rs", "pub fn f() { super::c::g() }\n"),
        ("c.rs", "pub fn g() { let _ = crate::a::X; }\n"),
    ]);
    let src = dir.path().join("src");
    let message = panic_message(|| assert_no_import_cycles(&src)).expect("a cycle");
    assert!(
        message.contains("a.rs -> b/mod.rs -> c.rs -> a.rs"),
        "{message}"
    );
}

#[test]
fn re_exports_comments_strings_and_test_modules_are_not_imports() {
    let dir = crate_with(&[
        ("lib.rs", "mod store;\nmod http;\npub use http::Caller;\n"),
        (
            "http.rs",
            "use crate::store;\npub struct Caller;\n\
             #[cfg(test)]\nmod tests { use crate::store::X; }\n",
        ),
        (
            "store/mod.rs",
            "//! Unlike crate::http, this [`crate::http::Caller`] is prose.\n\
             mod keys;\nconst S: &str = \"crate::http::x\";\n\
             #[cfg(test)]\nmod tests;\n",
        ),
        (
            "store/keys.rs",
            "fn f<'a>(c: &'a char) { let _ = '\\''; }\n",
        ),
        ("store/tests.rs", "use crate::http::Caller;\n"),
    ]);
    let src = dir.path().join("src");
    assert_no_import_cycles(&src);
    assert_no_imports(src.join("store"), "crate::http");
}

#[test]
fn forbidden_imports_are_found_relative_and_through_re_exports() {
    let dir = crate_with(&[
        (
            "lib.rs",
            "mod store;\nmod http;\npub use http::api_key::Caller;\n",
        ),
        ("http/mod.rs", "pub mod api_key;\n"),
        ("http/api_key.rs", "pub struct Caller;\n"),
        ("store/mod.rs", "mod keys;\nmod orgs;\n"),
        ("store/keys.rs", "use super::super::http::api_key;\n"),
        ("store/orgs.rs", "fn f(_: &crate::Caller) {}\n"),
    ]);
    let src = dir.path().join("src");
    let message =
        panic_message(|| assert_no_imports(src.join("store"), "crate::http")).expect("offences");
    assert!(
        message.contains("store/keys.rs:1: crate::http::api_key"),
        "{message}"
    );
    assert!(
        message.contains("store/orgs.rs:1: crate::Caller"),
        "{message}"
    );
}

#[test]
fn use_trees_expand_to_every_path() {
    let tokens = lexer::tokens("crate::{a::{self, b as c}, d::*, e}");
    let paths: Vec<(String, Option<String>)> = lexer::use_paths(&tokens)
        .into_iter()
        .map(|p| (p.segments.join("::"), p.binds))
        .collect();
    let expected = [
        ("crate::a", Some("a")),
        ("crate::a::b", Some("c")),
        ("crate::d", None),
        ("crate::e", Some("e")),
    ];
    let expected: Vec<(String, Option<String>)> = expected
        .iter()
        .map(|(p, b)| (p.to_string(), b.map(str::to_owned)))
        .collect();
    assert_eq!(paths, expected);
}

#[test]
fn a_module_and_its_own_files_are_not_a_cycle_but_siblings_are() {
    let dir = crate_with(&[
        ("lib.rs", "mod cache;\n"),
        (
            "cache/mod.rs",
            "mod bulk;\nmod write;\npub struct Cache;\nfn f() { bulk::g() }\n",
        ),
        ("cache/bulk.rs", "use super::Cache;\npub fn g() {}\n"),
        ("cache/write.rs", "use super::Cache;\n"),
    ]);
    let src = dir.path().join("src");
    assert_no_import_cycles(&src);

    std::fs::write(src.join("cache/write.rs"), "use super::{bulk, Cache};\n").unwrap();
    std::fs::write(
        src.join("cache/bulk.rs"),
        "use super::Cache;\nuse super::write;\n",
    )
    .unwrap();
    let message = panic_message(|| assert_no_import_cycles(&src)).expect("a cycle");
    assert!(
        message.contains("cache/bulk.rs -> cache/write.rs -> cache/bulk.rs"),
        "{message}"
    );
}

#[test]
fn forbidden_crates_are_found_in_uses_and_in_code() {
    let dir = crate_with(&[
        ("lib.rs", "mod cache;\nmod sync;\n"),
        ("cache/mod.rs", "mod outbox;\nuse carstrel_model::Vehicle;\n"),
        ("cache/outbox.rs", "use carstrel_client::{Client, Error as Api};\nfn f() { carstrel_client::Client::builder(\"x\"); }\n"),
        ("sync.rs", "use carstrel_client::Client;\n"),
    ]);
    let src = dir.path().join("src");
    let message = panic_message(|| assert_no_imports(src.join("cache"), "carstrel_client"))
        .expect("offences");
    assert!(
        message.contains("cache/outbox.rs:1: carstrel_client::Client"),
        "{message}"
    );
    assert!(
        message.contains("cache/outbox.rs:1: carstrel_client::Error"),
        "{message}"
    );
    assert!(
        message.contains("cache/outbox.rs:2: carstrel_client::Client::builder"),
        "{message}"
    );
    assert!(!message.contains("sync.rs"), "{message}");
    assert_no_imports(src.join("cache"), "carstrel_model::Customer");
}
