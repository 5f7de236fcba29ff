#!/usr/bin/env bash
# `make bench`: one bench (`benches/NAME.rs`) on SQLite and then on a
# throwaway PostgreSQL cluster (scripts/pg.sh), stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/bench-with-pg.sh NAME}
pgdir=$(mktemp -d /tmp/skupaj-bench-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
SKUPAJ_BENCH_PG_URL=$(scripts/pg.sh start "$pgdir") cargo bench --locked --bench "$name"
