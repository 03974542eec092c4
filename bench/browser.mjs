#!/usr/bin/env node
// The benchmarks in headless Chromium (playwright-core, the system /usr/bin/chromium),
// against the repository served by examples/serve.mjs under its strict CSP:
//   workloads  bench/page/wasm.html: the same workloads and curve as in Node
//   load       bench/page/load.html: loadScorer() on a first visit, each in a fresh profile
//   widget     bench/page/widget.html: keystroke to render while typing replies
//   dashboard  examples/dashboard/: a file of 100,000 generated conversations opened,
//              scored in its workers, filtered and scrolled
//
//   node bench/browser.mjs [--smoke]   prints one JSON document
//
// Everything the browser writes (profile, temp files, HOME) goes to a temporary folder
// that is removed afterwards.

import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { generate, toJsonLines } from "../examples/data/generate.mjs";
import { startServer } from "../examples/serve.mjs";
import { readProbe, startProbe } from "./page-probe.mjs";
import { median, summarize } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A fresh headless Chromium with its own profile under `dir`; returns the context. */
async function launch(dir) {
  const dirs = { profile: path.join(dir, "profile"), tmp: path.join(dir, "tmp"), home: path.join(dir, "home") };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  return chromium.launchPersistentContext(dirs.profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    env: { ...process.env, TMPDIR: dirs.tmp, HOME: dirs.home },
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
}

async function openPage(context, url) {
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.stack ?? e)));
  await page.goto(url);
  try {
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 30_000 });
  } catch (error) {
    throw new Error(`${url} did not get ready: ${errors.join("; ") || error.message}`, { cause: error });
  }
  return page;
}

/** Workloads and curve through the wasm build in the page. */
async function runWorkloads(context, server, { smoke }) {
  const page = await openPage(context, new URL("bench/page/wasm.html", server.url).href);
  const names = await page.evaluate((o) => window.benchWasm.names(o), { smoke });
  const clock = await page.evaluate(() => window.benchWasm.clock());
  // The page's clock is coarse (100 µs unless cross-origin isolated): time batches of 1 ms.
  const base = smoke
    ? { smoke: true, perWorkload: 2, perPoint: 2, minMs: 5, minCalls: 2, maxCalls: 6, sampleMs: 0.2 }
    : { perWorkload: 100, perPoint: 40, minMs: 300, minCalls: 50, sampleMs: 1 };
  const workloads = [];
  for (const name of names.workloads) workloads.push(await page.evaluate(([n, o]) => window.benchWasm.run(n, o), [name, base]));
  const curve = [];
  const curveOptions = { ...base, minMs: smoke ? 5 : 120, parts: false, throughput: false };
  for (const name of names.curve) curve.push(await page.evaluate(([n, o]) => window.benchWasm.run(n, o), [name, curveOptions]));
  return { workloads, curve, crossOriginIsolated: clock.crossOriginIsolated };
}

/**
 * loadScorer() on a first visit, in `runs` fresh browsers, and compile alone in as many
 * more. With `context`, in new pages of that browser instead (a smoke run: not cold).
 */
async function runLoad(server, dir, { runs, context: shared = null }) {
  const loads = [];
  const compiles = [];
  for (let i = 0; i < runs * 2; i++) {
    const compile = i % 2 === 1;
    const context = shared ?? await launch(path.join(dir, `load-${i}`));
    try {
      const page = shared ? await shared.newPage() : undefined;
      const url = new URL(`bench/page/load.html${compile ? "?compile" : ""}`, server.url).href;
      if (page) await page.goto(url);
      const ready = page ?? await openPage(context, url);
      if (page) await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 30_000 });
      const result = await ready.evaluate(() => window.loadResult);
      if (result.error) throw new Error(`load.html: ${result.error}`);
      (compile ? compiles : loads).push(result);
      if (page) await page.close();
    } finally {
      if (!shared) await context.close();
    }
  }
  const pick = (list, key) => median(list.map((x) => x[key]));
  return {
    runs,
    importModuleMs: pick(loads, "importModuleMs"),
    wasmFetchMs: pick(loads, "wasmFetchMs"),
    compileMs: pick(compiles, "compileMs"),
    loadScorerMs: pick(loads, "loadScorerMs"),
    secondScorerMs: pick(loads, "secondScorerMs"),
    modelLoadMs: pick(loads, "modelLoadMs"),
    firstScoreMs: pick(loads, "firstScoreMs"),
  };
}

/** Types the session's replies with real key events and collects the page's samples. */
async function runWidget(context, server, { smoke }) {
  const page = await openPage(context, new URL("bench/page/widget.html", server.url).href);
  const session = await page.evaluate(() => window.widgetBench.session);
  const debounce = await page.evaluate(() => window.widgetBench.debounce);
  const replies = smoke ? session.replies.slice(0, 1).map((r) => ({ ...r, bursts: r.bursts.slice(0, 2) })) : session.replies;
  const keys = [];
  const updates = [];
  let typed = 0;
  for (const reply of replies) {
    await page.evaluate(() => window.widgetBench.reset());
    await page.focus("#reply");
    for (const burst of reply.bursts) {
      await page.keyboard.type(burst.text, { delay: burst.keyDelay });
      typed += burst.text.length;
      await page.waitForTimeout(burst.pause);
    }
    await page.waitForTimeout(400);  // the last scoring and its frame
    const s = await page.evaluate(() => window.widgetBench.samples());
    keys.push(...s.keys);
    updates.push(...s.updates);
  }
  const all = updates.filter((u) => u.painted !== undefined);
  // The widget scores when the debounce ends, and also, during a long burst of typing,
  // when the browser is idle (its maxWait): those start sooner after the last keystroke.
  // The coarse clock (100 µs) and timer slack allow 2 ms.
  const done = all.filter((u) => u.start - u.input >= debounce - 2);
  const idle = all.filter((u) => u.start - u.input < debounce - 2);
  const since = (list, f) => summarize(list.map(f));
  const keyed = keys.filter((k) => k.frame !== undefined && k.handled !== undefined);
  return {
    debounceMs: debounce,
    replies: replies.length,
    characters: typed,
    keystrokes: keys.length,
    updates: done.length,
    idleUpdates: idle.length,
    // Headline: from the moment the debounce ends to the next frame after render.
    afterDebounceToFrame: since(done, (u) => u.frame - (u.input + debounce)),
    afterDebounceToPainted: since(done, (u) => u.painted - (u.input + debounce)),
    afterDebounceToRendered: since(done, (u) => u.rendered - (u.input + debounce)),
    inputToFrame: since(done, (u) => u.frame - u.input),
    timerLate: since(done, (u) => u.start - (u.input + debounce)),
    work: since(all, (u) => u.rendered - u.start),
    score: since(all, (u) => u.scored - u.start),
    render: since(all, (u) => u.rendered - u.scored),
    startToFrame: since(all, (u) => u.frame - u.start),
    idleStartToFrame: since(idle, (u) => u.frame - u.start),
    keyHandler: since(keyed, (k) => k.handled - k.input),
    keyToFrame: since(keyed, (k) => k.frame - k.input),
    draftChars: since(all, (u) => u.chars),
  };
}

/**
 * The dashboard with a big file: open it with the file input, wait until every conversation is
 * scored (in the page's workers) and drawn, then change a filter and scroll the list to its
 * end. The page's main thread is watched throughout: its long tasks (PerformanceObserver) and
 * a 50 ms heartbeat, the longest time it could not answer.
 */
async function runDashboard(context, server, dir, { smoke }) {
  const count = smoke ? 300 : 100_000;
  const file = path.join(dir, "conversations.jsonl");
  await writeFile(file, toJsonLines(generate({ count })));
  const page = await openPage(context, new URL("examples/dashboard/", server.url).href);
  await page.evaluate(startProbe);
  const rendered = () => page.evaluate(() => Number(document.documentElement.dataset.rendered));
  const before = await rendered();
  const started = Date.now();
  await page.locator("#file").setInputFiles(file);
  // Loaded: every conversation scored, and the page drawn with them.
  await page.waitForFunction(([n, r]) => window.empathyDashboard.state.items.length === n && Number(document.documentElement.dataset.rendered) > r,
    [count, before], { timeout: 900_000, polling: 100 });
  const loadS = (Date.now() - started) / 1000;
  const loaded = {
    ...await page.evaluate(() => {
      const { timings } = window.empathyDashboard.state;
      return {
        workers: window.empathyDashboard.state.pool.workers.length,
        scoringMs: timings.load,
        firstRenderMs: timings.render,  // the work of the parts, without the pauses between them
        heapMb: performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null,
      };
    }),
    ...await page.evaluate(readProbe, false),
  };
  await page.evaluate(startProbe);  // from here on, what the filters cost the main thread
  // A filter: the whole page again (figures, intervals, charts, agents, list) for one team, from
  // the change to the last part drawn.
  const filterMs = [];
  for (const team of ["billing", "", "delivery", ""]) {
    const last = await rendered();
    const t = Date.now();
    await page.selectOption("#filter-team", team);
    await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered) > n, last, { polling: 10 });
    filterMs.push(Date.now() - t);
  }
  const probed = await page.evaluate(readProbe, true);
  const filtering = { filterLongestTaskMs: probed.longestTaskMs, filterLongestGapMs: probed.longestGapMs };
  // The list scrolled to its last row.
  const scrollMs = await page.evaluate(async () => {
    const box = document.getElementById("conversations-scroll");
    const t = performance.now();
    box.scrollTop = box.scrollHeight;
    const n = window.empathyDashboard.state.list.length;
    while ([...document.querySelectorAll("#conversations tr.row")].at(-1)?.getAttribute("aria-rowindex") !== String(n + 1)) {
      if (performance.now() - t > 10_000) return null;  // never drawn: reported as not measured
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return performance.now() - t;
  });
  const rowsDrawn = await page.locator("#conversations tr.row").count();
  await page.close();
  return {
    conversations: count, fileMb: (await stat(file)).size / 1e6, loadS, perSecond: count / loadS, ...loaded,
    filterMs: median(filterMs), ...filtering, scrollMs, rowsDrawn,
  };
}

/**
 * Everything in Chromium.
 * @param {{smoke?: boolean, loadRuns?: number, parts?: string[]}} options
 */
export async function runBrowser({ smoke = false, loadRuns = smoke ? 1 : 3, parts = ["workloads", "load", "widget", "dashboard"] } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "empathy-bench-"));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;  // playwright-core's own temporary files
  const server = await startServer({ port: 0, root: ROOT });
  const out = {};
  try {
    const context = await launch(path.join(dir, "main"));
    try {
      out.chromium = context.browser()?.version() ?? null;
      if (!out.chromium) {
        const page = context.pages()[0] ?? await context.newPage();
        out.chromium = (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/([\d.]+)/)?.[1] ?? "unknown";
      }
      if (parts.includes("workloads")) out.wasm = await runWorkloads(context, server, { smoke });
      if (parts.includes("widget")) out.widget = await runWidget(context, server, { smoke });
      if (parts.includes("dashboard")) out.dashboard = await runDashboard(context, server, dir, { smoke });
      if (parts.includes("load") && smoke) out.load = await runLoad(server, dir, { runs: loadRuns, context });
    } finally {
      await context.close();
    }
    if (parts.includes("load") && !smoke) out.load = await runLoad(server, dir, { runs: loadRuns });
  } finally {
    await server.close();
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(await runBrowser({ smoke: process.argv.includes("--smoke") })) + "\n");
}
