#!/usr/bin/env bash
# Sets up, builds, and runs every test: unit, golden and integration tests
# (ctest). Slow evaluation runs are opt-in: SITREP_EVAL=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/install-python.sh || echo "python binding not installed (see python/README.md)" >&2
# The store's PostgreSQL tests: a throwaway local server (skipped if none starts).
if [ -z "${SITREP_TEST_PG:-}" ]; then
  SITREP_PG_DIR=$(mktemp -d /tmp/sitrep-pg.XXXXXX) && export SITREP_PG_DIR
  if SITREP_TEST_PG=$(bash scripts/pg-test-server.sh start); then
    export SITREP_TEST_PG
    trap 'bash scripts/pg-test-server.sh stop "$SITREP_PG_DIR"' EXIT
  else
    echo "test: no PostgreSQL test server; PostgreSQL store tests will be skipped" >&2
  fi
fi
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
