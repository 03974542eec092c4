// A smoke run of every benchmark (`node bench/run.mjs --smoke`: tiny counts), so that
// none of them rots: native, wasm in Node, headless Chromium (workloads, load, widget),
// memory, peers, sizes, and the Markdown report. Benchmarks report numbers; this only
// checks that each one runs and reports. Parts whose build is missing are skipped.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const exists = (p) => access(path.join(ROOT, p)).then(() => true, () => false);

let dir;
let results;
let md;
const skipped = new Set();

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "empathy-bench-smoke-"));
  // The native bench is part of every native preset: build it where `make native` did.
  let binary = null;
  if (await exists("build/native/CMakeCache.txt")) {
    // A tree configured before bench/ existed does not know the target yet: configure
    // it again, as `make native` does before every build.
    if (!(await exists("build/native/bench"))) await run("cmake", ["--preset", "native"], { cwd: ROOT, maxBuffer: 1 << 24 });
    await run("cmake", ["--build", "--preset", "native", "--target", "empathy_bench"], { cwd: ROOT, maxBuffer: 1 << 24 });
    binary = path.join(ROOT, "build/native/bench/empathy_bench");
  } else if (await exists("build/release/bench/empathy_bench")) {
    binary = path.join(ROOT, "build/release/bench/empathy_bench");
  }
  if (!binary) skipped.add("native").add("profile");
  if (!(await exists("web/dist/empathy-core.wasm"))) for (const p of ["node", "browser", "peers", "memory", "sizes"]) skipped.add(p);
  if (!(await access(process.env.CHROMIUM ?? "/usr/bin/chromium").then(() => true, () => false))) skipped.add("browser");
  if (!(await exists("build/native/python/empathy_coach/__init__.py"))) skipped.add("archive");
  const args = ["bench/run.mjs", "--smoke", "--out", path.join(dir, "BENCHMARKS.md"), "--json", path.join(dir, "results.json")];
  if (binary) args.push("--native-binary", binary);
  if (skipped.size) args.push("--skip", [...skipped].join(","));
  await run(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 24, timeout: 120_000 });
  results = JSON.parse(await readFile(path.join(dir, "results.json"), "utf8"));
  md = await readFile(path.join(dir, "BENCHMARKS.md"), "utf8");
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const WORKLOADS = ["short", "typical", "long"].flatMap((s) => [0, 10, 100].map((h) => `${s}/h${h}`));

test("the native bench measures every workload with both entry points", (t) => {
  if (skipped.has("native")) return t.skip("no native build");
  const names = results.native.workloads.map((w) => w.name);
  for (const name of WORKLOADS) assert.ok(names.includes(name), name);
  for (const w of results.native.workloads) {
    for (const key of ["engine", "json"]) {
      assert.ok(w[key].p50_ns > 0 && w[key].p99_ns >= w[key].p50_ns, `${w.name} ${key}`);
      assert.ok(w[key].per_cpu_second > 0, `${w.name} ${key} throughput`);
    }
    if (w.name.startsWith("curve/")) continue;  // the curve is measured without stages
    assert.ok(w.stages.parse_ns > 0 && w.stages.score_ns > 0 && w.stages.serialise_ns > 0, `${w.name} stages`);
  }
  assert.ok(names.some((n) => n.startsWith("curve/draft/")) && names.some((n) => n.startsWith("curve/history/")));
  assert.ok(results.native.memory.resident_kb_after > 0);
});

test("whole archives: the CLI, Python and Dask each score the generated archive", (t) => {
  if (skipped.has("archive")) return t.skip("no Python package build");
  assert.equal(results.archive.conversations, 200);
  const layers = results.archive.rows.map((r) => r.layer);
  for (const [prefix, n] of [["CLI", 2], ["Python", 3], ["Dask", 2]]) assert.equal(layers.filter((l) => l.startsWith(prefix)).length, n, prefix);
  for (const r of results.archive.rows) assert.ok(r.seconds > 0 && r.per_second > 0, r.layer);
  assert.match(md, /## Whole archives[\s\S]*\| Dask, 2 workers/);
  // The bars are checked in the headline table (met or missed, never "not run").
  assert.match(md, /\| 200 conversations, `--jobs 2` against `--jobs 1` \| ≥ 1\.8x \| [\d.]+x \| (met|\*\*missed\*\*) \|/);
  assert.match(md, /Dask overhead over the engine, 1 worker \(2 workers on the 2 cores\) \| < 25% \| -?[\d.]+% \(-?[\d.]+%\) \| (met|\*\*missed\*\*) \|/);
});

test("wasm in Node: workloads with the boundary's parts, the curve, load times", (t) => {
  if (skipped.has("node")) return t.skip("no wasm build");
  assert.deepEqual(results.node.workloads.map((w) => w.name), WORKLOADS);
  for (const w of results.node.workloads) {
    assert.ok(w.score.p50 > 0 && w.scoreJson.p50 > 0 && w.score.perCpuSecond > 0, w.name);
    for (const part of ["stringify", "floor", "input", "result"]) assert.ok(w.parts[part] > 0, `${w.name} ${part}`);
  }
  assert.ok(results.node.curve.some((p) => p.name.startsWith("curve/draft/")));
  assert.ok(results.node.curve.some((p) => p.name.startsWith("curve/history/")));
  for (const key of ["compileMs", "loadScorerMs", "modelLoadMs", "firstScoreMs"]) assert.ok(results.load[key] > 0, key);
});

test("memory: the wasm heap is read at each checkpoint", (t) => {
  if (skipped.has("memory")) return t.skip("no wasm build");
  const points = results.memory.points;
  assert.equal(points[0].calls, 0);
  assert.equal(points.at(-1).calls, 30);
  for (const p of points) assert.ok(p.wasmHeapBytes > 0 && p.jsHeapBytes > 0);
});

test("headless Chromium: workloads, load, and keystroke to render with the real widget", (t) => {
  if (skipped.has("browser")) return t.skip("no Chromium or no wasm build");
  const b = results.browser;
  assert.deepEqual(b.wasm.workloads.map((w) => w.name), WORKLOADS);
  for (const w of b.wasm.workloads) assert.ok(w.score.perSecond > 0, w.name);
  assert.ok(b.load.loadScorerMs > 0 && b.load.compileMs >= 0);
  assert.ok(b.widget.keystrokes > 0, "keystrokes were recorded");
  assert.ok(b.widget.updates + b.widget.idleUpdates > 0, "the widget scored and rendered");
  assert.ok(b.widget.keyToFrame.n > 0);
});

test("peers: every package is measured on the same messages, with its size", (t) => {
  if (skipped.has("peers")) return t.skip("no wasm build");
  const names = results.peers.peers.map((p) => p.name);
  assert.deepEqual(names, ["sentiment", "vader-sentiment", "wink-sentiment", "alex", "empathy-coach"]);
  for (const p of results.peers.peers) assert.ok(p.bySize.short.perCpuSecond > 0, p.name);
  const traced = results.peers.peers.find((p) => p.name === "sentiment").size;
  assert.ok(traced.files > 0 && traced.gzip > 0 && traced.brotli > 0);
});

test("sizes: wasm, JS and model, raw, gzip and brotli", (t) => {
  if (skipped.has("sizes")) return t.skip("no wasm build");
  for (const f of results.sizes.files) assert.ok(f.raw > f.gzip && f.gzip > 0 && f.brotli > 0, f.file);
  assert.ok(results.sizes.download.gzip > results.sizes.scorer.gzip);
});

test("the report has every section, the machine and the date", () => {
  for (const heading of ["# Benchmarks", "## Headline", "## Native", "## How cost grows", "## wasm in Node",
    "## wasm in headless Chromium", "## Load and instantiate", "## Widget: keystroke to render", "## Size",
    "## Memory", "## Peers", "## Profile", "## Method"]) {
    assert.ok(md.includes(`\n${heading}\n`) || md.startsWith(`${heading}\n`), heading);
  }
  assert.match(md, /- Date: \d{4}-\d\d-\d\dT/);
  assert.match(md, /- Machine: .+, \d+ cores \(nproc\), [\d.]+ GB memory/);
  assert.match(md, /SMOKE RUN/);
  assert.doesNotMatch(md, /NaN|undefined/);
});
