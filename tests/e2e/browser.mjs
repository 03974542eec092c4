// Shared set-up for the end-to-end tests: serve the repository with examples/serve.mjs
// (port 0, strict CSP) and drive the system Chromium with playwright-core, as
// TOOLCHAIN.md describes. Everything the browser writes (profile, temp files, HOME)
// goes under $TMPDIR/empathy-coach-e2e/run-*/, removed on close unless
// KEEP_E2E_ARTIFACTS=1; screenshots for people to look at go to tests/e2e/artifacts/.
// The run folders stay out of tests/: `node --test tests/e2e/` walks that tree, and a
// live Chromium profile holds dangling symlinks (SingletonCookie) that make the walk
// fail when two runs overlap.

import { after, before, beforeEach } from "node:test";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../examples/serve.mjs";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = path.join(REPO_ROOT, "tests", "e2e", "artifacts");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Where each run's profile, TMPDIR and HOME live (read before openBrowser changes TMPDIR). */
export const RUNS = path.join(os.tmpdir(), "empathy-coach-e2e");
const ORIGINAL_TMPDIR = process.env.TMPDIR;
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/**
 * Starts the server and a fresh headless Chromium. Every page of the context records
 * its console errors, page errors and CSP violations; the context records every
 * request URL.
 * @param {{root?: string, contextOptions?: object}} [options]
 */
export async function openBrowser({ root = REPO_ROOT, contextOptions = {} } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  await mkdir(RUNS, { recursive: true });
  const runDir = await mkdtemp(path.join(RUNS, "run-"));
  const dirs = { profile: path.join(runDir, "profile"), tmp: path.join(runDir, "tmp"), home: path.join(runDir, "home") };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  // playwright-core keeps its own temporary files under os.tmpdir(): keep them here too.
  process.env.TMPDIR = dirs.tmp;

  const server = await startServer({ port: 0, root });
  const origin = new URL(server.url).origin;
  let context;
  try {
    context = await chromium.launchPersistentContext(dirs.profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: { ...process.env, TMPDIR: dirs.tmp, HOME: dirs.home },
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: "en-GB",
      timezoneId: "UTC",
      colorScheme: "light",
      ...contextOptions,
    });
  } catch (err) {
    await server.close();
    throw err;
  }

  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });

  const problems = new Map(); // page -> {consoleErrors, pageErrors}
  function watch(page) {
    const record = { consoleErrors: [], pageErrors: [] };
    problems.set(page, record);
    page.on("console", (msg) => {
      if (msg.type() === "error") record.consoleErrors.push(`${msg.text()} (${msg.location().url})`);
    });
    page.on("pageerror", (err) => record.pageErrors.push(String(err?.stack ?? err)));
    return page;
  }
  for (const page of context.pages()) watch(page);
  context.on("page", watch);

  return {
    server,
    origin,
    context,
    requests,
    /** A new page with its problems recorded; `problems(page)` reads them. */
    async newPage() {
      const page = context.pages().find((p) => p.url() === "about:blank" && !problems.get(p)?.used) ?? await context.newPage();
      problems.get(page).used = true;
      return page;
    },
    problems(page) {
      return problems.get(page);
    },
    /** URL of a path on the server, e.g. `url("examples/demo/")`. */
    url(p) {
      return new URL(p, server.url).href;
    },
    /** Saves a screenshot of a failing page under the artifacts folder, for a person to look at. */
    async snap(page, name) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) }).catch(() => {});
    },
    async close() {
      await context.close().catch(() => {});
      await server.close();
      if (ORIGINAL_TMPDIR === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = ORIGINAL_TMPDIR;
      // Chromium may still be writing its profile as it exits: retry instead of leaving it.
      if (process.env.KEEP_E2E_ARTIFACTS !== "1") await rm(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** Requests that left the server's origin (data: and blob: URLs stay in the page). */
/**
 * Page code for a host page's module (which defines `report`): tries eval and records
 * whether the page's policy let it run (report.evalAllowed, report.evalError), so a CSP
 * test proves its policy is in force.
 */
export const EVAL_PROBE = `try {
  new Function("return 1")();
  report.evalAllowed = true;
} catch (error) {
  report.evalAllowed = false;
  report.evalError = error.name;
}`;

export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + "/") && !/^(data|blob|about):/.test(u));
}

/** Opens the demo and waits until the scorer is loaded and the coach attached. */
export async function openDemo(browser, page, hash = "") {
  const response = await page.goto(browser.url(`examples/demo/${hash}`));
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 20_000 });
  return response;
}

/**
 * Replaces the reply box's text by typing it (real key events, so the widget's debounce
 * runs), then waits until the coach has scored exactly that draft.
 */
export async function typeDraft(page, text, selector = "#reply") {
  const box = page.locator(selector);
  await box.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  if (text) await page.keyboard.type(text);
  return waitForScored(page, text);
}

/**
 * Waits until the demo's coach has scored `draft` (the demo records it in onResult), in
 * its own language: a result that waits for a language pack (`packLoading`) is not it.
 */
export async function waitForScored(page, draft) {
  await page.waitForFunction((d) => window.empathyDemo?.state.scored?.draft === d &&
    !window.empathyDemo.state.scored.result?.packLoading, draft, { timeout: 10_000 });
  return page.evaluate(() => window.empathyDemo.state.scored.result);
}

/**
 * One browser and page for a test file, with `fixture` loaded afresh before each test
 * (its page sets data-ready on <html> when attached), localStorage cleared unless
 * `clearStorage` is false, then `prepare(page)`. `ready(browser, page)` hands them over.
 */
export function useFixture(fixture, ready, { clearStorage = true, prepare } = {}) {
  let browser;
  let page;
  before(async () => {
    browser = await openBrowser();
    page = await browser.newPage();
    ready(browser, page);
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    await page.goto(browser.url(fixture));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    if (clearStorage) await page.evaluate(() => localStorage.clear());
    await prepare?.(page);
  });
}

/**
 * One browser for a test file, serving a host page of its own from a temporary folder:
 * index.html (`page`) and host.js (`host`), with the package at ./empathy-coach/ (a link
 * to web/), as an app that installed it would. `ready(browser)` hands the browser over.
 */
export function useHostPage(name, { page, host }, ready) {
  let browser;
  let dir;
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    dir = await mkdtemp(path.join(ARTIFACTS, `${name}-`));
    await symlink(path.join(REPO_ROOT, "web"), path.join(dir, "empathy-coach"));
    await writeFile(path.join(dir, "index.html"), page);
    await writeFile(path.join(dir, "host.js"), host);
    await writeFile(path.join(dir, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
    browser = await openBrowser({ root: dir });
    ready(browser);
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
}
