#!/usr/bin/env node
// Copies the module files the extension needs into examples/extension/vendor/, so the
// unpacked extension carries its own copy (an extension cannot load files from outside
// its folder). Run it after `make wasm`, and again whenever web/ changes:
//
//   node examples/extension/build.mjs
//
// vendor/ keeps web/'s layout (empathy.js finds dist/empathy-core.* next to itself) and
// is ignored by git (examples/extension/.gitignore).

import { copyFile, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.resolve(HERE, "../../web");
export const VENDOR = path.join(HERE, "vendor");
/** The widget's own modules (web/widget/), which widget.js imports. */
const WIDGET_MODULES = (await readdir(path.join(WEB, "widget"))).filter((f) => f.endsWith(".js")).sort();
/** Files of web/ the content script and the options page import. */
const FILES = ["empathy.js", "widget.js", "widget.css", ...WIDGET_MODULES.map((f) => `widget/${f}`)];

/**
 * Rebuilds vendor/ from web/. Throws, naming the missing file, when web/dist/ has not
 * been built.
 * @returns {Promise<string[]>} the copied paths, relative to vendor/
 */
export async function build() {
  const dist = path.join(WEB, "dist");
  const built = await readdir(dist).catch(() => []);
  if (!built.some((f) => f.endsWith(".wasm")) || !built.some((f) => f.endsWith(".mjs"))) {
    throw new Error(`no wasm build in ${path.relative(process.cwd(), dist) || dist}: run "make wasm" first`);
  }
  await rm(VENDOR, { recursive: true, force: true });
  await mkdir(path.join(VENDOR, "dist"), { recursive: true });
  await mkdir(path.join(VENDOR, "widget"), { recursive: true });
  const copied = [];
  for (const f of FILES) {
    await copyFile(path.join(WEB, f), path.join(VENDOR, f));
    copied.push(f);
  }
  for (const f of built) {
    if (!(await stat(path.join(dist, f))).isFile()) continue;
    await copyFile(path.join(dist, f), path.join(VENDOR, "dist", f));
    copied.push(`dist/${f}`);
  }
  // The language packs, fetched when a language first appears.
  const packs = await readdir(path.join(dist, "packs")).catch(() => []);
  if (packs.length) await mkdir(path.join(VENDOR, "dist", "packs"), { recursive: true });
  for (const f of packs.filter((name) => name.endsWith(".json"))) {
    await copyFile(path.join(dist, "packs", f), path.join(VENDOR, "dist", "packs", f));
    copied.push(`dist/packs/${f}`);
  }
  return copied;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const copied = await build();
    console.log(`examples/extension/vendor/: ${copied.join(", ")}`);
  } catch (err) {
    console.error(`build.mjs: ${err.message}`);
    process.exitCode = 1;
  }
}
