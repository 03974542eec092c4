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

test("typing one character at a time changes nudges only at word ends, without flip-flops", () => {
  const wordChar = /[\p{L}\p{N}'\u2019]/u;
  for (const s of scenarios) {
    let current = "", previous = "", changedAt = 0, shown = [];
    const chars = Array.from(s.draft);
    for (let k = 1; k <= chars.length; k++) {
      const draft = chars.slice(0, k).join("");
      const result = scorer.score({ history: s.history, draft, typing: true, shown });
      shown = result.nudges.map((n) => n.ruleId);
      const list = render(result, draft, false);
      if (k > 1 && list !== current) {
        assert.ok(!wordChar.test(chars[k - 1]), `${s.name}: changed inside a word at "${draft}"`);
        assert.ok(!(list === previous && k - changedAt < 3), `${s.name}: flip-flop at "${draft}"`);
        previous = current;
        changedAt = k;
      }
      current = list;
    }
  }
});
