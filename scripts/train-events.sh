#!/usr/bin/env bash
# Rebuilds the event typing model (data/models/events.bin) from the development
# parts of ../shared/data, as the committed model was built:
#   bash scripts/train-events.sh [--out FILE] [more `sitrep train events` flags]
# e.g. `--final-on-train-part --out /tmp/events.bin` writes the model trained
# without the inner held-out fifth (score it on the files
# `python3 scripts/eval/inner_split.py --out DIR` writes, with SITREP_DATA
# pointing at a copy of data/ holding that model and build/data/lexicon.bin).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
[ -f eval-data/acled-world-2020-05.dev.csv ] || python3 scripts/eval/split.py --data "$shared" >/dev/null
out=data/models/events.bin
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = --out ]; then out=$2; shift 2; else args+=("$1"); shift; fi
done
exec "${SITREP:-build/sitrep}" train events --acled eval-data/acled-*.dev.csv \
  --case eval-data/task2-snippets.dev.tsv --muc "$shared/muc4/dev" \
  --satp "$shared/satp/train.tsv" "$shared/satp/dev.tsv" \
  --labels data/models/events_labels.tsv --old-types data/models/events_old_acled.tsv \
  --max-features 15000 --bags 5 --untyped --out "$out" "${args[@]}"
