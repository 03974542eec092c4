// examples/data/generate.mjs and the sample it wrote, examples/data/conversations.jsonl:
// deterministic for a seed, big and varied enough for the dashboard, small enough to ship.

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { EXAMPLES, run } from "./helpers.mjs";
import { CHANNELS, DEFAULT_COUNT, DEFAULT_SEED, SHIFTS, TEAMS, generate, toJsonLines } from "../../examples/data/generate.mjs";
import { loadScorer } from "../../web/empathy.js";

const SAMPLE = path.join(EXAMPLES, "data", "conversations.jsonl");
let text;
let conversations;

before(async () => {
  text = await readFile(SAMPLE, "utf8");
  conversations = text.trimEnd().split("\n").map((line) => JSON.parse(line));
});

describe("the conversation generator", () => {
  test("the committed sample is exactly what the default seed generates", () => {
    assert.equal(toJsonLines(generate()), text, "run: node examples/data/generate.mjs");
  });

  test("the same seed gives the same bytes; another seed gives other conversations", async () => {
    const a = await run(process.execPath, ["examples/data/generate.mjs", "--seed", "42", "--count", "30", "--out", "-"]);
    const b = await run(process.execPath, ["examples/data/generate.mjs", "--seed=42", "--count=30", "--out=-"]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.stdout.trimEnd().split("\n").length, 30);
    assert.notEqual(toJsonLines(generate({ seed: 43, count: 30 })), a.stdout);
    assert.equal((await run(process.execPath, ["examples/data/generate.mjs", "--count", "x"])).code, 2);
  });

  test(`the sample has ${DEFAULT_COUNT} (at least 500) conversations and stays under 1.5 MB`, async () => {
    assert.equal(DEFAULT_SEED, 8);
    assert.ok(conversations.length >= 500);
    assert.equal(conversations.length, DEFAULT_COUNT);
    assert.ok((await stat(SAMPLE)).size < 1.5 * 1024 * 1024);
  });

  test("every conversation is a valid request with meta for the dashboard", () => {
    const ids = new Set();
    for (const c of conversations) {
      assert.match(c.id, /^c\d{4}$/);
      assert.ok(!ids.has(c.id), `duplicate id ${c.id}`);
      ids.add(c.id);
      assert.ok(TEAMS.includes(c.meta.team), c.meta.team);
      assert.ok(CHANNELS.includes(c.meta.channel), c.meta.channel);
      assert.ok(SHIFTS.includes(c.meta.shift), c.meta.shift);
      assert.equal(typeof c.meta.agent, "string");
      assert.match(c.meta.date, /^2025-\d{2}-\d{2}$/);
      assert.ok(c.turns.length >= 2);
      assert.equal(c.turns[0].role, "customer");
      assert.ok(c.turns.some((t) => t.role === "agent"));
      assert.equal(new Date(c.turns[0].time).toISOString().slice(0, 10), c.meta.date);
      for (let i = 0; i < c.turns.length; i++) {
        const t = c.turns[i];
        assert.ok(["customer", "agent"].includes(t.role));
        assert.ok(t.text.trim().length > 0);
        assert.doesNotMatch(t.text, /\{\w+\}/, `unfilled slot in ${c.id}: ${t.text}`);
        if (i > 0) assert.ok(t.time >= c.turns[i - 1].time, `${c.id}: times go forward`);
      }
    }
  });

  test("teams, channels, shifts and weeks are all covered, and texts vary", () => {
    for (const [key, values] of [["team", TEAMS], ["channel", CHANNELS], ["shift", SHIFTS]]) {
      for (const v of values) {
        assert.ok(conversations.filter((c) => c.meta[key] === v).length >= 20, `${key} ${v} has at least 20 conversations`);
      }
    }
    assert.ok(new Set(conversations.map((c) => c.meta.date.slice(0, 7))).size >= 3, "spans several months");
    const texts = conversations.flatMap((c) => c.turns.filter((t) => t.role === "agent").map((t) => t.text));
    assert.ok(new Set(texts).size / texts.length > 0.5, "most agent replies are distinct");
  });

  test("scored, the sample has every band, needs-empathy and neutral chats, and missed high-risk moments", async () => {
    const scorer = await loadScorer();
    const results = conversations.map((c) => scorer.scoreConversation(c));
    scorer.dispose();
    assert.deepEqual(results.filter((r) => "error" in r), []);
    for (const band of ["low", "fair", "good"]) {
      assert.ok(results.filter((r) => r.band === band).length >= 30, `at least 30 conversations are ${band}`);
    }
    assert.ok(results.some((r) => !r.needsEmpathy), "some conversations need no empathy");
    assert.ok(results.filter((r) => r.flags.includes("missed-empathy-high-risk")).length >= 10);
    assert.ok(results.filter((r) => r.needsEmpathy && !r.flags.includes("missed-empathy")).length >= 30, "some handled well");
  });
});
