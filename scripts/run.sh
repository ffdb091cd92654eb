#!/usr/bin/env bash
# Sets up whatever is missing and starts the CarStrel sandbox: the API with demo data on
# 127.0.0.1:8080, its keys written to target/sandbox/credentials.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_system_packages
ensure_rust
mkdir -p target/sandbox
exec cargo run --release --locked -p carstrel-server -- \
  --database-url "sqlite:target/sandbox/carstrel.db" \
  serve --addr "${CARSTREL_ADDR:-127.0.0.1:8080}" --demo \
  --demo-credentials target/sandbox/credentials.json
