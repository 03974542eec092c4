// Download size of what a page loads: the wasm, the JS bundles, the CSS and the model, raw,
// gzip (level 9) and brotli (quality 11), file by file and in total; and the JS sources,
// which a bundler reads instead of the bundles.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The files, by what they are: "scorer" ones make up loadScorer(), "widget" ones attach();
 * together they are the download, and a page loads the minified bundles (scripts/bundle.mjs).
 * "optional" ones load only when used; "source" ones are the modules as written, which
 * bundlers and pages without the bundles import instead (not in the download); "model" is
 * the default model's JSON. A file of the download that is not there is an error (run
 * `make wasm`); any other is left out.
 */
export const FILES = [
  { file: "web/dist/empathy-core.wasm", what: "wasm: core + default model", part: "scorer" },
  { file: "web/dist/empathy-core.mjs", what: "JS: Emscripten glue", part: "scorer" },
  { file: "web/empathy.min.js", what: "JS: loadScorer(), minified", part: "scorer" },
  { file: "web/widget.min.js", what: "JS: attach() with its widget/ modules, minified", part: "widget" },
  { file: "web/widget.css", what: "CSS: widget", part: "widget" },
  { file: "web/worker.js", what: "JS: the Web Worker of loadScorer({worker: true}) (optional)", part: "optional" },
  { file: "web/coach-element.min.js", what: "JS: the custom element, minified (optional)", part: "optional" },
  { file: "web/empathy.js", what: "JS: loadScorer(), source", part: "source" },
  { file: "web/widget.js", what: "JS: attach(), source", part: "source" },
  { file: "web/widget/panel.js", what: "JS: the widget's panel (meter, nudges, conversation score)", part: "source" },
  { file: "web/widget/highlights.js", what: "JS: the widget's highlights", part: "source" },
  { file: "web/widget/preferences.js", what: "JS: the agent's choices (dismiss, snooze, hide)", part: "source" },
  { file: "web/widget/styles.js", what: "JS: the widget's stylesheet", part: "source" },
  { file: "web/widget/dom.js", what: "JS: DOM helpers", part: "source" },
  { file: "web/widget/edits.js", what: "JS: suggestions applied as undoable edits", part: "source" },
  { file: "web/coach-element.js", what: "JS: the custom element, source", part: "source" },
  { file: "core/models/en.json", what: "model (JSON; built into the wasm, for a custom model)", part: "model" },
];

/** The parts a page downloads to score and coach: the scorer and the widget. */
export const DOWNLOAD = ["scorer", "widget"];

/** Raw, gzip -9 and brotli -q 11 byte counts of a buffer. */
export function compressedSizes(buffer) {
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
    }).length,
  };
}

/**
 * Sizes of FILES, and totals: the scorer, the download (the scorer with the widget), and
 * the sources a bundler reads instead of the bundles.
 */
export async function runSizes() {
  const files = [];
  for (const f of FILES) {
    const buffer = await readFile(path.join(ROOT, f.file)).catch((error) => {
      if (error.code !== "ENOENT") throw error;
      if (!DOWNLOAD.includes(f.part)) return null;
      throw new Error(`${f.file} is missing: run \`make wasm\` (it builds the wasm, then the bundles)`, { cause: error });
    });
    if (buffer) files.push({ ...f, ...compressedSizes(buffer) });
  }
  const sum = (parts) => {
    const list = files.filter((f) => parts.includes(f.part));
    return { raw: list.reduce((t, f) => t + f.raw, 0), gzip: list.reduce((t, f) => t + f.gzip, 0),
      brotli: list.reduce((t, f) => t + f.brotli, 0) };
  };
  return { files, scorer: sum(["scorer"]), download: sum(DOWNLOAD), source: sum(["source"]) };
}
