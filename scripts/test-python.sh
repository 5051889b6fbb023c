#!/usr/bin/env bash
# Runs the Python binding's tests (python/tests/) with Debian's python3 against
# this tree's build (build/python and build/sitrep). Builds first if needed.
# PostgreSQL tests use SITREP_PG_URL or SITREP_TEST_PG, else start scripts/pg-test-server.sh,
# else they are skipped. Extra arguments go to pytest (e.g. -k dask).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/build.ninja ] || cmake --preset release >/dev/null
cmake --build build --target sitrep sitrep_python | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
export PYTHONPATH="$(pwd)/build/python${PYTHONPATH:+:$PYTHONPATH}"
export SITREP_BINARY="$(pwd)/build/sitrep"
exec /usr/bin/python3 -m pytest -q python/tests "$@"
