// The dashboard's analysis, kept free of the DOM like stats.js so Node tests can import it:
// bootstrapped confidence intervals and group comparisons (is the night shift really worse,
// or is it noise?), the filters and their URL form, the people table, coaching themes, and
// export to CSV and JSON Lines. Each function takes 100,000 conversations in well under a
// second: one pass over the items wherever one pass does, and a capped bootstrap (toJSONL is as
// fast as JSON.stringify, and so grows with the size of the results).
//
//   import { compareGroups, differenceSentence, filterItems, filtersFromQuery } from "./analysis.js";
//   const shown = filterItems(items, filtersFromQuery(location.search));
//   const shifts = compareGroups(shown, "shift");
//   differenceSentence(shifts, "shift", shown);  // "Night shift scores 5 points lower than day shift (95% CI 2–8), ..."

import { MISSED, bandOf, dateOf, isHighRisk, isRead, metaValue, percentile, risksOf, weekOf } from "./stats.js";

const round = (x, digits) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// Bootstrap

// Fewer resamples for large groups: about 2e7 draws at most, and never under 200 resamples.
const DRAWS = 2e7;
const resamplesFor = (resamples, n) => Math.max(200, Math.min(resamples, Math.floor(DRAWS / Math.max(1, n))));

// The same budget shared by all the groups of one table: with 40 agents of 2,500 conversations each, 1000
// resamples per agent would be 1e8 draws; a table of 100,000 conversations gets 200 resamples per group instead.
const shared = (options, total) => ({
  ...options,
  resamples: Math.min(options?.resamples ?? 1000, Math.floor(DRAWS / Math.max(1, total))),
});

// Above this many scores the bootstrap of a mean is the normal interval to a tenth of a point (the
// central limit theorem, for scores bounded in 0..100; a test checks it), and costs n draws per resample:
// the normal interval is used instead, so 100,000 conversations redraw at once.
export const NORMAL_ABOVE = 5000;

// The standard normal quantile (Acklam's rational approximation, relative error under 1.2e-9).
function normalQuantile(p) {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// The squared standard error of the mean of values.
function varianceOfMean(values, mean) {
  let ss = 0;
  for (let i = 0; i < values.length; i += 1) ss += (values[i] - mean) ** 2;
  return ss / (values.length - 1) / values.length;
}

// A generator's state for the resampling loops below: mulberry32(seed) (examples/data/random.js)
// inlined, the same steps and so the same draws, because a function call per draw is most of the
// cost on 100,000 scores.
const seeded = (seed) => ({ a: seed >>> 0 });

// The mean of one resample of `values` (n draws with replacement), summed directly: no array per resample.
function resampleMean(values, state) {
  const n = values.length;
  let a = state.a;
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    sum += values[((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0];
  }
  state.a = a;
  return sum / n;
}

const meanOf = (values) => {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i];
  return sum / values.length;
};

// The [low, high] percentiles of sorted bootstrap statistics for a confidence level (0.95: 2.5th and 97.5th).
const interval = (sorted, level) => [percentile(sorted, ((1 - level) / 2) * 100), percentile(sorted, ((1 + level) / 2) * 100)];

/**
 * The mean of scores with a percentile-bootstrap confidence interval, all to one decimal.
 * @param {ArrayLike<number>} scores
 * @param {{resamples?: number, level?: number, seed?: number}} [options]
 * @returns {{mean: number|null, low: number|null, high: number|null, n: number}}
 */
export function bootstrapMean(scores, { resamples = 1000, level = 0.95, seed = 1 } = {}) {
  const n = scores.length;
  if (n === 0) return { mean: null, low: null, high: null, n: 0 };
  const values = Float64Array.from(scores);
  const mean = round(meanOf(values), 1);
  // One score resamples to itself: the interval is the point.
  if (n === 1) return { mean, low: mean, high: mean, n };
  if (n > NORMAL_ABOVE) {
    const m = meanOf(values);
    const half = normalQuantile((1 + level) / 2) * Math.sqrt(varianceOfMean(values, m));
    return { mean, low: round(m - half, 1), high: round(m + half, 1), n };
  }
  const count = resamplesFor(resamples, n);
  const state = seeded(seed);
  const means = new Float64Array(count);
  for (let r = 0; r < count; r += 1) means[r] = resampleMean(values, state);
  means.sort();
  const [low, high] = interval(means, level);
  return { mean, low, high, n };
}

// The difference of means a − b and its bootstrap interval, unrounded (the sentence rounds to whole points).
function difference(a, b, { resamples = 1000, level = 0.95, seed = 1 } = {}) {
  if (a.length === 0 || b.length === 0) return null;
  const x = Float64Array.from(a);
  const y = Float64Array.from(b);
  if (x.length > NORMAL_ABOVE && y.length > NORMAL_ABOVE) {  // see NORMAL_ABOVE
    const [mx, my] = [meanOf(x), meanOf(y)];
    const half = normalQuantile((1 + level) / 2) * Math.sqrt(varianceOfMean(x, mx) + varianceOfMean(y, my));
    return { difference: mx - my, low: mx - my - half, high: mx - my + half };
  }
  const count = resamplesFor(resamples, x.length + y.length);
  const state = seeded(seed);
  const diffs = new Float64Array(count);
  // Each group resampled on its own: they are independent samples of different sizes.
  for (let r = 0; r < count; r += 1) diffs[r] = resampleMean(x, state) - resampleMean(y, state);
  diffs.sort();
  const h = (p) => {
    const at = (count - 1) * p;
    const lo = Math.floor(at);
    const hi = Math.min(count - 1, lo + 1);
    return diffs[lo] + (at - lo) * (diffs[hi] - diffs[lo]);
  };
  return { difference: meanOf(x) - meanOf(y), low: h((1 - level) / 2), high: h((1 + level) / 2) };
}

/**
 * The difference of the means of two groups (a − b) with a percentile-bootstrap confidence
 * interval, each group resampled independently, to one decimal. `significant` when the
 * interval excludes 0.
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 * @param {{resamples?: number, level?: number, seed?: number}} [options]
 * @returns {{difference: number|null, low: number|null, high: number|null, significant: boolean|null}}
 */
export function bootstrapDifference(a, b, options) {
  const d = difference(a, b, options);
  if (!d) return { difference: null, low: null, high: null, significant: null };
  return { difference: round(d.difference, 1), ...significance(d) };
}

// A difference's interval to one decimal, and whether it excludes 0 (the one rule of significance).
function significance(d) {
  const low = round(d.low, 1);
  const high = round(d.high, 1);
  return { low, high, significant: low > 0 || high < 0 };
}

// ---------------------------------------------------------------------------------------------
// Comparing groups

// Scores (and missed-empathy counts) of the read conversations per value of a meta key, in one pass.
function scoresBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    if (!isRead(item.result)) continue;
    const value = metaValue(item, key);
    let g = groups.get(value);
    if (!g) groups.set(value, (g = { scores: [], missed: 0 }));
    g.scores.push(item.result.score);
    if (item.result.flags?.includes(MISSED)) g.missed += 1;
  }
  return groups;
}

/**
 * The groups of one meta key (team, shift, channel, agent) with their mean score and its
 * bootstrap interval, weakest first. Only conversations the model read count; a group with
 * none read is left out. The groups share one budget of resamples (fewer, never under 200, past
 * 20,000 conversations in all), so a table of many groups costs no more than one group.
 * @param {Array<{meta?: object, result: object}>} items
 * @param {string} key
 * @param {{resamples?: number, level?: number, seed?: number}} [options]
 * @returns {Array<{value: string, count: number, mean: number, low: number, high: number, missedEmpathyRate: number}>}
 */
export function compareGroups(items, key, options) {
  const groups = scoresBy(items, key);
  let total = 0;
  for (const g of groups.values()) total += g.scores.length;
  const budget = shared(options, total);
  const rows = [];
  for (const [value, g] of groups) {
    const { mean, low, high, n } = bootstrapMean(g.scores, budget);
    rows.push({ value, count: n, mean, low, high, missedEmpathyRate: round(g.missed / n, 3) });
  }
  return rows.sort((a, b) => a.mean - b.mean || byText(a.value, b.value));
}

// Numbers for sentences: whole points, a true minus sign, and "−0" never.
const whole = (x) => (Math.sign(x) * Math.round(Math.abs(x))) || 0;
const signed = (n) => (Number(n) < 0 ? `−${String(n).slice(1)}` : String(n));
const points = (n) => (n === 1 ? "1 point" : `${n} points`);

/**
 * How a group reads in a sentence: "night" → "night shift", "card-services" → "card services team",
 * an agent by name. `first` capitalises it to start the sentence.
 */
function groupName(value, key, first) {
  let name = value === "(none)" ? `unknown ${key}` : key === "agent" ? value : `${value.replace(/-/g, " ")} ${key}`;
  if (first) name = name.charAt(0).toUpperCase() + name.slice(1);
  return name;
}

/**
 * A plain English sentence comparing the weakest group with the strongest (the first and last of
 * compareGroups), with the difference of means and its bootstrapped 95% interval in whole points.
 * Null when there are fewer than two groups.
 * @param {ReturnType<typeof compareGroups>} groups
 * @param {string} key
 * @param {Array<{meta?: object, result: object}>} items the items the groups were computed from
 * @param {{resamples?: number, seed?: number}} [options] (the level is always 95%, as the sentence says)
 * @returns {string|null}
 */
export function differenceSentence(groups, key, items, options = {}) {
  if (!groups || groups.length < 2) return null;
  const weak = groups[0];
  const strong = groups[groups.length - 1];
  const by = scoresBy(items, key);
  const weakScores = by.get(weak.value)?.scores ?? [];
  const strongScores = by.get(strong.value)?.scores ?? [];
  // The two were picked as the extremes of k groups: the interval allows for every pair that
  // could have been picked (Bonferroni), or chance alone would make the extremes look apart.
  const comparisons = (groups.length * (groups.length - 1)) / 2;
  const raw = difference(strongScores, weakScores, { ...options, level: 1 - 0.05 / comparisons });
  if (!raw) return null;
  // The gap is rounded once, from the unrounded difference.
  const d = { difference: raw.difference, ...significance(raw) };
  // A bound that rounds to 0 keeps its decimal, so a real difference never reads "0–10".
  const bound = (x) => (Math.abs(x) < 0.5 && x !== 0 ? signed(x.toFixed(1)) : signed(whole(x)));
  // An en dash reads well between two positive bounds; "−1 to 5" is clearer than "−1–5".
  const ci = `95% CI ${d.low < 0 || d.high < 0 ? `${bound(d.low)} to ${bound(d.high)}` : `${bound(d.low)}–${bound(d.high)}`}` +
    (comparisons > 1 ? `, allowing for ${comparisons} comparisons` : "");
  const gap = Math.abs(whole(d.difference));
  const a = groupName(weak.value, key, true);
  const b = groupName(strong.value, key, false);
  const n = `n = ${weakScores.length} and ${strongScores.length}`;
  if (d.significant) {
    return `${a} scores ${gap === 0 ? "less than 1 point" : points(gap)} lower than ${b} (${ci}), ${n}.`;
  }
  return `${a} and ${b} differ by ${gap === 0 ? "less than 1 point" : points(gap)} (${ci}): no clear difference, ${n}.`;
}

/** Bootstrap resamples for the group charts and for the agents table (fewer there: one interval per agent). */
export const RESAMPLES = { groups: 1000, agents: 400 };
/** The smallest group a finding compares (smaller ones say more about chance than about people)... */
export const MIN_GROUP = 10;
/** ...and the fewest conversations of an agent it names. */
export const MIN_AGENT = 5;

/**
 * What stands out, in sentences: for each of team, shift and channel not filtered to one value,
 * the weakest group against the strongest (differenceSentence, groups of MIN_GROUP or more), and
 * the weakest agent with MIN_AGENT or more conversations. The page, its printed report and the
 * README (figures.mjs) all say these same sentences.
 * @param {Array<object>} items
 * @param {Partial<Record<string, string>>} filters
 * @param {ReturnType<typeof agentTable>} agents agentTable(items) (the page has it already)
 * @param {{groups?: Record<string, ReturnType<typeof compareGroups>>}} [options] groups already computed, by key
 * @returns {Array<{key: string, sentence: string, agent?: string}>}
 */
export function findings(items, filters, agents, { groups = {} } = {}) {
  const out = [];
  for (const key of ["team", "shift", "channel"]) {
    if (filters[key]) continue;
    const all = groups[key] ?? compareGroups(items, key, { resamples: RESAMPLES.groups });
    const sentence = differenceSentence(all.filter((g) => g.count >= MIN_GROUP), key, items, { resamples: RESAMPLES.groups });
    if (sentence) out.push({ key, sentence });
  }
  const named = agents.filter((a) => a.mean !== null && a.conversations >= MIN_AGENT);
  if (!filters.agent && named.length > 1) {
    const a = named[0];
    const told = a.topNudge ? ` The coach most often told them: "${a.topNudge.message}"` : "";
    out.push({
      key: "agent", agent: a.agent,
      sentence: `Weakest agent with ${MIN_AGENT} or more conversations: ${a.agent} (${a.team.replace(/-/g, " ")}), ` +
        `mean ${Math.round(a.mean)} (95% CI ${Math.round(a.low)}–${Math.round(a.high)}), n = ${a.conversations}.${told}`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Filters

/** The filter fields, in the order they appear in a URL. */
export const FILTER_KEYS = ["from", "to", "team", "channel", "shift", "agent", "risk", "band", "q"];

const BANDS = ["low", "fair", "good"];

/** A filter state that lets everything through. */
export function emptyFilters() {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]));
}

// A real calendar date as YYYY-MM-DD (2025-02-30 is not one).
const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/**
 * Filters from a URL query ("?team=billing&from=2025-03-01"): unknown keys, invalid dates and
 * unknown bands are ignored, so a stale or hand-edited link still opens.
 * @param {string} search
 * @returns {Record<string, string>}
 */
export function filtersFromQuery(search) {
  const params = new URLSearchParams(search ?? "");
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value === null) continue;
    if ((key === "from" || key === "to") && !isDate(value)) continue;
    if (key === "band" && !BANDS.includes(value)) continue;
    filters[key] = value;
  }
  return filters;
}

/**
 * The URL query of filters: only the fields set, in FILTER_KEYS order; "" when none is.
 * @param {Record<string, string>} filters
 * @returns {string}
 */
export function filtersToQuery(filters) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters?.[key]) params.append(key, filters[key]);
  const text = params.toString();
  return text ? `?${text}` : "";
}

// The text a free-text search looks in: the id, the agent and the customer's first message.
// What the search box reads: the id, the agent and every message of the conversation (or, for a
// result without its transcript, the id and agent), lower-cased once per item and kept.
const searchable = new WeakMap();
function searchText(item) {
  let text = searchable.get(item);
  if (text === undefined) {
    const turns = (item.conversation?.turns ?? []).map((t) => t?.text ?? "").join("\n");
    text = `${item.id ?? item.result?.id ?? ""}\n${item.meta?.agent ?? item.result?.meta?.agent ?? ""}\n${turns}`.toLowerCase();
    searchable.set(item, text);
  }
  return text;
}

// Filters turned into one predicate, so filterItems does the setup (lower-casing q...) once, not per item.
function predicate(filters) {
  const f = { ...emptyFilters(), ...filters };
  const q = String(f.q ?? "").trim().toLowerCase();
  const fields = ["team", "channel", "shift", "agent"].filter((k) => f[k]);
  return (item) => {
    if (f.from || f.to) {
      const date = dateOf(item);
      if (!date || (f.from && date < f.from) || (f.to && date > f.to)) return false;
    }
    for (const k of fields) if (metaValue(item, k) !== f[k]) return false;
    if (f.risk) {
      if (!item.result) return false;
      if (f.risk === "any" ? !isHighRisk(item.result) : !risksOf(item.result).includes(f.risk)) return false;
    }
    if (f.band && (!isRead(item.result) || bandOf(item.result.score) !== f.band)) return false;
    if (q && !searchText(item).includes(q)) return false;
    return true;
  };
}

/**
 * True when an item passes the filters. Dates compare inclusively and an item without a date
 * fails any date filter; a band filter leaves out conversations the model did not read.
 * @param {{id?: string, meta?: object, result: object, conversation?: object|null}} item
 * @param {Record<string, string>} filters
 */
export function matches(item, filters) {
  return predicate(filters)(item);
}

/**
 * The items that pass the filters, in their order.
 * @param {Array<object>} items
 * @param {Record<string, string>} filters
 */
export function filterItems(items, filters) {
  return items.filter(predicate(filters));
}

const DAY = 86_400_000;

/**
 * The last 30 days (inclusive) ending on the latest date in the items, for the "last month"
 * quick filter; {from: "", to: ""} when no item has a date.
 * @param {Array<object>} items
 * @returns {{from: string, to: string}}
 */
export function lastMonth(items) {
  let to = "";
  for (const item of items) {
    const d = dateOf(item);
    if (d && d > to) to = d;
  }
  if (!to) return { from: "", to: "" };
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// Weeks

// weekOf(dateOf(item)), remembering each date's week: Date parsing 100,000 times is the slow part.
function weekCache() {
  const weeks = new Map();
  return (item) => {
    const date = dateOf(item);
    if (!date) return null;
    let week = weeks.get(date);
    if (week === undefined) weeks.set(date, (week = weekOf(date)));
    return week;
  };
}

/**
 * Every week (its Monday, YYYY-MM-DD) any item falls in, ascending.
 * @param {Array<object>} items
 * @returns {string[]}
 */
export function weeksOf(items) {
  const week = weekCache();
  const seen = new Set();
  for (const item of items) {
    const w = week(item);
    if (w) seen.add(w);
  }
  return [...seen].sort();
}

/**
 * The mean score of the read conversations of each week, in one pass.
 * @param {Array<object>} items
 * @param {string[]} [weeks] the weeks to report, in order (default: weeksOf(items))
 * @returns {Array<{week: string, mean: number|null, count: number}>}
 */
export function weeklyMeans(items, weeks = weeksOf(items)) {
  const week = weekCache();
  const sums = new Map();
  for (const item of items) {
    if (!isRead(item.result)) continue;
    const w = week(item);
    if (!w) continue;
    const s = sums.get(w);
    if (s) {
      s.sum += item.result.score;
      s.count += 1;
    } else sums.set(w, { sum: item.result.score, count: 1 });
  }
  return weeks.map((w) => {
    const s = sums.get(w);
    return { week: w, mean: s ? round(s.sum / s.count, 1) : null, count: s ? s.count : 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// People

const COACHING = new Set(["warning", "tip"]);

/**
 * One row per agent, weakest first (agents with nothing read last): their team, mean score with
 * its bootstrap interval, weekly trend, missed-empathy rate, and the warning or tip they get most.
 * The agents share one budget of resamples, as in compareGroups.
 * @param {Array<object>} items
 * @param {{weeks?: string[], resamples?: number, level?: number, seed?: number}} [options]
 * @returns {Array<{agent: string, team: string, conversations: number, unsupported: number, mean: number|null,
 *   low: number|null, high: number|null, trend: Array<{week: string, mean: number|null, count: number}>,
 *   missedEmpathyRate: number|null, topNudge: {ruleId: string, kind: string, message: string, count: number}|null}>}
 */
export function agentTable(items, { weeks, ...options } = {}) {
  const week = weekCache();
  const agents = new Map();
  for (const item of items) {
    const name = metaValue(item, "agent");
    let a = agents.get(name);
    if (!a) {
      a = { teams: new Map(), scores: [], unsupported: 0, missed: 0, weeks: new Map(), nudges: new Map() };
      agents.set(name, a);
    }
    const team = metaValue(item, "team");
    a.teams.set(team, (a.teams.get(team) ?? 0) + 1);
    const result = item.result;
    // Counted once per conversation, as coachingThemes counts: the table's top nudge is the
    // agent page's first theme.
    const said = new Set();
    for (const t of result?.turns ?? []) {
      for (const n of t.nudges ?? []) {
        if (!COACHING.has(n.kind) || said.has(n.ruleId)) continue;
        said.add(n.ruleId);
        const seen = a.nudges.get(n.ruleId);
        if (seen) seen.count += 1;
        else a.nudges.set(n.ruleId, { ruleId: n.ruleId, kind: n.kind, message: n.message, count: 1 });
      }
    }
    if (!isRead(result)) {
      a.unsupported += 1;
      continue;
    }
    a.scores.push(result.score);
    if (result.flags?.includes(MISSED)) a.missed += 1;
    const w = week(item);
    if (w) {
      const s = a.weeks.get(w);
      if (s) {
        s.sum += result.score;
        s.count += 1;
      } else a.weeks.set(w, { sum: result.score, count: 1 });
    }
  }
  const columns = weeks ?? weeksOf(items);
  let total = 0;
  for (const a of agents.values()) total += a.scores.length;
  const budget = shared(options, total);
  const rows = [];
  for (const [agent, a] of agents) {
    // The agent's usual team; a tie goes to the first alphabetically, so the table does not depend on order.
    let team = null;
    let most = 0;
    for (const [t, c] of a.teams) if (c > most || (c === most && t < team)) [team, most] = [t, c];
    let topNudge = null;
    for (const n of a.nudges.values()) {
      if (!topNudge || n.count > topNudge.count || (n.count === topNudge.count && n.ruleId < topNudge.ruleId)) topNudge = n;
    }
    const { mean, low, high, n } = bootstrapMean(a.scores, budget);
    rows.push({
      agent,
      team,
      conversations: n,
      unsupported: a.unsupported,
      mean,
      low,
      high,
      trend: columns.map((w) => {
        const s = a.weeks.get(w);
        return { week: w, mean: s ? round(s.sum / s.count, 1) : null, count: s ? s.count : 0 };
      }),
      missedEmpathyRate: n ? round(a.missed / n, 3) : null,
      topNudge: topNudge && { ...topNudge },
    });
  }
  // Weakest first among agents with MIN_AGENT or more conversations read; then those with fewer
  // (one bad chat does not make the weakest agent); then those with none read.
  const rank = (r) => (r.mean === null ? 2 : r.conversations < MIN_AGENT ? 1 : 0);
  return rows.sort((x, y) => rank(x) - rank(y) || x.mean - y.mean || byText(x.agent, y.agent));
}

// ---------------------------------------------------------------------------------------------
// Coaching themes

// The most frequent nudges of some kinds across the items' reply turns, by conversations they appear in.
function themes(items, kinds, limit) {
  const rules = new Map();
  let read = 0;
  items.forEach((item, i) => {
    const result = item.result;
    if (isRead(result)) read += 1;
    for (const t of result?.turns ?? []) {
      for (const n of t.nudges ?? []) {
        if (!kinds.has(n.kind)) continue;
        let r = rules.get(n.ruleId);
        if (!r) {
          r = { ruleId: n.ruleId, kind: n.kind, family: n.family ?? null, count: 0, conversations: 0, last: -1,
            message: n.message, example: null };
          rules.set(n.ruleId, r);
        }
        r.count += 1;
        // Distinct conversations without a Set: items are visited once, in order.
        if (r.last !== i) [r.last, r.conversations] = [i, r.conversations + 1];
        // The example is the first occurrence that points at words in a reply we have, else the first
        // one with the reply's text, else the first one: rank 2, 1, 0.
        if (!r.example || r.example.rank < 2) {
          const reply = item.conversation?.turns?.[t.index]?.text;
          const spanned = Number.isInteger(n.start) && Number.isInteger(n.end);
          const text = typeof reply === "string" ? (spanned ? reply.slice(n.start, n.end) : reply) : null;
          const rank = text === null ? 0 : spanned ? 2 : 1;
          if (!r.example || rank > r.example.rank) r.example = { id: item.id ?? result.id ?? null, turn: t.index, text, rank };
        }
      }
    }
  });
  return [...rules.values()]
    .sort((a, b) => b.conversations - a.conversations || byText(a.ruleId, b.ruleId))
    .slice(0, limit)
    .map(({ last, example, ...r }) => ({
      ...r,
      share: read ? round(r.conversations / read, 3) : null,
      example: { id: example.id, turn: example.turn, text: example.text },
    }));
}

/**
 * The coaching themes: the warning and tip nudges that come up in the most conversations, each
 * with the share of read conversations it appears in and an example (the words it points at).
 * @param {Array<object>} items
 * @param {{limit?: number}} [options]
 * @returns {Array<{ruleId: string, kind: string, family: string|null, count: number, conversations: number,
 *   share: number|null, message: string, example: {id: string, turn: number, text: string|null}}>}
 */
export function coachingThemes(items, { limit = 5 } = {}) {
  return themes(items, COACHING, limit);
}

/**
 * The strengths: the praise nudges that come up in the most conversations, as coachingThemes.
 * @param {Array<object>} items
 * @param {{limit?: number}} [options]
 */
export function strengths(items, { limit = 3 } = {}) {
  return themes(items, new Set(["praise"]), limit);
}

// ---------------------------------------------------------------------------------------------
// Export

// A cell as text: numbers as they are, arrays joined, and text that a spreadsheet would run as a
// formula (=, +, -, @, tab, CR first) defused with a leading apostrophe.
const part = (v) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
const FORMULA = new Set([61, 43, 45, 64, 9, 13]); // = + - @ tab CR
const QUOTE = /[",\r\n]/;

function cell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = Array.isArray(value) ? value.map(part).join("; ") : part(value);
  // " =1+1" is a formula to some spreadsheets too.
  if (FORMULA.has(text.charCodeAt(0)) || FORMULA.has(text.trimStart().charCodeAt(0))) text = `'${text}`;
  return QUOTE.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV (RFC 4180: CRLF after every record, the header included; fields quoted when needed).
 * @param {Array<object>} rows
 * @param {Array<string | {key: string, header?: string}>} columns
 * @returns {string}
 */
export function toCSV(rows, columns) {
  const cols = columns.map((c) => (typeof c === "string" ? { key: c, header: c } : { key: c.key, header: c.header ?? c.key }));
  const lines = [cols.map((c) => cell(c.header)).join(",")];
  for (const row of rows) lines.push(cols.map((c) => cell(row?.[c.key])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The columns of conversationRows, for toCSV. */
export const CONVERSATION_COLUMNS = [
  "id", "date", "team", "channel", "shift", "agent", "language", "score", "band", "needsEmpathy",
  "flags", "risks", "replies", "missedEmpathy", "lowestReply",
].map((key) => ({ key, header: key }));

/**
 * One flat row per conversation, for export. A missing meta field is null (an empty cell), not "(none)".
 * @param {Array<object>} items
 * @returns {Array<object>}
 */
export function conversationRows(items) {
  return items.map((item) => {
    const result = item.result ?? {};
    const meta = (key) => {
      const v = item.meta?.[key] ?? result.meta?.[key];
      return v === undefined || v === "" ? null : v;
    };
    let replies = 0;
    let lowest = null;
    for (const t of result.turns ?? []) {
      if (!Number.isFinite(t.score)) continue;
      replies += 1;
      if (lowest === null || t.score < lowest) lowest = t.score;
    }
    const read = isRead(result);
    return {
      id: item.id ?? result.id ?? item.conversation?.id ?? null,
      date: dateOf(item),
      team: meta("team"),
      channel: meta("channel"),
      shift: meta("shift"),
      agent: meta("agent"),
      language: result.language ?? null,
      score: read ? result.score : null,
      band: read ? (result.band ?? bandOf(result.score)) : null,
      needsEmpathy: typeof result.needsEmpathy === "boolean" ? result.needsEmpathy : null,
      flags: [...(result.flags ?? [])],
      risks: item.result ? risksOf(result) : [],
      replies,
      missedEmpathy: (result.flags ?? []).includes(MISSED),
      lowestReply: lowest,
    };
  });
}

/**
 * Items as JSON Lines, one {id, meta, result, conversation} per line (conversation left out when
 * null), ending in a newline; "" for no items.
 * @param {Array<object>} items
 * @returns {string}
 */
export function toJSONL(items) {
  let out = "";
  for (const item of items) {
    const line = { id: item.id ?? item.result?.id ?? item.conversation?.id, meta: item.meta, result: item.result };
    if (item.conversation !== null && item.conversation !== undefined) line.conversation = item.conversation;
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}
