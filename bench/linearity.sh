#!/usr/bin/env bash
# Linearity (issue 18): time must grow like the input, not like its square.
# Each case doubles its input (N, 2N, 4N) and prints the time ratio of each
# doubling; a ratio above LINEAR_MAX (default 3.0: 2.0 is linear, 4.0
# quadratic) fails. Not a unit test: run it by hand after touching a stage
# that searches repeatedly (events merge, geo, store link).
#   bash bench/linearity.sh [extract|ingest|all] [N]
# Cases:
#   extract  one report of N paragraphs naming the same few places, actors
#            and attacks over and over (a long live-blog), `sitrep extract`;
#   ingest   N reports of one front (one place, one week), `sitrep ingest`
#            into a new SQLite store.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
bin=${SITREP:-./build/sitrep}
max=${LINEAR_MAX:-3.0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make_inputs() {  # case n → file
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
places = ["Gaza", "Khan Younis", "Rafah", "Jenin", "Nablus", "Hebron", "Kharkiv", "Bakhmut", "Goma", "Mogadishu"]
groups = ["Hamas", "the Israeli army", "Russian forces", "M23 rebels", "al-Shabaab", "police"]
acts = ["An air strike on {p} killed {k} people, medics said.",
        "{g} raided a house in {p} and arrested {k} men.",
        "Clashes between {g} and residents in {p} left {k} wounded.",
        "Protesters marched in {p} on Tuesday against the curfew.",
        "{g} said it shelled positions near {p}, killing {k} fighters."]
with open(out, "w") as f:
    if case == "extract":
        paras = []
        for i in range(n):
            a = acts[i % len(acts)]
            paras.append(a.format(p=places[i % len(places)], g=groups[i % len(groups)], k=2 + i % 7).capitalize())
        f.write(json.dumps({"id": "long", "date": "2024-03-10", "text": "\n\n".join(paras)}) + "\n")
    else:
        for i in range(n):
            text = (f"Shelling hit Kharkiv on Monday, killing {2 + i % 5} people, officials said. "
                    f"Report {i} from the southern front.")
            f.write(json.dumps({"id": f"r{i}", "date": f"2024-03-{11 + i % 3:02d}", "text": text}) + "\n")
PY
}

timed() {  # command… → seconds (wall)
  python3 -c '
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{time.perf_counter() - t:.3f}")' "$@"
}

status=0
run_case() {  # case n0
  local case=$1 n=$2 prev="" t ratio
  for mult in 1 2 4; do
    local m=$((n * mult))
    make_inputs "$case" "$m" "$tmp/$case-$m.jsonl"
    if [ "$case" = extract ]; then
      t=$(timed "$bin" extract "$tmp/$case-$m.jsonl")
    else
      rm -f "$tmp/front.db"*
      t=$(timed "$bin" ingest --db "$tmp/front.db" "$tmp/$case-$m.jsonl")
    fi
    if [ -n "$prev" ]; then
      ratio=$(python3 -c "print(f'{$t / max($prev, 1e-3):.2f}')")
      echo "$case: N=$m ${t}s (x$ratio for twice the input)"
      if python3 -c "import sys; sys.exit(0 if $ratio > $max else 1)"; then
        echo "$case: NOT LINEAR (ratio $ratio > $max)"
        status=1
      fi
    else
      echo "$case: N=$m ${t}s"
    fi
    prev=$t
  done
}
case $what in
  extract) run_case extract "${2:-4000}" ;;
  ingest) run_case ingest "${2:-2000}" ;;
  all)
    run_case extract "${2:-4000}"
    run_case ingest "${2:-2000}"
    ;;
esac
exit $status
