#!/usr/bin/env bash
# `make test`: everything a fresh machine needs, in order, failing fast.
#  1. the SPA: npm dependencies, API client freshness, type check, unit tests, build
#  2. the Rust tests against SQLite, with moto's S3 server for the photo store
#  3. the same tests against a throwaway PostgreSQL cluster (installed with apt when missing)
#  4. the real server: end-to-end tests in headless Chromium, then schemathesis over openapi.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$SECONDS
tmp=$(mktemp -d /tmp/skupaj-test.XXXXXX)
# A folder of its own: the cluster runs as the `postgres` user, who cannot
# enter the private $tmp.
pgdir=$(mktemp -d /tmp/skupaj-pg.XXXXXX)
server_pid=""
s3_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$s3_pid" ] && kill "$s3_pid" 2>/dev/null && wait "$s3_pid" 2>/dev/null || true
  scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }
export CARGO_TERM_COLOR=never

step "web-frontend: dependencies, API client, types, unit tests, build"
scripts/web.sh deps
(cd web-frontend && npm run --silent check:api && npm run --silent typecheck && npm test && npm run --silent build)

step "Rust: build"
cargo build --locked --bins --tests

step "start moto's S3 server for the photo store's tests"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# A virtualenv of its own: moto's Flask stack and schemathesis's pins stay apart.
if [ ! -x .venv-s3/bin/moto_server ]; then
  [ -x .venv-s3/bin/pip ] || python3 -m venv .venv-s3
  .venv-s3/bin/pip install --quiet --disable-pip-version-check 'moto[server]>=5.1,<6'
fi
s3_port=$(free_port)
.venv-s3/bin/moto_server -H 127.0.0.1 -p "$s3_port" >"$tmp/moto.log" 2>&1 &
s3_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$s3_port/moto-api/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$s3_port/moto-api/" >/dev/null || { echo "moto did not start:"; cat "$tmp/moto.log"; exit 1; }
export SKUPAJ_TEST_S3_URL="http://127.0.0.1:$s3_port"

step "Rust tests on SQLite"
cargo test --locked

step "Rust tests on PostgreSQL"
pg_url=$(scripts/pg.sh start "$pgdir")
SKUPAJ_TEST_DATABASE_URL="$pg_url" cargo test --locked --test api
scripts/pg.sh stop "$pgdir"
kill "$s3_pid"; wait "$s3_pid" 2>/dev/null || true; s3_pid=""

step "start the real server (SQLite, demo data) for the browser and schemathesis"
SKUPAJ_DATA_DIR="$tmp/data" RUST_LOG=warn ./target/debug/skupaj seed-demo >/dev/null
port=$(free_port)
SKUPAJ_ADDR="127.0.0.1:$port" SKUPAJ_DATA_DIR="$tmp/data" SKUPAJ_WEB_DIR="$root/web-frontend/dist" RUST_LOG=warn \
  ./target/debug/skupaj serve >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/api/v1/ready" >/dev/null || { cat "$tmp/server.log"; exit 1; }

step "end-to-end tests in headless Chromium"
scripts/web.sh chromium
(cd web-frontend && BASE_URL="http://127.0.0.1:$port" npm run --silent e2e)

step "schemathesis over openapi.yaml (as the demo admin)"
token=$(curl -fsS "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"admin@demo.skupaj.org","password":"Skupaj-demo-Ljubljana-2026"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
SCHEMATHESIS_TOKEN="$token" scripts/schemathesis.sh "http://127.0.0.1:$port"

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
if grep -q "panicked" "$tmp/server.log"; then
  echo "the server panicked during the run:"; grep -A3 panicked "$tmp/server.log"; exit 1
fi
step "all tests passed in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
