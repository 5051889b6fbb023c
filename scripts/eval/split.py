#!/usr/bin/env python3
"""Writes the development / reporting split of ../shared/data (README: "Real reports").

    python3 scripts/eval/split.py [--data ../shared/data] [--out eval-data]

Each annotated set is cut once, by a stable hash of the report's own text
(FNV-1a 64 of the ACLED notes, of the CASE snippet, of the SATP summary), so
that rows sharing their notes (ACLED codes one article as several events) stay
on one side and the cut does not move when rows are reordered:

  hash % 10 in 0..6  -> dev     (develop, train and tune on these)
  hash % 10 in 7..9  -> report  (only measured; never read to fix errors)

MUC-4: DEV is development, TST1 and TST2 are reporting (no file is written:
the scorer reads the sets in place). SATP: train and dev are development, test
is reporting. CoNLL: eng.train trains, eng.testa chooses epochs and is
reported. TimeBank: `sitrep eval times --split dev|test` (every fifth document
in name order is held out).
"""
import argparse
import csv
import os
import sys


def fnv1a(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def side(text):
    return "dev" if fnv1a(text.strip()) % 10 < 7 else "report"


def split_acled(path, out):
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        lower = [h.strip().lower() for h in header]
        notes = lower.index("notes")
        rows = {"dev": [], "report": []}
        for row in reader:
            if len(row) <= notes:
                continue
            rows[side(row[notes])].append(row)
    base = os.path.basename(path)[:-4]
    for name, part in rows.items():
        with open(os.path.join(out, f"{base}.{name}.csv"), "w", newline="",
                  encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(part)
    return {k: len(v) for k, v in rows.items()}


def split_tsv(path, out, text_col, header=True):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    head = lines[:1] if header else []
    body = lines[1:] if header else lines
    parts = {"dev": list(head), "report": list(head)}
    for line in body:
        cols = line.split("\t")
        if len(cols) <= text_col:
            continue
        parts[side(cols[text_col])].append(line)
    base = os.path.basename(path)[:-4]
    for name, part in parts.items():
        with open(os.path.join(out, f"{base}.{name}.tsv"), "w",
                  encoding="utf-8") as f:
            f.write("\n".join(part) + "\n")
    return {k: len(v) - len(head) for k, v in parts.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(root, "eval-data"))
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        sys.exit(f"split: no data folder at {args.data}")
    os.makedirs(args.out, exist_ok=True)
    acled = os.path.join(args.data, "acled")
    for name in sorted(os.listdir(acled)):
        if name.endswith(".csv"):
            counts = split_acled(os.path.join(acled, name), args.out)
            print(f"acled/{name}: {counts}")
    case = os.path.join(args.data, "case2021", "task2-snippets.tsv")
    if os.path.exists(case):
        print(f"case2021: {split_tsv(case, args.out, 1)}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
