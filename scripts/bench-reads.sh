#!/usr/bin/env bash
# `make bench`, the read-rate part: wrk (apt, when missing) against the real
# server, on SQLite and then on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing it with apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq wrk >&2
fi
exec scripts/bench-with-pg.sh reads
