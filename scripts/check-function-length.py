#!/usr/bin/env python3
"""Checks that no function in src/ is longer than a limit (issue 15: functions
a reader can hold). Reads clang-formatted C++ (scripts/check-format.sh runs
first): a definition is a line at indent 0 or 2 that ends with "{" after a
parameter list; its body ends where its braces balance. String and character
literals and comments are blanked first, so braces inside them do not count.
Tests (*_test.cc) are not checked.

    python3 scripts/check-function-length.py [--limit 150] [--list N] [DIR]

Exit 1 and one line per function over the limit; --list N prints every
function over N lines instead (no failure).
"""
import argparse
import pathlib
import re
import sys

DEF = re.compile(r"^( {0,2})[A-Za-z_~].*\)\s*(const)?\s*(noexcept)?\s*(override)?\s*(->\s*[\w:<>]+)?\s*\{$")
CONTROL = re.compile(r"^\s*(if|for|while|switch|namespace|struct|class|else|do|enum|union)\b")
BLANK = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|//.*$')


def functions(path):
    """(length, line, name) of each function definition in a file."""
    raw = path.read_text(errors="replace").split("\n")
    lines = [BLANK.sub('""', ln) for ln in raw]
    i = 0
    while i < len(lines):
        ln = lines[i]
        head = ln.split("(")[0]
        if DEF.match(ln) and not CONTROL.match(ln) and "=" not in head:
            depth, j = 0, i
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                if depth <= 0:
                    break
                j += 1
            name = head.split()[-1] if head.split() else "?"
            yield j - i + 1, i + 1, name
            i = j + 1
        else:
            i += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", nargs="?", default="src")
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--list", type=int, default=None, metavar="N")
    a = ap.parse_args()
    root = pathlib.Path(a.dir)
    if not root.is_dir():
        sys.exit(f"check-function-length: no folder {root}")
    threshold = a.list if a.list is not None else a.limit
    over = []
    for f in sorted(root.rglob("*.cc")) + sorted(root.rglob("*.h")):
        if f.name.endswith("_test.cc"):
            continue
        for n, line, name in functions(f):
            if n > threshold:
                over.append((n, f"{f}:{line}", name))
    for n, where, name in sorted(over, reverse=True):
        print(f"{n:5d} {where} {name}")
    if a.list is not None:
        return 0
    if over:
        print(f"check-function-length: {len(over)} function(s) over {a.limit} lines; split them along their seams",
              file=sys.stderr)
        return 1
    print(f"check-function-length: no function in {root}/ over {a.limit} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
