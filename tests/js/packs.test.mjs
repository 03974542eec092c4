// Language packs in JS against the real wasm build: loaded when their language first
// appears, by event for the synchronous scorer and awaited in a worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { loadScorer, defaultModel } from "../../web/empathy.js";

// A stand-in pack: the English model relabelled Spanish, with one pattern only it knows
// ("alakazam" acknowledges a feeling), so a test can tell which model scored.
const base = await defaultModel();
const fakePack = structuredClone(base);
fakePack.language = "es";
fakePack.lexicon.find((e) => e.id === "acknowledge-feeling").patterns.push("alakazam");

const spanish = {
  history: [{ role: "customer", text: "Me han cobrado dos veces y nadie me ayuda, estoy harta!!" }],
  draft: "Lo siento mucho, entiendo lo frustrante que es. alakazam. Ya he devuelto el cargo duplicado.",
};
const italian = {
  history: [{ role: "customer", text: "Mi hanno addebitato due volte e nessuno mi aiuta!!" }],
  draft: "Mi dispiace molto, ho già rimborsato l'addebito doppio.",
};
const readByPack = (r) => r.behaviors.some((b) => b.id === "acknowledge-feeling");

test("packs: \"none\" never loads one: another language stays unsupported, with nothing pending", async () => {
  const scorer = await loadScorer({ packs: "none" });
  const r = scorer.score(spanish);
  assert.deepEqual([r.supported, r.language, r.score, "packLoading" in r], [false, "es", null, false]);
  assert.deepEqual(scorer.packLanguages, []);
  scorer.dispose();
});

test("a pack loads when its language first appears; the scorer fires packloaded and then speaks it", async () => {
  const scorer = await loadScorer({ packs: { es: fakePack } });
  assert.ok(scorer.packLanguages.includes("es"));
  const loaded = once(scorer, "packloaded");
  const first = scorer.score(spanish);
  assert.deepEqual([first.supported, first.packLoading, first.score], [false, "es", null]);
  const [event] = await loaded;
  assert.equal(event.language, "es");
  const second = scorer.score(spanish);
  assert.deepEqual([second.supported, second.language, "packLoading" in second], [true, "es", false]);
  assert.ok(second.score >= 0 && second.score <= 100);
  assert.ok(readByPack(second), "the pack, not the English model, scored it");
  // English stays with the English model; a language without a pack stays unsupported.
  const english = scorer.score({ history: [{ role: "customer", text: "I was charged twice" }], draft: "Sorry about that. alakazam" });
  assert.deepEqual([english.language, english.supported, readByPack(english)], ["en", true, false]);
  const it = scorer.score(italian);
  assert.deepEqual([it.supported, it.language, "packLoading" in it], [false, "it", false]);
  // A conversation's Spanish replies are scored by the pack too.
  const convo = scorer.scoreConversation({ turns: [...spanish.history, { role: "agent", text: spanish.draft }] });
  assert.deepEqual([convo.supported, convo.language, convo.turns[0].supported], [true, "es", true]);
  scorer.dispose();
});

test("a bad pack rejects naming the key; the language stays unsupported and may be tried again", async () => {
  const bad = structuredClone(fakePack);
  bad.thresholds = 3;
  const scorer = await loadScorer({ packs: { es: bad } });
  await assert.rejects(scorer.loadPack("es"), /thresholds/);
  const r = scorer.score(spanish);
  assert.equal(r.supported, false);
  await assert.rejects(scorer.loadPack("es"), /thresholds/);  // tried again, not cached as loaded
  await assert.rejects(scorer.loadPack("xx"), /no language pack for "xx"/);
  scorer.dispose();
});

test("an overlay reaches each pack through its \"packs\" part; its top level is the base model's", async () => {
  const overlay = {
    nudges: { "avoid-calm-down": null },  // English: silenced
    packs: { es: { nudges: { "avoid-calm-down": { message: "¡No digas «{span}»!" } } } },
  };
  const scorer = await loadScorer({ overlay, packs: { es: fakePack } });
  await scorer.loadPack("es");
  const es = scorer.score({ history: spanish.history, draft: "Lo siento mucho, calm down por favor, ya he devuelto el cargo." });
  assert.equal(es.language, "es");
  assert.deepEqual(es.nudges.filter((n) => n.ruleId === "avoid-calm-down").map((n) => n.message), ["¡No digas «calm down»!"]);
  const en = scorer.score({ draft: "Please calm down, I have refunded the charge." });
  assert.deepEqual(en.nudges.filter((n) => n.ruleId === "avoid-calm-down"), []);
  scorer.dispose();
});

test("in a worker, a draft in a pack's language waits for the pack and is scored by it", async () => {
  const scorer = await loadScorer({ worker: true, packs: { es: fakePack } });
  const r = await scorer.score(spanish);
  assert.deepEqual([r.supported, r.language, "packLoading" in r], [true, "es", false]);
  assert.ok(readByPack(r));
  const it = await scorer.score(italian);
  assert.equal(it.supported, false);
  scorer.dispose();
});

test("packs must be \"auto\", \"none\" or an object", async () => {
  await assert.rejects(loadScorer({ packs: ["es"] }), /packs must be/);
  await assert.rejects(loadScorer({ packs: "some" }), /packs must be/);
});
