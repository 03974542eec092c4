#!/usr/bin/python3
"""The default model's size against its accuracy: retrains the learned judgement keeping
a fraction of its weights (the message score's and each behaviour family's), then measures
each model's gzipped size and its held-out accuracy with scripts/eval.py (the CX test split,
our own labels, and MAIA-DQE, real support chats). Writes docs/SIZE_ACCURACY.md, which
`make bench` puts into BENCHMARKS.md. Slow (a training run and an evaluation per point) and
needs ../shared/data, so it is a script, not a test:
    scripts/size-accuracy.py [DATA_DIR]
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EMPATHY = os.path.join(ROOT, "build", "native", "cli", "empathy")
DEFAULT_SCORE, DEFAULT_FAMILY, DEFAULT_RUDE = 12000, 700, 3000  # cli/train.hpp
FRACTIONS = (0.125, 0.25, 0.5, 1.0, 2.0)


def train(data, out, fraction):
    subprocess.run([EMPATHY, "train", "--model", os.path.join(ROOT, "core", "models", "en.json"),
                    "--goemotions", os.path.join(data, "goemotions"),
                    "--politeness", os.path.join(data, "stanford-politeness"),
                    "--labelled", os.path.join(ROOT, "tests", "data", "cx-labelled.jsonl"),
                    "--cx", os.path.join(ROOT, "data", "cx"),
                    "--keep-score", str(int(DEFAULT_SCORE * fraction)),
                    "--keep-family", str(int(DEFAULT_FAMILY * fraction)),
                    "--keep-rude", str(int(DEFAULT_RUDE * fraction)), "--out", out],
                   check=True, stderr=subprocess.DEVNULL)


def measure(data, model, work):
    out = os.path.join(work, "eval.json")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "eval.py"), "--empathy", EMPATHY, "--model", model,
                    "--data", data, "--cx", os.path.join(ROOT, "data", "cx"), "--only", "cx,maia-dqe", "--json", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        sets = {s["name"]: s for s in json.load(f)["sets"]}
    return sets["cx"]["headline"]["engine"], sets["maia-dqe"]["headline"]["engine"]


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    if not os.path.isdir(data):
        sys.exit("size-accuracy: no data folder at %s" % data)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for fr in FRACTIONS:
            model = os.path.join(work, "en-%s.json" % fr)
            train(data, model, fr)
            # As it ships: written compact by core/embed_model.cmake, then gzipped.
            shipped = os.path.join(work, "en-%s.min.json" % fr)
            subprocess.run(["cmake", "-DINPUT=" + model, "-DOUTPUT=" + shipped, "-DMODE=json", "-P",
                            os.path.join(ROOT, "core", "embed_model.cmake")], check=True)
            with open(shipped, "rb") as f:
                size = len(gzip.compress(f.read(), 9))
            cx, maia = measure(data, model, work)
            rows.append((fr, size, cx, maia))
            print("size-accuracy: x%s: %.1f KB, cx %.3f, maia %.3f" % (fr, size / 1000, cx, maia), file=sys.stderr)
    lines = ["Written by `scripts/size-accuracy.py` (a training run and `scripts/eval.py --only cx,maia-dqe` "
             "per row). Each row keeps a multiple of the default's learned weights (the message score's "
             "%d, each behaviour family's %d and the dismissive family's %d more for the rude requests); "
             "the other parts of the model are the same. "
             "Held out: the CX test split (our own labels; pairwise accuracy of two replies to one "
             "customer) and MAIA-DQE (real support chats; AUC of the emotional-reaction family for "
             "the agent turns annotators marked empathic). Model, gzip: the file as the scorer embeds it "
             "(compact, without notes)." % (DEFAULT_SCORE, DEFAULT_FAMILY, DEFAULT_RUDE), "",
             "| learned weights | score / family | model, gzip | CX pairwise | MAIA-DQE AUC |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for fr, size, cx, maia in rows:
        lines.append("| %s%s | %d / %d | %.1f KB | %.3f | %.3f |" % (
            "x%s" % fr, " (default)" if fr == 1.0 else "", int(DEFAULT_SCORE * fr), int(DEFAULT_FAMILY * fr),
            size / 1000, cx, maia))
    with open(os.path.join(ROOT, "docs", "SIZE_ACCURACY.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
