// <empathy-coach for="…"> (web/coach-element.js) on a page without a build step
// (tests/e2e/fixtures/element.html): it loads the scorer itself, once for the page;
// the page gives it the conversation through `history` and listens to empathy-result.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { foreignRequests, useFixture } from "./browser.mjs";

const XSS = "<img src=x onerror=window.__xss=1>";

let browser;
let page;
useFixture("tests/e2e/fixtures/element.html", (b, p) => {
  browser = b;
  page = p;
}, {
  prepare: async (p) => {
    await p.waitForFunction(() => ["coach-one", "coach-two"].every((id) => window.fixture.events.some((e) => e.id === id)));
    await p.waitForFunction(() => [...document.querySelectorAll(".empathy-panel")].every((panel) => !panel.hidden));
  },
});

/** Types into a reply box and waits for the empathy-result event about exactly that draft. */
async function typeInto(selector, text, id) {
  await page.locator(selector).click();
  await page.keyboard.press("ControlOrMeta+End");
  // The bulk as one input event (a paste or IME commit), the end as real keystrokes.
  if (text.length > 4) await page.keyboard.insertText(text.slice(0, -4));
  await page.keyboard.type(text.slice(-4));
  const draft = await page.locator(selector).evaluate((e) => (e.tagName === "TEXTAREA" ? e.value : e.textContent));
  await page.waitForFunction(({ id, draft }) => window.fixture.events.some((e) => e.id === id && e.draft === draft), { id, draft });
  return page.evaluate(({ id, draft }) => window.fixture.events.findLast((e) => e.id === id && e.draft === draft), { id, draft });
}

describe("<empathy-coach>", () => {
  test("two elements share one scorer, loaded once, and draw their panels inside themselves", async () => {
    const wasm = browser.requests.filter((u) => u.endsWith("/web/dist/empathy-core.wasm"));
    assert.equal(wasm.length, 1, "one wasm download for two coaches");
    assert.equal(await page.evaluate(() => document.getElementById("coach-one").coach.result === document.getElementById("coach-one").result), true);
    assert.equal(await page.locator("#coach-one > .empathy-panel").count(), 1);
    assert.equal(await page.locator("#coach-two > .empathy-panel").count(), 1);
    const described = await page.evaluate(() => document.getElementById("reply-one").getAttribute("aria-describedby"));
    assert.equal(await page.locator(`#coach-one #${described}`).count(), 1, "the reply box is described by the element's card");
    // coach-one: an upset customer and an empty draft get a tip. coach-two silences that rule.
    assert.ok(await page.locator("#coach-one .empathy-nudge[data-kind=tip]").count() >= 1);
    const first = await page.evaluate(() => window.fixture.events.find((e) => e.id === "coach-two"));
    assert.ok(!first.nudges.includes("proactive-acknowledge"), "the allow attribute silences the rules it lists…");
    const onScreen = await page.$$eval("#coach-two .empathy-nudge", (items) => items.map((li) => li.dataset.ruleId));
    assert.deepEqual(onScreen, first.nudges.slice(0, 3), "…and the engine's nudges are what is on screen");
  });

  test("typing dispatches empathy-result; textarea and contenteditable targets both work; theme applies", async () => {
    const one = await typeInto("#reply-one", "Calm down please.", "coach-one");
    assert.ok(one.score >= 0 && one.score <= 100);
    assert.ok(await page.locator("#coach-one .empathy-nudge[data-kind=warning]").count() === 1, "a warning for 'calm down'");
    assert.equal(await page.evaluate(() => document.getElementById("coach-one").result.score), one.score);

    const two = await typeInto("#reply-two", "Calm down, I will check it.", "coach-two");
    assert.ok(two.nudges.length > 0);
    assert.ok(await page.evaluate(() => CSS.highlights.get("empathy-negative")?.size > 0), "contenteditable highlights");
    assert.equal(await page.locator("#coach-two .empathy-card").evaluate((c) => getComputedStyle(c).backgroundColor), "rgb(22, 27, 34)", 'theme="dark"');
  });

  test("setting history rescores and shows the conversation score; customer is passed on", async () => {
    const detail = await page.evaluate(() => new Promise((resolve) => {
      const coach = document.getElementById("coach-one");
      coach.addEventListener("empathy-result", (e) => resolve({ conversation: e.detail.conversation, score: e.detail.result.score }), { once: true });
      coach.history = [
        { role: "customer", text: "I was charged twice and I'm really annoyed!!" },
        { role: "agent", text: "I'm sorry about that, I'll refund the second charge today." },
        { role: "customer", text: "Thanks, when will I see it?" },
      ];
    }));
    assert.ok(detail.conversation, "the event carries the conversation score");
    assert.equal(detail.conversation.turns.length, 1);
    assert.equal(Number(await page.locator("#coach-one .empathy-convo-score").textContent()), Math.round(detail.conversation.score));
    assert.equal(await page.evaluate(() => document.getElementById("coach-one").conversation.score), detail.conversation.score);
  });

  test("changing an attribute re-attaches; removing the element restores the reply box; adding it back attaches", async () => {
    await typeInto("#reply-one", "Calm down please.", "coach-one");
    await page.evaluate(() => document.getElementById("coach-one").setAttribute("allow", "avoid-calm-down acknowledge-feelings"));
    await page.waitForFunction(() => document.querySelector("#coach-one .empathy-panel"));
    assert.equal(await page.locator("#coach-one .empathy-nudge[data-rule-id=avoid-calm-down]").count(), 0);

    const restored = await page.evaluate(() => {
      const coach = document.getElementById("coach-one");
      coach.remove();
      const box = document.getElementById("reply-one");
      return { className: box.className, describedBy: box.getAttribute("aria-describedby"), panels: document.querySelectorAll("#reply-one ~ .empathy-panel").length, value: box.value };
    });
    assert.deepEqual(restored, { className: "reply", describedBy: null, panels: 0, value: "Calm down please." });
    const n = await page.evaluate(() => window.fixture.events.length);
    await page.evaluate(() => {
      const coach = document.createElement("empathy-coach");
      coach.id = "coach-one";
      coach.setAttribute("for", "reply-one");
      coach.history = window.fixture.turns["coach-one"];
      document.querySelector(".chat").append(coach);
    });
    await page.waitForFunction((n) => window.fixture.events.slice(n).some((e) => e.id === "coach-one"), n);
    assert.equal(await page.locator("#coach-one .empathy-meter").isVisible(), true, "it scored the draft already there");
  });

  test("the reply box may appear later, and the element works inside a shadow root", async () => {
    await page.evaluate(() => {
      const coach = document.createElement("empathy-coach");
      coach.id = "late-coach";
      coach.setAttribute("for", "late");
      coach.setAttribute("debounce", "20");
      document.body.append(coach);
      setTimeout(() => {
        const box = document.createElement("textarea");
        box.id = "late";
        coach.before(box);
      }, 50);
    });
    await page.waitForFunction(() => window.fixture.events.some((e) => e.id === "late-coach"));

    await page.evaluate(() => {
      const host = document.createElement("div");
      host.id = "shadow-console";
      document.body.append(host);
      const root = host.attachShadow({ mode: "open" });
      const field = document.createElement("div");
      const box = document.createElement("textarea");
      box.id = "reply";
      field.append(box);
      const coach = document.createElement("empathy-coach");
      coach.setAttribute("for", "reply");
      coach.setAttribute("debounce", "20");
      coach.history = [{ role: "customer", text: "This is the third time I've asked!!" }];
      root.append(field, coach);
    });
    await page.waitForFunction(() => window.fixture.events.some((e) => e.id === "shadow-console"), null);
    const shadow = await page.evaluate(() => {
      const root = document.getElementById("shadow-console").shadowRoot;
      return {
        links: [...root.querySelectorAll("link")].map((l) => new URL(l.href).pathname),
        panel: root.querySelector("empathy-coach > .empathy-panel") !== null,
      };
    });
    assert.deepEqual(shadow, { links: ["/web/widget.css"], panel: true });
    await typeInto("#shadow-console #reply", "Calm down.", "shadow-console");
    assert.ok(await page.locator("#shadow-console .empathy-nudge[data-kind=warning]").count() === 1);
  });

  test("a `for` that names no reply box reports empathy-error and breaks nothing", async () => {
    const error = await page.evaluate(() => new Promise((resolve) => {
      const coach = document.createElement("empathy-coach");
      coach.setAttribute("for", "said-one"); // a <p>, not a reply box
      coach.addEventListener("empathy-error", (e) => resolve(e.detail.error), { once: true });
      document.body.append(coach);
    }));
    assert.match(error, /<textarea> or a contenteditable/);
    assert.deepEqual(browser.problems(page).pageErrors, []);
  });

  test("markup in the customer's text, name and the draft is shown as text", async () => {
    await page.evaluate((xss) => {
      const coach = document.getElementById("coach-one");
      coach.customer = { name: xss };
      coach.history = [{ role: "customer", text: `${xss} I was charged twice!!` }];
    }, XSS);
    await typeInto("#reply-one", `Sorry ${XSS} calm down`, "coach-one");
    assert.equal(await page.locator("#coach-one ~ * img, #coach-one img, .empathy-backdrop img").count(), 0);
    assert.ok((await page.locator(".empathy-highlights").first().textContent()).includes(XSS));
    await page.waitForTimeout(50);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.ok(!browser.requests.some((u) => /\/x$/.test(u)));
  });

  test("no console errors, page errors, CSP violations or foreign requests", async () => {
    const { consoleErrors, pageErrors } = browser.problems(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  });
});
