// examples/dashboard/: its arithmetic (stats.js) in Node, then the page in Chromium under
// the strict CSP of examples/serve.mjs: the sample scored in the page, the charts, the
// findings (the README's too), filters in the URL, labels at 1280 px and on a phone,
// axe-core, a team lead's whole walk on a 5,000-conversation file (last month, one team,
// the weakest agent, a low conversation and why, exports, the printed report as a PDF),
// the list drawn only where it is seen, opening files (raw and pre-scored), and
// docs/dashboard.png.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readProbe, startProbe } from "../../bench/page-probe.mjs";
import { foreignRequests, openBrowser } from "../e2e/browser.mjs";
import { EXAMPLES, pngSize, run, saveScreenshot } from "./helpers.mjs";
import { RESAMPLES, agentTable, findings, weeksOf } from "../../examples/dashboard/analysis.js";
import { README, figures, sampleItems, withFigures } from "../../examples/dashboard/figures.mjs";
import {
  bandOf, groupBy, histogram, isHighRisk, isScored, parseRecords, percentile, summarize, weekOf,
} from "../../examples/dashboard/stats.js";
import { loadScorer } from "../../web/empathy.js";

const SAMPLE = path.join(EXAMPLES, "data", "conversations.jsonl");
/** The team lead's file: 5,000 generated conversations over 13 weeks. */
const MANY = 5000;

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
    // The dashboard's own export reads again: the transcript when there is one, else the result.
    const exported = parseRecords(`${JSON.stringify({ id: "e1", meta: { team: "t" }, result: scored, conversation: raw })}\n` +
      `${JSON.stringify({ id: "e2", meta: { team: "u" }, result: scored })}\n`);
    assert.deepEqual(exported.records.map((r) => [r.kind, r.value.id, r.value.meta.team]), [["raw", "e1", "t"], ["scored", "e2", "u"]]);
    // A chunk of JSON Lines: a line that starts with "[" is one bad line, not an array.
    const chunk = parseRecords(`[1, 2\n${JSON.stringify(raw)}`, { lines: true });
    assert.deepEqual([chunk.records.length, chunk.errors.map((e) => e.line)], [1, [1]]);
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
  let many;  // the path of the 5,000-conversation file

  before(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "empathy-dashboard-"));
    many = path.join(dir, "conversations-5000.jsonl");
    const made = await run(process.execPath, [path.join(EXAMPLES, "data", "generate.mjs"), "--count", String(MANY), "--out", many]);
    assert.equal(made.code, 0, made.stderr);
    browser = await openBrowser({ contextOptions: { viewport: { width: 1440, height: 1000 }, acceptDownloads: true } });
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  const figuresShown = () => page.$$eval(".kpi", (cards) => cards.map((c) => ({
    title: c.querySelector(".kpi-title").textContent, value: c.querySelector(".kpi-value").textContent,
  })));
  const ready = () => page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
  const shown = () => page.evaluate(() => window.empathyDashboard.state.filtered.length);
  const query = () => Object.fromEntries(new URL(page.url()).searchParams);

  /** axe-core on the page as it is: no violation of any impact. */
  async function axe(label) {
    // From the same server: the page's CSP refuses inline scripts, injected ones too.
    if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ url: browser.url("node_modules/axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
      id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    })));
    assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 2)}`);
  }

  /** Every label of a horizontal bar chart fits: the category names beside it and the values after it. */
  function labelsFit(id) {
    return page.evaluate((chartId) => {
      const chart = window.empathyDashboard.state.charts[chartId];
      const y = chart.scales.y;
      const names = y._labelSizes?.widest?.width ?? 0;
      const values = chart.config.options.plugins.valueLabels;
      const { ctx } = chart;
      ctx.save();
      ctx.font = "600 11.5px system-ui, sans-serif";
      let right = 0;
      chart.getDatasetMeta(chart.data.datasets.length - 1).data.forEach((bar, i) => {
        const text = values.format(i, chart);
        const end = values.at ? Math.max(bar.x, chart.scales.x.getPixelForValue(values.at(i))) : bar.x;
        if (text) right = Math.max(right, end + 6 + ctx.measureText(text).width);
      });
      ctx.restore();
      return { names, axis: y.width, right, width: chart.width, labels: chart.data.labels.length };
    }, id);
  }

  test("loads the sample from the same origin and scores every conversation in the page", async () => {
    await page.goto(browser.url("examples/dashboard/"));
    await ready();
    const lines = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n").length;
    assert.equal(await page.evaluate(() => window.empathyDashboard.state.items.length), lines);
    assert.match(await page.locator("#source").textContent(), new RegExp(`Sample data · ${lines} conversations · 6 Jan – .* · scored in this page`));
    const kpis = await figuresShown();
    assert.equal(kpis.length, 5);
    assert.equal(kpis[1].value, String(lines));
    assert.ok(browser.requests.some((u) => u.endsWith("/examples/data/conversations.jsonl")));
    assert.ok(browser.requests.some((u) => u.endsWith("/node_modules/chart.js/dist/chart.umd.min.js")), "Chart.js from this server");
    assert.ok(browser.requests.some((u) => u.endsWith("/examples/dashboard/load-worker.js")), "scored in a worker");
  });

  test("the headline figures and what stands out are what stats.js and analysis.js compute, and what the README says", async () => {
    const items = await sampleItems();
    const s = summarize(items);
    const kpis = await figuresShown();
    assert.equal(kpis[0].value, String(Math.round(s.mean)));
    assert.equal(kpis[2].value, `${Math.round(s.missedEmpathyRate * 100)}%`);
    assert.equal(kpis[3].value, String(s.highRisk));
    assert.equal(kpis[4].value, `${Math.round(s.missedHighRiskRate * 100)}%`);
    const agents = agentTable(items, { weeks: weeksOf(items), resamples: RESAMPLES.agents });
    const expected = findings(items, {}, agents).map((f) => f.sentence);
    const said = await page.$$eval("#findings li", (lis) => lis.map((li) => li.firstChild.textContent));
    assert.deepEqual(said, expected);
    // The sample's planted story: night is the weakest shift (on 640 conversations, and allowing
    // for three shifts, not a clear difference).
    assert.match(said[1], /^Night shift (scores \d+ points? lower than|and) day shift/);
    const readme = await readFile(README, "utf8");
    assert.equal(withFigures(readme, figures(items)), readme, "examples/dashboard/README.md: run node examples/dashboard/figures.mjs --write");
  });

  test("six charts; team, shift and channel weakest first, in band colours, with counts and intervals", async () => {
    const charts = await page.evaluate(() => Object.fromEntries(Object.entries(window.empathyDashboard.state.charts).map(([id, c]) => [id, {
      labels: c.data.labels.map((l) => [l].flat().join(" ")), datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data, colors: d.backgroundColor })),
      intervals: c.config.options.plugins.intervals?.values ?? null,
    }])));
    assert.deepEqual(Object.keys(charts).sort(), ["chart-channel", "chart-distribution", "chart-risk", "chart-shift", "chart-team", "chart-trend"]);
    assert.equal(charts["chart-trend"].labels.length, 13, "13 weeks");
    assert.deepEqual(charts["chart-trend"].datasets.map((d) => d.label), ["All conversations", "accounts", "billing", "card services", "delivery", "tech support"]);
    assert.equal(charts["chart-distribution"].datasets[0].data.reduce((a, b) => a + b, 0), 640);
    for (const id of ["chart-team", "chart-shift", "chart-channel"]) {
      const { data, colors } = charts[id].datasets[0];
      for (let i = 1; i < data.length; i++) assert.ok(data[i - 1] <= data[i], `${id}: weakest first`);
      assert.deepEqual(colors, data.map((m) => ({ low: "#c4321f", fair: "#d08a00", good: "#1f8f47" })[bandOf(m)]), `${id}: band colours`);
      charts[id].intervals.forEach(([low, high], i) => assert.ok(low <= data[i] && data[i] <= high, `${id}: ${low} ≤ ${data[i]} ≤ ${high}`));
      for (const l of charts[id].labels) assert.match(l, /\(\d+\)$/, `${id}: each group with its count`);
    }
    assert.equal(charts["chart-shift"].labels[0], "night (142)", "the weakest shift first");
    assert.deepEqual(charts["chart-risk"].datasets.map((d) => d.label), ["Empathy shown", "Missed"]);
    const sizes = await page.$$eval("canvas", (cs) => cs.map((c) => [c.width, c.height]));
    assert.equal(sizes.length, 6);
    for (const [w, h] of sizes) assert.ok(w > 100 && h > 100, `${w}x${h}`);
  });

  test("filters live in the address: a shared address opens the same view; bars and legend entries filter; reset clears", async () => {
    await page.selectOption("#filter-team", "delivery");
    assert.deepEqual(query(), { team: "delivery" });
    const delivery = await page.evaluate(() => window.empathyDashboard.state.items.filter((i) => i.meta.team === "delivery").length);
    assert.equal((await figuresShown())[1].value, String(delivery));
    await page.selectOption("#filter-band", "low");
    assert.deepEqual(query(), { team: "delivery", band: "low" });
    const narrowed = await shown();
    assert.ok(narrowed > 0 && narrowed < delivery);

    // The same address in a new page: the same view.
    const other = await browser.newPage();
    await other.goto(page.url());
    await other.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60_000 });
    assert.equal(await other.evaluate(() => window.empathyDashboard.state.filtered.length), narrowed);
    assert.equal(await other.inputValue("#filter-team"), "delivery");
    assert.equal(await other.inputValue("#filter-band"), "low");
    await other.close();

    await page.click("#filter-reset");
    assert.deepEqual(query(), {});
    assert.equal(await shown(), 640);

    // Clicking the night shift's bar filters to it; clicking it again clears it.
    const bar = () => page.evaluate(() => {
      const chart = window.empathyDashboard.state.charts["chart-shift"];
      const el = chart.getDatasetMeta(0).data[0];
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + (el.base + el.x) / 2, y: box.top + el.y };
    });
    await page.locator("#chart-shift").scrollIntoViewIfNeeded();
    // (Chart.js handles a click on its next frame.)
    const address = (search) => page.waitForFunction((x) => location.search === x, search);
    let at = await bar();
    await page.mouse.click(at.x, at.y);
    await address("?shift=night");
    assert.equal(await page.inputValue("#filter-shift"), "night");
    at = await bar();
    await page.mouse.click(at.x, at.y);
    await address("");

    // A team in the trend's legend shows only that team.
    await page.locator("#chart-trend").scrollIntoViewIfNeeded();
    const legend = await page.evaluate(() => {
      const chart = window.empathyDashboard.state.charts["chart-trend"];
      const item = chart.legend.legendHitBoxes[2];  // after "All conversations" and accounts: billing
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + item.left + item.width / 2, y: box.top + item.top + item.height / 2, label: chart.legend.legendItems[2].text };
    });
    await page.mouse.click(legend.x, legend.y);
    await address(`?team=${legend.label}`);
    await page.click("#filter-reset");

    await page.selectOption("#group-by", "team,shift");
    const rows = await page.$$eval("#breakdown tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    assert.equal(rows.length, 15, "5 teams x 3 shifts");
    assert.equal(rows.reduce((n, r) => n + Number(r[2]), 0), 640);
    await page.selectOption("#group-by", "team");
  });

  test("at 1280 px and on a phone every chart label fits, and the page does not scroll sideways", async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(300);  // Chart.js resizes on the next frame
      for (const id of ["chart-team", "chart-shift", "chart-channel", "chart-risk"]) {
        const fit = await labelsFit(id);
        assert.ok(fit.names <= fit.axis + 0.5, `${id} at ${viewport.width} px: names ${fit.names} wider than the axis ${fit.axis}`);
        assert.ok(fit.right <= fit.width, `${id} at ${viewport.width} px: a value label ends at ${fit.right} of ${fit.width}`);
      }
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(sideways <= 0, `${viewport.width} px: the page scrolls ${sideways} px sideways`);
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  test("axe-core finds nothing: the page, an agent's page and a conversation", async () => {
    await axe("the dashboard");
    await page.evaluate(() => window.empathyDashboard.setFilters({ agent: "Victor" }));
    await axe("an agent's page");
    await page.locator("#conversations tr.row").first().click();
    await page.locator("#drill .parts").waitFor();
    await axe("a conversation");
    await page.click("#drill-close");
    await page.click("#filter-reset");
  });

  test("a team lead's walk: open a file, last month and one team, the weakest agent, a low conversation and why, export, print", async () => {
    // Open the file, watching that the page keeps answering and shows progress.
    await page.evaluate(startProbe);
    await page.evaluate(() => {
      window.__sources = [];
      new MutationObserver(() => window.__sources.push(document.getElementById("source").textContent))
        .observe(document.getElementById("source"), { childList: true, characterData: true, subtree: true });
    });
    await page.setInputFiles("#file", many);
    await page.waitForFunction((n) => window.empathyDashboard.state.items.length === n, MANY, { timeout: 120_000 });
    const loading = { gaps: (await page.evaluate(readProbe, true)).longestGapMs, sources: await page.evaluate(() => window.__sources) };
    assert.ok(loading.sources.some((t) => /^Scoring conversations-5000\.jsonl: \d+%…$/.test(t)), `progress shown: ${loading.sources.slice(0, 3)}`);
    assert.match(await page.locator("#source").textContent(), /^conversations-5000\.jsonl · 5000 conversations · 6 Jan – 6 Apr 2025 · scored in this page$/);
    assert.ok(loading.gaps < 1500, `the page answered every ${Math.round(loading.gaps)} ms at worst while scoring`);

    // Last month, one team.
    await page.click("#last-month");
    assert.deepEqual(query(), { from: "2025-03-08", to: "2025-04-06" });
    await page.selectOption("#filter-team", "card-services");
    assert.deepEqual(query(), { from: "2025-03-08", to: "2025-04-06", team: "card-services" });
    const scope = await page.evaluate(() => window.empathyDashboard.state.filtered.map((i) => [i.meta.team, i.meta.date]));
    assert.ok(scope.length > 100 && scope.every(([team, date]) => team === "card-services" && date >= "2025-03-08" && date <= "2025-04-06"));

    // The weakest agent: first in the table; their page has coaching themes.
    const agents = await page.evaluate(() => window.empathyDashboard.state.agents.map((a) => [a.agent, a.mean]));
    const weakest = agents[0][0];
    assert.ok(agents.every(([, mean]) => mean === null || mean >= agents[0][1]));
    await page.locator(`#agents tr.row[data-agent="${weakest}"]`).click();
    assert.equal(query().agent, weakest);
    assert.equal(await page.locator("#agent-page").isVisible(), true);
    assert.equal(await page.locator("#agent-title").textContent(), weakest);
    assert.ok(await page.locator("#agent-themes .theme").count() >= 1, "coaching themes");
    assert.match(await page.locator("#agent-themes .theme-count").first().textContent(), /^\d+ conversations? \(\d+%\)$/);
    const theirs = await shown();
    assert.ok(theirs >= 5);

    // The lowest conversation, and why.
    const row = page.locator("#conversations tr.row").first();
    const id = await row.getAttribute("data-id");
    await row.click();
    await page.locator("#drill .parts").waitFor();
    const parts = await page.evaluate((x) => window.empathyDashboard.state.items.find((i) => i.id === x).result, id);
    assert.equal(parts.score, Math.min(...(await page.evaluate(() => window.empathyDashboard.state.list.map((i) => i.result.score)))));
    const penalties = await page.$$eval("#drill .part-penalty", (lis) => lis.map((li) => [li.querySelector(".part-what").textContent, li.querySelector(".part-points").textContent]));
    assert.deepEqual(penalties, parts.parts.penalties.map((p) => [p.reason, `−${p.points}`]));
    assert.equal(await page.locator("#drill .part-total .part-points").textContent(), String(parts.score));
    const total = parts.parts.mean - parts.parts.penalties.reduce((a, p) => a + p.points, 0);
    assert.equal(parts.score, Math.max(0, Math.min(100, Math.round(total))), "the parts add up to the score");
    if (parts.score < Math.round(parts.parts.mean)) assert.ok(penalties.length >= 1 && penalties.every(([why]) => /^The reply \(message \d+\) /.test(why)));
    await page.click("#drill-close");

    // Export the list: CSV and JSON Lines, exactly the conversations shown.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    assert.match(csv.suggestedFilename(), /^conversations-2025-03-08-2025-04-06-card-services-.+\.csv$/);
    const text = await readFile(await csv.path(), "utf8");
    assert.ok(text.startsWith("\uFEFFid,"), "a byte-order mark, for spreadsheets");
    const lines = text.slice(1).split("\r\n").filter(Boolean);
    assert.equal(lines.length, theirs + 1);
    assert.match(lines[0], /^id,date,team,channel,shift,agent,language,score,band,/);
    assert.ok(lines.slice(1).every((l) => l.includes(`,card-services,`) && l.includes(`,${weakest},`)));
    const [jsonl] = await Promise.all([page.waitForEvent("download"), page.click("#export-jsonl")]);
    const records = (await readFile(await jsonl.path(), "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.equal(records.length, theirs);
    assert.ok(records.every((r) => r.meta.agent === weakest && Number.isFinite(r.result.score) && r.result.parts && r.conversation.turns.length));
    const [table] = await Promise.all([page.waitForEvent("download"), page.click("#export-agents")]);
    assert.match((await readFile(await table.path(), "utf8")).split("\r\n")[0], /^\uFEFFAgent,Team,Conversations,/);
    const [people] = await Promise.all([page.waitForEvent("download"), page.click("#export-agents-jsonl")]);
    const rows = (await readFile(await people.path(), "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.agent), [weakest]);
    assert.equal(rows[0].trend.length, 13);
    const [groups] = await Promise.all([page.waitForEvent("download"), page.click("#export-breakdown-jsonl")]);
    const grouped = (await readFile(await groups.path(), "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(grouped.map((g) => [g.team, g.count]), [["card-services", theirs]]);

    // Print the coaching report: the report alone, on paper.
    await page.evaluate(() => {
      window.print = () => { window.__printed = (window.__printed ?? 0) + 1; };
    });
    await page.click("#print-report");
    assert.equal(await page.evaluate(() => window.__printed), 1);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#report h1").textContent(), weakest);
    assert.equal(await page.locator("main").isVisible(), false, "only the report prints");
    assert.ok(await page.locator("#report .themes .theme").count() >= 1);
    assert.ok(await page.locator("#report .report-lowest li").count() >= 1);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
    assert.ok(pdf.subarray(0, 5).toString() === "%PDF-" && pages >= 1 && pages <= 4, `${pages} pages`);
    await page.emulateMedia({ media: "screen" });
    await page.click("#filter-reset");
  });

  test("the list draws only the rows in view, and the arrow keys walk all 5,000", async () => {
    assert.equal(await page.getAttribute("#conversations", "aria-rowcount"), String(MANY + 1));
    const drawn = await page.locator("#conversations tr.row").count();
    assert.ok(drawn > 5 && drawn < 60, `${drawn} rows drawn`);
    await page.evaluate(() => {
      const s = document.getElementById("conversations-scroll");
      s.scrollTop = s.scrollHeight;
    });
    await page.waitForFunction((n) => [...document.querySelectorAll("#conversations tr.row")].at(-1)?.getAttribute("aria-rowindex") === String(n + 1), MANY);
    await page.evaluate(() => { document.getElementById("conversations-scroll").scrollTop = 0; });
    await page.waitForFunction(() => document.querySelector("#conversations tr.row")?.getAttribute("aria-rowindex") === "2");
    await page.locator("#conversations tr.row").first().focus();
    for (let i = 0; i < 25; i++) await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-rowindex")), "27");
    assert.ok(await page.evaluate(() => document.getElementById("conversations-scroll").scrollTop) > 0, "scrolled to keep it in view");
    await page.keyboard.press("Enter");
    await page.locator("#drill").waitFor({ state: "visible" });
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-rowindex")), "27", "focus back on the row");
  });

  test("a conversation opens with its moments: feelings, helpful and hurtful phrases, missed empathy", async () => {
    await page.click("#load-sample");
    await page.waitForFunction(() => window.empathyDashboard.state.items.length === 640);
    await page.selectOption("#sort", "risk");
    const first = page.locator("#conversations tr.row").first();
    const id = await first.getAttribute("data-id");
    await first.click();
    await page.locator("#drill .parts").waitFor();
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
    assert.ok(await page.locator('#drill .part-penalty[data-flag="missed-empathy-high-risk"]').count() >= 1, "the penalty with its reason");

    // Keyboard: Escape closes and gives focus back to the row; Enter opens.
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#drill").isHidden(), true);
    assert.equal(new URL(page.url()).hash, "");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.id), id);
    await page.keyboard.press("Enter");
    await page.locator("#drill").waitFor({ state: "visible" });
    await page.click("#drill-close");
  });

  test("a well-handled conversation shows empathy shown and praise", async () => {
    await page.selectOption("#sort", "best");
    await page.locator("#conversations tr.row").first().click();
    await page.locator("#drill .parts").waitFor();
    assert.ok(await page.locator('#drill .moment[data-kind="shown"]').count() + await page.locator("#drill .moment-positive").count() >= 1);
    assert.equal(await page.locator("#drill .part-penalty").count(), 0);
    await page.click("#drill-close");
    await page.selectOption("#sort", "score");
  });

  test("opens a user's file of pre-scored results (empathy score output) and shows scores and parts without text", async () => {
    const scorer = await loadScorer();
    const conversations = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n").slice(0, 25).map((l) => JSON.parse(l));
    const scored = conversations.map((c) => scorer.scoreJson(JSON.stringify(c))).join("\n");
    scorer.dispose();
    await page.setInputFiles("#file", { name: "scored.jsonl", mimeType: "text/plain", buffer: Buffer.from(`${scored}\nnot json\n`) });
    await page.waitForFunction(() => window.empathyDashboard.state.items.length === 25);
    assert.match(await page.locator("#source").textContent(), /^scored\.jsonl · 25 conversations · .* · pre-scored$/);
    assert.match(await page.locator("#notice").textContent(), /1 line skipped \(line 26: not valid JSON/);
    await page.locator("#conversations tr.row").first().click();
    await page.locator("#drill .parts").waitFor();
    assert.match(await page.locator("#drill-body").textContent(), /scores only, not the conversation's text/);
    assert.ok(await page.locator("#drill .part").count() >= 2, "the parts come with the results");
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
    await page.setViewportSize({ width: 1440, height: 1100 });
    const png = await page.screenshot({ animations: "disabled", caret: "hide" });
    await saveScreenshot(png, "dashboard.png");
    assert.deepEqual(pngSize(png), { width: 1440, height: 1100 });
  });

  test("no console errors, page errors or CSP violations, and no request left the origin", async () => {
    const { consoleErrors, pageErrors } = browser.problems(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  });
});
