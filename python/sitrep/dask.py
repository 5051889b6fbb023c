"""sitrep on a Dask cluster: corpora larger than one machine.

Reports are a ``dask.bag``: :func:`reports_bag` reads JSON Lines files (``.gz``
too) on the workers, a partition being a run of lines of one file, so every
record keeps the file name, line number and byte offset the CLI would give it
(same ``input_id``, same error messages). :func:`extract_bag` extracts each
partition with one :class:`sitrep.Engine` per worker process (created lazily,
on first use) and writes

* ``OUT/part-NNNNN.jsonl``: the CLI's JSON Lines output for the partition,
  written to a temporary name and renamed, so a file is whole or absent;
* and/or the documents straight into a shared store (``--db postgresql://...``),
  one transaction per batch; the store skips documents it already holds.

Re-running, or a worker dying half-way (Dask re-runs its tasks elsewhere), so
ends with every report stored exactly once. Command line::

    /usr/bin/python3 -m sitrep.dask --scheduler tcp://HOST:8786 \\
        --input corpus/*.jsonl.gz --db postgresql://user@dbhost/sitrep --out results/

``--scheduler local:N`` starts a LocalCluster of N worker processes instead.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import sitrep

__all__ = ["Part", "plan_partitions", "read_partition", "reports_bag", "extract_bag", "extract_files", "run",
           "main"]

_ENGINES: Dict[str, "sitrep.Engine"] = {}
_STORES: Dict[Tuple[int, str], Any] = {}
_LOCK = threading.Lock()


def worker_engine(data_dir: Optional[str] = None) -> "sitrep.Engine":
    """The Engine of this process (one per worker process, made on first use)."""
    key = data_dir or ""
    with _LOCK:
        e = _ENGINES.get(key)
        if e is None:
            e = _ENGINES[key] = sitrep.Engine(data_dir)
        return e


def worker_store(url: str) -> Any:
    """This process's connection to the store at ``url`` (per thread: a
    connection is not shared between threads)."""
    key = (threading.get_ident(), url)
    with _LOCK:
        s = _STORES.get(key)
        if s is None:
            s = _STORES[key] = sitrep.Store(url, create=True)
        return s


@dataclass(frozen=True)
class Part:
    """Lines [first_line, first_line + n_lines) of one JSON Lines file (n_lines None: to the end)."""
    path: str
    first_line: int = 1
    n_lines: Optional[int] = None

    @property
    def name(self) -> str:
        return f"{os.path.basename(self.path)}:{self.first_line}"


def _open(path: str):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def _count_lines(path: str) -> int:
    n, last = 0, b"\n"
    with _open(path) as f:
        while True:
            b = f.read(1 << 22)
            if not b:
                break
            n += b.count(b"\n")
            last = b[-1:]
    return n + (last != b"\n")


def _expand(inputs: Iterable[str]) -> List[str]:
    files: List[str] = []
    for p in inputs:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                files.extend(os.path.join(root, n) for n in sorted(names) if not n.startswith("."))
        else:
            files.append(p)
    return files


def plan_partitions(inputs: Sequence[str], lines_per_partition: Optional[int] = None) -> List[Part]:
    """One partition per file, or runs of ``lines_per_partition`` lines of
    uncompressed files (the client counts their lines once). A ``.gz`` file is
    one partition: it cannot be entered in the middle, so split a large
    corpus into many .gz files instead."""
    parts: List[Part] = []
    for path in _expand(inputs):
        if not lines_per_partition or path.endswith(".gz"):
            parts.append(Part(path))
            continue
        total = _count_lines(path)
        for first in range(1, max(total, 1) + 1, lines_per_partition):
            parts.append(Part(path, first, lines_per_partition))
    return parts


# A raw record: (input name, 1-based line, byte offset of the line, line bytes).
RawLine = Tuple[str, int, int, bytes]


def read_partition(part: Part) -> List[RawLine]:
    """The non-blank lines of a partition, as the CLI's reader sees them."""
    out: List[RawLine] = []
    last = None if part.n_lines is None else part.first_line + part.n_lines
    off = 0
    with _open(part.path) as f:
        for no, line in enumerate(f, 1):
            if last is not None and no >= last:
                break
            start = off
            off += len(line)
            if no < part.first_line:
                continue
            line = line.rstrip(b"\n").rstrip(b"\r")
            if line.strip():
                out.append((part.path, no, start, line))
    return out


def reports_bag(inputs: Sequence[str], lines_per_partition: Optional[int] = None):
    """A ``dask.bag`` of raw JSON Lines records read on the workers."""
    import dask
    import dask.bag as db

    parts = plan_partitions(inputs, lines_per_partition)
    # Keys unique to this call: a scheduler still holding an earlier run's
    # results must not hand them back instead of reading the files again.
    run = uuid.uuid4().hex[:12]
    return db.from_delayed([dask.delayed(read_partition, pure=False)(p, dask_key_name=f"sitrep-read-{run}-{i}")
                            for i, p in enumerate(parts)])


def _atomic_write(path: str, data: str) -> None:
    d = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _groups(items: Sequence[Any]) -> Iterator[Tuple[str, List[int], List[int], List[bytes]]]:
    """Runs of records with one input name (raw lines), or in-memory records."""
    i = 0
    while i < len(items):
        it = items[i]
        if isinstance(it, tuple) and len(it) == 4:
            name, nos, offs, lines = it[0], [], [], []
            while i < len(items) and isinstance(items[i], tuple) and len(items[i]) == 4 and items[i][0] == name:
                nos.append(items[i][1])
                offs.append(items[i][2])
                lines.append(items[i][3])
                i += 1
            yield name, nos, offs, lines
        else:
            nos, lines = [], []
            while i < len(items) and not (isinstance(items[i], tuple) and len(items[i]) == 4):
                nos.append(i + 1)
                lines.append(sitrep._record_line(items[i]))
                i += 1
            yield "<dask>", nos, [0] * len(nos), lines


def process_partition(items: Sequence[Any], index: int, out: Optional[str] = None, db: Optional[str] = None,
                      data_dir: Optional[str] = None, date: Optional[str] = None, threads: int = 1,
                      batch_size: int = 500, delay: float = 0.0) -> Dict[str, Any]:
    """Extracts one partition on a worker; writes ``out/part-INDEX.jsonl``
    and/or adds the documents to the store at ``db``. Safe to re-run."""
    t0 = time.time()
    engine = worker_engine(data_dir)
    store = worker_store(db) if db else None
    jsonl: List[str] = []
    errors: List[str] = []
    docs = added = skipped = 0
    for name, nos, offs, lines in _groups(list(items)):
        for b in range(0, len(lines), batch_size):
            if delay:
                time.sleep(delay)  # tests: widen the window in which a worker can die
            sl = slice(b, b + batch_size)
            if store is not None:
                res, add = store._ingest_lines(engine, lines[sl], input=name, line_nos=nos[sl], offsets=offs[sl],
                                               date=date, threads=threads)
                added += add["added"]
                skipped += add["skipped"]
            else:
                res = engine._native.extract_batch(lines[sl], name, nos[sl], offs[sl], date, threads, "", -1)
            for r in res:
                if isinstance(r, str):
                    docs += 1
                    if out:
                        jsonl.append(r)
                else:
                    errors.append(str(r))
    if out:
        os.makedirs(out, exist_ok=True)
        _atomic_write(os.path.join(out, f"part-{index:05d}.jsonl"), "".join(s + "\n" for s in jsonl))
    return {"partition": index, "documents": docs, "failed": len(errors), "errors": errors[:20],
            "added": added, "skipped": skipped, "seconds": time.time() - t0, "pid": os.getpid()}


def process_part(part: Part, index: int, *args: Any, **kw: Any) -> Dict[str, Any]:
    """Reads and extracts one file partition in one task (no lines travel
    between workers)."""
    return process_partition(read_partition(part), index, *args, **kw)


def extract_files(inputs: Sequence[str], out: Optional[str] = None, db: Optional[str] = None, *,
                  lines_per_partition: Optional[int] = None, data_dir: Optional[str] = None,
                  date: Optional[str] = None, threads: int = 1, batch_size: int = 500, delay: float = 0.0):
    """As ``extract_bag(reports_bag(inputs))``, with reading and extraction
    fused into one task per partition: the fast path for files."""
    import dask

    if not out and not db:
        raise ValueError("give out (a folder for JSON Lines) and/or db (a store URL)")
    fn = dask.delayed(process_part, pure=False)
    run = uuid.uuid4().hex[:12]
    return [fn(p, i, out, db, data_dir, date, threads, batch_size, delay, dask_key_name=f"sitrep-part-{run}-{i}")
            for i, p in enumerate(plan_partitions(inputs, lines_per_partition))]


def extract_bag(bag, out: Optional[str] = None, db: Optional[str] = None, *, data_dir: Optional[str] = None,
                date: Optional[str] = None, threads: int = 1, batch_size: int = 500, delay: float = 0.0):
    """One delayed task per partition of ``bag`` (raw records from
    :func:`reports_bag`, or dicts / strings); compute them with a
    ``distributed.Client`` (``client.compute(tasks)``) or ``dask.compute``."""
    import dask

    if not out and not db:
        raise ValueError("give out (a folder for JSON Lines) and/or db (a store URL)")
    if db and sitrep.Store is None:
        raise RuntimeError("this build has no store")
    fn = dask.delayed(process_partition, pure=False)
    run = uuid.uuid4().hex[:12]  # fresh keys: every call writes its outputs again
    return [fn(p, i, out, db, data_dir, date, threads, batch_size, delay, dask_key_name=f"sitrep-extract-{run}-{i}")
            for i, p in enumerate(bag.to_delayed(optimize_graph=False))]


def run(scheduler: Any, inputs: Sequence[str], *, db: Optional[str] = None, out: Optional[str] = None,
        lines_per_partition: Optional[int] = None, data_dir: Optional[str] = None, date: Optional[str] = None,
        threads: int = 1, delay: float = 0.0, progress: bool = False) -> Dict[str, Any]:
    """Runs a whole job on the cluster at ``scheduler`` (an address, a
    ``distributed.Client``, or ``"local:N"`` for a LocalCluster of N worker
    processes). Returns totals and the per-partition summaries."""
    from distributed import Client, LocalCluster

    cluster = None
    if isinstance(scheduler, Client):
        client, own = scheduler, False
    elif isinstance(scheduler, str) and scheduler.startswith("local:"):
        cluster = LocalCluster(n_workers=int(scheduler[6:]), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client, own = Client(cluster), True
    else:
        client, own = Client(scheduler), True
    try:
        t0 = time.time()
        if db:
            sitrep.Store(db, create=True).close()  # create / migrate the schema once, before the workers race
        if out:
            os.makedirs(out, exist_ok=True)
        tasks = extract_files(inputs, out, db, lines_per_partition=lines_per_partition, data_dir=data_dir,
                              date=date, threads=threads, delay=delay)
        futures = client.compute(tasks)
        if progress:
            from distributed import progress as _progress
            _progress(futures)
        parts = client.gather(futures)
        totals = {k: sum(p[k] for p in parts) for k in ("documents", "failed", "added", "skipped")}
        totals.update(partitions=len(parts), seconds=time.time() - t0, parts=parts)
        return totals
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m sitrep.dask",
                                 description="Extract JSON Lines reports on a Dask cluster into a store and/or files.")
    ap.add_argument("--scheduler", required=True, help="scheduler address (tcp://host:8786), or local:N")
    ap.add_argument("--input", nargs="+", required=True, help="JSON Lines files (.gz too) or folders")
    ap.add_argument("--db", help="store URL (postgresql://...) shared by every worker; a SQLite path only "
                                 "when every worker runs on this machine")
    ap.add_argument("--out", help="folder for part-NNNNN.jsonl outputs")
    ap.add_argument("--lines-per-partition", type=int, default=None, help="split files into runs of N lines")
    ap.add_argument("--data", dest="data_dir", help="folder with lexicon.bin and models/ on every worker")
    ap.add_argument("--date", help="published date for records that carry none")
    ap.add_argument("--threads", type=int, default=1, help="C++ threads per task")
    ap.add_argument("--progress", action="store_true", help="show a progress bar")
    a = ap.parse_args(argv)
    if not a.db and not a.out:
        ap.error("give --db and/or --out")
    if a.date:
        import datetime
        try:
            datetime.date.fromisoformat(a.date)
        except ValueError:
            ap.error(f'--date: "{a.date}" is not a real date in the form YYYY-MM-DD')
    missing = [p for p in a.input if not os.path.exists(p)]
    if missing:
        ap.error("no such file or directory: " + ", ".join(missing))
    res = run(a.scheduler, a.input, db=a.db, out=a.out, lines_per_partition=a.lines_per_partition,
              data_dir=a.data_dir, date=a.date, threads=a.threads, progress=a.progress)
    for p in res["parts"]:
        for e in p["errors"]:
            print(f"sitrep: {e}", file=sys.stderr)
    print(f"sitrep.dask: {res['documents']} documents, {res['failed']} failed, {res['added']} added, "
          f"{res['skipped']} already stored, {res['partitions']} partitions in {res['seconds']:.1f}s",
          file=sys.stderr)
    return 1 if res["failed"] else 0


if __name__ == "__main__":
    # Run the imported module's main, so tasks name sitrep.dask functions
    # (importable on the workers) rather than pickling this __main__ by value.
    from sitrep.dask import main as _main
    sys.exit(_main())
