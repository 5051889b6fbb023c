#!/usr/bin/env python3
"""Writes lower-cased and upper-cased copies of an LGL-schema toponym file
(TR-News), for measuring `sitrep eval geo` on text without case.

    python3 scripts/eval/recase_lgl.py ../shared/data/toponyms/TR-News.xml --out DIR

Each article's text and each toponym's phrase change case; offsets stay valid
because a character whose case form has another length is kept as written.
Writes DIR/NAME.lower.xml and DIR/NAME.upper.xml.
"""
import argparse
import os
import re


def recase(text, fn):
    return "".join(c if len(fn(c)) != 1 else fn(c) for c in text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("xml")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(a.xml, encoding="utf-8") as f:
        src = f.read()
    os.makedirs(a.out, exist_ok=True)
    stem = os.path.splitext(os.path.basename(a.xml))[0]
    for name, fn in (("lower", str.lower), ("upper", str.upper)):
        out = re.sub(r"(<text>\s*<!\[CDATA\[)(.*?)(\]\]>\s*</text>)",
                     lambda m: m.group(1) + recase(m.group(2), fn) + m.group(3), src, flags=re.S)
        out = re.sub(r"<phrase>(.*?)</phrase>", lambda m: "<phrase>" + recase(m.group(1), fn) + "</phrase>", out)
        path = os.path.join(a.out, "%s.%s.xml" % (stem, name))
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
        print(path)


if __name__ == "__main__":
    main()
