// The download budget (SPEC §3): what a page loads to score and coach, gzipped, under
// 300 KB: the wasm (with the default model embedded), the Emscripten glue, the minified
// bundles web/empathy.min.js and web/widget.min.js, and widget.css, as bench/sizes.mjs
// counts it (the same files and the same gzip level, so the test and BENCHMARKS.md agree).
// The sources beside the bundles are for bundlers, not in the download. Prints the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { DOWNLOAD, runSizes } from "../../bench/sizes.mjs";

const BUDGET = 300_000;  // bytes, gzip -9 (SPEC §3: accuracy first)
// The engine's share: the scorer's part of the download (wasm, glue, empathy.min.js) but the
// default model. The model belongs to the model's owners; this part is what the wasm build
// and the JS control.
const ENGINE_BUDGET = 143_000;  // +learned.cpp (hashed linear models), +language packs, +conversation parts (explain.cpp), +suggestion edits (edit.cpp), +each scorer's history cache and the core's speed-ups: 131.1 KB with empathy.min.js (the worker being optional); +the Embind boundary (a Scorer class, 10.3 KB of glue and bindings): 140.5 KB; +the per-thread scratch, the other-script check and the score's family pairs: measured 141.6 KB; with the model of 2026-12-06 (no engine code changed) measured 142.3 KB; with the matcher's trie edges in an open-addressing table (a second SparseMap, over 64-bit keys) measured 142.8 KB: the share is the scorer's gzip less the model's own, and the model's bytes compress differently inside the wasm than alone
// A bundle is minified: at most this share of its sources, gzipped (measured 0.45-0.47).
const MINIFIED = 0.6;
const BUNDLES = {
  "web/empathy.min.js": ["web/empathy.js"],
  "web/widget.min.js": ["web/widget.js", ...["panel", "highlights", "preferences", "styles", "dom", "edits"].map((m) => `web/widget/${m}.js`)],
  "web/coach-element.min.js": ["web/coach-element.js"],
};
const root = new URL("../../", import.meta.url);

const sizes = await runSizes();
const byFile = new Map(sizes.files.map((f) => [f.file, f]));
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
// The model exactly as the library embeds it (core/embed_model.cmake writes it into the build).
const source = await readFile(new URL("build/wasm/core/default_model.cpp", root), "utf8");
const modelText = source.slice(source.indexOf('R"EMPATHY_MODEL(') + 16, source.lastIndexOf(')EMPATHY_MODEL"'));
const model = { raw: Buffer.byteLength(modelText), gzip: gz(Buffer.from(modelText)) };
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

test("size table", (t) => {
  const line = (name, s, note = "") => t.diagnostic(`${name.padEnd(34)} ${kb(s.raw).padStart(9)} raw ${kb(s.gzip).padStart(9)} gzip${note}`);
  for (const f of sizes.files.filter((f) => DOWNLOAD.includes(f.part))) line(f.file, f);
  line("  of which the default model", model, " (as embedded)");
  line("download", sizes.download, ` (budget ${kb(BUDGET)})`);
  for (const f of sizes.files.filter((f) => f.part === "optional")) line(f.file, f, " (optional)");
  line("source, for bundlers (not counted)", sizes.source);
});

test("the download is the wasm, the glue, the bundles and the CSS, never the sources", () => {
  assert.deepEqual(sizes.files.filter((f) => DOWNLOAD.includes(f.part)).map((f) => f.file).sort(),
    ["web/dist/empathy-core.mjs", "web/dist/empathy-core.wasm", "web/empathy.min.js", "web/widget.css", "web/widget.min.js"]);
});

test("each bundle is minified: at most 60% of its sources, gzipped", () => {
  for (const [bundle, sources] of Object.entries(BUNDLES)) {
    const written = sources.reduce((n, file) => n + byFile.get(file).gzip, 0);
    const ratio = byFile.get(bundle).gzip / written;
    assert.ok(ratio <= MINIFIED, `${bundle}: ${kb(byFile.get(bundle).gzip)} is ${ratio.toFixed(2)} of its sources' ${kb(written)}`);
  }
});

test("the engine (wasm without the default model, glue, empathy.min.js) stays within its share", () => {
  const engine = sizes.scorer.gzip - model.gzip;
  assert.ok(engine <= ENGINE_BUDGET, `${kb(engine)} > ${kb(ENGINE_BUDGET)}`);
});

test("wasm + JS + CSS + default model fit in 300 KB gzipped", () => {
  assert.ok(sizes.download.gzip <= BUDGET, `${kb(sizes.download.gzip)} > ${kb(BUDGET)}`);
});
