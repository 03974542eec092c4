#!/usr/bin/env node
// Lists the files a package loads when it is imported and called once: what a bundler
// would have to ship for it. Prints a JSON array of absolute paths.
//
//   node bench/trace-modules.mjs PACKAGE
//
// No static imports beyond node: built-ins, so nothing of the benchmark itself is listed.
import { register, createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const name = process.argv[2];
if (!name) {
  console.error("usage: node bench/trace-modules.mjs PACKAGE");
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), "empathy-trace-"));
const out = path.join(dir, "urls.txt");
register("./trace-hooks.mjs", import.meta.url, { data: { out } });

// Resolve from the repository root, where the dev dependencies are installed.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const mod = await import(pathToFileURL(require.resolve(name)).href).catch(async () => import(name));
// Call it once: some packages load their data lazily.
const sample = "I'm so sorry, that sounds awful. Hey guys, calm down!";
const api = mod.default ?? mod;
try {
  if (name === "sentiment") new api().analyze(sample);
  else if (name === "vader-sentiment") api.SentimentIntensityAnalyzer.polarity_scores(sample);
  else if (name === "wink-sentiment") api(sample);
  else if (name === "alex") (mod.text ?? api)(sample);
} catch (error) {
  console.error(`trace-modules: calling ${name} failed: ${error.message}`);
  process.exit(1);
}
await new Promise((r) => setTimeout(r, 50));  // the hooks thread writes asynchronously

const files = new Set(Object.keys(require.cache).filter((f) => path.isAbsolute(f)));
let urls = "";
try {
  urls = readFileSync(out, "utf8");
} catch {
  // no ES module was loaded
}
for (const url of urls.split("\n")) if (url) files.add(fileURLToPath(url));
rmSync(dir, { recursive: true, force: true });
const own = fileURLToPath(import.meta.url);
process.stdout.write(JSON.stringify([...files].filter((f) => f !== own && !f.endsWith("trace-hooks.mjs")).sort()) + "\n");
