#!/usr/bin/env python3
"""Five-fold check of a time-stage change on TimeBank's development part.

    python3 scripts/eval/timebank_folds.py --timeml ../shared/data/timebank/TimeBank \
        --base OLD_SITREP [--new build/sitrep] [--type DATE] [--base-data OLD_DATA_DIR]

The development part (the documents `sitrep eval times --split dev` scores: all
but every fifth in name order) is cut into five folds by document name (the
k-th development document goes to fold k mod 5). For each fold the script
prints gold, right values (end-to-end) for the base and the new binary, and
the gain. A change is worth keeping when it gains in total and loses in no
fold. The held-out fifth is never read.

    python3 scripts/eval/timebank_folds.py --timeml ../shared/data/timebank/TimeBank \
        --base build/sitrep --ablate tense:future

--ablate CLASS[:VALUE] judges a family of rows of data/time/cues.tsv: the base runs
with those rows removed (a copy of the data folder), the new binary with them, so
the gain per fold is what the family brings.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def fold_dirs(timeml, tmp):
    files = sorted(f for f in os.listdir(timeml) if f.endswith(".tml"))
    dev = [f for k, f in enumerate(files) if k % 5 != 4]
    dirs = []
    for i in range(5):
        d = os.path.join(tmp, "fold%d" % i)
        os.makedirs(d)
        for f in dev[i::5]:
            os.symlink(os.path.abspath(os.path.join(timeml, f)), os.path.join(d, f))
        dirs.append(d)
    return dirs


def right(binary, folder, typ, case, data=None):
    env = dict(os.environ)
    if data:
        env["SITREP_DATA"] = data
    out = subprocess.run([binary, "eval", "times", "--timeml", folder, "--split", "all", "--json",
                          "--case", case], check=True, capture_output=True, text=True, env=env).stdout
    c = json.loads(out)["by_type"].get(typ, {})
    return c.get("gold", 0), round(c.get("value_end_to_end", 0) * c.get("gold", 0))


def ablated_data(data, family, out):
    """A data folder like `data` (entries linked) whose time/cues.tsv lacks the rows of `family`."""
    cls, _, val = family.partition(":")
    os.makedirs(os.path.join(out, "time"))
    for e in os.listdir(data):
        if e != "time":
            os.symlink(os.path.abspath(os.path.join(data, e)), os.path.join(out, e))
    for e in os.listdir(os.path.join(data, "time")):
        if e != "cues.tsv":
            shutil.copy(os.path.join(data, "time", e), os.path.join(out, "time", e))
    dropped = 0
    with open(os.path.join(data, "time", "cues.tsv"), encoding="utf-8") as f, \
            open(os.path.join(out, "time", "cues.tsv"), "w", encoding="utf-8") as g:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if not line.startswith("#") and cols[0] == cls and (not val or (len(cols) > 2 and cols[2] == val)):
                dropped += 1
                continue
            g.write(line)
    print("ablated %s: %d rows left out of the base run" % (family, dropped))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeml", required=True)
    ap.add_argument("--base", required=True, help="sitrep binary before the change")
    ap.add_argument("--new", default="build/sitrep")
    ap.add_argument("--base-data", default=None,
                    help="data folder for the base run (SITREP_DATA), to judge a change of data/time/*.tsv")
    ap.add_argument("--ablate", default=None,
                    help="CLASS or CLASS:VALUE of data/time/cues.tsv rows to leave out of the base run")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "data"),
                    help="the data folder to copy for --ablate (default: the repo's)")
    ap.add_argument("--type", default="DATE")
    ap.add_argument("--case", default="as-is")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.ablate:
            a.base_data = ablated_data(a.data, a.ablate, os.path.join(tmp, "data"))
        tot = [0, 0, 0]
        worst = 0
        for i, d in enumerate(fold_dirs(a.timeml, tmp)):
            g, b = right(a.base, d, a.type, a.case, a.base_data)
            _, n = right(a.new, d, a.type, a.case)
            print("fold %d  gold %4d  base %4d  new %4d  gain %+d" % (i, g, b, n, n - b))
            tot = [tot[0] + g, tot[1] + b, tot[2] + n]
            worst = min(worst, n - b)
        print("total   gold %4d  base %4d  new %4d  gain %+d  (%.3f -> %.3f)%s" %
              (tot[0], tot[1], tot[2], tot[2] - tot[1], tot[1] / tot[0], tot[2] / tot[0],
               "" if worst >= 0 and tot[2] > tot[1] else "  NOT KEPT: loses in a fold or gains nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
