"""The Python package as an analyst uses it: the same results as the CLI, many at once on
threads, errors that name the field, and a DataFrame per agent turn. Run by ctest with
PYTHONPATH=build/native/python and EMPATHY_CLI set to the CLI binary."""
import json
import os
import subprocess
import threading

import pandas as pd
import pytest

from empathy_coach import COMPONENTS, FAMILIES, Scorer, ScoringError, to_frame

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("EMPATHY_CLI", os.path.join(ROOT, "build", "native", "cli", "empathy"))
SAMPLE = os.path.join(ROOT, "examples", "data", "conversations.jsonl")

REQUEST = {"history": [{"role": "customer", "text": "My dad passed away, can you close his account?"}],
           "draft": "I'm so sorry about your dad. I've closed the account and refunded this month."}


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


@pytest.fixture(scope="module")
def conversations():
    with open(SAMPLE, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()][:200]


def cli(lines):
    out = subprocess.run([CLI, "score", "--jobs", "1"], input="".join(l + "\n" for l in lines),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    return [json.loads(l) for l in out.stdout.splitlines()]


def test_score_is_the_clis_result(scorer):
    r = scorer.score(REQUEST)
    assert r == cli([json.dumps(REQUEST)])[0]
    assert 0 <= r["score"] <= 100 and r["band"] in ("low", "fair", "good")
    assert "bereavement" in r["customer"]["risk"]
    assert set(r["families"]) == set(FAMILIES) and set(r["components"]) == set(COMPONENTS)


def test_json_text_is_accepted_too(scorer):
    assert scorer.score(json.dumps(REQUEST)) == scorer.score(REQUEST)


def test_score_conversation_is_the_clis_result(scorer, conversations):
    c = conversations[3]
    r = scorer.score_conversation(c)
    assert r == cli([json.dumps(c)])[0]
    assert r["id"] == c["id"] and r["turns"] and "flags" in r


def test_score_many_in_order_on_threads(scorer, conversations):
    items = conversations + [REQUEST]
    many = list(scorer.score_many(items, jobs=2, chunk=37))
    assert len(many) == len(items)
    assert many == [scorer.score_conversation(c) for c in conversations] + [scorer.score(REQUEST)]
    assert many == cli([json.dumps(x) for x in items])
    assert list(scorer.score_many(iter(items), jobs=1)) == many  # any iterable, any jobs
    texts = list(scorer.score_many(items, as_json=True))  # the CLI's bytes, unparsed
    cli_out = subprocess.run([CLI, "score", "--jobs", "1"], input="".join(json.dumps(x) + "\n" for x in items),
                             stdout=subprocess.PIPE, text=True, check=False).stdout.splitlines()
    assert texts == cli_out


def test_score_many_streams_a_generator(scorer):
    def gen():
        for i in range(10_000):
            yield {"history": [], "draft": "Thanks for waiting, order %d ships today." % i}
    n = sum(1 for _ in scorer.score_many(gen(), chunk=1000))
    assert n == 10_000


def test_score_many_releases_the_gil(scorer, conversations):
    # While score_many runs, another Python thread keeps running.
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)
    t = threading.Thread(target=tick)
    t.start()
    try:
        list(scorer.score_many(conversations * 5, jobs=1, chunk=10_000))
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 5


def test_errors_name_the_field(scorer):
    with pytest.raises(ScoringError, match=r"draft: expected a string"):
        scorer.score({"history": [], "draft": 42})
    with pytest.raises(ScoringError, match=r"history\[0\]\.role"):
        scorer.score({"history": [{"role": "boss", "text": "hi"}], "draft": "hello"})
    with pytest.raises(ScoringError, match="not valid JSON"):
        scorer.score("{not json")
    with pytest.raises(ScoringError, match="expected a conversation, got a request"):
        scorer.score_conversation(REQUEST)
    with pytest.raises(ScoringError, match="expected a request, got a conversation"):
        scorer.score({"id": "c", "turns": [{"role": "customer", "text": "hi"}]})
    with pytest.raises(TypeError, match="expected a dict"):
        scorer.score(42)
    with pytest.raises(ScoringError) as e:
        list(scorer.score_many([REQUEST, REQUEST, {"draft": None}], jobs=2))
    assert e.value.index == 2 and str(e.value).startswith("item 2: draft")
    with pytest.raises(ValueError, match="jobs"):
        list(scorer.score_many([REQUEST], jobs=0))


def test_models_and_overlays(tmp_path):
    overlay = {"nudges": {"avoid-calm-down": {"message": "Sans 'calme-toi', s'il vous plaît."}}}
    calm = {"history": [{"role": "customer", "text": "I am furious"}], "draft": "Calm down."}
    r = Scorer(overlay=overlay).score(calm)
    assert any(n["message"].startswith("Sans") for n in r["nudges"])
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps(overlay))
    assert Scorer(overlay=str(path)).score(calm) == r
    with pytest.raises(ValueError, match="model: "):
        Scorer(model={"version": 1})
    with pytest.raises(ValueError, match="cannot read model file"):
        Scorer(model=str(tmp_path / "missing.json"))


def test_to_frame_one_row_per_agent_turn(scorer, conversations):
    results = list(scorer.score_many(conversations))
    frame = to_frame(results)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == sum(len(r["turns"]) for r in results)
    for col in ["conversation", "team", "shift", "channel", "turn", "score", "band", "needsEmpathy", "language",
                "flags", "conversationScore", *COMPONENTS, *FAMILIES, "emotional-reaction.probability"]:
        assert col in frame.columns, col
    first = results[0]
    rows = frame[frame.conversation == first["id"]]
    assert list(rows.score) == [t["score"] for t in first["turns"]]
    assert list(rows.language) == [t["language"] for t in first["turns"]]
    assert rows.team.iloc[0] == first["meta"]["team"]
    # The team means an analyst computes agree with empathy report's.
    per_conversation = frame.drop_duplicates("conversation")
    means = per_conversation.groupby("team").conversationScore.mean().round(1).to_dict()
    report = subprocess.run([CLI, "report", "--by", "team", "--format", "json"],
                            input="".join(json.dumps(r) + "\n" for r in results),
                            stdout=subprocess.PIPE, text=True, check=True)
    groups = json.loads(report.stdout)["groups"]
    assert means == {g["key"]["team"]: g["mean"] for g in groups}
    single = to_frame([scorer.score(REQUEST)])
    assert len(single) == 1 and single.score.iloc[0] == scorer.score(REQUEST)["score"]


def test_another_language_is_not_scored_and_stays_apart_in_frames(scorer):
    italian = {"id": "it-1", "meta": {"team": "milano"}, "turns": [
        {"role": "customer", "text": "Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa!!"},
        {"role": "agent", "text": "Mi dispiace molto, ho già rimborsato l'addebito doppio."}]}
    r = scorer.score_conversation(italian)
    assert (r["supported"], r["score"], r["language"]) == (False, None, "it")
    frame = to_frame([r])
    assert frame["score"].isna().all() and list(frame["language"]) == ["it"]
    one = scorer.score({"history": [], "draft": "Mi dispiace molto, ho già rimborsato il doppio addebito."})
    assert (one["supported"], one["score"], one["language"], one["nudges"]) == (False, None, "it", [])


SPANISH = {"history": [{"role": "customer", "text": "Me han cobrado dos veces y nadie me ayuda, estoy harta!!"}],
           "draft": "Lo siento mucho, entiendo lo frustrante que es. Ya he devuelto el cargo duplicado."}


def test_the_built_in_language_packs_score_their_languages_as_the_cli_does(scorer):
    assert scorer.languages == ["en", "es", "fr", "de", "pt"]
    r = scorer.score(SPANISH)
    assert (r["supported"], r["language"]) == (True, "es") and 0 <= r["score"] <= 100
    assert r == cli([json.dumps(SPANISH)])[0]
    assert Scorer(packs=False).languages == ["en"]
    assert Scorer(packs=False).score(SPANISH)["supported"] is False
    # A pack given by path (or as a dict) is used instead of the built-in ones.
    only_es = Scorer(packs=[os.path.join(ROOT, "core", "models", "es.json")])
    assert only_es.languages == ["en", "es"] and only_es.score(SPANISH) == r
    with pytest.raises(ValueError, match=r"packs\[0\]: .*version"):
        Scorer(packs=[{"language": "es"}])
