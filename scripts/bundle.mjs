// Writes the minified ES-module bundles that ship beside the sources in web/:
//
//   web/empathy.min.js        web/empathy.js (loadScorer())
//   web/widget.min.js         web/widget.js with its web/widget/*.js modules inlined (attach())
//   web/coach-element.min.js  web/coach-element.js (<empathy-coach>)
//
//   node scripts/bundle.mjs   (the Makefile's `wasm` target runs it after the wasm build)
//
// Each bundle sits in the folder of its source, so every `new URL("./…", import.meta.url)`
// in it (the wasm, the worker, the packs, widget.css) resolves to the same file as in the
// source. What stays a file of its own is imported by its own path: the Emscripten glue
// (./dist/empathy-core.mjs), Node's modules (node:*), and the other entry points, which a
// bundle imports as their bundles (./empathy.js -> ./empathy.min.js, ./widget.js ->
// ./widget.min.js). The entry points are not inlined into one another because each holds
// state for the whole page: empathy.js loads one wasm core per page and widget.js numbers
// the coaches' element ids and counts who uses widget.css; two copies of either on a page
// would not know of each other. It also keeps <empathy-coach>'s scorer a lazy import.
//
// The syntax is left as written (esbuild's default target, esnext): a bundle runs where
// its source does. The output depends only on the sources and esbuild's version (pinned
// in package-lock.json): same input, same bytes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/** Bundle -> source, both relative to web/. */
export const BUNDLES = {
  "empathy.min.js": "empathy.js",
  "widget.min.js": "widget.js",
  "coach-element.min.js": "coach-element.js",
};
const bundleOf = new Map(Object.entries(BUNDLES).map(([bundle, source]) => [path.join(web, source), bundle]));

/**
 * Keeps out of a bundle what must stay its own file: Node's modules, the Emscripten glue,
 * and the other entry points (imported as their bundles).
 */
const separateFiles = {
  name: "separate-files",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      if (target === path.join(web, "dist", "empathy-core.mjs")) return { path: args.path, external: true };
      const bundle = bundleOf.get(target);
      if (bundle) {
        if (path.dirname(args.importer) !== web) throw new Error(`${args.importer}: imports ${args.path} from outside web/`);
        return { path: `./${bundle}`, external: true };
      }
      return undefined;
    });
  },
};

/** Builds every bundle; returns their paths relative to the repository. */
export async function bundle() {
  const written = [];
  for (const [out, source] of Object.entries(BUNDLES)) {
    await build({
      entryPoints: [path.join(web, source)],
      outfile: path.join(web, out),
      bundle: true,
      format: "esm",
      platform: "browser",
      minify: true,
      legalComments: "none",
      charset: "utf8",
      banner: { js: `/*! ${pkg.name} ${pkg.version} | ${pkg.license} | web/${out}: web/${source} minified by scripts/bundle.mjs */` },
      plugins: [separateFiles],
      logLevel: "warning",
    });
    written.push(`web/${out}`);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await bundle();
  console.log(`bundle: ${written.join(", ")}`);
}
