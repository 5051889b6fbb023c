#!/usr/bin/env bash
# Rebuilds the caseless entity tagger (data/models/ner.caseless.bin), as the
# committed model was built:
#   bash scripts/train-ner-caseless.sh [--out FILE] [--seed N]
# Training text: CoNLL-2003 eng.train, then silver tags on the development
# parts' mixed-case reports (scripts/eval/ner_silver.py: the whole pipeline's
# entities on ACLED notes outside the inner fifth and CASE dev snippets), both
# read by the trainer without their capitals (--caseless-only). eng.testa picks
# the epoch. Needs build/sitrep and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/data}
out=data/models/ner.caseless.bin
seed=1
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "train-ner-caseless.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f eval-data/acled-world-2020-05.dev.csv ] || python3 scripts/eval/split.py --data "$shared" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/eval/ner_silver.py --sitrep "${SITREP:-build/sitrep}" --out "$tmp/silver.conll"
cat "$shared/conll2003/eng.train" "$tmp/silver.conll" >"$tmp/train.conll"
"${SITREP:-build/sitrep}" train ner --train "$tmp/train.conll" --dev "$shared/conll2003/eng.testa" \
  --caseless-only --prune 3 --seed "$seed" --out "$out"
