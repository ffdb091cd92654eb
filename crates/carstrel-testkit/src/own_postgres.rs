//! A PostgreSQL server of a test's own, in a temp directory, that the test can stop and
//! start again under a live API (the shared one of `CARSTREL_TEST_POSTGRES_URL` serves
//! other tests at the same time, so it must never go down).
//!
//! Found the way `scripts/setup.sh` finds it: `initdb` on the `PATH`, else the newest
//! `/usr/lib/postgresql/*/bin`. As root, PostgreSQL refuses to run, so its commands run
//! as the `postgres` user through `runuser`.

use std::path::PathBuf;
use std::process::Command;

/// A private PostgreSQL on a loopback port; stopped and deleted when dropped.
pub struct OwnPostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    as_root: bool,
}

impl OwnPostgres {
    /// Creates and starts a fresh server, or returns `None` (saying why on stderr) when
    /// PostgreSQL is not installed here; panics instead when `CARSTREL_REQUIRE_POSTGRES`
    /// is set, as CI sets it.
    pub fn start() -> Option<OwnPostgres> {
        let Some(bin) = find_bin_dir() else {
            assert!(
                std::env::var_os("CARSTREL_REQUIRE_POSTGRES").is_none(),
                "CARSTREL_REQUIRE_POSTGRES is set but initdb and pg_ctl are not installed"
            );
            eprintln!("skipped: PostgreSQL's initdb and pg_ctl are not installed");
            return None;
        };
        let dir = tempfile::Builder::new()
            .prefix("carstrel-own-pg")
            .tempdir()
            .expect("a temp dir");
        let as_root = is_root();
        if as_root {
            run(Command::new("chown").arg("postgres").arg(dir.path()));
        }
        let server = OwnPostgres {
            bin,
            port: crate::unused_port(),
            dir,
            as_root,
        };
        run(server.command("initdb").arg("-D").arg(server.data()).args([
            "-U",
            "postgres",
            "--auth=trust",
            "--locale=C.UTF-8",
            "-E",
            "UTF8",
        ]));
        server.start_again();
        Some(server)
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`, the same across restarts.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server the way an administrator's restart does (`pg_ctl stop -m fast`:
    /// sessions are ended, transactions rolled back) and waits until it is down.
    pub fn stop(&self) {
        run(self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"]));
    }

    /// Starts the stopped server on the same port and data, and waits until it accepts
    /// connections.
    pub fn start_again(&self) {
        let options = format!(
            "-h 127.0.0.1 -p {} -k {} -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.path().display()
        );
        run(self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-w", "-o", &options, "start"]));
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_root {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn find_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).find(|dir| dir.join("initdb").is_file()));
    on_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let version = entry.file_name().to_str()?.parse().ok()?;
                let bin = entry.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

fn run(command: &mut Command) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
