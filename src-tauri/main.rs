//! `dealer-console`: with no arguments it opens the desktop window; with a subcommand it
//! runs headless (`dealer-console sync`, `dealer-console vehicles --listing-type sale`, …).

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;

fn main() -> std::process::ExitCode {
    if std::env::args_os().len() > 1 {
        return dealer_console::cli::main_with(dealer_console::cli::Cli::parse());
    }
    dealer_console::run();
    std::process::ExitCode::SUCCESS
}
