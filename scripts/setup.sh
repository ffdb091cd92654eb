# Shared by scripts/run.sh and scripts/test.sh: installs only what is missing on a
# Debian/Ubuntu machine. Source it; it defines functions and changes nothing by itself.

# System packages the workspace builds and tests with.
SYSTEM_PACKAGES=(build-essential pkg-config postgresql curl ca-certificates python3
  # scripts/fuzz.sh: Schemathesis in a virtual environment
  python3-venv
  # console-core: Secret Service support, and a real keychain for its tests
  libdbus-1-dev dbus-daemon gnome-keyring
  # the desktop app (Tauri 2 on WebKitGTK), and its end-to-end tests under Xvfb
  libwebkit2gtk-4.1-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev file
  xvfb xauth webkit2gtk-driver xdotool imagemagick)

ensure_system_packages() {
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_system_packages nodejs npm
  fi
}

# Installs the UI's locked npm packages (only when the lock changed) and builds ui/dist,
# which the app embeds at compile time.
build_ui() {
  ensure_node
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    echo "==> npm ci (ui)"
    npm ci --prefix ui --no-audit --no-fund
  fi
  echo "==> building the UI"
  npm run --prefix ui build
}

# The WebDriver bridge for the app's end-to-end tests (WebKitWebDriver comes from apt).
ensure_tauri_driver() {
  command -v tauri-driver >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/tauri-driver" ] \
    || cargo install tauri-driver --locked --version 2.1.0
}

# cargo-hakari keeps crates/workspace-hack current; the test command checks it is.
ensure_hakari() {
  command -v cargo-hakari >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/cargo-hakari" ] \
    || cargo install cargo-hakari --locked --version 0.9.39
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  command -v cargo >/dev/null 2>&1 || {
    echo "cargo is missing: install Rust with rustup (https://rustup.rs) and run this again" >&2
    exit 1
  }
}

# Starts a throwaway PostgreSQL on 127.0.0.1 for the tests and exports
# CARSTREL_TEST_POSTGRES_URL; it is stopped and deleted when the calling shell exits.
start_throwaway_postgres() {
  local bin
  bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  PG_DIR=$(mktemp -d /tmp/carstrel-pg.XXXXXX)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --locale=C.UTF-8 -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  "${as_pg[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c full_page_writes=off -c max_connections=400" start >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  PG_CTL="$bin/pg_ctl"
  PG_AS=("${as_pg[@]}")
  trap stop_throwaway_postgres EXIT
  export CARSTREL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export CARSTREL_REQUIRE_POSTGRES=1
  echo "==> throwaway PostgreSQL on 127.0.0.1:$port"
}

stop_throwaway_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
