#!/usr/bin/python3
"""Writes a realistic archive of any size: partitioned JSON Lines of conversations (one
gzip file per partition), seeded, from the 640 sample conversations of examples/data
(each copy keeps its team, channel, shift and agent, so the sample's stories hold, and
gets a new id and date, its timestamps moving with the date).

    examples/archive/generate.py OUT_DIR [--conversations N] [--partitions P] [--seed S]
"""
import argparse
import gzip
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "data", "conversations.jsonl")
DAY_MS = 86_400_000
START_MS = 1_730_419_200_000  # 2024-11-01


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="folder for part-NNNNN.jsonl.gz")
    ap.add_argument("--conversations", type=int, default=10_000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    if a.conversations < 1 or a.partitions < 1:
        ap.error("--conversations and --partitions must be at least 1")
    with open(SAMPLE, encoding="utf-8") as f:
        templates = [json.loads(line) for line in f if line.strip()]
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    per = -(-a.conversations // a.partitions)
    n = 0
    for p in range(a.partitions):
        path = os.path.join(a.out, "part-%05d.jsonl.gz" % p)
        with gzip.open(path, "wt", encoding="utf-8") as f:
            for _ in range(min(per, a.conversations - n)):
                t = templates[rnd.randrange(len(templates))]
                day = rnd.randrange(30)
                first = min((turn.get("time") for turn in t["turns"] if turn.get("time")), default=None)
                shift = (START_MS + day * DAY_MS + rnd.randrange(DAY_MS)) - (first or 0)
                turns = [dict(turn, time=turn["time"] + shift) if turn.get("time") else dict(turn) for turn in t["turns"]]
                meta = dict(t.get("meta") or {}, date="2024-11-%02d" % (day + 1))
                f.write(json.dumps({"id": "a%07d" % n, "meta": meta, "turns": turns}, ensure_ascii=False) + "\n")
                n += 1
    print("generate: %d conversations in %d partitions in %s" % (n, a.partitions, a.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
