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
. scripts/lib/serve-fixture.sh
serve_fixture test-web "$tmp/web.db" tests/web/fixture.json 10
mkdir -p build
SITREP_URL="$url" SITREP_SCREENSHOT=build/web-screenshot.png node --test tests/web/
