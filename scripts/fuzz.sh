#!/usr/bin/env bash
# Validates the served OpenAPI document (openapi-spec-validator), then fuzzes the API
# against it with Schemathesis (`--checks all`):
# a demo server on a throwaway SQLite file, a key with a budget the run cannot spend,
# staff and customer tokens, and a time budget. Fails when Schemathesis finds anything:
# a 5xx, an undocumented status, a schema-valid request refused, an invalid one
# accepted, or a response that does not match its schema.
#
# CARSTREL_FUZZ_SECONDS (default 100) bounds the run; CARSTREL_FUZZ_SEED fixes the data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

SCHEMATHESIS_VERSION=4.32.5
OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
FUZZ_SECONDS=${CARSTREL_FUZZ_SECONDS:-100}
FUZZ_SEED=${CARSTREL_FUZZ_SEED:-15}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
VENV="$TARGET_DIR/schemathesis-$SCHEMATHESIS_VERSION"

ensure_rust
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv --clear "$VENV" >/dev/null 2>&1 \
    || { ensure_system_packages python3-venv && python3 -m venv --clear "$VENV"; }
  echo "==> installing schemathesis $SCHEMATHESIS_VERSION"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
if [ ! -x "$VENV/bin/openapi-spec-validator" ]; then
  echo "==> installing openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
fi

# --workspace, like the test command's build: `-p` alone would resolve other features.
cargo build --locked --workspace --bin carstrel-server
SERVER="$TARGET_DIR/debug/carstrel-server"
WORK=$(mktemp -d /tmp/carstrel-fuzz.XXXXXX)
DB="sqlite:$WORK/fuzz.db"
SERVER_PID=""
cleanup() {
  [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Schemathesis sends many keyless and bad-key requests from one address and expects
# each to be a 401; the per-address flood throttle (its own tests cover it) is opened up.
"$SERVER" --database-url "$DB" serve --demo --demo-vehicles 40 --demo-customers 30 \
  --bad-keys-per-minute 1000000 --addr 127.0.0.1:0 --demo-credentials "$WORK/demo.json" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  [ -s "$WORK/demo.json" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.5
done
[ -s "$WORK/demo.json" ] || { echo "the demo server did not start" >&2; cat "$WORK/server.log"; exit 1; }

read -r BASE_URL ORG STAFF_EMAIL STAFF_PASSWORD < <(python3 -c '
import json, sys
demo = json.load(open(sys.argv[1]))
org = demo["organizations"][0]
print(demo["baseUrl"], org["id"], org["staff"]["email"], org["staff"]["password"])' "$WORK/demo.json")

# A key whose hourly budget the run cannot spend, so every operation is really tested.
CARSTREL_FUZZ_API_KEY=$("$SERVER" --database-url "$DB" keys create --org "$ORG" --name fuzz \
  --rate-limit-per-hour 10000000 | grep -Eo 'sk_live_[A-Za-z0-9]+' | head -n 1)
export CARSTREL_FUZZ_API_KEY
post() {
  curl -fsS -X POST "$BASE_URL$1" -H 'content-type: application/json' \
    -H "x-api-key: $CARSTREL_FUZZ_API_KEY" -d "$2"
}
json_field() { python3 -c 'import json, sys; d = json.load(sys.stdin)["data"]; print(d[sys.argv[1]])' "$1"; }
CARSTREL_FUZZ_STAFF_TOKEN=$(post /api/v1/auth/login \
  "{\"email\": \"$STAFF_EMAIL\", \"password\": \"$STAFF_PASSWORD\"}" | json_field token)
CARSTREL_FUZZ_CUSTOMER_TOKEN=$(post /external/auth/register \
  '{"email": "fuzz@example.com", "password": "fuzz-password-1", "firstName": "Fuzz", "lastName": "Er"}' \
  | json_field access_token)
export CARSTREL_FUZZ_STAFF_TOKEN CARSTREL_FUZZ_CUSTOMER_TOKEN

# The document itself first: valid OpenAPI 3.1 against the specification's own schema
# (unique operationIds, well-formed responses and parameters), as a client generator
# reads it.
echo "==> the served document validates as OpenAPI (openapi-spec-validator)"
curl -fsS "$BASE_URL/openapi.json" -o "$WORK/openapi.json"
"$VENV/bin/openapi-spec-validator" "$WORK/openapi.json"

echo "==> schemathesis --checks all against $BASE_URL/openapi.json (${FUZZ_SECONDS}s)"
"$VENV/bin/st" --config-file scripts/fuzz/schemathesis.toml run "$BASE_URL/openapi.json" \
  --checks all --max-time "$FUZZ_SECONDS" --max-examples 40 --seed "$FUZZ_SEED" \
  --request-timeout 10 --no-color --warnings off
