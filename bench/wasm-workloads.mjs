// The wasm workloads, shared by Node (bench/node-wasm.mjs) and Chromium (bench/page/):
// latency and throughput of the public API on each workload, and where the time of one
// call goes. No imports beyond stats.mjs, so it runs in both.
//
// Per workload:
//   score      scorer.score(request): JSON.stringify, the call into wasm, parse + score +
//              serialise in wasm, JSON.parse into the result object (the public API)
//   scoreJson  scorer.scoreJson(text): the call into wasm and the wasm work only
//   parts      medians of the pieces, each measured alone on the same messages:
//              stringify   JSON.stringify(request) in JS
//              floor       scoreJson("0"): the smallest round trip through the boundary
//              input       scoreJson(request + "turns"): the request's bytes cross the
//                          boundary and are parsed, then refused before scoring
//              result      JSON.parse(result text) in JS: building the result object
// Times are microseconds. Where the clock is coarse (a browser without cross-origin
// isolation rounds performance.now() to 100 µs), each latency sample times a batch of
// consecutive calls and divides.

import { mean, median, percentile } from "./stats.mjs";

let sink = 0;

/** What a run keeps alive so no call can be optimised away; read it once at the end. */
export function sinkValue() {
  return sink;
}

/**
 * Calls per sample so that one sample lasts at least `sampleMs`. Warms the code up first
 * (the first calls run before the engine's optimising tier), then times calls until the
 * clock has clearly moved: a browser's clock ticks every 100 µs.
 */
function batchFor(call, now, sampleMs) {
  let i = 0;
  for (const until = now() + 10; now() < until || i < 20;) call(i++);
  const t0 = now();
  let calls = 0;
  while (now() - t0 < 2 && calls < 1e6) {
    call(i++);
    calls++;
  }
  const perCall = (now() - t0) / calls;
  return Math.max(1, Math.ceil(sampleMs / perCall));
}

/**
 * Latency samples (µs per call) of call(i), i = 0, 1, ...: until `minMs` have passed and
 * `minCalls` calls were made, or `maxCalls` (but one sample at least). With `sampleMs`, a batch that took less than
 * half of it is too short for the clock: it is not kept, and the batch doubles.
 */
function latency(call, { minMs, minCalls, maxCalls, batch, now, sampleMs = 0 }) {
  const samples = [];
  let i = 0;
  const start = now();
  while (i < maxCalls || samples.length === 0) {
    const t0 = now();
    for (let k = 0; k < batch; k++) call(i++);
    const elapsed = now() - t0;
    if (sampleMs > 0 && elapsed < sampleMs / 2 && batch < 1e6) batch *= 2;
    else samples.push((elapsed * 1000) / batch);
    if (i >= minCalls && now() - start >= minMs && samples.length > 0) break;
  }
  return samples;
}

/** Calls per second of wall time and, where a CPU clock is given, per CPU second. */
function throughput(call, { minMs, minCalls, maxCalls, now, cpu, chunk }) {
  let calls = 0;
  const wall0 = now();
  const cpu0 = cpu?.();
  let elapsed;
  do {
    for (let k = 0; k < chunk; k++) call(calls++);
    elapsed = now() - wall0;
  } while ((elapsed < minMs || calls < minCalls) && calls < maxCalls);
  const cpuMs = cpu ? cpu() - cpu0 : null;
  return { calls, perSecond: (calls * 1000) / elapsed, perCpuSecond: cpuMs ? (calls * 1000) / cpuMs : null };
}

function summary(samples, rate) {
  return { calls: rate.calls, samples: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99),
    mean: mean(samples), perSecond: rate.perSecond, perCpuSecond: rate.perCpuSecond };
}

/**
 * Measures one set of requests.
 * @param {{score(r: object): object, scoreJson(t: string): string}} scorer from loadScorer()
 * @param {{name: string, requests: object[]}} set
 * @param {{minMs?: number, minCalls?: number, maxCalls?: number, sampleMs?: number,
 *   now?: () => number, cpu?: () => number, parts?: boolean, latency?: boolean, throughput?: boolean}} options
 *   now: a millisecond clock (performance.now); cpu: a CPU-time clock in ms, if there is one;
 *   sampleMs: 0 times every call alone, else batches last at least this long;
 *   latency: false for throughput alone, throughput: false for latency alone (the curve:
 *   throughput where there is a CPU clock, latency in a browser).
 */
export function measureSet(scorer, set, options = {}) {
  const { minMs = 300, minCalls = 50, maxCalls = 1e7, sampleMs = 0, now = () => performance.now(), cpu,
    parts = true } = options;
  const requests = set.requests;
  const n = requests.length;
  const texts = requests.map((r) => JSON.stringify(r));
  const results = texts.map((t) => scorer.scoreJson(t));
  const firstError = results.find((t) => t.startsWith('{"error"'));
  if (firstError) throw new Error(`${set.name}: the scorer refused a request: ${firstError}`);

  const callScore = (i) => { sink += scorer.score(requests[i % n]).score; };
  const callJson = (i) => { sink += scorer.scoreJson(texts[i % n]).length; };
  const out = {
    name: set.name, messages: n,
    draftChars: mean(requests.map((r) => r.draft.length)),
    historyTurns: mean(requests.map((r) => r.history?.length ?? 0)),
    requestBytes: mean(texts.map((t) => t.length)),
    resultBytes: mean(results.map((t) => t.length)),
  };
  const common = { minMs, minCalls, maxCalls, now, cpu };
  for (const [key, call] of [["score", callScore], ["scoreJson", callJson]]) {
    const batch = sampleMs > 0 ? batchFor(call, now, sampleMs) : 1;
    const chunk = Math.max(1, batchFor(call, now, 2));
    const samples = options.latency === false ? [] : latency(call, { ...common, batch, sampleMs });
    const rate = options.throughput === false ? { calls: 0, perSecond: null, perCpuSecond: null }
      : throughput(call, { ...common, chunk });
    out[key] = { ...summary(samples, rate), batch };
  }
  if (parts) {
    const quick = { ...common, minMs: minMs / 3, batch: 0 };
    const inputs = texts.map((t) => `{"turns":0,${t.slice(1)}`);
    // Medians of batches (each ≥ 50 µs, or sampleMs): robust to the odd preempted sample.
    const piece = (call) => {
      const pieceMs = sampleMs > 0 ? sampleMs : 0.05;
      const batch = Math.max(1, batchFor(call, now, pieceMs));
      return median(latency(call, { ...quick, batch, sampleMs: pieceMs }));
    };
    out.parts = {
      stringify: piece((i) => { sink += JSON.stringify(requests[i % n]).length; }),
      floor: piece(() => { sink += scorer.scoreJson("0").length; }),
      input: piece((i) => { sink += scorer.scoreJson(inputs[i % n]).length; }),
      result: piece((i) => { sink += JSON.parse(results[i % n]).score; }),
    };
  }
  return out;
}

/** Measures every set in turn; `onProgress(name)` before each. */
export function measureSets(scorer, sets, options = {}, onProgress = () => {}) {
  const out = [];
  for (const set of sets) {
    onProgress(set.name);
    out.push(measureSet(scorer, set, options));
  }
  return out;
}
