// The ES module against the real wasm build (web/dist), in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { loadScorer, defaultModel } from "../../web/empathy.js";

const golden = new URL("../golden/", import.meta.url);
const scorer = await loadScorer();

test("golden files give byte-identical results through wasm and the native CLI", async () => {
  // The CLI carries every language pack; the browser fetches each when its language first
  // appears: load them all first, so both read every language.
  const withPacks = await loadScorer();
  for (const language of withPacks.packLanguages) await withPacks.loadPack(language);
  const names = (await readdir(golden)).filter((n) => n.endsWith(".json") && !n.endsWith(".out.json"));
  assert.ok(names.length >= 5);
  for (const name of names) {
    const input = (await readFile(new URL(name, golden), "utf8")).trimEnd();
    const expected = await readFile(new URL(name.replace(/\.json$/, ".out.json"), golden), "utf8");
    assert.equal(withPacks.scoreJson(input) + "\n", expected, name);
  }
  withPacks.dispose();
});

test("score returns a plain object with all eight families", () => {
  const r = scorer.score({ history: [{ role: "customer", text: "My order never arrived!!" }],
                           draft: "I'm sorry it hasn't arrived. Let me check where it is." });
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.keys(r.families), ["emotional-reaction", "interpretation", "exploration",
    "reassurance", "inclusive", "politeness", "dismissive", "scripted"]);
  assert.ok(r.score >= 0 && r.score <= 100);
  assert.ok(["low", "fair", "good"].includes(r.band));
});

test("every result names its language; another language than the model's gets no score and no nudges", () => {
  const english = scorer.score({ history: [{ role: "customer", text: "I was charged twice!!" }], draft: "I'm sorry, calm down." });
  assert.equal(english.language, "en");
  assert.equal(english.supported, true);
  const italian = scorer.score({ history: [{ role: "customer", text: "Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa!!" }],
                                 draft: "Mi dispiace molto, si calmi, ho già rimborsato l'addebito doppio." });
  assert.deepEqual([italian.language, italian.supported, italian.score, italian.band, italian.components, italian.nudges, italian.customer.language],
                   ["it", false, null, null, null, [], "it"]);
  const convo = scorer.scoreConversation({ id: "it", turns: [
    { role: "customer", text: "Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa!!" },
    { role: "agent", text: "Mi dispiace molto, ho già rimborsato l'addebito doppio." }] });
  assert.deepEqual([convo.supported, convo.score, convo.language, convo.flags], [false, null, "it", []]);
});

test("a scorer reads a history once while drafts follow; results match a fresh scorer's, also after the model changes", async () => {
  const upset = [{ role: "customer", text: "My dad died last week and you're still billing him." }];
  const plain = [{ role: "customer", text: "Can I change my billing date?" }];
  const typing = ["I'm", "I'm so sorry", "I'm so sorry for your loss. I've stopped the bills."];
  const steps = [...typing.map((draft) => ({ history: upset, draft })),
    { history: plain, draft: "Sure, I've moved it to the 5th." }, { history: upset, draft: typing[2] }];
  const reused = await loadScorer();
  const seen = steps.map((r) => reused.score(r));
  for (const [i, r] of steps.entries()) {
    const fresh = await loadScorer();
    assert.deepEqual(seen[i], fresh.score(r), `step ${i}`);
    fresh.dispose();
  }
  // A new model reads the history again: here one that never finds a need.
  const model = await defaultModel();
  model.learned.needs.bias = -50;
  await reused.setModel({ model });
  const fresh = await loadScorer({ model });
  assert.deepEqual(reused.score(steps[2]), fresh.score(steps[2]));
  assert.notDeepEqual(reused.score(steps[2]).customer, seen[2].customer);
  fresh.dispose();
  reused.dispose();
});

test("spans are JS string indices, also after an emoji", () => {
  const draft = "😡😡 please calm down";
  const r = scorer.score({ draft });
  const calm = r.behaviors.find((b) => b.id === "calm-down");
  assert.match(draft.slice(calm.start, calm.end), /^(please )?calm down$/);
});

test("suggestion edits are in JS string indices: after emoji and accents, applying one gives the planned reply", () => {
  const history = [{ role: "customer", text: "This is the third time I've asked 😡😡 nobody helps!!" }];
  const draft = "Okay 🙏🏽 café, calm down, we're on it.";
  const r = scorer.score({ history, draft });
  const calm = r.nudges.find((n) => n.ruleId === "avoid-calm-down");
  assert.ok(calm?.edit, JSON.stringify(r.nudges));
  assert.equal(draft.slice(calm.start, calm.end), "calm down");
  const edited = draft.slice(0, calm.edit.start) + calm.edit.text + draft.slice(calm.edit.end);
  assert.equal(edited, "Okay 🙏🏽 café. I can hear how frustrating this is. We're on it.");
  assert.ok(!scorer.score({ history, draft: edited }).nudges.some((n) => n.ruleId === "avoid-calm-down"));
  // Every suggestion comes with its edit (SPEC §2.1).
  for (const n of r.nudges) assert.equal(n.suggestion === null, n.edit === undefined, n.ruleId);
});

test("a lone surrogate (a half-typed emoji) is scored, and spans still line up", () => {
  const draft = "\uD83D calm down";
  const r = scorer.score({ draft });
  assert.equal(r.error, undefined);
  const calm = r.behaviors.find((b) => b.id === "calm-down");
  assert.match(draft.slice(calm.start, calm.end), /calm down$/);
});

test("bad requests come back as errors, not exceptions", () => {
  assert.deepEqual(scorer.score({ draft: 5 }), { error: "draft: expected a string" });
  assert.match(scorer.score(null).error, /expected a JSON object/);
  assert.match(scorer.score(undefined).error, /expected a request object/);
  assert.deepEqual(scorer.score({ draft: "x", history: [{ role: "boss", text: "hi" }] }),
    { error: "history[0].role: expected \"customer\", \"agent\" or \"bot\", got \"boss\"" });
  const cyclic = { draft: "x" };
  cyclic.self = cyclic;
  assert.match(scorer.score(cyclic).error, /not serialisable/);
  assert.match(scorer.score({ turns: [] }).error, /use scoreConversation/);
  assert.match(scorer.scoreConversation({ draft: "x" }).error, /takes a conversation/);
  assert.equal(JSON.parse(scorer.scoreJson("{oops")).error, "not valid JSON");
});

test("scoreConversation scores each agent turn and flags a missed emotion", () => {
  const r = scorer.scoreConversation({ id: "c1", meta: { team: "billing" }, turns: [
    { role: "customer", text: "I'm so worried, there's a payment I didn't make." },
    { role: "agent", text: "Your balance is 40 pounds." }] });
  assert.equal(r.id, "c1");
  assert.deepEqual(r.meta, { team: "billing" });
  assert.ok(r.flags.includes("missed-empathy"));
  assert.equal(r.turns.length, 1);
  assert.equal(r.turns[0].index, 1);
});

test("a bad model is refused with the key named, and the previous model keeps working", async () => {
  await assert.rejects(loadScorer({ model: { version: 1, language: "en", thresholds: 5 } }),
    /thresholds: expected an object/);
  const s = await loadScorer();
  await assert.rejects(s.setModel({ overlay: { nudges: { "avoid-calm-down": { kind: "shout" } } } }),
    /nudges\.avoid-calm-down\.kind/);
  assert.equal(s.score({ draft: "calm down" }).nudges[0].ruleId, "avoid-calm-down");
  s.dispose();
});

test("an overlay rewords a nudge; a custom model object loads", async () => {
  const s = await loadScorer({ overlay: { nudges: { "avoid-calm-down": { message: "Bitte nicht." } } } });
  assert.equal(s.score({ draft: "calm down" }).nudges[0].message, "Bitte nicht.");
  s.dispose();
  const model = await defaultModel();
  model.nudges["avoid-calm-down"].message = "Custom.";
  const custom = await loadScorer({ model });
  assert.equal(custom.score({ draft: "calm down" }).nudges[0].message, "Custom.");
  custom.dispose();
});

test("a model file path loads in Node", async () => {
  const s = await loadScorer({ model: new URL("../../core/models/en.json", import.meta.url) });
  const r = s.score({ draft: "hi" });
  assert.ok(["low", "fair", "good"].includes(r.band), String(r.band));
  assert.ok(Number.isInteger(r.score) && r.score >= 0 && r.score <= 100, String(r.score));
  s.dispose();
  await assert.rejects(loadScorer({ model: "/nonexistent/model.json" }), /cannot read model/);
});

test("a disposed scorer says so; dispose twice is harmless", async () => {
  const s = await loadScorer();
  s.dispose();
  s.dispose();
  assert.throws(() => s.score({ draft: "hi" }), /disposed/);
});

test("input over 16 MiB is refused with the core's error; wrong types are errors", () => {
  const big = JSON.stringify({ draft: "x".repeat(17 * 1024 * 1024) });
  assert.deepEqual(JSON.parse(scorer.scoreJson(big)), { error: "input is larger than 16 MiB" });
  // The limit is the core's, in UTF-8 bytes: 9 million "é" are 9 million UTF-16 units
  // (under 16 Mi) but 18 MB. Refused before any byte reaches the wasm memory.
  const DEBUG = Symbol.for("empathy-coach.debug");
  const memoryBefore = scorer[DEBUG]().memoryBytes;
  const accents = "é".repeat(9_000_000);
  assert.deepEqual(scorer.score({ draft: accents }), { error: "input is larger than 16 MiB" });
  assert.deepEqual(JSON.parse(scorer.scoreJson(JSON.stringify({ draft: accents }))), { error: "input is larger than 16 MiB" });
  assert.equal(scorer[DEBUG]().memoryBytes, memoryBefore, "the wasm memory did not grow for it");
  // Just under the limit in bytes is scored.
  assert.equal(scorer.score({ draft: "é".repeat(8_000_000) }).error, undefined);
  assert.match(scorer.score({ draft: "x", history: "no" }).error, /^history: /);
  assert.match(scorer.score({ draft: "x", allow: "avoid-calm-down" }).error, /^allow: /);
  assert.match(scorer.score({ draft: "x", time: "noon" }).error, /^time: /);
  assert.match(scorer.scoreConversation({ turns: 3 }).error, /^turns: /);
  assert.match(JSON.parse(scorer.scoreJson("[1, 2]")).error, /expected a JSON object/);
  assert.match(JSON.parse(scorer.scoreJson("{\"draft\": \"a\", \"turns\": []}")).error, /not both/);
  assert.equal(scorer.score({ draft: "still fine after all that" }).error, undefined);
});

test("bad models: not JSON, wrong version, unknown family; each names what is wrong", async () => {
  await assert.rejects(loadScorer({ model: "{not json" }), /empathy-coach: /);
  await assert.rejects(loadScorer({ overlay: "{\"nudges\": 5}" }), /nudges/);
  const model = await defaultModel();
  await assert.rejects(loadScorer({ model: { ...model, version: 99 } }), /version/);
  const bad = structuredClone(model);
  bad.lexicon[0].family = "telepathy";
  await assert.rejects(loadScorer({ model: bad }), /lexicon\[0\]\.family/);
});

test("the glue evaluates no code: a CSP without 'unsafe-eval' is enough", async () => {
  for (const file of ["../../web/dist/empathy-core.mjs", "../../web/empathy.js", "../../web/worker.js"]) {
    const source = await readFile(new URL(file, import.meta.url), "utf8");
    assert.doesNotMatch(source, /new Function\s*\(|\beval\s*\(/, file);
  }
});

test("the wasm boundary is an Embind Scorer class: JSON text in, the CLI's bytes out, delete() frees it", async () => {
  const { default: createEmpathyCore } = await import("../../web/dist/empathy-core.mjs");
  const m = await createEmpathyCore({ wasmBinary: await readFile(new URL("../../web/dist/empathy-core.wasm", import.meta.url)) });
  const before = m.heapInUse();
  const s = new m.Scorer();
  const text = (view) => new TextDecoder().decode(view);
  assert.match(text(s.score('{"draft": "Hi"}')), /^\{"error":"no model is loaded"/);
  assert.equal(s.setModel("", ""), "");  // the built-in model
  assert.match(s.setModel("{", ""), /JSON/);  // refused; the built-in model stays
  const request = '{"history": [{"role": "customer", "text": "My parcel never came!!"}], "draft": "Sorry, calm down."}';
  const view = s.score(request);
  assert.ok(view instanceof Uint8Array);
  assert.equal(text(view), scorer.scoreJson(request), "the same bytes as the JS API");
  const conversation = '{"turns": [{"role": "customer", "text": "Hi"}, {"role": "agent", "text": "Hello!"}]}';
  assert.match(text(s.score(conversation)), /expected a request/);
  assert.match(text(s.scoreConversation(request)), /expected a conversation/);
  assert.ok(JSON.parse(text(s.scoreConversation(conversation))).turns.length === 1);
  assert.ok(JSON.parse(text(s.scoreJson(conversation))).turns.length === 1);
  assert.deepEqual(m.packLanguages().split(",").sort(), [...scorer.packLanguages].sort());
  assert.equal(JSON.parse(m.defaultModel()).version, (await defaultModel()).version);
  s.delete();
  assert.throws(() => s.score(request), /deleted/);
  assert.ok(m.heapInUse() - before < 64 * 1024, `${m.heapInUse() - before} bytes kept after delete()`);
});
