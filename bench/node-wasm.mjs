#!/usr/bin/env node
// The wasm build in Node, always through the public API (web/empathy.js): the workloads,
// model load and instantiate time in fresh processes, and the wasm heap over many calls.
//
//   node bench/node-wasm.mjs workloads [--smoke]   latency, throughput, parts, curve
//   node bench/node-wasm.mjs load                  one cold load, in this process
//   node bench/node-wasm.mjs compile               WebAssembly.compile alone, cold
//   node --expose-gc bench/node-wasm.mjs memory [--calls N]
// Each prints one JSON document. run.mjs runs them in child processes, so every
// measurement starts from a fresh V8 (no JIT or wasm code cache carried over).

import { readFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { curve, SMOKE_CURVE, workloads } from "./messages.mjs";
import { measureSets, sinkValue } from "./wasm-workloads.mjs";
import { median } from "./stats.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EMPATHY_JS = pathToFileURL(path.join(ROOT, "web/empathy.js")).href;
const CORE_WASM = path.join(ROOT, "web/dist/empathy-core.wasm");

/** Milliseconds of CPU time this process has used (user + system). */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The workloads and the curve through loadScorer(). */
export async function runWorkloads({ smoke = false, minMs = smoke ? 5 : 300 } = {}) {
  const { loadScorer } = await import(EMPATHY_JS);
  const scorer = await loadScorer();
  const options = { minMs, minCalls: smoke ? 3 : 50, maxCalls: smoke ? 6 : 1e7, cpu: cpuMs };
  const perWorkload = smoke ? 2 : 100;
  const main = measureSets(scorer, workloads({ perWorkload }), options);
  const points = measureSets(scorer, curve(smoke ? { perPoint: 2, ...SMOKE_CURVE } : { perPoint: 40 }),
    { ...options, minMs: smoke ? 5 : 150, parts: false, latency: false });
  scorer.dispose();
  return { workloads: main, curve: points, sink: sinkValue() };
}

/** One cold load, as an app's first loadScorer() would do it. */
export async function runLoad() {
  const t0 = performance.now();
  const { loadScorer, defaultModel } = await import(EMPATHY_JS);
  const t1 = performance.now();
  const scorer = await loadScorer();  // glue import, wasm read + compile + instantiate, built-in model
  const t2 = performance.now();
  const second = await loadScorer();  // the core is loaded
  const t3 = performance.now();
  const [request] = workloads({ perWorkload: 1 }).find((w) => w.name === "typical/h10").requests;
  const first = scorer.score(request);
  const t4 = performance.now();
  if (typeof first.score !== "number") throw new Error(`first score failed: ${JSON.stringify(first)}`);
  const model = await defaultModel();
  const t5 = performance.now();
  await second.setModel({ model });   // a model given as JSON: parse, validate, compile
  const t6 = performance.now();
  second.dispose();
  scorer.dispose();
  return { importModuleMs: t1 - t0, loadScorerMs: t2 - t1, secondScorerMs: t3 - t2, firstScoreMs: t4 - t3,
    modelLoadMs: t6 - t5 };
}

/** WebAssembly.compile of the .wasm bytes alone, in a process that has compiled nothing. */
export async function runCompile() {
  const bytes = await readFile(CORE_WASM);
  const t0 = performance.now();
  await WebAssembly.compile(bytes);
  return { compileMs: performance.now() - t0, wasmBytes: bytes.length };
}

/**
 * The wasm heap (the instance's linear memory) while one scorer from loadScorer() scores
 * `calls` messages of every workload in turn through the public API, with the JS heap
 * (after gc, when --expose-gc is on) beside it. The memory is found by watching
 * WebAssembly.instantiate, so nothing here depends on how the boundary is built.
 */
export async function runMemory({ calls = 100_000 } = {}) {
  let memory = null;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function watched(...args) {
    const result = await instantiate.apply(this, args);
    const instance = result.instance ?? result;
    for (const value of Object.values(instance.exports ?? {})) if (value instanceof WebAssembly.Memory) memory = value;
    return result;
  };
  let scorer;
  try {
    const { loadScorer } = await import(EMPATHY_JS);
    scorer = await loadScorer();
  } finally {
    WebAssembly.instantiate = instantiate;
  }
  if (!memory) throw new Error("memory: the wasm instance exports no memory (or was not instantiated through WebAssembly.instantiate)");
  // Every workload; the 100-turn ones (a few ms each) less often, as in real use.
  const requests = workloads({ perWorkload: 20 }).flatMap((w) => w.requests.slice(0, w.history === 100 ? 4 : 20));
  const gc = globalThis.gc ?? (() => {});
  const checkpoints = [0, 1_000, 10_000, 100_000, 1_000_000].filter((c) => c < calls).concat(calls);
  const snapshot = (done) => {
    gc();
    return { calls: done, wasmHeapBytes: memory.buffer.byteLength, jsHeapBytes: process.memoryUsage().heapUsed };
  };
  const points = [];
  let done = 0;
  let sink = 0;
  for (const target of checkpoints) {
    for (; done < target; done++) {
      const result = scorer.score(requests[done % requests.length]);
      if (typeof result.score !== "number") throw new Error(`memory: call ${done} failed: ${JSON.stringify(result).slice(0, 200)}`);
      sink += result.score;
    }
    points.push(snapshot(done));
  }
  scorer.dispose();
  return { points, messages: requests.length, gcExposed: typeof globalThis.gc === "function", sink };
}

/** Runs `node [flags] bench/node-wasm.mjs part args...` and returns its JSON. */
export function runChild(part, args = [], flags = []) {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, script, part, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`node-wasm.mjs ${part} exited with ${code}: ${err.trim().slice(-1500)}`));
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(new Error(`node-wasm.mjs ${part}: bad output: ${e.message}: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** Load and compile times: the median of `runs` fresh processes each. */
export async function runLoadTimes({ runs = 5 } = {}) {
  const loads = [];
  const compiles = [];
  for (let i = 0; i < runs; i++) {
    loads.push(await runChild("load"));
    compiles.push(await runChild("compile"));
  }
  const pick = (list, key) => median(list.map((x) => x[key]));
  return {
    runs,
    importModuleMs: pick(loads, "importModuleMs"),
    compileMs: pick(compiles, "compileMs"),
    loadScorerMs: pick(loads, "loadScorerMs"),
    secondScorerMs: pick(loads, "secondScorerMs"),
    modelLoadMs: pick(loads, "modelLoadMs"),
    firstScoreMs: pick(loads, "firstScoreMs"),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [part, ...rest] = process.argv.slice(2);
  const smoke = rest.includes("--smoke");
  const callsAt = rest.indexOf("--calls");
  const calls = callsAt >= 0 ? Number(rest[callsAt + 1]) : undefined;
  const parts = {
    workloads: () => runWorkloads({ smoke }),
    load: runLoad,
    compile: runCompile,
    memory: () => runMemory(calls ? { calls } : {}),
  };
  if (!parts[part]) {
    console.error("usage: node bench/node-wasm.mjs workloads|load|compile|memory [--smoke] [--calls N]");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(await parts[part]()) + "\n");
}
