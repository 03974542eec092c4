// The module under a strict Content-Security-Policy in Chromium: the page's only policy
// is examples/serve.mjs's `script-src 'self' 'wasm-unsafe-eval'` (no 'unsafe-eval'),
// as on a Manifest V3 extension page. A host page of our own (an integrator's, not the
// demo) imports the package's files from a folder beside it, loads the scorer, scores
// a draft; the page proves the policy is in force by trying eval itself.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CSP } from "../../examples/serve.mjs";
import { EVAL_PROBE, foreignRequests, useHostPage } from "./browser.mjs";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>strict CSP host</title>
<link rel="icon" href="icon.svg" type="image/svg+xml">
<script type="module" src="host.js"></script></head><body><textarea id="reply"></textarea></body></html>`;

// Runs under the policy: no inline script, so the page's code is this file.
const HOST = `import { loadScorer } from "./empathy-coach/empathy.js";
const report = {};
try {
  const scorer = await loadScorer();
  report.result = scorer.score({ history: [{ role: "customer", text: "My order never arrived!!" }],
                                 draft: "Calm down, I'm sorry it hasn't arrived." });
  const other = await loadScorer({ overlay: { nudges: { "avoid-calm-down": { message: "Bitte nicht." } } } });
  report.overlay = other.score({ draft: "calm down" }).nudges[0]?.message;
  scorer.dispose();
  other.dispose();
} catch (error) {
  report.error = String(error?.stack ?? error);
}
${EVAL_PROBE}
window.report = report;
document.documentElement.dataset.done = "true";
`;

let browser;
useHostPage("csp", { page: PAGE, host: HOST }, (b) => {
  browser = b;
});

test("the scorer loads and scores on a page that allows only 'self' and 'wasm-unsafe-eval'", async () => {
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(CSP, /unsafe-eval'(?<!wasm-unsafe-eval')|unsafe-inline/);
  const page = await browser.newPage();
  const response = await page.goto(browser.url("index.html"));
  assert.equal(response.headers()["content-security-policy"], CSP);
  await page.waitForFunction(() => document.documentElement.dataset.done === "true", null, { timeout: 10_000 });
  const report = await page.evaluate(() => window.report);
  assert.equal(report.error, undefined, report.error);
  assert.ok(report.result.score >= 0 && report.result.score <= 100);
  assert.equal(report.result.nudges[0].ruleId, "avoid-calm-down");
  assert.equal(report.overlay, "Bitte nicht.");

  // The policy is really in force: the page's own eval is refused...
  assert.equal(report.evalAllowed, false);
  assert.equal(report.evalError, "EvalError");
  // ...and that refusal is the only violation: the module and its glue need no eval.
  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations.filter((v) => !v.includes("host.js")), []);
  assert.deepEqual(browser.problems(page).pageErrors, []);
  assert.deepEqual(browser.problems(page).consoleErrors, []);
  assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  assert.ok(browser.requests.some((u) => u.endsWith("/empathy-coach/dist/empathy-core.wasm")));
});
