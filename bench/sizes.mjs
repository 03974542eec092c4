// Download size of what a page loads: the wasm, the JS and the model, raw, gzip (level
// 9) and brotli (quality 11), file by file and in total.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The files, by what they are: "scorer" ones make up loadScorer(), "widget" ones attach();
 * "optional" ones load only when used. A file that is not there is left out.
 */
export const FILES = [
  { file: "web/dist/empathy-core.wasm", what: "wasm: core + default model", part: "scorer" },
  { file: "web/dist/empathy-core.mjs", what: "JS: Emscripten glue", part: "scorer" },
  { file: "web/empathy.js", what: "JS: loadScorer()", part: "scorer" },
  { file: "web/widget.js", what: "JS: attach()", part: "widget" },
  { file: "web/widget/panel.js", what: "JS: the widget's panel (meter, nudges, conversation score)", part: "widget" },
  { file: "web/widget/highlights.js", what: "JS: the widget's highlights", part: "widget" },
  { file: "web/widget/preferences.js", what: "JS: the agent's choices (dismiss, snooze, hide)", part: "widget" },
  { file: "web/widget/styles.js", what: "JS: the widget's stylesheet", part: "widget" },
  { file: "web/widget/dom.js", what: "JS: DOM helpers", part: "widget" },
  { file: "web/widget/edits.js", what: "JS: suggestions applied as undoable edits", part: "widget" },
  { file: "web/widget.css", what: "CSS: widget", part: "widget" },
  { file: "web/worker.js", what: "JS: the Web Worker of loadScorer({worker: true}) (optional)", part: "optional" },
  { file: "web/coach-element.js", what: "JS: the custom element (optional)", part: "optional" },
  { file: "core/models/en.json", what: "model (JSON; built into the wasm, for a custom model)", part: "model" },
];

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

/** Sizes of FILES, and totals: the scorer, the scorer with the widget. */
export async function runSizes() {
  const files = [];
  for (const f of FILES) {
    const buffer = await readFile(path.join(ROOT, f.file)).catch((error) => {
      if (error.code === "ENOENT" && f.part !== "scorer") return null;
      throw error;
    });
    if (buffer) files.push({ ...f, ...compressedSizes(buffer) });
  }
  const sum = (parts) => {
    const list = files.filter((f) => parts.includes(f.part));
    return { raw: list.reduce((t, f) => t + f.raw, 0), gzip: list.reduce((t, f) => t + f.gzip, 0),
      brotli: list.reduce((t, f) => t + f.brotli, 0) };
  };
  return { files, scorer: sum(["scorer"]), download: sum(["scorer", "widget"]) };
}
