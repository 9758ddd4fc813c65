#!/usr/bin/env bash
# `make bench`: prints the figures the README's performance section records. Asserts nothing.
#  1. search in-process (1,000 queries, 3 facet filters each) and the brute-force ratio;
#  2. /courses?q=… rendered by the server vs. a static file of similar size, 32 connections;
#  3. first-visit download (JS + WASM + CSS, brotli);
#  4. cold start to /healthz 200 with the full catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DONGNE_BIN:-target/release/dongne}
PORT=${BENCH_PORT:-3200}
SITE=target/site
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work" "$SITE/bench-static.html"' EXIT

echo "== search (in-process, release)"
cargo bench -p server --bench search 2>/dev/null | grep -v '^$'

echo
echo "== cold start (database already holds the 36,496 courses)"
export DATABASE_URL="sqlite://$work/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=$SITE RUST_LOG=warn
"$BIN" seed >/dev/null 2>&1
for run in 1 2 3; do
  start=$(date +%s%N)
  "$BIN" serve >"$work/server.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.005; done
  end=$(date +%s%N)
  echo "run $run: /healthz 200 after $(( (end - start) / 1000000 )) ms"
  kill $pid; wait $pid 2>/dev/null || true
done

"$BIN" serve >"$work/server.log" 2>&1 &
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done

echo
echo "== first visit download (brotli, as served)"
total=0
for f in dongne.js dongne.wasm dongne.css; do
  size=$(curl -fs -H 'accept-encoding: br' "http://127.0.0.1:$PORT/pkg/$f" | wc -c)
  enc=$(curl -fsI -H 'accept-encoding: br' "http://127.0.0.1:$PORT/pkg/$f" | tr -d '\r' | sed -n 's/^content-encoding: //Ip')
  printf '%-12s %7d bytes (%s)\n' "$f" "$size" "${enc:-identity}"
  total=$((total + size))
done
page=$(curl -fs -H 'accept-encoding: br' "http://127.0.0.1:$PORT/courses?q=%EB%AF%B8%EC%88%A0" | wc -c)
echo "total JS+WASM+CSS: $((total / 1024)) KB ($total bytes); the /courses?q=미술 HTML itself: $((page / 1024)) KB"

echo
echo "== HTTP: a rendered search page vs. a static file of similar size (wrk, 32 connections, 10 s each)"
url="http://127.0.0.1:$PORT/courses?q=%EB%AF%B8%EC%88%A0&subject=arts"
curl -fs "$url" >"$SITE/bench-static.html"
echo "page size: $(wc -c <"$SITE/bench-static.html") bytes (uncompressed)"
run_wrk() { wrk -t2 -c32 -d10s --latency "$1" | tee "$work/wrk.txt" | grep -E 'Requests/sec|99%|50%'; }
echo "-- /courses?q=미술&subject=arts (rendered per request)"
dynamic=$(run_wrk "$url" | tee /dev/stderr | awk '/Requests\/sec/ {print $2}')
echo "-- /bench-static.html (same bytes, from disk)"
static=$(run_wrk "http://127.0.0.1:$PORT/bench-static.html" | tee /dev/stderr | awk '/Requests\/sec/ {print $2}')
awk -v d="$dynamic" -v s="$static" 'BEGIN { printf "rendered / static = %.2f\n", d / s }'
