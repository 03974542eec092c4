// The download budget (SPEC §3): wasm + JS (empathy.js, worker.js, the Emscripten glue)
// + the default model (embedded in the wasm), gzipped, under 300 KB. Prints the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

const BUDGET = 300_000;  // bytes, gzip -9 (SPEC §3: accuracy first)
// The engine's share: everything but the default model. The model belongs to the model's
// owners; this part is what the wasm build and the JS control.
const ENGINE_BUDGET = 147_000;  // +learned.cpp (hashed linear models), +language packs, +conversation parts (explain.cpp), +suggestion edits (edit.cpp), +each scorer's history cache and the core's speed-ups, +the Embind boundary (a Scorer class: 10.3 KB of glue and bindings): measured 146.2 KB
const FILES = ["web/dist/empathy-core.wasm", "web/dist/empathy-core.mjs", "web/empathy.js", "web/worker.js"];
const root = new URL("../../", import.meta.url);

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const sizes = await Promise.all(FILES.map(async (file) => {
  const bytes = await readFile(new URL(file, root));
  return { file, raw: bytes.length, gzip: gz(bytes) };
}));
// The model exactly as the library embeds it (core/embed_model.cmake writes it into the build).
const source = await readFile(new URL("build/wasm/core/default_model.cpp", root), "utf8");
const modelText = source.slice(source.indexOf('R"EMPATHY_MODEL(') + 16, source.lastIndexOf(')EMPATHY_MODEL"'));
const model = { raw: Buffer.byteLength(modelText), gzip: gz(Buffer.from(modelText)) };
const total = sizes.reduce((n, s) => n + s.gzip, 0);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

test("size table", (t) => {
  for (const s of sizes) t.diagnostic(`${s.file.padEnd(28)} ${kb(s.raw).padStart(9)} raw ${kb(s.gzip).padStart(9)} gzip`);
  t.diagnostic(`${"  of which the default model".padEnd(28)} ${kb(model.raw).padStart(9)} raw ${kb(model.gzip).padStart(9)} gzip (as embedded)`);
  t.diagnostic(`${"total".padEnd(28)} ${" ".repeat(13)} ${kb(total).padStart(9)} gzip (budget ${kb(BUDGET)})`);
});

test("the engine (wasm without the default model, glue, empathy.js, worker.js) stays within its share", () => {
  const engine = total - model.gzip;
  assert.ok(engine <= ENGINE_BUDGET, `${kb(engine)} > ${kb(ENGINE_BUDGET)}`);
});

test("wasm + JS + default model fit in 300 KB gzipped", () => {
  assert.ok(total <= BUDGET, `${kb(total)} > ${kb(BUDGET)}`);
});
