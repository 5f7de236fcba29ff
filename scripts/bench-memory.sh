#!/usr/bin/env bash
# `make bench`, the memory part: the release `skupaj serve` on a fresh SQLite
# file with the demo data; its resident memory (VmRSS) at idle, then after
# a read-heavy wrk run over the personal-data endpoints. Prints figures; it
# is not a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not found (scripts/bench-reads.sh installs it)" >&2; exit 1; }
cargo build --release --locked --quiet
dir=$(mktemp -d /tmp/skupaj-bench-mem.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export SKUPAJ_DATA_DIR="$dir" SKUPAJ_ADDR="127.0.0.1:$port" RUST_LOG=warn
unset DATABASE_URL
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
./target/release/skupaj seed-demo --if-empty >/dev/null
./target/release/skupaj serve >"$dir/serve.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/api/v1/ready" >/dev/null 2>&1 && break; sleep 0.1; done
rss() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
sleep 2
idle=$(rss)
token=$(curl -fs "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"coordinator@demo.skupaj.org","password":"Skupaj-demo-Ljubljana-2026"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
ids=$(curl -fs "$base/api/v1/participants?limit=100" -H "Authorization: Bearer $token" |
  python3 -c 'import json,sys; print(",".join("\"/api/v1/participants/%s\"" % p["id"] for p in json.load(sys.stdin)["items"]))')
cat >"$dir/paths.lua" <<LUA
local paths = {$ids, "/api/v1/participants?limit=50", "/api/v1/interviews?limit=50", "/api/v1/skills?q=sew", "/api/v1/me"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], {["Authorization"] = "Bearer $token"})
end
LUA
wrk -t2 -c64 -d"${SKUPAJ_BENCH_SECONDS:-8}s" -s "$dir/paths.lua" "$base" >"$dir/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
errors=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.txt")
[ -z "$errors" ] || echo "warning: $errors answers were not 2xx" >&2
after=$(rss)
echo
echo "Memory of skupaj serve (SQLite, demo data; resident set, VmRSS):"
printf '  at idle after start:                 %6s MB   (goal: under 64 MB)\n' "$idle"
printf '  after %8s reads with 64 clients: %6s MB   (goal: under 150 MB)\n' "$requests" "$after"
