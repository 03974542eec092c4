// `npm pack` gives a package that works when installed into an empty project: pack,
// install the tarball offline (it has no dependencies), then from a script there import
// "empathy-coach", score a draft (the README example), use the worker mode, resolve
// "empathy-coach/widget", score through the minified bundles ("empathy-coach/min" and the
// rest) as through the sources, and type-check a TypeScript user against the installed types.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
let dir;
let project;
let tarball;

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 60_000, env: { ...process.env, npm_config_update_notifier: "false" } },
      (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(" ")}: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "empathy-pack-"));
  const packed = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", dir], root));
  tarball = path.join(dir, packed[0].filename);
  project = path.join(dir, "project");
  await run("mkdir", ["-p", project], dir);
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
  await run("npm", ["install", "--offline", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", tarball], project);
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the package holds the module, the worker, the widget, the custom element, their bundles, the wasm and the types, nothing else", async () => {
  const web = await readdir(path.join(project, "node_modules", "empathy-coach", "web"), { recursive: true });
  assert.deepEqual(web.filter((f) => f.includes(".")).sort(), [
    "coach-element.d.ts", "coach-element.js", "coach-element.min.js", "dist/empathy-core.mjs", "dist/empathy-core.wasm",
    "dist/packs/de.json", "dist/packs/es.json", "dist/packs/fr.json", "dist/packs/pt.json", "empathy.d.ts",
    "empathy.js", "empathy.min.js", "widget.css", "widget.d.ts", "widget.js", "widget.min.js", "widget/dom.js",
    "widget/edits.js", "widget/highlights.js", "widget/panel.js", "widget/preferences.js", "widget/styles.js", "worker.js"]);
});

test("the installed package speaks Spanish with its pack, loaded when Spanish first appears", async () => {
  await writeFile(path.join(project, "spanish.mjs"), `
    import { loadScorer } from "empathy-coach";
    const scorer = await loadScorer();
    const request = { history: [{ role: "customer", text: "Me han cobrado dos veces y nadie me ayuda, estoy harta!!" }],
                      draft: "Cálmese, ya le dije que tendría que haber revisado la factura." };
    const first = scorer.score(request);
    await scorer.packsReady();
    const r = scorer.score(request);
    console.log(JSON.stringify({ first: [first.supported, first.packLoading], then: [r.supported, r.language], nudges: r.nudges.map((n) => n.ruleId) }));
  `);
  const out = JSON.parse(await run(process.execPath, ["spanish.mjs"], project));
  assert.deepEqual(out.first, [false, "es"]);
  assert.deepEqual(out.then, [true, "es"]);
  assert.ok(out.nudges.includes("avoid-calm-down"), JSON.stringify(out.nudges));
});

test("every entry point the README documents resolves in the installed package, each with its types", async () => {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const pkg = JSON.parse(await readFile(path.join(project, "node_modules", "empathy-coach", "package.json"), "utf8"));
  for (const entry of ["empathy-coach", "empathy-coach/widget", "empathy-coach/coach-element", "empathy-coach/widget.css",
    "empathy-coach/min", "empathy-coach/widget/min", "empathy-coach/coach-element/min"]) {
    const key = entry === "empathy-coach" ? "." : "./" + entry.slice("empathy-coach/".length);
    assert.ok(pkg.exports[key], `${entry} is exported`);
    if (!entry.endsWith(".css")) assert.ok(pkg.exports[key].types, `${entry} has types`);
  }
  for (const [, name] of readme.matchAll(/["'`](empathy-coach\/[\w./-]+)["'`]/g)) {
    assert.ok(pkg.exports["./" + name.slice("empathy-coach/".length)], `the README's ${name} is exported`);
  }
  await writeFile(path.join(project, "element.mjs"), `
    const { EmpathyCoachElement } = await import("empathy-coach/coach-element");
    console.log(typeof EmpathyCoachElement, import.meta.resolve("empathy-coach/coach-element"));
  `);
  const [kind, url] = (await run(process.execPath, ["element.mjs"], project)).trim().split(" ");
  assert.equal(kind, "function");
  assert.ok(url.endsWith("/node_modules/empathy-coach/web/coach-element.js"), url);
});

test("the installed bundles score as the sources do, and each bundle imports the others' bundles", async () => {
  // Each entry point's bundle is its source's module: the same exports, and the same result.
  await writeFile(path.join(project, "bundles.mjs"), `
    import * as source from "empathy-coach";
    import * as min from "empathy-coach/min";
    const request = { history: [{ role: "customer", text: "My parcel never came and nobody answers!!" }],
                      draft: "Calm down, I'm sorry it hasn't arrived. I'll send a new one today." };
    const [a, b] = [await source.loadScorer(), await min.loadScorer()];
    const exports = {};
    for (const name of ["", "/widget", "/coach-element"]) {
      const [s, m] = [await import("empathy-coach" + name), await import("empathy-coach" + name + "/min")];
      exports[name || "."] = [Object.keys(s).sort(), Object.keys(m).sort()];
    }
    console.log(JSON.stringify({ source: a.score(request), min: b.score(request), exports,
      url: import.meta.resolve("empathy-coach/min") }));
  `);
  const out = JSON.parse(await run(process.execPath, ["bundles.mjs"], project));
  assert.deepEqual(out.min, out.source);
  assert.ok(out.source.nudges.some((n) => n.ruleId === "avoid-calm-down"), JSON.stringify(out.source.nudges));
  for (const [entry, [source, min]] of Object.entries(out.exports)) assert.deepEqual(min, source, entry);
  assert.ok(out.url.endsWith("/node_modules/empathy-coach/web/empathy.min.js"), out.url);
  const web = path.join(project, "node_modules", "empathy-coach", "web");
  const element = await readFile(path.join(web, "coach-element.min.js"), "utf8");
  assert.match(element, /from"\.\/widget\.min\.js"/);
  assert.match(element, /import\("\.\/empathy\.min\.js"\)/);
  for (const bundle of ["empathy.min.js", "widget.min.js", "coach-element.min.js"]) {
    const text = await readFile(path.join(web, bundle), "utf8");
    assert.match(text, /^\/\*! empathy-coach \d+\.\d+\.\d+ \| Apache-2\.0 \|/, `${bundle} names the package, version and licence`);
    assert.doesNotMatch(text, /from"\.\/widget\/|"\.\/(empathy|widget)\.js"/, `${bundle} imports no source module`);
  }
});

test("the README example runs against the installed package", async () => {
  await copyFile(path.join(root, "examples", "node", "score.mjs"), path.join(project, "score.mjs"));
  const out = await run(process.execPath, ["score.mjs"], project);
  assert.match(out, /^score \d+\/100 \((low|fair|good)\)\n(warning|tip|praise): /);
});

test("the installed package scores in a worker and resolves its widget export", async () => {
  await writeFile(path.join(project, "worker.mjs"), `
    import { loadScorer } from "empathy-coach";
    const scorer = await loadScorer({ worker: true });
    const r = await scorer.score({ draft: "calm down" });
    scorer.dispose();
    console.log(JSON.stringify({ nudge: r.nudges[0]?.ruleId, widget: import.meta.resolve("empathy-coach/widget") }));
  `);
  const { nudge, widget } = JSON.parse(await run(process.execPath, ["worker.mjs"], project));
  assert.equal(nudge, "avoid-calm-down");
  assert.ok(widget.endsWith("/node_modules/empathy-coach/web/widget.js"), widget);
});

test("a TypeScript user type-checks against the installed declarations", async () => {
  await copyFile(path.join(root, "tests", "types", "usage.ts"), path.join(project, "usage.ts"));
  await copyFile(path.join(root, "tests", "types", "tsconfig.json"), path.join(project, "tsconfig.json"));
  await run(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], project);
});
