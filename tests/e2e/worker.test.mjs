// loadScorer({ worker: true }) in Chromium, under the strict CSP of examples/serve.mjs:
// the engine runs in a module Web Worker (web/worker.js) and every call is a round trip
// that gives the same result as the synchronous scorer on the page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { foreignRequests, useHostPage } from "./browser.mjs";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>worker host</title>
<link rel="icon" href="icon.svg" type="image/svg+xml">
<script type="module" src="host.js"></script></head><body></body></html>`;

const HOST = `import { loadScorer } from "./empathy-coach/empathy.js";
const report = {};
try {
  const request = { history: [{ role: "customer", text: "I was charged twice!! Fix it." }],
                    draft: "I'm so sorry about the double charge. I'll refund it today." };
  const worker = await loadScorer({ worker: true });
  const sync = await loadScorer();
  const pending = worker.score(request);
  report.isPromise = pending instanceof Promise;
  report.fromWorker = await pending;
  report.onPage = sync.score(request);
  report.many = await Promise.all(["calm down", "", "thank you"].map((draft) => worker.score({ draft })));
  report.manyOnPage = ["calm down", "", "thank you"].map((draft) => sync.score({ draft }));
  report.badRequest = await worker.score({ draft: 5 });
  try {
    await worker.setModel({ overlay: { nudges: { "avoid-calm-down": { kind: "shout" } } } });
  } catch (error) {
    report.badModel = error.message;
  }
  report.afterBadModel = (await worker.score({ draft: "calm down" })).nudges[0]?.ruleId;
  const waiting = worker.score({ draft: "hello" });
  worker.dispose();
  report.afterDispose = await waiting.then(() => "resolved", (error) => error.message);
  sync.dispose();
} catch (error) {
  report.error = String(error?.stack ?? error);
}
window.report = report;
document.documentElement.dataset.done = "true";
`;

let browser;
useHostPage("worker", { page: PAGE, host: HOST }, (b) => {
  browser = b;
});

test("a Web Worker scorer round-trips under the strict CSP and matches the page's scorer", async () => {
  const page = await browser.newPage();
  await page.goto(browser.url("index.html"));
  await page.waitForFunction(() => document.documentElement.dataset.done === "true", null, { timeout: 10_000 });
  const report = await page.evaluate(() => window.report);
  assert.equal(report.error, undefined, report.error);
  assert.equal(report.isPromise, true);
  assert.deepEqual(report.fromWorker, report.onPage);
  assert.ok(report.fromWorker.score >= 0 && report.fromWorker.nudges.length <= 3);
  assert.deepEqual(report.many, report.manyOnPage);
  assert.deepEqual(report.badRequest, { error: "draft: expected a string" });
  assert.match(report.badModel, /nudges\.avoid-calm-down\.kind/);
  assert.equal(report.afterBadModel, "avoid-calm-down");
  assert.match(report.afterDispose, /disposed/);

  // The worker script and the wasm came from the package folder; nothing else was fetched.
  assert.ok(browser.requests.some((u) => u.endsWith("/empathy-coach/worker.js")));
  assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(browser.problems(page).pageErrors, []);
  assert.deepEqual(browser.problems(page).consoleErrors, []);
});
