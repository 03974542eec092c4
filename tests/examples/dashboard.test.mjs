// examples/dashboard/: its arithmetic (stats.js) in Node, then the page in Chromium under
// the strict CSP of examples/serve.mjs: the sample scored in the page, the charts, the
// filters, the breakdown, the drill-down with its moments, opening files (raw and
// pre-scored), and docs/dashboard.png.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { foreignRequests, openBrowser } from "../e2e/browser.mjs";
import { EXAMPLES, pngSize, saveScreenshot } from "./helpers.mjs";
import {
  bandOf, groupBy, histogram, isHighRisk, isScored, parseRecords, percentile, summarize, weekOf,
} from "../../examples/dashboard/stats.js";
import { loadScorer } from "../../web/empathy.js";

const SAMPLE = path.join(EXAMPLES, "data", "conversations.jsonl");

/** A minimal conversation result for the arithmetic tests. */
function item(score, { team = "billing", flags = [], risk = [], needsEmpathy = true } = {}) {
  return {
    meta: { team },
    result: { score, flags, needsEmpathy, turns: [{ index: 1, score, customer: { risk } }], meta: { team } },
  };
}

describe("dashboard arithmetic (stats.js)", () => {
  test("percentiles interpolate between ranks, as empathy report does", () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([7], 90), 7);
    assert.equal(percentile([10, 20, 30, 40], 50), 25);
    assert.equal(percentile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 10), 10);
    assert.equal(percentile([1, 2], 10), 1.1);
  });

  test("summarize counts missed empathy over all conversations, missed high-risk over high-risk ones", () => {
    const s = summarize([
      item(20, { flags: ["missed-empathy", "missed-empathy-high-risk"], risk: ["fraud"] }),
      item(50, { flags: ["missed-empathy"] }),
      item(80, { risk: ["bereavement"] }),
      item(90, { needsEmpathy: false }),
    ]);
    assert.deepEqual(s, { count: 4, unsupported: 0, mean: 60, p10: 29, p50: 65, p90: 87, missedEmpathyRate: 0.5, highRisk: 2, missedHighRiskRate: 0.5, needsEmpathy: 3 });
    assert.deepEqual(summarize([]), { count: 0, unsupported: 0, mean: null, p10: null, p50: null, p90: null, missedEmpathyRate: null, highRisk: 0, missedHighRiskRate: null, needsEmpathy: 0 });
  });

  test("a conversation in a language the coach does not speak is counted apart, never as a zero", () => {
    const spanish = { meta: { team: "madrid" }, result: { ...item(0).result, score: null, band: null, supported: false, language: "es", flags: [] } };
    assert.equal(isScored(spanish.result), true);
    const s = summarize([item(40), item(60), spanish]);
    assert.equal(s.count, 2);
    assert.equal(s.unsupported, 1);
    assert.equal(s.mean, 50, "the mean of the two read, not (40 + 60 + 0) / 3");
    assert.deepEqual(summarize([spanish]), { count: 0, unsupported: 1, mean: null, p10: null, p50: null, p90: null, missedEmpathyRate: null, highRisk: 0, missedHighRiskRate: null, needsEmpathy: 0 });
    assert.deepEqual(histogram([item(40), spanish]), [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  test("groupBy keys groups by meta fields, and a missing field is its own group", () => {
    const groups = groupBy([item(10, { team: "a" }), item(30, { team: "a" }), item(50, { team: "b" }), { meta: {}, result: item(70).result }], ["team"]);
    assert.deepEqual(groups.map((g) => [g.key.team, g.count, g.mean]), [["a", 2, 20], ["b", 1, 50], ["billing", 1, 70]]);
    const none = groupBy([{ meta: {}, result: { ...item(70).result, meta: {} } }], ["shift"]);
    assert.equal(none[0].key.shift, "(none)");
  });

  test("parseRecords tells raw conversations from results and names bad lines", () => {
    const raw = { id: "a", turns: [{ role: "customer", text: "hi" }] };
    const scored = { id: "b", score: 50, flags: [], turns: [] };
    const { records, errors } = parseRecords(`${JSON.stringify(raw)}\n\n{oops\n${JSON.stringify(scored)}\n{"id": 3}\n{"error": "bad", "line": 9}\n`);
    assert.deepEqual(records.map((r) => [r.kind, r.line]), [["raw", 1], ["scored", 4]]);
    assert.deepEqual(errors.map((e) => e.line), [3, 5, 6]);
    assert.match(errors[0].error, /not valid JSON/);
    assert.match(errors[2].error, /a scoring error: bad/);
    const array = parseRecords(`\uFEFF[${JSON.stringify(raw)}, ${JSON.stringify(scored)}]`);
    assert.deepEqual(array.records.map((r) => r.kind), ["raw", "scored"]);
  });

  test("weeks start on Monday; bins and bands follow SPEC §1.3", () => {
    assert.equal(weekOf("2025-01-06"), "2025-01-06");
    assert.equal(weekOf("2025-01-12"), "2025-01-06");
    assert.equal(weekOf("2025-01-13"), "2025-01-13");
    assert.equal(weekOf("not a date"), null);
    assert.deepEqual(histogram([item(0), item(9), item(10), item(99), item(100)]), [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual([39, 40, 69, 70].map(bandOf), ["low", "fair", "fair", "good"]);
    assert.equal(isHighRisk(item(1, { risk: ["health"] }).result), true);
    assert.equal(isHighRisk(item(1).result), false);
  });
});

describe("dashboard page", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser({ contextOptions: { viewport: { width: 1440, height: 1000 } } });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  const figures = () => page.$$eval(".kpi", (cards) => cards.map((c) => ({
    title: c.querySelector(".kpi-title").textContent, value: c.querySelector(".kpi-value").textContent,
  })));

  test("loads the sample from the same origin and scores every conversation in the page", async () => {
    await page.goto(browser.url("examples/dashboard/"));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 30_000 });
    const lines = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n").length;
    assert.equal(await page.evaluate(() => window.empathyDashboard.state.items.length), lines);
    assert.match(await page.locator("#source").textContent(), new RegExp(`Sample data · ${lines} conversations · 6 Jan – .* · scored in this page`));
    const kpis = await figures();
    assert.equal(kpis.length, 5);
    assert.equal(kpis[1].value, String(lines));
    assert.ok(browser.requests.some((u) => u.endsWith("/examples/data/conversations.jsonl")));
    assert.ok(browser.requests.some((u) => u.endsWith("/node_modules/chart.js/dist/chart.umd.min.js")), "Chart.js from this server");
  });

  test("the headline figures are the ones stats.js computes from the same results", async () => {
    const scorer = await loadScorer();
    const items = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n").map((l) => {
      const c = JSON.parse(l);
      return { meta: c.meta, result: scorer.scoreConversation(c) };
    });
    scorer.dispose();
    const s = summarize(items);
    const kpis = await figures();
    assert.equal(kpis[0].value, String(Math.round(s.mean)));
    assert.equal(kpis[2].value, `${Math.round(s.missedEmpathyRate * 100)}%`);
    assert.equal(kpis[3].value, String(s.highRisk));
    assert.equal(kpis[4].value, `${Math.round(s.missedHighRiskRate * 100)}%`);
  });

  test("six charts: trend by week with a line per team, distribution, team, shift, channel, high-risk", async () => {
    const charts = await page.evaluate(() => Object.fromEntries(Object.entries(window.empathyDashboard.state.charts).map(([id, c]) => [id, {
      type: c.config.type, labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, n: d.data.length, sum: d.data.reduce((a, b) => a + (b ?? 0), 0) })),
    }])));
    assert.deepEqual(Object.keys(charts).sort(), ["chart-channel", "chart-distribution", "chart-risk", "chart-shift", "chart-team", "chart-trend"]);
    assert.equal(charts["chart-trend"].labels.length, 13, "13 weeks");
    assert.deepEqual(charts["chart-trend"].datasets.map((d) => d.label), ["All conversations", "accounts", "billing", "card services", "delivery", "tech support"]);
    assert.equal(charts["chart-distribution"].datasets[0].n, 10);
    assert.equal(charts["chart-distribution"].datasets[0].sum, 640);
    assert.deepEqual(charts["chart-shift"].labels, ["day", "evening", "night"]);
    assert.deepEqual(charts["chart-channel"].labels, ["chat", "email", "messaging", "social"]);
    assert.ok(charts["chart-risk"].labels.includes("bereavement"));
    assert.deepEqual(charts["chart-risk"].datasets.map((d) => d.label), ["Empathy shown", "Missed"]);
    // Every canvas was drawn at a real size.
    const sizes = await page.$$eval("canvas", (cs) => cs.map((c) => [c.width, c.height]));
    assert.equal(sizes.length, 6);
    for (const [w, h] of sizes) assert.ok(w > 100 && h > 100, `${w}x${h}`);
  });

  test("filters narrow every figure; the breakdown regroups like empathy report", async () => {
    await page.selectOption("#filter-team", "delivery");
    assert.equal((await figures())[1].value, String(await page.evaluate(() => window.empathyDashboard.state.items.filter((i) => i.meta.team === "delivery").length)));
    assert.deepEqual(await page.evaluate(() => window.empathyDashboard.state.charts["chart-team"].data.labels), ["delivery"]);
    await page.check("#filter-high-risk");
    const highRisk = await page.evaluate(() => window.empathyDashboard.state.filtered.length);
    assert.equal((await figures())[3].value, String(highRisk));
    await page.click("#filter-reset");
    assert.equal((await figures())[1].value, "640");

    await page.selectOption("#group-by", "team,shift");
    const rows = await page.$$eval("#breakdown tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    assert.equal(rows.length, 15, "5 teams x 3 shifts");
    assert.deepEqual(rows[0].slice(0, 2), ["accounts", "day"]);
    assert.equal(rows.reduce((n, r) => n + Number(r[2]), 0), 640);
    await page.selectOption("#group-by", "team");
  });

  test("a conversation opens with its moments: feelings, helpful and hurtful phrases, missed empathy", async () => {
    await page.selectOption("#sort", "risk");
    const first = page.locator("#conversations tr.row").first();
    const id = await first.getAttribute("data-id");
    await first.click();
    await page.locator("#drill").waitFor({ state: "visible" });
    assert.equal(await page.locator("#drill-title").textContent(), `Conversation ${id}`);
    assert.equal(new URL(page.url()).hash, `#${id}`);
    const item = await page.evaluate((x) => {
      const i = window.empathyDashboard.state.items.find((it) => it.id === x);
      return { turns: i.conversation.turns.length, flags: i.result.flags };
    }, id);
    assert.ok(item.flags.includes("missed-empathy-high-risk"), "sorted: missed high-risk first");
    assert.equal(await page.locator("#drill .turn").count(), item.turns);
    assert.ok(await page.locator('#drill .moment[data-kind="missed-high-risk"]').count() >= 1);
    assert.ok(await page.locator("#drill .turn-agent .score-badge").count() >= 1);
    assert.ok(await page.locator("#drill mark").count() >= 1, "evidence is highlighted");
    assert.equal(await page.locator('#drill .chip[data-flag="missed-empathy-high-risk"]').count(), 1);

    // Keyboard: Escape closes and gives focus back to the row; Enter opens.
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#drill").isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), id);
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#drill").isVisible(), true);
    await page.click("#drill-close");
  });

  test("a well-handled conversation shows empathy shown and praise", async () => {
    await page.selectOption("#sort", "best");
    await page.locator("#conversations tr.row").first().click();
    assert.ok(await page.locator('#drill .moment[data-kind="shown"]').count() + await page.locator("#drill .moment-positive").count() >= 1);
    await page.click("#drill-close");
    await page.selectOption("#sort", "score");
  });

  test("opens a user's file of pre-scored results (empathy score output) and shows scores without text", async () => {
    const scorer = await loadScorer();
    const conversations = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n").slice(0, 25).map((l) => JSON.parse(l));
    const scored = conversations.map((c) => scorer.scoreJson(JSON.stringify(c))).join("\n");
    scorer.dispose();
    await page.setInputFiles("#file", { name: "scored.jsonl", mimeType: "text/plain", buffer: Buffer.from(`${scored}\nnot json\n`) });
    await page.waitForFunction(() => window.empathyDashboard.state.items.length === 25);
    assert.match(await page.locator("#source").textContent(), /^scored\.jsonl · 25 conversations · .* · pre-scored$/);
    assert.match(await page.locator("#notice").textContent(), /1 line skipped \(line 26: not valid JSON/);
    await page.locator("#conversations tr.row").first().click();
    assert.match(await page.locator("#drill-body").textContent(), /scores only, not the conversation's text/);
    await page.click("#drill-close");
  });

  test("opens a JSON array of raw conversations and scores it; a file with nothing usable is refused", async () => {
    const conversations = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n").slice(100, 112).map((l) => JSON.parse(l));
    await page.setInputFiles("#file", { name: "raw.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(conversations)) });
    await page.waitForFunction(() => window.empathyDashboard.state.items.length === 12);
    assert.match(await page.locator("#source").textContent(), /^raw\.json · 12 conversations · .* · scored in this page$/);
    await page.setInputFiles("#file", { name: "empty.jsonl", mimeType: "text/plain", buffer: Buffer.from('{"hello": 1}\n') });
    await page.waitForFunction(() => document.getElementById("notice").dataset.kind === "error");
    assert.match(await page.locator("#notice").textContent(), /empty\.jsonl has no conversations the dashboard can read \(line 1:/);
    assert.equal(await page.evaluate(() => window.empathyDashboard.state.items.length), 12, "the previous data stays");
  });

  test("docs/dashboard.png: the sample, every chart visible", async () => {
    await page.click("#load-sample");
    await page.waitForFunction(() => window.empathyDashboard.state.items.length === 640);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(0, 0);
    // Cropped just below the charts: the tables follow in the page.
    await page.setViewportSize({ width: 1440, height: 896 });
    const png = await page.screenshot({ animations: "disabled", caret: "hide" });
    await saveScreenshot(png, "dashboard.png");
    assert.deepEqual(pngSize(png), { width: 1440, height: 896 });
  });

  test("no console errors, page errors or CSP violations, and no request left the origin", async () => {
    const { consoleErrors, pageErrors } = browser.problems(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  });
});
