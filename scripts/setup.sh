#!/usr/bin/env bash
# Installs what building and testing wif-console needs, once, at pinned versions; anything
# already present at the right version is left alone. `--browser` adds Chromium and ChromeDriver
# for the browser tests. Nothing here downloads a prebuilt binary: tools come from crates.io
# (built from source), npm (binaryen) and Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
# wasm-bindgen's CLI must match the library exactly, so its version is read from Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  # A debug build of Trunk installs in a quarter of the time and works the same.
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install --debug --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # Without --locked: its lock file names a crate version the registry no longer serves. A
  # release build, because a debug build makes the test runner four times slower.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes)"
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Node.js runs wasm-opt (npm's binaryen) and the core crate's wasm tests.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Debian's nodejs and npm"
  apt_install nodejs npm
fi

# wasm-opt from npm's binaryen, into .tools/ (Makefile puts it on PATH). Debian's binaryen is too
# old: the app it optimizes does not start.
wasm_opt=.tools/binaryen/node_modules/.bin/wasm-opt
if ! "$wasm_opt" --version 2>/dev/null | grep -q "(version_$BINARYEN_VERSION)"; then
  say "installing binaryen $BINARYEN_VERSION from npm"
  npm install --silent --no-audit --no-fund --prefix .tools/binaryen "binaryen@$BINARYEN_VERSION"
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
fi

# Trunk runs offline (Trunk.toml), so every crate must be in the local registry first.
cargo fetch --quiet
