#!/usr/bin/python3
"""Throughput of the Python binding and of sitrep.dask, checked first.

1. One core (CPU seconds, robust on a shared machine): `sitrep extract -j1` against Engine.extract_many (dicts in; JSON
   text out, and dicts out), Engine.extract_file, on the same corpus. Every
   variant's output must equal the CLI's byte for byte (a fast wrong answer
   fails). Target: extract_many within 10% of the CLI. Also: two Python
   threads calling extract_json on one Engine against one thread (wall).
2. Dask: sitrep.dask.run on a LocalCluster of one worker process, then two
   (one thread each), JSONL outputs compared with the CLI's. Target: ≥ 1.7×.

    /usr/bin/python3 bench/python_bench.py [--corpus FILE.jsonl] [--repeat N] [--skip-dask]

Default corpus: ../shared/data/bench-corpus.jsonl repeated 10 times with
distinct ids (as bench/run.sh). Needs the build: PYTHONPATH=build/python.
Appends a result line to bench/runs/python.txt.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build" / "python"))

import sitrep  # noqa: E402


def best_of(n, fn, clock=time.perf_counter):
    times = []
    out = None
    for _ in range(n):
        t0 = clock()
        out = fn()
        times.append(clock() - t0)
    return min(times), out


def cpu_seconds():
    """CPU time of this process and its waited-for children: on a shared
    machine a one-core comparison is fairer in CPU time than in wall time."""
    r, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def _own_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def make_corpus(src: Path, repeat: int, dst: Path) -> int:
    lines = [json.loads(l) for l in src.read_text(encoding="utf-8").splitlines() if l.strip()]
    n = 0
    with open(dst, "w", encoding="utf-8") as f:
        for r in range(repeat):
            for i, d in enumerate(lines):
                d = dict(d)
                d["id"] = f"{d.get('id', i)}#{r}"
                d.setdefault("date", "2020-01-01")
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
                n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "data" / "bench-corpus.jsonl"))
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3, help="best of N timings")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--partition-lines", type=int, default=500, help="dask: lines per partition")
    ap.add_argument("--cli", default=str(ROOT / "build" / "sitrep"))
    a = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sitrep-pybench."))
    try:
        corpus = tmp / "corpus.jsonl"
        docs = make_corpus(Path(a.corpus), a.repeat, corpus)
        records = [json.loads(l) for l in corpus.read_text(encoding="utf-8").splitlines()]
        mb = sum(len(r["text"].encode()) + (len(r["title"].encode()) + 2 if r.get("title") else 0)
                 for r in records) / 1e6

        def cli():
            return subprocess.run([a.cli, "extract", "-q", "-j1", str(corpus)], check=True,
                                  capture_output=True).stdout

        t_cli, want = best_of(a.runs, cli, cpu_seconds)
        want_lines = want.decode("utf-8").splitlines()
        assert len(want_lines) == docs, "CLI: wrong document count"

        eng = sitrep.Engine()
        res = {"docs": docs, "text_MB": round(mb, 2), "cli_j1_MBps": round(mb / t_cli, 2)}

        t, got = best_of(a.runs, lambda: list(eng.extract_many(records, input=str(corpus), as_json=True)),
                         cpu_seconds)
        assert got == want_lines, "extract_many(as_json) differs from the CLI"
        res["many_json_MBps"] = round(mb / t, 2)
        res["many_json_vs_cli"] = round(t_cli / t, 3)
        # The binding's fixed cost per document (record encoding, hand-over):
        # it does not grow with the engine's work, so the ratio improves as
        # stages are added.
        res["cli_us_per_doc"] = round(t_cli / docs * 1e6, 1)
        res["many_json_overhead_us_per_doc"] = round((t - t_cli) / docs * 1e6, 1)

        t, got = best_of(a.runs, lambda: list(eng.extract_many(records, input=str(corpus))),
                         cpu_seconds)
        assert got[:50] == [json.loads(x) for x in want_lines[:50]], "extract_many(dicts) differs from the CLI"
        res["many_dict_MBps"] = round(mb / t, 2)
        res["many_dict_vs_cli"] = round(t_cli / t, 3)

        t, got = best_of(a.runs, lambda: list(eng.extract_file(str(corpus), as_json=True)),
                         cpu_seconds)
        assert got == want_lines, "extract_file differs from the CLI"
        res["file_MBps"] = round(mb / t, 2)
        res["file_vs_cli"] = round(t_cli / t, 3)

        # Python threads sharing one Engine (GIL released while extracting):
        # wall time of 2 threads against 1 over the same records.
        import concurrent.futures as cf

        def py_threads(k):
            with cf.ThreadPoolExecutor(k) as ex:
                chunks = [records[i::k] for i in range(k)]
                return [x for part in ex.map(lambda c: [eng.extract_json(r) for r in c], chunks) for x in part]

        t1, _ = best_of(a.runs, lambda: py_threads(1))
        t2, got = best_of(a.runs, lambda: py_threads(2))
        assert sorted(got) == sorted(want_lines), "threads differ from the CLI"
        res["py_threads2_speedup"] = round(t1 / t2, 2)

        if not a.skip_dask:
            import sitrep.dask as sd
            from distributed import Client, LocalCluster

            # Several files so that partitions can spread; the CLI output over
            # the same files is the reference.
            shards = []
            lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
            per = (len(lines) + 7) // 8
            for k in range(8):
                p = tmp / f"shard-{k}.jsonl"
                p.write_text("".join(lines[k * per:(k + 1) * per]), encoding="utf-8")
                shards.append(str(p))
            want_d = subprocess.run([a.cli, "extract", "-q", *shards], check=True, capture_output=True).stdout
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c, Client(c) as client:
                    client.run(lambda: sd.worker_engine() and None)  # warm: engines loaded

                    def job():
                        out = tmp / f"out{workers}"
                        shutil.rmtree(out, ignore_errors=True)
                        sd.run(client, shards, out=str(out), lines_per_partition=a.partition_lines)
                        return b"".join(p.read_bytes() for p in sorted(out.glob("part-*.jsonl")))

                    def worker_cpu():
                        return sum(client.run(_own_cpu).values())

                    c0 = worker_cpu()
                    t, got = best_of(a.runs, job)
                    cpu = (worker_cpu() - c0) / a.runs
                    if got != want_d:
                        (tmp / "want.jsonl").write_bytes(want_d)
                        keep = Path(tempfile.mkdtemp(prefix="sitrep-pybench-fail."))
                        shutil.copytree(tmp, keep, dirs_exist_ok=True)
                        raise AssertionError(f"dask with {workers} workers differs from the CLI (kept in {keep})")
                    res[f"dask_w{workers}_MBps"] = round(mb / t, 2)
                    res[f"dask_w{workers}_worker_cpu_s"] = round(cpu, 2)
            res["dask_speedup"] = round(res["dask_w2_MBps"] / res["dask_w1_MBps"], 2)
            # What two free cores would give: the one-worker CPU time over the
            # two-worker CPU time spread on two cores (parallel overhead only).
            res["dask_cpu_bound_speedup"] = round(2 * res["dask_w1_worker_cpu_s"] / res["dask_w2_worker_cpu_s"], 2)
        res["load1"] = round(os.getloadavg()[0], 1)

        line = " ".join(f"{k}={v}" for k, v in res.items())
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
        stamp = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())
        (ROOT / "bench" / "runs").mkdir(exist_ok=True)
        with open(ROOT / "bench" / "runs" / "python.txt", "a") as f:
            f.write(f"{stamp} {rev} {line}\n")
        print(line)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
