#!/usr/bin/env python3
"""Checks `sitrep extract --explain` output (JSON or JSON Lines on stdin or a file).

Every event must name a rule for its type and for each of actor, recipient,
place and killed it has; every explain span must cut out exactly the text it
claims. Exit 1 and one line per failure otherwise.

    build/sitrep extract --explain REPORT.txt > OUT.json
    python3 scripts/check-explain.py OUT.json REPORT.txt

REPORT.txt (plain text or the seed format " date YYYY-MM-DD body") gives the
document text the spans point into; one report, one document.
"""
import json
import re
import sys

REQUIRED = ("type",)
WHEN_SET = {"actor": ("actor",), "recipient": ("recipient",), "place": ("place",), "killed": ("casualties", "killed")}


def records(text):
    text = text.strip()
    if not text:
        return []
    if text[0] == "[":
        return json.loads(text)
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def rules(entry):
    return entry if isinstance(entry, list) else [entry]


def document_bytes(path):
    """The document text of a plain or seed-format report (SCHEMA.md), as bytes."""
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    m = re.match(rb"[ \t]*date +\S+(?:[ \t]|\r)?\n?", raw)
    return raw[m.end():] if m else raw


def check(doc, raw, failures):
    if doc["document"].get("bytes") not in (None, len(raw)):
        failures.append(f"document text is {len(raw)} bytes, output says {doc['document']['bytes']}")
    for ev in doc["events"]:
        ex = ev.get("explain")
        if ex is None:
            failures.append(f"{ev['id']}: no explain object")
            continue
        wanted = list(REQUIRED)
        for field, path in WHEN_SET.items():
            v = ev
            for p in path:
                v = v.get(p) if isinstance(v, dict) else None
            if v is not None:
                wanted.append(field)
        for field in wanted:
            if field not in ex or not all(r.get("rule") for r in rules(ex[field])):
                failures.append(f"{ev['id']}: no rule for {field}")
        for field, entry in ex.items():
            for r in rules(entry):
                span = r.get("span")
                if span is None:
                    if r.get("text") is not None:
                        failures.append(f"{ev['id']}: {field} has text but no span")
                    continue
                got = raw[span[0]:span[1]].decode("utf-8", "replace")
                if got != r.get("text"):
                    failures.append(f"{ev['id']}: {field} span {span} cuts {got!r}, claims {r.get('text')!r}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1], encoding="utf-8")
    docs = records(src.read())
    raw = document_bytes(sys.argv[2])
    failures = []
    n = 0
    for d in docs:
        n += len(d["events"])
        check(d, raw, failures)
    for f in failures:
        print(f)
    print(f"check-explain: {n} events, {len(failures)} failures", file=sys.stderr)
    return 1 if failures or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
