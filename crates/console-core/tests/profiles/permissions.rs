//! The console's files hold customers' personal data: the folders it creates are the
//! user's alone (0700) and its databases, with their `-wal` and `-shm` files, too (0600).

use console_core::cache::Cache;
use console_core::paths::DataDir;
use console_core::profiles::Profiles;
use console_core::sandbox::Sandbox;
use console_core::secrets::MemoryStore;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn assert_private_database(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let path = Path::new(&format!("{}{suffix}", file.display())).to_owned();
        assert_eq!(
            mode(&path),
            0o600,
            "{} has mode {:o}",
            path.display(),
            mode(&path)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_and_the_sandbox_are_readable_by_their_owner_only() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("Dealer Console"));
    let sandbox = Sandbox::start(&dir).await.expect("the sandbox starts");
    let profiles = Profiles::open(dir.clone(), Arc::new(MemoryStore::new())).unwrap();
    let cache_path = profiles.cache_path("sandbox").unwrap();
    let cache = Cache::open(&cache_path).await.unwrap();

    assert_private_database(&dir.sandbox_db());
    assert_private_database(&cache_path);
    for folder in [
        dir.root().to_owned(),
        dir.sandbox_dir(),
        dir.profiles_dir(),
        dir.profile_dir("sandbox"),
    ] {
        assert_eq!(
            mode(&folder),
            0o700,
            "{} has mode {:o}",
            folder.display(),
            mode(&folder)
        );
    }
    drop(cache);
    drop(sandbox);
}
