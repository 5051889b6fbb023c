#!/usr/bin/env bash
# Browser tests for `sitrep serve`: builds a throwaway SQLite store from
# tests/web/fixture.json (hand-built documents and events, added through the
# store API), starts the server on a free loopback port against it, runs `node --test tests/web/` (playwright-core
# driving Debian's chromium, headless) and stops the server. Leaves a screenshot
# in build/web-screenshot.png. Needs a built build/sitrep, chromium and npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SITREP_BIN:-build/sitrep}
if [ ! -x "$BIN" ]; then echo "test-web: $BIN not built" >&2; exit 1; fi
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then echo "test-web: chromium not installed (scripts/setup.sh)" >&2; exit 1; fi
if [ ! -d node_modules/playwright-core ]; then echo "test-web: node_modules/playwright-core missing (scripts/setup.sh)" >&2; exit 1; fi

tmp=$(mktemp -d)
log=$tmp/serve.log
"$BIN" serve --db "$tmp/web.db" --load-fixture tests/web/fixture.json --host 127.0.0.1 --port 0 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "test-web: the server did not start" >&2; cat "$log" >&2; exit 1; }
mkdir -p build
SITREP_URL="$url" SITREP_SCREENSHOT=build/web-screenshot.png node --test tests/web/
