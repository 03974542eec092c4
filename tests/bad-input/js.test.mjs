// The bad-input table through the JS API (web/empathy.js on the real wasm build, in
// Node): score() with objects, scoreJson() with JSON text. Every call returns a result or
// an {error} and never throws; after each one the scorer still gives the same bytes for
// a canary request (nothing corrupted the wasm memory). Big inputs run in a worker
// thread so that a call that never returns can be stopped.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BIG_HISTORY, LIMITS, PARAGRAPH, bigEarlierTurn, casesFor, check, lineOf, manyTurns } from "./cases.mjs";
import { inWorker, seconds, tempDir } from "./helpers.mjs";
import { readFileSync } from "node:fs";
import { loadScorer } from "../../web/empathy.js";

const CANARY = JSON.stringify({
  history: [{ role: "customer", text: "I was charged twice and I'm really annoyed!!" }],
  draft: "I'm so sorry about the double charge. I'll refund it today.",
});

let scorer;
let canary;
let tmp;

before(async () => {
  scorer = await loadScorer();
  canary = scorer.scoreJson(CANARY);
  tmp = await tempDir();
});
after(async () => {
  scorer?.dispose();
  await tmp?.remove();
});

function assertCanary() {
  assert.equal(scorer.scoreJson(CANARY), canary, "the scorer gives the same result as before the bad input");
}

describe("the bad-input table through score(object)", () => {
  for (const c of casesFor("js")) {
    test(c.name, () => {
      let out;
      assert.doesNotThrow(() => {
        out = "turns" in c.request && !("draft" in c.request) ? scorer.scoreConversation(c.request) : scorer.score(c.request);
      });
      const turns = Array.isArray(c.request.turns) ? c.request.turns.map((t) => t?.text) : undefined;
      assert.equal(check(c, out, { draftText: c.request.draft, turnTexts: turns }), null);
      assertCanary();
    });
  }
});

describe("the bad-input table through scoreJson(text)", () => {
  for (const c of casesFor("scoreJson")) {
    if (Buffer.isBuffer(c.line)) continue; // raw bytes: the CLI's part
    test(c.name, () => {
      let text;
      assert.doesNotThrow(() => {
        text = scorer.scoreJson(lineOf(c));
      });
      const out = JSON.parse(text);
      const turns = Array.isArray(c.request?.turns) ? c.request.turns.map((t) => t?.text) : undefined;
      assert.equal(check(c, out, { draftText: c.request?.draft, turnTexts: turns, asText: true }), null);
      if ("error" in out) assert.deepEqual(Object.keys(out), ["error"], "no line number outside the CLI");
      assertCanary();
    });
  }
});

describe("values that are not requests", () => {
  const throwing = {};
  Object.defineProperty(throwing, "draft", { enumerable: true, get() { throw new Error("getter exploded"); } });
  const cyclicHistory = [{ role: "customer", text: "hi" }];
  cyclicHistory.push(cyclicHistory);
  /** [name, value, expected: "result" or RegExp for the error] */
  const values = [
    ["undefined", undefined, /expected a request object/],
    ["null", null, /expected a JSON object/],
    ["a number", 5, /expected a JSON object/],
    ["a string", "I'm sorry", /expected a JSON object/],
    ["an array", [{ draft: "x" }], /expected a JSON object/],
    ["a function", () => "x", /expected a request object/],
    ["a symbol", Symbol("x"), /expected a request object/],
    ["a BigInt time", { draft: "x", time: 10n }, /not serialisable/],
    ["a getter that throws", throwing, /not serialisable: getter exploded/],
    ["a cyclic history", { draft: "x", history: cyclicHistory }, /not serialisable/],
    ["a request nested 100,000 levels deep", { draft: "x", extra: deepObject(100_000) }, /not serialisable|nested deeper/],
    ["an object without a prototype", Object.assign(Object.create(null), { draft: "thanks!" }), "result"],
    ["a String object as draft", { draft: new String("so sorry") }, "result"],
    ["a Date as time", { draft: "x", time: new Date(0) }, /^time: expected milliseconds/],
    ["toJSON that returns a request", { toJSON: () => ({ draft: "thank you" }) }, "result"],
    ["a Proxy", new Proxy({ draft: "sorry" }, {}), "result"],
    ["Infinity as time (JSON null)", { draft: "x", time: Infinity }, "result"],
    ["a sparse history", { draft: "x", history: [, { role: "customer", text: "hi" }] }, /^history\[0\]: expected an object/], // eslint-disable-line no-sparse-arrays -- the hole is the case
  ];
  for (const [name, value, expected] of values) {
    test(name, () => {
      let out;
      assert.doesNotThrow(() => {
        out = scorer.score(value);
      });
      if (expected === "result") assert.equal(out.error, undefined, out.error);
      else assert.match(out.error ?? "(a result)", expected);
      assertCanary();
    });
  }
  test("scoreJson of values that are not strings", () => {
    for (const value of [undefined, null, 42, {}, [], Symbol.iterator]) {
      let text;
      try {
        text = scorer.scoreJson(value);
      } catch (error) {
        // String(Symbol) throws a TypeError before the wasm is called: acceptable.
        assert.equal(typeof value, "symbol", `scoreJson(${String(typeof value)}) threw ${error}`);
        continue;
      }
      assert.ok("error" in JSON.parse(text), `scoreJson(${typeof value})`);
    }
    assertCanary();
  });
});

function deepObject(depth) {
  let v = {};
  for (let i = 0; i < depth; i++) v = { v };
  return v;
}

describe("big inputs take bounded, linear time (in a worker)", () => {
  const times = {};
  const scoreBig = (s, { bytes, paragraph, history }) => {
    const draft = paragraph.repeat(Math.max(1, Math.round(bytes / Buffer.byteLength(paragraph))));
    const r = s.score({ history, draft });
    if (r.error) throw new Error(r.error);
    return { score: r.score, behaviors: r.behaviors.length };
  };

  test("a 1 MB draft", async (t) => {
    const r = await inWorker(scoreBig, { bytes: 1_000_000, paragraph: PARAGRAPH, history: BIG_HISTORY }, { timeout: LIMITS.oneMegabyte });
    assert.ok(!r.timedOut, `a 1 MB draft took longer than ${seconds(LIMITS.oneMegabyte)}`);
    assert.equal(r.error, undefined);
    times.one = r.ms;
    t.diagnostic(`JS (wasm in Node), 1 MB draft: ${seconds(r.ms)}, ${r.value.behaviors} behaviours`);
  });

  test("a 10 MB draft, in less than 15x the time of 1 MB", async (t) => {
    if (times.one === undefined) return t.skip("the 1 MB draft failed");
    const limit = Math.min(LIMITS.tenMegabytes, Math.max(15_000, LIMITS.ratio * times.one + 2_000));
    const r = await inWorker(scoreBig, { bytes: 10_000_000, paragraph: PARAGRAPH, history: BIG_HISTORY }, { timeout: limit });
    assert.ok(!r.timedOut, `a 10 MB draft took longer than ${seconds(limit)}`);
    assert.equal(r.error, undefined);
    t.diagnostic(`JS (wasm in Node), 10 MB draft: ${seconds(r.ms)} (${(r.ms / times.one).toFixed(1)}x the 1 MB draft)`);
    assert.ok(r.ms < LIMITS.ratio * times.one + 1000);
  });

  test("a 1 MB earlier agent turn and a 1 MB draft", async (t) => {
    const r = await inWorker((s, request) => {
      const out = s.score(request);
      if (out.error) throw new Error(out.error);
      return out.score;
    }, bigEarlierTurn(), { timeout: LIMITS.bigEarlierTurn });
    assert.ok(!r.timedOut, `took longer than ${seconds(LIMITS.bigEarlierTurn)}`);
    assert.equal(r.error, undefined);
    t.diagnostic(`JS (wasm in Node), 1 MB earlier agent turn + 1 MB draft: ${seconds(r.ms)}`);
  });

  test("10,000 turns of history", async (t) => {
    const r = await inWorker((s, { turns }) => {
      const out = s.score({ history: turns, draft: "I'm so sorry about the refund, I'll fix it today." });
      if (out.error) throw new Error(out.error);
      return out.customer.emotions.length;
    }, { turns: manyTurns(10_000) }, { timeout: LIMITS.manyTurns });
    assert.ok(!r.timedOut, "timed out");
    assert.equal(r.error, undefined);
    assert.ok(r.value > 0);
    t.diagnostic(`JS (wasm in Node), 10,000 turns of history: ${seconds(r.ms)}`);
  });

  test("a conversation of 10,000 turns", async (t) => {
    const r = await inWorker((s, { turns }) => {
      const out = s.scoreConversation({ id: "long", turns });
      if (out.error) throw new Error(out.error);
      return out.turns.length;
    }, { turns: manyTurns(10_000) }, { timeout: LIMITS.manyTurns });
    assert.ok(!r.timedOut, "timed out");
    assert.equal(r.error, undefined);
    assert.equal(r.value, 5_000);
    t.diagnostic(`JS (wasm in Node), a 10,000-turn conversation: ${seconds(r.ms)}`);
  });

  test("100,000 short bad requests in a row leave the scorer working", async (t) => {
    const r = await inWorker((s) => {
      const good = JSON.stringify({ draft: "I'm so sorry about that." });
      const first = s.scoreJson(good);
      const bad = ['{"draft": 5}', "{", '{"draft": "x", "history": [{"role": "boss", "text": "x"}]}', "[".repeat(70)];
      for (let i = 0; i < 100_000; i++) s.scoreJson(bad[i % bad.length]);
      return s.scoreJson(good) === first;
    }, {}, { timeout: 30_000 });
    assert.equal(r.error, undefined);
    assert.equal(r.value, true);
    t.diagnostic(`100,000 bad requests: ${seconds(r.ms)}`);
  });
});

describe("a malformed model is refused with the key (and the path of a file)", () => {
  /** [name, options for setModel, message] */
  const bad = [
    ["thresholds of the wrong type", { model: { version: 1, language: "en", thresholds: 5 } }, /model: thresholds: expected an object/],
    ["model JSON text that is cut off", { model: '{"version": 1,' }, /model: not valid JSON/],
    ["an overlay with a bad threshold", { overlay: { thresholds: { customerDecay: 2 } } }, /thresholds\.customerDecay: expected a number from 0 to 1/],
    ["an overlay with an unbalanced pattern", { overlay: { lexicon: [{ id: "x", family: "politeness", patterns: ["(a|b"] }] } },
      /lexicon\[0\]\.patterns\[0\]: "\(a\|b" missing '\)'/],
    ["an overlay that is an array", { overlay: "[1]" }, /./],
  ];
  for (const [name, options, message] of bad) {
    test(name, async () => {
      await assert.rejects(scorer.setModel(options), (error) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /^empathy-coach: /);
        assert.match(error.message, message);
        return true;
      });
      assertCanary(); // the previous model keeps working
    });
  }

  test("a malformed model file: the error names the path and the key", async () => {
    const file = tmp.file("broken-model.json");
    await tmp.write("broken-model.json", '{"version": 1, "language": "en", "thresholds": 5}');
    await assert.rejects(loadScorer({ model: file }), (error) => {
      assert.match(error.message, /thresholds: expected an object/);
      assert.ok(error.message.includes(file), `the message names the file: ${error.message}`);
      return true;
    });
  });

  // These two run in a worker: when they fail they can leave the wasm instance broken.
  const deepModel = async (s, { overlay, times }) => {
    const canaryText = JSON.stringify({ draft: "I'm so sorry about the double charge." });
    const before = s.scoreJson(canaryText);
    const errors = [];
    for (let i = 0; i < times; i++) {
      try {
        await s.setModel({ overlay });
        errors.push("loaded");
      } catch (error) {
        errors.push(`${error.name}: ${error.message.slice(0, 100)}`);
      }
    }
    let after;
    try {
      after = s.scoreJson(canaryText) === before ? "same" : "different";
    } catch (error) {
      after = `threw ${error}`;
    }
    return { errors, after };
  };

  test("an overlay nested 200,000 levels deep, 20 times: refused with an Error each time, and the scorer still works", async () => {
    const overlay = '{"a":'.repeat(200_000) + "1" + "}".repeat(200_000);
    const r = await inWorker(deepModel, { overlay, times: 20 }, { timeout: 30_000 });
    assert.equal(r.error, undefined);
    const { errors, after } = r.value;
    const wrong = errors.filter((e) => !/^Error: empathy-coach: (overlay|model): /.test(e));
    assert.deepEqual([...new Set(wrong)], [], "every attempt is refused with an Error from the model loader");
    assert.equal(after, "same", "the scorer still gives the same result");
  });

  test("a pattern nested 20,000 parentheses deep, 20 times: refused with an Error each time, and the scorer still works", async () => {
    const overlay = { lexicon: [{ id: "x", family: "politeness", patterns: ["(".repeat(20_000) + "a" + ")".repeat(20_000)] }] };
    const r = await inWorker(deepModel, { overlay, times: 20 }, { timeout: 30_000 });
    assert.equal(r.error, undefined);
    const { errors, after } = r.value;
    const wrong = errors.filter((e) => !/^Error: empathy-coach: model: lexicon\[0\]\.patterns\[0\]: /.test(e));
    assert.deepEqual([...new Set(wrong)], [], "every attempt is refused with an Error naming the pattern");
    assert.equal(after, "same", "the scorer still gives the same result");
  });

  test("a classifier of 4M buckets x 600 outputs (10 GB of weights): refused with an Error naming the key", async () => {
    const model = JSON.parse(readFileSync(new URL("../../core/models/en.json", import.meta.url), "utf8"));
    model.classifier = { buckets: 4_194_304, outputs: Array.from({ length: 600 }, (_, i) => ({ id: `o${i}`, weights: [] })) };
    const r = await inWorker(deepModel, { overlay: { classifier: model.classifier }, times: 3 }, { timeout: 30_000 });
    assert.equal(r.error, undefined);
    const wrong = r.value.errors.filter((e) => !/^Error: empathy-coach: model: classifier/.test(e));
    assert.deepEqual([...new Set(wrong)], [], "refused with an Error naming the classifier");
    assert.equal(r.value.after, "same");
  });
});
