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


def pytest_configure(config):
    # Debian 12's distributed 2022.12 on tornado 6.2: harmless, and not ours.
    config.addinivalue_line("filterwarnings", "ignore:make_current is deprecated:DeprecationWarning")


@pytest.fixture(scope="session")
def engine() -> sitrep.Engine:
    return sitrep.Engine()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    return write_corpus(d / "corpus.jsonl", 300)


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server URL without database: $SITREP_PG_URL or
    $SITREP_TEST_PG (scripts/test.sh's server), else a throwaway cluster from
    scripts/pg-test-server.sh; skipped when none."""
    url = os.environ.get("SITREP_PG_URL") or os.environ.get("SITREP_TEST_PG")
    started = None
    if not url:
        script = ROOT / "scripts" / "pg-test-server.sh"
        if not script.exists():
            pytest.skip("no PostgreSQL (set SITREP_PG_URL or merge scripts/pg-test-server.sh)")
        import tempfile
        d = tempfile.mkdtemp(prefix="sitrep-pg-py.")
        env = dict(os.environ, SITREP_PG_DIR=d)
        p = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            pytest.skip(f"cannot start PostgreSQL: {p.stderr.strip()[:200]}")
        url, started = p.stdout.strip(), d
    base = url.rsplit("/", 1)[0]
    yield base
    if started:
        subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh"), "stop", started], capture_output=True)


@pytest.fixture
def pg_db(pg_server):
    """A factory of fresh, empty databases on the test server."""
    import uuid
    made = []

    def make() -> str:
        name = "py_" + uuid.uuid4().hex[:12]
        _psql(pg_server + "/postgres", f"CREATE DATABASE {name}")
        made.append(name)
        return f"{pg_server}/{name}"

    yield make
    for name in made:
        try:
            _psql(pg_server + "/postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except subprocess.CalledProcessError:
            pass
