#!/usr/bin/env bash
# The typing model's honest figures: trains it without the inner fifth of the
# development parts (nothing is chosen on that fifth: epochs and thresholds come
# from cross-validation over the rest) and scores the inner fifth of each ACLED
# development file with the engine as built:
#   bash scripts/eval/inner_fifth.sh [more `sitrep train events` flags, e.g. --seed 2]
# Needs build/ (sitrep, data/lexicon.bin) and ../shared/data; writes under $TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${SHARED:-../shared/data}
work=$(mktemp -d "${TMPDIR:-/tmp}/inner-fifth.XXXXXX")
[ -f eval-data/acled-world-2020-05.dev.csv ] || python3 scripts/eval/split.py --data "$shared" >/dev/null
mkdir -p "$work/inner"
python3 scripts/eval/inner_split.py --out "$work/inner" >/dev/null
bash scripts/train-events.sh --final-on-train-part --out "$work/events.bin" "$@" >"$work/train.log" 2>&1
grep -i "inner fifth" "$work/train.log" || true
cp -r data "$work/data"
cp "$work/events.bin" "$work/data/models/events.bin"
cp build/data/lexicon.bin "$work/data/lexicon.bin"
for f in "$work"/inner/acled-*.inner.csv; do
  SITREP_DATA="$work/data" SITREP="${SITREP:-build/sitrep}" python3 "${TOOLS:-../shared/tools}/acled_notes.py" "$f" --limit 0 |
    awk -v r="$(basename "$f" .inner.csv)" '/^event_type accuracy/{t=$3} /^sub_event_type accuracy/{s=$3}
      END{printf "%-28s type %s sub %s\n", r, t, s}'
done
