// The widget (web/widget.js) on a plain host page, tests/e2e/fixtures/attach.html:
// scoring and debounce, rendering, highlights, suggestions and undo, errors, the live
// region, destroy(), and that user text is never parsed as HTML. Canned results test the
// widget's own behaviour; the real scorer is used where the engine's output matters.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { foreignRequests, useFixture } from "./browser.mjs";

const XSS = "<img src=x onerror=window.__xss=1>";

/** A §2.1 result with the given parts. */
function result({ score = 55, band = "fair", nudges = [], behaviors = [] } = {}) {
  const families = Object.fromEntries(
    ["emotional-reaction", "interpretation", "exploration", "reassurance", "inclusive", "politeness", "dismissive", "scripted"]
      .map((f) => [f, { level: 0, spans: [] }]),
  );
  return {
    score, band, needsEmpathy: true,
    components: { activeListening: score, emotionalRecognition: score, supportiveResponses: score, genuineTone: score },
    families, behaviors,
    customer: { emotions: [{ id: "frustration", intensity: 0.8, spans: [] }], risk: [], needsEmpathy: true },
    nudges,
  };
}
function nudge(ruleId, kind, message, { start = null, end = null, suggestion = null, edit } = {}) {
  return { ruleId, kind, family: kind === "warning" ? "dismissive" : "emotional-reaction", message, start, end, suggestion, ...(edit ? { edit } : {}) };
}

let browser;
let page;
useFixture("tests/e2e/fixtures/attach.html", (b, p) => {
  browser = b;
  page = p;
}, { clearStorage: false });

/** Attaches with a canned result (or "throw"/"error") after setting the draft. */
async function attachFake(spec, { draft = "", options = {} } = {}) {
  await page.evaluate(({ spec, draft, options }) => {
    document.getElementById("draft").value = draft;
    window.fixture.useFake(spec);
    window.fixture.attach(options);
  }, { spec, draft, options });
  await page.waitForFunction(() => !document.querySelector(".empathy-panel")?.hidden); // widget.css has loaded
}

/** Attaches the real scorer, with an empty reply box, after one customer message; fields:
 *  other fixture fields to set first (customer). */
async function attachReal(customerText, fields = {}) {
  await page.evaluate(async ({ customerText, fields }) => {
    await window.fixture.useRealScorer();
    window.fixture.turns = [{ role: "customer", text: customerText, time: Date.now() - 30_000 }];
    Object.assign(window.fixture, fields);
    document.getElementById("draft").value = "";
    window.fixture.attach({ debounce: 20 });
  }, { customerText, fields });
}

// Empties the reply box as an agent deleting everything would (an input event follows).
async function clearDraft() {
  await page.evaluate(() => {
    const ta = document.getElementById("draft");
    ta.value = "";
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function typeAtEnd(text) {
  await page.locator("#draft").focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type(text);
}

const calls = () => page.evaluate(() => window.fixture.calls.length);

describe("attach()", () => {
  test("scores the empty draft at once, with history and customer, then debounces typing", async () => {
    const proactive = result({ score: 0, band: "low", nudges: [nudge("t1", "tip", "They sound frustrated: acknowledge it first.")] });
    await attachFake({ byDraft: [["I am", result()]], otherwise: proactive }, { options: { debounce: 150 } });
    const first = await page.evaluate(() => window.fixture.calls[0]);
    assert.equal(first.draft, "");
    assert.equal(first.history[0].role, "customer");
    assert.deepEqual(first.customer, { name: "Dana" });
    // An empty draft shows the engine's proactive tip, but no score.
    assert.equal(await page.locator(".empathy-card").isVisible(), true);
    assert.equal(await page.locator(".empathy-nudge").count(), 1);
    assert.equal(await page.locator(".empathy-meter").isVisible(), false);

    await typeAtEnd("I am looking into it now");
    await page.waitForTimeout(450);
    const n = await calls();
    assert.ok(n >= 2 && n <= 3, `24 keystrokes within the debounce should score once or twice, not ${n - 1} times`);
    assert.equal(await page.evaluate(() => window.fixture.calls.at(-1).draft), "I am looking into it now");
    assert.equal(await page.evaluate(() => window.fixture.results.length), n, "onResult follows every scoring");
    assert.equal(await page.locator(".empathy-meter").isVisible(), true);
  });

  test("renders the meter and at most three nudges in the engine's order", async () => {
    const nudges = [
      nudge("w1", "warning", "Don't tell them to calm down.", { start: 0, end: 9, suggestion: "I can see why you're upset", edit: { start: 0, end: 9, text: "I can see why you're upset" } }),
      nudge("t1", "tip", "Acknowledge how they feel.", { suggestion: "Say sorry." }),
      nudge("p1", "praise", "You took ownership."),
      nudge("t2", "tip", "Say when it will be fixed."),
    ];
    await attachFake(result({ score: 55, band: "fair", nudges }), { draft: "Calm down, I'll fix it." });
    const meter = page.locator(".empathy-meter");
    assert.equal(await meter.getAttribute("data-band"), "fair");
    assert.equal(await page.locator(".empathy-score-value").textContent(), "55");
    assert.equal(await page.locator(".empathy-bar").getAttribute("aria-valuenow"), "55");
    const shown = await page.$$eval(".empathy-nudge", (items) => items.map((li) => [li.dataset.ruleId, li.dataset.kind]));
    assert.deepEqual(shown, [["w1", "warning"], ["t1", "tip"], ["p1", "praise"]]);
    assert.equal(await page.locator(".empathy-nudge .empathy-use").count(), 1, "a button only where the engine planned an edit");
    assert.equal(await page.locator(".empathy-nudge[data-rule-id=t1] .empathy-suggestion-text").textContent(), "Say sorry.", "words without an edit are shown");
    assert.equal(await page.locator(".empathy-nudge-message").first().textContent(), "Don't tell them to calm down.");
    // The panel is the textarea's next sibling.
    assert.equal(await page.evaluate(() => document.getElementById("draft").nextElementSibling.className), "empathy-panel");
    const again = await page.evaluate(() => {
      try {
        window.fixture.attach();
        return "attached twice";
      } catch (err) {
        return err.message;
      }
    });
    assert.match(again, /already has a coach/);
  });

  test("silences the rules listed in `allow`", async () => {
    const nudges = [nudge("w1", "warning", "a"), nudge("t1", "tip", "b"), nudge("p1", "praise", "c"), nudge("t2", "tip", "d")];
    await attachFake(result({ nudges }), { options: { allow: ["t1", "p1"] } });
    const shown = await page.$$eval(".empathy-nudge", (items) => items.map((li) => li.dataset.ruleId));
    assert.deepEqual(shown, ["w1", "t2"]);
  });

  test("highlights evidence in a backdrop that mirrors the textarea", async () => {
    const draft = "Sorry, calm down please. I'll refund it.";
    const behaviors = [
      { id: "apology", family: "emotional-reaction", polarity: 1, weight: 0.8, start: 0, end: 5 },
      { id: "calm-down", family: "dismissive", polarity: -1, weight: 0.9, start: 7, end: 16 },
      { id: "ownership", family: "reassurance", polarity: 1, weight: 0.7, start: 25, end: 40 },
    ];
    await attachFake(result({ behaviors }), { draft, options: { debounce: 60_000 } });
    const marks = await page.$$eval(".empathy-backdrop mark", (ms) => ms.map((m) => [m.textContent, m.className]));
    assert.deepEqual(marks, [
      ["Sorry", "empathy-mark empathy-mark-positive"],
      ["calm down", "empathy-mark empathy-mark-negative"],
      ["I'll refund it.", "empathy-mark empathy-mark-positive"],
    ]);
    const geometry = await page.evaluate(() => {
      const ta = document.getElementById("draft");
      const bd = document.querySelector(".empathy-backdrop");
      const hl = document.querySelector(".empathy-highlights");
      const a = ta.getBoundingClientRect();
      const b = bd.getBoundingClientRect();
      const cs = getComputedStyle(ta);
      const hs = getComputedStyle(hl);
      return {
        delta: Math.max(Math.abs(a.left - b.left), Math.abs(a.top - b.top), Math.abs(a.width - b.width), Math.abs(a.height - b.height)),
        fonts: [cs.font, hs.font, cs.lineHeight, hs.lineHeight, cs.paddingLeft, hs.paddingLeft, cs.whiteSpace, hs.whiteSpace],
        textareaBackground: cs.backgroundColor,
        backdropBackground: getComputedStyle(bd).backgroundColor,
        textareaOnTop: document.elementFromPoint(a.left + 20, a.top + 15) === ta,
      };
    });
    assert.ok(geometry.delta < 0.5, `backdrop off by ${geometry.delta}px`);
    const [font, mirroredFont, lh, mirroredLh, pad, mirroredPad, ws, mirroredWs] = geometry.fonts;
    assert.deepEqual([mirroredFont, mirroredLh, mirroredPad, mirroredWs], [font, lh, pad, ws]);
    assert.equal(geometry.textareaBackground, "rgba(0, 0, 0, 0)");
    assert.equal(geometry.backdropBackground, "rgb(255, 253, 245)", "the backdrop paints the textarea's own background");
    assert.ok(geometry.textareaOnTop, "the textarea stays on top and takes the clicks");

    // Typing before a span moves its highlight with the text until the next scoring.
    await page.locator("#draft").focus();
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.type("Oh. ");
    const moved = await page.$$eval(".empathy-backdrop mark", (ms) => ms.map((m) => m.textContent));
    assert.deepEqual(moved, ["Sorry", "calm down", "I'll refund it."]);

    // Scrolling the textarea scrolls the highlights with it. (The lines are pasted: Enter
    // may send, so the coach reads the whole draft on it.)
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("\nline\nline\nline\nline\nline\nline\nline\nline");
    const transform = await page.evaluate(() => {
      const ta = document.getElementById("draft");
      ta.scrollTop = 40;
      ta.dispatchEvent(new Event("scroll"));
      return [ta.scrollTop, getComputedStyle(document.querySelector(".empathy-highlights")).transform];
    });
    assert.ok(transform[0] > 0);
    assert.equal(transform[1], `matrix(1, 0, 0, 1, 0, ${-transform[0]})`);
    assert.equal(await page.evaluate(() => window.fixture.calls.length), 1, "rendering highlights never rescored");
  });

  test("'Use suggestion' applies the engine's edit, exactly, as one edit that Ctrl+Z undoes", async () => {
    const draft = "Calm down, I will check.";
    const nudges = [
      nudge("w1", "warning", "Don't say calm down.", {
        start: 0, end: 9, suggestion: "I understand how frustrating this is.",
        edit: { start: 0, end: 12, text: "I understand how frustrating this is. I" },
      }),
      nudge("t1", "tip", "Apologise first.", { suggestion: "Sorry about this.", edit: { start: 0, end: 0, text: "Sorry about this. " } }),
    ];
    await attachFake(result({ nudges }), { draft });
    await page.locator(".empathy-nudge[data-rule-id=w1] .empathy-use").click();
    assert.equal(await page.inputValue("#draft"), "I understand how frustrating this is. I will check.");
    assert.equal(await page.evaluate(() => document.activeElement.id), "draft");
    await page.keyboard.press("ControlOrMeta+z");
    assert.equal(await page.inputValue("#draft"), draft);

    // An edit without a span: where the engine put it.
    await page.waitForTimeout(250); // the undo's input event rescored
    await page.locator(".empathy-nudge[data-rule-id=t1] .empathy-use").click();
    assert.equal(await page.inputValue("#draft"), "Sorry about this. " + draft);
    await page.keyboard.press("ControlOrMeta+z");
    assert.equal(await page.inputValue("#draft"), draft);
  });

  for (const failure of ["throw", "error"]) {
    test(`a scorer that ${failure === "throw" ? "throws" : "returns {error}"} shows nothing and typing keeps working`, async () => {
      await attachFake(failure);
      await typeAtEnd("still typing");
      await page.waitForTimeout(300);
      assert.equal(await page.inputValue("#draft"), "still typing");
      assert.equal(await page.locator(".empathy-card").isVisible(), false);
      assert.equal(await page.locator(".empathy-backdrop mark").count(), 0);
      const last = await page.evaluate(() => window.fixture.results.at(-1));
      assert.equal(typeof last.error, "string");

      await page.evaluate((r) => {
        window.fixture.useFake(r);
        window.fixture.coach.update();
      }, result({ nudges: [nudge("t1", "tip", "Back again.")] }));
      assert.equal(await page.locator(".empathy-card").isVisible(), true);
      assert.equal(await page.locator(".empathy-nudge").count(), 1);
    });
  }

  test("the live region speaks only when the set of nudge rules or the band changes", async () => {
    const calm = result({ nudges: [nudge("w1", "warning", "Careful with 'calm down'.")] });
    const other = result({ nudges: [nudge("t1", "tip", "Acknowledge how they feel.")] });
    await attachFake({ byDraft: [["calm", calm]], otherwise: other }, { options: { debounce: 20 } });
    const live = page.locator(".empathy-live");
    assert.equal(await live.getAttribute("aria-live"), "polite");
    await page.evaluate(() => {
      window.__announcements = [];
      new MutationObserver(() => window.__announcements.push(document.querySelector(".empathy-live").textContent))
        .observe(document.querySelector(".empathy-live"), { childList: true, characterData: true, subtree: true });
    });
    for (const word of ["Hi", " there", " please"]) {
      await typeAtEnd(word);
      await page.waitForTimeout(80);
    }
    // The first score is spoken once; then the same rules and band: silent.
    assert.deepEqual(await page.evaluate(() => window.__announcements), ["Empathy score 55, fair."]);
    await typeAtEnd(" calm");
    await page.waitForTimeout(120);
    await typeAtEnd("er");
    await page.waitForTimeout(120);
    assert.deepEqual(await page.evaluate(() => window.__announcements),
                     ["Empathy score 55, fair.", "Warning: Careful with 'calm down'."]);
  });

  test("destroy() restores the host's DOM exactly and stops listening", async () => {
    await page.evaluate(() => window.fixture.useRealScorer());
    const snapshot = () => page.evaluate(() => {
      const ta = document.getElementById("draft");
      return {
        host: document.getElementById("host").outerHTML,
        head: document.head.innerHTML,
        style: ta.getAttribute("style"),
        background: getComputedStyle(ta).backgroundColor,
        position: getComputedStyle(ta.parentElement).position,
        empathyNodes: document.querySelectorAll('[class*="empathy-"]').length,
      };
    });
    const before = await snapshot();
    assert.equal(before.style, "color: rgb(30, 40, 50); line-height: 22px;");

    await page.evaluate(() => window.fixture.attach({ debounce: 20 }));
    await typeAtEnd(", I'm so sorry about that. Calm down though.");
    await page.waitForTimeout(150);
    const during = await snapshot();
    assert.notEqual(during.host, before.host);
    assert.ok(during.empathyNodes > 0);
    assert.equal(await page.locator('link[rel=stylesheet][href$="/web/widget.css"]').count(), 1, "attach() adds widget.css once");
    assert.equal(await page.locator(".empathy-card").isVisible(), true, "the real scorer's result is shown");
    assert.equal(during.background, "rgba(0, 0, 0, 0)");

    await page.click("#destroy");
    const afterDestroy = await snapshot();
    assert.deepEqual(afterDestroy, before);
    assert.equal(await page.inputValue("#draft"), "Hello, I'm so sorry about that. Calm down though.", "the draft is kept");

    const n = await calls();
    await typeAtEnd(" more");
    await page.waitForTimeout(120);
    assert.equal(await calls(), n, "no scoring after destroy()");
    await page.evaluate(() => window.fixture.coach.destroy()); // twice is harmless
  });

  test("a customer in a language the coach does not speak gets a quiet line, never a number", async () => {
    await attachReal("Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa!!");
    const note = page.locator(".empathy-unsupported");
    await note.waitFor({ state: "visible" });
    assert.equal(await note.textContent(), "The coach doesn't speak Italian yet.");
    await typeAtEnd("Mi dispiace molto, ho già rimborsato l'addebito doppio. Si calmi.");
    await page.waitForTimeout(150);
    assert.equal(await note.textContent(), "The coach doesn't speak Italian yet.");
    assert.equal(await page.locator(".empathy-meter").isHidden(), true, "no meter");
    assert.equal(await page.locator(".empathy-nudge").count(), 0, "no nudges");
    assert.equal(await page.locator(".empathy-backdrop mark").count(), 0, "no highlights");
    assert.match(await page.locator(".empathy-live").textContent(), /doesn't speak Italian/);
    // The conversation switches to English: the coach is back.
    await page.evaluate(() => {
      window.fixture.turns = [{ role: "customer", text: "I was charged twice and nobody is helping me!!", time: Date.now() - 30_000 }];
    });
    await clearDraft();
    await typeAtEnd("I'm so sorry, I've refunded the second charge.");
    await page.waitForTimeout(150);
    assert.equal(await note.isHidden(), true);
    assert.equal(await page.locator(".empathy-meter").isHidden(), false);
    assert.match(await page.locator(".empathy-score-value").textContent(), /^\d+$/);
  });

  test("a reply in a script no model reads (Russian, Japanese) gets the quiet line, never an English reading", async () => {
    // Russian was once read as Polish and Japanese as too short to tell: the English model
    // scored both, with nudges.
    await attachReal("I was charged twice and nobody is helping me!!");
    const note = page.locator(".empathy-unsupported");
    for (const reply of ["Успокойтесь, как я уже говорил, возврат займёт пять дней. ",
      "落ち着いてください。返金には五日かかります。"]) {
      await clearDraft();
      await typeAtEnd(reply);
      await note.waitFor({ state: "visible" });
      assert.equal(await note.textContent(), "The coach doesn't speak this language yet.", reply);
      assert.equal(await page.locator(".empathy-meter").isHidden(), true, "no meter");
      assert.equal(await page.locator(".empathy-nudge").count(), 0, "no nudges");
    }
    // Back to English: the coach reads it again.
    await clearDraft();
    await typeAtEnd("I'm so sorry, I've refunded the second charge.");
    await page.waitForTimeout(150);
    assert.equal(await note.isHidden(), true);
    assert.match(await page.locator(".empathy-score-value").textContent(), /^\d+$/);
  });

  test("user text is rendered as text, never as markup", async () => {
    await attachReal(`${XSS} I was charged twice!!`, { customer: { name: XSS } });
    await typeAtEnd(`Sorry! ${XSS} calm down`);
    await page.waitForTimeout(150);
    // And canned nudges that carry markup in every text field.
    await page.evaluate((xss) => {
      window.fixture.useFake({
        score: 10, band: "low", needsEmpathy: true, components: {}, families: {},
        behaviors: [{ id: "x", family: "dismissive", polarity: -1, weight: 1, start: 7, end: 7 + xss.length }],
        customer: { emotions: [{ id: xss, intensity: 0.9, spans: [] }], risk: [xss], needsEmpathy: true },
        nudges: [{ ruleId: xss, kind: "warning", family: "dismissive", message: xss, start: 7, end: 7 + xss.length, suggestion: xss }],
      });
      window.fixture.coach.update();
    }, XSS);
    assert.equal(await page.locator(".empathy-nudge-message").textContent(), XSS);
    assert.equal(await page.locator(".empathy-suggestion-text").textContent(), XSS);
    assert.equal(await page.locator(".empathy-backdrop mark").textContent(), XSS);
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator("img").count(), 0);
    assert.ok(!browser.requests.some((u) => /\/x$/.test(u)), "the <img> was never created, so never fetched");
  });

  test("no console errors, page errors, CSP violations or foreign requests", async () => {
    const { consoleErrors, pageErrors } = browser.problems(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  });
});
