//! The profile registry over a real keychain: add, list, use, remove, and keys nowhere
//! on disk.

use crate::support::{
    assert_no_key_on_disk, eventually, random_key, test_name, with_real_keychain,
};
use console_core::paths::DataDir;
use console_core::profiles::{ProfileError, ProfileKind, Profiles, SANDBOX_PROFILE};
use console_core::secrets::{EnvOverride, KeyringStore, Secret, SecretStore};
use std::process::Command;
use std::sync::Arc;

fn names(profiles: &Profiles) -> Vec<String> {
    profiles.list().into_iter().map(|p| p.name).collect()
}

#[test]
fn add_list_use_remove_with_the_real_keychain() {
    let name = test_name(module_path!(), "add_list_use_remove_with_the_real_keychain");
    with_real_keychain(&name, "registry", |store| {
        let temp = tempfile::tempdir().unwrap();
        let dir = DataDir::at(temp.path());
        let store = Arc::new(store);
        let mut profiles = Profiles::open(dir.clone(), store.clone()).unwrap();
        let live = random_key("sk_live_");
        let test = random_key("sk_test_");

        let prod = profiles
            .add("prod", "https://api.dealer.example/", &live)
            .unwrap();
        assert_eq!(prod.base_url.as_deref(), Some("https://api.dealer.example"));
        assert_eq!(prod.environment.as_str(), "live");
        assert_eq!(prod.kind, ProfileKind::Remote);
        let staging = profiles
            .add("staging", "http://127.0.0.1:9", &test)
            .unwrap();
        assert_eq!(staging.environment.as_str(), "test");

        // The keys are in the OS keychain, readable by a fresh store instance...
        let fresh = KeyringStore::with_backend(store.backend()).with_service(store.service());
        assert_eq!(fresh.get("prod").unwrap().as_ref(), Some(&live));
        assert_eq!(profiles.key("staging").unwrap(), test);
        // ...and nowhere on disk, where profiles.json only points at them.
        let json = std::fs::read_to_string(dir.profiles_file()).unwrap();
        assert!(
            json.contains(&format!("\"keyRef\": \"{}/prod\"", store.service())),
            "{json}"
        );
        std::fs::write(profiles.cache_path("prod").unwrap(), b"cache").unwrap();
        assert_no_key_on_disk(temp.path(), &[&live, &test]);

        // The first profile added became active; the choice persists.
        assert_eq!(names(&profiles), ["sandbox", "prod", "staging"]);
        assert_eq!(profiles.active().name, "prod");
        profiles.use_profile("staging").unwrap();
        let reopened = Profiles::open(dir.clone(), store.clone()).unwrap();
        assert_eq!(reopened.active().name, "staging");
        assert_eq!(names(&reopened), names(&profiles));

        // The override (CARSTREL_API_KEY) wins over the keychain for a profile of its
        // environment only: a test key never reaches the live profile's server.
        let forced = random_key("sk_test_");
        let overridden = EnvOverride::new(store.clone(), Some(forced.clone()));
        let with_override = Profiles::open(dir.clone(), Arc::new(overridden)).unwrap();
        assert_eq!(with_override.key("staging").unwrap(), forced);
        assert_eq!(with_override.key("prod").unwrap(), live);
        assert_eq!(
            profiles.key("prod").unwrap(),
            live,
            "the stored key is untouched"
        );

        // Duplicates and the sandbox are refused.
        let dup = profiles.add("prod", "https://x.example", &random_key("sk_live_"));
        assert!(
            matches!(dup, Err(ProfileError::AlreadyExists { .. })),
            "{dup:?}"
        );
        assert_eq!(
            fresh.get("prod").unwrap().as_ref(),
            Some(&live),
            "a refused add stores nothing"
        );
        assert!(matches!(
            profiles.remove(SANDBOX_PROFILE),
            Err(ProfileError::Sandbox { .. })
        ));
        assert!(matches!(
            profiles.remove("nope"),
            Err(ProfileError::NotFound { .. })
        ));
        assert!(matches!(
            profiles.use_profile("nope"),
            Err(ProfileError::NotFound { .. })
        ));

        // Removing deletes the keychain entry and the cache folder.
        profiles.remove("staging").unwrap();
        profiles.remove("prod").unwrap();
        eventually("the keychain forgets the removed keys", || {
            fresh.get("prod").unwrap().is_none() && fresh.get("staging").unwrap().is_none()
        });
        assert!(!dir.profile_dir("prod").exists());
        assert_eq!(names(&profiles), ["sandbox"]);
        assert!(
            profiles.active().is_sandbox(),
            "with no remote profile, the sandbox is back"
        );
        assert!(matches!(
            profiles.key("prod"),
            Err(ProfileError::NotFound { .. })
        ));
    });
}

#[test]
fn bad_input_gets_a_clear_error_and_stores_nothing() {
    let name = test_name(
        module_path!(),
        "bad_input_gets_a_clear_error_and_stores_nothing",
    );
    with_real_keychain(&name, "bad-input", |store| {
        let temp = tempfile::tempdir().unwrap();
        let store = Arc::new(store);
        let mut profiles = Profiles::open(DataDir::at(temp.path()), store.clone()).unwrap();
        let live = random_key("sk_live_");
        let cases: [(&str, &str, Secret, &str); 7] = [
            // A typed name is kept for display with a slug derived from it; only an empty
            // one or one with control characters is refused.
            ("   ", "https://a.example", live.clone(), "it is empty"),
            (
                "../etc\u{7}",
                "https://a.example",
                live.clone(),
                "control characters",
            ),
            (
                "sandbox",
                "https://a.example",
                live.clone(),
                "built-in sandbox",
            ),
            ("prod", "api.example.com", live.clone(), "https://"),
            (
                "prod",
                "http://api.example.com",
                live.clone(),
                "live key is only sent over https",
            ),
            (
                "prod",
                "https://a.example",
                Secret::new("pk_live_0123456789abcdefXYZ"),
                "sk_live_",
            ),
            (
                "prod",
                "https://a.example",
                Secret::new("sk_test_tooshort"),
                "too short",
            ),
        ];
        for (name, url, key, expected) in cases {
            let error = profiles.add(name, url, &key).unwrap_err();
            let message = error.to_string();
            assert!(message.contains(expected), "{name} {url}: {message}");
            assert!(
                !message.contains(key.expose()),
                "the key leaks into: {message}"
            );
            eprintln!("refused as expected: {message}");
        }
        assert!(
            store.get("prod").unwrap().is_none(),
            "nothing reached the keychain"
        );
        assert!(
            !temp.path().join("profiles.json").exists(),
            "nothing reached the disk"
        );
    });
}

/// Runs in a child process whose environment sets `CARSTREL_API_KEY` (see below); it is
/// ignored in a plain run because the variable is not set there.
#[test]
#[ignore = "run by the_api_key_variable_overrides_the_keychain in a child process"]
fn child_reads_the_api_key_variable() {
    let Ok(expected) = std::env::var("EXPECTED_OVERRIDE") else {
        return eprintln!("nothing to do: only meaningful when run by the parent test");
    };
    let store = EnvOverride::from_env(console_core::secrets::MemoryStore::new());
    assert!(store.is_active());
    store.set("prod", &random_key("sk_live_")).unwrap();
    assert_eq!(store.get("prod").unwrap().unwrap().expose(), expected);
}

#[test]
fn the_api_key_variable_overrides_the_keychain() {
    let key = random_key("sk_test_");
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            &test_name(module_path!(), "child_reads_the_api_key_variable"),
            "--exact",
            "--ignored",
        ])
        .env(
            console_core::secrets::API_KEY_ENV,
            format!(" {} \n", key.expose()),
        )
        .env("EXPECTED_OVERRIDE", key.expose())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
