//! The headless console: `dealer-console <subcommand>` syncs, lists, edits and exports
//! from the same cache the window uses, and keeps working with the network gone. Like the
//! window's commands it is a thin shell over console-core: [`args`] parses, [`commands`]
//! calls one console-core function per subcommand, [`render`] prints.
//!
//! `--json` prints what the API's `data` would hold; otherwise a table for people.
//! Every failure exits non-zero with one line saying what went wrong and what to do:
//! 1 an error, 2 a usage error (clap's), 3 offline, 4 the key refused, 5 a read from a
//! profile that has never synced and cannot sync now.
//!
//! Run its tests with `cargo test -p dealer-console --test cli`.

pub mod args;
pub mod commands;
pub mod render;
pub mod render_calendar;
pub mod render_work;

pub use args::Cli;

use console_core::console::{Console, ConsoleOptions};
use console_core::error::{ErrorCode, Result};
use std::io::{Read, Write};

/// Runs the CLI on `cli`, writing results to `out` and reading a key from `stdin`.
pub async fn run(
    cli: Cli,
    out: &mut (dyn Write + Send),
    stdin: &mut (dyn Read + Send),
) -> Result<()> {
    let options = ConsoleOptions {
        data_dir: cli.data_dir.clone(),
        profile: cli.profile.clone(),
        secrets: None,
        photo_budget_bytes: cli.photo_budget_bytes,
    };
    let console = Console::open(options).await?;
    let result = commands::execute(&console, &cli, out, stdin).await;
    console.close().await;
    result
}

/// What `main` calls: runs `cli` on a fresh runtime and maps the outcome to an exit code
/// with one line on stderr.
pub fn main_with(cli: Cli) -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let mut stdin = std::io::stdin();
    match runtime.block_on(run(cli, &mut stdout, &mut stdin)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::from(exit_code(error.code()))
        }
    }
}

/// Scripts branch on these: 3 means try again later, 4 means fix the key.
pub fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::Offline => 3,
        ErrorCode::Unauthorized | ErrorCode::Forbidden => 4,
        ErrorCode::NeverSynced => 5,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_can_tell_offline_and_a_refused_key_from_other_failures() {
        assert_eq!(exit_code(ErrorCode::Offline), 3);
        assert_eq!(exit_code(ErrorCode::Unauthorized), 4);
        assert_eq!(exit_code(ErrorCode::Forbidden), 4);
        assert_eq!(exit_code(ErrorCode::InvalidQuery), 1);
        assert_eq!(exit_code(ErrorCode::CacheBusy), 1);
        assert_eq!(exit_code(ErrorCode::NeverSynced), 5);
    }
}
