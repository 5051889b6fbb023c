#!/usr/bin/env python3
"""Case robustness on ACLED notes: sitrep against a keyword list, in any case.

    python3 scripts/eval/case_check.py eval-data/acled-world-2020-05.report.csv \
        [--sitrep build/sitrep] [--write-variants]

Each row's notes is one report (dated by event_date). The notes are given to
`sitrep extract` as written, lower-cased and upper-cased; for each variant it
prints how well the engine finds two kinds of report an archive user looks for,
against the analyst's coding of the row:

  arrest   the row's sub_event_type is "Arrests"
  deadly   the row's fatalities > 0

sitrep finds a report of a kind when one of its real events (modality
asserted or missing, background included) has ACLED sub-type "Arrests", or a
killed figure above zero. The keyword list finds it when a lower-cased word
of the notes starts with one of the stems below: the trivial baseline a
sitrep user would otherwise run over a lower-cased archive.

--write-variants also writes NAME.lower.csv and NAME.upper.csv beside the
input (the notes column re-cased, everything else unchanged), so that
../shared/tools/acled_notes.py can score the re-cased reports in full.
Reporting parts are measured only (README: evaluation split).
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys

KEYWORDS = {
    "arrest": ("arrest", "detain", "detention", "custody", "apprehend", "nabbed",
               "held "),
    "deadly": ("kill", "dead", "death", "died", "dies", "murder", "lynch",
               "behead", "execut", "fatal", "body", "bodies"),
}


def read_rows(path):
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    return header, rows


def col(header, name):
    lower = [h.strip().lower() for h in header]
    return lower.index(name) if name in lower else -1


def iso_date(text):
    from datetime import datetime
    for fmt in ("%d-%b-%y", "%d %B %Y", "%d-%B-%Y", "%Y-%m-%d", "%d-%b-%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).strftime("%Y-%m-%d")
        except ValueError:
            pass
    return None


def recase(text, how):
    return text.lower() if how == "lower" else text.upper() if how == "upper" else text


def write_variants(path, header, rows, notes):
    base = path[:-4] if path.endswith(".csv") else path
    for how in ("lower", "upper"):
        with open(f"{base}.{how}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                r = list(r)
                if len(r) > notes:
                    r[notes] = recase(r[notes], how)
                w.writerow(r)
        print(f"written {base}.{how}.csv")


def run_sitrep(binary, reports):
    lines = "".join(json.dumps({"id": str(i), "date": d, "text": t}) + "\n"
                    for i, (d, t) in enumerate(reports))
    out = subprocess.run([binary, "extract", "-q", "-f", "jsonl", "-"], input=lines.encode(),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    found = {}
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        rid = (doc.get("document") or {}).get("input_id")
        kinds = set()
        for ev in doc.get("events") or []:
            if ev.get("modality") not in (None, "asserted"):
                continue
            acled = ev.get("acled") or {}
            if acled.get("sub_event_type") == "Arrests":
                kinds.add("arrest")
            killed = (ev.get("casualties") or {}).get("killed") or {}
            low = killed.get("low")
            high = killed.get("high")
            if (low or 0) > 0 or (low is None and killed.get("approx") and (high or 0) > 0):
                kinds.add("deadly")
        found[str(rid)] = kinds
    return found


def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv_file")
    ap.add_argument("--sitrep", default=os.environ.get("SITREP", "build/sitrep"))
    ap.add_argument("--write-variants", action="store_true")
    args = ap.parse_args()
    header, rows = read_rows(args.csv_file)
    notes, date = col(header, "notes"), col(header, "event_date")
    sub, fat = col(header, "sub_event_type"), col(header, "fatalities")
    if notes < 0 or date < 0 or fat < 0:
        sys.exit(f"case_check: {args.csv_file}: needs notes, event_date and fatalities columns")
    if args.write_variants:
        write_variants(args.csv_file, header, rows, notes)
    # Rows sharing notes and date are one report (as acled_notes.py groups them).
    groups = {}
    for r in rows:
        if len(r) <= max(notes, date, fat) or not r[notes].strip():
            continue
        d = iso_date(r[date])
        if not d:
            continue
        g = groups.setdefault((r[notes], d), set())
        if sub >= 0 and r[sub].strip() == "Arrests":
            g.add("arrest")
        try:
            if int(float(r[fat] or 0)) > 0:
                g.add("deadly")
        except ValueError:
            pass
    keys = list(groups)
    result = {"file": os.path.basename(args.csv_file), "reports": len(keys)}
    for how in ("asis", "lower", "upper"):
        texts = [recase(n, how) for n, _ in keys]
        found = run_sitrep(args.sitrep, [(d, t) for (t, (_, d)) in zip(texts, keys)])
        for kind in ("arrest", "deadly"):
            if sub < 0 and kind == "arrest":
                continue
            counts = {"sitrep": [0, 0, 0], "keywords": [0, 0, 0]}
            for i, k in enumerate(keys):
                gold = kind in groups[k]
                low = texts[i].lower()
                words = re.findall(r"[a-z]+ ?", low)
                guesses = {
                    "sitrep": kind in found.get(str(i), set()),
                    "keywords": any(w.startswith(KEYWORDS[kind]) for w in words),
                }
                for who, guess in guesses.items():
                    c = counts[who]
                    if guess and gold:
                        c[0] += 1
                    elif guess:
                        c[1] += 1
                    elif gold:
                        c[2] += 1
            for who, c in counts.items():
                result[f"{how}_{kind}_{who}_f1"] = round(f1(*c)[2], 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
