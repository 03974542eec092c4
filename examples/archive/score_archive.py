#!/usr/bin/python3
"""Scores a partitioned archive of JSON Lines conversations on a Dask cluster: a
LocalCluster on this machine by default, or any running scheduler (--scheduler
tcp://host:8786). Each worker loads the scorer once. Writes each conversation's result
(OUT/results/part-NNNNN.jsonl, in input order) and the grouped report that
`empathy report --by KEYS --format json` gives for the same conversations (OUT/report.json).

    PYTHONPATH=build/native/python examples/archive/score_archive.py 'ARCHIVE/*.jsonl.gz' OUT \\
        [--by team,shift] [--workers N] [--scheduler ADDRESS]

The scoring function, score_lines(), is plain Python over an iterable of JSON texts: the
same function runs as a Spark mapInPandas or Ray Data stage (see README.md).
"""
import argparse
from array import array
import json
import math
import os
import sys
import time

import dask
import fsspec
from distributed import Client, LocalCluster, get_worker

FLAG_MISSED = "missed-empathy"
FLAG_MISSED_HIGH = "missed-empathy-high-risk"


# --- on the workers -------------------------------------------------------------------

def _scorer():
    """The worker's scorer, loaded on its first task and kept (one per worker process)."""
    from empathy_coach import Scorer
    try:
        worker = get_worker()
    except ValueError:  # not on a Dask worker (Spark, Ray, a test)
        worker = sys.modules[__name__]
    scorer = getattr(worker, "_empathy_scorer", None)
    if scorer is None:
        scorer = worker._empathy_scorer = Scorer()
        worker._empathy_loads = getattr(worker, "_empathy_loads", 0) + 1
    return scorer


def score_lines(lines):
    """JSON texts of conversations in, results out as JSON texts, in order. A line that
    cannot be scored gives {"error": ..., "input": <its id if any>} in its place."""
    from empathy_coach import ScoringError
    texts = [l for l in lines if l.strip()]
    scorer = _scorer()
    out = []
    try:
        out = list(scorer.score_many(texts, jobs=1, as_json=True))
    except ScoringError:
        # Rare: score one by one so that one bad line does not stop its partition.
        for t in texts:
            try:
                out.append(json.dumps(scorer.score_conversation(t), ensure_ascii=False, separators=(",", ":")))
            except (ScoringError, TypeError) as e:
                out.append(json.dumps({"error": str(e)}))
    return out


def score_partition(source, path, by):
    """Scores one partition (an fsspec OpenFile of JSON Lines), writes its results to path
    (on the worker's file system, so a shared one on a real cluster) and returns its
    summary for the report (summarise())."""
    with source as f:
        out = score_lines(f)
    with open(path, "w", encoding="utf-8") as f:
        # Line by line: one joined text would be re-encoded whole, 3x slower.
        f.writelines(o + "\n" for o in out)
    return summarise(out, by)


_decoder = json.JSONDecoder()


def _value_after(text, needle, last=False):
    """The JSON value right after the first (or last) needle, decoded alone: a conversation
    result is several kilobytes, and the report needs four of its fields. In JSON text a
    key's quote-name-quote-colon cannot occur inside a string (its quotes would be
    escaped), so the search cannot land inside one."""
    i = text.rfind(needle) if last else text.find(needle)
    if i < 0:
        return None
    return _decoder.raw_decode(text, i + len(needle))[0]


def report_row(result_text, by):
    """What the report needs of one conversation result (as cli/report.cpp reads it): its
    score (None when it is in a language the model does not read), flags, whether any
    turn's customer had a risk, and the meta values. Reads the fields in the order the
    engine writes them (id, score, ..., flags, turns, meta)."""
    if result_text.startswith('{"error"'):
        return None
    flags = _value_after(result_text, '"flags":')
    score = _value_after(result_text, '"score":')
    supported = _value_after(result_text, '"supported":') is not False
    if flags is None or (supported and not isinstance(score, (int, float))):
        return None
    missed_high = FLAG_MISSED_HIGH in flags
    high = missed_high or '"risk":["' in result_text
    meta = _value_after(result_text, '],"meta":', last=True)  # after the turns: not a meta key "meta"
    meta = meta if isinstance(meta, dict) else {}
    key = tuple(meta[k] if isinstance(meta.get(k), str) else "(none)" for k in by)
    if not supported:
        return (key, None, False, False, False)
    return (key, float(score), FLAG_MISSED in flags, high, missed_high)


# --- the report, as empathy report computes it ------------------------------------------

def _round(x, places):
    """std::round: half away from zero."""
    f = 10 ** places
    return math.copysign(math.floor(abs(x) * f + 0.5), x) / f


def _percentile(sorted_scores, q):
    if not sorted_scores:
        return 0.0
    pos = q * (len(sorted_scores) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_scores) - 1)
    return sorted_scores[lo] + (sorted_scores[hi] - sorted_scores[lo]) * (pos - lo)


def summarise(results, by):
    """What the report needs of some results, grouped: {key: [scores, missed, highRisk,
    missedHighRisk, unsupported]} with the scores as a compact array, and the count of
    unreadable results under the key None. Summaries of parts merge (merge()) into the
    summary of the whole, so each partition sends back a few numbers per group, not per
    conversation."""
    groups = {None: 0}
    for text in results:
        r = report_row(text, by)
        if r is None:
            groups[None] += 1
            continue
        g = groups.get(r[0])
        if g is None:
            g = groups[r[0]] = [array("d"), 0, 0, 0, 0]
        if r[1] is None:  # not read: counted apart
            g[4] += 1
            continue
        g[0].append(r[1])
        g[1] += r[2]
        g[2] += r[3]
        g[3] += r[4]
    return groups


def merge(summaries):
    """One summary from many (in order: the scores keep the input's order)."""
    out = {None: 0}
    for s in summaries:
        for key, g in s.items():
            if key is None:
                out[None] += g
            elif key in out:
                t = out[key]
                t[0].extend(g[0])
                for i in (1, 2, 3, 4):
                    t[i] += g[i]
            else:
                out[key] = [array("d", g[0]), g[1], g[2], g[3], g[4]]
    return out


def stats(scores, missed, high, missed_high, unsupported):
    """As cli/report.cpp: a group none of whose conversations was scored has no figures."""
    scores = sorted(scores)
    n = len(scores)
    out = {"count": n, "unsupported": unsupported, "mean": None, "p10": None, "p50": None, "p90": None,
           "missedEmpathyRate": None, "highRisk": high,
           "missedHighRiskRate": (_round(1000.0 * missed_high / high, 0) / 1000.0) if high else None}
    if n:
        total = 0.0
        for s in scores:
            total += s
        out.update({"mean": _round(total / n, 1), "p10": _round(_percentile(scores, 0.10), 1),
                    "p50": _round(_percentile(scores, 0.50), 1), "p90": _round(_percentile(scores, 0.90), 1),
                    "missedEmpathyRate": _round(1000.0 * missed / n, 0) / 1000.0})
    return out


def report(summary, by):
    """The report of a summary, as `empathy report --by BY --format json` prints it."""
    groups = {k: g for k, g in summary.items() if k is not None}
    out = {"by": list(by), "groups": []}
    if by:
        for key in sorted(groups, key=lambda k: [s.encode("utf-8") for s in k]):
            g = {"key": dict(zip(by, key))}
            g.update(stats(*groups[key]))
            out["groups"].append(g)
    out["overall"] = None
    if groups:
        scores = array("d")
        for g in groups.values():
            scores.extend(g[0])
        out["overall"] = stats(scores, *(sum(g[i] for g in groups.values()) for i in (1, 2, 3, 4)))
    return out


# --- the driver ------------------------------------------------------------------------

def run(pattern, out, by, client):
    # One partition per file, a local path or any URL fsspec reads (s3://... with s3fs);
    # gzip by the file's extension. Each worker opens its own.
    fs, path = fsspec.core.url_to_fs(pattern)
    files = [fsspec.core.OpenFile(fs, p, "rt", compression=fsspec.utils.infer_compression(p), encoding="utf-8")
             for p in sorted(fs.glob(path))]
    if not files:
        raise SystemExit("score_archive: no files match %s" % pattern)
    os.makedirs(os.path.join(out, "results"), exist_ok=True)
    # One task per partition scores it, writes its results where it runs and brings back
    # only its summary (the scores per group and three counts): each partition is scored
    # once, the results never travel, and a list of small objects per conversation (slow
    # for Dask to serialise: 2-3 s of 100,000 conversations) never does either.
    tasks = [dask.delayed(score_partition)(f, os.path.join(out, "results", "part-%05d.jsonl" % i), by)
             for i, f in enumerate(files)]
    summary = merge(dask.compute(*tasks))
    errors = summary[None]
    rep = report(summary, by)
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(rep, f, ensure_ascii=False)
        f.write("\n")
    return rep, sum(len(g[0]) + g[4] for k, g in summary.items() if k is not None), errors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", help="glob of JSON Lines files, for example 'archive/*.jsonl.gz'")
    ap.add_argument("out", help="folder for results/ and report.json")
    ap.add_argument("--by", default="team,shift", help="meta keys to group by (default team,shift)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="LocalCluster workers (default: every core)")
    ap.add_argument("--scheduler", default=None, help="address of a running Dask scheduler instead of a LocalCluster")
    a = ap.parse_args(argv)
    by = [k for k in a.by.split(",") if k]
    t0 = time.time()
    if a.scheduler:
        client = Client(a.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        rep, n, errors = run(a.archive, a.out, by, client)
    finally:
        client.close()
        if cluster:
            cluster.close()
    print("score_archive: %d conversations (%d unreadable) in %.1f s; report in %s" % (
        n, errors, time.time() - t0, os.path.join(a.out, "report.json")), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
