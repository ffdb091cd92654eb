#!/usr/bin/env bash
# The desktop app benchmark in one command: builds the .deb with the Tauri bundler
# (installer profile, custom protocol), builds the hello-world Tauri app the same way, and
# compares them under Xvfb: time to the first painted screen and memory of the process
# tree, each as a ratio, and the .deb size; then types in the console's inventory search
# at 100 000 vehicles through tauri-driver, against an empty IPC round trip.
#   scripts/bench-app.sh [--runs N] [--search-vehicles N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_system_packages
ensure_rust
ensure_tauri_driver
build_ui

echo "==> installer builds: the console (via the bundler, .deb), then the hello-world app"
# Both in the installers' profile (link-time optimised, as shipped) with the custom
# protocol. The bundler first: it builds the UI again, which makes cargo rebuild any
# console built before it, and a link-time-optimised link of the console takes ~7 minutes
# here. The hello app then reuses that build of Tauri (only it and workspace-hack compile).
rm -rf target/installer/bundle/deb
ui/node_modules/.bin/tauri build --bundles deb -- --profile installer
deb=$(ls target/installer/bundle/deb/*.deb)
cargo build --profile installer --locked -p hello-tauri --features hello-tauri/custom-protocol
cargo build --release --locked -p carstrel-bench

echo "==> measuring under Xvfb, inside a D-Bus session as on a desktop"
# Without a session bus each app autolaunches one (dbus-launch, in its process group),
# pays for it in its start-up, and leaves it running for ~3 s after it is stopped.
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" target/release/carstrel-bench app \
  --console target/installer/dealer-console --hello target/installer/hello-tauri --deb "$deb" "$@"
