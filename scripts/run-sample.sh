#!/usr/bin/env bash
# Sets up, builds, and runs the main job on the bundled sample reports:
# extract events from examples/sample-reports.jsonl into the embedded default
# store (SQLite, build/sample.db) and list them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
rm -f build/sample.db build/sample.db-wal build/sample.db-shm
./build/sitrep ingest examples/sample-reports.jsonl --db build/sample.db
./build/sitrep events --db build/sample.db --format table
./build/sitrep tallies --db build/sample.db
echo
echo "Store: build/sample.db. Browse it with: ./build/sitrep serve --db build/sample.db  (http://127.0.0.1:8080/)"
