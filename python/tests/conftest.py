"""Shared fixtures: the built CLI, one Engine, and a generated corpus."""
import gzip
import json
import os
import random
import subprocess
from pathlib import Path

import pytest

import sitrep

ROOT = Path(__file__).resolve().parents[2]


def cli_binary() -> str:
    return os.environ.get("SITREP_BINARY") or str(ROOT / "build" / "sitrep")


def run_cli(*args, stdin=None):
    """Runs the built `sitrep` CLI; returns (stdout bytes, stderr text, rc)."""
    p = subprocess.run([cli_binary(), *args], input=stdin, capture_output=True)
    return p.stdout, p.stderr.decode("utf-8", "replace"), p.returncode


_PLACES = ["Gaza City", "Khan Younis", "Avdiivka", "Kharkiv", "Mogadishu", "Kabul", "Aleppo", "Goma",
           "Maiduguri", "Mosul", "Tehran", "Sanaa", "Bamako", "Juba", "Odesa"]
_ACTORS = ["Israeli forces", "Russian troops", "al-Shabaab fighters", "government soldiers", "the army",
           "rebels", "police", "protesters", "a drone", "unidentified gunmen"]
_VERBS = ["killed", "wounded", "attacked", "shelled", "arrested", "met", "accused", "struck"]
_COUNTS = ["at least 37", "more than 100", "nearly 40", "about 50", "dozens of", "two", "20 to 30", "a dozen"]
_DAYS = ["on Sunday", "on Monday", "last week", "on November 5", "in October 2023", "yesterday", "earlier this month"]


def make_report(rng: random.Random, i: int, with_id: bool = True) -> dict:
    """A synthetic news-like report (never keyed to any seed text)."""
    paras = []
    for _ in range(rng.randint(2, 6)):
        sents = []
        for _ in range(rng.randint(1, 4)):
            sents.append(f"{rng.choice(_ACTORS).capitalize()} {rng.choice(_VERBS)} {rng.choice(_COUNTS)} people "
                         f"in {rng.choice(_PLACES)} {rng.choice(_DAYS)}, officials said.")
        paras.append(" ".join(sents))
    rec = {"date": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
           "title": f"{rng.choice(_ACTORS).capitalize()} {rng.choice(_VERBS)} in {rng.choice(_PLACES)}",
           "text": "\n\n".join(paras)}
    if with_id:
        rec["id"] = f"gen-{i}"
    if rng.random() < 0.3:
        rec["source"] = rng.choice(["Xinhua", "AP", "Reuters"])
    if rng.random() < 0.1:
        rec["lang"] = "en"  # an extra field, carried through
    return rec


def write_corpus(path: Path, n: int, seed: int = 7, gz: bool = False, with_id: bool = True) -> Path:
    rng = random.Random(seed)
    lines = "".join(json.dumps(make_report(rng, i, with_id), ensure_ascii=False) + "\n" for i in range(n))
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def engine() -> sitrep.Engine:
    return sitrep.Engine()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    return write_corpus(d / "corpus.jsonl", 300)
