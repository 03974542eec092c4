// Accessibility scan of the coach with axe-core (node_modules/axe-core), in light and dark,
// in every state an agent meets: nudges of each kind with suggestions, customer chips,
// the conversation score, hidden nudges, the hidden coach, several boxes (a shadow root
// and a contenteditable among them), the custom element, the screenshot page and the demo
// console. No violation of any impact is allowed. axe is injected as a script tag, which the
// server's strict CSP would block, so this one browser context bypasses CSP.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { REPO_ROOT, openBrowser } from "./browser.mjs";

const AXE = path.join(REPO_ROOT, "node_modules", "axe-core", "axe.min.js");

let browser;
let page;

before(async () => {
  browser = await openBrowser({ contextOptions: { bypassCSP: true } });
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

function nudge(ruleId, kind, message, extra = {}) {
  return { ruleId, kind, family: "emotional-reaction", message, start: null, end: null, suggestion: null, ...extra };
}

/** Every state of the card at once: three kinds, suggestions, chips, a conversation with flags. */
const FULL = {
  score: 52, band: "fair", needsEmpathy: true, components: {}, families: {},
  behaviors: [
    { id: "calm-down", family: "dismissive", polarity: -1, weight: 0.9, start: 0, end: 9 },
    { id: "ownership", family: "reassurance", polarity: 1, weight: 0.7, start: 11, end: 25 },
  ],
  customer: { emotions: [{ id: "frustration", intensity: 0.8, spans: [] }, { id: "urgency", intensity: 0.5, spans: [] }], risk: ["churn"], needsEmpathy: true },
  nudges: [
    nudge("w1", "warning", "Avoid “calm down”: it tells them their feelings are wrong.", { start: 0, end: 9, suggestion: "I can hear how upsetting this is.", edit: { start: 0, end: 9, text: "I can hear how upsetting this is." } }),
    nudge("t1", "tip", "They sound upset. Acknowledge how they feel first.", { suggestion: "I'm sorry, that sounds really frustrating.", edit: { start: 0, end: 0, text: "I'm sorry, that sounds really frustrating. " } }),
    nudge("p1", "praise", "You took ownership."),
    nudge("t2", "tip", "Say when it will be fixed."),
  ],
};
const CONVERSATION = { id: "", score: 34, band: "low", needsEmpathy: true, components: {}, flags: ["missed-empathy", "missed-empathy-high-risk"], turns: [{}], meta: {} };

/** Runs axe on the page and fails on any violation, of any impact; returns the rules that passed. */
async function scan(label) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const { violations, passes } = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations", "passes"] });
    return {
      passes: results.passes.map((p) => p.id),
      violations: results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
      })),
    };
  });
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 2)}`);
  return passes;
}

async function openAttachFixture(scheme) {
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" }); // no half-faded nudges for the contrast check
  await page.goto(browser.url("tests/e2e/fixtures/attach.html"));
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  await page.evaluate(({ full, conversation }) => {
    localStorage.clear();
    document.getElementById("draft").value = "Calm down, I'll refund it today.";
    window.fixture.turns = [
      { role: "customer", text: "I was charged twice!!" },
      { role: "agent", text: "Send the order number." },
      { role: "customer", text: "Again?! It's 4821." },
    ];
    window.fixture.fakeConversation = conversation;
    window.fixture.useFake(full);
    window.fixture.attach();
  }, { full: FULL, conversation: CONVERSATION });
  await page.waitForFunction(() => !document.querySelector(".empathy-panel").hidden);
}

describe("axe-core finds no serious or critical violation", () => {
  for (const scheme of ["light", "dark"]) {
    test(`the card in every state, ${scheme}`, async () => {
      await openAttachFixture(scheme);
      assert.equal(await page.locator(".empathy-nudge").count(), 3);
      assert.equal(await page.locator(".empathy-convo .empathy-flag").count(), 2);
      const passes = await scan(`${scheme}: full card`);
      assert.ok(passes.includes("color-contrast"), "contrast was checked on real text");

      // Keyboard focus on a button (focus ring) and a hidden nudge (the "Show" way back).
      await page.locator(".empathy-nudge[data-rule-id=t1] .empathy-dismiss").click();
      assert.equal(await page.locator(".empathy-hidden-note").isVisible(), true);
      await scan(`${scheme}: a nudge hidden`);

      // The coach hidden with Alt+Shift+E: only the small button that brings it back.
      await page.locator("#draft").focus();
      await page.keyboard.press("Alt+Shift+E");
      assert.equal(await page.locator(".empathy-expand").isVisible(), true);
      await scan(`${scheme}: coach hidden`);
      await page.keyboard.press("Alt+Shift+E");
    });
  }

  test("several boxes, a contenteditable and a shadow root", async () => {
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
    await page.goto(browser.url("tests/e2e/fixtures/boxes.html"));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await page.evaluate(() => {
      localStorage.clear();
      window.fixture.box("a").value = "Calm down, I will look at it.";
      window.fixture.box("c").textContent = "As I said, there's nothing I can do.";
      window.fixture.box("rich").textContent = "I'm so sorry, I'll fix it today.";
      for (const k of ["a", "b", "c", "shadow", "rich"]) window.fixture.attach(k);
    });
    await page.waitForFunction(() => [...document.querySelectorAll(".empathy-panel"), ...document.getElementById("shadow-host").shadowRoot.querySelectorAll(".empathy-panel")].every((p) => !p.hidden));
    await scan("boxes");
  });

  test("the custom element, light and dark", async () => {
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
    await page.goto(browser.url("tests/e2e/fixtures/element.html"));
    await page.waitForFunction(() => ["coach-one", "coach-two"].every((id) => window.fixture?.events.some((e) => e.id === id)));
    await page.locator("#reply-two").click();
    await page.keyboard.type("Calm down, I will check it.");
    await page.waitForFunction(() => window.fixture.events.some((e) => e.id === "coach-two" && e.draft !== ""));
    await page.waitForFunction(() => [...document.querySelectorAll(".empathy-panel")].every((p) => !p.hidden));
    await scan("element");
  });

  test("the demo console with a draft that draws a warning, tips and highlights", async () => {
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
    await page.goto(browser.url("examples/demo/index.html"));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await page.locator("#reply").click();
    await page.keyboard.type("Calm down, as I said the refund takes 5 days.");
    await page.waitForFunction(() => document.querySelectorAll(".empathy-nudge").length > 0);
    await scan("demo");
  });

  for (const scheme of ["light", "dark"]) {
    test(`the screenshot page, ${scheme}`, async () => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
      await page.goto(browser.url(`tests/e2e/fixtures/screenshot.html?draft=${encodeURIComponent("As I said, the parcel is at the depot. I'll check with the courier.")}`));
      await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
      assert.ok(await page.locator(".empathy-nudge").count() > 0);
      await scan(`screenshot page, ${scheme}`);
    });
  }
});
