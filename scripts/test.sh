#!/usr/bin/env bash
# Sets up whatever is missing (Debian/Ubuntu packages), starts a throwaway PostgreSQL,
# and runs every test of the workspace on SQLite and PostgreSQL, then fmt and clippy.
# One workspace build serves every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# A fresh clone gains nothing from incremental state; it only doubles what the build
# writes to disk. Set once here so every cargo command below shares one fingerprint.
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
  echo "==> disk before the build: $(df -h --output=avail . | tail -n 1 | tr -d ' ') free"
fi

ensure_system_packages
ensure_rust
build_ui

echo "==> UI unit tests (vitest)"
npm run --prefix ui test

start_throwaway_postgres
echo "==> cargo test (SQLite and PostgreSQL, the console core, the app's CLI)"
cargo test --workspace --locked

echo "==> fuzzing the API against its OpenAPI document (schemathesis --checks all)"
scripts/fuzz.sh

echo "==> end to end: the real app under Xvfb (screenshots in target/e2e-screenshots)"
# --workspace, like the run above: `-p` alone resolves other dependency features and
# rebuilds ~90 crates.
ensure_tauri_driver
CARSTREL_E2E=1 xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --workspace --locked --test e2e -- --nocapture

echo "==> workspace-hack is current (one feature set for every cargo command)"
ensure_hakari
cargo hakari generate --diff
cargo hakari manage-deps --dry-run

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
