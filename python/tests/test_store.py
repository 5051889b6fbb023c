"""sitrep.Store from Python: same state as `sitrep ingest`, idempotent, frames."""
import datetime
import json

import pytest

import sitrep
from conftest import run_cli, write_corpus


def test_ingest_matches_cli_ingest_sqlite(engine, tmp_path):
    path = write_corpus(tmp_path / "c.jsonl", 80, seed=11)
    _, err, rc = run_cli("ingest", "-q", "--db", str(tmp_path / "cli.db"), str(path))
    assert rc == 0, err
    recs = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]
    with sitrep.Store(tmp_path / "py.db", create=True) as st:
        tot = st.ingest(engine, recs, input=str(path), batch_size=33)
        assert tot["documents"] == 80 and tot["added"] == 80 and tot["failed"] == 0
        again = st.ingest(engine, recs[:40], input=str(path))
        assert again["added"] == 0 and again["skipped"] == 40
        mine = st.counts()
    cli = sitrep.Store(str(tmp_path / "cli.db"), create=True).counts()
    assert mine == cli
    assert mine["documents"] == 80


def test_queries_return_frames_or_lists(engine, tmp_path):
    st = sitrep.Store(str(tmp_path / "q.db"), create=True)
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


def test_reports_keep_their_rule_records(engine, tmp_path):
    # Issue 15: a stored report says which rule decided each field (the JSON
    # `sitrep extract --explain` writes); hand-built reports have none.
    st = sitrep.Store(str(tmp_path / "w.db"), create=True)
    st.ingest(engine, ["Two people were killed in Kharkiv on Monday."], date="2024-03-12")
    ev = st.events(as_frame=False, limit=0)
    assert len(ev) == 1
    rep = st.event(ev[0]["event_id"])["report_list"][0]
    why = json.loads(rep["explain"])
    first = why["type"][0] if isinstance(why["type"], list) else why["type"]
    assert first["rule"].startswith("trigger:") and first["text"] == "killed"
    assert why["place"]["text"] == "Kharkiv"
    _seed_events(st)
    hand = st.events(as_frame=False, limit=0, type="PROTEST")[0]
    assert st.event(hand["event_id"])["report_list"][0]["explain"] is None


def test_bad_reports_are_counted_not_stored(engine, tmp_path):
    st = sitrep.Store(str(tmp_path / "b.db"), create=True)
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
    pg = sitrep.Store(pg_db(), create=True)
    pg.ingest(engine, recs, input=str(path))
    lite = sitrep.Store(str(tmp_path / "l.db"), create=True)
    lite.ingest(engine, recs, input=str(path))
    assert pg.counts() == lite.counts()


def _seed_events(st):
    """Three reports of one strike from two sources, plus an unrelated event."""
    add = st._native._testing_add
    add("Strike report one", "2023-11-06", "Xinhua",
        [{"type": "ASSAULT", "place": "Khan Younis", "lat": 31.346, "lon": 34.306, "killed_low": 30}])
    add("Strike report two", "2023-11-07", "AP",
        [{"type": "ASSAULT", "place": "Khan Younis", "lat": 31.35, "lon": 34.31, "date": "2023-11-06",
          "killed_low": 37, "injured_low": 101}])
    add("A protest far away", "2023-11-08", "AP",
        [{"type": "PROTEST", "place": "Kharkiv", "country": "UKR", "lat": 49.99, "lon": 36.23}])


def test_event_rows_reach_python_with_their_values(tmp_path):
    st = sitrep.Store(str(tmp_path / "e.db"), create=True)
    _seed_events(st)
    rows = st.events(as_frame=False, limit=0)
    assert sorted(r["event_type"] for r in rows) == ["ASSAULT", "PROTEST"]
    strike = next(r for r in rows if r["event_type"] == "ASSAULT")
    assert strike["reports"] == 2 and sorted(strike["sources"]) == ["AP", "Xinhua"]
    assert strike["event_date"] == "2023-11-06" and strike["killed_low"] == 30
    assert strike["killed_best"] == 37  # the latest report's figure (UCDP GED convention)
    assert abs(strike["latitude"] - 31.35) < 0.01 and strike["country"] == "PSE"
    pd = pytest.importorskip("pandas")
    df = st.events(type="ASSAULT", min_killed=31)
    assert isinstance(df, pd.DataFrame) and list(df["event_id"]) == [strike["event_id"]]
    assert st.events(country="UKR", as_frame=False)[0]["location"] == "Kharkiv"
    assert len(st.events(near=(31.3, 34.3, 20), as_frame=False)) == 1
    assert len(st.events(date_from="2023-11-08", as_frame=False)) == 1
    detail = st.event(strike["event_id"])
    assert [r["source"] for r in detail["report_list"]] == ["Xinhua", "AP"]  # anchor first


def test_postgres_queries_equal_sqlite(tmp_path, pg_db):
    lite, pg = sitrep.Store(str(tmp_path / "x.db"), create=True), sitrep.Store(pg_db(), create=True)
    for st in (lite, pg):
        _seed_events(st)
    assert pg.events(as_frame=False, limit=0) == lite.events(as_frame=False, limit=0)
    assert pg.counts() == lite.counts()


def test_typed_columns_as_the_csv_and_no_silent_cut(tmp_path):
    pd = pytest.importorskip("pandas")
    st = sitrep.Store(str(tmp_path / "t.db"), create=True)
    add = st._native._testing_add
    for i in range(120):  # more than any default page; dates 10 days apart never merge
        add(f"Strike {i}", (datetime.date(2020, 1, 1) + datetime.timedelta(days=10 * i)).isoformat(), "AP",
            [{"type": "ASSAULT", "place": "Khan Younis", "lat": 31.346, "lon": 34.306, "killed_low": 37}])
    df = st.events()
    assert len(df) == 120  # every matching row, no limit unless asked
    assert len(st.events(limit=5)) == 5
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert str(df["killed_low"].dtype) == "Int64" and str(df["fatalities"].dtype) == "Int64"
    assert df["killed_low"].iloc[0] == 37 and pd.isna(df["killed_high"].iloc[0])  # "at least 37": open above
    cli_cols = "event_id,event_date,date_precision,event_type".split(",")
    assert list(df.columns[:4]) == cli_cols and "inter1" in df.columns and "modality" in df.columns
    assert df["iso"].iloc[0] == 275 and df["region"].iloc[0] == "Middle East"
    assert len(st.events(type="assault", country="Palestine")) == 120  # names and any case resolve
    with pytest.raises(ValueError, match="ASSAULT"):
        st.events(type="assalt")
    with pytest.raises(ValueError, match="country"):
        st.events(country="Narnia")


def test_missing_store_is_an_error_unless_created(tmp_path):
    with pytest.raises(sitrep.StoreError, match="no store"):
        sitrep.Store(str(tmp_path / "typo.db"))
    assert not (tmp_path / "typo.db").exists()
    sitrep.Store(str(tmp_path / "new.db"), create=True).close()
    assert len(sitrep.Store(str(tmp_path / "new.db")).events(as_frame=False)) == 0
