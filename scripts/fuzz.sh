#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (preset "fuzz"), replays every kept
# crash (fuzz/regressions/TARGET/NAME: each a regression test named after the
# crash it was), then runs each target for a short while (FUZZ_SECONDS, default
# 12: 9 targets stay under ~2 minutes, CI's budget) on a corpus seeded from the
# golden cases and examples. A new crash leaves its input in build-fuzz/crashes/:
# keep it as fuzz/regressions/TARGET/<what-it-broke> once fixed.
#   bash scripts/fuzz.sh                   # all targets
#   bash scripts/fuzz.sh fuzz_reader       # one
#   FUZZ_SECONDS=300 bash scripts/fuzz.sh  # longer, by hand
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build-fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build build-fuzz -- -j"${FUZZ_JOBS:-2}" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
# The tagger's unit tests built by clang with the sanitizers (CMakeLists.txt: ner_clang_test).
./build-fuzz/ner_clang_test --gtest_brief=1 >build-fuzz/ner_clang_test.log 2>&1 || {
  tail -30 build-fuzz/ner_clang_test.log
  exit 1
}
echo "fuzz: ner_clang_test passed"
secs=${FUZZ_SECONDS:-12}
mkdir -p build-fuzz/crashes build-fuzz/seeds
cp tests/golden/*.test examples/*.jsonl build-fuzz/seeds/ 2>/dev/null || true
for f in examples/*.jsonl; do gzip -c "$f" >"build-fuzz/seeds/$(basename "$f").gz"; done
# HTTP requests for fuzz_http.
printf 'GET /api/events?text=gaza&limit=5 HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3,5-9\r\n\r\n' >build-fuzz/seeds/get.http
printf 'POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fuzz\r\nContent-Length: 43\r\n\r\n{"date":"2024-01-02","text":"A blast hit."}' \
  >build-fuzz/seeds/post.http
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cc; do targets+=("$(basename "${f%.cc}")"); done
fi
for t in "${targets[@]}"; do
  if compgen -G "fuzz/regressions/$t/*" >/dev/null; then
    echo "fuzz: $t replays $(ls "fuzz/regressions/$t" | wc -l) kept crash(es)"
    "./build-fuzz/$t" -runs=1 fuzz/regressions/"$t"/* >"build-fuzz/$t.regress.log" 2>&1 || {
      tail -30 "build-fuzz/$t.regress.log"
      exit 1
    }
  fi
  mkdir -p "build-fuzz/corpus/$t"
  echo "fuzz: $t for ${secs}s"
  "./build-fuzz/$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix=build-fuzz/crashes/ "build-fuzz/corpus/$t" build-fuzz/seeds >"build-fuzz/$t.log" 2>&1 || {
    tail -30 "build-fuzz/$t.log"
    exit 1
  }
  tail -1 "build-fuzz/$t.log"
done
