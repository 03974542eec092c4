// loadScorer({ worker: true }) in Node (a worker thread running web/worker.js): the same
// results as the synchronous scorer, as promises; models, errors and dispose().
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadScorer } from "../../web/empathy.js";

const request = { history: [{ role: "customer", text: "My order never arrived!!" }],
                  draft: "I'm sorry it hasn't arrived. Let me check where it is." };

test("a worker scorer gives the synchronous scorer's results, as promises", async () => {
  const [sync, worker] = await Promise.all([loadScorer(), loadScorer({ worker: true })]);
  const pending = worker.score(request);
  assert.ok(pending instanceof Promise);
  assert.deepEqual(await pending, sync.score(request));
  const convo = { id: "c", turns: [{ role: "customer", text: "I'm worried." }, { role: "agent", text: "OK." }] };
  assert.deepEqual(await worker.scoreConversation(convo), sync.scoreConversation(convo));
  assert.equal(await worker.scoreJson('{"draft":"calm down"}'), sync.scoreJson('{"draft":"calm down"}'));
  // Many calls in flight come back in order, each with its own result.
  const drafts = ["calm down", "thank you for waiting", "", "I'm so sorry for your loss", "\uD83D lone"];
  const results = await Promise.all(drafts.map((draft) => worker.score({ draft })));
  assert.deepEqual(results, drafts.map((draft) => sync.score({ draft })));
  sync.dispose();
  worker.dispose();
});

test("a worker scorer returns bad requests as errors, and refuses a bad model keeping the old one", async () => {
  const worker = await loadScorer({ worker: true, overlay: { nudges: { "avoid-calm-down": { message: "Bitte nicht." } } } });
  assert.equal((await worker.score({ draft: "calm down" })).nudges[0].message, "Bitte nicht.");
  assert.deepEqual(await worker.score({ draft: 5 }), { error: "draft: expected a string" });
  assert.match((await worker.score({ turns: [] })).error, /use scoreConversation/);
  await assert.rejects(worker.setModel({ overlay: { nudges: { "avoid-calm-down": { kind: "shout" } } } }),
    /nudges\.avoid-calm-down\.kind/);
  assert.equal((await worker.score({ draft: "calm down" })).nudges[0].message, "Bitte nicht.");
  worker.dispose();
  await assert.rejects(loadScorer({ worker: true, model: { version: 1, thresholds: 5 } }), /empathy-coach: /);
});

test("dispose() ends the worker: waiting and later calls reject", async () => {
  const worker = await loadScorer({ worker: true });
  const waiting = worker.score({ draft: "hello" });
  worker.dispose();
  worker.dispose();
  await assert.rejects(waiting, /disposed/);
  await assert.rejects(worker.score({ draft: "hello" }), /disposed/);
});
