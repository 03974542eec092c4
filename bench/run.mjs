#!/usr/bin/env node
// Runs every benchmark and rewrites BENCHMARKS.md: native, wasm in Node and in headless
// Chromium, the widget's keystroke to render, size, memory, the peers, and a profile.
// The Markdown is also printed; progress goes to stderr.
//
//   node bench/run.mjs [--smoke] [--out FILE] [--json FILE] [--skip PART,...]
//                      [--native-binary FILE] [--no-profile]
//     --smoke           tiny counts (seconds, not minutes): the tests' check that nothing rotted;
//                       writes no BENCHMARKS.md unless --out is given
//     --out FILE        where the Markdown goes (default: BENCHMARKS.md at the repository root)
//     --json FILE       also write every measurement as JSON
//     --skip PARTS      any of native,node,browser,peers,sizes,memory,profile,archive
//     --native-binary   the empathy_bench to run (default: build/release, else build/native)
//
// Needs: `make bench` (or the release preset and the wasm build) done first.

import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { curve, SMOKE_CURVE, toJsonl, workloads } from "./messages.mjs";
import { findBenchBinary, profile, runNative } from "./native.mjs";
import { runChild, runLoadTimes } from "./node-wasm.mjs";
import { markdown } from "./report.mjs";
import { runSizes } from "./sizes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const START_TMPDIR = process.env.TMPDIR;
export const PARTS = ["native", "node", "browser", "peers", "sizes", "memory", "profile", "archive"];

function parseArgs(argv) {
  const options = { smoke: false, out: null, json: null, skip: new Set(), nativeBinary: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--smoke") options.smoke = true;
    else if (a === "--out") options.out = value();
    else if (a === "--json") options.json = value();
    else if (a === "--skip") for (const p of value().split(",").filter(Boolean)) options.skip.add(p);
    else if (a === "--native-binary") options.nativeBinary = value();
    else if (a === "--no-profile") options.skip.add("profile");
    else if (a === "--help" || a === "-h") options.help = true;
    else throw new Error(`unknown option ${a} (try --help)`);
  }
  for (const p of options.skip) if (!PARTS.includes(p)) throw new Error(`--skip: unknown part ${p}; parts: ${PARTS.join(",")}`);
  return options;
}

async function readOr(file, fallback) {
  try {
    return await readFile(file, "utf8");
  } catch {
    return fallback;
  }
}

/** The machine the numbers come from. */
export async function machine() {
  const cpuinfo = await readOr("/proc/cpuinfo", "");
  const meminfo = await readOr("/proc/meminfo", "");
  const osRelease = await readOr("/etc/os-release", "");
  const memKb = Number(meminfo.match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpu: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown",
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    memoryGB: memKb ? (memKb / 1024 / 1024).toFixed(1) : (os.totalmem() / 2 ** 30).toFixed(1),
    os: osRelease.match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? os.type(),
    kernel: os.release(),
    node: process.version,
    loadStart: os.loadavg()[0].toFixed(2),
  };
}

/**
 * Runs the benchmarks and returns every measurement (report.mjs turns them into Markdown).
 * @param {{smoke?: boolean, skip?: Set<string>, nativeBinary?: string|null, log?: (s: string) => void}} options
 */
export async function runAll({ smoke = false, skip = new Set(), nativeBinary = null, log = () => {} } = {}) {
  const started = performance.now();
  const step = (name) => log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${name}`);
  const results = { machine: await machine() };
  results.machine.smoke = smoke;
  const dir = await mkdtemp(path.join(os.tmpdir(), "empathy-corpus-"));
  try {
    const corpus = { main: path.join(dir, "workloads.jsonl"), curve: path.join(dir, "curve.jsonl") };
    await writeFile(corpus.main, toJsonl(workloads({ perWorkload: smoke ? 2 : 100 })));
    await writeFile(corpus.curve, toJsonl(curve(smoke ? { perPoint: 2, ...SMOKE_CURVE } : { perPoint: 40 })));
    const wasmBuilt = await access(path.join(ROOT, "web/dist/empathy-core.wasm")).then(() => true, () => false);
    if (!wasmBuilt && !["node", "browser", "peers", "memory", "sizes"].every((p) => skip.has(p))) {
      throw new Error("web/dist/empathy-core.wasm is missing: run `make wasm` (or `make bench`) first");
    }

    if (!skip.has("native") || !skip.has("profile")) {
      const binary = nativeBinary ?? await findBenchBinary();
      if (!binary) throw new Error("no empathy_bench binary: run `make bench` (or build the release or native preset) first");
      if (!skip.has("native")) {
        step(`native: ${path.relative(ROOT, binary)}`);
        results.native = await runNative(binary, corpus, { smoke });
        results.machine.compiler = results.native.compiler;
        results.machine.build = results.native.build;
      }
      if (!skip.has("profile") && !smoke) {
        step("profile: callgrind");
        results.profiles = [
          await profile(binary, corpus.main, { workload: "typical/h10", mode: "json", calls: 200 }),
          await profile(binary, corpus.main, { workload: "short/h0", mode: "engine", calls: 2000 }),
        ];
      }
    }
    // Chromium waits on key events and timers; in a smoke run (where numbers mean
    // nothing) the Node parts run meanwhile. A real run keeps them apart.
    const browser = async () => {
      if (skip.has("browser")) return;
      step("headless Chromium: workloads, widget, load");
      const { runBrowser } = await import("./browser.mjs");
      results.browser = await runBrowser({ smoke });
      results.machine.chromium = results.browser.chromium;
    };
    const rest = async () => {
      if (!skip.has("node")) {
        step("wasm in Node: workloads and curve");
        results.node = await runChild("workloads", smoke ? ["--smoke"] : []);
        step("wasm in Node: load and compile in fresh processes");
        results.load = await runLoadTimes({ runs: smoke ? 1 : 5 });
      }
      if (!skip.has("memory")) {
        step("wasm in Node: memory over 100,000 calls");
        results.memory = await runChild("memory", ["--calls", smoke ? "30" : "100000"], ["--expose-gc"]);
      }
      if (!skip.has("peers")) {
        step("peers");
        const { runPeersChild } = await import("./peers.mjs");
        results.peers = await runPeersChild({ smoke });
      }
      if (!skip.has("archive")) {
        // Whole archives through each layer: CLI, Python, Dask (bench/archive.py; needs the
        // native build's Python package).
        step("archive: CLI, Python and Dask");
        const { exec } = await import("./native.mjs");
        const env = { ...process.env, PYTHONPATH: path.join(ROOT, "build", "native", "python") };
        // Not the browser part's TMPDIR, which it removes when it ends (they run side by side in --smoke).
        if (START_TMPDIR === undefined) delete env.TMPDIR;
        else env.TMPDIR = START_TMPDIR;
        const args = [path.join(ROOT, "bench", "archive.py"), "--conversations", smoke ? "200" : "100000"];
        results.archive = JSON.parse(await exec("/usr/bin/python3", args, { env }));
      }
      if (!skip.has("sizes")) {
        step("sizes");
        results.sizes = await runSizes();
        // The size/accuracy curve is measured by scripts/size-accuracy.py (it retrains).
        results.sizeAccuracy = await readFile(path.join(ROOT, "docs", "SIZE_ACCURACY.md"), "utf8").catch(() => null);
      }
    };
    if (smoke) {
      // Both run to the end (Chromium's clean-up included) before a failure is reported.
      const settled = await Promise.allSettled([browser(), rest()]);
      const failed = settled.find((s) => s.status === "rejected");
      if (failed) throw failed.reason;
    } else {
      await rest();
      await browser();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  results.machine.loadEnd = os.loadavg()[0].toFixed(2);
  results.machine.elapsedS = Math.round((performance.now() - started) / 1000);
  results.machine.command = `node bench/run.mjs${smoke ? " --smoke" : ""}`;
  step("done");
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench/run.mjs: ${error.message}`);
    process.exit(2);
  }
  if (options.help) {
    const text = await readFile(fileURLToPath(import.meta.url), "utf8");
    console.log(text.split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n"));
    process.exit(0);
  }
  try {
    const results = await runAll({ ...options, log: (s) => console.error(s) });
    const md = markdown(results);
    const out = options.out ?? (options.smoke ? null : path.join(ROOT, "BENCHMARKS.md"));
    if (out) await writeFile(out, md);
    if (options.json) await writeFile(options.json, JSON.stringify(results, null, 1) + "\n");
    process.stdout.write(md);
    if (out) console.error(`bench/run.mjs: wrote ${path.relative(process.cwd(), out) || out}`);
  } catch (error) {
    console.error(`bench/run.mjs: ${error.stack ?? error.message}`);
    process.exit(1);
  }
}
