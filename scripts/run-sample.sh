#!/usr/bin/env bash
# Sets up, builds, and runs the main job on the bundled sample reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/install-python.sh || echo "python binding not installed (see python/README.md)" >&2
./build/sitrep extract examples/sample-reports.jsonl --format jsonl > build/sample-extract.jsonl
echo "wrote build/sample-extract.jsonl ($(wc -l < build/sample-extract.jsonl) documents)"
head -c 1200 build/sample-extract.jsonl; echo
