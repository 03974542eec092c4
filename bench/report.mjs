// Turns the results of bench/run.mjs into BENCHMARKS.md: Markdown tables with the
// machine and the date, the issues' bars and SPEC §3 checked, and the profile.

import { kb, sig, table, times } from "./stats.mjs";

const DEBOUNCE_NOTE = "the widget's debounce (150 ms)";

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const usOf = (x) => (Number.isFinite(x) ? sig(x) : "–");            // µs in, µs out
const usFromNs = (ns) => (Number.isFinite(ns) ? sig(ns / 1000) : "–");
const rate = (x) => (Number.isFinite(x) && x > 0 ? sig(x) : "–");
const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : "–");
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

function byName(list, name) {
  return list?.find((w) => w.name === name);
}

/** Least-squares slope of y against x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((t, p) => t + p[0], 0) / n;
  const my = points.reduce((t, p) => t + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den > 0 ? num / den : NaN;
}

/** The figures the bars are checked against, in one place. */
export function headline(r) {
  const nativeShort = byName(r.native?.workloads, "short/h0");
  const nodeTypical = byName(r.node?.workloads, "typical/h10");
  const chromeTypical = byName(r.browser?.wasm?.workloads, "typical/h10");
  const peers = r.peers?.peers ?? [];
  const peer = (name) => peers.find((p) => p.name === name)?.bySize.short.perCpuSecond;
  const own = peer("empathy-coach");
  const memory = r.memory?.points ?? [];
  return {
    nativeShortPerSecond: nativeShort?.engine?.per_cpu_second,
    nativeShortJsonPerSecond: nativeShort?.json?.per_cpu_second,
    wasmShortPerSecond: own,
    vsVader: own / peer("vader-sentiment"),
    vsSentiment: own / peer("sentiment"),
    sentimentPerSecond: peer("sentiment"),
    vaderPerSecond: peer("vader-sentiment"),
    nodeTypicalP50: nodeTypical?.score?.p50,
    chromeTypicalP50: chromeTypical?.score?.p50,
    keystrokeP95: r.browser?.widget?.afterDebounceToFrame?.p95,
    renderedP95: r.browser?.widget?.afterDebounceToRendered?.p95,
    keystrokeP50: r.browser?.widget?.afterDebounceToFrame?.p50,
    downloadGzip: r.sizes?.download?.gzip,
    heapFirst: memory[0]?.wasmHeapBytes,
    heapLast: memory.at(-1)?.wasmHeapBytes,
    heapCalls: memory.at(-1)?.calls,
    ...archiveRatios(r.archive),
  };
}

/** Each archive layer's time against the engine's (the CLI on one core) for the same share of work. */
function archiveRatios(a) {
  const rows = a?.rows ?? [];
  const engine = rows[0]?.seconds;
  const find = (prefix, workers) => rows.find((r) => r.layer.startsWith(prefix) && r.workers === workers);
  const cost = (r) => (r && engine ? (r.seconds * r.workers) / engine : undefined);
  return {
    archiveConversations: a?.conversations,
    cliJobs2Speedup: engine && find("CLI", 2) ? engine / find("CLI", 2).seconds : undefined,
    pythonJsonCost: cost(rows.find((r) => r.layer.includes("as_json=True"))),
    daskOverhead1: cost(find("Dask", 1)) - 1,
    daskOverhead2: cost(find("Dask", 2)) - 1,
  };
}

function bars(h) {
  const row = (what, target, value, ok) => [what, target, value, ok === undefined ? "not run" : ok ? "met" : "**missed**"];
  const has = (x) => Number.isFinite(x);
  return table(["bar", "target", "measured", ""], [
    row("wasm in Node vs vader-sentiment, short messages/s", "≥ 10x", has(h.vsVader) ? times(h.vsVader) : "–", has(h.vsVader) ? h.vsVader >= 10 : undefined),
    row("wasm in Node vs sentiment, short messages/s", "≥ 0.5x (within 2x)", has(h.vsSentiment) ? times(h.vsSentiment) : "–", has(h.vsSentiment) ? h.vsSentiment >= 0.5 : undefined),
    row("native, short messages per second per core (engine)", "≥ 300,000", rate(h.nativeShortPerSecond), has(h.nativeShortPerSecond) ? h.nativeShortPerSecond >= 300_000 : undefined),
    row("wasm, 300-char draft + 10 turns, p50 in Chromium", "≤ 300 µs", has(h.chromeTypicalP50) ? `${usOf(h.chromeTypicalP50)} µs Chromium (${usOf(h.nodeTypicalP50)} µs Node)` : "–", has(h.chromeTypicalP50) ? h.chromeTypicalP50 <= 300 : undefined),
    row("keystroke to render after the debounce (to the next frame after render), p95", "< 16 ms", has(h.keystrokeP95) ? `${f1(h.keystrokeP95)} ms` : "–", has(h.keystrokeP95) ? h.keystrokeP95 < 16 : undefined),
    row("  the same to the end of rendering (without waiting for the frame), p95", "< 16 ms", has(h.renderedP95) ? `${f1(h.renderedP95)} ms` : "–", has(h.renderedP95) ? h.renderedP95 < 16 : undefined),
    row("download: wasm + JS (+ built-in model), gzip", "< 300 KB", has(h.downloadGzip) ? kb(h.downloadGzip) : "–", has(h.downloadGzip) ? h.downloadGzip < 300_000 : undefined),
    row(`${has(h.archiveConversations) ? h.archiveConversations.toLocaleString("en-US") : "100,000"} conversations, \`--jobs 2\` against \`--jobs 1\``, "≥ 1.8x", has(h.cliJobs2Speedup) ? times(h.cliJobs2Speedup) : "–", has(h.cliJobs2Speedup) ? h.cliJobs2Speedup >= 1.8 : undefined),
    row("  the same, Python `score_many` (one job) against the CLI", "≤ 1.2x", has(h.pythonJsonCost) ? times(h.pythonJsonCost) : "–", has(h.pythonJsonCost) ? h.pythonJsonCost <= 1.2 : undefined),
    // With one worker the scheduler and the client have the other core; with two, the three
    // share this machine's two cores, so that figure is Dask's overhead plus their contention.
    row("  the same, Dask overhead over the engine, 1 worker (2 workers on the 2 cores)", "< 25%",
      has(h.daskOverhead1) ? `${pct(h.daskOverhead1)} (${pct(h.daskOverhead2)})` : "–", has(h.daskOverhead1) ? h.daskOverhead1 < 0.25 : undefined),
    row(`wasm heap over ${has(h.heapCalls) ? h.heapCalls.toLocaleString("en-US") : "100,000"} calls`, "flat", has(h.heapLast) ? `${mb(h.heapFirst)} → ${mb(h.heapLast)}` : "–", has(h.heapLast) ? h.heapLast === h.heapFirst : undefined),
  ]);
}

function machineSection(m) {
  const lines = [
    `- Date: ${m.date}`,
    `- Machine: ${m.cpu}, ${m.nproc} cores (nproc), ${m.memoryGB} GB memory; ${m.os}, Linux ${m.kernel}`,
    `- Load average (1 min) at start / end: ${m.loadStart} / ${m.loadEnd} — other work shared these cores, which is why messages/s are on CPU time and compared as ratios`,
    `- Node ${m.node}; Chromium ${m.chromium ?? "not run"} (headless, playwright-core); native: ${m.compiler ?? "not run"}, ${m.build ?? ""} build`,
    `- Command: \`${m.command}\`, ${m.elapsedS} s in all${m.smoke ? " (SMOKE RUN: tiny counts, numbers are meaningless)" : ""}`,
  ];
  return lines.join("\n");
}

function nativeSection(n) {
  if (!n) return "_Not run._";
  const rows = n.workloads.filter((w) => !w.name.startsWith("curve/")).map((w) => [
    w.name, sig(w.draft_bytes), sig(w.history_turns),
    usFromNs(w.engine.p50_ns), usFromNs(w.engine.p99_ns), rate(w.engine.per_cpu_second),
    usFromNs(w.json.p50_ns), usFromNs(w.json.p99_ns), rate(w.json.per_cpu_second),
  ]);
  const stages = n.workloads.filter((w) => !w.name.startsWith("curve/") && w.stages).map((w) => {
    const { parse_ns: p, score_ns: s, serialise_ns: o } = w.stages;
    const t = p + s + o;
    return [w.name, usFromNs(p), usFromNs(s), usFromNs(o), pct(p / t), pct(s / t), pct(o / t)];
  });
  return [
    "`engine` is `empathy::score(model, request)` on a parsed request (the C++ API); `json` is",
    "`empathy::score_json(model, text)`: parse the request, score, convert spans to UTF-16,",
    "serialise the result (what the CLI and the wasm boundary run per message). Latency is",
    "wall time per call; messages/s is per second of the thread's CPU time (one core).",
    "",
    table(["workload", "draft bytes", "turns", "engine p50 µs", "engine p99 µs", "engine msg/s", "json p50 µs", "json p99 µs", "json msg/s"], rows),
    "",
    "The `json` path in stages (means, each stage timed alone on the same messages):",
    "",
    table(["workload", "parse µs", "score µs", "serialise µs", "parse", "score", "serialise"], stages),
  ].join("\n");
}

function curveSection(r) {
  const native = r.native?.workloads ?? [];
  const node = r.node?.curve ?? [];
  const chrome = r.browser?.wasm?.curve ?? [];
  // CPU time per message where there is a CPU clock (native, Node): a message of a few
  // ms is often preempted on a shared machine, which inflates even the wall-time median.
  const point = (list, name, key) => {
    const w = byName(list, name);
    if (!w) return NaN;
    if (key === "engine" || key === "json") return 1e6 / w[key].per_cpu_second;
    return w.score.perCpuSecond ? 1e6 / w.score.perCpuSecond : w.score.p50;
  };
  const sections = [];
  for (const [axis, label, unit] of [["draft", "draft chars (no history)", 1000], ["history", "turns of history (typical draft)", 1]]) {
    const names = native.filter((w) => w.name.startsWith(`curve/${axis}/`)).map((w) => w.name);
    const all = [...new Set([...names, ...node.filter((w) => w.name.startsWith(`curve/${axis}/`)).map((w) => w.name)])];
    const rows = all.map((name) => [name.split("/")[2], usOf(point(native, name, "engine")), usOf(point(native, name, "json")),
      usOf(point(node, name, "score")), usOf(point(chrome, name, "score"))]);
    const xs = (list, key) => all.map((name) => [Number(name.split("/")[2]), point(list, name, key)]).filter((p) => Number.isFinite(p[1]));
    const fit = (list, key, max = Infinity) => slope(xs(list, key).filter((p) => p[0] <= max)) * unit;
    rows.push([axis === "draft" ? "**slope, µs per 1,000 chars**" : "**slope, µs per turn (0–40 / 40–320)**",
      ...[[native, "engine"], [native, "json"], [node, "score"], [chrome, "score"]].map(([list, key]) =>
        axis === "draft" ? usOf(fit(list, key))
          : `${usOf(fit(list, key, 40))} / ${usOf(slope(xs(list, key).filter((p) => p[0] >= 40)))}`)]);
    sections.push(table([label, "native engine µs", "native json µs", "wasm Node score() µs", "wasm Chromium score() µs"], rows));
  }
  return [
    "Time per message, µs: CPU time per message for native and Node (from messages per CPU",
    "second), the median of batches of calls (wall time) in Chromium, which has no CPU clock.",
    "The engine reads back at most the last 40 turns (`kContextTurns`), so past 40 turns only",
    "the request's JSON (parsing, and in wasm crossing the boundary) still grows.",
    "",
    sections[0],
    "",
    sections[1],
  ].join("\n");
}

function wasmSection(list, native, { where, cpu, peers }) {
  if (!list?.length) return "_Not run._";
  // Ratios to the peers on drafts of the same size (the peers read the draft alone).
  const peer = (name, size) => peers?.peers.find((p) => p.name === name)?.bySize[size]?.perCpuSecond;
  const ratioColumns = cpu && peers;
  const rows = list.map((w) => {
    const n = byName(native, w.name);
    const perSecond = (x) => rate(cpu ? x.perCpuSecond : x.perSecond);
    const size = w.name.split("/")[0];
    const ratios = ratioColumns
      ? [times(w.score.perCpuSecond / peer("vader-sentiment", size)), times(w.score.perCpuSecond / peer("sentiment", size))]
      : [];
    return [w.name, usOf(w.score.p50), usOf(w.score.p99), perSecond(w.score), ...ratios, usOf(w.scoreJson.p50), usOf(w.scoreJson.p99),
      perSecond(w.scoreJson), n ? times(w.scoreJson.p50 / (n.json.p50_ns / 1000)) : "–"];
  });
  const header = ["workload", "score() p50 µs", "p99 µs", "msg/s", ...(ratioColumns ? ["÷ vader", "÷ sentiment"] : []),
    "scoreJson() p50 µs", "p99 µs", "msg/s", "vs native json p50"];
  const parts = list.filter((w) => w.parts).map((w) => {
    const p = w.parts;
    const engine = Math.max(0, w.scoreJson.p50 - p.input);
    const outside = p.stringify + p.input + p.result;
    return [w.name, usOf(p.stringify), usOf(p.floor), usOf(p.input), usOf(engine), usOf(p.result), usOf(w.score.p50), pct(outside / (outside + engine))];
  });
  return [
    `\`score()\` is the public API (\`JSON.stringify\` → into wasm → parse, score, serialise → out → \`JSON.parse\`);`,
    `\`scoreJson()\` is the call into wasm alone, JSON text in and out. Messages/s per ${cpu ? "CPU second" : "wall second"}${where === "Chromium" ? "; latency samples time batches of calls lasting ≥ 1 ms (the page's clock is coarse) and divide" : ""}.`,
    ratioColumns ? "\"÷ vader\" and \"÷ sentiment\": score() messages/s over the peer's on drafts of the same size (see Peers)." : "",
    "",
    table(header, rows),
    "",
    `Where one \`score()\` goes (medians, µs; each piece timed alone): JSON.stringify of the request; the smallest`,
    "round trip through the wasm boundary (`scoreJson(\"0\")`); the request's bytes crossing the boundary and being",
    "parsed (a request that is refused right after parsing); scoring + the result's JSON in wasm (scoreJson p50",
    "minus the previous); JSON.parse building the result object. The last column is the share of",
    "the call spent in getting the request in and the result object out.",
    "",
    table(["workload", "stringify", "floor", "request in + parse", "score + serialise", "JSON.parse", "score() p50", "in + out share"], parts),
  ].join("\n");
}

function loadSection(node, chrome) {
  const cell = (x, key) => (x && Number.isFinite(x[key]) ? `${f1(x[key])} ms` : "–");
  return [
    "Medians of fresh processes (Node) and fresh browser profiles (Chromium). The first",
    "`loadScorer()` imports the glue, fetches (reads) the wasm, compiles and instantiates it,",
    "starts the runtime and loads the built-in model; a second one finds the core loaded.",
    "Compile is `WebAssembly.compile` of the bytes in a process that has compiled nothing yet;",
    "model load is `setModel({model})` with the default model as JSON (parse, validate, compile),",
    "what a team with its own model pays.",
    "",
    table(["step", "Node", "Chromium"], [
      ["import web/empathy.js", cell(node, "importModuleMs"), cell(chrome, "importModuleMs")],
      ["fetch the .wasm", "–", cell(chrome, "wasmFetchMs")],
      ["WebAssembly.compile alone", cell(node, "compileMs"), cell(chrome, "compileMs")],
      ["first loadScorer(), total", cell(node, "loadScorerMs"), cell(chrome, "loadScorerMs")],
      ["second loadScorer()", cell(node, "secondScorerMs"), cell(chrome, "secondScorerMs")],
      ["model load: setModel({model}) with the default model", cell(node, "modelLoadMs"), cell(chrome, "modelLoadMs")],
      ["first score() (typical/h10, cold code)", cell(node, "firstScoreMs"), cell(chrome, "firstScoreMs")],
      ["runs", node?.runs ?? "–", chrome?.runs ?? "–"],
    ]),
  ].join("\n");
}

function widgetSection(w) {
  if (!w) return "_Not run._";
  const row = (what, s) => [what, s?.n ? f1(s.p50) : "–", s?.n ? f1(s.p95) : "–", s?.n ? f1(s.p99) : "–", s?.n ?? 0];
  return [
    `The real widget and scorer on bench/page/widget.html (10 turns of history), typing ${w.replies} replies`,
    `(${w.characters} characters, ${w.keystrokes} keystrokes) with real key events: bursts of 1–3 words`,
    "25–70 ms between keys, 170–700 ms pauses. Times in ms from `performance.now()`; \"next frame\" is",
    "the `requestAnimationFrame` callback after the widget rendered (it calls `onResult` after",
    `rendering), "painted" a task posted from that frame. Waiting for the frame adds up to one`,
    "frame interval (16.7 ms at 60 Hz) to any work, however small. " +
      `${w.idleUpdates} more scorings ran during long bursts (the widget's`,
    "`maxWait` idle scoring) and are left out of the rows measured from the debounce.",
    "",
    table(["measure", "p50 ms", "p95 ms", "p99 ms", "n"], [
      row(`**debounce end → next frame after render** (${DEBOUNCE_NOTE} ends at last input + 150 ms)`, w.afterDebounceToFrame),
      row("debounce end → frame painted", w.afterDebounceToPainted),
      row("debounce end → rendered (onResult; before the frame)", w.afterDebounceToRendered),
      row("last input event → next frame (includes the 150 ms debounce)", w.inputToFrame),
      row("timer lateness (scoring started after input + 150 ms)", w.timerLate),
      row("update: scorer.score() + render (all scorings)", w.work),
      row("  of which scorer.score()", w.score),
      row("  of which render and onResult", w.render),
      row("update start → next frame (all scorings)", w.startToFrame),
      row("each keystroke: the widget's input handler (highlight redraw)", w.keyHandler),
      row("each keystroke → next frame", w.keyToFrame),
    ]),
  ].join("\n");
}

function sizeSection(s) {
  if (!s) return "_Not run._";
  const rows = s.files.map((f) => [`\`${f.file}\``, f.what, kb(f.raw), kb(f.gzip), kb(f.brotli)]);
  rows.push(["**scorer**", "wasm + glue + empathy.min.js (`loadScorer()`)", kb(s.scorer.raw), kb(s.scorer.gzip), kb(s.scorer.brotli)]);
  rows.push(["**download**", "scorer + widget.min.js + widget.css", kb(s.download.raw), kb(s.download.gzip), kb(s.download.brotli)]);
  if (s.source) rows.push(["**source, for bundlers**", "the JS as written (not in the download)", kb(s.source.raw), kb(s.source.gzip), kb(s.source.brotli)]);
  return [
    "gzip -9 and brotli -q 11, file by file (1 KB = 1,000 bytes). A page loads the minified bundles",
    "(`make wasm` builds them with `scripts/bundle.mjs`); the sources beside them are for bundlers and are",
    "not in the download. The default model is compiled into the wasm; its JSON source is listed for teams",
    "that ship a custom model.",
    "",
    table(["file", "what", "raw", "gzip", "brotli"], rows),
  ].join("\n");
}

function dashboardSection(d) {
  if (!d) return "_Not run._";
  const rows = [
    ["file", `${d.conversations.toLocaleString("en-US")} raw conversations, ${d.fileMb.toFixed(0)} MB of JSON Lines (\`examples/data/generate.mjs\`)`],
    ["open to every conversation scored and drawn", `${d.loadS.toFixed(1)} s (${Math.round(d.perSecond).toLocaleString("en-US")} conversations/s, ${d.workers} workers)`],
    ["  of which drawing the whole page (its parts' work; the page answers between parts)", `${Math.round(d.firstRenderMs)} ms`],
    ["longest the page could not answer while loading (50 ms heartbeat)", `${Math.round(d.longestGapMs)} ms`],
    ["longest main-thread task, and long tasks (> 50 ms) in all", `${Math.round(d.longestTaskMs)} ms, ${d.longTasks}`],
    ["a filter changed: figures, intervals, charts, agents and list redrawn (median)", `${Math.round(d.filterMs)} ms`],
    ["  longest main-thread task, and longest the page could not answer, over four filter changes",
      `${Math.round(d.filterLongestTaskMs)} ms, ${Math.round(d.filterLongestGapMs)} ms`],
    ["the list scrolled to its last row", `${d.scrollMs === null ? "not drawn in 10 s" : `${Math.round(d.scrollMs)} ms`}, ${d.rowsDrawn} rows in the page`],
    ["JS heap after loading", d.heapMb === null ? "–" : `${Math.round(d.heapMb)} MB`],
  ];
  return [
    "The team lead's dashboard (`examples/dashboard/`) in headless Chromium, opening a file with the file input as a person",
    "does. Scoring runs in the page's workers (one per core, at most four); the page keeps a slim copy of each result and",
    "scores a conversation again in full when it is opened; the list draws only the rows in view.",
    "",
    table(["what", "measured"], rows),
  ].join("\n");
}

function archiveSection(a) {
  if (!a) return "_Not run._";
  const engine = a.rows[0].per_second;  // the CLI on one core: the engine with its JSON boundary
  const rows = a.rows.map((r, i) => [r.layer, String(r.workers), r.seconds.toFixed(1), Math.round(r.per_second).toLocaleString("en-US"),
    i === 0 ? "(the engine)" : `${((engine * r.workers) / r.per_second * 100 - 100).toFixed(0)}%`]);
  const best = Math.max(...a.rows.filter((r) => r.layer.startsWith("Dask")).map((r) => r.per_second / r.workers));
  const perDay = 1_000_000;
  const cores = Math.ceil(perDay / (best * 86_400));
  return [
    `${a.conversations.toLocaleString("en-US")} generated conversations (\`examples/archive/generate.py\`, ${a.partitions} gzip partitions),`,
    "scored end to end by each layer on this machine (`bench/archive.py`; the native build, the one the Python",
    "package is built with). Overhead: the time each worker spends beyond what the engine (the CLI on one core) needs",
    "for its share. With two workers on this 2-core machine, the Dask scheduler and the client share the same cores.",
    "",
    table(["layer", "workers", "seconds", "conversations/s", "overhead over the engine"], rows),
    "",
    `A million conversations a day is ${(perDay / 86_400).toFixed(1)} a second: at the Dask rate per worker measured here,`,
    `${cores} core${cores === 1 ? "" : "s"} at full load, so one small machine with room for peaks and re-runs.`,
  ].join("\n");
}

function memorySection(m, native) {
  const lines = [];
  if (m) {
    lines.push(`One scorer from \`loadScorer()\` scoring every workload's messages in turn with \`score()\` in Node`,
      `(${m.messages} distinct requests, short to long: 20 of each workload with 0 or 10 turns, 4 of each with`,
      `100 turns). The wasm heap is the instance's linear memory; the JS heap is read after ${m.gcExposed ? "a forced gc" : "no forced gc"}.`, "");
    lines.push(table(["calls", "wasm heap", "JS heap"],
      m.points.map((p) => [p.calls.toLocaleString("en-US"), mb(p.wasmHeapBytes), mb(p.jsHeapBytes)])));
  }
  if (native?.memory) {
    const x = native.memory;
    lines.push("", `Native: resident memory ${(x.resident_kb_before / 1000).toFixed(1)} MB before and ${(x.resident_kb_after / 1000).toFixed(1)} MB after ${x.calls.toLocaleString("en-US")} more \`score_json\` calls on every workload.`);
  }
  return lines.length ? lines.join("\n") : "_Not run._";
}

function peersSection(p, node) {
  if (!p) return "_Not run._";
  const own = p.peers.find((x) => x.own);
  const rows = p.peers.map((x) => [
    x.own ? `**${x.name}** ${x.version} (wasm)` : `${x.name} ${x.version}`,
    x.measures,
    rate(x.bySize.short?.perCpuSecond), rate(x.bySize.typical?.perCpuSecond), rate(x.bySize.long?.perCpuSecond),
    x.own ? "1x" : times(own.bySize.short.perCpuSecond / x.bySize.short.perCpuSecond),
    x.size ? kb(x.size.gzip) : "see Size",
    x.size ? kb(x.size.brotli) : "",
    x.size ? x.size.files : "",
  ]);
  return [
    `Node ${node}, one process, the same texts (${p.messages.short} short, ${p.messages.typical} typical, ${p.messages.long} long drafts, no history: the`,
    `peers score a text alone); ${p.rounds} rounds alternating between packages, median round, messages per CPU second.`,
    "Size is every file the package loads when imported and called (traced with module hooks),",
    "concatenated, unminified: what a bundler starts from. \"empathy-coach ÷ peer\" is how many",
    "times more short messages per second empathy-coach scores (below 1: it is slower).",
    "",
    table(["package", "what it measures", "short msg/s", "typical msg/s", "long msg/s", "empathy-coach ÷ peer", "gzip", "brotli", "files"], rows),
    "",
    "None of the peers measures empathy; they set the expectation of speed and size for text",
    "analysis in the browser. empathy-coach does far more per message: tokens with spans, two",
    "lexicon automata, negation, the customer's emotions and risks from the history, eight",
    "families, four components, nudges, and a result object with UTF-16 spans.",
  ].join("\n");
}

function profileSection(profiles) {
  const list = (profiles ?? []).filter(Boolean);
  if (!list.length) return "_Not run (needs valgrind)._";
  const out = [];
  for (const p of list) {
    const areas = p.areas.slice(0, 3).map((a) => `${a.area} ${pct(a.share)}`).join(", ");
    const core = p.inclusive.filter((x) => !/^empathy::score(_json)?$/.test(x.name)).slice(0, 3)
      .map((x) => `\`${x.name}\` ${pct(x.share)}`).join(", ");
    out.push(`### ${p.mode === "json" ? "`score_json`" : "`score`"} on ${p.workload}: ${sig(p.perCall)} instructions per call`, "");
    out.push(`Hot spots: by area ${areas}; by function (inclusive) ${core}.`, "");
    out.push(`\`valgrind --tool=callgrind\` on the release bench binary, ${p.calls} calls, counting instructions inside`,
      `\`empathy::${p.mode === "json" ? "score_json" : "score"}\` only (corpus reading and model load left out).`, "");
    out.push("Self cost by area:", "", table(["area", "share"], p.areas.filter((a) => a.share >= 0.005).map((a) => [a.area, pct(a.share)])), "");
    out.push("Functions by self cost:", "", table(["function", "self"], p.self.slice(0, 12).map((x) => [`\`${x.name}\``, pct(x.share)])), "");
    out.push("Core functions by inclusive cost:", "", table(["function", "inclusive"], p.inclusive.slice(0, 12).map((x) => [`\`${x.name}\``, pct(x.share)])), "");
  }
  return out.join("\n");
}

/** The whole of BENCHMARKS.md. */
export function markdown(r) {
  const h = headline(r);
  const quote = [
    Number.isFinite(h.nativeShortPerSecond) ? `native ${rate(h.nativeShortPerSecond)} short messages/s per core` : null,
    Number.isFinite(h.wasmShortPerSecond) ? `wasm in Node ${rate(h.wasmShortPerSecond)} short messages/s (${times(h.vsVader)} vader-sentiment, ${times(h.vsSentiment)} sentiment)` : null,
    Number.isFinite(h.nodeTypicalP50) ? `${usOf(h.nodeTypicalP50)} µs p50 for a 300-character draft with 10 turns of history in wasm` : null,
    Number.isFinite(h.keystrokeP95) ? `keystroke to render ${f1(h.keystrokeP95)} ms p95 after the debounce` : null,
    Number.isFinite(h.downloadGzip) ? `${kb(h.downloadGzip)} gzipped download` : null,
  ].filter(Boolean);
  return [
    "# Benchmarks",
    "",
    "Speed, size and memory of empathy-coach, side by side with what a developer would pick instead.",
    "Written by `node bench/run.mjs` (`make bench` builds first); every table below is from the",
    "same run. Numbers on shared machines are noisy: read the ratios to the peers, measured in",
    "the same run on the same messages, before the absolute times.",
    "",
    machineSection(r.machine),
    "",
    "## Headline",
    "",
    ...(quote.length ? [`For the README: ${quote.join("; ")}.`, ""] : []),
    bars(h),
    "",
    "## Native",
    "",
    nativeSection(r.native),
    "",
    "## How cost grows",
    "",
    curveSection(r),
    "",
    "## wasm in Node",
    "",
    wasmSection(r.node?.workloads, r.native?.workloads, { where: "Node", cpu: true, peers: r.peers }),
    "",
    "## wasm in headless Chromium",
    "",
    wasmSection(r.browser?.wasm?.workloads, r.native?.workloads, { where: "Chromium", cpu: false }),
    "",
    "## Load and instantiate",
    "",
    loadSection(r.load, r.browser?.load),
    "",
    "## Widget: keystroke to render",
    "",
    widgetSection(r.browser?.widget),
    "",
    "## Dashboard: 100,000 conversations",
    "",
    dashboardSection(r.browser?.dashboard),
    "",
    "## Size",
    "",
    sizeSection(r.sizes),
    "",
    "## Whole archives",
    "",
    archiveSection(r.archive),
    "",
    "### Model size and accuracy",
    "",
    r.sizeAccuracy ?? "_Not measured: run `scripts/size-accuracy.py` (it writes docs/SIZE_ACCURACY.md)._",
    "",
    "## Memory",
    "",
    memorySection(r.memory, r.native),
    "",
    "## Peers",
    "",
    peersSection(r.peers, r.machine.node),
    "",
    "## Profile",
    "",
    profileSection(r.profiles),
    "",
    "## Method",
    "",
    "- Corpus: `bench/messages.mjs`, generated from seed 9: customer-service drafts (short ~60,",
    "  typical ~300, long ~2,000 characters: apologies, explanations, steps, policy, dismissive and",
    "  scripted lines) after 0, 10 or 100 turns of conversation; 100 requests per workload, 40 per",
    "  curve point. Native, Node, Chromium and the peers score the same bytes.",
    "- Native: `bench/native_bench.cpp` (target `empathy_bench`, release preset), one thread.",
    "  wasm: `bench/wasm-workloads.mjs`, the same code in Node (`bench/node-wasm.mjs`) and in",
    "  Chromium (`bench/page/`). Widget: `bench/page/widget.js`. Peers: `bench/peers.mjs`.",
    "- Latency: p50/p99 over individually timed calls after a warm-up. Throughput: calls in a",
    "  loop without a clock inside, per second of CPU time where the platform has a CPU clock",
    "  (native: the thread's; Node: the process's), so other work on a shared machine slows the",
    "  rows alike instead of at random.",
    "- Profile again: `valgrind --tool=callgrind --toggle-collect='empathy::score_json(*'",
    "  build/release/bench/empathy_bench --corpus FILE --only typical/h10 --mode json --calls 200`",
    "  (`node -e` + `toJsonl()` from bench/messages.mjs writes a corpus file).",
    "",
  ].join("\n");
}
