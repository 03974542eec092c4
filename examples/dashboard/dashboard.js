// The "Be Empathetic" dashboard: scores conversations in this page with the wasm engine
// (or reads results scored elsewhere, e.g. by `empathy score`) and shows the score by
// team, shift and channel, its trend, its distribution, missed empathy on high-risk
// conversations, and one conversation's moments.
//
// Served under the strict CSP of examples/serve.mjs: Chart.js comes from this server
// (node_modules/chart.js/dist/chart.umd.min.js, loaded by index.html), no inline script
// or style, and no text leaves the page. A file the user opens is read locally.

import { loadScorer } from "../../web/empathy.js";
import {
  MISSED_HIGH_RISK, bandOf, dateOf, groupBy, histogram, isHighRisk, isRead, metaValue, parseRecords, risksOf,
  summarize, weekOf,
} from "./stats.js";

const SAMPLE_URL = new URL("../data/conversations.jsonl", import.meta.url);
const PAGE_SIZE = 15;
/** Conversations scored between two paints while loading. */
const CHUNK = 40;

const COLORS = {
  low: "#c4321f",
  fair: "#d08a00",
  good: "#1f8f47",
  accent: "#4338ca",
  grid: "#e7e9ee",
  text: "#1b1f24",
  muted: "#5b6470",
  lowBand: "rgba(196, 50, 31, 0.06)",
  fairBand: "rgba(208, 138, 0, 0.07)",
  goodBand: "rgba(31, 143, 71, 0.06)",
};
/** Line colours for teams in the trend chart (colour-blind friendly, Okabe-Ito based). */
const SERIES = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f", "#f0e442"];
const COMPONENTS = {
  activeListening: "Active listening",
  emotionalRecognition: "Emotional recognition",
  supportiveResponses: "Supportive responses",
  genuineTone: "Genuine tone",
};
const EMOTIONS = {
  frustration: "frustrated", anxiety: "anxious", confusion: "confused", sadness: "sad", urgency: "in a hurry", gratitude: "grateful",
};
const KIND_LABELS = { warning: "Warning", tip: "Tip", praise: "Well done" };
const FLAG_LABELS = { "missed-empathy": "missed empathy", "missed-empathy-high-risk": "missed · high risk", "slow-reply": "slow reply" };

const $ = (id) => document.getElementById(id);
const ui = {
  source: $("source"), notice: $("notice"), kpis: $("kpis"), file: $("file"), loadSample: $("load-sample"),
  filters: ["team", "channel", "shift"].map((k) => $(`filter-${k}`)), highRisk: $("filter-high-risk"),
  reset: $("filter-reset"), groupBy: $("group-by"), breakdown: $("breakdown"), sort: $("sort"),
  conversations: $("conversations"), more: $("more"), drill: $("drill"), drillTitle: $("drill-title"),
  drillMeta: $("drill-meta"), drillBody: $("drill-body"), drillClose: $("drill-close"),
};

const state = {
  /** Every conversation: {id, meta, result, conversation (raw, or null when only scored)}. */
  items: [],
  filtered: [],
  source: "",
  shown: PAGE_SIZE,
  selected: null,
  charts: {},
  scorer: null,
};

// --- Small helpers ---------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

const pct = (x) => (x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`);
const num = (x) => (x === null || x === undefined ? "–" : String(x));
const label = (s) => String(s).replace(/-/g, " ");
const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function formatDay(date, options = { day: "numeric", month: "short" }) {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", ...options });
}

function say(text, kind = "") {
  ui.notice.textContent = text;
  ui.notice.dataset.kind = kind;
}

// --- Loading and scoring ---------------------------------------------------------------------

async function scorer() {
  state.scorer ??= await loadScorer();
  return state.scorer;
}

/**
 * Turns parsed records into dashboard items, scoring raw conversations in chunks so the
 * page stays responsive. Conversations the engine rejects are counted, not dropped silently.
 */
async function toItems(records, progress) {
  const items = [];
  const failures = [];
  const raw = records.filter((r) => r.kind === "raw").length;
  const engine = raw ? await scorer() : null;
  let done = 0;
  for (let i = 0; i < records.length; i++) {
    const { kind, value, line } = records[i];
    if (kind === "scored") {
      items.push({ id: String(value.id ?? `line ${line}`), meta: value.meta ?? {}, result: value, conversation: null });
      continue;
    }
    let result = engine.scoreConversation(value);
    if (result.packLoading) {  // the first conversation in a language with a pack: wait for it
      await engine.packsReady();
      result = engine.scoreConversation(value);
    }
    if ("error" in result) failures.push({ line, error: result.error });
    else items.push({ id: String(value.id ?? result.id ?? `line ${line}`), meta: value.meta ?? {}, result, conversation: value });
    if (++done % CHUNK === 0) {
      progress(done, raw);
      await nextPaint();
    }
  }
  return { items, failures };
}

async function load(text, sourceName) {
  const { records, errors } = parseRecords(text);
  ui.source.textContent = `Scoring ${sourceName}…`;
  const { items, failures } = await toItems(records, (done, total) => {
    ui.source.textContent = `Scoring ${sourceName}: ${done} of ${total} conversations…`;
  });
  const problems = [...errors, ...failures].sort((a, b) => a.line - b.line);
  if (items.length === 0) {
    ui.source.textContent = state.source || "No data";
    say(`${sourceName} has no conversations the dashboard can read${problems.length ? ` (line ${problems[0].line}: ${problems[0].error})` : ""}.`, "error");
    return false;
  }
  state.items = items;
  state.selected = null;
  const dates = items.map(dateOf).filter(Boolean).sort();
  const span = dates.length ? ` · ${formatDay(dates[0])} – ${formatDay(dates.at(-1), { day: "numeric", month: "short", year: "numeric" })}` : "";
  const scored = records.filter((r) => r.kind === "scored").length;
  state.source = `${sourceName} · ${items.length} conversations${span}${scored ? " · pre-scored" : " · scored in this page"}`;
  ui.source.textContent = state.source;
  say(problems.length
    ? `${problems.length} line${problems.length === 1 ? "" : "s"} skipped (line ${problems[0].line}: ${problems[0].error}).`
    : "", problems.length ? "warning" : "");
  fillFilters();
  render();
  openFromHash();
  return true;
}

async function loadSample() {
  try {
    const response = await fetch(SAMPLE_URL);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await load(await response.text(), "Sample data");
  } catch (err) {
    ui.source.textContent = "No data";
    say(`The sample could not be loaded (${err.message}). Generate it with "node examples/data/generate.mjs", or open a file.`, "error");
    return false;
  }
}

async function openFile(file) {
  if (!file) return;
  try {
    await load(await file.text(), file.name);
  } catch (err) {
    say(`${file.name} could not be read: ${err.message}`, "error");
  }
}

// --- Filters ---------------------------------------------------------------------------------

function fillFilters() {
  for (const select of ui.filters) {
    const key = select.dataset.key;
    const values = [...new Set(state.items.map((i) => metaValue(i, key)))].sort();
    const first = select.options[0];
    const keep = values.includes(select.value) ? select.value : "";
    select.replaceChildren(first, ...values.map((v) => {
      const option = el("option", "", label(v));
      option.value = v;
      return option;
    }));
    select.value = keep;
  }
}

function applyFilters() {
  const wanted = ui.filters.map((s) => [s.dataset.key, s.value]).filter(([, v]) => v);
  state.filtered = state.items.filter((i) =>
    wanted.every(([k, v]) => metaValue(i, k) === v) && (!ui.highRisk.checked || isHighRisk(i.result)));
}

// --- Rendering -------------------------------------------------------------------------------

function render() {
  applyFilters();
  state.shown = PAGE_SIZE;
  renderKpis();
  renderCharts();
  renderBreakdown();
  renderConversations();
}

function kpi(title, value, detail, band) {
  const card = el("div", "kpi");
  if (band) card.dataset.band = band;
  card.append(el("span", "kpi-title", title), el("span", "kpi-value", value), el("span", "kpi-detail", detail));
  return card;
}

function renderKpis() {
  const s = summarize(state.filtered);
  const missedHigh = state.filtered.filter((i) => i.result.flags.includes(MISSED_HIGH_RISK)).length;
  const needing = s.count ? Math.round((s.needsEmpathy / s.count) * 100) : 0;
  ui.kpis.replaceChildren(
    kpi("Be Empathetic score", s.mean === null ? "–" : String(Math.round(s.mean)),
      s.count ? `median ${s.p50} · p10 ${s.p10} · p90 ${s.p90}` : "no conversations", s.mean === null ? "" : bandOf(s.mean)),
    kpi("Conversations", String(s.count), `${needing}% needed empathy` +
      (s.unsupported ? ` · ${s.unsupported} more not scored (a language the coach does not speak)` : "")),
    kpi("Missed empathy", pct(s.missedEmpathyRate), "of conversations: an upset customer not acknowledged",
      s.missedEmpathyRate === null ? "" : s.missedEmpathyRate > 0.3 ? "low" : s.missedEmpathyRate > 0.15 ? "fair" : "good"),
    kpi("High-risk conversations", String(s.highRisk), "bereavement, fraud, health, hardship, complaints, churn"),
    kpi("Missed on high-risk", pct(s.missedHighRiskRate), `${missedHigh} conversation${missedHigh === 1 ? "" : "s"} for compliance review`,
      s.missedHighRiskRate === null ? "" : s.missedHighRiskRate > 0.2 ? "low" : s.missedHighRiskRate > 0.05 ? "fair" : "good"),
  );
}

// --- Charts ----------------------------------------------------------------------------------

/** Shades the low / fair / good bands behind a chart whose y axis is the score. */
const bandShading = {
  id: "bandShading",
  beforeDatasetsDraw(chart, args, options) {
    if (!options?.axis) return;
    const scale = chart.scales[options.axis];
    const { ctx, chartArea: a } = chart;
    ctx.save();
    for (const [from, to, color] of [[0, 40, COLORS.lowBand], [40, 70, COLORS.fairBand], [70, 100, COLORS.goodBand]]) {
      const p1 = scale.getPixelForValue(from);
      const p2 = scale.getPixelForValue(to);
      ctx.fillStyle = color;
      if (options.axis === "x") ctx.fillRect(Math.min(p1, p2), a.top, Math.abs(p2 - p1), a.bottom - a.top);
      else ctx.fillRect(a.left, Math.min(p1, p2), a.right - a.left, Math.abs(p2 - p1));
    }
    ctx.restore();
  },
};

/** Writes each bar's value at its end (horizontal bars) or top (vertical bars). */
const valueLabels = {
  id: "valueLabels",
  afterDatasetsDraw(chart, args, options) {
    if (!options?.format) return;
    const { ctx } = chart;
    ctx.save();
    ctx.font = "600 11.5px system-ui, sans-serif";
    ctx.fillStyle = COLORS.text;
    const horizontal = chart.options.indexAxis === "y";
    const last = chart.data.datasets.length - 1;
    chart.getDatasetMeta(last).data.forEach((bar, i) => {
      const text = options.format(i, chart);
      if (!text) return;
      if (horizontal) {
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        ctx.fillText(text, bar.x + 6, bar.y);
      } else {
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        ctx.fillText(text, bar.x, bar.y - 3);
      }
    });
    ctx.restore();
  },
};

function setUpCharts() {
  const { Chart } = window;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = COLORS.muted;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
  Chart.defaults.plugins.tooltip.backgroundColor = "#1b1f24";
  Chart.register(bandShading, valueLabels);
}

function chart(id, config) {
  state.charts[id]?.destroy();
  state.charts[id] = new window.Chart($(id), config);
  return state.charts[id];
}

const scoreAxis = (extra = {}) => ({
  min: 0, max: 100, grid: { color: COLORS.grid }, ticks: { stepSize: 20 }, border: { display: false }, ...extra,
});

function renderTrend() {
  const weeks = [...new Set(state.filtered.map((i) => weekOf(dateOf(i))).filter(Boolean))].sort();
  const meanFor = (items) => weeks.map((w) => {
    const s = summarize(items.filter((i) => weekOf(dateOf(i)) === w));
    return s.count ? s.mean : null;
  });
  const teams = [...new Set(state.filtered.map((i) => metaValue(i, "team")))].sort();
  const datasets = [{
    label: "All conversations", data: meanFor(state.filtered), borderColor: COLORS.accent, backgroundColor: COLORS.accent,
    borderWidth: 3, pointRadius: 3, tension: 0.3, order: 0,
  }];
  if (teams.length > 1) {
    teams.forEach((team, n) => datasets.push({
      label: label(team), data: meanFor(state.filtered.filter((i) => metaValue(i, "team") === team)),
      borderColor: `${SERIES[n % SERIES.length]}b3`, backgroundColor: SERIES[n % SERIES.length],
      borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3, tension: 0.3, spanGaps: true, order: 1,
    }));
  }
  chart("chart-trend", {
    type: "line",
    data: { labels: weeks.map((w) => formatDay(w)), datasets },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: { y: scoreAxis(), x: { grid: { display: false }, title: { display: true, text: "Week starting" } } },
      plugins: {
        bandShading: { axis: "y" },
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? "–" : c.parsed.y.toFixed(1)}` } },
      },
    },
  });
}

function renderDistribution() {
  const bins = histogram(state.filtered);
  const labels = bins.map((_, i) => (i === 9 ? "90–100" : `${i * 10}–${i * 10 + 9}`));
  const colors = bins.map((_, i) => COLORS[bandOf(i * 10)]);
  chart("chart-distribution", {
    type: "bar",
    data: { labels, datasets: [{ label: "Conversations", data: bins, backgroundColor: colors, borderRadius: 3, barPercentage: 0.92, categoryPercentage: 0.95 }] },
    options: {
      scales: {
        y: { beginAtZero: true, grid: { color: COLORS.grid }, border: { display: false }, ticks: { precision: 0 }, grace: "8%" },
        x: { grid: { display: false }, title: { display: true, text: "Conversation score" } },
      },
      plugins: { legend: { display: false }, valueLabels: { format: (i, c) => String(c.data.datasets[0].data[i] || "") } },
    },
  });
}

function renderGroupChart(id, key) {
  const groups = groupBy(state.filtered, [key]).sort((a, b) => String(a.key[key]).localeCompare(String(b.key[key])));
  chart(id, {
    type: "bar",
    data: {
      labels: groups.map((g) => label(g.key[key])),
      datasets: [{
        label: "Mean score", data: groups.map((g) => g.mean),
        backgroundColor: groups.map((g) => COLORS[bandOf(g.mean)]), borderRadius: 4, barPercentage: 0.7,
      }],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { right: 34 } },
      scales: { x: scoreAxis(), y: { grid: { display: false }, border: { display: false }, ticks: { color: COLORS.text } } },
      plugins: {
        legend: { display: false },
        bandShading: { axis: "x" },
        valueLabels: { format: (i) => (groups[i].mean === null ? "" : groups[i].mean.toFixed(0)) },
        tooltip: {
          callbacks: {
            label: (c) => {
              const g = groups[c.dataIndex];
              return [`Mean ${g.mean} (median ${g.p50}, p10 ${g.p10}, p90 ${g.p90})`, `${g.count} conversations · missed empathy ${pct(g.missedEmpathyRate)}`];
            },
          },
        },
      },
    },
  });
}

function renderRisk() {
  const byRisk = new Map();
  for (const item of state.filtered) {
    const missed = item.result.flags.includes(MISSED_HIGH_RISK);
    for (const risk of risksOf(item.result)) {
      const entry = byRisk.get(risk) ?? { shown: 0, missed: 0 };
      entry[missed ? "missed" : "shown"] += 1;
      byRisk.set(risk, entry);
    }
  }
  const rows = [...byRisk.entries()].sort((a, b) => (b[1].missed + b[1].shown) - (a[1].missed + a[1].shown));
  chart("chart-risk", {
    type: "bar",
    data: {
      labels: rows.map(([r]) => label(r)),
      datasets: [
        { label: "Empathy shown", data: rows.map(([, e]) => e.shown), backgroundColor: COLORS.good, borderRadius: 3, barPercentage: 0.7 },
        { label: "Missed", data: rows.map(([, e]) => e.missed), backgroundColor: COLORS.low, borderRadius: 3, barPercentage: 0.7 },
      ],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { right: 40 } },
      scales: {
        x: { stacked: true, beginAtZero: true, grid: { color: COLORS.grid }, border: { display: false }, ticks: { precision: 0 } },
        y: { stacked: true, grid: { display: false }, border: { display: false }, ticks: { color: COLORS.text } },
      },
      plugins: {
        legend: { position: "bottom" },
        valueLabels: { format: (i) => `${Math.round((rows[i][1].missed / (rows[i][1].missed + rows[i][1].shown)) * 100)}%` },
        tooltip: {
          callbacks: {
            footer: (cs) => {
              const e = rows[cs[0].dataIndex][1];
              return `${pct(e.missed / (e.missed + e.shown))} missed of ${e.missed + e.shown}`;
            },
          },
        },
      },
    },
  });
}

function renderCharts() {
  if (!window.Chart) return;
  renderTrend();
  renderDistribution();
  renderGroupChart("chart-team", "team");
  renderGroupChart("chart-shift", "shift");
  renderGroupChart("chart-channel", "channel");
  renderRisk();
}

// --- Tables ----------------------------------------------------------------------------------

/** A language's name ("Spanish"), or its code. */
function languageName(code) {
  if (!code || code === "und") return "this language";
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A score, or "–" for a reply or conversation the model did not read (another language). */
function scoreBadge(score) {
  if (!Number.isFinite(score)) {
    const badge = el("span", "score-badge", "–");
    badge.title = "Not scored: a language the coach does not speak";
    return badge;
  }
  const badge = el("span", "score-badge", String(Math.round(score)));
  badge.dataset.band = bandOf(score);
  return badge;
}

function renderBreakdown() {
  const keys = ui.groupBy.value.split(",");
  const groups = groupBy(state.filtered, keys).sort((a, b) =>
    keys.map((k) => a.key[k]).join("\u0000").localeCompare(keys.map((k) => b.key[k]).join("\u0000")));
  const head = el("thead");
  const hr = el("tr");
  for (const k of keys) hr.append(el("th", "", label(k).replace(/^./, (c) => c.toUpperCase())));
  for (const h of ["Count", "Not scored", "Mean", "p10", "p50", "p90", "Missed empathy", "High-risk", "Missed on high-risk"]) {
    hr.append(el("th", "num", h));
  }
  head.append(hr);
  const body = el("tbody");
  for (const g of groups) {
    const tr = el("tr");
    for (const k of keys) tr.append(el("td", "", label(g.key[k])));
    const mean = el("td", "num");
    mean.append(scoreBadge(g.mean));
    tr.append(el("td", "num", num(g.count)), el("td", "num", num(g.unsupported)), mean, el("td", "num", num(g.p10)), el("td", "num", num(g.p50)),
      el("td", "num", num(g.p90)), el("td", "num", pct(g.missedEmpathyRate)), el("td", "num", num(g.highRisk)),
      el("td", "num", pct(g.missedHighRiskRate)));
    body.append(tr);
  }
  ui.breakdown.replaceChildren(head, body);
}

function sortedConversations() {
  const list = [...state.filtered];
  // Not scored (another language) sorts after every score, whichever way.
  const byScore = (a, b, sign) => (isRead(b.result) - isRead(a.result)) || sign * (a.result.score - b.result.score);
  const newest = (a, b) => String(dateOf(b)).localeCompare(String(dateOf(a)));
  switch (ui.sort.value) {
    case "risk":
      return list.sort((a, b) => Number(b.result.flags.includes(MISSED_HIGH_RISK)) - Number(a.result.flags.includes(MISSED_HIGH_RISK)) || byScore(a, b, 1));
    case "newest":
      return list.sort(newest);
    case "best":
      return list.sort((a, b) => byScore(a, b, -1) || newest(a, b));
    default:
      return list.sort((a, b) => byScore(a, b, 1) || newest(a, b));
  }
}

function firstCustomerText(item) {
  return item.conversation?.turns.find((t) => t.role === "customer")?.text.replace(/\s+/g, " ") ?? "";
}

function flagChips(flags) {
  const box = el("span", "chips");
  for (const f of flags) {
    const chip = el("span", "chip", FLAG_LABELS[f] ?? label(f));
    chip.dataset.flag = f;
    box.append(chip);
  }
  return box;
}

function renderConversations() {
  const list = sortedConversations();
  const head = el("thead");
  const hr = el("tr");
  for (const [h, cls] of [["Score", "num"], ["Conversation", ""], ["Team", ""], ["Channel", ""], ["Shift", ""], ["Agent", ""], ["Language", ""], ["Date", ""], ["Flags", ""]]) {
    hr.append(el("th", cls, h));
  }
  head.append(hr);
  const body = el("tbody");
  for (const item of list.slice(0, state.shown)) {
    const tr = el("tr", "row");
    tr.tabIndex = 0;
    tr.dataset.id = item.id;
    tr.setAttribute("aria-label", `Open conversation ${item.id}`);
    const score = el("td", "num");
    score.append(scoreBadge(item.result.score));
    const convo = el("td", "convo");
    convo.append(el("span", "convo-id", item.id), el("span", "convo-text", firstCustomerText(item) || `${item.result.turns.length} scored replies`));
    const flags = el("td");
    flags.append(flagChips(item.result.flags));
    tr.append(score, convo, el("td", "", label(metaValue(item, "team"))), el("td", "", label(metaValue(item, "channel"))),
      el("td", "", label(metaValue(item, "shift"))), el("td", "", metaValue(item, "agent")),
      el("td", "", item.result.language && item.result.language !== "und" ? languageName(item.result.language) : "–"),
      el("td", "nowrap", dateOf(item) ? formatDay(dateOf(item)) : "–"), flags);
    body.append(tr);
  }
  if (list.length === 0) {
    const tr = el("tr");
    const td = el("td", "empty", "No conversations match these filters.");
    td.colSpan = 9;
    tr.append(td);
    body.append(tr);
  }
  ui.conversations.replaceChildren(head, body);
  ui.more.hidden = list.length <= state.shown;
  ui.more.textContent = `Show more (${list.length - state.shown} left)`;
}

// --- Drill-down: one conversation and its moments ---------------------------------------------

/**
 * Text with marked spans, as DOM nodes (never markup). `spans`: [{start, end, className, title}],
 * UTF-16 offsets into `text`; overlapping spans merge their classes.
 */
function markedText(text, spans) {
  const cuts = new Set([0, text.length]);
  const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.end <= text.length);
  for (const s of valid) cuts.add(s.start).add(s.end);
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = valid.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) {
      out.append(piece);
      continue;
    }
    const mark = el("mark", [...new Set(covering.map((s) => s.className))].join(" "), piece);
    mark.title = [...new Set(covering.map((s) => s.title))].join("; ");
    out.append(mark);
  }
  return out;
}

/** Emotion evidence per customer turn index, gathered from every agent turn's result. */
function emotionSpans(result) {
  const byTurn = new Map();
  for (const t of result.turns) {
    for (const e of t.customer?.emotions ?? []) {
      if (!Number.isInteger(e.turn)) continue;
      const list = byTurn.get(e.turn) ?? [];
      for (const [start, end] of e.spans ?? []) {
        if (!list.some((s) => s.start === start && s.end === end && s.id === e.id)) {
          list.push({ id: e.id, start, end, className: `moment-emotion moment-${e.id}`, title: `${EMOTIONS[e.id] ?? e.id} (${Math.round(e.intensity * 100)}%)` });
        }
      }
      byTurn.set(e.turn, list);
    }
  }
  return byTurn;
}

/** What this reply did at its moment: a missed or answered need for empathy. */
function momentOf(turnResult, previousRole) {
  const level = (f) => turnResult.families?.[f]?.level ?? 0;
  const acknowledged = level("emotional-reaction") > 0 || level("interpretation") > 0;
  if (!turnResult.needsEmpathy || previousRole !== "customer") return null;
  const risk = turnResult.customer?.risk ?? [];
  const feelings = (turnResult.customer?.emotions ?? []).filter((e) => e.intensity >= 0.25 && e.id !== "gratitude")
    .map((e) => EMOTIONS[e.id] ?? e.id);
  const about = [...feelings.slice(0, 2), ...risk.map(label)].join(", ");
  if (acknowledged) return { kind: "shown", text: `Empathy shown${about ? `: the customer was ${about}` : ""}.` };
  if (risk.length) return { kind: "missed-high-risk", text: `Missed at a high-risk moment (${risk.map(label).join(", ")}): the reply did not acknowledge it.` };
  return { kind: "missed", text: `Missed: the customer ${about ? `was ${about}` : "needed empathy"}, and the reply did not acknowledge it.` };
}

function nudgeList(nudges) {
  const list = el("ul", "nudges");
  for (const n of nudges) {
    const li = el("li", "nudge");
    li.dataset.kind = n.kind;
    li.append(el("span", "nudge-kind", KIND_LABELS[n.kind] ?? n.kind), el("span", "nudge-message", n.message));
    if (n.suggestion) li.append(el("q", "nudge-suggestion", n.suggestion));
    list.append(li);
  }
  return list;
}

function componentBars(components) {
  const list = el("dl", "components");
  for (const [key, name] of Object.entries(COMPONENTS)) {
    const v = components?.[key];
    if (!Number.isFinite(v)) continue;
    const row = el("div", "component");
    const bar = el("span", "component-bar");
    const fill = el("span", "component-fill");
    fill.style.width = `${Math.max(0, Math.min(100, v))}%`;
    fill.dataset.band = bandOf(v);
    bar.append(fill);
    const dd = el("dd");
    dd.append(bar, el("span", "component-number", String(Math.round(v))));
    row.append(el("dt", "", name), dd);
    list.append(row);
  }
  return list;
}

function openDrill(id, { focus = true } = {}) {
  const item = state.items.find((i) => i.id === id);
  if (!item) return;
  state.selected = id;
  const { result, conversation } = item;
  ui.drillTitle.textContent = `Conversation ${item.id}`;
  ui.drillMeta.textContent = ["team", "channel", "shift", "agent"].map((k) => label(metaValue(item, k)))
    .concat(dateOf(item) ? [formatDay(dateOf(item), { day: "numeric", month: "short", year: "numeric" })] : [])
    .concat(result.language && result.language !== "und" ? [languageName(result.language)] : []).join(" · ");

  const summary = el("div", "drill-summary");
  const big = el("div", "drill-score");
  if (isRead(result)) {
    summary.dataset.band = result.band ?? bandOf(result.score);
    big.append(el("span", "drill-score-value", String(Math.round(result.score))), el("span", "drill-score-max", "/100"),
      el("span", "drill-band", label(result.band ?? bandOf(result.score))));
  } else {
    big.append(el("span", "drill-band", `Not scored: the coach doesn't speak ${languageName(result.language)} yet`));
  }
  const risks = risksOf(result);
  const chips = flagChips(result.flags);
  for (const r of risks) {
    const chip = el("span", "chip chip-risk", label(r));
    chips.append(chip);
  }
  summary.append(big, componentBars(result.components), chips);

  const transcript = el("ol", "transcript");
  const byIndex = new Map(result.turns.map((t) => [t.index, t]));
  if (conversation) {
    const emotions = emotionSpans(result);
    conversation.turns.forEach((turn, index) => {
      const li = el("li", `turn turn-${turn.role === "customer" ? "customer" : "agent"}`);
      const r = byIndex.get(index);
      if (r) {
        const moment = momentOf(r, conversation.turns[index - 1]?.role);
        if (moment) {
          const callout = el("p", "moment", moment.text);
          callout.dataset.kind = moment.kind;
          li.append(callout);
        }
      }
      const bubble = el("div", "bubble");
      const spans = turn.role === "customer"
        ? emotions.get(index) ?? []
        : (r?.behaviors ?? []).filter((b) => b.polarity).map((b) => ({
          start: b.start, end: b.end, className: b.polarity > 0 ? "moment-positive" : "moment-negative", title: `${label(b.id)} (${b.family})`,
        }));
      bubble.append(markedText(String(turn.text), spans));
      const meta = el("div", "turn-meta");
      meta.append(el("span", "turn-who", turn.role === "customer" ? "Customer" : turn.role === "bot" ? "Bot" : metaValue(item, "agent")));
      if (Number.isFinite(turn.time)) meta.append(el("time", "", new Date(turn.time).toISOString().slice(11, 16)));
      if (r) meta.append(scoreBadge(r.score));
      li.append(bubble, meta);
      if (r?.nudges?.length) li.append(nudgeList(r.nudges));
      transcript.append(li);
    });
  } else {
    for (const r of result.turns) {
      const li = el("li", "turn turn-agent");
      const bubble = el("div", "bubble bubble-textless");
      bubble.append(el("span", "", `Reply at turn ${r.index}: `), el("span", "muted", (r.behaviors ?? []).map((b) => label(b.id)).join(", ") || "no behaviours found"));
      const meta = el("div", "turn-meta");
      meta.append(scoreBadge(r.score));
      li.append(bubble, meta);
      if (r.nudges?.length) li.append(nudgeList(r.nudges));
      transcript.append(li);
    }
  }
  const legend = el("p", "drill-legend");
  legend.append(el("mark", "moment-emotion", "customer feeling"), " ", el("mark", "moment-positive", "helps"), " ",
    el("mark", "moment-negative", "hurts"), " ", el("span", "muted", "Hover a highlight for what the engine found."));
  const parts = [summary, legend, transcript];
  if (!conversation) parts.splice(1, 1, el("p", "notice", "This file holds scores only, not the conversation's text: open the raw conversations to see the transcript."));
  ui.drillBody.replaceChildren(...parts);
  ui.drill.hidden = false;
  document.body.classList.add("drill-open");
  for (const tr of ui.conversations.querySelectorAll("tr.row")) tr.classList.toggle("selected", tr.dataset.id === id);
  if (location.hash !== `#${encodeURIComponent(id)}`) history.replaceState(null, "", `#${encodeURIComponent(id)}`);
  if (focus) ui.drillClose.focus();
}

function closeDrill() {
  if (ui.drill.hidden) return;
  ui.drill.hidden = true;
  document.body.classList.remove("drill-open");
  const id = state.selected;
  state.selected = null;
  history.replaceState(null, "", location.pathname + location.search);
  for (const tr of ui.conversations.querySelectorAll("tr.row")) tr.classList.remove("selected");
  ui.conversations.querySelector(`tr.row[data-id="${CSS.escape(id ?? "")}"]`)?.focus();
}

function openFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (id && state.items.some((i) => i.id === id)) openDrill(id, { focus: false });
}

// --- Start -----------------------------------------------------------------------------------

async function main() {
  if (window.Chart) setUpCharts();
  else say("Chart.js did not load (node_modules/chart.js): run npm install. Tables still work.", "error");

  for (const select of ui.filters) select.addEventListener("change", render);
  ui.highRisk.addEventListener("change", render);
  ui.reset.addEventListener("click", () => {
    for (const select of ui.filters) select.value = "";
    ui.highRisk.checked = false;
    render();
  });
  ui.groupBy.addEventListener("change", renderBreakdown);
  ui.sort.addEventListener("change", () => {
    state.shown = PAGE_SIZE;
    renderConversations();
  });
  ui.more.addEventListener("click", () => {
    state.shown += PAGE_SIZE * 2;
    renderConversations();
  });
  ui.conversations.addEventListener("click", (event) => {
    const row = event.target.closest("tr.row");
    if (row) openDrill(row.dataset.id);
  });
  ui.conversations.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr.row");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openDrill(row.dataset.id);
    }
  });
  ui.drillClose.addEventListener("click", closeDrill);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeDrill();
  });
  window.addEventListener("hashchange", openFromHash);
  ui.file.addEventListener("change", () => {
    openFile(ui.file.files?.[0]);
    ui.file.value = "";
  });
  ui.loadSample.addEventListener("click", loadSample);

  await loadSample();
  document.documentElement.dataset.ready = "true";
}

// For the end-to-end tests and for poking at the data from the console.
window.empathyDashboard = { state, load, openDrill, closeDrill };
main();
