#!/usr/bin/env python3
"""Writes silver CoNLL training data for the caseless entity tagger from the
development parts' mixed-case news text, as the whole pipeline reads it.

    python3 scripts/eval/ner_silver.py [--sitrep build/sitrep] [--data eval-data] --out FILE

Text without case (ALL CAPS wires, lower-case archives) is read by
data/models/ner.caseless.bin, which CoNLL-2003 alone trains: Reuters sport and
business news of 1996, few of the district, LGA, governorate and village
names that conflict reports are made of. This script runs `sitrep extract` on
mixed-case development reports (ACLED notes of the four regions' *.dev.csv
except their inner held-out fifth, which stays for measuring; CASE 2021 dev
snippets; with --satp, SATP train and dev summaries), where capitals guide the tagger and the gazetteer, and writes the
name mentions of its entities as CoNLL tags (PERSON -> PER, ORG -> ORG, PLACE
-> LOC, GROUP -> MISC), one document per report, one sentence per line group.
`sitrep train ner --caseless-only` on eng.train followed by FILE then learns
to read those names without their capitals (uptraining). The reporting parts
are never read.
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import fnv1a  # noqa: E402

TAGS = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC", "GROUP": "MISC"}


def reports(data, satp):
    csv.field_size_limit(sys.maxsize)
    seen = set()
    for path in sorted(glob.glob(os.path.join(data, "acled-*.dev.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                text = (row.get("notes") or "").strip()
                # the inner fifth (scripts/eval/inner_split.py) stays unseen
                if not text or text in seen or fnv1a(text) % 5 == 0:
                    continue
                seen.add(text)
                yield text
    case = os.path.join(data, "task2-snippets.dev.tsv")
    if os.path.exists(case):
        with open(case, encoding="utf-8") as f:
            for line in f:
                text = line.rstrip("\n").split("\t")[0].strip()
                if text and text not in seen and fnv1a(text) % 5 != 0:
                    seen.add(text)
                    yield text
    for path in satp:  # SATP summaries: train and dev only (test is the reporting part)
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = line.rstrip("\n").split("\t")[0].strip()
                if text and text not in seen:
                    seen.add(text)
                    yield text


def word_upper(raw, tok):
    """Whether a token starts with a capital or a digit (not a lower-case word)."""
    w = raw[tok["start"]:tok["end"]].decode("utf-8", "replace")
    return bool(w) and not w[0].islower()


def conll(doc, text):
    """CoNLL lines of one extracted document; offsets are UTF-8 bytes of text."""
    raw = text.encode("utf-8")
    toks = doc["document"]["tokens"]
    tags = ["O"] * len(toks)
    starts = {t["start"]: i for i, t in enumerate(toks)}
    ends = {t["end"]: i for i, t in enumerate(toks)}
    for en in doc["entities"]:
        tag = TAGS.get(en["type"])
        for m in en["mentions"]:
            if not tag or m["kind"] != "name" or m["start"] not in starts or m["end"] not in ends:
                continue
            a, b = starts[m["start"]], ends[m["end"]]
            # A name is its capitalised words: the pipeline's ORG "Houthi forces"
            # (a demonym and its institution) is the tagger's "Houthi" + O, as
            # CoNLL tags names; a caseless tagger taught otherwise takes the
            # noun after every name ("SHINING PATH GUERRILLAS").
            while a <= b and not word_upper(raw, toks[b]):
                b -= 1
            while a <= b and not word_upper(raw, toks[a]):
                a += 1
            if a > b:
                continue
            if any(tags[k] != "O" for k in range(a, b + 1)):
                continue
            for k in range(a, b + 1):
                tags[k] = "I-" + tag
            if a > 0 and tags[a - 1] == "I-" + tag:
                tags[a] = "B-" + tag
    out = ["-DOCSTART- -X- -X- O", ""]
    for s in doc["document"]["sentences"]:
        lines = []
        for i, t in enumerate(toks):
            if t["start"] >= s["start"] and t["end"] <= s["end"]:
                w = raw[t["start"]:t["end"]].decode("utf-8", "replace")
                w = "".join(c for c in w if not c.isspace() and unicodedata.category(c) != "Cf")
                if w:
                    lines.append("%s X X %s" % (w, tags[i]))
        if lines:
            out += lines + [""]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sitrep", default="build/sitrep")
    ap.add_argument("--data", default="eval-data")
    ap.add_argument("--satp", nargs="*", default=[], help="SATP train/dev TSV files to read too")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    texts = list(reports(a.data, a.satp))
    inp = "".join(json.dumps({"id": str(k), "date": "2020-01-01", "text": t}) + "\n" for k, t in enumerate(texts))
    res = subprocess.run([a.sitrep, "extract", "-q", "--format", "jsonl", "--annotate", "tokens,sentences", "-"],
                         input=inp.encode(), capture_output=True, check=True)
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for line, text in zip(res.stdout.decode().splitlines(), texts):
            f.write("\n".join(conll(json.loads(line), text)) + "\n")
            n += 1
    print("%d reports -> %s" % (n, a.out))


if __name__ == "__main__":
    main()
