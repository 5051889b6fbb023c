#!/usr/bin/env bash
# Sets up, builds, and runs every test: unit, golden and integration tests
# (ctest). Slow evaluation runs are opt-in: SITREP_EVAL=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/install-python.sh || echo "python binding not installed (see python/README.md)" >&2
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
