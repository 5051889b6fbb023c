#!/usr/bin/env bash
# Sets up, builds, and runs every test: unit, golden and integration tests
# (ctest, with PostgreSQL), the Python binding (pytest) and the page in a real
# browser (node --test + playwright-core + chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/setup.sh
# The C++ style (.clang-format) is checked first: it is the cheapest failure.
bash scripts/check-format.sh
# No function in src/ over 150 lines (issue 15: functions a reader can hold).
python3 scripts/check-function-length.py --limit 150 src
bash scripts/build.sh
bash scripts/install-python.sh
# The store's PostgreSQL tests run against a throwaway local server; failing
# to start one fails the run (set SITREP_TEST_PG to use an existing server).
if [ -z "${SITREP_TEST_PG:-}" ]; then
  SITREP_PG_DIR=$(mktemp -d /tmp/sitrep-pg.XXXXXX) && export SITREP_PG_DIR
  SITREP_TEST_PG=$(bash scripts/pg-test-server.sh start) || {
    echo "test: could not start the PostgreSQL test server" >&2
    exit 1
  }
  export SITREP_TEST_PG
  trap 'bash "$root/scripts/pg-test-server.sh" stop "$SITREP_PG_DIR"' EXIT
fi
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
# The Python binding and the Dask runner (pytest, Debian's /usr/bin/python3).
cd "$root" && bash scripts/test-python.sh
# Browser and API tests of `sitrep serve` (playwright-core + Debian chromium).
cd "$root" && bash scripts/test-web.sh
# Fuzzing (issue 18): every untrusted entry point, kept crashes replayed first,
# then a short budget per target (clang + libFuzzer, preset "fuzz").
cd "$root" && FUZZ_SECONDS="${FUZZ_SECONDS:-5}" bash scripts/fuzz.sh
