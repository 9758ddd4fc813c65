#!/usr/bin/env bash
# Starts the release server on a fresh database and runs the browser tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DONGNE_BIN:-target/release/dongne}
PORT=${E2E_PORT:-3100}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# E2E_CLOCK=2026-11-23T23:45 runs the server's clock from that Seoul moment (DONGNE_CLOCK, tests only)
env ${E2E_CLOCK:+DONGNE_CLOCK=$E2E_CLOCK} DATABASE_URL="sqlite://$work/e2e.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=target/site \
  RUST_LOG=warn "$BIN" serve >"$work/server.log" 2>&1 &
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }

cd end2end
E2E_DATABASE_URL="sqlite://$work/e2e.db" BASE_URL="http://127.0.0.1:$PORT" npx playwright test "$@" || { echo "--- server log"; tail -50 "$work/server.log"; exit 1; }
