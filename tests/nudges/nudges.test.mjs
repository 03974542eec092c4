// The nudge scenario table and the typing test, through the real wasm module: the same
// file and the same expectations as tests/core/nudge_test.cpp.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { loadScorer } from "../../web/empathy.js";

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

test("while typing, the engine reports the unfinished word it ignored, and reads every other draft whole", () => {
  // The widget scores again on a pause only when the engine reports an unfinished word, so
  // a draft with none must be read whole while typing ("Please calm down…" gets its warning).
  const ends = ["", " ", "\u2026", "\u2014", "\u2013", "\u00BB", "\u201D", "\u2018", "\"", ")", "!", "?", ".", ",", "\u00A0",
    "\u{1F642}", "\u{1F44D}\u{1F3FD}", "\u20AC", "\u00B0", "\uFF01", "`", "\u2032", "a", "\u00E9", "e\u0301", "7", "'", "\u2019", "\u02BC", "\uFF53"];
  let settled = 0;
  let unfinished = 0;
  for (const s of scenarios.slice(0, 20)) {
    for (const end of ends) {
      const draft = s.draft + end;
      const typing = scorer.score({ history: s.history, draft, typing: true });
      const whole = scorer.score({ history: s.history, draft });
      assert.equal(whole.unfinished, undefined, "read whole without typing");
      if (typing.unfinished) {
        unfinished++;
        const { start, length, bytes } = typing.unfinished;
        assert.equal(start + length, draft.length, "the tail runs to the draft's end");
        assert.equal(bytes, Buffer.byteLength(draft.slice(start)));
        assert.match(draft.slice(start), /^[\p{L}\p{M}\p{N}'\u2019\u02BC]+$/u, `${s.name} + ${JSON.stringify(end)}: a word`);
        continue;
      }
      settled++;
      assert.equal(render(typing, draft), render(whole, draft), `${s.name} + ${JSON.stringify(end)}`);
      assert.equal(typing.score, whole.score, `${s.name} + ${JSON.stringify(end)}`);
    }
  }
  assert.ok(settled > 300 && unfinished > 100, `${settled} settled, ${unfinished} unfinished`);
  const calm = scorer.score({ history: [{ role: "customer", text: "This is ridiculous!!" }], draft: "Please calm down\u2026", typing: true });
  assert.equal(calm.unfinished, undefined);
  assert.ok(calm.nudges.some((n) => n.ruleId === "avoid-calm-down"), "the warning shows while typing");
  assert.deepEqual(scorer.score({ draft: "Please calm dow", typing: true }).unfinished, { start: 12, length: 3, bytes: 3 });
  assert.deepEqual(scorer.score({ draft: "Merci 🙂 café", typing: true }).unfinished, { start: 9, length: 4, bytes: 5 });
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
        assert.equal(result.unfinished, undefined, `${s.name}: changed inside a word at "${draft}"`);
        assert.ok(!(list === previous && k - changedAt < 3), `${s.name}: flip-flop at "${draft}"`);
        previous = current;
        changedAt = k;
      }
      current = list;
    }
  }
});
