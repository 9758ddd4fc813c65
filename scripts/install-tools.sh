#!/usr/bin/env bash
# Installs what building, running and testing Dongne needs, skipping whatever is already there,
# so a warm machine passes through in seconds. Called by `make` before every target that needs it.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# must equal the wasm-bindgen crate in Cargo.lock: cargo-leptos calls the CLI found on PATH
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
# Chromium and Playwright only for the browser tests (`make test`): `make run` does not need them
want_browser=${WANT_BROWSER:-0}
want_bench=${WANT_BENCH:-0}
want_fuzz=${WANT_FUZZ:-0}
SCHEMATHESIS_VERSION=4.32.5

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (compiles for ~20 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # without --locked: its own lock file does not build with this toolchain
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Debian's binaryen (108) emits wasm that fails hydration; the npm build (132) works.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || ! diff -q tools/package.json tools/node_modules/.package.json.installed >/dev/null 2>&1; then
  say "installing wasm-opt (npm binaryen)"
  (cd tools && npm ci --no-audit --no-fund && cp package.json node_modules/.package.json.installed)
fi

apt_missing=()
if [ "$want_browser" = 1 ]; then
  command -v chromium >/dev/null || apt_missing+=(chromium)
  dpkg -s fonts-nanum >/dev/null 2>&1 || apt_missing+=(fonts-nanum)
fi
if [ "$want_bench" = 1 ]; then
  command -v wrk >/dev/null || apt_missing+=(wrk)
  command -v brotli >/dev/null || apt_missing+=(brotli)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_missing[@]}"
fi

if [ "$want_browser" = 1 ]; then
  if [ ! -d end2end/node_modules/@playwright/test ] || ! diff -q end2end/package.json end2end/node_modules/.package.json.installed >/dev/null 2>&1; then
    say "installing Playwright (uses Debian's chromium; never downloads a browser)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && cp package.json node_modules/.package.json.installed)
  fi
fi

# the outside OpenAPI fuzzer `make test` runs against the API (scripts/fuzz-api.sh), from PyPI
if [ "$want_fuzz" = 1 ] && [ "$(st --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
