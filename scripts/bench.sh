#!/usr/bin/env bash
# `make bench`: prints the figures the README's performance section records. Asserts nothing.
#  1. search in-process (1,000 queries, 3 facet filters each) and the brute-force ratio;
#  2. /courses?q=… rendered by the server vs. a static file of similar size, 32 connections;
#  3. first-visit download (JS + WASM + CSS, brotli);
#  4. cold start to /healthz 200 with the full catalogue;
#  5. bookings: durable bookings/s vs raw SQLite, p99 at 32 clients, the 2,000-for-300 burst;
#  6. the search page for a signed-in resident vs a guest;
#  7. air quality: signed readings/s, 7-day history p99, 1,000 event streams;
#  8. open data: catalogue search p99, records/s through the key API, streamed CSV downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DONGNE_BIN:-target/release/dongne}
PORT=${BENCH_PORT:-3200}
SITE=target/site
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work" "$SITE/bench-static.html"' EXIT

echo "== bookings (in-process server on a loopback port, real HTTP)"
cargo bench -p server --bench bookings 2>/dev/null | grep -v '^$'

echo
echo "== air quality (in-process server on a loopback port, real HTTP)"
cargo bench -p server --bench air 2>/dev/null | grep -v '^$'

echo
echo "== car share (in-process server on a loopback port, real HTTP)"
cargo bench -p server --bench carshare 2>/dev/null | grep -v '^$'

echo
echo "== open data (in-process server on a loopback port, real HTTP)"
cargo bench -p server --bench open_data 2>/dev/null | grep -v '^$'

echo
echo "== search (in-process, release)"
cargo bench -p server --bench search 2>/dev/null | grep -v '^$'

echo
echo "== cold start (database already holds the 36,496 courses)"
export DATABASE_URL="sqlite://$work/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT=$SITE RUST_LOG=warn
"$BIN" seed >/dev/null 2>&1
# one light poller (a curl per try would steal the CPU the server is starting on)
python3 - "$BIN" "$PORT" <<'PY'
import socket, subprocess, sys, time
binary, port = sys.argv[1], int(sys.argv[2])
for run in (1, 2, 3):
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    break
        except OSError:
            pass
        time.sleep(0.005)
    print(f"run {run}: /healthz 200 after {(time.monotonic() - started) * 1000:.0f} ms")
    server.terminate()
    server.wait()
PY

"$BIN" serve >"$work/server.log" 2>&1 &
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done

echo
echo "== first visit download (brotli, as served)"
total=0
for f in pkg/dongne.js pkg/dongne.wasm pkg/dongne.css islands.js; do
  size=$(curl -fs -H 'accept-encoding: br' "http://127.0.0.1:$PORT/$f" | wc -c)
  enc=$(curl -fsI -H 'accept-encoding: br' "http://127.0.0.1:$PORT/$f" | tr -d '\r' | sed -n 's/^content-encoding: //Ip')
  printf '%-16s %7d bytes (%s)\n' "$f" "$size" "${enc:-identity}"
  total=$((total + size))
done
page=$(curl -fs -H 'accept-encoding: br' "http://127.0.0.1:$PORT/courses?q=%EB%AF%B8%EC%88%A0" | wc -c)
echo "total JS+WASM+CSS (with islands.js): $((total / 1024)) KB ($total bytes); the /courses?q=미술 HTML itself: $((page / 1024)) KB"

echo
echo "== HTTP: a search page vs. a static file of similar size (wrk, 32 connections, 10 s each)"
url="http://127.0.0.1:$PORT/courses?q=%EB%AF%B8%EC%88%A0&subject=arts"
curl -fs "$url" >"$SITE/bench-static.html"
echo "page size: $(wc -c <"$SITE/bench-static.html") bytes (uncompressed)"
# prints the lines that matter and leaves requests/s in $work/rps
run_wrk() {
  wrk -t2 -c32 -d10s --latency "$1" >"$work/wrk.txt"
  grep -E 'Requests/sec|  50%|  99%' "$work/wrk.txt"
  awk '/Requests\/sec/ {print $2}' "$work/wrk.txt" >"$work/rps"
}
echo "-- /bench-static.html (the same bytes, from disk)"
run_wrk "http://127.0.0.1:$PORT/bench-static.html"
static=$(cat "$work/rps")
echo "-- /courses?q=미술&subject=arts through the page cache (as served)"
run_wrk "$url"
cached=$(cat "$work/rps")
# a signed-in resident: the same kept page with their menu swapped in, plus the session lookup
cookie=$(curl -fs -o /dev/null -D - -X POST "http://127.0.0.1:$PORT/api/sign_up" \
  -H "Origin: http://127.0.0.1:$PORT" -H 'Accept: application/json' \
  --data 'email=bench%40example.com&password=correct+horse+battery&name=Bench' \
  | tr -d '\r' | sed -n 's/^set-cookie: \(dongne_session=[^;]*\).*/\1/Ip')
echo "-- the same page for a signed-in resident (Cookie: dongne_session=…)"
wrk -t2 -c32 -d10s --latency -H "Cookie: $cookie" "$url" >"$work/wrk.txt"
grep -E 'Requests/sec|  50%|  99%' "$work/wrk.txt"
signed_in=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
curl -fs -H "Cookie: $cookie" "$url" | grep -q 'data-testid="account-name"' || echo "!! the signed-in page did not greet the resident"
awk -v g="$cached" -v s="$signed_in" 'BEGIN { printf "signed in / guest = %.2f\n", s / g }'
kill %1 2>/dev/null || kill $(jobs -p); wait 2>/dev/null || true
DONGNE_PAGE_CACHE=0 "$BIN" serve >"$work/server.log" 2>&1 &
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done
echo "-- /courses?q=미술&subject=arts rendered on every request (DONGNE_PAGE_CACHE=0)"
run_wrk "$url"
rendered=$(cat "$work/rps")
awk -v c="$cached" -v r="$rendered" -v s="$static" \
  'BEGIN { printf "served / static = %.2f; rendered every time / static = %.2f\n", c / s, r / s }'
