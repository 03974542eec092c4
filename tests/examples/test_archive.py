"""examples/archive on a real Dask cluster: a generated archive scored by worker processes
gives the CLI's results, in order, and the same report as `empathy report`. Run by ctest
with PYTHONPATH=build/native/python and EMPATHY_CLI set."""
import glob
import gzip
import json
import os
import subprocess
import sys

import pytest
from distributed import Client, LocalCluster

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "examples", "archive"))
import generate  # noqa: E402
import score_archive  # noqa: E402

CLI = os.environ.get("EMPATHY_CLI", os.path.join(ROOT, "build", "native", "cli", "empathy"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    d = tmp_path_factory.mktemp("archive")
    assert generate.main([str(d), "--conversations", "2000", "--partitions", "4", "--seed", "3"]) == 0
    # One unreadable line in the middle of a partition.
    p = d / "part-00001.jsonl.gz"
    with gzip.open(p, "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    lines.insert(100, '{"id": "broken", "turns": [')
    # A conversation in a language the model does not read: counted apart, as the CLI does.
    lines.insert(200, json.dumps({"id": "it-1", "meta": {"team": "milano", "shift": "day"}, "turns": [
        {"role": "customer", "text": "Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa"},
        {"role": "agent", "text": "Mi dispiace molto, ho già rimborsato l'addebito doppio."}]}))
    with gzip.open(p, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return d


def read_archive(d):
    out = []
    for p in sorted(glob.glob(os.path.join(d, "*.jsonl.gz"))):
        with gzip.open(p, "rt", encoding="utf-8") as f:
            out.extend(l for l in f.read().splitlines() if l.strip())
    return out


def test_generator_is_seeded_and_sized(tmp_path):
    generate.main([str(tmp_path / "a"), "--conversations", "50", "--partitions", "3", "--seed", "9"])
    generate.main([str(tmp_path / "b"), "--conversations", "50", "--partitions", "3", "--seed", "9"])
    a, b = read_archive(tmp_path / "a"), read_archive(tmp_path / "b")
    assert a == b and len(a) == 50 and len(glob.glob(str(tmp_path / "a" / "*.gz"))) == 3
    ids = [json.loads(l)["id"] for l in a]
    assert len(set(ids)) == 50
    assert all(json.loads(l)["meta"]["team"] for l in a)


def test_local_cluster_matches_the_cli(archive, tmp_path):
    out = tmp_path / "out"
    assert score_archive.main([os.path.join(str(archive), "*.jsonl.gz"), str(out), "--by", "team,shift",
                               "--workers", "2"]) == 0
    lines = read_archive(archive)
    results = []
    for p in sorted(glob.glob(str(out / "results" / "part-*.jsonl"))):
        with open(p, encoding="utf-8") as f:
            results.extend(json.loads(l) for l in f if l.strip())
    assert len(results) == len(lines) == 2002
    cli = subprocess.run([CLI, "score", "--jobs", "1"], input="\n".join(lines) + "\n", stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    expected = [json.loads(l) for l in cli.stdout.splitlines()]
    bad = [i for i, r in enumerate(results) if "error" in r]
    assert len(bad) == 1 and "error" in expected[bad[0]]  # the broken line, in its place
    assert [r for r in results if "error" not in r] == [e for e in expected if "error" not in e]
    # The report is empathy report's, for the same conversations.
    with open(out / "report.json", encoding="utf-8") as f:
        mine = json.load(f)
    rep = subprocess.run([CLI, "report", "--by", "team,shift", "--format", "json"], input="\n".join(lines) + "\n",
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert mine == json.loads(rep.stdout)
    assert mine["overall"]["count"] == 2000 and mine["overall"]["unsupported"] == 1 and len(mine["groups"]) > 5
    milano = [g for g in mine["groups"] if g["key"]["team"] == "milano"][0]
    assert milano["count"] == 0 and milano["unsupported"] == 1 and milano["mean"] is None


def test_any_scheduler_and_one_scorer_per_worker(archive, tmp_path):
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "out"
        assert score_archive.main([os.path.join(str(archive), "part-0000[0-1].jsonl.gz"), str(out), "--by", "channel",
                                   "--scheduler", cluster.scheduler_address]) == 0
        with Client(cluster) as client:
            # Four partitions on two workers: each worker that ran one loaded the scorer once.
            score_archive.run(os.path.join(str(archive), "*.jsonl.gz"), str(tmp_path / "again"), ["team"], client)
            loads = client.run(lambda dask_worker: getattr(dask_worker, "_empathy_loads", 0))
        assert sorted(loads.values()) in ([1, 1], [0, 1]), loads
    with open(out / "report.json", encoding="utf-8") as f:
        rep = json.load(f)
    assert rep["by"] == ["channel"] and rep["overall"]["count"] == 1000 and rep["overall"]["unsupported"] == 1


def test_no_match_is_an_error(tmp_path):
    with pytest.raises(SystemExit, match="no files match"):
        score_archive.run(str(tmp_path / "*.jsonl"), str(tmp_path / "out"), ["team"], None)


def test_summaries_of_parts_merge_into_the_whole(archive):
    lines = read_archive(archive)[400:701]  # the broken line and the Spanish conversation are among them
    results = score_archive.score_lines(lines)
    whole = score_archive.summarise(results, ["team"])
    parts = score_archive.merge([score_archive.summarise(results[:77], ["team"]),
                                 score_archive.summarise(results[77:], ["team"])])
    assert parts[None] == whole[None] == 1
    assert score_archive.report(parts, ["team"]) == score_archive.report(whole, ["team"])
    overall = score_archive.report(whole, ["team"])["overall"]
    assert overall["count"] == 299 and overall["unsupported"] == 1
    assert score_archive.report(score_archive.merge([]), ["team"]) == {"by": ["team"], "groups": [], "overall": None}
