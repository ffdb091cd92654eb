//! `KeyringStore` round trips on the real Linux backends: kernel keyutils, and Secret
//! Service (gnome-keyring in a private D-Bus session).

use crate::support::{
    eventually, in_secret_service_child, keyutils_store, native_store, random_key,
    rerun_under_secret_service, skip_or_fail, test_name,
};
use console_core::secrets::{KeyringStore, SecretStore};

/// set → get → replace → get → delete → get, with a second store instance reading what
/// the first wrote (so the key really went through the OS store), and no key in errors.
fn round_trip(store: &KeyringStore) {
    let other = KeyringStore::with_backend(store.backend()).with_service(store.service());
    let profile = "dealer-1";
    assert!(
        store.get(profile).unwrap().is_none(),
        "a fresh service holds nothing"
    );

    let first = random_key("sk_live_");
    store.set(profile, &first).unwrap();
    assert_eq!(store.get(profile).unwrap().as_ref(), Some(&first));
    assert_eq!(other.get(profile).unwrap().as_ref(), Some(&first));
    assert!(
        other.get("another-profile").unwrap().is_none(),
        "entries are per profile"
    );

    let second = random_key("sk_test_");
    store.set(profile, &second).unwrap();
    assert_eq!(
        other.get(profile).unwrap().as_ref(),
        Some(&second),
        "set replaces"
    );

    other.delete(profile).unwrap();
    eventually("the deleted key is gone", || {
        store.get(profile).unwrap().is_none()
    });
    store.delete(profile).unwrap();
}

#[test]
#[cfg(target_os = "linux")]
fn keyutils_round_trip() {
    let name = test_name(module_path!(), "keyutils_round_trip");
    if in_secret_service_child() {
        return; // this test is about the kernel keyring, run by the parent process
    }
    match keyutils_store("keyutils") {
        Ok(store) => {
            round_trip(&store);
            // The kernel lists the entry (by description only) while it exists.
            let key = random_key("sk_test_");
            store.set("listed", &key).unwrap();
            let keys = std::fs::read_to_string("/proc/keys").unwrap_or_default();
            assert!(
                keys.contains(&format!("keyring-rs:listed@{}", store.service())),
                "the kernel keyring holds the entry:\n{keys}"
            );
            assert!(!keys.contains(key.expose()));
            // Another process of the same user reads it (through the persistent keyring).
            let output = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    &test_name(module_path!(), "keyutils_child_reads_the_key"),
                    "--exact",
                    "--ignored",
                ])
                .env("KEYUTILS_SERVICE", store.service())
                .env("KEYUTILS_EXPECTED", key.expose())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success() && stdout.contains("1 passed"),
                "another process cannot read the key: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            store.delete("listed").unwrap();
        }
        Err(why) => skip_or_fail(&name, &why),
    }
}

#[test]
#[cfg(target_os = "linux")]
fn secret_service_round_trip() {
    let name = test_name(module_path!(), "secret_service_round_trip");
    if !in_secret_service_child() {
        if let Err(why) = rerun_under_secret_service(&name) {
            skip_or_fail(&name, &why);
        }
        return;
    }
    // In the child: the default (native) Linux backend is Secret Service.
    let store = native_store("secret-service");
    round_trip(&store);

    // gnome-keyring persisted the entry to its keyring file, encrypted.
    let key = random_key("sk_live_");
    store.set("persisted", &key).unwrap();
    let keyrings =
        std::path::PathBuf::from(std::env::var_os("XDG_DATA_HOME").unwrap()).join("keyrings");
    eventually("gnome-keyring writes its keyring file", || {
        std::fs::read_dir(&keyrings).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "keyring"))
        })
    });
    crate::support::assert_no_key_on_disk(&keyrings, &[&key]);
    store.delete("persisted").unwrap();
}

/// Run by `keyutils_round_trip` in a child process: reads the key the parent stored.
#[test]
#[cfg(target_os = "linux")]
#[ignore = "run by keyutils_round_trip in a child process"]
fn keyutils_child_reads_the_key() {
    let Ok(service) = std::env::var("KEYUTILS_SERVICE") else {
        return eprintln!("nothing to do: only meaningful when run by keyutils_round_trip");
    };
    let store = KeyringStore::with_backend(console_core::secrets::KeyringBackend::LinuxKeyutils)
        .with_service(service);
    let key = store
        .get("listed")
        .unwrap()
        .expect("the parent's key is visible");
    assert_eq!(key.expose(), std::env::var("KEYUTILS_EXPECTED").unwrap());
}
