"""empathy-coach for Python: the same C++ engine as the CLI and the browser.

    from empathy_coach import Scorer, to_frame
    scorer = Scorer()
    scorer.score({"history": [{"role": "customer", "text": "My order never arrived!!"}],
                  "draft": "I'm sorry it hasn't arrived. Let me check where it is."})["score"]
    frame = to_frame(scorer.score_many(conversations))  # one row per agent turn

Results are plain dicts, identical to `empathy score`'s JSON (the JSON contract in the
README). A request or conversation that cannot be scored raises ScoringError, whose
message names the field.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Optional, Union

from . import _core

__all__ = ["Scorer", "ScoringError", "to_frame", "FAMILIES", "COMPONENTS"]

FAMILIES = ("emotional-reaction", "interpretation", "exploration", "reassurance",
            "inclusive", "politeness", "dismissive", "scripted")
COMPONENTS = ("activeListening", "emotionalRecognition", "supportiveResponses", "genuineTone")

Item = Union[Mapping[str, Any], str]


class ScoringError(ValueError):
    """An input that cannot be scored. message names the field ("draft: expected a
    string"); index is the item's position in score_many (None for score())."""

    def __init__(self, message: str, index: Optional[int] = None):
        self.message = message
        self.index = index
        super().__init__(message if index is None else "item %d: %s" % (index, message))


def _text(item: Item) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        return json.dumps(item, ensure_ascii=False)
    raise TypeError("expected a dict (a request or a conversation) or its JSON text, got %s"
                    % type(item).__name__)


def _read(source: Union[str, os.PathLike, Mapping[str, Any], None], what: str) -> str:
    if source is None:
        return ""
    if isinstance(source, Mapping):
        return json.dumps(source, ensure_ascii=False)
    try:
        with open(source, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise ValueError("cannot read %s file %s: %s" % (what, os.fspath(source), e.strerror)) from None


class Scorer:
    """Loads a model once (the built-in English model, or model=, a path or a dict, with
    overlay= merged over it) and the language packs beside it (packs=True: the built-in
    Spanish, French, German and Portuguese ones; False: none; or a list of pack paths or
    dicts), and scores with them: a reply clearly in a pack's language, or after a
    customer clearly writing it, is scored by that pack. Safe to share between threads."""

    def __init__(self, model: Union[str, os.PathLike, Mapping[str, Any], None] = None,
                 overlay: Union[str, os.PathLike, Mapping[str, Any], None] = None,
                 packs: Union[bool, Iterable[Union[str, os.PathLike, Mapping[str, Any]]]] = True):
        if packs is True:
            pack_json = None
        elif packs is False:
            pack_json = []
        else:
            pack_json = [_read(p, "pack") for p in packs]
        self._core = _core.Scorer(_read(model, "model"), _read(overlay, "overlay"), pack_json)

    @property
    def languages(self) -> list:
        """The languages it scores: the model's, then each pack's (ISO 639-1 codes)."""
        return self._core.languages

    def _one(self, item: Item, kind: str) -> dict:
        text = _text(item)
        ok, out = self._core.score(text)
        result = json.loads(out)
        if not ok:
            raise ScoringError(result.get("error", "cannot be scored"))
        if ("flags" in result) != (kind == "conversation"):
            raise ScoringError("expected a %s, got a %s" % (
                kind, "conversation" if "flags" in result else "request"))
        return result

    def score(self, request: Item) -> dict:
        """One draft reply in the context of the history: {"history": [...], "draft": "..."}."""
        return self._one(request, "request")

    def score_conversation(self, conversation: Item) -> dict:
        """A whole conversation: {"id", "meta", "turns": [...]}, each agent turn scored."""
        return self._one(conversation, "conversation")

    def score_many(self, items: Iterable[Item], jobs: Optional[int] = None,
                   chunk: int = 4096, as_json: bool = False) -> Iterator[Any]:
        """Requests and conversations (dicts or their JSON text), scored on jobs threads
        (default: every core) with the GIL released, yielded in input order. Reads items
        chunk at a time, so an iterable longer than memory streams. Raises ScoringError
        (with .index) at the first item that cannot be scored. as_json: yield each result
        as the JSON text the CLI prints, unparsed (for writing results out)."""
        if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
            raise ValueError("jobs: expected a whole number of at least 1, got %r" % (jobs,))
        if not isinstance(chunk, int) or chunk < 1:
            raise ValueError("chunk: expected a whole number of at least 1, got %r" % (chunk,))
        batch: list[str] = []
        start = 0
        for item in items:
            batch.append(_text(item))
            if len(batch) >= chunk:
                yield from self._batch(batch, start, jobs or 0, as_json)
                start += len(batch)
                batch = []
        if batch:
            yield from self._batch(batch, start, jobs or 0, as_json)

    def _batch(self, texts: list, start: int, jobs: int, as_json: bool) -> Iterator[Any]:
        for i, (ok, out) in enumerate(self._core.score_many(texts, jobs)):
            if not ok:
                raise ScoringError(json.loads(out).get("error", "cannot be scored"), start + i)
            yield out if as_json else json.loads(out)


def _turn_rows(result: Mapping[str, Any], meta_keys: Iterable[str]) -> Iterator[dict]:
    meta = result.get("meta") or {}
    base = {"conversation": result.get("id")}
    for k in meta_keys:
        base[k] = meta.get(k)
    base["conversationScore"] = result.get("score")
    base["conversationBand"] = result.get("band")
    base["flags"] = ",".join(result.get("flags") or [])
    for turn in result.get("turns") or []:
        row = dict(base)
        row["turn"] = turn.get("index")
        row.update(_result_columns(turn))
        yield row


def _result_columns(r: Mapping[str, Any]) -> dict:
    row = {"score": r.get("score"), "band": r.get("band"), "needsEmpathy": r.get("needsEmpathy"),
           "language": r.get("language")}
    components = r.get("components") or {}
    for c in COMPONENTS:
        row[c] = components.get(c)
    families = r.get("families") or {}
    for f in FAMILIES:
        fam = families.get(f) or {}
        row[f] = fam.get("level")
        row[f + ".probability"] = fam.get("probability")
    customer = r.get("customer") or {}
    row["risk"] = ",".join(customer.get("risk") or [])
    row["emotions"] = ",".join(e.get("id", "") for e in customer.get("emotions") or [])
    row["nudges"] = ",".join(n.get("ruleId", "") for n in r.get("nudges") or [])
    return row


def to_frame(results: Iterable[Mapping[str, Any]], meta: Optional[Iterable[str]] = None):
    """A pandas DataFrame of results: one row per agent turn of each conversation result
    (conversation id, its meta columns, its score, band and flags, then the turn's score,
    band, needsEmpathy, language, components, family levels and probabilities, risk, emotions and
    nudge ids), and one row per request result. meta: the meta keys to keep as columns
    (default: every key seen)."""
    import pandas as pd

    results = list(results)
    keys = list(meta) if meta is not None else sorted(
        {k for r in results for k in (r.get("meta") or {})})
    rows = []
    for r in results:
        if "turns" in r and "flags" in r:
            rows.extend(_turn_rows(r, keys))
        elif "error" in r:
            raise ScoringError(r["error"])
        else:
            rows.append(_result_columns(r))
    return pd.DataFrame(rows)
