// The wasm workloads in the browser: bench/browser.mjs opens this page and calls
// window.benchWasm.run(name, options) once per workload (the same code Node runs).
import { loadScorer } from "../../web/empathy.js";
import { curve, SMOKE_CURVE, workloads } from "../messages.mjs";
import { measureSet, sinkValue } from "../wasm-workloads.mjs";

const scorer = await loadScorer();
const sets = new Map();

window.benchWasm = {
  /** Measures one workload ("short/h10") or curve point ("curve/draft/500"). */
  run(name, { perWorkload = 100, perPoint = 40, smoke = false, ...options } = {}) {
    if (sets.size === 0) {
      for (const s of workloads({ perWorkload })) sets.set(s.name, s);
      for (const s of curve({ perPoint, ...(smoke ? SMOKE_CURVE : {}) })) sets.set(s.name, s);
    }
    const set = sets.get(name);
    if (!set) throw new Error(`no workload ${name}`);
    const result = measureSet(scorer, set, options);
    result.sink = sinkValue();
    return result;
  },
  names({ smoke = false } = {}) {
    return { workloads: workloads({ perWorkload: 1 }).map((s) => s.name),
      curve: curve({ perPoint: 1, ...(smoke ? SMOKE_CURVE : {}) }).map((s) => s.name) };
  },
  clock() {
    return { crossOriginIsolated: globalThis.crossOriginIsolated === true };
  },
};
document.getElementById("status").textContent = "Ready.";
document.documentElement.dataset.ready = "true";
