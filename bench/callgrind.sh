#!/usr/bin/env bash
# Instructions per report of the whole `extract` pipeline, counted by callgrind
# (valgrind), so that two commits compare on a shared, noisy host:
#   bash bench/callgrind.sh                      # build/sitrep
#   SITREP=OTHER/build/sitrep bash bench/callgrind.sh
# Runs `sitrep extract -j1` under callgrind on the first 150 and the first 300
# reports of the bench corpus; per report = (I300 - I150) / 150, so the
# one-time costs (loading the lexicon, the models, compiling the rules) cancel;
# once per process = I150 - 150 × per report. Also checks that the output of the
# 300 reports under callgrind is the output of a plain run (a fast wrong answer
# fails). Needs valgrind (apt-get install valgrind) and ../shared/data/bench-corpus.jsonl
# (or BENCH_CORPUS=FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SITREP:-build/sitrep}
corpus=${BENCH_CORPUS:-../shared/data/bench-corpus.jsonl}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[ -f "$corpus" ] || { echo "callgrind.sh: no corpus at $corpus" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 150 "$corpus" >"$tmp/a.jsonl"
head -n 300 "$corpus" >"$tmp/b.jsonl"
count() {  # total instructions of one run
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$2" "$bin" extract -q -j1 "$1" >"$tmp/out.$2" 2>/dev/null
  callgrind_annotate "$tmp/cg.$2" 2>/dev/null | awk '/PROGRAM TOTALS/ && !n {gsub(",", "", $1); print $1; n = 1}'
}
i150=$(count "$tmp/a.jsonl" a)
i300=$(count "$tmp/b.jsonl" b)
"$bin" extract -q -j1 "$tmp/b.jsonl" >"$tmp/plain"
cmp -s "$tmp/plain" "$tmp/out.b" || { echo "callgrind.sh: output under callgrind differs from a plain run" >&2; exit 1; }
per=$(( (i300 - i150) / 150 ))
once=$(( i150 - 150 * per ))
md5=$(md5sum <"$tmp/out.b" | cut -c1-8)
printf 'callgrind %s: per report %.3f M instructions, once per process %.1f M (300-report output md5 %s)\n' \
  "$bin" "$(echo "$per / 1000000" | bc -l)" "$(echo "$once / 1000000" | bc -l)" "$md5"
