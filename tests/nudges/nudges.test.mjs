// The nudge scenario table and the typing test, through the real wasm module: the same
// file and the same expectations as tests/core/nudge_test.cpp.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { loadScorer } from "../../web/empathy.js";
import { endsInWord } from "../../web/widget.js";

const scorer = await loadScorer();
const text = await readFile(new URL("../data/nudge-scenarios.txt", import.meta.url), "utf8");

function readScenarios() {
  const scenarios = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const name = /^\[(.*)\]$/.exec(line);
    if (name) {
      scenarios.push({ name: name[1], history: [], draft: "", expect: "" });
      continue;
    }
    const [, key, value = ""] = /^(\w+):(?: (.*))?$/.exec(line);
    const s = scenarios.at(-1);
    if (key === "customer" || key === "agent") s.history.push({ role: key, text: value });
    else if (key === "draft") s.draft = value;
    else if (key === "expect") s.expect = value;
  }
  return scenarios;
}

const render = (result, draft, spans = true) =>
  result.nudges.map((n) => `${n.kind} ${n.ruleId}` + (spans && n.start !== null ? ` "${draft.slice(n.start, n.end)}"` : ""))
    .join(" | ") || "(none)";

const scenarios = readScenarios();

test("the table has at least 60 scenarios", () => assert.ok(scenarios.length >= 60));

test("every scenario gives exactly the nudges expected", () => {
  for (const s of scenarios) {
    const result = scorer.score({ history: s.history, draft: s.draft });
    assert.equal(render(result, s.draft), s.expect, s.name);
  }
});

test("the widget and the engine draw the same line between an unfinished word and a settled draft", () => {
  // A draft the widget takes as settled (endsInWord false) is never scored again without
  // `typing`, so the engine must read it whole while typing.
  const ends = ["", " ", "\u2026", "\u2014", "\u2013", "\u00BB", "\u201D", "\u2018", "\"", ")", "!", "?", ".", ",", "\u00A0",
    "\u{1F642}", "\u{1F44D}\u{1F3FD}", "\u20AC", "\u00B0", "\uFF01", "`", "\u2032", "a", "\u00E9", "e\u0301", "7", "'", "\u2019", "\u02BC", "\uFF53"];
  let settled = 0;
  for (const s of scenarios.slice(0, 20)) {
    for (const end of ends) {
      const draft = s.draft + end;
      if (endsInWord(draft)) continue;
      settled++;
      const typing = scorer.score({ history: s.history, draft, typing: true });
      const whole = scorer.score({ history: s.history, draft });
      assert.equal(render(typing, draft), render(whole, draft), `${s.name} + ${JSON.stringify(end)}`);
      assert.equal(typing.score, whole.score, `${s.name} + ${JSON.stringify(end)}`);
    }
  }
  assert.ok(settled > 300, settled);
  assert.equal(endsInWord("Please calm down\u2026"), false);
  assert.equal(endsInWord("Please calm dow"), true);
});

test("typing one character at a time changes nudges only at word ends, without flip-flops", () => {
  for (const s of scenarios) {
    let current = "", previous = "", changedAt = 0, shown = [];
    const chars = Array.from(s.draft);
    for (let k = 1; k <= chars.length; k++) {
      const draft = chars.slice(0, k).join("");
      const result = scorer.score({ history: s.history, draft, typing: true, shown });
      shown = result.nudges.map((n) => n.ruleId);
      const list = render(result, draft, false);
      if (k > 1 && list !== current) {
        assert.ok(!endsInWord(draft), `${s.name}: changed inside a word at "${draft}"`);
        assert.ok(!(list === previous && k - changedAt < 3), `${s.name}: flip-flop at "${draft}"`);
        previous = current;
        changedAt = k;
      }
      current = list;
    }
  }
});
