#!/usr/bin/python3
"""Held-out evaluation of empathy-coach against human-labelled data.

    /usr/bin/python3 scripts/eval.py --empathy build/native/cli/empathy [--model FILE]
        [--data ../shared/data] [--cx data/cx] [--json OUT.json] [--only NAME,...]

Prints Markdown: a summary table, then one section per data set. Every metric is shown
for three systems side by side: empathy-coach, a keyword baseline and reply length. The
engine is run once per data set (`empathy score [--model FILE] TMPFILE`) on JSON Lines
written to a temporary file outside the repository (some sets may only be measured and
never copied: see ../shared/data/README.md). Lines the engine rejects are counted as
errors, never fatal; results whose `score` is null (unsupported language) are counted
apart and left out of score metrics for all three systems alike.

Deterministic: no subsampling; bootstrap 95% intervals (percentile, 1000 resamples,
seed BOOT_SEED) on each set's headline metric, for all three systems on the same
resamples; "P(beats both)" is the share of resamples where the engine beats both.

Python standard library only.
"""

import argparse
import csv
import glob
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, OrderedDict, defaultdict

SYSTEMS = ("engine", "keyword", "length")
SYSTEM_NAMES = {"engine": "empathy-coach", "keyword": "keyword", "length": "length"}
FAMILIES = ("emotional-reaction", "interpretation", "exploration", "reassurance",
            "inclusive", "politeness", "dismissive", "scripted")
EMOTIONS = ("frustration", "anxiety", "confusion", "sadness", "urgency", "gratitude")
RISKS = ("bereavement", "health", "financial-hardship", "fraud", "safety", "vulnerability",
         "hopelessness", "complaint-escalation", "churn")
BOOT_SEED = 20240601
BOOT_N = 1000
SET_NAMES = ("cx", "maia-dqe", "esconv", "failed-esconv", "wassa-conversations",
             "iempathize", "ucc", "empathetic-intents", "language", "cx-es", "cx-fr", "cx-de", "cx-pt")

# ---------------------------------------------------------------------------------------
# Baselines: defined once, used everywhere. All case-insensitive; a count is the number of
# non-overlapping matches (re.findall).

# Empathy words in the reply.
KEYWORD_RE = re.compile(
    r"sorry|apolog|understand|frustrat|appreciate|thank|unfortunately|hear that|must be|"
    r"that sounds|i can imagine|concern|worr|upset|glad|happy to help|please|help", re.I)
# Dismissive words in the reply (the negative-family baseline).
NEGATIVE_RE = re.compile(
    r"calm down|as i said|policy|should have|nothing i can do|just|obviously|clearly|simply", re.I)
# Emotion words in the customer's text (the customer-need baseline).
NEED_RE = re.compile(
    r"angry|furious|upset|worried|scared|anxious|frustrat|disappoint|ridiculous|unacceptable|"
    r"sad|died|passed away|hospital|confus|help|!!", re.I)

# One keyword list per family: keyword level = min(hits, 2); keyword evidence = hits.
FAMILY_RE = {
    "emotional-reaction": re.compile(
        r"sorry|apolog|that sounds|sounds (?:awful|hard|terrible|difficult|rough|tough|"
        r"frustrating|stressful|scary|painful)|must be|i can imagine|how awful|how terrible|"
        r"that's (?:awful|terrible|hard|tough|rough)|heartbreak|condolence|my heart|"
        r"feel for you|hear that", re.I),
    "interpretation": re.compile(
        r"i understand|understandabl|i see|it sounds like|sounds like you|so you(?:'re| are| have|'ve)|"
        r"you feel|you're feeling|you are feeling|makes sense|i hear you|if i understand|"
        r"in other words|you mean|no wonder|of course you", re.I),
    "exploration": re.compile(
        r"\?|tell me more|can you tell|could you tell|can you share|what happened|"
        r"how are you feeling|how do you feel", re.I),
    "reassurance": re.compile(
        r"i'll|i will|we'll|we will|right away|straight away|today|tomorrow|by \d|within \d|"
        r"take care of|sort (?:it|this|that) out|don't worry|not alone|it will be|make sure|"
        r"it's okay|it's ok|you can do|you've got this|proud of|will get better|good luck|hope", re.I),
    "inclusive": re.compile(
        r"let's|let us|together|we can|we'll|with you|our team|we're here|we are here|here for you", re.I),
    "politeness": re.compile(
        r"please|thank|appreciate|could you|would you|hello|\bhi\b|good (?:morning|afternoon|evening)|"
        r"kindly|you're welcome|happy to help|my pleasure", re.I),
    "dismissive": NEGATIVE_RE,
    "scripted": re.compile(
        r"any inconvenience|inconvenience caused|we apologi[sz]e for|valued customer|"
        r"your call is important|thank you for your patience|rest assured|as per|kindly note|"
        r"we regret", re.I),
}
# Per-emotion and per-risk keyword lists over the customer's text.
EMOTION_RE = {
    "frustration": re.compile(r"frustrat|annoy|angry|furious|fed up|ridiculous|unacceptable|"
                              r"sick of|!!|third time|again and again|still (?:not|no|hasn't|haven't)", re.I),
    "anxiety": re.compile(r"worr|anxious|scared|afraid|nervous|panic|stress|frighten|terrif", re.I),
    "confusion": re.compile(r"confus|don't understand|do not understand|doesn't make sense|"
                            r"not sure|unclear|what does|\?\?", re.I),
    "sadness": re.compile(r"\bsad|disappoint|died|passed away|grief|heartbroken|devastat|upset|"
                          r"depress|lonely|\bcry", re.I),
    "urgency": re.compile(r"urgent|asap|immediately|right now|emergency|as soon as possible", re.I),
    "gratitude": re.compile(r"thank|appreciate|grateful", re.I),
}
RISK_RE = {
    "bereavement": re.compile(r"died|passed away|funeral|death|bereave|widow|lost my (?:mum|mom|dad|"
                              r"father|mother|husband|wife|son|daughter|partner|brother|sister)", re.I),
    "health": re.compile(r"hospital|\bill\b|illness|sick|cancer|surgery|medical|doctor|chemo|"
                         r"diagnos|pregnan", re.I),
    "financial-hardship": re.compile(r"can't afford|cannot afford|can't pay|cannot pay|lost my job|"
                                     r"unemploy|redundan|debt|struggling to pay|overdraft", re.I),
    "fraud": re.compile(r"fraud|scam|stolen|didn't (?:make|authori[sz]e|do) this|hack|"
                        r"unauthori[sz]ed|phishing", re.I),
    "safety": re.compile(r"danger|unsafe|abuse|violent|threat|gas leak|smell gas|fire|flood|"
                         r"sparking|attack|stalk|police", re.I),
    "vulnerability": re.compile(r"elderly|years old|disab|blind|deaf|on my own|carer|not coping|"
                                r"can't cope|dementia|wheelchair", re.I),
    "hopelessness": re.compile(r"kill myself|end it all|suicid|no point|hopeless|can't go on|"
                               r"don't want to live|self.?harm", re.I),
    "complaint-escalation": re.compile(r"complain|manager|supervisor|ombudsman|escalat|lawyer|"
                                       r"solicitor|regulator", re.I),
    "churn": re.compile(r"cancel|leaving|switch|close my account|competitor|another provider|"
                        r"go elsewhere", re.I),
}

# The same baselines as one set, by language: English here, the others in eval_keywords.py
# (written plainly in each language, with the same meaning).
EN_KEYWORDS = {"keyword": KEYWORD_RE, "negative": NEGATIVE_RE, "need": NEED_RE, "family": FAMILY_RE,
               "emotion": EMOTION_RE, "risk": RISK_RE}
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_keywords import KEYWORDS  # noqa: E402

PACK_LANGUAGES = ("es", "fr", "de", "pt")
LANGUAGE_NAMES = {"es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese"}


def count(regex, text):
    return len(regex.findall(text or ""))


# ---------------------------------------------------------------------------------------
# Metrics (pure functions; tested in tests/eval/).

def fnv1a32(s):
    """32-bit FNV-1a of the UTF-8 bytes of s."""
    h = 2166136261
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def is_test(key):
    return fnv1a32(key) % 5 == 0


def ranks(xs):
    """Average ranks (1-based); ties share the mean of their positions."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        avg = (i + j) / 2.0 + 1.0
        for k in range(i, j + 1):
            r[order[k]] = avg
        i = j + 1
    return r


def pearson(xs, ys):
    n = len(xs)
    if n < 2:
        return None
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def spearman(xs, ys):
    """Spearman's rho with ties (Pearson of average ranks); None when undefined."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    return pearson(ranks(xs), ranks(ys))


def auc(scores, labels):
    """P(score of a positive > score of a negative), ties counting half; None when a class is empty."""
    groups = defaultdict(lambda: [0, 0])
    for s, y in zip(scores, labels):
        groups[s][1 if y else 0] += 1
    npos = sum(g[1] for g in groups.values())
    nneg = sum(g[0] for g in groups.values())
    if npos == 0 or nneg == 0:
        return None
    below = 0
    total = 0.0
    for s in sorted(groups):
        neg, pos = groups[s]
        total += pos * (below + 0.5 * neg)
        below += neg
    return total / (npos * nneg)


def prf(pred, gold):
    """Precision, recall and F1 of the positive class; None where a denominator is 0."""
    tp = sum(1 for p, g in zip(pred, gold) if p and g)
    fp = sum(1 for p, g in zip(pred, gold) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold) if not p and g)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else None
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def macro_f1(pred, gold, classes=(0, 1, 2)):
    """Mean of per-class F1 over the classes that occur in gold or prediction."""
    present = [c for c in classes if c in set(gold) or c in set(pred)]
    if not present:
        return None
    f1s = []
    for c in present:
        f1s.append(prf([p == c for p in pred], [g == c for g in gold])["f1"] or 0.0)
    return sum(f1s) / len(f1s)


def pair_credit(a, b):
    """Credit for a system that scored the better item a and the worse item b."""
    if a is None or b is None:
        return 0.0
    return 1.0 if a > b else (0.5 if a == b else 0.0)


def gold_pairs(items, group_key, gold_key):
    """All (better, worse) index pairs of items in the same group with different gold."""
    by_group = defaultdict(list)
    for i, it in enumerate(items):
        by_group[it[group_key]].append(i)
    pairs = []
    for g in sorted(by_group):
        idx = by_group[g]
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                i, j = idx[x], idx[y]
                gi, gj = items[i][gold_key], items[j][gold_key]
                if gi > gj:
                    pairs.append((i, j))
                elif gj > gi:
                    pairs.append((j, i))
    return pairs


def pair_accuracy(pairs, scores):
    if not pairs:
        return None
    return sum(pair_credit(scores[i], scores[j]) for i, j in pairs) / len(pairs)


def length_matched(la, lb):
    """Lengths within 25% of each other: the shorter is at least 75% of the longer."""
    return min(la, lb) >= 0.75 * max(la, lb)


def flip_checks(entries):
    """The checks of one context-flip set.

    entries: list of (scenario, text, gold, system score). Texts are matched exactly.
    For every two scenarios S1, S2 of the set:
      - every text A in both with different gold: the system's scores of A in S1 and S2
        must differ in the gold direction (strictly);
      - every two distinct texts A, B in both with the gold order reversed (A>B in S1,
        B>A in S2): the system must order both strictly the gold way.
    Returns a list of booleans (one per check). A None score fails its checks.
    """
    by_scn = OrderedDict()
    for scn, text, gold, sysv in entries:
        by_scn.setdefault(scn, {})[text] = (gold, sysv)
    scns = list(by_scn)
    out = []

    def gt(a, b):
        return a is not None and b is not None and a > b

    for x in range(len(scns)):
        for y in range(x + 1, len(scns)):
            s1, s2 = by_scn[scns[x]], by_scn[scns[y]]
            common = sorted(set(s1) & set(s2))
            for t in common:
                g1, v1 = s1[t]
                g2, v2 = s2[t]
                if g1 > g2:
                    out.append(gt(v1, v2))
                elif g2 > g1:
                    out.append(gt(v2, v1))
            for a in range(len(common)):
                for b in range(a + 1, len(common)):
                    A, B = common[a], common[b]
                    ga1, va1 = s1[A]
                    gb1, vb1 = s1[B]
                    ga2, va2 = s2[A]
                    gb2, vb2 = s2[B]
                    if ga1 > gb1 and gb2 > ga2:
                        out.append(gt(va1, vb1) and gt(vb2, va2))
                    elif gb1 > ga1 and ga2 > gb2:
                        out.append(gt(vb1, va1) and gt(va2, vb2))
    return out


def median(xs):
    s = sorted(xs)
    if not s:
        return None
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2.0


def tertile_levels(xs):
    """0/1/2 by the tertiles of xs (the length baseline for 3-level labels)."""
    s = sorted(xs)
    if not s:
        return []
    t1 = s[len(s) // 3]
    t2 = s[(2 * len(s)) // 3]
    return [0 if x < t1 else (1 if x < t2 else 2) for x in xs]


def above_median(xs):
    m = median(xs)
    return [x > m for x in xs]


# ---------------------------------------------------------------------------------------
# Bootstrap (percentile intervals). Each statistic is a function of the drawn indices, so
# that all three systems are measured on the same resamples.

def boot_auc_stat(xs, ys):
    vals = sorted(set(xs))
    pos = {v: i for i, v in enumerate(vals)}
    cell = [pos[x] * 2 + (1 if y else 0) for x, y in zip(xs, ys)]
    G = len(vals)

    def stat(draws):
        c = Counter(map(cell.__getitem__, draws))
        below = npos = 0
        total = 0.0
        for g in range(G):
            neg = c.get(2 * g, 0)
            pos = c.get(2 * g + 1, 0)
            if pos:
                total += pos * (below + 0.5 * neg)
                npos += pos
            below += neg
        nneg = below
        if not npos or not nneg:
            return None
        return total / (npos * nneg)
    return stat


def boot_spearman_stat(xs, ys):
    vx = sorted(set(xs))
    vy = sorted(set(ys))
    px = {v: i for i, v in enumerate(vx)}
    py = {v: i for i, v in enumerate(vy)}
    K = len(vy)
    cell = [px[x] * K + py[y] for x, y in zip(xs, ys)]

    def stat(draws):
        c = Counter(map(cell.__getitem__, draws))
        wx = [0] * len(vx)
        wy = [0] * K
        for k, v in c.items():
            wx[k // K] += v
            wy[k % K] += v
        rx, ry = [], []
        for w, r in ((wx, rx), (wy, ry)):
            cum = 0
            for v in w:
                r.append(cum + (v + 1) / 2.0)
                cum += v
        n = len(draws)
        m = (n + 1) / 2.0
        sxx = sum(w * (r - m) ** 2 for w, r in zip(wx, rx))
        syy = sum(w * (r - m) ** 2 for w, r in zip(wy, ry))
        if sxx == 0 or syy == 0:
            return None
        sxy = sum(v * (rx[k // K] - m) * (ry[k % K] - m) for k, v in c.items())
        return sxy / math.sqrt(sxx * syy)
    return stat


def bootstrap(n_units, stats, seed=BOOT_SEED, resamples=BOOT_N):
    """stats: {system: fn(draws) -> value or None}. Returns intervals and P(engine beats both)."""
    if n_units < 2:
        return {"ci": {k: None for k in stats}, "p_beats_both": None, "resamples": 0}
    rng = random.Random(seed)
    pop = range(n_units)
    vals = {k: [] for k in stats}
    wins = valid = 0
    for _ in range(resamples):
        draws = rng.choices(pop, k=n_units)
        got = {k: f(draws) for k, f in stats.items()}
        for k, v in got.items():
            if v is not None:
                vals[k].append(v)
        if all(v is not None for v in got.values()) and "engine" in got:
            valid += 1
            if all(got["engine"] > v for k, v in got.items() if k != "engine"):
                wins += 1
    ci = {}
    for k, v in vals.items():
        if len(v) < resamples * 0.5:
            ci[k] = None
            continue
        v.sort()
        ci[k] = [v[int(round(0.025 * (len(v) - 1)))], v[int(round(0.975 * (len(v) - 1)))]]
    return {"ci": ci, "p_beats_both": wins / valid if valid else None, "resamples": resamples,
            "seed": seed}


# ---------------------------------------------------------------------------------------
# The engine.

class Engine:
    def __init__(self, binary, model=None):
        self.binary = binary
        self.model = model

    def score(self, requests):
        """Scores a list of requests/conversations; returns (results, errors). An error's
        result is {"error": ..., "line": N}; never raises on bad lines or a crash."""
        if not requests:
            return [], 0
        fd, path = tempfile.mkstemp(prefix="empathy-eval-", suffix=".jsonl")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                for r in requests:
                    f.write(json.dumps(r, ensure_ascii=True) + "\n")
            cmd = [self.binary, "score"]
            if self.model:
                cmd += ["--model", self.model]
            cmd.append(path)
            try:
                proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                stdout, rc = proc.stdout, proc.returncode
            except OSError as e:
                stdout, rc = b"", "not run: %s" % e
        finally:
            os.unlink(path)
        lines = stdout.decode("utf-8", "replace").splitlines()
        results = []
        for i in range(len(requests)):
            if i < len(lines):
                try:
                    r = json.loads(lines[i])
                    if not isinstance(r, dict):
                        r = {"error": "not an object", "line": i + 1}
                except ValueError:
                    r = {"error": "unparseable output", "line": i + 1}
            else:
                r = {"error": "no output (exit %s)" % rc, "line": i + 1}
            results.append(r)
        errors = sum(1 for r in results if "error" in r)
        return results, errors


def ok(r):
    return r is not None and "error" not in r


def r_score(r):
    if not ok(r):
        return None
    s = r.get("score")
    return float(s) if isinstance(s, (int, float)) else None


def r_level(r, fam):
    try:
        return int(r["families"][fam]["level"])
    except (KeyError, TypeError, ValueError):
        return 0


EVIDENCE_NOTE = ("A family's evidence: the learned family model's probability, or where the model has "
                 "none the family's level plus its behaviours' summed weights.")


def r_evidence(r, fam):
    """The learned family model's probability when the result has one; else level + summed
    weight of the behaviours of that family (the level breaks ties)."""
    if not ok(r):
        return None
    p = (r.get("families", {}).get(fam) or {}).get("probability")
    if isinstance(p, (int, float)):
        return float(p)
    w = sum(float(b.get("weight", 0)) for b in r.get("behaviors", []) if b.get("family") == fam)
    return r_level(r, fam) + w


def r_positive_evidence(r):
    if not ok(r):
        return None
    return sum(float(b.get("weight", 0)) for b in r.get("behaviors", []) if b.get("polarity", 0) > 0)


def r_needs(r):
    if not ok(r):
        return None
    c = r.get("customer") or {}
    v = c.get("needsEmpathy", r.get("needsEmpathy"))
    return bool(v)


def r_emotions(r):
    if not ok(r):
        return set()
    return {e.get("id") for e in (r.get("customer") or {}).get("emotions", [])}


def r_risks(r):
    if not ok(r):
        return set()
    return set((r.get("customer") or {}).get("risk", []))


# ---------------------------------------------------------------------------------------
# Report building: a row is one metric for the three systems.

def row(metric, n, engine, keyword, length, **extra):
    d = OrderedDict([("metric", metric), ("n", n), ("engine", engine), ("keyword", keyword),
                     ("length", length)])
    d.update(extra)
    return d


def auc_row(metric, labels, eng, kw, ln):
    """AUC for the three systems over the items where the engine's value exists."""
    keep = [i for i, v in enumerate(eng) if v is not None]
    y = [labels[i] for i in keep]
    npos = sum(1 for v in y if v)
    return row(metric, len(keep), auc([eng[i] for i in keep], y), auc([kw[i] for i in keep], y),
               auc([ln[i] for i in keep], y), positives=npos)


def auc_bootstrap(labels, eng, kw, ln):
    """The headline's bootstrap of the three systems' AUCs, over the items auc_row keeps."""
    keep = [i for i, v in enumerate(eng) if v is not None]
    y = [labels[i] for i in keep]
    return bootstrap(len(keep), {"engine": boot_auc_stat([eng[i] for i in keep], y),
                                 "keyword": boot_auc_stat([kw[i] for i in keep], y),
                                 "length": boot_auc_stat([ln[i] for i in keep], y)})


def spearman_row(metric, gold, eng, kw, ln):
    keep = [i for i, v in enumerate(eng) if v is not None and gold[i] is not None]
    g = [gold[i] for i in keep]
    return row(metric, len(keep), spearman([eng[i] for i in keep], g),
               spearman([kw[i] for i in keep], g), spearman([ln[i] for i in keep], g))


def prf_rows(prefix, gold, eng, kw, ln):
    """F1, precision, recall rows for three yes/no predictors (None predictions dropped)."""
    keep = [i for i, v in enumerate(eng) if v is not None]
    g = [gold[i] for i in keep]
    res = {k: prf([p[i] for i in keep], g) for k, p in (("engine", eng), ("keyword", kw), ("length", ln))}
    out = []
    for m in ("f1", "precision", "recall"):
        out.append(row("%s %s" % (prefix, m), len(keep), res["engine"][m], res["keyword"][m],
                       res["length"][m], positives=sum(1 for v in g if v)))
    return out


def headline(metric, r, boot):
    h = OrderedDict([("metric", metric), ("n", r["n"])])
    for k in SYSTEMS:
        h[k] = r[k]
    h["ci"] = boot["ci"] if boot else None
    h["p_beats_both"] = boot["p_beats_both"] if boot else None
    vals = [r[k] for k in SYSTEMS]
    h["beats_both"] = (None if any(v is None for v in vals)
                       else bool(r["engine"] > r["keyword"] and r["engine"] > r["length"]))
    return h


def new_set(name, title):
    return OrderedDict([("name", name), ("title", title), ("status", "ok"), ("items", 0),
                        ("errors", 0), ("unsupported", 0), ("headline", None), ("tables", []),
                        ("notes", [])])


def add_table(s, title, rows, note=None, columns=None):
    t = OrderedDict([("title", title), ("rows", rows)])
    if note:
        t["note"] = note
    if columns:
        t["columns"] = columns
    s["tables"].append(t)


def account(s, results):
    s["items"] += len(results)
    s["errors"] += sum(1 for r in results if not ok(r))
    s["unsupported"] += sum(1 for r in results if ok(r) and r_score(r) is None and "turns" not in r)


def skipped(name, title, why="skipped (not found)"):
    s = new_set(name, title)
    s["status"] = why
    return s


def role_of(role):
    return role if role in ("customer", "agent", "bot") else "customer"


def recent_customer_text(history):
    """The customer's turns since the last agent/bot turn (else the last customer turn)."""
    tail = []
    for t in reversed(history):
        if t.get("role") == "customer":
            tail.append(t.get("text", ""))
        elif tail:
            break
    return " ".join(reversed(tail))


# ---------------------------------------------------------------------------------------
# 1. The project's CX corpus (test split).

def load_jsonl(paths, bad=None):
    """Objects from JSON Lines files; unreadable lines are skipped and counted in bad[0]."""
    out = []
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    obj = None
                if isinstance(obj, dict):
                    out.append(obj)
                elif bad is not None:
                    bad[0] += 1
    return out


def eval_cx(eng, cx_dir, kw=EN_KEYWORDS, name="cx", title="CX corpus (project's own, test split)"):
    rfiles = sorted(glob.glob(os.path.join(cx_dir, "replies-*.jsonl")))
    cfiles = sorted(glob.glob(os.path.join(cx_dir, "conversations-*.jsonl")))
    if not os.path.isdir(cx_dir) or not (rfiles or cfiles):
        return skipped(name, title)
    s = new_set(name, title)
    bad = [0]
    replies = [r for r in load_jsonl(rfiles, bad)
               if isinstance(r.get("scenario"), str) and isinstance(r.get("draft"), str)
               and isinstance(r.get("overall"), (int, float)) and isinstance(r.get("history", []), list)]
    # The split: by the flip id when the scenario belongs to a flip set, else the scenario.
    scn_flip = {}
    for r in replies:
        if r.get("flip"):
            scn_flip[r["scenario"]] = r["flip"]
    replies = [r for r in replies if is_test(scn_flip.get(r["scenario"], r["scenario"]))]
    if replies:
        eval_cx_replies(eng, s, replies, kw)
    convs = [c for c in load_jsonl(cfiles, bad) if isinstance(c.get("id"), str)
             and isinstance(c.get("turns"), list) and is_test(c["id"])]
    if convs:
        eval_cx_conversations(eng, s, convs, kw)
    s["notes"].append("%d test replies in %d scenarios; %d test conversations; %d unreadable lines "
                      "skipped." % (len(replies), len({r["scenario"] for r in replies}), len(convs), bad[0]))
    return s


def eval_cx_replies(eng, s, replies, kw):
    reqs = [{"history": r.get("history", []), "draft": r.get("draft", "")} for r in replies]
    res, _ = eng.score(reqs)
    account(s, res)
    n = len(replies)
    eng_s = [r_score(x) for x in res]
    kw_s = [count(kw["keyword"], r["draft"]) for r in replies]
    ln_s = [len(r["draft"]) for r in replies]
    gold = [r["overall"] for r in replies]
    rows = [spearman_row("Spearman with overall", gold, eng_s, kw_s, ln_s)]
    hi_lo = [i for i in range(n) if gold[i] >= 4 or gold[i] <= 2]
    rows.append(auc_row("AUC overall>=4 vs <=2", [gold[i] >= 4 for i in hi_lo],
                        [eng_s[i] for i in hi_lo], [kw_s[i] for i in hi_lo], [ln_s[i] for i in hi_lo]))
    # Pairwise accuracy within scenarios; pairs with an unscored reply are left out.
    items = [{"scenario": r["scenario"], "overall": r["overall"]} for r in replies]
    pairs = [p for p in gold_pairs(items, "scenario", "overall")
             if eng_s[p[0]] is not None and eng_s[p[1]] is not None]
    scn_needs = defaultdict(list)
    scn_risk = defaultdict(bool)
    for r in replies:
        scn_needs[r["scenario"]].append(bool(r.get("needsEmpathy")))
        scn_risk[r["scenario"]] |= bool(r.get("risk"))
    subsets = [
        ("pairwise accuracy (all pairs)", pairs),
        ("  (a) length-matched pairs", [p for p in pairs if length_matched(ln_s[p[0]], ln_s[p[1]])]),
        ("  (b) worse reply at least as long", [p for p in pairs if ln_s[p[1]] >= ln_s[p[0]]]),
        ("  (c) neutral scenarios (needsEmpathy false)",
         [p for p in pairs if not any(scn_needs[replies[p[0]]["scenario"]])]),
        ("  (d) scenarios with a risk", [p for p in pairs if scn_risk[replies[p[0]]["scenario"]]]),
    ]
    headline_row = None
    for name, ps in subsets:
        rw = row(name, len(ps), pair_accuracy(ps, eng_s), pair_accuracy(ps, kw_s), pair_accuracy(ps, ln_s))
        rows.append(rw)
        if headline_row is None:
            headline_row = rw
    # Headline: pairwise accuracy, bootstrapped over scenarios.
    by_scn = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for i, j in pairs:
        c = by_scn[replies[i]["scenario"]]
        c[0] += pair_credit(eng_s[i], eng_s[j])
        c[1] += pair_credit(kw_s[i], kw_s[j])
        c[2] += pair_credit(ln_s[i], ln_s[j])
        c[3] += 1
    units = [by_scn[k] for k in sorted(by_scn)]

    def cluster_stat(col):
        def stat(draws):
            tot = sum(units[d][3] for d in draws)
            return sum(units[d][col] for d in draws) / tot if tot else None
        return stat
    boot = bootstrap(len(units), {"engine": cluster_stat(0), "keyword": cluster_stat(1),
                                  "length": cluster_stat(2)})
    s["headline"] = headline("pairwise accuracy within scenario", headline_row, boot)
    add_table(s, "Replies: score", rows,
              note="Pairs: two replies to the same scenario with different `overall`; a tie in a "
                   "system counts half. Length-matched: the shorter is at least 75% of the longer. "
                   "Bootstrap over scenarios.")

    # Per-family macro-F1 over levels 0/1/2.
    frows = []
    ok_idx = [i for i in range(n) if ok(res[i])]
    len_lv = tertile_levels([ln_s[i] for i in ok_idx])
    for fam in FAMILIES:
        g = [int(replies[i].get("labels", {}).get(fam, 0)) for i in ok_idx]
        e = [r_level(res[i], fam) for i in ok_idx]
        k = [min(count(kw["family"][fam], replies[i]["draft"]), 2) for i in ok_idx]
        frows.append(row(fam, len(ok_idx), macro_f1(e, g), macro_f1(k, g), macro_f1(len_lv, g)))
    mean = lambda xs: (sum(xs) / len(xs)) if xs and all(x is not None for x in xs) else None
    frows.append(row("mean over families", len(ok_idx), mean([r["engine"] for r in frows]),
                     mean([r["keyword"] for r in frows]), mean([r["length"] for r in frows])))
    add_table(s, "Replies: per-family macro-F1 over levels 0/1/2", frows,
              note="Levels are the lexicon's evidence (what the spans show and the nudges read). "
                   "keyword level = min(hits of the family's word list, 2); length level = the "
                   "reply-length tertile.")

    # Per-family AUC: does the reply show the family (labelled level >= 1)?
    arows = []
    ln_ok = [ln_s[i] for i in ok_idx]
    for fam in FAMILIES:
        g = [int(replies[i].get("labels", {}).get(fam, 0)) >= 1 for i in ok_idx]
        e = [r_evidence(res[i], fam) for i in ok_idx]
        k = [count(kw["family"][fam], replies[i]["draft"]) for i in ok_idx]
        arows.append(auc_row(fam, g, e, k, ln_ok))
    arows.append(row("mean over families", len(ok_idx), mean([r["engine"] for r in arows]),
                     mean([r["keyword"] for r in arows]), mean([r["length"] for r in arows])))
    add_table(s, "Replies: per-family AUC of the family's evidence (labelled level >= 1)", arows,
              note=EVIDENCE_NOTE + " keyword: hits of the family's word list.")

    # Customer state, once per scenario (the first reply's result).
    first = OrderedDict()
    for i, r in enumerate(replies):
        if r["scenario"] not in first and ok(res[i]):
            first[r["scenario"]] = i
    idx = list(first.values())
    ctext = [recent_customer_text(replies[i].get("history", [])) for i in idx]
    cl_long = above_median([len(t) for t in ctext])
    crows = prf_rows("needsEmpathy", [bool(replies[i].get("needsEmpathy")) for i in idx],
                     [r_needs(res[i]) for i in idx], [bool(count(kw["need"], t)) for t in ctext], cl_long)
    for rk in RISKS:
        g = [rk in (replies[i].get("risk") or []) for i in idx]
        if not any(g) and not any(rk in r_risks(res[i]) for i in idx):
            continue
        e = [rk in r_risks(res[i]) for i in idx]
        k = [bool(count(kw["risk"][rk], t)) for t in ctext]
        p = {"engine": prf(e, g), "keyword": prf(k, g), "length": prf(cl_long, g)}
        for m in ("recall", "precision"):
            crows.append(row("risk %s %s" % (rk, m), len(idx), p["engine"][m], p["keyword"][m],
                             p["length"][m], positives=sum(g)))
    for em in EMOTIONS:
        g = [em in (replies[i].get("emotions") or []) for i in idx]
        if not any(g) and not any(em in r_emotions(res[i]) for i in idx):
            continue
        e = [em in r_emotions(res[i]) for i in idx]
        k = [bool(count(kw["emotion"][em], t)) for t in ctext]
        crows.append(row("emotion %s F1" % em, len(idx), prf(e, g)["f1"], prf(k, g)["f1"],
                         prf(cl_long, g)["f1"], positives=sum(g)))
    add_table(s, "Customer state (one per scenario)", crows,
              note="keyword: need/emotion/risk word lists over the customer's turns since the last "
                   "agent turn; length: that text longer than the median.")

    # Context flips.
    flips = defaultdict(list)
    for i, r in enumerate(replies):
        if r.get("flip"):
            flips[r["flip"]].append(i)
    if flips:
        res_f = {k: [0, 0, 0, 0] for k in SYSTEMS}  # passed sets, testable sets, ok checks, checks
        per = []
        for fid in sorted(flips):
            ids = flips[fid]
            outcome = {}
            for k, sc in (("engine", eng_s), ("keyword", kw_s), ("length", ln_s)):
                checks = flip_checks([(replies[i]["scenario"], replies[i]["draft"], replies[i]["overall"],
                                       sc[i]) for i in ids])
                if checks:
                    res_f[k][1] += 1
                    res_f[k][0] += all(checks)
                    res_f[k][2] += sum(checks)
                    res_f[k][3] += len(checks)
                outcome[k] = (all(checks) if checks else None, len(checks))
            per.append(OrderedDict([("flip", fid), ("checks", outcome["engine"][1]),
                                    ("engine", outcome["engine"][0])]))
        frac = lambda a, b: a / b if b else None
        add_table(s, "Context flips", [
            row("flip sets passed", res_f["engine"][1], frac(res_f["engine"][0], res_f["engine"][1]),
                frac(res_f["keyword"][0], res_f["keyword"][1]), frac(res_f["length"][0], res_f["length"][1])),
            row("checks passed", res_f["engine"][3], frac(res_f["engine"][2], res_f["engine"][3]),
                frac(res_f["keyword"][2], res_f["keyword"][3]), frac(res_f["length"][2], res_f["length"][3])),
        ], note="A set passes when every check holds: the same reply text in two of its scenarios "
                "with different gold is scored in the gold direction, and two texts whose gold "
                "order reverses between two scenarios are ordered the gold way in both. Sets "
                "without a check are left out. A reply-only scorer cannot pass.")
        s["flips"] = per

    # Per industry.
    irows = []
    by_ind = defaultdict(list)
    for p in pairs:
        by_ind[replies[p[0]].get("industry", "?")].append(p)
    n_ind = Counter(r.get("industry", "?") for r in replies)
    for ind in sorted(n_ind):
        ps = by_ind.get(ind, [])
        irows.append(row(ind, n_ind[ind], pair_accuracy(ps, eng_s), pair_accuracy(ps, kw_s),
                         pair_accuracy(ps, ln_s), pairs=len(ps)))
    add_table(s, "Per industry: pairwise accuracy (n = replies)", irows)


def flagged_missed(flags):
    return any(f in ("missed-empathy", "missed-empathy-high-risk") for f in (flags or []))


def eval_cx_conversations(eng, s, convs, kw):
    reqs = [{"id": c["id"], "turns": [{"role": role_of(t.get("role")), "text": t.get("text", "")}
                                      for t in c["turns"]]} for c in convs]
    res, _ = eng.score(reqs)
    account(s, res)
    keep = [i for i in range(len(convs)) if ok(res[i])]
    gold = [any(t.get("role") == "agent" and t.get("missed") for t in convs[i]["turns"]) for i in keep]
    e = [flagged_missed(res[i].get("flags")) for i in keep]
    k, ln = [], []
    for i in keep:
        turns = convs[i]["turns"]
        fk = fl = False
        for j, t in enumerate(turns):
            if t.get("role") != "customer":
                continue
            nxt = next((u for u in turns[j + 1:] if u.get("role") == "agent"), None)
            if nxt is None:
                continue
            if count(kw["need"], t.get("text")) and not count(kw["keyword"], nxt.get("text")):
                fk = True
            if len(nxt.get("text", "")) < len(t.get("text", "")):
                fl = True
        k.append(fk)
        ln.append(fl)
    good = [x for x, i in enumerate(keep) if convs[i].get("quality") == "good"]

    def rate(pred, sel):
        sel = list(sel)
        return sum(1 for x in sel if pred[x]) / len(sel) if sel else None
    no_miss = [x for x in range(len(keep)) if not gold[x]]
    miss = [x for x in range(len(keep)) if gold[x]]
    rows = [
        row("false-alarm rate (no missed turn)", len(no_miss), rate(e, no_miss), rate(k, no_miss), rate(ln, no_miss)),
        row("false-alarm rate (quality good)", len(good), rate(e, good), rate(k, good), rate(ln, good)),
        row("recall (a missed turn)", len(miss), rate(e, miss), rate(k, miss), rate(ln, miss)),
        row("precision", len(keep), prf(e, gold)["precision"], prf(k, gold)["precision"], prf(ln, gold)["precision"]),
    ]
    # Agent turns inside conversations: Spearman of the turn score with overall.
    ge, gk, gl, gg = [], [], [], []
    for i in keep:
        by_index = {t.get("index"): t for t in res[i].get("turns", [])}
        for j, t in enumerate(convs[i]["turns"]):
            if t.get("role") == "agent" and "overall" in t and j in by_index:
                ge.append(r_score(by_index[j]))
                gk.append(count(kw["keyword"], t.get("text")))
                gl.append(len(t.get("text", "")))
                gg.append(t["overall"])
    rows.append(spearman_row("agent turns: Spearman with overall", gg, ge, gk, gl))
    add_table(s, "Conversations: missed-empathy flag", rows,
              note="Flag: `missed-empathy` or `missed-empathy-high-risk`. keyword: a customer turn "
                   "matches the need words and the next agent turn has no empathy word; length: an "
                   "agent turn shorter than the customer turn before it.")


# ---------------------------------------------------------------------------------------
# 2. MAIA-DQE: real support chats.

def eval_maia(eng, data):
    title = "MAIA-DQE (real customer-support chats)"
    d = os.path.join(data, "maia-dqe")
    files = sorted(glob.glob(os.path.join(d, "*.json")))
    if not os.path.isdir(d) or not files:
        return skipped("maia-dqe", title)
    s = new_set("maia-dqe", title)
    with open(os.path.join(d, "labels.txt"), encoding="utf-8") as f:
        labels = [l.strip() for l in f if l.strip()]
    lid = {l: i for i, l in enumerate(labels)}
    need_ids = {lid[x] for x in ("disappointment", "confusion", "frustration", "anger", "anxiety") if x in lid}
    emo_map = {"frustration": {"frustration", "anger"}, "anxiety": {"anxiety"},
               "confusion": {"confusion"}, "sadness": {"disappointment"}}
    out_req, out_gold, out_text = [], [], []
    in_req, in_gold, in_text, in_emo = [], [], [], []
    dialogues = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            dl = json.load(f)
        for dia in dl:
            dialogues += 1
            hist = []
            for t in dia.get("turns", []):
                emos = t.get("Emotion") or []
                if t.get("floor") == "outbound":
                    text = " ".join(t.get("text_src") or [])
                    out_req.append({"history": list(hist), "draft": text})
                    out_gold.append(lid.get("empathy", 0) in emos)
                    out_text.append(text)
                    hist.append({"role": "agent", "text": text})
                else:
                    text = " ".join(t.get("text_mt") or [])
                    hist.append({"role": "customer", "text": text})
                    in_req.append({"history": list(hist), "draft": ""})
                    in_gold.append(any(e in need_ids for e in emos))
                    in_text.append(text)
                    in_emo.append({labels[e] for e in emos if 0 <= e < len(labels)})
    res_o, _ = eng.score(out_req)
    res_i, _ = eng.score(in_req)
    account(s, res_o)
    account(s, res_i)
    eng_s = [r_score(r) for r in res_o]
    kw = [count(KEYWORD_RE, t) for t in out_text]
    ln = [len(t) for t in out_text]
    er = [r_evidence(r, "emotional-reaction") for r in res_o]
    pe = [r_positive_evidence(r) for r in res_o]
    h = auc_row("AUC of emotional-reaction evidence", out_gold, er, kw, ln)
    rows = [h,
            auc_row("AUC of score (empathy appropriate to the customer's state)", out_gold, eng_s, kw, ln),
            auc_row("AUC of total positive evidence", out_gold, pe, kw, ln)]
    s["headline"] = headline("AUC: agent turn has an `empathy` sentence", h, auc_bootstrap(out_gold, er, kw, ln))
    add_table(s, "Agent turns: is any sentence labelled `empathy`?", rows,
              note="Draft = the agent turn (`text_src`), history = the turns before it. MAIA's `empathy` "
                   "label marks sentences of warmth, sympathy and apology: the SPEC's emotional-reaction "
                   "family, whose evidence is the headline. The score rates empathy appropriate to the "
                   "customer's state (SPEC 1.3), which routine turns do not call for. " + EVIDENCE_NOTE)
    ne = [r_needs(r) for r in res_i]
    nk = [bool(count(NEED_RE, t)) for t in in_text]
    nl = above_median([len(t) for t in in_text])
    crows = prf_rows("needsEmpathy", in_gold, ne, nk, nl)
    keep_i = [i for i, v in enumerate(ne) if v is not None]
    for eid in ("frustration", "anxiety", "confusion", "sadness"):
        g = [bool(in_emo[i] & emo_map[eid]) for i in keep_i]
        e = [eid in r_emotions(res_i[i]) for i in keep_i]
        k = [bool(count(EMOTION_RE[eid], in_text[i])) for i in keep_i]
        l = [nl[i] for i in keep_i]
        crows.append(row("emotion %s F1 (gold: %s)" % (eid, "/".join(sorted(emo_map[eid]))), len(keep_i),
                         prf(e, g)["f1"], prf(k, g)["f1"], prf(l, g)["f1"], positives=sum(g)))
    add_table(s, "Customer turns: does it need empathy?", crows,
              note="Request = history up to and including the customer turn (`text_mt`), draft \"\". "
                   "Gold need: any sentence labelled disappointment, confusion, frustration, anger "
                   "or anxiety. keyword: need words in the turn; length: turn longer than the median.")
    s["notes"].append("%d dialogues, %d agent turns (%d with an empathy sentence), %d customer turns "
                      "(%d with a need)." % (dialogues, len(out_req), sum(out_gold), len(in_req), sum(in_gold)))
    return s


# ---------------------------------------------------------------------------------------
# 3. ESConv and FailedESConv: supporter strategies.

STRATEGY_FAMILIES = OrderedDict([
    ("Reflection of feelings", ("emotional-reaction", "interpretation")),
    ("Restatement or Paraphrasing", ("interpretation",)),
    ("Question", ("exploration",)),
    ("Affirmation and Reassurance", ("reassurance",)),
])
STRATEGY_ALIASES = {"Questions": "Question", "Other": "Others", "Restatement": "Restatement or Paraphrasing",
                    "Approval and Reassurance": "Affirmation and Reassurance"}


def strategy_tables(s, turns, results):
    """Per strategy: AUC of the mapped family's evidence (max over families) for turns with
    that strategy vs all others. Returns the headline row (mean of the four AUCs) and boot."""
    texts = [t["text"] for t in turns]
    strategies = [STRATEGY_ALIASES.get(t["strategy"], t["strategy"]) for t in turns]
    keep = [i for i in range(len(turns)) if ok(results[i])]
    ln = [len(texts[i]) for i in keep]
    rows, stats = [], {k: [] for k in SYSTEMS}
    for strat, fams in STRATEGY_FAMILIES.items():
        y = [strategies[i] == strat for i in keep]
        e = [max(r_evidence(results[i], f) for f in fams) for i in keep]
        k = [max(count(FAMILY_RE[f], texts[i]) for f in fams) for i in keep]
        rows.append(auc_row("%s -> %s" % (strat, fams[0] if len(fams) == 1 else
                                                       "max(%s)" % ", ".join(fams)), y, e, k, ln))
        for sysname, xs in (("engine", e), ("keyword", k), ("length", ln)):
            stats[sysname].append(boot_auc_stat(xs, y))
    vals = {k: [r[k] for r in rows] for k in SYSTEMS}
    mean = row("mean of the four AUCs", len(keep),
               *[(sum(vals[k]) / len(vals[k]) if all(v is not None for v in vals[k]) else None)
                 for k in SYSTEMS])
    rows.append(mean)

    def mean_stat(fs):
        def stat(draws):
            v = [f(draws) for f in fs]
            return None if any(x is None for x in v) else sum(v) / len(v)
        return stat
    boot = bootstrap(len(keep), {k: mean_stat(stats[k]) for k in SYSTEMS})
    dist = Counter(strategies[i] for i in keep)
    add_table(s, "Supporter turns: AUC of the strategy's family evidence", rows,
              note="Each strategy's turns vs all other supporter turns. keyword: hits of that "
                   "family's word list (max over the families). Strategies: " +
                   ", ".join("%s %d" % (k, v) for k, v in sorted(dist.items())))
    return mean, boot


def supporter_requests(dialog, text_of, is_supporter, strategy_of):
    hist, turns = [], []
    for t in dialog:
        text = text_of(t)
        if is_supporter(t):
            turns.append({"request": {"history": list(hist), "draft": text}, "text": text,
                          "strategy": strategy_of(t) or "", "raw": t})
            hist.append({"role": "agent", "text": text})
        else:
            hist.append({"role": "customer", "text": text})
    return turns


def eval_esconv(eng, data):
    title = "ESConv (emotional-support chats, train + valid)"
    d = os.path.join(data, "esconv")
    files = [p for p in (os.path.join(d, "train.json"), os.path.join(d, "valid.json")) if os.path.exists(p)]
    if not os.path.isdir(d) or not files:
        return skipped("esconv", title)
    s = new_set("esconv", title)
    turns = []
    for p in files:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                dia = json.loads(line)
                turns += supporter_requests(dia.get("dialog", []), lambda t: t.get("text", ""),
                                            lambda t: t.get("speaker") == "sys",
                                            lambda t: t.get("strategy"))
    res, _ = eng.score([t["request"] for t in turns])
    account(s, res)
    mean, boot = strategy_tables(s, turns, res)
    s["headline"] = headline("mean AUC over 4 strategies", mean, boot)
    return s


def eval_failed_esconv(eng, data):
    title = "FailedESConv (low-quality emotional-support chats)"
    p = os.path.join(data, "failed-esconv", "FailedESConv.json")
    if not os.path.exists(p):
        return skipped("failed-esconv", title)
    s = new_set("failed-esconv", title)
    with open(p, encoding="utf-8") as f:
        dialogues = json.load(f)
    turns = []
    rated = []  # (rating, [indices into turns])
    for dia in dialogues:
        dialog = dia.get("dialog", [])
        base = len(turns)
        turns += supporter_requests(dialog, lambda t: (t.get("content") or "").strip(),
                                    lambda t: t.get("speaker") == "listener",
                                    lambda t: (t.get("annotation") or {}).get("strategy"))
        # A seeker's feedback rates the supporter turns since the previous feedback.
        since, k = [], base
        for t in dialog:
            if t.get("speaker") == "listener":
                since.append(k)
                k += 1
                continue
            fb = (t.get("annotation") or {}).get("feedback")
            if fb not in (None, ""):
                try:
                    rating = float(fb)
                except ValueError:
                    continue
                if since:
                    rated.append((rating, since))
                since = []
    res, _ = eng.score([t["request"] for t in turns])
    account(s, res)
    mean, _ = strategy_tables(s, turns, res)
    gold, e, kw, ln = [], [], [], []
    for rating, idx in rated:
        sc = [r_score(res[i]) for i in idx]
        if any(v is None for v in sc):
            continue
        gold.append(rating)
        e.append(sum(sc) / len(sc))
        kw.append(sum(count(KEYWORD_RE, turns[i]["text"]) for i in idx) / len(idx))
        ln.append(sum(len(turns[i]["text"]) for i in idx) / len(idx))
    h = spearman_row("Spearman with the seeker's rating", gold, e, kw, ln)
    boot = bootstrap(len(gold), {"engine": boot_spearman_stat(e, gold), "keyword": boot_spearman_stat(kw, gold),
                                 "length": boot_spearman_stat(ln, gold)})
    s["headline"] = headline("Spearman with seeker rating", h, boot)
    add_table(s, "Seeker ratings", [h],
              note="A rating (on a seeker turn) is matched to the mean over the supporter turns "
                   "since the previous rating.")
    return s


# ---------------------------------------------------------------------------------------
# 4. WASSA 2024 conversations.

def eval_wassa(eng, data):
    title = "WASSA 2024 empathic conversations (dev + train)"
    d = os.path.join(data, "wassa-conversations")
    files = [p for p in (os.path.join(d, "trac2_CONVT_dev.csv"), os.path.join(d, "trac2_CONVT_train.csv"))
             if os.path.exists(p)]
    if not os.path.isdir(d) or not files:
        return skipped("wassa-conversations", title)
    s = new_set("wassa-conversations", title)
    reqs, gold, texts = [], [], []
    for p in files:
        with open(p, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, escapechar="\\"))
        convs = defaultdict(list)
        for r in rows:
            convs[r.get("conversation_id", "")].append(r)
        for cid in sorted(convs, key=lambda c: (len(c), c)):
            turns = sorted(convs[cid], key=lambda r: _num(r.get("turn_id"), 0))
            hist = []
            for r in turns:
                text = r.get("text") or ""
                try:
                    g = float(r.get("Empathy"))
                    g = g if math.isfinite(g) else None
                except (TypeError, ValueError):
                    g = None
                if g is not None:
                    reqs.append({"history": list(hist), "draft": text})
                    gold.append(g)
                    texts.append(text)
                hist.append({"role": "customer", "text": text})
    res, _ = eng.score(reqs)
    account(s, res)
    e = [r_evidence(r, "emotional-reaction") for r in res]
    kw = [count(KEYWORD_RE, t) for t in texts]
    ln = [len(t) for t in texts]
    h = spearman_row("Spearman of emotional-reaction evidence with Empathy", gold, e, kw, ln)
    sc = spearman_row("Spearman of score with Empathy", gold, [r_score(r) for r in res], kw, ln)
    keep = [i for i, v in enumerate(e) if v is not None]
    g = [gold[i] for i in keep]
    boot = bootstrap(len(keep), {"engine": boot_spearman_stat([e[i] for i in keep], g),
                                 "keyword": boot_spearman_stat([kw[i] for i in keep], g),
                                 "length": boot_spearman_stat([ln[i] for i in keep], g)})
    s["headline"] = headline("Spearman with turn Empathy", h, boot)
    add_table(s, "Turns", [h, sc], note="Each turn as a draft, the conversation's previous turns as customer history. "
                                          + EVIDENCE_NOTE)
    return s


def _num(v, default):
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------------------
# 5. iEmpathize.

def eval_iempathize(eng, data):
    title = "iEmpathize (health-forum sentences)"
    p = os.path.join(data, "iempathize", "dataset.csv")
    if not os.path.exists(p):
        return skipped("iempathize", title)
    s = new_set("iempathize", title)
    texts, labels = [], []
    with open(p, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            try:
                lab = int(float(r.get("label")))
            except (TypeError, ValueError):
                continue
            texts.append(r.get("text") or "")
            labels.append(lab)
    res_a, _ = eng.score([{"history": [], "draft": t} for t in texts])
    res_b, _ = eng.score([{"history": [{"role": "customer", "text": t}], "draft": ""} for t in texts])
    account(s, res_a)
    account(s, res_b)
    e = [r_evidence(r, "emotional-reaction") for r in res_a]
    kw = [count(KEYWORD_RE, t) for t in texts]
    ln = [len(t) for t in texts]
    y = [l == 2 for l in labels]
    h = auc_row("AUC of emotional-reaction evidence: providing (2) vs rest", y, e, kw, ln)
    sc = auc_row("AUC of score: providing (2) vs rest", y, [r_score(r) for r in res_a], kw, ln)
    s["headline"] = headline("AUC: providing empathy", h, auc_bootstrap(y, e, kw, ln))
    add_table(s, "(a) As a reply (no history)", [h, sc], note=EVIDENCE_NOTE)
    sel = [i for i in range(len(texts)) if labels[i] in (0, 1)]
    nl = above_median([len(texts[i]) for i in sel])
    rows = prf_rows("needsEmpathy", [labels[i] == 1 for i in sel], [r_needs(res_b[i]) for i in sel],
                    [bool(count(NEED_RE, texts[i])) for i in sel], nl)
    add_table(s, "(b) As a customer message: seeking (1) vs none (0)", rows,
              note="keyword: need words; length: longer than the median.")
    return s


# ---------------------------------------------------------------------------------------
# 6. Unhealthy Conversations Corpus.

# The split is UCC's own and fixed: val.csv is the selection split (the data README lets
# "measure" sets choose between models; from 2026-12-06 on, changes to the dismissive family
# were compared on it), test.csv is held out and is the headline. Neither is trained on.
UCC_SPLITS = (("val", "selection split"), ("test", "held out"))


def eval_ucc(eng, data):
    title = "UCC (news comments: dismissive or condescending)"
    d = os.path.join(data, "ucc")
    if not all(os.path.exists(os.path.join(d, split + ".csv")) for split, _ in UCC_SPLITS):
        return skipped("ucc", title)
    s = new_set("ucc", title)
    for split, role in UCC_SPLITS:
        texts, y = [], []
        with open(os.path.join(d, split + ".csv"), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                texts.append(r.get("comment") or "")
                y.append(_num(r.get("dismissive"), 0) >= 0.5 or _num(r.get("condescending"), 0) >= 0.5)
        res, _ = eng.score([{"history": [], "draft": t} for t in texts])
        account(s, res)
        dis = [r_evidence(r, "dismissive") for r in res]
        inv = [(100 - v) if v is not None else None for v in (r_score(r) for r in res)]
        neg = [count(NEGATIVE_RE, t) for t in texts]
        ln = [len(t) for t in texts]
        h = auc_row("AUC of dismissive evidence", y, dis, neg, ln)
        add_table(s, "%s.csv (%s), comments with no history: dismissive or condescending = 1 vs rest" % (split, role),
                  [h, auc_row("AUC of 100 - score", y, inv, neg, ln)],
                  note="keyword: the negative-family (dismissive words) baseline.")
        if split == "test":
            s["headline"] = headline("AUC: dismissive evidence, test split", h, auc_bootstrap(y, dis, neg, ln))
    return s


# ---------------------------------------------------------------------------------------
# 7. Empathetic Intents.

INTENT_GROUPS = OrderedDict([
    ("emotional-reaction", ("consoling", "sympathizing", "expressing_care_concern")),
    ("interpretation", ("acknowledging", "agreeing")),
    ("exploration", ("questioning",)),
    ("reassurance", ("encouraging", "wishing")),
])
EMPATHIC_INTENTS = ("consoling", "sympathizing", "expressing_care_concern", "acknowledging", "encouraging")


def eval_intents(eng, data):
    title = "Empathetic Intents (listener utterances)"
    d = os.path.join(data, "empathetic-intents")
    files = sorted(glob.glob(os.path.join(d, "*.txt")))
    if not os.path.isdir(d) or not files:
        return skipped("empathetic-intents", title)
    s = new_set("empathetic-intents", title)
    texts, intents = [], []
    for p in files:
        intent = os.path.splitext(os.path.basename(p))[0]
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    texts.append(line.strip())
                    intents.append(intent)
    res, _ = eng.score([{"history": [], "draft": t} for t in texts])
    account(s, res)
    keep = [i for i in range(len(texts)) if ok(res[i])]
    ln = [len(texts[i]) for i in keep]
    rows = []
    for fam, group in INTENT_GROUPS.items():
        y = [intents[i] in group for i in keep]
        rows.append(auc_row("%s <- %s" % (fam, ", ".join(group)), y, [r_evidence(res[i], fam) for i in keep],
                            [count(FAMILY_RE[fam], texts[i]) for i in keep], ln))
    e = [r_evidence(r, "emotional-reaction") for r in res]
    kw = [count(KEYWORD_RE, t) for t in texts]
    lall = [len(t) for t in texts]
    y = [it in EMPATHIC_INTENTS for it in intents]
    h = auc_row("AUC of emotional-reaction evidence: empathic intents vs others", y, e, kw, lall)
    rows.append(h)
    rows.append(auc_row("AUC of score: empathic intents vs others", y, [r_score(r) for r in res], kw, lall))
    s["headline"] = headline("AUC: empathic intents", h, auc_bootstrap(y, e, kw, lall))
    add_table(s, "Utterances (no history): AUC of the mapped family's evidence", rows,
              note="Empathic intents: " + ", ".join(EMPATHIC_INTENTS) + ". keyword: the family's word "
                   "list (the empathy word list for the score row).")
    s["notes"].append("Intents: " + ", ".join("%s %d" % kv for kv in sorted(Counter(intents).items())))
    return s


# ---------------------------------------------------------------------------------------
# Markdown.

def fmt(v):
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return "%.3f" % v
    return str(v)


def fmt_ci(v, ci):
    if ci is None:
        return fmt(v)
    return "%s [%.3f, %.3f]" % (fmt(v), ci[0], ci[1])


def markdown(sets, meta):
    out = ["# empathy-coach: held-out evaluation", ""]
    out.append("Engine `%s`%s; data `%s`; CX `%s`. Columns: **empathy-coach**, the keyword "
               "baseline, reply length. Bootstrap: %d resamples, seed %d, 95%% percentile "
               "intervals on each set's headline metric." % (
                   meta["empathy"], (", model `%s`" % meta["model"]) if meta["model"] else "",
                   meta["data"], meta["cx"], BOOT_N, BOOT_SEED))
    out += ["", "## Summary", "",
            "| set | n | headline metric | empathy-coach | keyword | length | beats both | P(beats both) |",
            "|---|---:|---|---:|---:|---:|:---:|---:|"]
    for s in sets:
        h = s.get("headline")
        if s["status"] != "ok" or not h:
            out.append("| %s | | %s | | | | | |" % (s["name"], s["status"] if s["status"] != "ok" else "no data"))
            continue
        ci = h.get("ci") or {}
        out.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            s["name"], h["n"], h["metric"], fmt_ci(h["engine"], ci.get("engine")),
            fmt_ci(h["keyword"], ci.get("keyword")), fmt_ci(h["length"], ci.get("length")),
            fmt(h["beats_both"]), fmt(h["p_beats_both"])))
    out += ["", "n: the items behind the headline (pairs of replies for cx). Beats both: the "
            "engine's point estimate is above both baselines'; P(beats both): the share of "
            "bootstrap resamples where it is."]
    for s in sets:
        out += ["", "## %s: %s" % (s["name"], s["title"]), ""]
        if s["status"] != "ok":
            out.append(s["status"])
            continue
        out.append("Scored %d requests: %d errors, %d unsupported (null score)." % (
            s["items"], s["errors"], s["unsupported"]))
        for n in s["notes"]:
            out.append("")
            out.append(n)
        for t in s["tables"]:
            cols = t.get("columns") or list(SYSTEMS)
            names = ["empathy-coach" if c == "engine" else c.replace("_", " ") for c in cols]
            out += ["", "### " + t["title"], "",
                    "| metric | n | %s |" % " | ".join(names), "|---|---:|" + "---:|" * len(cols)]
            for r in t["rows"]:
                out.append("| %s | %s | %s |" % (r["metric"], fmt(r["n"]), " | ".join(fmt(r.get(c)) for c in cols)))
            if t.get("note"):
                out += ["", t["note"]]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# 8. Language identification, on the test split of each language's texts (the project's
# own: the CX corpora and data/langid/*.txt).

# The keyword baseline: a vote of each language's most frequent function words.
FUNCTION_WORDS = OrderedDict([
    ("en", "the and you to is my i it for your not have"), ("es", "el la que de y no mi es por en un para"),
    ("fr", "le la je de et pas est les vous mon un pour"), ("de", "der die und ich nicht ist das mit sie mein ein zu"),
    ("pt", "o a que não de é meu com para você um em"), ("it", "il la che di e non mi è per un sono ho"),
    ("nl", "de het een en ik niet is van mijn je dat op"), ("pl", "nie i w się na jest to z mi że do mam"),
    ("ca", "el la que de i no és per els amb em un"), ("sv", "och det att är jag inte en på för med min har"),
    ("da", "og det at er jeg ikke en på til med min har"), ("nb", "og det at er jeg ikke en på til med min har"),
])


def keyword_language(text):
    words = re.findall(r"[^\W\d_]+", text.lower())
    votes = {code: sum(1 for w in words if w in set(fw.split())) for code, fw in FUNCTION_WORDS.items()}
    best = max(votes.values()) if votes else 0
    winners = [c for c, v in votes.items() if v == best]
    return winners[0] if best > 0 and len(winners) == 1 else "und"


def strip_accents_py(text):
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def language_texts(data_dir):
    """(code, text) of every held-out text, each once: the CX corpora's test split (the
    hash of a reply's flip or scenario, of a conversation's id) and data/langid's (the hash
    of the line)."""
    out, seen = [], set()
    folders = [("en", os.path.join(data_dir, "cx"))] + [
        (c, os.path.join(data_dir, "cx-" + c)) for c in ("es", "fr", "de", "pt")]
    for code, folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "*.jsonl"))):
            for item in load_jsonl([path]):
                reply = "draft" in item
                if not is_test(item.get("flip") or item.get("scenario" if reply else "id") or ""):
                    continue
                texts = ([item["draft"]] if reply else []) + [t.get("text", "") for t in item.get("history" if reply else "turns", [])]
                for t in texts:
                    if isinstance(t, str) and t.strip() and (code, t) not in seen:
                        seen.add((code, t))
                        out.append((code, t))
    for path in sorted(glob.glob(os.path.join(data_dir, "langid", "*.txt"))):
        code = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            for line in f:
                t = line.rstrip("\n")
                if t.strip() and is_test(t) and (code, t) not in seen:
                    seen.add((code, t))
                    out.append((code, t))
    return out


def eval_language(eng, data_dir):
    title = "Language identification (the project's own texts, test split)"
    items = language_texts(data_dir)
    if not items:
        return skipped("language", title)
    s = new_set("language", title)
    codes = [c for c, _ in items]
    texts = [t for _, t in items]
    res, _ = eng.score([{"history": [], "draft": t} for t in texts])
    res_plain, _ = eng.score([{"history": [], "draft": strip_accents_py(t)} for t in texts])
    account(s, res)
    got = [r.get("language") if ok(r) else None for r in res]
    got_plain = [r.get("language") if ok(r) else None for r in res_plain]
    kw = [keyword_language(t) for t in texts]
    hit = lambda pred, idx: sum(1 for i in idx if pred[i] == codes[i]) / len(idx) if idx else None
    everything = list(range(len(items)))
    rows = []
    for code in OrderedDict.fromkeys(codes):
        idx = [i for i in everything if codes[i] == code]
        rows.append(row(code, len(idx), hit(got, idx), hit(kw, idx), None,
                        und=sum(1 for i in idx if got[i] == "und") / len(idx),
                        wrong=sum(1 for i in idx if got[i] not in (code, "und")) / len(idx),
                        no_accents=hit(got_plain, idx)))
    short = [i for i in everything if len(texts[i]) <= 20]
    rows.append(row("texts of 20 characters or fewer", len(short), hit(got, short), hit(kw, short), None,
                    und=sum(1 for i in short if got[i] == "und") / max(1, len(short)),
                    wrong=sum(1 for i in short if got[i] not in (codes[i], "und")) / max(1, len(short)),
                    no_accents=hit(got_plain, short)))
    h = row("accuracy, all languages", len(items), hit(got, everything), hit(kw, everything), None,
            und=sum(1 for g in got if g == "und") / len(items),
            wrong=sum(1 for i in everything if got[i] not in (codes[i], "und")) / len(items),
            no_accents=hit(got_plain, everything))
    boot = bootstrap(len(items), {"engine": lambda d: sum(1 for i in d if got[i] == codes[i]) / len(d),
                                  "keyword": lambda d: sum(1 for i in d if kw[i] == codes[i]) / len(d)})
    s["headline"] = headline("accuracy of the draft's language", h, boot)
    add_table(s, "Each text alone as a draft: right (und counts as not right)", rows + [h],
              note="keyword: a vote of each language's 12 most frequent function words. length: not "
                   "applicable. und: too little to tell (the engine then uses the customer's language). "
                   "wrong: another language named. no_accents: the same texts with accents removed.",
              columns=["engine", "keyword", "und", "wrong", "no_accents"])
    return s


RUNNERS = OrderedDict([
    ("cx", lambda eng, a: eval_cx(eng, a.cx)),
    ("maia-dqe", lambda eng, a: eval_maia(eng, a.data)),
    ("esconv", lambda eng, a: eval_esconv(eng, a.data)),
    ("failed-esconv", lambda eng, a: eval_failed_esconv(eng, a.data)),
    ("wassa-conversations", lambda eng, a: eval_wassa(eng, a.data)),
    ("iempathize", lambda eng, a: eval_iempathize(eng, a.data)),
    ("ucc", lambda eng, a: eval_ucc(eng, a.data)),
    ("empathetic-intents", lambda eng, a: eval_intents(eng, a.data)),
    ("language", lambda eng, a: eval_language(eng, os.path.dirname(os.path.abspath(a.cx)))),  # data/
] + [("cx-" + code, (lambda code: lambda eng, a: eval_cx(
        eng, os.path.join(os.path.dirname(os.path.abspath(a.cx)), "cx-" + code), KEYWORDS[code], "cx-" + code,
        "%s CX corpus (project's own, test split; the %s pack)" % (LANGUAGE_NAMES[code], code)))(code))
     for code in PACK_LANGUAGES])


def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Held-out evaluation of empathy-coach (Markdown to stdout).")
    ap.add_argument("--empathy", default=os.path.join(root, "build", "native", "cli", "empathy"),
                    help="the empathy CLI binary")
    ap.add_argument("--model", default=None, help="model file passed to `empathy score --model`")
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"), help="shared data folder")
    ap.add_argument("--cx", default=os.path.join(root, "data", "cx"), help="the project's CX corpus folder")
    ap.add_argument("--json", default=None, help="write every figure as JSON to this file")
    ap.add_argument("--only", default=None, help="comma-separated sets: " + ",".join(SET_NAMES))
    a = ap.parse_args(argv)
    names = list(RUNNERS)
    if a.only:
        names = [n.strip() for n in a.only.split(",") if n.strip()]
        bad = [n for n in names if n not in RUNNERS]
        if bad:
            ap.error("unknown set(s): %s (known: %s)" % (", ".join(bad), ", ".join(RUNNERS)))
    if not (os.path.isfile(a.empathy) and os.access(a.empathy, os.X_OK)):
        ap.error("no executable empathy binary at %s (build it: cmake --preset native && "
                 "cmake --build --preset native --target empathy)" % a.empathy)
    if a.model and not os.path.isfile(a.model):
        ap.error("no model file at %s" % a.model)
    eng = Engine(a.empathy, a.model)
    meta = OrderedDict([("empathy", a.empathy), ("model", a.model), ("data", a.data), ("cx", a.cx),
                        ("bootstrap", {"resamples": BOOT_N, "seed": BOOT_SEED, "interval": "95% percentile"})])
    sets = []
    t_all = time.time()
    for n in names:
        t0 = time.time()
        sets.append(RUNNERS[n](eng, a))
        print("eval: %s %s in %.1fs" % (n, sets[-1]["status"], time.time() - t0), file=sys.stderr)
    print("eval: total %.1fs" % (time.time() - t_all), file=sys.stderr)
    sys.stdout.write(markdown(sets, meta))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(OrderedDict([("meta", meta), ("sets", sets)]), f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
