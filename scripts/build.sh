#!/usr/bin/env bash
# Configures and builds the release preset (tests and benchmarks included).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/build.ninja ] || cmake --preset release >/dev/null
cmake --build build -- -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
test -x build/sitrep
