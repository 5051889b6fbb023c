#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (preset "fuzz") and runs each for a
# short while (FUZZ_SECONDS, default 30) on a corpus seeded from the golden
# cases and examples. A crash leaves its input in build-fuzz/crashes/.
#   bash scripts/fuzz.sh            # all targets
#   bash scripts/fuzz.sh fuzz_reader
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build-fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build-fuzz | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
secs=${FUZZ_SECONDS:-30}
mkdir -p build-fuzz/crashes build-fuzz/seeds
cp tests/golden/*.test examples/*.jsonl build-fuzz/seeds/ 2>/dev/null || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cc; do targets+=("$(basename "${f%.cc}")"); done
fi
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "fuzz: $t for ${secs}s"
  "./build-fuzz/$t" -max_total_time="$secs" -max_len=65536 -artifact_prefix=build-fuzz/crashes/ \
    "build-fuzz/corpus/$t" build-fuzz/seeds >"build-fuzz/$t.log" 2>&1 || {
    tail -30 "build-fuzz/$t.log"
    exit 1
  }
  tail -1 "build-fuzz/$t.log"
done
