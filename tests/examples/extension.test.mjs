// examples/extension/: builds vendor/ (build.mjs), loads the unpacked Manifest V3 extension
// in headless Chromium (TOOLCHAIN.md), and checks the coach on the sample CRM page:
//   - served by examples/serve.mjs, whose CSP allows 'wasm-unsafe-eval': the content
//     script scores in the page;
//   - served with a CSP that forbids wasm (script-src 'self' only): the wasm cannot run in
//     the content script there, and the coach scores in the extension's frame instead;
//   - the options page changes the reply-box selector, stored with chrome.storage;
//   - axe-core finds no violation of any impact on the CRM with the coach or the options page.
// Writes docs/extension.png.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CHROMIUM_ARGS, openBrowser } from "../e2e/browser.mjs";
import { MIME_TYPES, resolveInRoot } from "../../examples/serve.mjs";
import { build } from "../../examples/extension/build.mjs";
import { EXAMPLES, pngSize, saveScreenshot } from "./helpers.mjs";

const EXTENSION = path.join(EXAMPLES, "extension");
/** A locked-down CRM: no eval, no wasm, no connections, no frames of its own. */
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'";
const DISMISSIVE = "Calm down, as I said you should have checked.";
const EMPATHETIC = "I'm so sorry you were charged twice, that's really frustrating. I'll refund the duplicate charge today.";

let browser;
let strictServer;
let extensionId;
const consoleLines = [];

/** Serves examples/extension/ with STRICT_CSP. */
function serveStrict() {
  const server = createServer(async (req, res) => {
    const file = resolveInRoot(EXTENSION, new URL(req.url, "http://localhost").pathname);
    const info = file && await stat(file).catch(() => null);
    if (!info?.isFile()) {
      res.writeHead(404, { "Content-Security-Policy": STRICT_CSP }).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": MIME_TYPES[path.extname(file)] ?? "application/octet-stream",
      "Content-Security-Policy": STRICT_CSP,
    });
    res.end(await readFile(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function openCrm(url) {
  const page = await browser.newPage();
  page.on("console", (m) => consoleLines.push(m.text()));
  await page.goto(url);
  await page.locator("#reply + .empathy-panel").waitFor({ state: "attached", timeout: 20_000 });
  return page;
}

/**
 * axe-core on the page as it is (the sample CRM with the coach, the options page): no
 * violation of any impact. Evaluated through the DevTools protocol, which the pages' CSPs
 * (no inline or foreign scripts) do not apply to.
 */
async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.evaluate(await readFile(path.join(EXAMPLES, "..", "node_modules", "axe-core", "axe.min.js"), "utf8"));
  }
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  })));
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 2)}`);
}

/** The coach's score and nudges under a box, as the agent sees them. */
function readCoach(page, selector) {
  return page.evaluate((sel) => {
    const panel = document.querySelector(`${sel} ~ .empathy-panel`);
    const meter = panel?.querySelector(".empathy-meter");
    return {
      score: meter && !meter.hidden ? Number(panel.querySelector(".empathy-score-value").textContent) : null,
      kinds: [...(panel?.querySelectorAll(".empathy-nudge") ?? [])].map((n) => n.dataset.kind),
      rules: [...(panel?.querySelectorAll(".empathy-nudge") ?? [])].map((n) => n.dataset.ruleId),
    };
  }, selector);
}

/**
 * Types a draft into a box and waits until the coach has scored it: the content script
 * runs in its own world, so the test watches the screen settle (the widget scores 150 ms
 * after the last keystroke) instead of reading its state.
 */
async function typeAndScore(page, text, selector = "#reply") {
  const box = page.locator(selector);
  await box.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
  await page.waitForTimeout(250);
  let last = null;
  for (let stable = 0, i = 0; stable < 3 && i < 50; i++) {
    const now = JSON.stringify(await readCoach(page, selector));
    stable = now === last ? stable + 1 : 0;
    last = now;
    await page.waitForTimeout(100);
  }
  const result = JSON.parse(last);
  assert.equal(typeof result.score, "number", `the coach shows a score for "${text}"`);
  return result;
}

before(async () => {
  await build();
  strictServer = await serveStrict();
  browser = await openBrowser({
    contextOptions: {
      viewport: { width: 1280, height: 800 },
      ignoreDefaultArgs: ["--disable-extensions"],
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
    },
  });
  const worker = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent("serviceworker", { timeout: 15_000 });
  extensionId = new URL(worker.url()).host;
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (strictServer ? strictServer.close(resolve) : resolve()));
});

describe("the browser extension", () => {
  test("build.mjs copies the module, the widget and the wasm into vendor/, listed as web-accessible", async () => {
    const manifest = JSON.parse(await readFile(path.join(EXTENSION, "manifest.json"), "utf8"));
    assert.equal(manifest.manifest_version, 3);
    assert.match(manifest.content_security_policy.extension_pages, /script-src 'self' 'wasm-unsafe-eval'/);
    for (const f of ["empathy.js", "widget.js", "widget/edits.js", "widget.css", "dist/empathy-core.mjs", "dist/empathy-core.wasm"]) {
      const copy = await readFile(path.join(EXTENSION, "vendor", f));
      assert.ok(copy.equals(await readFile(path.join(EXAMPLES, "..", "web", f))), `vendor/${f} is a copy of web/${f}`);
    }
    const resources = manifest.web_accessible_resources.flatMap((r) => r.resources);
    assert.ok(resources.includes("vendor/*") && resources.includes("vendor/dist/*"));
    assert.deepEqual(manifest.content_scripts[0].js, ["settings.js", "content.js"]);
    assert.match(await readFile(path.join(EXTENSION, ".gitignore"), "utf8"), /^\/vendor\/$/m);
    assert.match(extensionId, /^[a-p]{32}$/);
  });

  test("on the sample CRM, typing in the reply box shows the coach's score and nudges", async () => {
    const page = await openCrm(browser.url("examples/extension/sample-crm.html"));
    const bad = await typeAndScore(page, DISMISSIVE);
    assert.ok(bad.kinds.includes("warning"), `a warning for "calm down": ${bad.kinds}`);
    await axe(page, "the sample CRM with a warning");
    const good = await typeAndScore(page, EMPATHETIC);
    assert.ok(good.score > bad.score, `${good.score} > ${bad.score}`);
    assert.ok(!good.kinds.includes("warning"));
    assert.ok(consoleLines.includes("[empathy-coach] scoring in the page"), consoleLines.join("\n"));
    // The page's own stylesheet count is untouched: widget.css came with the content script.
    assert.equal(await page.locator('link[rel=stylesheet][href*="widget.css"]').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(browser.problems(page).pageErrors, []);
    await page.close();
  });

  test("the thread is the coach's history: the customer's next message rescored the draft", async () => {
    const page = await openCrm(browser.url("examples/extension/sample-crm.html"));
    await typeAndScore(page, "Hi Priya, thanks for getting in touch. Let me look into this for you.");
    await page.click("#send");
    await page.waitForFunction(() => document.querySelectorAll('[data-author="customer"]').length === 3);
    // The reply box is empty again and the coach follows the conversation: an empty draft
    // after an upset message gets the engine's proactive tip, if any, and no score.
    assert.equal(await page.inputValue("#reply"), "");
    const after = await typeAndScore(page, "As I said, 3-5 working days.");
    assert.ok(after.kinds.includes("warning"));
    await page.close();
  });

  test("on a page whose CSP forbids wasm, the coach scores in the extension's frame instead", async () => {
    const url = `http://localhost:${strictServer.address().port}/sample-crm.html`;
    const page = await openCrm(url);
    // The page itself cannot compile wasm, and neither can a content script on it.
    const own = await page.evaluate(async () => {
      try {
        await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        return "allowed";
      } catch (err) {
        return err.message;
      }
    });
    assert.match(own, /Content Security Policy/);
    const bad = await typeAndScore(page, DISMISSIVE);
    const good = await typeAndScore(page, EMPATHETIC);
    assert.ok(bad.kinds.includes("warning"));
    assert.ok(good.score > bad.score, `${good.score} > ${bad.score}`);
    assert.ok(consoleLines.some((l) => l.startsWith("[empathy-coach] scoring in an extension frame")), consoleLines.join("\n"));
    assert.equal(await page.locator("iframe").count(), 1);
    assert.equal(await page.locator("iframe").isVisible(), false);
    assert.ok(page.frames().some((f) => f.url() === `chrome-extension://${extensionId}/scorer-frame.html`));
    assert.deepEqual(browser.problems(page).pageErrors, []);
    await page.close();
  });

  test("the options page stores a new reply-box selector, and open tabs follow it", async () => {
    const crm = await openCrm(browser.url("examples/extension/sample-crm.html"));
    const options = await browser.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 15_000 });
    assert.equal(await options.inputValue("#replySelector"), 'textarea[name="reply"]');
    // The practice box on the options page runs the wasm under the extension's own CSP.
    await options.locator("#try").focus();
    await options.keyboard.type(DISMISSIVE);
    await options.waitForSelector("#try ~ .empathy-panel .empathy-nudge[data-kind=warning]");
    await axe(options, "the options page with a warning");

    await options.fill("#replySelector", "textarea >>> .reply");
    await options.click("#save");
    assert.match(await options.locator("#status").textContent(), /not a valid CSS selector/);
    await options.fill("#replySelector", 'textarea[name="note"]');
    await options.fill("#allow", "avoid-calm-down");
    await options.click("#save");
    assert.match(await options.locator("#status").textContent(), /^Saved/);
    const stored = await options.evaluate(() => chrome.storage.sync.get(null));
    assert.equal(stored.replySelector, 'textarea[name="note"]');
    assert.deepEqual(stored.allow, ["avoid-calm-down"]);

    // The CRM tab moved the coach to the internal note, without a reload.
    await crm.locator("#note + .empathy-panel").waitFor({ state: "attached" });
    assert.equal(await crm.locator("#reply + .empathy-panel").count(), 0);
    await crm.click("#tab-note");
    const note = await typeAndScore(crm, DISMISSIVE, "#note");
    assert.ok(!note.rules.includes("avoid-calm-down"), `silenced: ${note.rules}`);
    assert.ok(note.kinds.includes("warning"), "other warnings still show");

    await options.click("#reset");
    await crm.locator("#reply + .empathy-panel").waitFor({ state: "attached" });
    await options.close();
    await crm.close();
  });

  test("docs/extension.png: the coach in the sample CRM, mid-conversation", async () => {
    const page = await browser.newPage();
    await page.clock.setFixedTime(new Date("2025-03-14T09:41:00Z"));
    await page.goto(browser.url("examples/extension/sample-crm.html"));
    await page.locator("#reply + .empathy-panel").waitFor({ state: "attached", timeout: 20_000 });
    await typeAndScore(page, "Hi Priya, thanks for getting in touch. Let me look into this for you.");
    await page.click("#send");
    await page.waitForFunction(() => document.querySelectorAll('[data-author="customer"]').length === 3);
    await typeAndScore(page, "I'm sorry about the double charge, Priya. I've refunded the duplicate payment and " +
      "you'll see it in 3-5 working days. As I said, the second charge was a glitch on our side.");
    await page.locator("#reply").focus();
    await page.keyboard.press("ControlOrMeta+End");
    await page.locator(".crm-ticket-view").evaluate((el) => { el.scrollTop = el.scrollHeight; });
    const png = await page.screenshot({ animations: "disabled", caret: "hide" });
    await saveScreenshot(png, "extension.png");
    assert.deepEqual(pngSize(png), { width: 1280, height: 800 });
    await page.close();
  });
});
