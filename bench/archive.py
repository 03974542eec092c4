#!/usr/bin/python3
"""Whole archives: conversations per second through each layer on the same generated
archive: the CLI at 1 and 2 jobs (`empathy score --jobs 1` is the baseline, the engine
with its JSON boundary), the Python package's score_many (JSON text out, then dicts, at
1 and 2 jobs), and Dask with 1 and 2 workers.
Prints one JSON document (bench/run.mjs puts it into BENCHMARKS.md).

    PYTHONPATH=build/native/python bench/archive.py [--conversations N] [--partitions P]
"""
import argparse
import glob
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "examples", "archive"))
CLI = os.path.join(ROOT, "build", "native", "cli", "empathy")  # the same build as the Python module


def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", type=int, default=100_000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--cli", default=CLI)
    a = ap.parse_args(argv)
    import generate
    import score_archive
    from distributed import Client, LocalCluster
    from empathy_coach import Scorer

    rows = []
    with tempfile.TemporaryDirectory() as work:
        archive = os.path.join(work, "archive")
        generate.main([archive, "--conversations", str(a.conversations), "--partitions", str(a.partitions)])
        plain = os.path.join(work, "all.jsonl")
        with open(plain, "w", encoding="utf-8") as out:
            for p in sorted(glob.glob(os.path.join(archive, "*.jsonl.gz"))):
                with gzip.open(p, "rt", encoding="utf-8") as f:
                    out.write(f.read())
        with open(plain, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        n = len(lines)

        def cli(jobs):
            with open(plain, "rb") as f, open(os.devnull, "wb") as null:
                subprocess.run([a.cli, "score", "--jobs", str(jobs)], stdin=f, stdout=null, check=False)
        for jobs in (1, 2):
            rows.append({"layer": "CLI `empathy score --jobs %d`" % jobs, "workers": jobs, "seconds": timed(lambda: cli(jobs))})

        scorer = Scorer()
        rows.append({"layer": "Python `score_many(jobs=1, as_json=True)` (JSON text in and out)", "workers": 1,
                     "seconds": timed(lambda: sum(1 for _ in scorer.score_many(lines, jobs=1, chunk=8192, as_json=True)))})
        for jobs in (1, 2):
            rows.append({"layer": "Python `score_many(jobs=%d)` (JSON text in, dicts out)" % jobs, "workers": jobs,
                         "seconds": timed(lambda: sum(1 for _ in scorer.score_many(lines, jobs=jobs, chunk=8192)))})

        for workers in (1, 2):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
            try:
                out = os.path.join(work, "dask%d" % workers)
                rows.append({"layer": "Dask, %d worker%s (gzip in, results and report out)" % (workers, "" if workers == 1 else "s"),
                             "workers": workers,
                             "seconds": timed(lambda: score_archive.run(os.path.join(archive, "*.jsonl.gz"), out,
                                                                        ["team", "shift"], client))})
            finally:
                client.close()
                cluster.close()
    for r in rows:
        r["per_second"] = n / r["seconds"]
    print(json.dumps({"conversations": n, "partitions": a.partitions, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
