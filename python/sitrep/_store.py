"""sitrep.Store: the cross-document store (SQLite file or PostgreSQL URL)."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import _native

StoreError = _native.StoreError
StoreError.__module__ = "sitrep"

_EVENT_FILTERS = ("date_from", "date_to", "type", "country", "actor", "text", "min_killed", "limit")


def _frame(rows: List[Dict[str, Any]], as_frame: Optional[bool], columns: Sequence[str]):
    if as_frame is False:
        return rows
    try:
        import pandas as pd
    except ImportError:
        if as_frame:
            raise
        return rows
    return pd.DataFrame.from_records(rows, columns=list(columns))


_EVENT_COLUMNS = ("event_id", "event_date", "date_end", "date_precision", "event_type", "mode", "cameo",
                  "acled_event_type", "acled_sub_event_type", "actor1", "actor1_country", "actor2",
                  "actor2_country", "location", "admin1", "country", "latitude", "longitude", "geo_precision",
                  "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
                  "sources", "reports", "first_seen", "last_seen", "notes")
_TALLY_COLUMNS = ("metric", "group", "place", "country", "source", "as_of", "since", "low", "high", "document_id")


class Store:
    """A store opened (created and migrated when new) at ``url_or_path``:
    ``postgresql://...`` / ``postgres://...`` is PostgreSQL, anything else a
    SQLite file. Queries return pandas DataFrames when pandas is importable
    (``as_frame=False``: lists of dicts). Raises :class:`StoreError`."""

    def __init__(self, url_or_path: str) -> None:
        self._native = _native.Store(str(url_or_path))

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
               min_killed: Optional[int] = None, limit: int = 100, as_frame: Optional[bool] = None):
        """Merged events (ACLED-like columns, SCHEMA.md's CSV export), filtered:
        dates overlapping [date_from, date_to], PLOVER ``type``, place
        ``country`` (alpha-3), ``actor`` (name substring or country code),
        ``near=(lat, lon, km)``, ``bbox=(west, south, east, north)``, full-text
        ``text``, ``min_killed`` (best estimate). ``limit <= 0``: all."""
        f: Dict[str, Any] = {"type": type, "country": country, "actor": actor, "text": text,
                             "min_killed": min_killed, "limit": limit}
        for k, v in (("date_from", date_from), ("date_to", date_to)):
            f[k] = v.isoformat() if isinstance(v, _dt.date) else v
        if near is not None:
            f["near_lat"], f["near_lon"], f["near_km"] = near
        if bbox is not None:
            f["west"], f["south"], f["east"], f["north"] = bbox
        return _frame(self._native.events(f), as_frame, _EVENT_COLUMNS)

    def event(self, event_id: str) -> Optional[Dict[str, Any]]:
        """One event with its reports (``report_list``), or None."""
        return self._native.event(event_id)

    def tallies(self, metric: Optional[str] = None, group: Optional[str] = None, *,
                as_frame: Optional[bool] = None):
        """Tally time series, one row per point (metric, group, place, country,
        attributing source, as_of, since, low, high, document_id)."""
        return _frame(self._native.tallies(metric or "", group or ""), as_frame, _TALLY_COLUMNS)

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
