// empathy-coach: the worker behind loadScorer({ worker: true }). A module Web Worker
// (or a Node worker thread) that owns one scorer and answers the main thread's calls.
// Not imported by hand: web/empathy.js starts it from the URL beside itself.
//
// Protocol: {id, op, args} in; {id, value} or {id, error} out. Models arrive as JSON
// text, read by the main thread; requests arrive as JSON text and results leave as JSON
// text, so both ends share one serialisation (web/empathy.js) and the bytes are the CLI's.
import { loadScorer } from "./empathy.js";

let scorer = null;

const ops = {
  async load(model, overlay, packs) {
    scorer?.dispose();
    scorer = null;
    scorer = await loadScorer({ model: model || undefined, overlay: overlay || undefined, packs: packs ?? "auto" });
  },
  // Every answer is a promise here: a draft whose language has a pack not loaded yet waits
  // for it (the scorer starts loading it), and is scored again by it.
  async scoreJson(json) {
    const out = scorer.scoreJson(json);
    if (!out.includes('"supported":false')) return out;
    await scorer.packsReady();
    return scorer.scoreJson(json);
  },
  loadPack(language) {
    return scorer.loadPack(language);
  },
  setModel(model, overlay) {
    return scorer.setModel({ model: model || undefined, overlay: overlay || undefined });
  },
};

async function answer({ id, op, args }, post) {
  try {
    if (!Object.hasOwn(ops, op)) throw new Error(`unknown call ${op}`);
    post({ id, value: await ops[op](...args) });
  } catch (error) {
    post({ id, error: String(error?.message ?? error) });
  }
}

if (typeof process === "object" && typeof process.versions?.node === "string") {
  const { parentPort } = await import("node:worker_threads");
  parentPort.on("message", (message) => answer(message, (reply) => parentPort.postMessage(reply)));
} else {
  self.addEventListener("message", (event) => answer(event.data, (reply) => self.postMessage(reply)));
}
