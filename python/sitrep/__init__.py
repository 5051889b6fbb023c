"""sitrep: dated news reports in, schema v1 event records out.

The C++ engine behind the ``sitrep`` command line, as a Python module::

    import sitrep
    engine = sitrep.Engine()
    doc = engine.extract("At least 37 people were killed ...", date="2023-11-06")
    for doc in engine.extract_many(records, threads=2):
        ...

Results are built by the same JSON writer as ``sitrep extract``, so
``Engine.extract_json`` returns exactly the line the CLI prints for the same
record. Bad input raises :class:`InputError` (a ``ValueError``) whose message
is the CLI's ``input:line: byte N: error: ...`` line. The schema is
``/work/shared/design/SCHEMA.md`` (version 1).

Built for Debian's ``/usr/bin/python3``; see ``scripts/install-python.sh``.
"""
from __future__ import annotations

import datetime as _dt
import json as _json
import concurrent.futures as _futures
import itertools as _itertools
import queue as _queue
import threading as _threading
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from . import _native

__all__ = ["Engine", "InputError", "Store", "StoreError", "version", "SCHEMA_VERSION"]
__version__ = _native.__version__
SCHEMA_VERSION = 1

InputError = _native.InputError
InputError.__doc__ = (
    "A report that cannot be read (malformed JSON, no text, bad UTF-8, impossible "
    "date...). ``str(e)`` is the CLI's message; attributes: input, line, offset, reason, warning."
)
InputError.__module__ = "sitrep"

Record = Union[str, bytes, Dict[str, Any]]
DateLike = Union[None, str, _dt.date]

_KNOWN_META = ("id", "title", "source", "url")
_DEFAULT_NAME = "<python>"


def _to_char_offsets(doc: Dict[str, Any], text: str) -> None:
    """Rewrites every span's UTF-8 byte offsets ``start``/``end`` in ``doc``
    into character offsets into ``text`` (identity for ASCII text)."""
    raw = text.encode("utf-8", "surrogateescape")
    if len(raw) == len(text):
        return
    char_at = [0] * (len(raw) + 1)
    b = 0
    for i, ch in enumerate(text):
        n = len(ch.encode("utf-8", "surrogateescape"))
        for k in range(n):
            char_at[b + k] = i
        b += n
    char_at[len(raw)] = len(text)

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            s, e = x.get("start"), x.get("end")
            if type(s) is int and type(e) is int and 0 <= s <= e <= len(raw):
                x["start"], x["end"] = char_at[s], char_at[e]
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)


def version() -> str:
    """The engine version ("0.1.0")."""
    return _native.__version__


def _date_str(date: DateLike) -> Optional[str]:
    if date is None:
        return None
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return str(date)


# ASCII-escaped JSON is about 3x faster to make than ensure_ascii=False and
# parses to the same strings; the reader re-serialises extra fields itself.
_ENCODER = _json.JSONEncoder(separators=(",", ":"))
_RAW_ENCODER = _json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _record_line(item: Record, date: DateLike = None, meta: Optional[Dict[str, Any]] = None) -> bytes:
    """One report as the reader's JSON Lines record (the CLI's input format), UTF-8."""
    if isinstance(item, dict):
        rec = item
        if isinstance(rec.get("date"), _dt.date):
            rec = dict(rec)
            rec["date"] = _date_str(rec["date"])
        return _ENCODER.encode(rec).encode("ascii")
    raw = False
    if isinstance(item, (bytes, bytearray, memoryview)):
        try:
            item = bytes(item).decode("utf-8")
        except UnicodeDecodeError:
            # Keep the bad bytes as they are, so the reader reports them
            # exactly as the CLI does for a file.
            item = bytes(item).decode("utf-8", errors="surrogateescape")
            raw = True
    if not isinstance(item, str):
        raise TypeError(f"a report is a str (text) or a dict (JSON Lines record), not {type(item).__name__}")
    rec2: Dict[str, Any] = {"text": item}
    if date is not None:
        rec2["date"] = _date_str(date)
    if meta:
        for k, v in meta.items():
            rec2[k] = _date_str(v) if k == "date" else v
    if raw:
        return _RAW_ENCODER.encode(rec2).encode("utf-8", "surrogateescape")
    return _ENCODER.encode(rec2).encode("ascii")


def _encode(line: Union[str, bytes]) -> bytes:
    """A raw JSON Lines record as bytes (undecodable bytes kept as they were)."""
    if isinstance(line, (bytes, bytearray)):
        return bytes(line)
    return line.encode("utf-8", "surrogateescape")


class Engine:
    """The extraction engine: loads the lexicon and models once.

    Thread-safe: one Engine can serve many Python threads at once, and the GIL
    is released while a report is extracted, so threads scale with cores.

    ``data_dir``: folder with lexicon.bin and models/ (default: ``$SITREP_DATA``,
    else the build tree's data, else the source tree's ``data/``).
    """

    def __init__(self, data_dir: Optional[str] = None) -> None:
        self._native = _native.Engine(data_dir or "")

    @property
    def data_dir(self) -> str:
        """The resource folder in use ("" when none was found)."""
        return self._native.data_dir

    def __repr__(self) -> str:
        return f"sitrep.Engine(data_dir={self.data_dir!r})"

    # -- one report -------------------------------------------------------
    def extract_json(self, text: Union[str, Dict[str, Any]], date: DateLike = None, *,
                     annotate: str = "", indent: Optional[int] = None, input: str = _DEFAULT_NAME,
                     line: int = 1, **meta: Any) -> str:
        """One report → its schema v1 JSON text, exactly as ``sitrep extract``
        writes it (``indent=None``: the compact ``--format jsonl`` line without
        the newline; ``indent=2``: ``--format json``).

        ``text`` is the report body, or a dict in the JSON Lines input format
        (``{"id", "date", "title", "text", "source", "url", ...}``). ``meta``
        adds those fields (``id=``, ``title=``, ``source=``, ``url=``, or any
        extra field, which is carried through). Without ``id`` the document's
        ``input_id`` is ``"<input>:<line>"``. Raises :class:`InputError`.
        """
        if isinstance(text, dict):
            merged = dict(text)
            if date is not None:
                merged["date"] = date
            merged.update(meta)
            rec = _record_line(merged)
        else:
            rec = _record_line(text, date, meta)
        return self._native.extract_line(rec, input, line, 0, None, annotate, -1 if indent is None else indent)

    def extract(self, text: Union[str, Dict[str, Any]], date: DateLike = None, *, annotate: str = "",
                input: str = _DEFAULT_NAME, line: int = 1, offsets: str = "chars", **meta: Any) -> Dict[str, Any]:
        """One report → a schema v1 document as a dict (see :meth:`extract_json`),
        with the report's text as ``doc["document"]["text"]``.

        Spans (``{"start", "end"}`` of mentions, evidence, tallies, annotate
        layers) are Python character offsets into that text by default, so
        slicing works whatever the script; ``offsets="bytes"`` keeps the
        schema's UTF-8 byte offsets (as :meth:`extract_json` gives them)::

            >>> doc = engine.extract("Ḩalab: at least 37 people were killed.", date="2024-01-02")  # doctest: +SKIP
            >>> text = doc["document"]["text"]                        # doctest: +SKIP
            >>> ev = doc["events"][0]["evidence"][0]                  # doctest: +SKIP
            >>> text[ev["start"]:ev["end"]]                           # doctest: +SKIP
            'Ḩalab: at least 37 people were killed.'
        """
        if offsets not in ("chars", "bytes"):
            raise ValueError('offsets: "chars" or "bytes"')
        doc = _json.loads(self.extract_json(text, date, annotate=annotate, input=input, line=line, **meta))
        body = text.get("text") if isinstance(text, dict) else text
        if isinstance(body, (bytes, bytearray)):
            body = bytes(body).decode("utf-8", "surrogateescape")
        if isinstance(body, str):
            doc.setdefault("document", {})["text"] = body
            if offsets == "chars":
                _to_char_offsets(doc, body)
        return doc

    # -- streams ----------------------------------------------------------
    def extract_many(self, items: Iterable[Record], *, date: DateLike = None, threads: int = 1,
                     batch_size: int = 256, annotate: str = "", input: str = _DEFAULT_NAME,
                     on_error: Optional[Callable[[InputError], None]] = None,
                     as_json: bool = False) -> Iterator[Union[Dict[str, Any], str]]:
        """Extracts a stream of reports, yielding results in input order.

        Items are dicts in the JSON Lines input format or strings (report
        text; ``date`` is then their published date, and the default for dicts
        without one, like the CLI's ``--date``). The n-th item (1-based) is
        named ``"<input>:<n>"`` in errors and ``input_id`` (when it has no
        ``id``), as line n of a file named ``input`` would be.

        Items are taken ``batch_size`` at a time; each batch is extracted with
        the GIL released on ``threads`` C++ threads. A bad item raises
        :class:`InputError` when it is reached, unless ``on_error`` is given:
        it then receives the error and the item is skipped (the CLI's
        behaviour). ``as_json=True`` yields the JSON text instead of dicts.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        ds = _date_str(date)
        loads = (lambda s: s) if as_json else _json.loads
        it = iter(items)
        n = 0

        def next_batch():
            nonlocal n
            batch = list(_itertools.islice(it, batch_size))
            first = n + 1
            n += len(batch)
            return batch, first

        def extract(batch, first):
            # Records are written as JSON Lines text in C++ (str and dicts of
            # str), else by _record_line; a bad item type comes back as the
            # exception to raise after the items before it.
            return self._native.extract_items(batch, input, first, ds, threads, annotate, -1, _record_line)

        def deliver(fut):
            results, failure = fut.result()
            for r in results:
                if isinstance(r, str):
                    yield loads(r)
                elif on_error is not None:
                    on_error(r)
                else:
                    raise r
            if failure is not None:
                raise failure

        ex = _futures.ThreadPoolExecutor(1, thread_name_prefix="sitrep-extract")
        try:
            pending = None
            while True:
                batch, first = next_batch()
                fut = ex.submit(extract, batch, first) if batch else None
                if pending is not None:
                    yield from deliver(pending)
                if fut is None:
                    return
                pending = fut
        finally:
            ex.shutdown(wait=False)

    def extract_lines(self, lines: Sequence[Union[str, bytes]], *, input: str = _DEFAULT_NAME,
                      first_line: int = 1, offsets: Optional[Sequence[int]] = None, date: DateLike = None,
                      threads: int = 1, annotate: str = "", as_json: bool = True) -> List[Any]:
        """Raw JSON Lines records (as read from a file, newline stripped) →
        one result per line, in order: the JSON text (or dict) for a good
        record, an :class:`InputError` instance (not raised) for a bad one.
        Line numbers start at ``first_line``; ``offsets`` are the byte offsets
        of the lines in the file, for error messages. Used by ``sitrep.dask``.
        """
        strs = [bytes(l) if isinstance(l, (bytes, bytearray)) else _encode(l) for l in lines]
        nos = list(range(first_line, first_line + len(strs)))
        res = self._native.extract_batch(strs, input, nos, list(offsets or []), _date_str(date), threads,
                                         annotate, -1)
        if as_json:
            return res
        return [_json.loads(r) if isinstance(r, str) else r for r in res]

    def extract_file(self, *paths: str, date: DateLike = None, threads: int = 1, annotate: str = "",
                     on_error: Optional[Callable[[InputError], None]] = None,
                     as_json: bool = False) -> Iterator[Union[Dict[str, Any], str]]:
        """Reads files, directories (recursively) or ``"-"`` exactly as
        ``sitrep extract PATHS...`` does (seed format, plain text, JSON Lines,
        gzip) on ``threads`` threads, yielding documents in input order.
        Errors and warnings go to ``on_error`` (default: a bad report raises
        :class:`InputError` after the documents before it; warnings are ignored).
        """
        q: "_queue.Queue" = _queue.Queue(maxsize=16)  # batches of 64 results
        done = object()
        state: Dict[str, Any] = {}
        cancelled = _threading.Event()

        def put(x: Any) -> None:
            while not cancelled.is_set():
                try:
                    q.put(x, timeout=0.1)
                    return
                except _queue.Full:
                    continue
            raise _Cancelled()

        def run() -> None:
            try:
                state["stats"] = self._native.extract_paths(list(paths), _date_str(date), threads, annotate, -1,
                                                            64, put)
            except _Cancelled:
                pass
            except BaseException as e:  # handed to the consumer
                state["error"] = e
            finally:
                try:
                    q.put(done, timeout=1)
                except _queue.Full:
                    pass

        th = _threading.Thread(target=run, name="sitrep-extract-file", daemon=True)
        th.start()
        try:
            while True:
                xs = q.get()
                if xs is done:
                    break
                for x in xs:
                    if isinstance(x, str):
                        yield x if as_json else _json.loads(x)
                    elif on_error is not None:
                        on_error(x)
                    elif not x.warning:
                        raise x
            if "error" in state:
                raise state["error"]
        finally:
            # A consumer that stops early leaves the daemon thread to drain.
            cancelled.set()
            if "stats" in state or "error" in state:
                th.join()


class _Cancelled(Exception):
    pass


from ._store import Store, StoreError  # noqa: E402  (needs _encode and friends above)
