#!/usr/bin/env bash
# End-to-end throughput of `sitrep extract` on a corpus of real-length news
# reports: MB/s on one thread and on two, and the speed-up. The answer is
# checked first: every report gives one document, and the output is
# byte-identical whatever the thread count (a fast wrong answer fails).
#   bash bench/run.sh [CORPUS.jsonl] [REPEAT]
# With SAME_AS=OTHER/build/sitrep the one-thread output must also be
# byte-identical to that binary's (speed work that must not change answers).
# Default corpus: ../shared/data/bench-corpus.jsonl (301 TimeBank and TR-News
# articles) repeated 20 times with distinct ids. Results: bench/runs/.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/bench-corpus.jsonl}
repeat=${2:-20}
bin=${SITREP:-./build/sitrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$src" "$repeat" "$tmp/corpus.jsonl" <<'PY'
import json, sys
src, rep, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
with open(out, "w", encoding="utf-8") as f:
    for r in range(rep):
        for i, d in enumerate(lines):
            d = dict(d); d["id"] = f"{d.get('id', i)}#{r}"
            d.setdefault("date", "2020-01-01")
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
docs=$(wc -l <"$tmp/corpus.jsonl")
text_mb=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1]))/1e6)" "$tmp/corpus.jsonl")
run() {  # threads → "wall_seconds cpu_seconds" (CPU: user + system of the run)
  python3 - "$bin" "$1" "$tmp/corpus.jsonl" "$tmp/out$1.jsonl" <<'PY'
import resource, subprocess, sys, time
binary, threads, corpus, out = sys.argv[1:]
t0 = time.monotonic()
with open(out, "w") as f:
    subprocess.run([binary, "extract", "-q", f"-j{threads}", corpus], stdout=f, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.monotonic() - t0, r.ru_utime + r.ru_stime)
PY
}
read -r s1 c1 < <(run 1)
read -r s2 c2 < <(run 2)
got=$(wc -l <"$tmp/out1.jsonl")
[ "$got" -eq "$docs" ] || { echo "bench: $got documents out for $docs in" >&2; exit 1; }
cmp -s "$tmp/out1.jsonl" "$tmp/out2.jsonl" || { echo "bench: output differs between 1 and 2 threads" >&2; exit 1; }
if [ -n "${SAME_AS:-}" ]; then
  "$SAME_AS" extract -q -j2 "$tmp/corpus.jsonl" >"$tmp/same_as.jsonl"
  cmp -s "$tmp/out1.jsonl" "$tmp/same_as.jsonl" || { echo "bench: output differs from $SAME_AS's" >&2; exit 1; }
fi
# per_core: MB per CPU-second of the one-thread run (the figure that does not
# depend on how busy a shared machine is); j1/j2: wall-clock rates.
res=$(python3 -c "
mb=$text_mb; s1=$s1; s2=$s2; c1=$c1
print(f'docs=$docs text_MB={mb:.1f} per_core={mb/c1:.2f}MB/s j1={mb/s1:.2f}MB/s j2={mb/s2:.2f}MB/s speedup={s1/s2:.2f}x')")
mkdir -p bench/runs
echo "$(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD 2>/dev/null) $res" | tee -a bench/runs/extract.txt
