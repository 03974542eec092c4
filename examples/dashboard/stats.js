// The dashboard's arithmetic, kept free of the DOM so Node tests can import it:
// reading JSON Lines, telling raw conversations from scored ones, and the per-group
// figures `empathy report` prints (count, unsupported, mean, p10/p50/p90, missed-empathy
// rate, high-risk count, missed-empathy-high-risk rate).
//
//   import { parseRecords, summarize, groupBy } from "./stats.js";
//   const { records, errors } = parseRecords(text);
//   const groups = groupBy(items, ["team", "channel"]);   // items: {meta, result}

export const MISSED = "missed-empathy";
export const MISSED_HIGH_RISK = "missed-empathy-high-risk";

/** Band of a 0..100 score, as the engine names them (SPEC §1.3). */
export function bandOf(score) {
  return score < 40 ? "low" : score < 70 ? "fair" : "good";
}

/**
 * True for a conversation result (the output of `empathy score` for a conversation): with
 * a score, or not read (`supported: false`, score null: a language the model does not read).
 */
export function isScored(value) {
  return value !== null && typeof value === "object" &&
    (Number.isFinite(value.score) || (value.supported === false && value.score === null)) &&
    Array.isArray(value.turns) && Array.isArray(value.flags);
}

/** True for a conversation result the model read (it has a score). */
export function isRead(result) {
  return Number.isFinite(result?.score);
}

/** True for a raw conversation: turns of {role, text}. */
export function isRaw(value) {
  return value !== null && typeof value === "object" && !isScored(value) && Array.isArray(value.turns) &&
    value.turns.every((t) => t && typeof t.role === "string" && typeof t.text === "string");
}

/**
 * Reads JSON Lines (or one JSON array) of raw conversations and/or conversation results, and
 * the dashboard's own export ({id, meta, result, conversation}: read again as the raw
 * conversation when it has one, else as the result). `lines: true` reads JSON Lines only (a
 * chunk of a file: a line that starts with "[" is one bad line, not an array).
 * @param {string} text
 * @param {{lines?: boolean}} [options]
 * @returns {{records: Array<{kind: "raw" | "scored", value: object, line: number}>,
 *   errors: Array<{line: number, error: string}>}}
 */
export function parseRecords(text, { lines = false } = {}) {
  const records = [];
  const errors = [];
  const take = (value, line) => {
    if (isScored(value)) records.push({ kind: "scored", value, line });
    else if (isRaw(value)) records.push({ kind: "raw", value, line });
    else if (value && typeof value === "object" && (isRaw(value.conversation) || isScored(value.result))) {
      const inner = isRaw(value.conversation) ? value.conversation : value.result;
      records.push({ kind: isRaw(value.conversation) ? "raw" : "scored", value: { ...inner, id: value.id ?? inner.id, meta: value.meta ?? inner.meta }, line });
    }
    else if (value && typeof value === "object" && "error" in value) errors.push({ line, error: `a scoring error: ${value.error}` });
    else errors.push({ line, error: "neither a conversation {turns: [{role, text}]} nor a conversation result" });
  };
  const body = text.replace(/^\uFEFF/, "");
  if (!lines && body.trimStart().startsWith("[")) {
    try {
      const array = JSON.parse(body);
      if (!Array.isArray(array)) throw new Error("expected an array");
      array.forEach((v, i) => take(v, i + 1));
    } catch (err) {
      errors.push({ line: 1, error: `not valid JSON: ${err.message}` });
    }
    return { records, errors };
  }
  body.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      errors.push({ line: i + 1, error: `not valid JSON: ${err.message}` });
      return;
    }
    take(value, i + 1);
  });
  return { records, errors };
}

/** The risks the customer showed anywhere in a scored conversation. */
export function risksOf(result) {
  const risks = new Set();
  for (const t of result.turns ?? []) for (const r of t.customer?.risk ?? []) risks.add(typeof r === "string" ? r : r?.id);
  risks.delete(undefined);
  return [...risks];
}

/** A conversation is high-risk when the customer showed a risk (bereavement, fraud...) in any scored turn. */
export function isHighRisk(result) {
  return risksOf(result).length > 0;
}

const round = (x, digits) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * Percentile of ascending numbers by linear interpolation between closest ranks (the
 * default of numpy and spreadsheets, and what `empathy report` prints), to one decimal.
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return round(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]), 1);
}

/**
 * The figures for a set of conversation results: those the model read, and apart the count
 * of those it did not (`unsupported`: a language it does not read), never as zeros.
 * @param {Array<{result: object}>} all
 * @returns {{count: number, unsupported: number, mean: number|null, p10: number|null, p50: number|null,
 *   p90: number|null, missedEmpathyRate: number|null, highRisk: number, missedHighRiskRate: number|null,
 *   needsEmpathy: number}}
 */
export function summarize(all) {
  const items = all.filter((i) => isRead(i.result));
  const scores = items.map((i) => i.result.score).sort((a, b) => a - b);
  const count = scores.length;
  const highRisk = items.filter((i) => isHighRisk(i.result));
  const missed = items.filter((i) => i.result.flags.includes(MISSED)).length;
  const missedHighRisk = highRisk.filter((i) => i.result.flags.includes(MISSED_HIGH_RISK)).length;
  return {
    count,
    unsupported: all.length - items.length,
    mean: count ? round(scores.reduce((a, b) => a + b, 0) / count, 1) : null,
    p10: percentile(scores, 10),
    p50: percentile(scores, 50),
    p90: percentile(scores, 90),
    missedEmpathyRate: count ? round(missed / count, 3) : null,
    highRisk: highRisk.length,
    missedHighRiskRate: highRisk.length ? round(missedHighRisk / highRisk.length, 3) : null,
    needsEmpathy: items.filter((i) => i.result.needsEmpathy).length,
  };
}

/** The value of a meta field, "(none)" when it is missing. */
export function metaValue(item, key) {
  const v = item.meta?.[key] ?? item.result?.meta?.[key];
  return v === undefined || v === null || v === "" ? "(none)" : String(v);
}

/**
 * Groups items by meta fields and summarizes each group, largest group first.
 * @param {Array<{meta?: object, result: object}>} items
 * @param {string[]} keys e.g. ["team", "channel"]
 * @returns {Array<{key: Record<string, string>} & ReturnType<typeof summarize>>}
 */
export function groupBy(items, keys) {
  const groups = new Map();
  for (const item of items) {
    const key = Object.fromEntries(keys.map((k) => [k, metaValue(item, k)]));
    const id = JSON.stringify(key);
    if (!groups.has(id)) groups.set(id, { key, items: [] });
    groups.get(id).items.push(item);
  }
  return [...groups.values()]
    .map(({ key, items: members }) => ({ key, ...summarize(members) }))
    .sort((a, b) => b.count - a.count || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
}

/** YYYY-MM-DD of an item: meta.date, else the first turn's time (UTC). */
export function dateOf(item) {
  const d = item.meta?.date ?? item.result?.meta?.date;
  if (typeof d === "string" && /^\d{4}-\d{2}-\d{2}/.test(d)) return d.slice(0, 10);
  const t = item.conversation?.turns?.find((x) => Number.isFinite(x.time))?.time;
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : null;
}

/** The Monday (YYYY-MM-DD, UTC) of the week a date falls in. */
export function weekOf(date) {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms)) return null;
  const day = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(ms - day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Counts of conversation scores in 10-point bins: [0-9, 10-19, ..., 90-100] (those read).
 * @param {Array<{result: object}>} items
 */
export function histogram(items) {
  const bins = new Array(10).fill(0);
  for (const i of items) if (isRead(i.result)) bins[Math.min(9, Math.max(0, Math.floor(i.result.score / 10)))] += 1;
  return bins;
}
