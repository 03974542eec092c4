// The "Be Empathetic" dashboard, for team leads: find the weakest group, see why, act on it.
// It scores conversations in this page with the wasm engine (in workers, so 100,000 load
// without freezing it), or reads results scored elsewhere (`empathy score`), and shows the
// score by team, shift, channel and agent with confidence intervals, its trend and
// distribution, missed empathy on high-risk conversations, each agent's coaching themes,
// and any one conversation with the parts of its score. Filters live in the URL; the
// filtered conversations and the tables export as CSV and JSON Lines; a coaching report
// prints.
//
// Served under the strict CSP of examples/serve.mjs: Chart.js comes from this server
// (node_modules/chart.js/dist/chart.umd.min.js, loaded by index.html), no inline script
// or style, and no text leaves the page. A file the user opens is read locally.

import { Pool } from "./load.js";
import {
  CONVERSATION_COLUMNS, RESAMPLES, agentTable, coachingThemes, compareGroups, conversationRows, emptyFilters, filterItems,
  filtersFromQuery, filtersToQuery, findings, lastMonth, strengths, toCSV, toJSONL, weeklyMeans, weeksOf,
} from "./analysis.js";
import {
  MISSED_HIGH_RISK, bandOf, dateOf, groupBy, histogram, isRead, metaValue, risksOf, summarize,
} from "./stats.js";

const SAMPLE_URL = new URL("../data/conversations.jsonl", import.meta.url);
/** Height of one conversation row (CSS .virtual tr.row); the list draws only the rows in view. */
const ROW_HEIGHT = 52;
/** Above this many conversations the page draws itself part by part, answering in between. */
const PROGRESSIVE_ABOVE = 20_000;
/** Rows drawn above and below the visible ones, so scrolling shows no gaps. */
const OVERSCAN = 8;
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
  source: $("source"), progress: $("progress"), notice: $("notice"), kpis: $("kpis"), file: $("file"), loadSample: $("load-sample"),
  from: $("filter-from"), to: $("filter-to"), lastMonth: $("last-month"), team: $("filter-team"), shift: $("filter-shift"),
  channel: $("filter-channel"), agent: $("filter-agent"), agentNames: $("agent-names"), risk: $("filter-risk"), band: $("filter-band"),
  q: $("filter-q"), reset: $("filter-reset"), printReport: $("print-report"),
  agentPage: $("agent-page"), agentTitle: $("agent-title"), agentMeta: $("agent-meta"), agentClose: $("agent-close"),
  agentThemes: $("agent-themes"), agentStrengths: $("agent-strengths"), agentTrend: $("agent-trend"),
  findings: $("findings"), agents: $("agents"), exportAgents: $("export-agents"), exportAgentsJsonl: $("export-agents-jsonl"),
  groupBy: $("group-by"), breakdown: $("breakdown"), exportBreakdown: $("export-breakdown"),
  exportBreakdownJsonl: $("export-breakdown-jsonl"),
  sort: $("sort"), reviewCount: $("review-count"), conversations: $("conversations"), scroll: $("conversations-scroll"),
  exportCsv: $("export-csv"), exportJsonl: $("export-jsonl"),
  drill: $("drill"), drillTitle: $("drill-title"), drillMeta: $("drill-meta"), drillBody: $("drill-body"), drillClose: $("drill-close"),
  report: $("report"),
};
/** The controls of each filter key (SPEC of the URL: analysis.js FILTER_KEYS). */
const CONTROLS = { from: ui.from, to: ui.to, team: ui.team, shift: ui.shift, channel: ui.channel, agent: ui.agent, risk: ui.risk, band: ui.band, q: ui.q };

const state = {
  /** Every conversation: {id, meta, result, conversation (raw, or null when only scored)}. */
  items: [],
  filtered: [],
  /** The filtered conversations in the list's order. */
  list: [],
  filters: emptyFilters(),
  source: "",
  selected: null,
  charts: {},
  pool: null,
  /** Full results of conversations opened in the drill-down, by item. */
  full: new WeakMap(),
  /** Loads started; a load that is no longer the last one is dropped. */
  loads: 0,
  /**
   * What the page shows, published when a render ends: exports and the report read this, so
   * they never mix the rows of one view with the filters of the next while a render runs.
   */
  view: null,
  /** Every week of the file (Mondays), computed once per file. */
  weeks: [],
  /** Team, shift and channel groups, and the agents table, of the filtered conversations. */
  groups: {},
  agents: [],
  /** Renders started; a render that is no longer the last one stops. */
  renders: 0,
  /** What the last render measured (ms), for the scale benchmark. */
  timings: {},
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
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function formatDay(date, options = { day: "numeric", month: "short" }) {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { timeZone: "UTC", ...options });
}

function say(text, kind = "") {
  ui.notice.textContent = text;
  ui.notice.dataset.kind = kind;
}

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

/** A small line of weekly means (SVG, drawn with the DOM: no markup strings). */
function sparkline(trend, { width = 120, height = 28, title = "" } = {}) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("class", "sparkline");
  svg.setAttribute("role", "img");
  const points = trend.map((t, i) => [t.mean, i]).filter(([m]) => m !== null);
  svg.setAttribute("aria-label", `${title ? `${title}: ` : ""}${points.length ? `weekly means ${points.map(([m]) => Math.round(m)).join(", ")}` : "no weekly means"}`);
  const x = (i) => (trend.length > 1 ? (i / (trend.length - 1)) * (width - 4) + 2 : width / 2);
  const y = (m) => height - 2 - (m / 100) * (height - 4);
  for (const cut of [40, 70]) {
    const line = document.createElementNS(NS, "line");
    line.setAttribute("x1", "0");
    line.setAttribute("x2", String(width));
    line.setAttribute("y1", String(y(cut)));
    line.setAttribute("y2", String(y(cut)));
    line.setAttribute("class", "sparkline-cut");
    svg.append(line);
  }
  if (points.length) {
    const path = document.createElementNS(NS, "polyline");
    path.setAttribute("points", points.map(([m, i]) => `${x(i).toFixed(1)},${y(m).toFixed(1)}`).join(" "));
    path.setAttribute("class", "sparkline-line");
    const [lastMean, lastIndex] = points.at(-1);
    const dot = document.createElementNS(NS, "circle");
    dot.setAttribute("cx", x(lastIndex).toFixed(1));
    dot.setAttribute("cy", y(lastMean).toFixed(1));
    dot.setAttribute("r", "2.5");
    dot.setAttribute("class", `sparkline-dot band-${bandOf(lastMean)}`);
    svg.append(path, dot);
  }
  return svg;
}

/** Saves text (a string, or pieces of one) as a file the browser downloads (a blob URL: nothing leaves the page). */
function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text].flat(), { type }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name for an export: what it holds and the filters that made it. */
function exportName(what, extension) {
  const parts = [what, ...Object.entries(state.view.filters).filter(([k, v]) => v && k !== "q").map(([, v]) => v)];
  return `${parts.join("-").replace(/[^\w.-]+/g, "_")}.${extension}`;
}

// --- Loading and scoring ---------------------------------------------------------------------

async function load(text, sourceName) {
  state.pool ??= new Pool();
  const mine = ++state.loads;
  ui.source.textContent = `Scoring ${sourceName}…`;
  ui.source.setAttribute("aria-busy", "true");  // one announcement when done, not one per chunk
  ui.progress.hidden = false;
  ui.progress.value = 0;
  const started = performance.now();
  let loaded;
  try {
    loaded = await state.pool.load(text, (done, total) => {
      if (mine !== state.loads) return;
      ui.progress.value = done / total;
      ui.source.textContent = `Scoring ${sourceName}: ${Math.round((done / total) * 100)}%…`;
    });
  } finally {
    if (mine === state.loads) {
      ui.progress.hidden = true;
      ui.source.removeAttribute("aria-busy");
    }
  }
  if (mine !== state.loads) return false;  // another file was opened meanwhile: it wins
  const { items, errors } = loaded;
  state.timings.load = performance.now() - started;
  const problems = errors.sort((a, b) => a.line - b.line);
  if (items.length === 0) {
    ui.source.textContent = state.source || "No data";
    say(`${sourceName} has no conversations the dashboard can read${problems.length ? ` (line ${problems[0].line}: ${problems[0].error})` : ""}.`, "error");
    return false;
  }
  closeDrill();
  state.items = items;
  state.full = new WeakMap();
  state.weeks = weeksOf(items);  // the agents' trend columns: every week of the file, whatever the filters
  const dates = items.map(dateOf).filter(Boolean).sort();
  const span = dates.length ? ` · ${formatDay(dates[0])} – ${formatDay(dates.at(-1), { day: "numeric", month: "short", year: "numeric" })}` : "";
  const scored = items.filter((i) => i.conversation === null).length;
  state.source = `${sourceName} · ${items.length} conversations${span}${scored ? " · pre-scored" : " · scored in this page"}`;
  ui.source.textContent = state.source;
  say(problems.length
    ? `${problems.length} line${problems.length === 1 ? "" : "s"} skipped (line ${problems[0].line}: ${problems[0].error}).`
    : "", problems.length ? "warning" : "");
  fillFilters(dates);
  readFiltersFromUrl();
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

// --- Filters: the URL holds them, so a view can be shared ------------------------------------

/** Fills the filters' choices from the file: its teams, shifts, channels, agents, risks and dates (sorted). */
function fillFilters(dates) {
  const values = (key) => [...new Set(state.items.map((i) => metaValue(i, key)))].sort();
  for (const key of ["team", "shift", "channel"]) {
    const select = CONTROLS[key];
    select.replaceChildren(select.options[0], ...values(key).map((v) => {
      const option = el("option", "", label(v));
      option.value = v;
      return option;
    }));
  }
  ui.agentNames.replaceChildren(...values("agent").map((v) => {
    const option = el("option");
    option.value = v;
    return option;
  }));
  const risks = [...new Set(state.items.flatMap((i) => risksOf(i.result)))].sort();
  ui.risk.replaceChildren(...[...ui.risk.options].slice(0, 2), ...risks.map((r) => {
    const option = el("option", "", capital(label(r)));
    option.value = r;
    return option;
  }));
  for (const input of [ui.from, ui.to]) {
    input.min = dates[0] ?? "";
    input.max = dates.at(-1) ?? "";
  }
}

function readFiltersFromUrl() {
  state.filters = filtersFromQuery(location.search);
  syncControls();
}

function syncControls() {
  for (const [key, control] of Object.entries(CONTROLS)) {
    const value = state.filters[key] ?? "";
    if (control.tagName === "SELECT" && value && ![...control.options].some((o) => o.value === value)) {
      const option = el("option", "", label(value));  // a value this file does not have: still shown, so the URL is honest
      option.value = value;
      control.append(option);
    }
    if (document.activeElement !== control) control.value = value;  // never under the cursor of someone typing
  }
}

function writeUrl() {
  const query = filtersToQuery(state.filters);
  const hash = state.selected ? `#${encodeURIComponent(state.selected)}` : "";
  if (location.search !== query || location.hash !== hash) history.replaceState(null, "", `${location.pathname}${query}${hash}`);
}

/** Sets filters (an object of keys to values; "" clears one), then shows the result. */
function setFilters(changes) {
  if (Object.entries(changes).every(([k, v]) => (state.filters[k] ?? "") === v)) return;
  Object.assign(state.filters, changes);
  syncControls();
  writeUrl();
  render();
}

/** Toggles one filter from a chart: clicking the selected group again clears it. */
function toggleFilter(key, value) {
  setFilters({ [key]: state.filters[key] === value ? "" : value });
}

// --- Rendering -------------------------------------------------------------------------------

/**
 * Draws the whole page for the current filters, part by part. With many conversations the
 * page answers between parts (a click, a key, the next filter: a newer render replaces an
 * older one), so no single task holds it for long; `data-rendered` on <html> counts the
 * renders that finished.
 */
async function render() {
  const mine = ++state.renders;
  const started = performance.now();
  state.filtered = filterItems(state.items, state.filters);
  const parts = { filter: performance.now() - started };
  state.timings.parts = parts;
  for (const part of [renderKpis, renderFindings, renderAgentPage, renderCharts, renderAgents, renderBreakdown, renderConversations]) {
    if (state.items.length > PROGRESSIVE_ABOVE) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (mine !== state.renders) return;
    }
    const at = performance.now();
    part();
    parts[part.name] = performance.now() - at;
  }
  state.timings.render = Object.values(parts).reduce((a, b) => a + b, 0);
  state.view = { filters: { ...state.filters }, filtered: state.filtered, list: state.list, agents: state.agents, groups: state.groups };
  document.documentElement.dataset.rendered = String(mine);
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
    kpi("High-risk conversations", String(s.highRisk), "bereavement, fraud, health, hardship, safety, complaints, churn"),
    kpi("Missed on high-risk", pct(s.missedHighRiskRate), `${missedHigh} conversation${missedHigh === 1 ? "" : "s"} for compliance review`,
      s.missedHighRiskRate === null ? "" : s.missedHighRiskRate > 0.2 ? "low" : s.missedHighRiskRate > 0.05 ? "fair" : "good"),
  );
}

/** The groups of a key (weakest first, with intervals): computed once per render, by renderFindings. */
const groupsOf = (key) => state.groups[key];

function renderFindings() {
  state.groups = Object.fromEntries(["team", "shift", "channel"].map((key) =>
    [key, compareGroups(state.filtered, key, { resamples: RESAMPLES.groups })]));
  state.agents = agentTable(state.filtered, { weeks: state.weeks, resamples: RESAMPLES.agents });
  const list = findings(state.filtered, state.filters, state.agents, { groups: state.groups });
  ui.findings.replaceChildren(...(list.length ? list : [{ sentence: "Nothing to compare: narrow the filters less, or open more data." }]).map((f) => {
    const li = el("li", "finding", f.sentence);
    if (f.key) li.dataset.key = f.key;
    if (f.agent) {
      const open = el("button", "button button-link", `Open ${f.agent}`);
      open.type = "button";
      open.addEventListener("click", () => setFilters({ agent: f.agent }));
      li.append(" ", open);
    }
    return li;
  }));
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
        // After the bar, or after its interval's whisker when there is one (options.at: its end).
        const end = options.at ? Math.max(bar.x, chart.scales.x.getPixelForValue(options.at(i))) : bar.x;
        ctx.fillText(text, end + 6, bar.y);
      } else {
        ctx.textAlign = "center";
        ctx.textBaseline = "bottom";
        ctx.fillText(text, bar.x, bar.y - 3);
      }
    });
    ctx.restore();
  },
};

/** Whiskers of each bar's confidence interval (horizontal bars), from options.intervals[i] = [low, high]. */
const intervals = {
  id: "intervals",
  afterDatasetsDraw(chart, args, options) {
    if (!options?.values) return;
    const { ctx } = chart;
    const x = chart.scales.x;
    ctx.save();
    ctx.strokeStyle = COLORS.text;
    ctx.lineWidth = 1.5;
    chart.getDatasetMeta(0).data.forEach((bar, i) => {
      const [low, high] = options.values[i] ?? [];
      if (!Number.isFinite(low) || !Number.isFinite(high)) return;
      const [a, b] = [x.getPixelForValue(low), x.getPixelForValue(high)];
      ctx.beginPath();
      ctx.moveTo(a, bar.y);
      ctx.lineTo(b, bar.y);
      ctx.moveTo(a, bar.y - 4);
      ctx.lineTo(a, bar.y + 4);
      ctx.moveTo(b, bar.y - 4);
      ctx.lineTo(b, bar.y + 4);
      ctx.stroke();
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
  Chart.register(bandShading, valueLabels, intervals);
}

function chart(id, config) {
  state.charts[id]?.destroy();
  if (config.options.indexAxis === "y") {  // horizontal bars: room for every label, however many groups
    $(id).parentElement.style.height = `${Math.max(200, config.data.labels.length * 34 + 70)}px`;
  }
  state.charts[id] = new window.Chart($(id), config);
  return state.charts[id];
}

const scoreAxis = (extra = {}) => ({
  min: 0, max: 100, grid: { color: COLORS.grid }, ticks: { stepSize: 20 }, border: { display: false }, ...extra,
});

/** A long category label on two lines, so it fits beside a horizontal bar ("complaint escalation"). */
const wrap = (text) => {
  const words = String(text).split(" ");
  if (words.length < 2 || text.length <= 12) return text;
  const half = Math.ceil(words.length / 2);
  return [words.slice(0, half).join(" "), words.slice(half).join(" ")];
};

/** Clicking a bar (or a legend entry) filters: the chart's category goes to a filter key. */
const clickTo = (key, values) => (event, elements) => {
  if (elements.length) toggleFilter(key, values[elements[0].index]);
};

function renderTrend() {
  const weeks = weeksOf(state.filtered);
  const byTeam = new Map();
  for (const item of state.filtered) {
    const team = metaValue(item, "team");
    if (!byTeam.has(team)) byTeam.set(team, []);
    byTeam.get(team).push(item);
  }
  const teams = [...byTeam.keys()].sort();
  const means = (items) => weeklyMeans(items, weeks).map((w) => w.mean);
  const datasets = [{
    label: "All conversations", data: means(state.filtered), borderColor: COLORS.accent, backgroundColor: COLORS.accent,
    borderWidth: 3, pointRadius: 3, tension: 0.3, order: 0,
  }];
  if (teams.length > 1) {
    teams.forEach((team, n) => datasets.push({
      label: label(team), team, data: means(byTeam.get(team)),
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
        legend: {
          position: "bottom",
          // A team in the legend filters to that team; "All conversations" clears the team filter.
          onClick: (event, item, legend) => {
            const set = legend.chart.data.datasets[item.datasetIndex];
            setFilters({ team: set.team && state.filters.team !== set.team ? set.team : "" });
          },
        },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? "–" : c.parsed.y.toFixed(1)}` } },
      },
    },
  });
}

function renderDistribution() {
  const bins = histogram(state.filtered);
  const labels = bins.map((_, i) => (i === 9 ? "90–100" : `${i * 10}–${i * 10 + 9}`));
  const bands = bins.map((_, i) => bandOf(i * 10));
  chart("chart-distribution", {
    type: "bar",
    data: { labels, datasets: [{ label: "Conversations", data: bins, backgroundColor: bands.map((b) => COLORS[b]), borderRadius: 3, barPercentage: 0.92, categoryPercentage: 0.95 }] },
    options: {
      onClick: clickTo("band", bands),
      scales: {
        y: { beginAtZero: true, grid: { color: COLORS.grid }, border: { display: false }, ticks: { precision: 0 }, grace: "8%" },
        x: { grid: { display: false }, title: { display: true, text: "Conversation score" } },
      },
      plugins: { legend: { display: false }, valueLabels: { format: (i, c) => String(c.data.datasets[0].data[i] || "") } },
    },
  });
}

function renderGroupChart(id, key) {
  const groups = groupsOf(key);
  chart(id, {
    type: "bar",
    data: {
      labels: groups.map((g) => wrap(`${label(g.value)} (${g.count})`)),
      datasets: [{
        label: "Mean score", data: groups.map((g) => g.mean),
        backgroundColor: groups.map((g) => COLORS[bandOf(g.mean)]), borderRadius: 4, barPercentage: 0.7,
      }],
    },
    options: {
      indexAxis: "y",
      onClick: clickTo(key, groups.map((g) => g.value)),
      layout: { padding: { right: 30 } },
      scales: { x: scoreAxis(), y: { grid: { display: false }, border: { display: false }, ticks: { color: COLORS.text, autoSkip: false } } },
      plugins: {
        legend: { display: false },
        bandShading: { axis: "x" },
        intervals: { values: groups.map((g) => [g.low, g.high]) },
        valueLabels: { format: (i) => groups[i].mean.toFixed(0), at: (i) => groups[i].high },
        tooltip: {
          callbacks: {
            label: (c) => {
              const g = groups[c.dataIndex];
              return [`Mean ${g.mean} (95% CI ${g.low}–${g.high})`, `${g.count} conversations · missed empathy ${pct(g.missedEmpathyRate)}`, "Click to filter"];
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
    // A miss counts against the risks of the reply it was taken for, not every risk of the conversation.
    const missedRisks = new Set((item.result.parts?.penalties ?? []).filter((p) => p.flag === MISSED_HIGH_RISK)
      .flatMap((p) => item.result.turns.find((t) => t.index === p.turn)?.customer?.risk ?? []));
    const whole = !item.result.parts && item.result.flags.includes(MISSED_HIGH_RISK);  // results without parts: the flag
    for (const risk of risksOf(item.result)) {
      const entry = byRisk.get(risk) ?? { shown: 0, missed: 0 };
      entry[whole || missedRisks.has(risk) ? "missed" : "shown"] += 1;
      byRisk.set(risk, entry);
    }
  }
  const rows = [...byRisk.entries()].sort((a, b) => (b[1].missed + b[1].shown) - (a[1].missed + a[1].shown));
  const share = (e) => Math.round((e.missed / (e.missed + e.shown)) * 100);
  chart("chart-risk", {
    type: "bar",
    data: {
      labels: rows.map(([r]) => wrap(label(r))),
      datasets: [
        { label: "Empathy shown", data: rows.map(([, e]) => e.shown), backgroundColor: COLORS.good, borderRadius: 3, barPercentage: 0.7 },
        { label: "Missed", data: rows.map(([, e]) => e.missed), backgroundColor: COLORS.low, borderRadius: 3, barPercentage: 0.7 },
      ],
    },
    options: {
      indexAxis: "y",
      onClick: clickTo("risk", rows.map(([r]) => r)),
      layout: { padding: { right: 74 } },
      scales: {
        x: { stacked: true, beginAtZero: true, grid: { color: COLORS.grid }, border: { display: false }, ticks: { precision: 0 } },
        y: { stacked: true, grid: { display: false }, border: { display: false }, ticks: { color: COLORS.text, autoSkip: false } },
      },
      plugins: {
        legend: { position: "bottom" },
        valueLabels: { format: (i) => `${share(rows[i][1])}% missed` },
        tooltip: {
          callbacks: {
            footer: (cs) => {
              const e = rows[cs[0].dataIndex][1];
              return `${share(e)}% missed of ${e.missed + e.shown} · click to filter`;
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

// --- People: the agents table and one agent's page --------------------------------------------

const AGENT_COLUMNS = [
  { key: "agent", header: "Agent" }, { key: "team", header: "Team" }, { key: "conversations", header: "Conversations" },
  { key: "unsupported", header: "Not scored" }, { key: "mean", header: "Mean score" }, { key: "low", header: "CI low" },
  { key: "high", header: "CI high" }, { key: "missedEmpathyRate", header: "Missed empathy rate" },
  { key: "topNudge", header: "Most frequent nudge" },
];

function renderAgents() {
  const head = el("thead");
  const hr = el("tr");
  for (const [h, cls] of [["Agent", ""], ["Team", ""], ["Conversations", "num"], ["Score (95% CI)", "num"], ["Weekly trend", ""],
    ["Missed empathy", "num"], ["Most frequent nudge", ""]]) hr.append(el("th", cls, h));
  head.append(hr);
  const body = el("tbody");
  for (const a of state.agents) {
    const tr = el("tr", "row");
    tr.tabIndex = 0;
    tr.dataset.agent = a.agent;
    tr.setAttribute("aria-label", `Open agent ${a.agent}`);
    const score = el("td", "num nowrap");
    score.append(scoreBadge(a.mean));
    if (a.low !== null) score.append(el("span", "muted ci", ` ${Math.round(a.low)}–${Math.round(a.high)}`));
    const trend = el("td");
    trend.append(sparkline(a.trend, { title: a.agent }));
    tr.append(el("td", "strong", a.agent), el("td", "", label(a.team)), el("td", "num", num(a.conversations)), score, trend,
      el("td", "num", pct(a.missedEmpathyRate)), el("td", "nudge-cell", a.topNudge ? `${a.topNudge.message} (${a.topNudge.count}×)` : "–"));
    body.append(tr);
  }
  ui.agents.replaceChildren(head, body);
}

function agentRows() {
  return (state.view?.agents ?? []).map((a) => ({ ...a, topNudge: a.topNudge ? `${a.topNudge.ruleId}: ${a.topNudge.message}` : "" }));
}

function themeList(themes, list) {
  list.replaceChildren(...themes.map((t) => {
    const li = el("li", "theme");
    li.dataset.kind = t.kind;
    li.append(el("span", "theme-message", t.message),
      el("span", "theme-count", `${t.conversations} conversation${t.conversations === 1 ? "" : "s"} (${pct(t.share)})`));
    const example = t.example?.text?.replace(/\s+/g, " ").trim();
    if (example) li.append(el("q", "theme-example", example.length > 160 ? `${example.slice(0, 157)}…` : example));
    return li;
  }));
  if (!themes.length) list.replaceChildren(el("li", "muted", "Nothing yet."));
}

function renderAgentPage() {
  const name = state.filters.agent;
  const items = state.filtered;
  ui.agentPage.hidden = !name;
  if (!name) return;
  const s = summarize(items);
  const team = [...new Set(items.map((i) => metaValue(i, "team")))].map(label).join(", ");
  ui.agentTitle.textContent = name;
  ui.agentMeta.textContent = items.length
    ? `${team} · ${s.count} conversations · mean ${s.mean ?? "–"} · missed empathy ${pct(s.missedEmpathyRate)}`
    : "No conversations match this agent and these filters.";
  themeList(coachingThemes(items), ui.agentThemes);
  themeList(strengths(items), ui.agentStrengths);
  const row = state.agents.find((a) => a.agent === name);  // renderFindings made the table of these conversations
  ui.agentTrend.replaceChildren(sparkline(row?.trend ?? [], { width: 320, height: 64, title: name }));
}

// --- Tables ----------------------------------------------------------------------------------

function breakdownGroups(items = state.filtered) {
  const keys = ui.groupBy.value.split(",");
  const groups = groupBy(items, keys).sort((a, b) =>
    keys.map((k) => a.key[k]).join("\u0000").localeCompare(keys.map((k) => b.key[k]).join("\u0000")));
  return { keys, groups };
}

const BREAKDOWN_FIELDS = ["count", "unsupported", "mean", "p10", "p50", "p90", "missedEmpathyRate", "highRisk", "missedHighRiskRate"];

function renderBreakdown() {
  const { keys, groups } = breakdownGroups();
  const head = el("thead");
  const hr = el("tr");
  for (const k of keys) hr.append(el("th", "", capital(label(k))));
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
  // Each item's date and score once, then plain comparisons: 100,000 items sort in a blink.
  // Not scored (another language) sorts after every score, and undated after every date, whichever way.
  const rows = state.filtered.map((item) => ({ item, date: dateOf(item) ?? "", score: isRead(item.result) ? item.result.score : null }));
  const byScore = (a, b, sign) => (a.score === null) - (b.score === null) || sign * (a.score - b.score);
  const newest = (a, b) => (!a.date) - (!b.date) || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
  const missedHigh = (r) => Number(r.item.result.flags.includes(MISSED_HIGH_RISK));
  const order = {
    risk: (a, b) => missedHigh(b) - missedHigh(a) || byScore(a, b, 1),
    newest,
    best: (a, b) => byScore(a, b, -1) || newest(a, b),
    score: (a, b) => byScore(a, b, 1) || newest(a, b),
  }[ui.sort.value] ?? ((a, b) => byScore(a, b, 1) || newest(a, b));
  return rows.sort(order).map((r) => r.item);
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

const CONVERSATION_HEADERS = [["Score", "num"], ["Conversation", ""], ["Team", ""], ["Channel", ""], ["Shift", ""], ["Agent", ""],
  ["Language", ""], ["Date", ""], ["Flags", ""]];

function conversationRow(item, position) {
  const tr = el("tr", "row");
  tr.tabIndex = 0;
  tr.dataset.id = item.id;
  tr.setAttribute("aria-rowindex", String(position + 2));  // the header is row 1
  tr.setAttribute("aria-label", `Open conversation ${item.id}`);
  if (item.id === state.selected) tr.classList.add("selected");
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
  return tr;
}

function spacer(height) {
  const tr = el("tr", "spacer");
  tr.setAttribute("aria-hidden", "true");
  const td = el("td");
  td.colSpan = CONVERSATION_HEADERS.length;
  td.style.height = `${height}px`;
  tr.append(td);
  return tr;
}

/** Draws the rows in view (and a few either side); spacers keep the scroll height true. */
function drawRows() {
  const list = state.list;
  const body = ui.conversations.tBodies[0];
  if (!body) return;
  if (list.length === 0) {
    const tr = el("tr");
    const td = el("td", "empty", "No conversations match these filters.");
    td.colSpan = CONVERSATION_HEADERS.length;
    tr.append(td);
    body.replaceChildren(tr);
    return;
  }
  const view = ui.scroll.clientHeight || 600;
  const first = Math.max(0, Math.floor(ui.scroll.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(list.length, Math.ceil((ui.scroll.scrollTop + view) / ROW_HEIGHT) + OVERSCAN);
  if (state.drawn && state.drawn.first === first && state.drawn.last === last && state.drawn.list === list) return;
  const focused = document.activeElement?.closest?.("tr.row")?.dataset.id;
  body.replaceChildren(spacer(first * ROW_HEIGHT), ...list.slice(first, last).map((item, i) => conversationRow(item, first + i)),
    spacer((list.length - last) * ROW_HEIGHT));
  state.drawn = { first, last, list };
  if (focused) body.querySelector(`tr.row[data-id="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
}

function renderConversations() {
  state.list = sortedConversations();
  const head = el("thead");
  const hr = el("tr");
  hr.setAttribute("aria-rowindex", "1");
  for (const [h, cls] of CONVERSATION_HEADERS) hr.append(el("th", cls, h));
  head.append(hr);
  ui.conversations.replaceChildren(head, el("tbody"));
  ui.conversations.setAttribute("aria-rowcount", String(state.list.length + 1));
  ui.reviewCount.textContent = `${state.list.length.toLocaleString("en-GB")} conversation${state.list.length === 1 ? "" : "s"}` +
    " · open one to see why it scores what it does.";
  ui.scroll.scrollTop = 0;
  state.drawn = null;
  drawRows();
}

/** Arrow keys move between rows, drawing the next ones when they are out of view. */
function moveFocus(row, step) {
  const at = state.list.findIndex((i) => i.id === row.dataset.id);
  const next = Math.max(0, Math.min(state.list.length - 1, at + step));
  const top = next * ROW_HEIGHT;
  if (top < ui.scroll.scrollTop || top + ROW_HEIGHT > ui.scroll.scrollTop + ui.scroll.clientHeight) {
    ui.scroll.scrollTop = step > 0 ? top + ROW_HEIGHT - ui.scroll.clientHeight : top;
  }
  drawRows();
  ui.conversations.querySelector(`tr.row[data-id="${CSS.escape(state.list[next].id)}"]`)?.focus({ preventScroll: true });
}

// --- Drill-down: one conversation, its moments, and why it scores what it does --------------

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

/**
 * How the score is made, in the engine's own parts: each reply's score and weight, their
 * weighted mean, each penalty with its reason, and the score they give.
 */
function scoreParts(result) {
  const box = el("section", "parts");
  box.setAttribute("aria-label", "How this score is made");
  box.append(el("h3", "", "How this score is made"));
  const parts = result.parts;
  if (!parts || parts.mean === null || parts.mean === undefined) {
    box.append(el("p", "muted", isRead(result)
      ? "These results do not carry their parts (scored by an older version): score the raw conversations again to see them."
      : "No reply was in a language the coach reads."));
    return box;
  }
  const list = el("ol", "parts-list");
  for (const r of parts.replies) {
    const li = el("li", "part");
    const badge = scoreBadge(r.score);
    li.append(el("span", "part-what", `Reply, message ${r.turn + 1}`), badge,
      el("span", "part-note muted", `counts ${r.weight}×${r.weight > 1 ? " (empathy or a risk at stake)" : ""}`));
    list.append(li);
  }
  const mean = el("li", "part part-sum");
  mean.append(el("span", "part-what", "Weighted mean of the replies"), el("span", "part-points", parts.mean.toFixed(1)));
  list.append(mean);
  for (const p of parts.penalties) {
    const li = el("li", "part part-penalty");
    li.dataset.flag = p.flag;
    li.append(el("span", "part-what", p.reason), el("span", "part-points", `−${p.points}`));
    list.append(li);
  }
  const total = parts.mean - parts.penalties.reduce((a, p) => a + p.points, 0);
  const result_ = el("li", "part part-total");
  const clamp = total < 0 ? " (a score never goes below 0)" : total > 100 ? " (nor above 100)" : "";
  result_.append(el("span", "part-what", `Conversation score${clamp}`), el("span", "part-points", String(result.score)));
  list.append(result_);
  box.append(list);
  return box;
}

async function fullResult(item) {
  if (!item.conversation) return item.result;
  const cache = state.full;  // this file's: a result that arrives after another file opened goes nowhere
  if (!cache.has(item)) cache.set(item, await state.pool.score(item.conversation));
  return cache.get(item);
}

async function openDrill(id, { focus = true } = {}) {
  const item = state.items.find((i) => i.id === id);
  if (!item) return;
  state.selected = id;
  writeUrl();
  const { conversation } = item;
  let result;
  try {
    result = await fullResult(item);
  } catch (err) {
    say(`Conversation ${id} could not be scored again: ${err.message}`, "error");
    result = item.result;
  }
  if (state.selected !== id) return;  // another one was opened meanwhile
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
  const chips = flagChips(result.flags);
  for (const r of risksOf(result)) chips.append(el("span", "chip chip-risk", label(r)));
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
      meta.append(el("span", "turn-who", `${index + 1} · ${turn.role === "customer" ? "Customer" : turn.role === "bot" ? "Bot" : metaValue(item, "agent")}`));
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
      bubble.append(el("span", "", `Reply at message ${r.index + 1}: `), el("span", "muted", (r.behaviors ?? []).map((b) => label(b.id)).join(", ") || "no behaviours found"));
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
  const parts = [summary, scoreParts(result), legend, transcript];
  if (!conversation) parts.splice(2, 1, el("p", "notice", "This file holds scores only, not the conversation's text: open the raw conversations to see the transcript."));
  ui.drillBody.replaceChildren(...parts);
  ui.drillBody.scrollTop = 0;
  ui.drill.hidden = false;
  document.body.classList.add("drill-open");
  for (const tr of ui.conversations.querySelectorAll("tr.row")) tr.classList.toggle("selected", tr.dataset.id === id);
  if (focus) ui.drillClose.focus();
}

function closeDrill() {
  if (ui.drill.hidden) return;
  ui.drill.hidden = true;
  document.body.classList.remove("drill-open");
  const id = state.selected;
  state.selected = null;
  writeUrl();
  for (const tr of ui.conversations.querySelectorAll("tr.row")) tr.classList.remove("selected");
  ui.conversations.querySelector(`tr.row[data-id="${CSS.escape(id ?? "")}"]`)?.focus();
}

function openFromHash() {
  let id = "";
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return;  // a malformed address opens nothing
  }
  if (id && state.items.some((i) => i.id === id)) openDrill(id, { focus: false });
}

// --- The coaching report (printed; dashboard.css hides the rest of the page in print) --------

/** Who and what the report is about, from the filters. */
function reportSubject() {
  const f = state.view.filters;
  if (f.agent) return f.agent;
  const parts = ["team", "shift", "channel"].filter((k) => f[k]).map((k) => `${capital(label(f[k]))} ${k}`);
  return parts.length ? parts.join(", ") : "All teams";
}

function reportPeriod() {
  const { filtered, filters } = state.view;
  const dates = filtered.map(dateOf).filter(Boolean).sort();
  const from = filters.from || dates[0];
  const to = filters.to || dates.at(-1);
  const long = { day: "numeric", month: "long", year: "numeric" };
  return from && to ? `${formatDay(from, long)} to ${formatDay(to, long)}` : "all dates";
}

function buildReport() {
  if (!state.view) return;
  const { filtered, filters, list, agents, groups } = state.view;
  const s = summarize(filtered);
  const report = ui.report;
  const section = (title, ...children) => {
    const box = el("section", "report-section");
    box.append(el("h2", "", title), ...children);
    return box;
  };
  const head = el("header", "report-head");
  head.append(el("p", "report-kicker", "Empathy Coach · coaching report"), el("h1", "", reportSubject()),
    el("p", "report-meta", `${reportPeriod()} · ${s.count} conversations · printed ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}`));
  const figures = el("dl", "report-figures");
  for (const [name, value] of [["Be Empathetic score", s.mean === null ? "–" : String(Math.round(s.mean))], ["Median", num(s.p50)],
    ["Missed empathy", pct(s.missedEmpathyRate)], ["High-risk conversations", String(s.highRisk)], ["Missed on high-risk", pct(s.missedHighRiskRate)]]) {
    const d = el("div");
    d.append(el("dt", "", name), el("dd", "", value));
    figures.append(d);
  }
  const sentences = el("ul", "report-findings");
  for (const f of findings(filtered, filters, agents, { groups })) sentences.append(el("li", "", f.sentence));
  const themes = el("ol", "themes");
  themeList(coachingThemes(filtered), themes);
  const strong = el("ol", "themes");
  themeList(strengths(filtered), strong);
  const lowest = el("ol", "report-lowest");
  for (const item of list.filter((i) => isRead(i.result)).sort((a, b) => a.result.score - b.result.score).slice(0, 5)) {
    const li = el("li");
    li.append(el("strong", "", `${item.id} · ${item.result.score}/100`), ` ${metaValue(item, "agent")} · ${dateOf(item) ? formatDay(dateOf(item)) : ""}`);
    const reasons = (item.result.parts?.penalties ?? []).map((p) => `${p.reason} (−${p.points})`);
    const first = firstCustomerText(item);
    if (first) li.append(el("p", "muted", `Customer: “${first.length > 160 ? `${first.slice(0, 157)}…` : first}”`));
    li.append(el("p", "", reasons.length ? reasons.join(" ") : `Weighted mean of the replies ${item.result.parts?.mean?.toFixed(1) ?? "–"}; no penalties.`));
    lowest.append(li);
  }
  report.replaceChildren(head, section("Figures", figures), section("What stands out", sentences),
    section("Coaching themes", el("p", "muted", "What the coach said most often, with an example from the replies."), themes),
    section("Strengths", strong), section("The five lowest conversations, and why", lowest));
}

// The report is built before any print: the button's, Ctrl+P's or the browser menu's.
window.addEventListener("beforeprint", buildReport);

// --- Export ------------------------------------------------------------------------------------

// CSV starts with a byte-order mark, so spreadsheets read "Zoë" and curly quotes as UTF-8.
const CSV = "text/csv;charset=utf-8";
const BOM = "\uFEFF";

function exportConversations(format) {
  if (!state.view) return;
  const { list } = state.view;
  if (format === "csv") download(exportName("conversations", "csv"), [BOM, toCSV(conversationRows(list), CONVERSATION_COLUMNS)], CSV);
  else download(exportName("conversations", "jsonl"), list.map((item) => toJSONL([item])), "application/x-ndjson");
}

/** A table's rows as JSON Lines: one object per row, as the table holds it. */
const jsonLines = (rows) => rows.map((row) => `${JSON.stringify(row)}\n`);

function exportBreakdown(format) {
  if (!state.view) return;
  const { keys, groups } = breakdownGroups(state.view.filtered);
  const name = `breakdown-by-${keys.join("-")}`;
  if (format === "csv") {
    download(exportName(name, "csv"), [BOM, toCSV(groups.map((g) => ({ ...g.key, ...g })), [...keys, ...BREAKDOWN_FIELDS])], CSV);
  } else {
    download(exportName(name, "jsonl"), jsonLines(groups.map((g) => Object.fromEntries([...keys.map((k) => [k, g.key[k]]),
      ...BREAKDOWN_FIELDS.map((f) => [f, g[f]])]))), "application/x-ndjson");
  }
}

// --- Start -----------------------------------------------------------------------------------

async function main() {
  if (window.Chart) setUpCharts();
  else say("Chart.js did not load (node_modules/chart.js): run npm install. Tables still work.", "error");

  for (const [key, control] of Object.entries(CONTROLS)) {
    // The search applies as you type (after a short pause); the agent box when what is typed is
    // an agent's name (or nothing), so "Vic" on the way to "Victor" empties nothing; every
    // filter when it changes (Enter, leaving the box, a pick from a list).
    if (control.type === "search") {
      let timer = 0;
      control.addEventListener("input", () => {
        clearTimeout(timer);
        const value = control.value.trim();
        if (key === "agent" && value && ![...ui.agentNames.options].some((o) => o.value === value)) return;
        timer = setTimeout(() => setFilters({ [key]: value }), 200);
      });
    }
    control.addEventListener("change", () => setFilters({ [key]: control.value.trim() }));
  }
  ui.lastMonth.addEventListener("click", () => setFilters(lastMonth(state.items)));
  ui.reset.addEventListener("click", () => setFilters(emptyFilters()));
  ui.agentClose.addEventListener("click", () => setFilters({ agent: "" }));
  ui.printReport.addEventListener("click", () => {
    buildReport();
    window.print();
  });
  ui.exportCsv.addEventListener("click", () => exportConversations("csv"));
  ui.exportJsonl.addEventListener("click", () => exportConversations("jsonl"));
  ui.exportAgents.addEventListener("click", () => download(exportName("agents", "csv"), [BOM, toCSV(agentRows(), AGENT_COLUMNS)], CSV));
  ui.exportAgentsJsonl.addEventListener("click", () => download(exportName("agents", "jsonl"), jsonLines(state.view?.agents ?? []), "application/x-ndjson"));
  ui.exportBreakdown.addEventListener("click", () => exportBreakdown("csv"));
  ui.exportBreakdownJsonl.addEventListener("click", () => exportBreakdown("jsonl"));
  ui.groupBy.addEventListener("change", renderBreakdown);
  ui.sort.addEventListener("change", renderConversations);
  let frame = 0;
  ui.scroll.addEventListener("scroll", () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(drawRows);
  });
  ui.agents.addEventListener("click", (event) => {
    const row = event.target.closest("tr.row");
    if (row) setFilters({ agent: row.dataset.agent });
  });
  ui.agents.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr.row");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      setFilters({ agent: row.dataset.agent });
    }
  });
  ui.conversations.addEventListener("click", (event) => {
    const row = event.target.closest("tr.row");
    if (row) openDrill(row.dataset.id);
  });
  ui.conversations.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr.row");
    if (!row) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openDrill(row.dataset.id);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveFocus(row, event.key === "ArrowDown" ? 1 : -1);
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
window.empathyDashboard = { state, load, openDrill, closeDrill, setFilters };
main();
