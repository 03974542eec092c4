"""The language packs (core/models/<code>.json) against the English model's structure,
the download budget, their hand-written cases (tests/packs/<code>.jsonl) and the CLI.

Run by ctest (packs.structure) with EMPATHY_CLI set to the built `empathy` binary.
"""
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "core" / "models"
PACKS = [code for code in ("es", "fr", "de", "pt") if (MODELS / f"{code}.json").exists()]
CLI = os.environ.get("EMPATHY_CLI", str(ROOT / "build" / "native" / "cli" / "empathy"))
BUDGET = 120_000  # bytes gzipped, as the browser fetches it (compact, without notes)
EN = json.loads((MODELS / "en.json").read_text(encoding="utf-8"))

sys.path.insert(0, str(Path(__file__).parent))
import check_cases  # noqa: E402


def load(code):
    return json.loads((MODELS / f"{code}.json").read_text(encoding="utf-8"))


def test_every_language_has_a_pack():
    assert PACKS == ["es", "fr", "de", "pt"]


@pytest.mark.parametrize("code", PACKS)
def test_a_pack_has_the_english_models_entries_and_nudges_in_its_own_words(code):
    pack = load(code)
    assert pack["language"] == code
    assert [e["id"] for e in pack["lexicon"]] == [e["id"] for e in EN["lexicon"]]
    for mine, en in zip(pack["lexicon"], EN["lexicon"]):
        for key in ("side", "family", "polarity", "emotion", "risk", "signal"):
            assert mine.get(key) == en.get(key), (mine["id"], key)
        assert mine["patterns"], mine["id"]
    assert list(pack["nudges"]) == list(EN["nudges"])
    for rule, en in EN["nudges"].items():
        mine = pack["nudges"][rule]
        for key in ("kind", "family", "priority", "group", "when"):
            assert mine.get(key) == en.get(key), (rule, key)
        assert mine["message"] != en["message"], rule
        assert ("{span}" in mine["message"]) == ("{span}" in en["message"]), rule
        assert (mine["suggestion"] is None) == (en["suggestion"] is None), rule
    assert pack["addressWords"] and pack["negators"] and pack["stopwords"]
    # Trained: the learned judgement and language identification are there.
    assert pack["learned"]["score"]["weights"] and pack["languageId"]["languages"][code]


@pytest.mark.parametrize("code", PACKS)
def test_a_pack_fits_its_download_budget(code, tmp_path):
    # As the browser fetches it: written by core/embed_model.cmake (no layout, no notes).
    shipped = tmp_path / f"{code}.json"
    subprocess.run(["cmake", f"-DINPUT={MODELS / f'{code}.json'}", f"-DOUTPUT={shipped}", "-DMODE=json",
                    "-P", str(ROOT / "core" / "embed_model.cmake")], check=True)
    compact = shipped.read_text(encoding="utf-8")
    size = len(gzip.compress(compact.encode("utf-8"), 9))
    assert size <= BUDGET, f"{code}: {size} bytes gzipped > {BUDGET}"


@pytest.mark.parametrize("code", PACKS)
def test_a_pack_passes_its_hand_written_cases(code, capsys):
    cases = ROOT / "tests" / "packs" / f"{code}.jsonl"
    assert cases.exists()
    sys.argv = ["check_cases.py", "--empathy", CLI, str(MODELS / f"{code}.json"), str(cases)]
    status = check_cases.main()
    out = capsys.readouterr().out
    assert status == 0, out
    passed, total, known = map(int, re.search(r"(\d+) of (\d+) cases pass, (\d+) known misses", out).groups())
    assert total >= 50 and known <= total // 20, out  # at most one case in twenty a known miss


@pytest.mark.parametrize("code,customer,draft", [
    ("es", "Me han cobrado dos veces y nadie me ayuda, estoy harta!!", "Lo siento mucho, entiendo lo frustrante que es. Ya he devuelto el cargo duplicado."),
    ("fr", "On m'a débité deux fois et personne ne m'aide, j'en ai marre !!", "Je suis vraiment désolé, je comprends à quel point c'est agaçant. J'ai déjà remboursé le prélèvement en double."),
    ("de", "Mir wurde zweimal abgebucht und niemand hilft mir, ich habe die Nase voll!!", "Das tut mir wirklich leid, ich verstehe, wie ärgerlich das ist. Ich habe die doppelte Abbuchung bereits erstattet."),
    ("pt", "Fui cobrada duas vezes e ninguém me ajuda, estou farta!!", "Lamento muito, entendo como isso é frustrante. Já estornei a cobrança em duplicado."),
])
def test_the_cli_scores_each_language_with_its_built_in_pack(code, customer, draft):
    if code not in PACKS:
        pytest.skip(f"no {code} pack")
    request = {"history": [{"role": "customer", "text": customer}], "draft": draft}
    cold = {"history": [{"role": "customer", "text": customer}], "draft": draft.split(". ")[-1]}
    run = subprocess.run([CLI, "score"], input=(json.dumps(request) + "\n" + json.dumps(cold) + "\n").encode(),
                         capture_output=True, check=True)
    warm, plain = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert (warm["language"], warm["supported"], warm["customer"]["language"]) == (code, True, code)
    assert warm["customer"]["needsEmpathy"] is True
    assert warm["score"] > plain["score"], (warm["score"], plain["score"])
    # Without packs the same request is honestly not scored.
    run = subprocess.run([CLI, "score", "--packs", "none"], input=(json.dumps(request) + "\n").encode(),
                         capture_output=True, check=True)
    assert json.loads(run.stdout)["supported"] is False
