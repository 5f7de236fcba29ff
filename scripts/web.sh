#!/usr/bin/env bash
# Front-end set-up shared by `make run` and `make test`.
#   scripts/web.sh deps      → npm ci when node_modules is missing or older than package-lock.json
#   scripts/web.sh build     → deps, then the production build into web-frontend/dist
#   scripts/web.sh chromium  → Debian's chromium for the browser tests (apt), when missing
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/../web-frontend"
case "${1:-}" in
deps)
  stamp=node_modules/.skupaj-installed
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
  ;;
build)
  "$self" deps
  npm run --silent build
  ;;
chromium)
  if [ ! -x /usr/bin/chromium ]; then
    echo "Chromium not found: installing Debian's chromium with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
  # Colour emoji for the feedback faces and booking topics in screenshots.
  if ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
    echo "Installing Debian's colour emoji font with apt"
    export DEBIAN_FRONTEND=noninteractive
    (apt-get install -y -qq fonts-noto-color-emoji >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq fonts-noto-color-emoji >/dev/null; }) \
      || echo "(no colour emoji font: faces show in black and white)"
  fi
  ;;
*)
  echo "usage: $0 deps|build|chromium" >&2; exit 2 ;;
esac
