#!/usr/bin/env python3
"""Writes the seed files of fuzz/corpus/ and the dictionaries json.dict and text.dict
(run from anywhere; idempotent).

Seeds are small: the golden inputs, the CLI's mixed file line by line, and one file per
kind of bad input. core/models/en.json is a seed of fuzz_model too, but scripts/fuzz.sh
passes it from where it lives instead of copying 130 KB here. Regression inputs found by
fuzzing are added by hand as corpus/TARGET/regress-*.
"""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent
repo = root.parent
corpus = root / "corpus"


def write(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# --- fuzz_score_json: requests and conversations, good and bad -----------------------
for p in sorted((repo / "tests" / "golden").glob("*.json")):
    if p.name.endswith(".out.json"):
        continue
    write("fuzz_score_json", "golden-" + p.stem, p.read_bytes().rstrip(b"\n"))
for i, line in enumerate((repo / "tests" / "cli" / "mixed.jsonl").read_bytes().split(b"\n")):
    if line.strip():
        write("fuzz_score_json", f"mixed-{i + 1}", line)

R = lambda **kw: json.dumps(kw, ensure_ascii=False)
bad = {
    "invalid-utf8": b'{"draft": "caf\xc3 \xff\xfe sorry \xed\xa0\x80 \xf4\x90\x80\x80 ok"}',
    "lone-surrogate": '{"draft": "\\ud83d calm down", "history": [{"role": "customer", "text": "\\udc00!!"}]}',
    "surrogate-pair": '{"draft": "\\ud83d\\ude21 I am so sorry"}',
    "nul-byte": b'{"draft": "sorry\\u0000 about \x00 that"}',
    "nul-raw": b'{"draft": "a"}\x00',
    "deep-64": "[" * 63 + '{"draft": "x"}' + "]" * 63,
    "deep-65": "[" * 65 + "]" * 65,
    "deep-draft-strings": '{"draft": "' + "[" * 100 + '"}',
    "huge-number-time": '{"draft": "x", "time": 1e308}',
    "huge-int-time": '{"draft": "x", "time": 123456789012345678901234567890}',
    "overflow-number": '{"draft": "x", "time": 1e400}',
    "negative-time": '{"draft": "x", "time": -8.64e15, "history": [{"role": "customer", "text": "hi", "time": -1}]}',
    "float-time": '{"draft": "x", "time": 1.5e-300}',
    "wrong-types": '{"draft": ["x"], "history": "nope"}',
    "wrong-history-item": '{"draft": "x", "history": [1, null, "a"]}',
    "wrong-text": '{"draft": "x", "history": [{"role": "customer", "text": 5}]}',
    "missing-draft": '{"history": []}',
    "missing-role": '{"draft": "x", "history": [{"text": "hi"}]}',
    "unknown-role": '{"draft": "x", "history": [{"role": "manager", "text": "hi"}]}',
    "both-draft-turns": '{"draft": "x", "turns": []}',
    "null-draft": '{"draft": null}',
    "customer-wrong": '{"draft": "hi Dana", "customer": {"name": 5}}',
    "customer-name": '{"draft": "Hi DANA, thanks!", "customer": {"name": "Dana Smith"}}',
    "conversation-id-number": '{"id": 12345678901234567890, "turns": []}',
    "conversation-meta": '{"id": "x", "meta": {"team": "a", "n": 1}, "turns": []}',
    "conversation-timing": '{"id": "t", "turns": [{"role": "customer", "text": "I am furious!!", "time": 0}, {"role": "bot", "text": "hold on"}, {"role": "agent", "text": "ok", "time": 8640000000000000}]}',
    "array-top": '[{"draft": "x"}]',
    "string-top": '"draft"',
    "empty": "",
    "whitespace": " \t\r\n",
    "emoji-draft": R(draft="😔😡🙏 sorry!!! ...?! — really… “quoted” ‘single’"),
    "long-sentence": R(draft=("so sorry about the delay and the charge " * 40).strip(),
                       history=[{"role": "customer", "text": "the delay and the charge are awful"},
                                {"role": "agent", "text": "so sorry about the delay and the charge"}]),
    "many-questions": R(draft="How are you feeling about it? " * 30),
    "escapes": '{"draft": "tab\\tnew\\nline\\r\\u00e9\\u2019s \\"q\\" \\\\ \\/"}',
    "duplicate-keys": '{"draft": "a", "draft": 5}',
    "typing-fields": R(draft="I'm so sorry about the del", typing=True, shown=["acknowledge-feelings"],
                       allow=["avoid-calm-down", "praise-acknowledged"], history=[{"role": "customer", "text": "so late!!"}]),
    "typing-wrong": '{"draft": "x", "typing": 1, "shown": {}, "allow": [null]}',
    "trailing-garbage": '{"draft": "a"} {"draft": "b"}',
}
for name, data in bad.items():
    write("fuzz_score_json", name, data)
# The raw (\x1e-separated) path: history turns then the draft.
write("fuzz_score_json", "raw-turns",
      "I'm SO worried, my husband passed away\x1eHi, I'm Sam\x1enot happy, the bill is wrong!!\x1e"
      "I'm so sorry for your loss. Let's sort the bill out together. What's worrying you most?")

# --- fuzz_model: small models and broken ones (en.json is passed by scripts/fuzz.sh) ---
minimal = {
    "version": 1, "language": "en",
    "classes": {"intens": ["so", "really"], "sorry": ["sorry", "apologise"]},
    "negators": ["not"], "stopwords": ["the", "a"], "problems": ["delay"], "questionWords": ["what", "how"],
    "procedural": ["account"],
    "thresholds": {"empathyEmotions": {"frustration": 0.2}},
    "score": {"needed": {"bias": -1, "families": {"emotional-reaction": 1.5, "dismissive": -2}},
              "notNeeded": {"bias": 0.5, "families": {"politeness": 0.5}}},
    "components": {c: {"needed": {"families": {}}, "notNeeded": {"families": {}}}
                   for c in ["activeListening", "emotionalRecognition", "supportiveResponses", "genuineTone"]},
    "conversation": {"base": 1, "slowReplyMs": 60000},
    "lexicon": [
        {"id": "apology", "family": "emotional-reaction", "weight": 0.5, "patterns": ["[@intens] @sorry", "my apologies"]},
        {"id": "calm-down", "family": "dismissive", "weight": 1, "patterns": ["calm down", "(relax|chill) [out]"]},
        {"id": "mask", "family": "none", "patterns": ["sorry to hear that you *"]},
        {"id": "angry", "side": "customer", "emotion": "frustration", "weight": 0.6, "patterns": ["angry", "furious*"]},
        {"id": "loss", "side": "customer", "risk": "bereavement", "patterns": ["passed away"]},
    ],
    "nudges": {
        "avoid-calm-down": {"kind": "warning", "family": "dismissive", "priority": 10, "message": "Avoid it.",
                            "suggestion": "I understand.", "when": {"behavior": ["calm-down"]}},
        "ack": {"kind": "tip", "message": "Acknowledge.", "suggestion": None,
                "when": {"needsEmpathy": True, "familyBelow": {"emotional-reaction": 1}, "minWords": 2,
                         "emotion": "frustration", "minIntensity": 0.1}},
        "empty": {"kind": "tip", "message": "Start.", "when": {"draftEmpty": True, "anyRisk": True}},
        "praise": {"kind": "praise", "message": "Nice.", "when": {"familyAtLeast": {"emotional-reaction": 1}}},
    },
}
write("fuzz_model", "minimal", json.dumps(minimal, indent=1))
for name, text in {
    "not-json": '{"version": 1,',
    "not-object": "[1, 2]",
    "bad-version": '{"version": 2, "language": "en"}',
    "bad-thresholds": '{"version": 1, "language": "en", "thresholds": 5}',
    "bad-pattern-paren": json.dumps({**minimal, "lexicon": [{"id": "x", "family": "politeness", "patterns": ["(a|b"]}]}),
    "bad-pattern-class": json.dumps({**minimal, "lexicon": [{"id": "x", "family": "politeness", "patterns": ["@nope"]}]}),
    "bad-pattern-empty": json.dumps({**minimal, "lexicon": [{"id": "x", "family": "politeness", "patterns": ["[a]"]}]}),
    "bad-family": json.dumps({**minimal, "lexicon": [{"id": "x", "family": "kindness", "patterns": ["a"]}]}),
    "bad-level": json.dumps({**minimal, "nudges": {"n": {"kind": "tip", "message": "m", "when": {"familyAtLeast": {"politeness": 3}}}}}),
    "huge-weights": json.dumps({**minimal, "score": {"needed": {"families": {"politeness": 1e308, "dismissive": -1e308}},
                                                    "notNeeded": {"families": {"politeness": 1e308, "inclusive": -1e308}}}}),
}.items():
    write("fuzz_model", name, text)

# Regression: a pattern nested 600 parentheses deep overflows the stack of Matcher's
# recursive Expander (1 MiB stack, as scripts/fuzz.sh runs the targets).
deep = json.loads(json.dumps(minimal))
deep["lexicon"][0]["patterns"] = ["(" * 600 + "sorry" + ")" * 600]
write("fuzz_model", "regress-deep-pattern", json.dumps(deep, separators=(",", ":")))

# Regression: a classifier of 4M buckets x 600 outputs asks for 10 GB of weights.
bomb = json.loads(json.dumps(minimal))
bomb["classifier"] = {"buckets": 4194304, "outputs": [{"id": f"o{i}", "weights": []} for i in range(600)]}
write("fuzz_model", "regress-classifier-bomb", json.dumps(bomb, separators=(",", ":")))

# --- fuzz_overlay: merge patches over a small base model (see fuzz_overlay.cpp) ------------------------------
for name, overlay in {
    "reword": {"nudges": {"avoid-calm-down": {"message": "Try another phrase."}}},
    "silence": {"nudges": {"avoid-calm-down": None, "acknowledge-feelings": None}},
    "thresholds": {"thresholds": {"levelWeak": 0, "levelStrong": 0, "negationWindow": 10, "customerWindow": 100}},
    "bad-threshold": {"thresholds": {"customerDecay": 2}},
    "lexicon-replace": {"lexicon": [{"id": "calm-down", "family": "dismissive", "weight": 1, "patterns": ["calm down"]}]},
    "classes": {"classes": {"intens": ["so", "very", "*"]}},
    "delete-required": {"score": None},
    "version": {"version": 1.5},
    "weights": {"score": {"needed": {"bias": 50, "families": {"politeness": 1e300}}}},
    "new-rule": {"nudges": {"x": {"kind": "praise", "message": "m", "when": {"behavior": "please", "minWords": 10000}}}},
    "type-swap": {"negators": "not", "stopwords": {"a": 1}},
    "reword-base": {"nudges": {"avoid-calm-down": {"message": "Try another phrase.", "suggestion": None}}},
    "lexicon-add": {"lexicon": [{"id": "x", "family": "inclusive", "weight": 0.4,
                                 "patterns": ["let us", "(we|together) [will] *"]}], "classes": {"sorry": None}},
}.items():
    write("fuzz_overlay", name, json.dumps(overlay))
write("fuzz_overlay", "not-object", "[]")
# Regression: an overlay nested 3,000 objects deep overflows the stack in merge_patch.
write("fuzz_overlay", "regress-deep-overlay", '{"a":' * 3000 + "1" + "}" * 3000)
write("fuzz_overlay", "not-json", "{")
write("fuzz_overlay", "empty-object", "{}")

# --- fuzz_text: raw texts ---------------------------------------------------------------
texts = {
    "unicode": "😔 I’m so sorry your café order was wrong again — that’s really frustrating. I’ll fix it now.",
    "shouting": "WHY IS MY ORDER LATE?!?! I'M SO ANGRY!!! not happy... not bad; can't, won't, y'all, customers' 'cause",
    "contractions": "I'm, you're, they've, he'd, we'll, it's, that's, Dana's, isnt, dont, ill, gonna, wanna, gotta",
    "numbers": "Refund of 12.50 or 1,000 on 3.4.2024 at 3pm; £5, €6, 50% — ok?",
    "scripts": "Ελλάδα ΑΘΉΝΑ Москва МОСКВА ŁÓDŹ İstanbul ﬁne 日本語のテキスト。한국어!",
    "newlines": "line one\nline two\r\n\n\nthird…   \t \r",
    "invalid": b"caf\xc3 \xff\xfe \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf \xe0\x80\xaf ok \xf0\x9f\x98",
    "nul": b"a\x00b\x00 sorry\x00",
    "apostrophes": "’’ ‘x’ `y` ʼz ′w s' s''x ''' 'em",
    "empty": "",
}
for name, t in texts.items():
    write("fuzz_text", name, t)
for p in sorted((repo / "tests" / "golden").glob("*.json")):
    if p.name.endswith(".out.json"):
        continue
    doc = json.loads(p.read_text())
    parts = [t["text"] for t in doc.get("history", []) + doc.get("turns", [])]
    if "draft" in doc:
        parts.append(doc["draft"])
    write("fuzz_text", "golden-" + p.stem, "\n".join(parts))

# --- A small classifier (the shape `empathy train` writes), for both model targets ------
classified = json.loads(json.dumps(minimal))
classified["classifier"] = {
    "buckets": 64, "emotionWeight": 0.5,
    "outputs": [{"id": "frustration", "bias": -1.5, "threshold": 0.5, "weights": [3, 2.5, 17, -1, 40, 0.75]},
                {"id": "polite", "bias": -0.5, "threshold": 0.6, "weights": [1, 1.5, 63, 0.25]}],
    "writer": {"polite": {"family": "politeness", "weight": 0.3}},
}
write("fuzz_model", "classifier", json.dumps(classified, indent=1))
write("fuzz_overlay", "classifier", json.dumps({"classifier": classified["classifier"]}))
write("fuzz_overlay", "classifier-bad-bucket", json.dumps({"classifier": {"buckets": 4, "outputs": [{"id": "x", "weights": [9, 1]}]}}))

# --- Dictionaries ------------------------------------------------------------------------
model = json.loads((repo / "core" / "models" / "en.json").read_text())


def keys_of(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            keys_of(v, out)
    elif isinstance(value, list):
        for v in value:
            keys_of(v, out)


def quoted(text):  # a libFuzzer dictionary entry
    return '"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "".join(f"\\x{b:02x}" for b in c.encode())
                         for c in text) + '"'


keys = {"draft", "history", "turns", "role", "text", "time", "customer", "name", "id", "meta", "team", "channel",
        "shift", "agent", "bot", "typing", "shown", "allow"}
keys_of(model, keys)
keys_of(classified, keys)
values = ["emotional-reaction", "interpretation", "exploration", "reassurance", "inclusive", "politeness", "dismissive",
          "scripted", "frustration", "anxiety", "confusion", "sadness", "urgency", "gratitude", "bereavement", "health",
          "financial-hardship", "fraud", "safety", "complaint-escalation", "churn", "warning", "tip", "praise", "none"]
values += [e["id"] for e in model.get("lexicon", [])]
tokens = ["{", "}", "[", "]", ":", ",", '"', "null", "true", "false", "0", "-1", "1e308", "1e400", "-0", "0.5",
          "1732780800000", "8640000000000000", "18446744073709551616", "\\u0000", "\\ud83d", "\\ude21", "\\udc00",
          "\\u2019", '\\"', "\\\\", "\\n", "(", ")", "|", "*", "@intens"]
entries = list(dict.fromkeys(tokens + [f'"{k}"' for k in sorted(keys)] + [f'"{v}"' for v in values]))
(root / "json.dict").write_text("# JSON tokens, and the keys and values of requests, conversations and model files.\n"
                                + "\n".join(quoted(e) for e in entries) + "\n")

words = set()
for e in model.get("lexicon", []):
    for pattern in e["patterns"]:
        for w in pattern.translate(str.maketrans("()[]|", "     ")).split():
            if not w.startswith("@") and w != "*":
                words.add(w.rstrip("*"))
for c in model.get("classes", {}).values():
    words.update(c)
for key in ("negators", "problems", "stopwords", "procedural", "questionWords"):
    words.update(model.get(key, []))
special = ["n't", "'s", "'m", "'re", "'ll", "'ve", "'d", "s'", "’", "‘", "ʼ", "′", "`", "…", "—", "–", "“", "”", "!!",
           "?!", "...", "\r\n", "\n", "😡", "😔", "\xa0", "\u2028", "\ufffd", "\ufe0f", "ŁÓ", "ΑΘ", "МО", "İ", "\x1e"]
(root / "text.dict").write_text("# Words of the default model and the punctuation the text layer treats specially.\n"
                                + "\n".join(quoted(w) for w in sorted(words) + special) + "\n")
