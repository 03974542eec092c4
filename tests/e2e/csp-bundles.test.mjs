// The minified bundles (web/*.min.js, scripts/bundle.mjs) under the strict CSP in Chromium,
// as csp.test.mjs does for the sources: a host page of our own imports
// ./empathy-coach/empathy.min.js and ./empathy-coach/widget.min.js from the package folder,
// attaches the coach to a textarea, and has an <empathy-coach> element from
// coach-element.min.js on a second one. A person types; each coach shows a score. The page's
// only policy is `script-src 'self' 'wasm-unsafe-eval'`, and it proves the policy is in
// force by trying eval itself.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CSP } from "../../examples/serve.mjs";
import { EVAL_PROBE, foreignRequests, useHostPage } from "./browser.mjs";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>strict CSP host, bundles</title>
<link rel="icon" href="icon.svg" type="image/svg+xml">
<script type="module" src="host.js"></script></head><body>
<div><label for="reply">Reply</label><textarea id="reply"></textarea></div>
<div><label for="reply-element">Reply</label><textarea id="reply-element"></textarea>
<empathy-coach id="element" for="reply-element"></empathy-coach></div></body></html>`;

// Runs under the policy: no inline script, so the page's code is this file.
const HOST = `import { loadScorer } from "./empathy-coach/empathy.min.js";
import { attach } from "./empathy-coach/widget.min.js";
import "./empathy-coach/coach-element.min.js";
const history = [{ role: "customer", text: "My order never arrived and nobody answers!!" }];
const report = { results: [], events: [] };
window.report = report;
document.getElementById("element").history = () => history;
document.addEventListener("empathy-result", (event) =>
  report.events.push({ draft: event.detail.draft, score: event.detail.result.score }));
try {
  const scorer = await loadScorer();
  const reply = document.getElementById("reply");
  attach(reply, { scorer, history: () => history,
    onResult: (r) => report.results.push({ draft: reply.value, score: r.score, nudges: r.nudges.map((n) => n.ruleId) }) });
} catch (error) {
  report.error = String(error?.stack ?? error);
}
${EVAL_PROBE}
document.documentElement.dataset.done = "true";
`;

const DRAFT = "Calm down, I'm sorry it hasn't arrived.";

let browser;
useHostPage("csp-bundles", { page: PAGE, host: HOST }, (b) => {
  browser = b;
});

/** Types DRAFT into a reply box as a person does, then waits for `scored(draft)` in the page. */
async function typeAndWait(page, selector, scored) {
  await page.locator(selector).click();
  await page.keyboard.type(DRAFT);
  await page.waitForFunction(scored, DRAFT, { timeout: 10_000 });
}

test("the bundles attach, score what is typed and show it, on a page that allows only 'self' and 'wasm-unsafe-eval'", async () => {
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'/);
  const page = await browser.newPage();
  const response = await page.goto(browser.url("index.html"));
  assert.equal(response.headers()["content-security-policy"], CSP);
  await page.waitForFunction(() => document.documentElement.dataset.done === "true", null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.report.error), undefined, await page.evaluate(() => window.report.error));

  // attach() from widget.min.js: the panel shows the score of the draft typed.
  await typeAndWait(page, "#reply", (draft) => window.report.results.some((r) => r.draft === draft));
  const result = await page.evaluate((draft) => window.report.results.findLast((r) => r.draft === draft), DRAFT);
  assert.ok(result.score >= 0 && result.score <= 100, JSON.stringify(result));
  assert.ok(result.nudges.includes("avoid-calm-down"), JSON.stringify(result.nudges));
  const panel = page.locator("#reply ~ .empathy-panel");
  await page.waitForFunction(() => !document.querySelector("#reply ~ .empathy-panel").hidden); // widget.css applies
  assert.equal(await panel.locator(".empathy-score-value").textContent(), String(result.score));
  assert.equal(await panel.locator('.empathy-nudge[data-rule-id="avoid-calm-down"]').count(), 1);

  // <empathy-coach> from coach-element.min.js: loads its scorer (empathy.min.js) and scores too.
  await typeAndWait(page, "#reply-element", (draft) => window.report.events.some((e) => e.draft === draft));
  const event = await page.evaluate((draft) => window.report.events.findLast((e) => e.draft === draft), DRAFT);
  assert.equal(event.score, result.score, "the element scores the same draft and history alike");
  await page.waitForFunction((score) => document.querySelector("#element .empathy-score-value")?.textContent === String(score), event.score);

  // The policy is in force, and the page's own eval is its only violation.
  assert.equal(await page.evaluate(() => window.report.evalAllowed), false);
  assert.deepEqual((await page.evaluate(() => window.__cspViolations)).filter((v) => !v.includes("host.js")), []);
  assert.deepEqual(browser.problems(page).pageErrors, []);
  assert.deepEqual(browser.problems(page).consoleErrors, []);
  assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);

  // What loaded: the bundles, the glue, the wasm and widget.css (once), no source module.
  const paths = [...new Set(browser.requests.map((u) => new URL(u).pathname))].filter((p) => p.startsWith("/empathy-coach/"));
  assert.deepEqual(paths.filter((p) => /\.(m?js|wasm|css)$/.test(p)).sort(), [
    "/empathy-coach/coach-element.min.js", "/empathy-coach/dist/empathy-core.mjs", "/empathy-coach/dist/empathy-core.wasm",
    "/empathy-coach/empathy.min.js", "/empathy-coach/widget.css", "/empathy-coach/widget.min.js"]);
  assert.equal(await page.locator('link[rel=stylesheet][href$="/empathy-coach/widget.css"]').count(), 1);
  // The element imported the page's empathy.min.js, not a copy: one core for both coaches.
  assert.equal(browser.requests.filter((u) => u.endsWith("/empathy-core.wasm")).length, 1);
});
