#!/usr/bin/env python3
"""Sibling variants of TimeBank's development DATE expressions: does a form the engine
reads in one document also read with another month, weekday, ordinal, unit, number or
relative word, and without capitals?

    python3 scripts/eval/timebank_variants.py --timeml ../shared/data/timebank/TimeBank \
        [--sitrep build/sitrep] [--seed 1]

Each gold DATE of the development part (the documents `sitrep eval times --split dev`
scores) is rewritten inside its own sentence by one substitution at a time (two draws
each), and the sentence is run as written, lower-cased and upper-cased with the
document's creation date. The report lists the variants no time expression overlaps,
with the cases that missed. Many misses are no dates at all ("Feb. 31", "the third
month"); what to look for is a form that misses in one case only, or a sibling a
reader would date. The held-out fifth is never read.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys

MONTHS = "January February March April May June July August September October November December".split()
ABBR = "Jan. Feb. Aug. Sept. Oct. Nov. Dec.".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ORDINALS = ["first", "second", "third", "fourth"]
UNITS = ["year", "month", "week", "quarter"]
RELS = ["last", "next", "this"]
COUNTS = ["two", "three", "four", "five", "six", "several"]

SUBS = [
    (re.compile(r"\b(%s)\b" % "|".join(MONTHS)), lambda m: random.choice(MONTHS)),
    (re.compile(r"\b(%s)(?=\s|$)" % "|".join(re.escape(a) for a in ABBR)), lambda m: random.choice(ABBR)),
    (re.compile(r"\b(%s)\b" % "|".join(WEEKDAYS)), lambda m: random.choice(WEEKDAYS)),
    (re.compile(r"\b(%s)\b" % "|".join(ORDINALS)), lambda m: random.choice(ORDINALS)),
    (re.compile(r"\b(%s)\b" % "|".join(UNITS)), lambda m: random.choice(UNITS)),
    (re.compile(r"\b(%s)\b" % "|".join(RELS), re.I), lambda m: random.choice(RELS)),
    (re.compile(r"\b(two|three|four|five|six|several|a few)\b"), lambda m: random.choice(COUNTS)),
    (re.compile(r"\b(19[5-9]\d)\b"), lambda m: str(random.randint(1960, 1999))),
    (re.compile(r"\b([12]?\d)\b(?!\d)"), lambda m: str(random.randint(1, 28))),
]


def dev_files(timeml):
    files = sorted(f for f in os.listdir(timeml) if f.endswith(".tml"))
    return [f for k, f in enumerate(files) if k % 5 != 4]


def strip(s):
    return re.sub(r"<[^>]+>", "", s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeml", required=True)
    ap.add_argument("--sitrep", default="build/sitrep")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    random.seed(a.seed)
    lines, meta = [], []
    for f in dev_files(a.timeml):
        with open(os.path.join(a.timeml, f), encoding="utf-8") as fh:
            x = fh.read()
        m = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="(\d{4}-\d\d-\d\d)', x) or \
            re.search(r'value="(\d{4}-\d\d-\d\d)[^"]*"[^>]*functionInDocument="CREATION_TIME"', x)
        if not m:
            continue
        dct = m.group(1)
        t = x[x.find("<TEXT>"):]
        for g in re.finditer(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", t):
            if 'type="DATE"' not in g.group(1):
                continue
            s = strip(g.group(2))
            pre = strip(t[max(0, g.start() - 300):g.start()])
            post = strip(t[g.end():g.end() + 200])
            pre = pre[pre.rfind(". ") + 2:] if ". " in pre else pre
            post = post[:post.find(". ") + 1] if ". " in post else post
            pre = " ".join(pre.split())
            post = " ".join(post.split())
            for rx, fn in SUBS:
                if not rx.search(s):
                    continue
                for _ in range(2):
                    v = rx.sub(fn, s, count=1)
                    if v == s:
                        continue
                    text = (pre + " " if pre else "") + v + (" " + post if post and post[0] not in ".,;:'" else post)
                    b = len(pre) + 1 if pre else 0
                    for case, tx in (("as", text), ("lower", text.lower()), ("upper", text.upper())):
                        lines.append(json.dumps({"id": str(len(lines)), "date": dct, "text": tx}))
                        meta.append((s, v, case, b, b + len(v)))
    out = subprocess.run([a.sitrep, "extract", "--annotate", "all"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    miss = {}
    for line, (s, v, case, b, e) in zip(out, meta):
        times = json.loads(line)["document"].get("times", [])
        if not any(t["start"] < e and b < t["end"] for t in times):
            miss.setdefault((s, v), []).append(case)
    print("%d variants (%d as written, lower, upper); %d missed" % (len(meta), len(meta) // 3,
                                                                   sum(len(c) for c in miss.values())))
    one_case = 0
    for (s, v), cases in sorted(miss.items()):
        counts = {c: cases.count(c) for c in ("as", "lower", "upper")}
        uneven = len(set(counts.values())) > 1
        one_case += uneven
        print("%-35s -> %-35s %s%s" % (s, v, " ".join("%s:%d" % kv for kv in counts.items()),
                                       "   <- depends on case" if uneven else ""))
    print("variants whose detection depends on case: %d" % one_case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
