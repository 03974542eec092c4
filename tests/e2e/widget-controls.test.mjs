// The agent's controls over the coach (tests/e2e/fixtures/attach.html, canned results):
// dismissing and snoozing a rule and undoing it, where those choices are kept (one
// localStorage key, memory when storage throws), hiding the coach with Alt+Shift+E,
// keyboard-only use, announcements, themes and reduced motion.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useFixture } from "./browser.mjs";

const STORAGE_KEY = "empathy-coach:v1";
const FRUSTRATED = [{ role: "customer", text: "I was charged twice and I'm really annoyed!!", time: 1_732_780_800_000 }];
const OTHER_CHAT = [{ role: "customer", text: "Where is my parcel? I'm so fed up!", time: 1_732_790_000_000 }];

function result({ score = 35, band = "low", nudges = [], behaviors = [] } = {}) {
  return {
    score, band, needsEmpathy: true, components: {}, families: {}, behaviors,
    customer: { emotions: [{ id: "frustration", intensity: 0.8, spans: [] }], risk: [], needsEmpathy: true },
    nudges,
  };
}
function nudge(ruleId, kind, message, extra = {}) {
  return { ruleId, kind, family: "emotional-reaction", message, start: null, end: null, suggestion: null, ...extra };
}
const FOUR = [
  nudge("w1", "warning", "Don't tell them to calm down.", { start: 0, end: 9, suggestion: "I can hear how upsetting this is", edit: { start: 0, end: 9, text: "I can hear how upsetting this is" } }),
  nudge("t1", "tip", "Acknowledge how they feel.", { suggestion: "I'm sorry, that sounds really frustrating.", edit: { start: 0, end: 0, text: "I'm sorry, that sounds really frustrating. " } }),
  nudge("t2", "tip", "Say when it will be fixed."),
  nudge("p1", "praise", "You took ownership."),
];
const DRAFT = "Calm down, I'll refund it.";
const BEHAVIORS = [{ id: "calm-down", family: "dismissive", polarity: -1, weight: 0.9, start: 0, end: 9 }];

let browser;
let page;
useFixture("tests/e2e/fixtures/attach.html", (b, p) => {
  browser = b;
  page = p;
}, { prepare: (p) => p.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" }) });

/** Attaches with a canned result after setting the draft and the conversation. */
async function attachFake(spec, { draft = DRAFT, turns = FRUSTRATED, options = {}, target = page } = {}) {
  await target.evaluate(({ spec, draft, turns, options }) => {
    document.getElementById("draft").value = draft;
    window.fixture.turns = turns;
    window.fixture.useFake(spec);
    window.fixture.attach({ debounce: 20, ...options });
  }, { spec, draft, turns, options });
  await target.waitForFunction(() => !document.querySelector(".empathy-panel")?.hidden); // widget.css has loaded
}

const shownRules = (target = page) => target.$$eval(".empathy-nudge", (items) => items.map((li) => li.dataset.ruleId));
const stored = (target = page) => target.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "null"), STORAGE_KEY);
const activeClass = () => page.evaluate(() => document.activeElement?.className ?? "");

describe("dismiss and snooze", () => {
  test("dismissing hides the rule for this conversation only, lets the next nudge in, and Show undoes it", async () => {
    await attachFake(result({ nudges: FOUR, behaviors: BEHAVIORS }));
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"]);
    const dismiss = page.locator(".empathy-nudge[data-rule-id=t1] .empathy-dismiss");
    assert.equal(await dismiss.getAttribute("aria-label"), "Dismiss this tip for this conversation");
    await dismiss.click();
    assert.deepEqual(await shownRules(), ["w1", "t2", "p1"], "the fourth nudge takes the freed place");
    assert.equal(await page.locator(".empathy-hidden-text").textContent(), "1 nudge hidden.");
    assert.equal(await activeClass(), "empathy-show-hidden", "focus moves to Show, the way back");
    assert.match(await page.locator(".empathy-live").textContent(), /Dismissed this tip/);

    // Kept in one prefixed localStorage key, for this conversation.
    const prefs = await stored();
    assert.equal(prefs.v, 1);
    const sessions = Object.values(prefs.dismissed);
    assert.equal(sessions.length, 1);
    assert.deepEqual(sessions[0].rules, ["t1"]);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [STORAGE_KEY]);

    // Still dismissed after a reload in the same conversation; shown in another one.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await attachFake(result({ nudges: FOUR }));
    assert.deepEqual(await shownRules(), ["w1", "t2", "p1"]);
    await page.evaluate((turns) => {
      window.fixture.turns = turns;
      window.fixture.coach.update();
    }, OTHER_CHAT);
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"], "another conversation: the rule is back");
    assert.equal(await page.locator(".empathy-hidden-note").isVisible(), false);

    // Back in the first conversation, Show undoes the dismissal and focuses the nudge.
    await page.evaluate((turns) => {
      window.fixture.turns = turns;
      window.fixture.coach.update();
    }, FRUSTRATED);
    await page.locator(".empathy-show-hidden").click();
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"]);
    assert.equal(await page.locator(".empathy-hidden-note").isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement.closest(".empathy-nudge")?.dataset.ruleId), "t1");
    assert.deepEqual(Object.values((await stored()).dismissed), []);
  });

  test("a conversationId option identifies the conversation; without history the draft session does", async () => {
    await attachFake(result({ nudges: FOUR }), { turns: [], options: { conversationId: "ticket-42" } });
    await page.locator(".empathy-nudge[data-rule-id=w1] .empathy-dismiss").click();
    assert.deepEqual(Object.keys((await stored()).dismissed), ["c:ticket-42"]);

    await page.evaluate(() => {
      window.fixture.coach.destroy();
      localStorage.clear();
    });
    await attachFake(result({ nudges: FOUR }), { turns: [] });
    await page.locator(".empathy-nudge[data-rule-id=w1] .empathy-dismiss").click();
    assert.deepEqual(await shownRules(), ["t1", "t2", "p1"]);
    assert.equal(await stored(), null, "a draft session is not worth storing");
    await page.evaluate(() => window.fixture.coach.destroy());
    await attachFake(result({ nudges: FOUR }), { turns: [] });
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"], "a new draft session starts clean");
  });

  test("snoozing hides the rule everywhere for 30 minutes, then it comes back", async () => {
    await attachFake(result({ nudges: FOUR }));
    const snooze = page.locator(".empathy-nudge[data-rule-id=w1] .empathy-snooze");
    assert.equal(await snooze.getAttribute("aria-label"), "Snooze this warning for 30 minutes");
    const now = await page.evaluate(() => Date.now());
    await snooze.click();
    assert.deepEqual(await shownRules(), ["t1", "t2", "p1"]);
    const until = (await stored()).snoozed.w1;
    assert.ok(Math.abs(until - (now + 30 * 60_000)) < 5_000, `snoozed until ${until - now} ms from now`);

    // Snoozed in another conversation too.
    await page.evaluate((turns) => {
      window.fixture.turns = turns;
      window.fixture.coach.update();
    }, OTHER_CHAT);
    assert.deepEqual(await shownRules(), ["t1", "t2", "p1"]);

    // Thirty minutes later (the stored time has passed), the rule is back.
    await page.evaluate((key) => {
      const prefs = JSON.parse(localStorage.getItem(key));
      prefs.snoozed.w1 = Date.now() - 1;
      localStorage.setItem(key, JSON.stringify(prefs));
    }, STORAGE_KEY);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await attachFake(result({ nudges: FOUR }));
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"]);
    await page.locator(".empathy-nudge[data-rule-id=t1] .empathy-dismiss").click();
    assert.deepEqual((await stored()).snoozed, {}, "expired snoozes are pruned on the next write");
  });

  test("the snooze length is an option, and Show undoes a snooze", async () => {
    await attachFake(result({ nudges: FOUR }), { options: { snooze: 5 } });
    assert.equal(await page.locator(".empathy-nudge[data-rule-id=t2] .empathy-snooze").getAttribute("aria-label"), "Snooze this tip for 5 minutes");
    await page.locator(".empathy-nudge[data-rule-id=t2] .empathy-snooze").press("Enter");
    assert.deepEqual(await shownRules(), ["w1", "t1", "p1"]);
    await page.keyboard.press("Enter"); // focus is on Show
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"]);
    assert.deepEqual((await stored()).snoozed, {});
  });

  test("hiding the only nudge of an empty draft keeps the card until the agent types", async () => {
    const proactive = result({ score: 0, nudges: [nudge("t1", "tip", "They sound upset: acknowledge it first.")] });
    await attachFake({ byDraft: [["I", result({ nudges: [] })]], otherwise: proactive }, { draft: "" });
    await page.locator(".empathy-dismiss").click();
    assert.equal(await page.locator(".empathy-card").isVisible(), true, "the way back stays in reach");
    assert.equal(await page.locator(".empathy-nudge").count(), 0);
    await page.locator("#draft").focus();
    await page.keyboard.type("I");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "I");
    assert.equal(await page.locator(".empathy-meter").isVisible(), true);
  });

  test("choices are shared by the coaches of a page and follow other tabs", async () => {
    await attachFake(result({ nudges: FOUR }));
    const other = await browser.context.newPage();
    await other.goto(browser.url("tests/e2e/fixtures/attach.html"));
    await other.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await attachFake(result({ nudges: FOUR }), { target: other });
    await page.locator(".empathy-nudge[data-rule-id=w1] .empathy-snooze").click();
    await other.waitForFunction(() => !document.querySelector(".empathy-nudge[data-rule-id=w1]"));
    assert.deepEqual(await shownRules(other), ["t1", "t2", "p1"], "the other tab hid it too, without rescoring");
    await other.close();
  });

  test("when storage throws, choices live in memory and nothing breaks", async () => {
    const isolated = await browser.context.newPage();
    await isolated.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        get() {
          throw new DOMException("The user denied storage", "SecurityError");
        },
      });
    });
    await isolated.goto(browser.url("tests/e2e/fixtures/attach.html"));
    await isolated.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await attachFake(result({ nudges: FOUR }), { target: isolated });
    await isolated.locator(".empathy-nudge[data-rule-id=w1] .empathy-dismiss").click();
    await isolated.locator(".empathy-nudge[data-rule-id=t1] .empathy-snooze").click();
    assert.deepEqual(await shownRules(isolated), ["t2", "p1"]);
    await isolated.evaluate(() => window.fixture.coach.update());
    assert.deepEqual(await shownRules(isolated), ["t2", "p1"], "remembered in memory");
    await isolated.keyboard.press("Alt+Shift+E");
    assert.equal(await isolated.locator(".empathy-card").isVisible(), false);
    assert.deepEqual(browser.problems(isolated).pageErrors, []);
    await isolated.close();
  });

  test("a corrupt stored value is ignored", async () => {
    await page.evaluate((key) => localStorage.setItem(key, "{not json"), STORAGE_KEY);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await attachFake(result({ nudges: FOUR }));
    assert.deepEqual(await shownRules(), ["w1", "t1", "t2"]);
    await page.locator(".empathy-nudge[data-rule-id=w1] .empathy-dismiss").click();
    assert.equal((await stored()).v, 1, "and replaced by a good one");
  });
});

describe("hiding the coach, keyboard and screen readers", () => {
  test("Alt+Shift+E in the reply box hides and shows the coach; typing and onResult go on", async () => {
    await attachFake(result({ nudges: FOUR, behaviors: BEHAVIORS }));
    assert.equal(await page.locator(".empathy-backdrop mark").count(), 1);
    await page.locator("#draft").focus();
    await page.keyboard.press("Alt+Shift+E");
    assert.equal(await page.locator(".empathy-card").isVisible(), false);
    assert.equal(await page.locator(".empathy-backdrop mark").count(), 0, "no highlights while hidden");
    const expand = page.locator(".empathy-expand");
    assert.equal(await expand.isVisible(), true);
    assert.equal(await expand.getAttribute("aria-keyshortcuts"), "Alt+Shift+E");
    assert.equal(await page.evaluate(() => document.activeElement.id), "draft", "focus stays in the reply box");
    assert.equal((await stored()).collapsed, true, "remembered");
    assert.match(await page.locator(".empathy-live").textContent(), /hidden/);

    const n = await page.evaluate(() => window.fixture.results.length);
    await page.keyboard.type(" ok");
    await page.waitForFunction((n) => window.fixture.results.length > n, n);
    assert.equal(await page.inputValue("#draft"), `${DRAFT} ok`, "the shortcut typed nothing");

    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await attachFake(result({ nudges: FOUR, behaviors: BEHAVIORS }));
    assert.equal(await page.locator(".empathy-card").isVisible(), false, "still hidden after a reload");
    await page.locator("#draft").focus();
    await page.keyboard.press("Alt+Shift+E");
    assert.equal(await page.locator(".empathy-card").isVisible(), true);
    assert.equal(await page.locator(".empathy-backdrop mark").count(), 1);
    assert.equal(await expand.isVisible(), false);
  });

  test("the Hide and Show buttons do the same and keep focus in a sensible place", async () => {
    await attachFake(result({ nudges: FOUR }));
    const hide = page.locator(".empathy-collapse");
    assert.equal(await hide.getAttribute("aria-keyshortcuts"), "Alt+Shift+E");
    await hide.click();
    assert.equal(await page.locator(".empathy-card").isVisible(), false);
    assert.equal(await activeClass(), "empathy-expand", "focus moves to the button that brings it back");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator(".empathy-card").isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), "draft");
  });

  test("everything is reachable with the keyboard, in reading order", async () => {
    await attachFake(result({ nudges: FOUR.slice(0, 2) }));
    await page.locator("#draft").focus();
    const order = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => {
        const a = document.activeElement;
        return `${a.closest(".empathy-nudge")?.dataset.ruleId ?? ""}:${a.className || a.id}`;
      }));
    }
    assert.deepEqual(order, [
      "w1:empathy-use", "w1:empathy-icon-button empathy-snooze", "w1:empathy-icon-button empathy-dismiss",
      "t1:empathy-use", "t1:empathy-icon-button empathy-snooze", "t1:empathy-icon-button empathy-dismiss",
      ":empathy-collapse",
    ]);
    // Keyboard focus on a nudge emphasises its words in the draft.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.locator(".empathy-backdrop .empathy-mark-focus").textContent(), "Calm down");
    await page.keyboard.press("Enter"); // on w1's dismiss button
    assert.deepEqual(await shownRules(), ["t1"]);
  });

  test("the live region announces new nudges only, and says nothing while the coach is hidden", async () => {
    const one = result({ nudges: [nudge("t1", "tip", "Acknowledge how they feel.")] });
    const two = result({ nudges: [nudge("t1", "tip", "Acknowledge how they feel."), nudge("w1", "warning", "Careful with 'calm down'.")] });
    await attachFake({ byDraft: [["calm", two]], otherwise: one }, { draft: "" });
    const live = page.locator(".empathy-live");
    assert.equal(await live.getAttribute("aria-live"), "polite");
    assert.equal(await live.textContent(), "Tip: Acknowledge how they feel.");
    await page.locator("#draft").focus();
    await page.keyboard.type("please calm");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "please calm");
    const said = await live.textContent();
    assert.match(said, /Warning: Careful with 'calm down'\.$/);
    assert.doesNotMatch(said, /Acknowledge/, "only the new one");
    await page.keyboard.press("Alt+Shift+E");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "please ");
    await page.keyboard.type("calm");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "please calm");
    assert.doesNotMatch(await live.textContent(), /Careful/, "hidden: silent");
  });

  test("the live region speaks the score when its band changes, not at every keystroke", async () => {
    const low = result({ score: 35, band: "low" });
    const good = result({ score: 82, band: "good" });
    await attachFake({ byDraft: [["sorry", good]], otherwise: low }, { draft: "" });
    const live = page.locator(".empathy-live");
    await page.locator("#draft").focus();
    await page.keyboard.type("ok ");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "ok ");
    assert.equal(await live.textContent(), "Empathy score 35, low.");
    await page.keyboard.type("so ");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "ok so ");
    assert.equal(await live.textContent(), "Empathy score 35, low.", "the same band: nothing new");
    await page.evaluate(() => { document.querySelector(".empathy-live").textContent = ""; });
    await page.keyboard.type("sorry ");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "ok so sorry ");
    assert.equal(await live.textContent(), "Empathy score 82, good.");
  });

  test("Escape in the coach takes the agent back to the reply box", async () => {
    await attachFake(result({ nudges: FOUR.slice(0, 2) }));
    await page.locator(".empathy-nudge[data-rule-id=t1] .empathy-use").focus();
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "draft");
    assert.deepEqual(await shownRules(), ["w1", "t1"], "nothing else happened");
  });
});

describe("calm", () => {
  test("a nudge that stays keeps its element while its span moves with the text (no flicker)", async () => {
    const at = (start) => result({ nudges: [
      nudge("w1", "warning", "Don't tell them to calm down.", { start, end: start + 9, suggestion: "I hear you", edit: { start, end: start + 9, text: "I hear you" } }),
      nudge("t1", "tip", "Acknowledge how they feel."),
    ] });
    await attachFake({ byDraft: [["Oh. Calm", at(4)], ["Calm", at(0)]], otherwise: at(0) }, { draft: "Calm down, I'll refund it." });
    await page.evaluate(() => document.querySelectorAll(".empathy-nudge").forEach((li) => { li.__seen = true; }));
    await page.locator("#draft").focus();
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.type("Oh. ");
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft.startsWith("Oh. "));
    assert.deepEqual(await page.$$eval(".empathy-nudge", (items) => items.map((li) => li.__seen === true)), [true, true]);
    // The moved edit is the one "Use suggestion" applies.
    await page.locator(".empathy-nudge[data-rule-id=w1] .empathy-use").click();
    assert.equal(await page.inputValue("#draft"), "Oh. I hear you, I'll refund it.");
  });
});

describe("input methods", () => {
  test("an IME composition is not scored until it is committed, and the text is the agent's", async () => {
    await attachFake(result({ nudges: FOUR }), { draft: "" });
    const client = await browser.context.newCDPSession(page);
    await page.locator("#draft").focus();
    const before = await page.evaluate(() => window.fixture.calls.length);
    await client.send("Input.imeSetComposition", { text: "すみ", selectionStart: 2, selectionEnd: 2 });
    await client.send("Input.imeSetComposition", { text: "すみませ", selectionStart: 4, selectionEnd: 4 });
    await page.waitForTimeout(120); // well past the 20 ms debounce
    assert.equal(await page.evaluate(() => window.fixture.calls.length), before, "no scoring mid-composition");
    await client.send("Input.insertText", { text: "すみません" });
    await page.waitForFunction(() => window.fixture.calls.at(-1).draft === "すみません");
    assert.equal(await page.inputValue("#draft"), "すみません");
    await client.detach();
  });
});

describe("looks", () => {
  const cardColors = () => page.evaluate(() => {
    const cs = getComputedStyle(document.querySelector(".empathy-card"));
    return { background: cs.backgroundColor, color: cs.color, kind: getComputedStyle(document.querySelector(".empathy-nudge-kind")).color };
  });

  test("light and dark themes follow the user's preference, or the theme option", async () => {
    await attachFake(result({ nudges: FOUR }));
    assert.deepEqual(await cardColors(), { background: "rgb(255, 255, 255)", color: "rgb(31, 35, 40)", kind: "rgb(180, 35, 24)" });
    await page.emulateMedia({ colorScheme: "dark" });
    assert.deepEqual(await cardColors(), { background: "rgb(22, 27, 34)", color: "rgb(230, 237, 243)", kind: "rgb(255, 123, 114)" });
    await page.evaluate(() => window.fixture.coach.destroy());
    await attachFake(result({ nudges: FOUR }), { options: { theme: "light" } });
    assert.equal((await cardColors()).background, "rgb(255, 255, 255)", "theme: light wins over a dark preference");
    await page.emulateMedia({ colorScheme: "light" });
    await page.evaluate(() => window.fixture.coach.destroy());
    await attachFake(result({ nudges: FOUR }), { options: { theme: "dark" } });
    assert.equal((await cardColors()).background, "rgb(22, 27, 34)");
    assert.equal(await page.locator(".empathy-panel.empathy-theme-dark").count(), 1);
  });

  test("CSS custom properties on any ancestor theme the coach", async () => {
    await attachFake(result({ nudges: FOUR }));
    await page.evaluate(() => {
      document.documentElement.style.setProperty("--empathy-surface", "rgb(1, 2, 3)");
      document.getElementById("host").style.setProperty("--empathy-warning", "rgb(200, 100, 0)");
    });
    const colors = await cardColors();
    assert.equal(colors.background, "rgb(1, 2, 3)");
    assert.equal(colors.kind, "rgb(200, 100, 0)");
    await page.evaluate(() => {
      document.documentElement.style.removeProperty("--empathy-surface");
      document.getElementById("host").style.removeProperty("--empathy-warning");
    });
  });

  test("prefers-reduced-motion turns off the meter's transition and the nudges' animation", async () => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    await attachFake(result({ nudges: FOUR }));
    const motion = await page.evaluate(() => ({
      nudge: getComputedStyle(document.querySelector(".empathy-nudge")).animationName,
      fill: getComputedStyle(document.querySelector(".empathy-bar-fill")).transitionDuration,
    }));
    assert.deepEqual(motion, { nudge: "none", fill: "0s" });
    await page.emulateMedia({ reducedMotion: "no-preference" });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector(".empathy-nudge")).animationName), "empathy-appear");
  });

  test("every class the widget adds starts with empathy-", async () => {
    await attachFake(result({ nudges: FOUR, behaviors: BEHAVIORS }));
    const classes = await page.evaluate(() => {
      const all = new Set();
      for (const node of document.querySelectorAll(".empathy-panel, .empathy-panel *, .empathy-backdrop, .empathy-backdrop *, #draft, #field")) {
        for (const c of node.classList) all.add(c);
      }
      return [...all];
    });
    const foreign = classes.filter((c) => !c.startsWith("empathy-") && !["draft", "field"].includes(c));
    assert.deepEqual(foreign, []);
  });
});
