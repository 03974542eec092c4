// The bad-input table through the native CLI (build/native/cli/empathy): every line gets
// its result or its {"error", "line"} in place, nothing is lost, big inputs take linear
// time, and a malformed model file is refused with its path and the key.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BIG_HISTORY, LIMITS, bigDraft, bigEarlierTurn, casesFor, check, lineOf, manyTurns } from "./cases.mjs";
import { ASAN_CLI, CLI, HAVE_ASAN_CLI, HAVE_CLI, outputLines, runCli, seconds, tempDir } from "./helpers.mjs";

const skip = HAVE_CLI ? false : `no CLI at ${CLI}: run make native`;
let tmp;

before(async () => {
  tmp = await tempDir();
});
after(async () => {
  await tmp?.remove();
});

describe("the bad-input table, one line each, in one file", { skip }, () => {
  const cases = casesFor("cli");
  const lineNumbers = cases.map((_, i) => i * 2 + 1); // a blank line after each case
  let run;
  let outputs;

  before(async () => {
    if (skip) return;
    const parts = cases.flatMap((c) => [Buffer.from(lineOf(c)), Buffer.from("\n   \n")]);
    await tmp.write("table.jsonl", Buffer.concat(parts));
    run = await runCli(["score", tmp.file("table.jsonl")], { timeout: 60_000 });
    outputs = outputLines(run.stdout);
  });

  test("one output line per non-blank input line, and exit status 1", () => {
    assert.equal(run.signal, null, `the CLI died: ${run.signal}\n${run.stderr.slice(-2000)}`);
    assert.equal(run.status, 1, "some lines are bad: exit status 1");
    assert.equal(outputs.length, cases.length);
  });

  cases.forEach((c, i) => {
    test(c.name, () => {
      assert.ok(i < outputs.length, "no output line for this case");
      const out = JSON.parse(outputs[i]);
      const r = c.request;
      const problem = check(c, out, {
        draftText: r?.draft, turnTexts: Array.isArray(r?.turns) ? r.turns.map((t) => t?.text) : undefined, asText: true,
      });
      assert.equal(problem, null);
      if ("error" in out) {
        assert.equal(out.line, lineNumbers[i], "the error carries its input line number");
        assert.ok(run.stderr.includes(`table.jsonl:${out.line}:`), "stderr names the file and line");
      }
    });
  });
});

describe("the same lines under AddressSanitizer and UndefinedBehaviorSanitizer", {
  skip: skip || (HAVE_ASAN_CLI ? false : `no ASan CLI at ${ASAN_CLI}: run make asan`),
}, () => {
  test("the bad-input table: no sanitizer report, the same output as the native CLI", async () => {
    const file = tmp.file("table.jsonl"); // written by the table's before()
    const native = await runCli(["score", file]);
    const asan = await runCli(["score", file], { binary: ASAN_CLI, timeout: 120_000 });
    assert.doesNotMatch(asan.stderr, /AddressSanitizer|LeakSanitizer|runtime error/, asan.stderr.slice(0, 3000));
    assert.equal(asan.signal, null);
    assert.equal(asan.status, native.status);
    assert.equal(asan.stdout, native.stdout);
  });

  test("malformed models: no sanitizer report", async () => {
    for (const contents of ['{"version": 1,', "[1]", '{"version": 1, "language": "en", "thresholds": 5}',
      '{"version": 1, "language": "en", "lexicon": [{"id": "x", "family": "politeness", "patterns": ["(a|b"]}]}']) {
      await tmp.write("asan-model.json", contents);
      const run = await runCli(["score", "--model", tmp.file("asan-model.json")], { input: '{"draft": "x"}\n', binary: ASAN_CLI });
      assert.doesNotMatch(run.stderr, /AddressSanitizer|LeakSanitizer|runtime error/, run.stderr.slice(0, 3000));
      assert.equal(run.status, 2);
    }
  });
});

describe("1,000 good and bad lines mixed", { skip }, () => {
  test("no line is lost, reordered or merged; errors carry their line numbers", async () => {
    const kinds = [
      (n) => ({ text: JSON.stringify({ id: `conv-${n}`, turns: [{ role: "customer", text: "I'm so annoyed!!" }, { role: "agent", text: `Sorry ${n}` }] }), expect: { id: `conv-${n}` } }),
      (n) => ({ text: JSON.stringify({ history: [{ role: "customer", text: "where is it?" }], draft: `It ships today (${n}).` }), expect: { request: true } }),
      (n) => ({ text: `{"draft": "unterminated ${n}`, expect: { error: "not valid JSON" } }),
      (n) => ({ text: JSON.stringify({ draft: n }), expect: { error: "draft: expected a string" } }),
      (n) => ({ text: JSON.stringify({ draft: "x", history: [{ role: "boss", text: String(n) }] }), expect: { error: 'history[0].role: expected "customer", "agent" or "bot", got "boss"' } }),
      (n) => ({ text: `{"draft": "crlf ${n}"}\r`, expect: { request: true } }),
      () => ({ text: "[".repeat(70) + "]".repeat(70), expect: { error: "JSON nested deeper than 64 levels" } }),
      (n) => ({ text: Buffer.concat([Buffer.from(`{"draft": "bad utf-8 ${n} `), Buffer.from([0xff, 0xc3]), Buffer.from('"}')]), expect: { request: true } }),
    ];
    const lines = [];
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 1; n <= 1000; n++) lines.push(kinds[Math.floor(random() * kinds.length)](n));
    const input = Buffer.concat(lines.flatMap((l, i) => [Buffer.from(l.text), Buffer.from(i === lines.length - 1 ? "" : "\n")]));
    const run = await runCli(["score"], { input, timeout: 60_000 }); // standard input; no final newline
    assert.equal(run.signal, null, `the CLI died: ${run.signal}`);
    assert.equal(run.status, 1);
    const out = outputLines(run.stdout);
    assert.equal(out.length, 1000, "1,000 lines in, 1,000 lines out");
    out.forEach((text, i) => {
      const o = JSON.parse(text);
      const want = lines[i].expect;
      if (want.error) assert.deepEqual(o, { error: want.error, line: i + 1 }, `line ${i + 1}`);
      else if (want.id) assert.equal(o.id, want.id, `line ${i + 1}`);
      else assert.ok(Number.isInteger(o.score) && o.families && !("error" in o), `line ${i + 1} is a request result`);
    });
    const errorCount = out.filter((t) => t.startsWith('{"error"')).length;
    assert.equal(run.stderr.trim().split("\n").length, errorCount, "one stderr line per bad line");
  });

  test("drafts typed against one history, bad lines between them: each result is what the line gets alone", async () => {
    // The CLI keeps what it read from a history for the next line; that must never show.
    const history = [{ role: "customer", text: "My refund never came and I'm so worried!!" }];
    const other = [{ role: "customer", text: "thanks, all good now" }];
    const lines = [
      { history, draft: "I" }, { history, draft: "I'm so" }, '{"draft": 5, "history": []}', { history, draft: "I'm so sorry" },
      { history: other, draft: "I'm so sorry" }, "{", { history, draft: "I'm so sorry" }, { history: [...history, { role: "agent", text: "I'm so sorry" }], draft: "I'm so sorry" },
      { history: [{ role: "agent", text: history[0].text }], draft: "I'm so sorry" }, { history: [], draft: "I'm so sorry" }, { history, draft: "I'm so sorry", typing: true },
    ].map((l) => (typeof l === "string" ? l : JSON.stringify(l)));
    const together = outputLines((await runCli(["score"], { input: lines.join("\n") + "\n" })).stdout);
    assert.equal(together.length, lines.length);
    for (const [i, line] of lines.entries()) {
      const alone = outputLines((await runCli(["score"], { input: line + "\n" })).stdout)[0].replace(/"line":1}$/, `"line":${i + 1}}`);
      assert.equal(together[i], alone, `line ${i + 1}`);
    }
  });

  test("a folder given as the input: an error and exit 2, not silence and exit 0", async () => {
    const run = await runCli(["score", tmp.dir]);
    assert.equal(run.signal, null);
    assert.equal(run.status, 2, `exit status ${run.status} with stdout ${JSON.stringify(run.stdout)}`);
    assert.match(run.stderr, /cannot read/);
  });

  test("a line over 16 MiB is refused and the next line is still scored", async () => {
    const input = `{"draft": "${"a".repeat(17 * 1024 * 1024)}"}\n{"draft": "thanks!"}\n`;
    const run = await runCli(["score"], { input, timeout: 60_000 });
    assert.equal(run.signal, null);
    const out = outputLines(run.stdout).map((l) => JSON.parse(l));
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], { error: "input is larger than 16 MiB", line: 1 });
    assert.ok(Number.isInteger(out[1].score));
  });
});

describe("big inputs take bounded, linear time", { skip }, () => {
  const times = {};

  async function scoreDraft(bytes, limit) {
    const line = JSON.stringify({ history: BIG_HISTORY, draft: bigDraft(bytes) }) + "\n";
    const run = await runCli(["score"], { input: line, timeout: limit });
    assert.ok(!run.timedOut, `a ${bytes / 1e6} MB draft took longer than ${seconds(limit)}`);
    assert.equal(run.signal, null, `the CLI died: ${run.signal}`);
    assert.equal(run.status, 0, run.stderr.slice(0, 500));
    const result = JSON.parse(run.stdout);
    assert.ok(Number.isInteger(result.score));
    return run.ms;
  }

  test("a 1 MB draft", async (t) => {
    times.one = await scoreDraft(1_000_000, LIMITS.oneMegabyte);
    t.diagnostic(`CLI, 1 MB draft: ${seconds(times.one)}`);
  });

  test("a 10 MB draft, in less than 15x the time of 1 MB", async (t) => {
    if (times.one === undefined) return t.skip("the 1 MB draft failed");
    times.ten = await scoreDraft(10_000_000, Math.min(LIMITS.tenMegabytes, Math.max(15_000, LIMITS.ratio * times.one + 2_000)));
    t.diagnostic(`CLI, 10 MB draft: ${seconds(times.ten)} (${(times.ten / times.one).toFixed(1)}x the 1 MB draft)`);
    assert.ok(times.ten < LIMITS.ratio * times.one + 1000, `10 MB took ${(times.ten / times.one).toFixed(1)}x the 1 MB time`);
  });

  test("a 1 MB earlier agent turn and a 1 MB draft", async (t) => {
    const run = await runCli(["score"], { input: JSON.stringify(bigEarlierTurn()) + "\n", timeout: LIMITS.bigEarlierTurn });
    assert.ok(!run.timedOut, `took longer than ${seconds(LIMITS.bigEarlierTurn)}`);
    assert.equal(run.status, 0, run.stderr.slice(0, 300));
    t.diagnostic(`CLI, 1 MB earlier agent turn + 1 MB draft: ${seconds(run.ms)}`);
  });

  test("10,000 turns of history", async (t) => {
    const line = JSON.stringify({ history: manyTurns(10_000), draft: "I'm so sorry about the refund, I'll fix it today." }) + "\n";
    const run = await runCli(["score"], { input: line, timeout: LIMITS.manyTurns });
    assert.ok(!run.timedOut && run.status === 0, `status ${run.status}, ${run.timedOut ? "timed out" : run.stderr.slice(0, 300)}`);
    t.diagnostic(`CLI, 10,000 turns of history: ${seconds(run.ms)}`);
    assert.ok(JSON.parse(run.stdout).customer.emotions.length > 0, "the recent turns were read");
  });

  test("a conversation of 10,000 turns", async (t) => {
    const line = JSON.stringify({ id: "long", turns: manyTurns(10_000) }) + "\n";
    const run = await runCli(["score"], { input: line, timeout: LIMITS.manyTurns });
    assert.ok(!run.timedOut && run.status === 0, `status ${run.status}, ${run.timedOut ? "timed out" : run.stderr.slice(0, 300)}`);
    t.diagnostic(`CLI, a 10,000-turn conversation: ${seconds(run.ms)}`);
    assert.equal(JSON.parse(run.stdout).turns.length, 5_000);
  });
});

/** The default model with a classifier whose weight table would take 16 KB x outputs. */
export function classifierBomb(outputs) {
  const model = JSON.parse(readFileSync(new URL("../../core/models/en.json", import.meta.url), "utf8"));
  model.classifier = { buckets: 4_194_304, outputs: Array.from({ length: outputs }, (_, i) => ({ id: `o${i}`, weights: [] })) };
  return JSON.stringify(model);
}

describe("a malformed model file is refused with its path and the key", { skip }, () => {
  const good = '{"draft": "calm down"}\n';
  /** [name, option, file contents, stderr must match] */
  const models = [
    ["not JSON", "--model", '{"version": 1,', /BAD: model: not valid JSON/],
    ["not an object", "--model", "[1]", /BAD: model: expected a JSON object/],
    ["a wrong version", "--model", '{"version": 7, "language": "en"}', /BAD: model: version: expected 1, got 7/],
    ["thresholds of the wrong type", "--model", '{"version": 1, "language": "en", "thresholds": 5}', /BAD: model: thresholds: expected an object/],
    ["an empty file", "--model", "", /BAD: model: not valid JSON/],
    ["an overlay that is not an object", "--overlay", "[]", /BAD: overlay: expected a JSON object/],
    ["an overlay with a bad threshold", "--overlay", '{"thresholds": {"customerDecay": 2}}', /BAD: model: thresholds\.customerDecay: expected a number from 0 to 1/],
    ["an overlay with an unbalanced pattern", "--overlay",
      '{"lexicon": [{"id": "x", "family": "politeness", "patterns": ["(thanks|cheers"]}]}', /BAD: model: lexicon\[0\]\.patterns\[0\]: "\(thanks\|cheers" missing '\)'/],
    ["an overlay with an unknown family", "--overlay",
      '{"lexicon": [{"id": "x", "family": "kindness", "patterns": ["thanks"]}]}', /BAD: model: lexicon\[0\]\.family: expected a family/],
    ["an overlay nested 100,000 levels deep", "--overlay", '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000), /BAD: (overlay|model): .*(nest|deep)/i],
    ["a pattern nested 100,000 parentheses deep", "--overlay",
      JSON.stringify({ lexicon: [{ id: "x", family: "politeness", patterns: ["(".repeat(100_000) + "a" + ")".repeat(100_000)] }] }),
      /BAD: model: lexicon\[0\]\.patterns\[0\]: .*(nest|deep|long)/i],
    ["a classifier of 4M buckets x 8,000 outputs (128 GB of weights)", "--model", classifierBomb(8_000), /BAD: model: classifier/],
  ];
  for (const [name, option, contents, message] of models) {
    test(name, async () => {
      const file = tmp.file(`bad-${name.replace(/\W+/g, "-")}.json`);
      await tmp.write(file.slice(tmp.dir.length + 1), contents);
      const run = await runCli(["score", option, file], { input: good, timeout: 30_000 });
      assert.equal(run.signal, null, `the CLI died with ${run.signal}`);
      assert.equal(run.status, 2, `exit status 2, got ${run.status}`);
      assert.equal(run.stdout, "", "nothing is scored with a bad model");
      assert.match(run.stderr.replace(file, "BAD"), message);
    });
  }

  test("a folder given as the model file", async () => {
    const run = await runCli(["score", "--model", tmp.dir], { input: good });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read model file/, "a folder is not a model with bad JSON");
  });

  test("a missing model file", async () => {
    const run = await runCli(["score", "--model", tmp.file("nope.json")], { input: good });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read model file .*nope\.json/);
  });
});
