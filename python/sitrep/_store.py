"""sitrep.Store: the cross-document store (SQLite file or PostgreSQL URL)."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import _native

StoreError = _native.StoreError
StoreError.__module__ = "sitrep"

_EVENT_FILTERS = ("date_from", "date_to", "type", "country", "actor", "text", "min_killed", "limit")


def _frame(rows: List[Dict[str, Any]], as_frame: Optional[bool], columns: Sequence[str],
           dates: Sequence[str] = (), ints: Sequence[str] = (), lists: Sequence[str] = ()):
    """rows → a pandas DataFrame with typed columns (dates datetime64, counts
    nullable Int64, lists "; "-joined as in the CSV), or the rows themselves."""
    if as_frame is False:
        return rows
    try:
        import pandas as pd
    except ImportError:
        if as_frame:
            raise
        return rows
    df = pd.DataFrame.from_records(rows, columns=list(columns))
    for c in dates:
        df[c] = pd.to_datetime(df[c], format="%Y-%m-%d", errors="coerce")
    for c in ints:
        df[c] = pd.array([None if v is None or v != v else int(v) for v in df[c]], dtype="Int64")
    for c in lists:
        df[c] = ["; ".join(v) if isinstance(v, list) else v for v in df[c]]
    return df


# The CSV export's columns (``sitrep events --format csv``), in its order.
_EVENT_COLUMNS = ("event_id", "event_date", "date_precision", "event_type", "mode", "cameo",
                  "acled_event_type", "acled_sub_event_type", "actor1", "actor1_country", "actor2",
                  "actor2_country", "location", "admin1", "country", "latitude", "longitude", "geo_precision",
                  "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
                  "sources", "reports", "notes",
                  "event_id_cnty", "year", "time_precision", "disorder_type", "assoc_actor_1", "inter1",
                  "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "admin2", "admin3",
                  "geo_precision_code", "source_scale", "fatalities", "tags", "date_end", "actor1_code",
                  "actor2_code", "attribution", "claim", "modality", "background", "url", "first_seen", "last_seen")
_EVENT_DATES = ("event_date", "date_end", "first_seen", "last_seen")
_EVENT_INTS = ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high", "reports",
               "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision_code", "fatalities")
_TALLY_COLUMNS = ("metric", "group", "place", "country", "source", "as_of", "since", "low", "high", "document_id")


class Store:
    """A store opened (created and migrated when new) at ``url_or_path``:
    ``postgresql://...`` / ``postgres://...`` is PostgreSQL, anything else a
    SQLite file. Queries return pandas DataFrames when pandas is importable
    (``as_frame=False``: lists of dicts). Raises :class:`StoreError`."""

    def __init__(self, url_or_path: str, *, create: bool = False) -> None:
        """Opens the store; a SQLite path that does not exist raises
        :class:`StoreError` unless ``create=True`` (a typo never becomes a new
        empty store)::

            >>> st = sitrep.Store("events.db")                 # doctest: +SKIP
            >>> st = sitrep.Store("new.db", create=True)       # doctest: +SKIP
        """
        self._native = _native.Store(str(url_or_path), create)

    @property
    def url(self) -> str:
        return self._native.url

    def __repr__(self) -> str:
        return f"sitrep.Store({self.url!r})"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._native.close()

    def events(self, *, date_from=None, date_to=None, type: Optional[str] = None, country: Optional[str] = None,
               actor: Optional[str] = None, near: Optional[Tuple[float, float, float]] = None,
               bbox: Optional[Tuple[float, float, float, float]] = None, text: Optional[str] = None,
               min_killed: Optional[int] = None, acled_type: Optional[str] = None, modality: str = "asserted",
               background: str = "exclude", limit: Optional[int] = None, as_frame: Optional[bool] = None):
        """Merged events with the CSV export's columns (``sitrep events
        --format csv``: SCHEMA.md's, then ACLED's standard ones and sitrep's
        own), every matching row unless ``limit`` is given, newest first.

        Filters: dates overlapping [``date_from``, ``date_to``]; ``type`` a
        PLOVER type or an ACLED event type (any case); ``acled_type``; place
        ``country`` (alpha-3 or a name: "Nigeria"); ``actor`` (a name or part
        of one, a dictionary alias such as "RSF", an actor or country code);
        ``near=(lat, lon, km)``; ``bbox=(west, south, east, north)``; full-text
        ``text``; ``min_killed`` (best estimate); ``modality`` ("asserted", the
        default, or "any", "negated", "hypothetical", "future");
        ``background`` ("exclude", the default, "include" or "only").
        Unknown types or countries raise ``ValueError``.

        As a DataFrame dates are ``datetime64``, counts nullable ``Int64``
        (an open interval's high is ``<NA>``), lists "; "-joined::

            >>> df = st.events(country="Nigeria", type="assault")   # doctest: +SKIP
            >>> df[["event_date", "location", "killed_low", "killed_high"]]   # doctest: +SKIP
              event_date   location  killed_low  killed_high
            0 2024-01-01  Maiduguri          37         <NA>
        """
        f: Dict[str, Any] = {"type": type, "country": country, "actor": actor, "text": text,
                             "min_killed": min_killed, "acled_type": acled_type, "modality": modality,
                             "background": background, "limit": 0 if limit is None else limit}
        for k, v in (("date_from", date_from), ("date_to", date_to)):
            f[k] = v.isoformat() if isinstance(v, _dt.date) else v
        if near is not None:
            f["near_lat"], f["near_lon"], f["near_km"] = near
        if bbox is not None:
            f["west"], f["south"], f["east"], f["north"] = bbox
        return _frame(self._native.events(f), as_frame, _EVENT_COLUMNS, _EVENT_DATES, _EVENT_INTS, ("sources",))

    def event(self, event_id: str) -> Optional[Dict[str, Any]]:
        """One event with its reports (``report_list``), or None."""
        return self._native.event(event_id)

    def tallies(self, metric: Optional[str] = None, group: Optional[str] = None, *,
                as_frame: Optional[bool] = None):
        """Tally time series, one row per point (metric, group, place, country,
        attributing source, as_of, since, low, high, document_id)."""
        return _frame(self._native.tallies(metric or "", group or ""), as_frame, _TALLY_COLUMNS,
                      ("as_of", "since"), ("low", "high"))

    def counts(self) -> Dict[str, Any]:
        """Row counts per table and a digest of the whole merged state."""
        return self._native.counts()

    def ingest(self, engine, items: Iterable[Any], *, date=None, threads: int = 1, batch_size: int = 500,
               input: str = "<python>") -> Dict[str, int]:
        """Extracts reports (as :meth:`Engine.extract_many` takes them) and adds
        them, one transaction per batch. Bad reports are counted and skipped."""
        from . import _date_str, _record_line
        ds = _date_str(date)
        tot = {"documents": 0, "failed": 0, "added": 0, "skipped": 0, "reports": 0}
        batch: List[bytes] = []
        nos: List[int] = []

        def flush() -> None:
            res, add = self._ingest_lines(engine, batch, input=input, line_nos=nos, offsets=[], date=ds,
                                          threads=threads)
            for r in res:
                tot["documents" if isinstance(r, str) else "failed"] += 1
            for k in ("added", "skipped", "reports"):
                tot[k] += add[k]
            batch.clear()
            nos.clear()

        for n, item in enumerate(items, 1):
            batch.append(_record_line(item) if isinstance(item, dict) else _record_line(item, ds))
            nos.append(n)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return tot

    def _ingest_lines(self, engine, lines, *, input: str, line_nos, offsets, date, threads: int):
        return self._native.ingest_lines(engine._native, list(lines), input, list(line_nos), list(offsets), date,
                                         threads)
