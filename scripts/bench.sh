#!/usr/bin/env bash
# The benchmark harness in one command: installs wrk and sqlite3 when missing, then builds
# carstrel-bench in release mode and runs it. Arguments go to the harness, e.g.
#   scripts/bench.sh --quick
#   scripts/bench.sh --vehicles 50000 --customers 10000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_rust
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The rate-limit cost is also measured on PostgreSQL, on a throwaway server like the
# tests' (stopped when this script exits).
if [ -z "${CARSTREL_BENCH_POSTGRES_URL:-}" ]; then
  start_throwaway_postgres
  export CARSTREL_BENCH_POSTGRES_URL="$CARSTREL_TEST_POSTGRES_URL"
fi
cargo run --release --locked -p carstrel-bench -- "$@"
