// Model load and instantiate time on a page's first visit (bench/browser.mjs opens it in
// a fresh browser profile each time). load.html?compile measures WebAssembly.compile
// of the fetched bytes alone instead, also in a browser that has compiled nothing yet.
import { workloads } from "../messages.mjs";

const wasmUrl = new URL("../../web/dist/empathy-core.wasm", import.meta.url);

async function measureLoad() {
  const t0 = performance.now();
  const { loadScorer, defaultModel } = await import("../../web/empathy.js");
  const t1 = performance.now();
  const scorer = await loadScorer();  // glue, wasm fetch + compile + instantiate, built-in model
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
  const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith("empathy-core.wasm"));
  second.dispose();
  scorer.dispose();
  return { importModuleMs: t1 - t0, loadScorerMs: t2 - t1, secondScorerMs: t3 - t2, firstScoreMs: t4 - t3,
    modelLoadMs: t6 - t5, wasmFetchMs: wasm ? wasm.responseEnd - wasm.startTime : null };
}

async function measureCompile() {
  const bytes = await (await fetch(wasmUrl)).arrayBuffer();
  const t0 = performance.now();
  await WebAssembly.compile(bytes);
  return { compileMs: performance.now() - t0, wasmBytes: bytes.byteLength };
}

try {
  window.loadResult = await (new URL(location.href).searchParams.has("compile") ? measureCompile() : measureLoad());
} catch (error) {
  window.loadResult = { error: String(error?.stack ?? error) };
}
document.getElementById("status").textContent = "Done.";
document.documentElement.dataset.ready = "true";
