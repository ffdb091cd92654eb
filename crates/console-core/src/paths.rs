//! Where the console keeps its files on disk.
//!
//! Everything lives under one data directory: the platform's per-user data directory
//! (`~/.local/share/dealerconsole` on Linux, `~/Library/Application Support/
//! com.CarStrel.Dealer-Console` on macOS, `%APPDATA%\CarStrel\Dealer Console\data` on
//! Windows), or an explicit one (`--data-dir DIR`, and a `TempDir` in tests). Keeping the
//! layout in one place means the profile registry, the cache and the sandbox can never
//! disagree about a path:
//!
//! ```text
//! <data dir>/
//!   profiles.json            profile list + which one is active (never a secret)
//!   profiles/<name>/cache.db one SQLite cache per profile (the sandbox's too)
//!   sandbox/carstrel.db      the in-process sandbox server's own database
//! ```

use std::path::{Path, PathBuf};

/// The reverse-DNS qualifier, organization and application `directories` derives the
/// platform paths from. Changing any of them moves every user's data, so they are fixed.
const QUALIFIER: &str = "com";
const ORGANIZATION: &str = "CarStrel";
const APPLICATION: &str = "Dealer Console";

/// Why no data directory could be settled on.
#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    /// No home directory is known (e.g. `$HOME` unset on a bare service account).
    #[error(
        "cannot find a per-user data directory on this system (is $HOME set?); \
         pass --data-dir DIR to choose one"
    )]
    NoPlatformDataDir,
    /// The data directory (or a folder in it) cannot be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    Create {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The root of the console's files and the one place that knows their layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The platform's per-user data directory for the console.
    pub fn platform() -> Result<DataDir, PathsError> {
        directories::ProjectDirs::from(QUALIFIER, ORGANIZATION, APPLICATION)
            .map(|dirs| DataDir::at(dirs.data_dir()))
            .ok_or(PathsError::NoPlatformDataDir)
    }

    /// An explicit directory (the CLI's `--data-dir DIR`, a test's `TempDir`).
    pub fn at(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// `explicit` when given, the platform directory otherwise: what `--data-dir` means.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<DataDir, PathsError> {
        match explicit {
            Some(root) => Ok(DataDir::at(root)),
            None => DataDir::platform(),
        }
    }

    /// Creates the root directory (and its parents) if it does not exist yet.
    pub fn ensure(&self) -> Result<&Self, PathsError> {
        create_dir_all(&self.root)?;
        Ok(self)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The profile registry: names, base URLs, environments and the active profile.
    pub fn profiles_file(&self) -> PathBuf {
        self.root.join("profiles.json")
    }

    /// The folder holding one sub-folder per profile.
    pub fn profiles_dir(&self) -> PathBuf {
        self.root.join("profiles")
    }

    /// A profile's own folder: removed with the profile. `name` must be a validated
    /// profile name (see [`crate::profiles::validate_name`]), never raw user input.
    pub fn profile_dir(&self, name: &str) -> PathBuf {
        self.profiles_dir().join(name)
    }

    /// The SQLite cache of one profile.
    pub fn cache_db(&self, name: &str) -> PathBuf {
        self.profile_dir(name).join("cache.db")
    }

    /// The sandbox server's folder, beside (not inside) the profiles so that removing
    /// the sandbox's cache never removes the data it is a cache of.
    pub fn sandbox_dir(&self) -> PathBuf {
        self.root.join("sandbox")
    }

    /// The sandbox server's database.
    pub fn sandbox_db(&self) -> PathBuf {
        self.sandbox_dir().join("carstrel.db")
    }
}

/// `create_dir_all` with the path in the error. The folders it creates are the user's
/// alone (0700 on Unix): they hold customers' personal data.
pub(crate) fn create_dir_all(path: &Path) -> Result<(), PathsError> {
    private_dir_builder()
        .create(path)
        .map_err(|source| PathsError::Create {
            path: path.to_owned(),
            source,
        })
}

fn private_dir_builder() -> std::fs::DirBuilder {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

/// Creates a database file (and its missing folders, as [`create_dir_all`] does)
/// readable and writable by its owner only (0600 on Unix), unless it exists. SQLite
/// gives the `-wal` and `-shm` files the database file's mode, so they are private too.
pub fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir_builder().create(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// A `sqlite:` URL for a file path that sqlx reads back as the same path.
///
/// sqlx percent-decodes the file name and splits off `?params`, so the characters that
/// would be misread (`%`, `?`, `#`) are escaped; spaces (as in "Dealer Console") are too,
/// because the `Any` driver parses the URL with the `url` crate first.
pub fn sqlite_url(path: &Path) -> String {
    let mut url = String::from("sqlite:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => url.push_str("%25"),
            '?' => url.push_str("%3F"),
            '#' => url.push_str("%23"),
            ' ' => url.push_str("%20"),
            c => url.push(c),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_under_the_root() {
        let dir = DataDir::at("/data");
        assert_eq!(dir.profiles_file(), Path::new("/data/profiles.json"));
        assert_eq!(
            dir.cache_db("prod"),
            Path::new("/data/profiles/prod/cache.db")
        );
        assert_eq!(dir.sandbox_db(), Path::new("/data/sandbox/carstrel.db"));
    }

    #[test]
    fn explicit_dir_wins() {
        let dir = DataDir::resolve(Some("/elsewhere".into())).unwrap();
        assert_eq!(dir.root(), Path::new("/elsewhere"));
    }

    #[test]
    fn sqlite_urls_escape_what_sqlx_would_misread() {
        assert_eq!(
            sqlite_url(Path::new("/a b/100%?#.db")),
            "sqlite:/a%20b/100%25%3F%23.db"
        );
    }
}
