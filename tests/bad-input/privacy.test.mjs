// Privacy: a page with the widget makes no request beyond the page's and the module's own
// files, and the agent's or the customer's words never leave the page, also while the
// coach is handed bad input. Stricter than tests/e2e (which checks that no request leaves
// the origin): here every request is matched against an allow-list of files, every
// network API the page could call is watched from inside the page, and the words typed
// are searched for in every URL and request body.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openBrowser } from "../e2e/browser.mjs";

/** Files a page with the coach may load: the module's own (sources or bundles), and the host page's. */
const MODULE_FILES = ["/web/empathy.js", "/web/widget.js", "/web/widget.css", "/web/dist/empathy-core.mjs", "/web/dist/empathy-core.wasm",
  "/web/empathy.min.js", "/web/widget.min.js",
  ...["dom", "edits", "highlights", "panel", "preferences", "styles"].map((m) => `/web/widget/${m}.js`)];
const PAGES = {
  demo: { path: "examples/demo/", own: /^\/examples\/demo\/[\w.-]*$/ },
  fixture: { path: "tests/bad-input/fixture/", own: /^\/tests\/bad-input\/fixture\/[\w.-]*$/ },
};
const SECRET = "Zq7-secret-Dana-4417";

let browser;
const wsUrls = [];
const bodies = [];

before(async () => {
  browser = await openBrowser();
  browser.context.on("request", (request) => {
    const body = request.postData();
    if (body) bodies.push(`${request.url()} ${body}`);
  });
  browser.context.on("page", (p) => p.on("websocket", (ws) => wsUrls.push(ws.url())));
  // Watch every network API from inside the page (before any page script runs).
  await browser.context.addInitScript(() => {
    const seen = (window.__network = []);
    const note = (api, url) => seen.push(`${api} ${String(url)}`);
    const wrap = (obj, name, api) => {
      const original = obj?.[name];
      if (typeof original !== "function") return;
      obj[name] = function (...args) {
        note(api, args[0] instanceof Request ? args[0].url : args[0]);
        return original.apply(this, args);
      };
    };
    wrap(window, "fetch", "fetch");
    wrap(navigator, "sendBeacon", "sendBeacon");
    wrap(XMLHttpRequest.prototype, "open", "xhr");
    for (const name of ["WebSocket", "EventSource", "Worker", "SharedWorker", "RTCPeerConnection"]) {
      const Original = window[name];
      if (typeof Original !== "function") continue;
      window[name] = new Proxy(Original, {
        construct(target, args) {
          note(name, args[0]);
          return Reflect.construct(target, args);
        },
      });
    }
  });
});
after(async () => {
  await browser?.close();
});

function pathOf(url) {
  const u = new URL(url);
  return u.origin === browser.origin ? u.pathname : url;
}

/** What a page requested that is neither the module's nor the page's own file. */
function unexpected(requests, own) {
  return requests.filter((url) => {
    if (/^(data|blob|about):/.test(url)) return false;
    const p = pathOf(url);
    return !MODULE_FILES.includes(p) && !own.test(p);
  });
}

describe("privacy", () => {
  test("the demo: typing, sending and bad input load only its own files and the module's", async () => {
    const page = await browser.newPage();
    const first = browser.requests.length;
    await page.goto(browser.url(PAGES.demo.path));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 20_000 });
    const box = page.locator("#reply");
    for (const text of [`Hi ${SECRET}, I'm so sorry about that.`, `\uD83D ${SECRET} calm down`, `<img src=x> ${SECRET}`]) {
      await box.fill("");
      await box.focus();
      await page.keyboard.type(text);
      await page.waitForTimeout(400);
    }
    await box.fill(`${SECRET} `.repeat(20_000)); // a big paste
    await page.waitForTimeout(1000);
    await page.locator("#send").click().catch(() => {});
    await page.locator("#customer-input").fill(`My card ${SECRET} was charged twice!!`).catch(() => {});
    await page.locator("#customer-input").press("Enter").catch(() => {});
    await page.waitForTimeout(800);

    const requests = browser.requests.slice(first);
    assert.deepEqual(unexpected(requests, PAGES.demo.own), []);
    assert.ok(requests.some((u) => u.endsWith("/web/dist/empathy-core.wasm")), "the wasm came from the module's folder");
    assert.deepEqual(await page.evaluate(() => window.__network.filter((n) => !/empathy-core\.wasm$/.test(n))), [],
      "no page script called a network API (only the module fetching its own wasm)");
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await page.close();
  });

  test("the widget on a plain page, fed bad histories and a huge draft, requests nothing new", async () => {
    const page = await browser.newPage();
    await page.goto(browser.url(PAGES.fixture.path));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 20_000 });
    const loaded = browser.requests.length;
    await page.evaluate((secret) => {
      const b = window.bad;
      b.setHistory([{ role: "customer", text: `I am ${secret} and furious!!` }]);
      b.setDraft(`So sorry ${secret}, let me check.`);
      b.setHistory([{ role: "manager", text: secret }]);
      b.setDraft(`${secret} calm down`);
      b.setHistory("throw");
      b.setDraft(secret);
      b.setHistory([]);
      b.setDraft(`${secret} `.repeat(5_000));
    }, SECRET);
    await page.locator("#draft").focus();
    await page.keyboard.type(" thanks!");
    await page.waitForTimeout(500);
    assert.deepEqual(browser.requests.slice(loaded), [], "no request at all after the page loaded");
    assert.deepEqual(await page.evaluate(() => window.__network.filter((n) => !/empathy-core\.wasm$/.test(n))), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await page.close();
  });

  test("the words typed never appear in a URL, a request body or a WebSocket", () => {
    assert.ok(browser.requests.length > 0);
    assert.deepEqual(browser.requests.filter((u) => u.includes(SECRET) || decodeURIComponent(u).includes(SECRET)), []);
    assert.deepEqual(bodies, [], "no request carried a body");
    assert.deepEqual(wsUrls, [], "no WebSocket was opened");
  });
});
