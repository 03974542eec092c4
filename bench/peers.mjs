#!/usr/bin/env node
// What a developer would reach for instead, on the same messages in the same run:
// messages per second in Node (CPU time, so a busy machine slows every row alike) and
// the size of what each loads (raw, gzip, brotli), with what each one measures.
//
//   node bench/peers.mjs [--smoke]     prints one JSON document
//
// Rows: sentiment, vader-sentiment, wink-sentiment, alex (dev dependencies), and
// empathy-coach's score({draft}) through the wasm build, with no history, as the
// peers have none. Rounds alternate between the packages and the median round counts.

import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { peerMessages } from "./messages.mjs";
import { median } from "./stats.mjs";
import { compressedSizes } from "./sizes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(ROOT, "package.json"));

/** The peers: package, version, what it measures, and how to call it on one text. */
export const PEERS = [
  { name: "sentiment", measures: "word polarity: AFINN-165 valences summed, with negation" },
  { name: "vader-sentiment", measures: "rule-based polarity (VADER): lexicon, negation, intensifiers, caps, \"!\"" },
  { name: "wink-sentiment", measures: "word polarity: AFINN-165 incl. emoji and emoticons, negation" },
  { name: "alex", measures: "insensitive and inconsiderate wording (retext lint), no score" },
];

async function loadPeer(name) {
  const version = JSON.parse(await readFile(require.resolve(`${name}/package.json`), "utf8")).version;
  const mod = await import(pathToFileURL(require.resolve(name)).href);
  const api = mod.default ?? mod;
  switch (name) {
    case "sentiment": {
      const s = new api();
      return { version, score: (t) => s.analyze(t).score };
    }
    case "vader-sentiment":
      return { version, score: (t) => api.SentimentIntensityAnalyzer.polarity_scores(t).compound };
    case "wink-sentiment":
      return { version, score: (t) => api(t).score };
    case "alex":
      return { version, score: (t) => (mod.text ?? api.text)(t).messages.length };
    default:
      throw new Error(`unknown peer ${name}`);
  }
}

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let sink = 0;

/** Messages per CPU second (and per wall second) over `texts`, for at least `minMs`. */
function rate(score, texts, minMs, minCalls) {
  const n = texts.length;
  let calls = 0;
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  let elapsed;
  do {
    for (let k = 0; k < 16; k++) sink += Number(score(texts[calls++ % n])) || 0;
    elapsed = performance.now() - wall0;
  } while (elapsed < minMs || calls < minCalls);
  const cpu = cpuMs() - cpu0;
  return { calls, perSecond: (calls * 1000) / elapsed, perCpuSecond: cpu > 0 ? (calls * 1000) / cpu : (calls * 1000) / elapsed };
}

/** Files the package loads, from a child process (bench/trace-modules.mjs). */
export function traceModules(name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bench/trace-modules.mjs"), name], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`trace-modules ${name}: exit ${code}: ${err.trim().slice(-1500)}`));
      resolve(JSON.parse(out));
    });
  });
}

/** Raw, gzip and brotli bytes of the files concatenated, as a bundle would hold them. */
export async function bundleSize(files) {
  const buffers = await Promise.all(files.map((f) => readFile(f)));
  return { files: files.length, ...compressedSizes(Buffer.concat(buffers)) };
}

/**
 * @param {{smoke?: boolean, rounds?: number, minMs?: number}} options
 */
export async function runPeers({ smoke = false, rounds = smoke ? 1 : 3, minMs = smoke ? 5 : 400,
  traced = smoke ? ["sentiment"] : PEERS.map((p) => p.name) } = {}) {
  const messages = peerMessages({ perWorkload: smoke ? 3 : 100 });
  const { loadScorer } = await import(pathToFileURL(path.join(ROOT, "web/empathy.js")).href);
  const scorer = await loadScorer();
  const rows = [];
  for (const peer of PEERS) rows.push({ ...peer, ...(await loadPeer(peer.name)) });
  const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
  rows.push({
    name: "empathy-coach", version: pkg.version, own: true,
    measures: "empathy: 8 behaviour families with spans, customer state, 4 components, score, nudges",
    score: (t) => scorer.score({ draft: t }).score,
  });

  const sizes = Object.keys(messages);
  const results = Object.fromEntries(rows.map((r) => [r.name, Object.fromEntries(sizes.map((s) => [s, []]))]));
  for (const row of rows) for (const s of sizes) row.score(messages[s][0]);  // load lazy data, first JIT
  for (let round = 0; round < rounds; round++) {
    for (const s of sizes) {
      for (const row of rows) {
        // alex is ~1,000x slower than the rest: fewer calls, same time.
        results[row.name][s].push(rate(row.score, messages[s], minMs / rounds, smoke ? 2 : 5));
      }
    }
  }
  scorer.dispose();

  const out = [];
  for (const row of rows) {
    const entry = { name: row.name, version: row.version, measures: row.measures, own: Boolean(row.own), bySize: {} };
    for (const s of sizes) {
      const runs = results[row.name][s];
      entry.bySize[s] = {
        perCpuSecond: median(runs.map((r) => r.perCpuSecond)),
        perSecond: median(runs.map((r) => r.perSecond)),
        calls: runs.reduce((t, r) => t + r.calls, 0),
      };
    }
    if (!row.own && traced.includes(row.name)) {
      const files = await traceModules(row.name);
      entry.size = await bundleSize(files);
    }
    out.push(entry);
  }
  return { rounds, messages: Object.fromEntries(sizes.map((s) => [s, messages[s].length])), peers: out, sink };
}

/** runPeers() in a fresh Node process, so no other benchmark's JIT state or heap is around. */
export function runPeersChild({ smoke = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...(smoke ? ["--smoke"] : [])], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`peers.mjs exited with ${code}: ${err.trim().slice(-1500)}`));
      resolve(JSON.parse(out));
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(await runPeers({ smoke: process.argv.includes("--smoke") })) + "\n");
}
