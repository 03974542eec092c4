// Small statistics and formatting helpers shared by the benchmarks (Node and browser).

/** The p-th percentile (0..100) by nearest rank; 0 for no samples. */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function mean(values) {
  if (values.length === 0) return 0;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function median(values) {
  return percentile(values, 50);
}

/** p50, p95, p99, mean and count of samples (same unit in, same unit out). */
export function summarize(values) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), mean: mean(values) };
}

/** A number with `digits` significant digits, thousands separated: 1234567 -> "1,230,000". */
export function sig(x, digits = 3) {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const rounded = Number(x.toPrecision(digits));
  return rounded.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Microseconds from nanoseconds, 3 significant digits. */
export const us = (ns) => sig(ns / 1000);

/** A ratio as "12x" or "0.45x". */
export function times(x) {
  if (!Number.isFinite(x) || x === 0) return "–";
  return `${sig(x, x >= 10 ? 3 : 2)}x`;
}

/** Bytes as "123.4 KB" (1 KB = 1,000 bytes, as download sizes are quoted). */
export function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** A Markdown table from a header row and rows of cells. Right-aligns numeric columns. */
export function table(header, rows) {
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => /^[-–+]?[\d,.]+( ?(x|%|µs|ms|KB|MB|s))?$|^–$/.test(String(r[c] ?? ""))));
  const line = (cells) => `| ${cells.map((x) => String(x ?? "")).join(" | ")} |`;
  return [
    line(header),
    `|${header.map((_, c) => (numeric[c] ? " ---: " : " --- ")).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}
