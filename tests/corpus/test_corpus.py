"""The project's CX corpora (data/cx, English, and data/cx-LANG for the other languages)
hold what data/cx/README.md says: every line parses and carries its labels in range, ids
are unique, all replies to one customer context agree on that customer's state, a flip
set is two scenarios, and a conversation graded good misses nothing. Run by ctest."""
import collections
import glob
import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FOLDERS = sorted(glob.glob(os.path.join(ROOT, "data", "cx"))) + sorted(glob.glob(os.path.join(ROOT, "data", "cx-*")))
FAMILIES = {"emotional-reaction", "interpretation", "exploration", "reassurance", "inclusive", "politeness",
            "dismissive", "scripted"}
EMOTIONS = {"frustration", "anxiety", "confusion", "sadness", "urgency", "gratitude"}
RISKS = {"bereavement", "health", "financial-hardship", "fraud", "safety", "vulnerability", "hopelessness",
         "complaint-escalation", "churn"}
KINDS = {"ideal", "good-generic", "procedural", "hollow", "over-emotional", "dismissive", "condescending", "blaming",
         "empathy-no-action", "action-first", "rushed-boilerplate", "other"}
ROLES = {"customer", "agent", "bot"}


def language(folder):
    name = os.path.basename(folder)
    return "en" if name == "cx" else name[len("cx-"):]


def read(folder, kind):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, kind + "-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    out.append(("%s:%d" % (os.path.relpath(path, ROOT), n), json.loads(line)))
    return out


def check_state(where, x):
    assert isinstance(x["needsEmpathy"], bool), where
    assert set(x["emotions"]) <= EMOTIONS, where
    assert set(x["risk"]) <= RISKS, where


def check_locale(where, x, lang):
    if lang == "en":
        assert "locale" not in x or x["locale"].startswith("en"), where
    else:
        assert x["locale"].split("-")[0] == lang, where


@pytest.mark.parametrize("folder", FOLDERS, ids=[os.path.basename(f) for f in FOLDERS])
def test_replies(folder):
    lang = language(folder)
    replies = read(folder, "replies")
    assert len(replies) >= 1000, "at least 1,000 graded replies per language"
    ids = collections.Counter(r["id"] for _, r in replies)
    assert [i for i, c in ids.items() if c > 1] == []
    contexts = {}
    flips = collections.defaultdict(set)
    for where, r in replies:
        assert r["id"].startswith(r["scenario"] + "-"), where
        assert set(r["labels"]) == FAMILIES and all(v in (0, 1, 2) for v in r["labels"].values()), where
        assert r["overall"] in (1, 2, 3, 4, 5), where
        assert r["kind"] in KINDS, where
        assert isinstance(r["draft"], str) and r["draft"].strip(), where
        assert r["history"] and all(t["role"] in ROLES and isinstance(t["text"], str) for t in r["history"]), where
        check_state(where, r)
        check_locale(where, r, lang)
        context = (json.dumps(r["history"], sort_keys=True), r["needsEmpathy"], tuple(sorted(r["emotions"])),
                   tuple(sorted(r["risk"])), r.get("locale"))
        assert contexts.setdefault(r["scenario"], context) == context, "%s: %s differs from its scenario's other replies" % (where, r["id"])
        if "flip" in r:
            flips[r["flip"]].add(r["scenario"])
    for flip, scenarios in flips.items():
        assert len(scenarios) == 2, "flip set %s has scenarios %s" % (flip, sorted(scenarios))


@pytest.mark.parametrize("folder", FOLDERS, ids=[os.path.basename(f) for f in FOLDERS])
def test_conversations(folder):
    lang = language(folder)
    conversations = read(folder, "conversations")
    assert conversations
    ids = collections.Counter(c["id"] for _, c in conversations)
    assert [i for i, n in ids.items() if n > 1] == []
    for where, c in conversations:
        assert c["quality"] in ("good", "mixed", "bad"), where
        check_locale(where, c, lang)
        assert len(c["turns"]) >= 2, where
        missed = 0
        for t in c["turns"]:
            assert t["role"] in ROLES and isinstance(t["text"], str) and t["text"].strip(), where
            if t["role"] == "customer":
                check_state(where, t)
            elif t["role"] == "agent" or "overall" in t:  # a bot's opening greeting may go ungraded
                assert t["overall"] in (1, 2, 3, 4, 5) and isinstance(t["missed"], bool), where
                missed += t["missed"]
        assert not (c["quality"] == "good" and missed), "%s: a good conversation with a missed turn" % where
