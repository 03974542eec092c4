// Worker side of helpers.mjs inWorker(): loads a scorer, says "ready", runs the job and
// posts {value, ms} or {error}.
import { parentPort, workerData } from "node:worker_threads";
import { loadScorer } from "../../web/empathy.js";

const scorer = await loadScorer();
// The job is this suite's own code, sent as text.
const job = new Function(`return (${workerData.job})`)();
parentPort.postMessage({ type: "ready" });
try {
  const started = performance.now();
  const value = await job(scorer, workerData.args);
  parentPort.postMessage({ type: "done", value, ms: performance.now() - started });
} catch (error) {
  parentPort.postMessage({ type: "done", error: String(error?.stack ?? error) });
}
