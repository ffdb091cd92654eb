//! Shared helpers: random keys, "no key on disk" checks, and reaching a real keychain.
//!
//! A real keychain is found in this order:
//! 1. inside a child re-executed by [`rerun_under_secret_service`]: the Secret Service
//!    that child's private D-Bus session provides (gnome-keyring);
//! 2. the Linux kernel keyutils keyring, if this process may use it (no seccomp filter
//!    refusing `keyctl`);
//! 3. otherwise the test re-executes itself under `dbus-run-session` with an unlocked
//!    gnome-keyring and a throwaway `$HOME`, so it never touches the user's keyring.

use console_core::secrets::{KeyringBackend, KeyringStore, Secret, SecretStore};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Set in the child that runs inside a private D-Bus session with gnome-keyring.
pub const IN_SECRET_SERVICE_ENV: &str = "CARSTREL_TEST_IN_SECRET_SERVICE";

/// Whether this run must not skip anything (CI sets `CI=true`).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Fails on CI, otherwise says loudly why the test did nothing.
pub fn skip_or_fail(test: &str, reason: &str) {
    if on_ci() {
        panic!("{test}: {reason}; CI must exercise a real keychain backend");
    }
    eprintln!("SKIPPED {test}: {reason} (this fails when CI is set)");
}

/// `n` random alphanumerics, from the std library's randomly seeded hasher.
pub fn random_alnum(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let state = RandomState::new();
    (0..n)
        .map(|i| {
            let mut hasher = state.build_hasher();
            hasher.write_usize(i);
            ALPHABET[(hasher.finish() % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

/// A fresh, well-formed key of the given prefix (`sk_live_` / `sk_test_`).
pub fn random_key(prefix: &str) -> Secret {
    Secret::new(format!("{prefix}{}", random_alnum(32)))
}

/// A keychain service name no real installation and no parallel test uses.
pub fn unique_service(tag: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "com.carstrel.dealer-console.test.{tag}.{}.{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        random_alnum(6)
    )
}

/// Asserts that no file under `root` contains any of `keys` (nor their random part).
pub fn assert_no_key_on_disk(root: &Path, keys: &[&Secret]) {
    let mut files = Vec::new();
    collect_files(root, &mut files);
    assert!(
        !files.is_empty(),
        "nothing was written under {}",
        root.display()
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for key in keys {
            let key = key.expose();
            let random_part = &key[8..];
            for needle in [key, random_part] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                    "{} holds an API key",
                    file.display()
                );
            }
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Stores, reads back and deletes a throwaway key: can this store really be used here?
pub fn probe(store: &KeyringStore) -> Result<(), String> {
    let key = random_key("sk_test_");
    store.set("probe", &key).map_err(|e| e.to_string())?;
    let back = store.get("probe").map_err(|e| e.to_string())?;
    store.delete("probe").map_err(|e| e.to_string())?;
    match back {
        Some(back) if back == key => Ok(()),
        _ => Err("the key read back differs from the key stored".to_owned()),
    }
}

/// A store on the Linux kernel keyring, if this process may use it.
pub fn keyutils_store(tag: &str) -> Result<KeyringStore, String> {
    #[cfg(target_os = "linux")]
    {
        let store = KeyringStore::with_backend(KeyringBackend::LinuxKeyutils)
            .with_service(unique_service(tag));
        probe(&store)
            .map(|()| store)
            .map_err(|e| format!("kernel keyutils refused: {e}"))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = tag;
        Err("kernel keyutils is Linux only".to_owned())
    }
}

/// Whether this process is the child running inside a private Secret Service session.
pub fn in_secret_service_child() -> bool {
    std::env::var_os(IN_SECRET_SERVICE_ENV).is_some()
}

/// The platform-native store (Secret Service here), under a throwaway service name.
pub fn native_store(tag: &str) -> KeyringStore {
    KeyringStore::with_backend(KeyringBackend::Native).with_service(unique_service(tag))
}

/// Runs `body` with a real keychain store: Secret Service inside the re-executed child,
/// else kernel keyutils, else re-runs test `name` (its full libtest path) in a child
/// under a private Secret Service, else skips (fails on CI).
pub fn with_real_keychain(name: &str, tag: &str, body: impl FnOnce(KeyringStore)) {
    if in_secret_service_child() {
        let store = native_store(tag);
        probe(&store).expect("Secret Service works inside the private D-Bus session");
        eprintln!("{name}: using Secret Service (gnome-keyring in a private D-Bus session)");
        return body(store);
    }
    match keyutils_store(tag) {
        Ok(store) => {
            eprintln!("{name}: using Linux kernel keyutils");
            body(store)
        }
        Err(why) => {
            eprintln!("{name}: {why}; trying Secret Service under dbus-run-session");
            if let Err(why) = rerun_under_secret_service(name) {
                skip_or_fail(name, &why);
            }
        }
    }
}

/// Re-runs test `name` of this binary inside `dbus-run-session` with gnome-keyring's
/// Secret Service unlocked, `$HOME` and the XDG folders pointing into a temp dir. Panics
/// if the child's test fails; `Err` when the tools are missing.
pub fn rerun_under_secret_service(name: &str) -> Result<(), String> {
    for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
        if !on_path(tool) {
            return Err(format!(
                "{tool} is not installed (Debian: dbus-daemon, gnome-keyring)"
            ));
        }
    }
    let home = tempfile::tempdir().unwrap();
    let runtime = home.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    // gnome-keyring-daemon --unlock reads the login keyring's password on stdin, creates
    // that keyring in the throwaway $XDG_DATA_HOME, and forks into the background.
    let script = "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null \
                  && exec \"$0\" \"$@\"";
    let started = Instant::now();
    let output = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script])
        .arg(&exe)
        .args([
            name,
            "--exact",
            "--nocapture",
            "--test-threads=1",
            "--include-ignored",
        ])
        .env(IN_SECRET_SERVICE_ENV, "1")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("GNOME_KEYRING_CONTROL")
        .env_remove(console_core::secrets::API_KEY_ENV)
        .output()
        .map_err(|e| format!("cannot run dbus-run-session: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!(
        "--- {name} under Secret Service ({:?}) ---\n{stdout}{stderr}--- end ---",
        started.elapsed()
    );
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{name} failed under Secret Service ({})",
        output.status
    );
    Ok(())
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// The libtest name of a test function in module `module_path` (crate name dropped).
pub fn test_name(module_path: &str, function: &str) -> String {
    match module_path.split_once("::") {
        Some((_, module)) => format!("{module}::{function}"),
        None => function.to_owned(),
    }
}

/// Waits until `check` holds: kernel keyutils may still find a key for a few
/// milliseconds after its deletion in the same process.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
