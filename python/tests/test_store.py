"""sitrep.Store from Python: same state as `sitrep ingest`, idempotent, frames."""
import json

import pytest

import sitrep
from conftest import run_cli, write_corpus


def test_ingest_matches_cli_ingest_sqlite(engine, tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 80, seed=11)
    _, err, rc = run_cli("ingest", "-q", "--db", str(tmp_path / "cli.db"), str(path))
    assert rc == 0, err
    recs = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
    with sitrep.Store(tmp_path / "py.db") as st:
        tot = st.ingest(engine, recs, input=str(path), batch_size=33)
        assert tot["documents"] == 80 and tot["added"] == 80 and tot["failed"] == 0
        again = st.ingest(engine, recs[:40], input=str(path))
        assert again["added"] == 0 and again["skipped"] == 40
        mine = st.counts()
    cli = sitrep.Store(str(tmp_path / "cli.db")).counts()
    assert mine == cli
    assert mine["documents"] == 80


def test_queries_return_frames_or_lists(engine, tmp_path):
    st = sitrep.Store(str(tmp_path / "q.db"))
    st.ingest(engine, ["Two people were killed in Kharkiv on Monday."], date="2024-03-12")
    ev = st.events(date_from="2024-01-01", limit=0)
    pd = pytest.importorskip("pandas")
    assert isinstance(ev, pd.DataFrame) and "event_id" in ev.columns and "killed_best" in ev.columns
    assert isinstance(st.events(as_frame=False, country="UKR", near=(48.0, 37.0, 50.0)), list)
    assert list(st.tallies().columns)[:3] == ["metric", "group", "place"]
    assert st.event("v:doesnotexist") is None
    with pytest.raises(ValueError, match="not a real date"):
        st.events(date_from="2024-02-31")
    st.close()
    with pytest.raises(sitrep.StoreError):
        st.counts()


def test_bad_reports_are_counted_not_stored(engine, tmp_path):
    st = sitrep.Store(str(tmp_path / "b.db"))
    tot = st.ingest(engine, [{"text": "fine", "date": "2023-01-01"}, {"id": "no text"},
                             {"text": "x", "date": "2023-02-30"}])
    assert tot == {"documents": 1, "failed": 2, "added": 1, "skipped": 0, "reports": 0}
    assert st.counts()["documents"] == 1


def test_unopenable_store_raises():
    with pytest.raises(sitrep.StoreError):
        sitrep.Store("postgresql://nobody@127.0.0.1:1/none")


def test_postgres_store_equals_sqlite(engine, tmp_path, pg_db):
    path = write_corpus(tmp_path / "p.jsonl", 60, seed=12)
    recs = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
    pg = sitrep.Store(pg_db())
    pg.ingest(engine, recs, input=str(path))
    lite = sitrep.Store(str(tmp_path / "l.db"))
    lite.ingest(engine, recs, input=str(path))
    assert pg.counts() == lite.counts()
