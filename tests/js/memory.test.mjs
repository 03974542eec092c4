// Memory stays flat over 100,000 scoring calls (SPEC §3): after a warm-up, neither the
// bytes malloc has handed out nor the wasm memory's size may grow. Read through a debug
// accessor that is not part of the public API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadScorer } from "../../web/empathy.js";

const DEBUG = Symbol.for("empathy-coach.debug");
const CALLS = 100_000;

// A mix of what the widget sends: drafts in context, an empty draft, an emoji and a lone
// surrogate, a bad request, a conversation.
const calls = [
  (s) => s.score({ history: [{ role: "customer", text: "My parcel is 3 days late and nobody answers!!" }],
                   draft: "I'm sorry it's late. Let me check where it is." }),
  (s) => s.score({ draft: "calm down, as I said you should have checked" }),
  (s) => s.score({ draft: "", history: [{ role: "customer", text: "My dad passed away and I need to close his account." }] }),
  (s) => s.score({ draft: "😡\uD83D thanks for waiting 🙏", customer: { name: "Dana" }, allow: ["praise-acknowledged"] }),
  (s) => s.score({ draft: 5 }),
  (s) => s.scoreJson("{oops"),
  (s) => s.scoreConversation({ id: "c", turns: [{ role: "customer", text: "I'm so worried about this payment." },
                                                { role: "agent", text: "Your balance is 40 pounds." }] }),
];

test(`heap and memory are flat over ${CALLS.toLocaleString("en")} calls`, async (t) => {
  const scorer = await loadScorer();
  const run = (n) => { for (let i = 0; i < n; i++) calls[i % calls.length](scorer); };
  run(calls.length * 300);  // warm-up: every buffer reaches its working size
  const before = scorer[DEBUG]();
  const started = performance.now();
  run(CALLS - (CALLS % calls.length));  // ends on the same call as the warm-up
  const after = scorer[DEBUG]();
  t.diagnostic(`heap in use ${before.heapInUse} -> ${after.heapInUse} bytes; wasm memory ` +
    `${before.memoryBytes} -> ${after.memoryBytes} bytes; ${((performance.now() - started) * 1000 / CALLS).toFixed(1)} µs/call`);
  assert.equal(after.heapInUse, before.heapInUse, "bytes in use grew: a leak");
  assert.equal(after.memoryBytes, before.memoryBytes, "the wasm memory grew");
  scorer.dispose();
});

test("a 1 MB draft is scored and its buffers are given back", async () => {
  const scorer = await loadScorer();
  scorer.score({ draft: "hi" });
  const before = scorer[DEBUG]();
  // Neutral text: a 1 MB draft full of matches is slow in the core (quadratic), which
  // is not what this test is about.
  const draft = "the parcel left the depot on time ".repeat(30_000);  // 1 MB
  const r = scorer.score({ draft });
  assert.equal(r.error, undefined);
  assert.ok(r.score >= 0);
  scorer.score({ draft: "hi" });
  const after = scorer[DEBUG]();
  assert.ok(after.heapInUse - before.heapInUse < 64 * 1024, `${after.heapInUse - before.heapInUse} bytes kept`);
  scorer.dispose();
});

test("disposing scorers gives their memory back", async () => {
  const probe = await loadScorer();
  const before = probe[DEBUG]();
  for (let i = 0; i < 50; i++) {
    const s = await loadScorer({ overlay: { nudges: { "avoid-calm-down": { message: `m${i}` } } } });
    s.score({ draft: "calm down" });
    s.dispose();
  }
  const after = probe[DEBUG]();
  assert.ok(after.heapInUse - before.heapInUse < 16 * 1024, `${after.heapInUse - before.heapInUse} bytes kept`);
  probe.dispose();
});

test("a scorer that was never disposed is freed once garbage-collected", async () => {
  // In a child with --expose-gc: drop 20 scorers without dispose(), collect, and check
  // that the FinalizationRegistry gave their memory back.
  const { execFileSync } = await import("node:child_process");
  const module = new URL("../../web/empathy.js", import.meta.url).href;
  const script = `
    const { loadScorer } = await import(${JSON.stringify(module)});
    const DEBUG = Symbol.for("empathy-coach.debug");
    const probe = await loadScorer();
    const before = probe[DEBUG]().heapInUse;
    for (let i = 0; i < 20; i++) (await loadScorer({ overlay: { nudges: {} } })).score({ draft: "hi" });
    const held = probe[DEBUG]().heapInUse;
    for (let i = 0; i < 10 && probe[DEBUG]().heapInUse > before + 16384; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.log(JSON.stringify({ before, held, after: probe[DEBUG]().heapInUse }));`;
  const { before, held, after } = JSON.parse(execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script]));
  assert.ok(held - before > 1_000_000, `20 live scorers hold their models (${held - before} bytes)`);
  assert.ok(after - before < 16 * 1024, `${after - before} bytes still held after GC`);
});
