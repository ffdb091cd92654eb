#!/usr/bin/env bash
# Sets up whatever is missing and opens the dealer console. With no profile configured it
# runs on the sandbox: the CarStrel API in-process with demo data, no questions asked.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_system_packages
ensure_rust
build_ui
exec cargo run --locked -p dealer-console
