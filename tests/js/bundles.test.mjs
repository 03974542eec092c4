// The minified bundle web/empathy.min.js (scripts/bundle.mjs, built by `make wasm`) against
// its source web/empathy.js, in Node: the same exports and, request by request, the same
// results (the labelled CX replies, the golden inputs, bad input, options), in the
// synchronous and the worker mode. The bundles in the browser: tests/e2e/csp-bundles.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import * as source from "../../web/empathy.js";
import * as min from "../../web/empathy.min.js";

const root = new URL("../../", import.meta.url);
const lines = (await readFile(new URL("tests/data/cx-labelled.jsonl", root), "utf8")).split("\n").filter(Boolean);
const cx = lines.map((line) => {
  const { history, draft } = JSON.parse(line);
  return { history, draft };
});
const goldenDir = new URL("tests/golden/", root);
const golden = await Promise.all((await readdir(goldenDir)).filter((n) => n.endsWith(".json") && !n.endsWith(".out.json"))
  .sort().map(async (name) => ({ name, input: JSON.parse(await readFile(new URL(name, goldenDir), "utf8")) })));

test("the bundle exports what the source exports", () => {
  assert.deepEqual(Object.keys(min).sort(), Object.keys(source).sort());
});

test("the bundle scores every labelled CX reply and every golden input exactly as the source", async () => {
  assert.ok(cx.length >= 300, `${cx.length} CX replies`);
  assert.ok(golden.some((g) => g.input.turns) && golden.some((g) => g.input.draft !== undefined));
  const [a, b] = [await source.loadScorer(), await min.loadScorer()];
  // Every pack loaded on both, so each language is scored, not only detected.
  assert.deepEqual(b.packLanguages, a.packLanguages);
  for (const language of a.packLanguages) await Promise.all([a.loadPack(language), b.loadPack(language)]);
  for (const [i, request] of cx.entries()) assert.deepEqual(b.score(request), a.score(request), `CX reply ${i + 1}`);
  for (const { name, input } of golden) {
    const call = input.turns ? "scoreConversation" : "score";
    const expected = a[call](input);
    assert.equal(expected.error, undefined, name);
    assert.deepEqual(b[call](input), expected, name);
    assert.equal(b.scoreJson(JSON.stringify(input)), a.scoreJson(JSON.stringify(input)), name);
  }
  a.dispose();
  b.dispose();
});

test("the bundle gives the source's results for options, bad input and a language whose pack is not loaded yet", async () => {
  const overlay = { nudges: { "avoid-calm-down": { message: "Bitte nicht." } } };
  const [a, b] = [await source.loadScorer({ overlay }), await min.loadScorer({ overlay })];
  const requests = [
    { draft: "calm down" },
    { draft: "I'm so sorry, let me fix th", typing: true },
    { draft: "I'm so sorry", allow: ["praise-acknowledged"], customer: { name: "Dana" } },
    { history: [{ role: "customer", text: "Me han cobrado dos veces y nadie me ayuda!!" }], draft: "Cálmese, por favor." },
    { draft: "\uD83D lone surrogate 😡 café" },
    { draft: 42 },
    { history: "not turns", draft: "" },
    {},
  ];
  for (const request of requests) assert.deepEqual(b.score(request), a.score(request), JSON.stringify(request));
  assert.equal(b.score({ draft: "calm down" }).nudges[0].message, "Bitte nicht.");
  assert.equal(b.scoreJson("{not json"), a.scoreJson("{not json"));
  const [sourceError, minError] = await Promise.all([source, min].map((m) =>
    m.loadScorer({ model: { thresholds: 1 } }).then(() => "loaded", (error) => error.message)));
  assert.match(sourceError, /^empathy-coach: /);
  assert.equal(minError, sourceError);
  assert.equal(await min.defaultModel().then(JSON.stringify), await source.defaultModel().then(JSON.stringify));
  a.dispose();
  b.dispose();
});

test("the bundle's worker mode finds the worker beside it and gives the source's results", async () => {
  const [a, b] = [await source.loadScorer(), await min.loadScorer({ worker: true })];
  for (const request of cx.slice(0, 20)) assert.deepEqual(await b.score(request), a.score(request));
  a.dispose();
  b.dispose();
});

test("the bundle names the package and imports only the Emscripten glue and Node's modules", async () => {
  const pkg = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
  const text = await readFile(new URL("web/empathy.min.js", root), "utf8");
  assert.ok(text.startsWith(`/*! ${pkg.name} ${pkg.version} | ${pkg.license} |`), text.slice(0, 120));
  const imports = [...text.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)|\bfrom\s*"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  assert.deepEqual([...new Set(imports)].sort(), ["./dist/empathy-core.mjs", "node:fs/promises", "node:worker_threads"]);
  // Minified: a fraction of the source (comments and long names gone).
  const sourceSize = (await readFile(new URL("web/empathy.js", root))).length;
  assert.ok(text.length < sourceSize / 2, `${text.length} bytes, the source ${sourceSize}`);
});
