#!/usr/bin/env python3
"""Writes the development parts' inner held-out fifth, for measuring the event
typing model on reports it was not trained on.

    python3 scripts/eval/inner_split.py [--data eval-data] [--out DIR]

`sitrep train events` holds out the reports whose text hashes (FNV-1a 64 of the
ACLED notes) to 0 mod 5; with --final-on-train-part it writes the model trained
without them. This script writes those dev rows as eval-data/acled-REGION.inner.csv,
so acled_notes.py scores that model on reports it never saw (the dev figures of
the committed model, trained on every dev report, are training-set figures).
"""
import argparse
import csv
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import fnv1a  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="eval-data")
    ap.add_argument("--out", default=None, help="folder to write to (default: --data)")
    a = ap.parse_args()
    csv.field_size_limit(sys.maxsize)
    for path in sorted(glob.glob(os.path.join(a.data, "acled-*.dev.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            notes = [h.strip().lower() for h in header].index("notes")
            rows = [r for r in reader
                    if len(r) > notes and fnv1a(r[notes].strip(" \t")) % 5 == 0]
        base = os.path.basename(path)[:-len(".dev.csv")] + ".inner.csv"
        out = os.path.join(a.out or a.data, base)
        with open(out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        print(f"{out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
