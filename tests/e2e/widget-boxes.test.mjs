// Several reply boxes on one page (tests/e2e/fixtures/boxes.html), with the real scorer:
// two textareas, a contenteditable box, and boxes inside a shadow root. Each coach
// minds its own box; contenteditable highlights use the CSS Custom Highlight API and
// suggestions stay undoable; the stylesheet reaches into the shadow root; destroy()
// restores the page exactly; nothing is fetched beyond the page's own files.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useFixture } from "./browser.mjs";

let browser;
let page;
useFixture("tests/e2e/fixtures/boxes.html", (b, p) => {
  browser = b;
  page = p;
});

const SELECTORS = { a: "#reply-a", b: "#reply-b", c: "#reply-c", shadow: "#shadow-host #reply", rich: "#shadow-host #rich" };

async function attach(...keys) {
  await page.evaluate((keys) => { for (const k of keys) window.fixture.attach(k); }, keys);
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll(".empathy-panel"), ...document.getElementById("shadow-host").shadowRoot.querySelectorAll(".empathy-panel")];
    return panels.length > 0 && panels.every((p) => !p.hidden);
  });
}

/** Types into a box (real key events) and waits until its coach has scored that text. */
async function typeInto(key, text) {
  await page.locator(SELECTORS[key]).click();
  await page.keyboard.press("ControlOrMeta+End");
  // The bulk as one input event (a paste or IME commit), the end as real keystrokes.
  if (text.length > 4) await page.keyboard.insertText(text.slice(0, -4));
  await page.keyboard.type(text.slice(-4));
  const draft = await page.evaluate((k) => window.fixture.draft(k), key);
  await page.waitForFunction(({ k, d }) => window.fixture.results[k].at(-1)?.draft === d, { k: key, d: draft });
  return page.evaluate((k) => window.fixture.results[k].at(-1).result, key);
}

/** The text of each range of a named CSS highlight. */
function highlighted(name) {
  return page.evaluate((n) => [...(CSS.highlights.get(n) ?? [])].map((r) => r.toString()), name);
}

/** The panel after a box (in the document or in the shadow root). */
const panelOf = (key) => page.locator(`${SELECTORS[key]} + .empathy-panel`);

describe("several reply boxes", () => {
  test("two boxes on one page: each coach scores and shows only its own conversation", async () => {
    await attach("a", "b");
    assert.equal(await page.locator('head link[href$="/web/widget.css"]').count(), 1, "one stylesheet for both");
    const [ida, idb] = await page.evaluate(() => ["a", "b"].map((k) => window.fixture.box(k).getAttribute("aria-describedby")));
    assert.notEqual(ida, idb, "each box is described by its own card");
    assert.equal(await page.locator(`#${ida}`).count(), 1);

    // Dana is upset: a tip before typing. Daniel asked a neutral question: nothing.
    assert.ok(await panelOf("a").locator(".empathy-nudge[data-kind=tip]").count() >= 1);
    assert.equal(await panelOf("b").locator(".empathy-card").isVisible(), false);

    const callsB = await page.evaluate(() => window.fixture.results.b.length);
    const result = await typeInto("a", "Calm down, I will look at it.");
    assert.ok(result.nudges.some((n) => n.kind === "warning"));
    assert.equal(await panelOf("a").locator(".empathy-nudge[data-kind=warning]").count(), 1);
    assert.equal(await page.evaluate(() => window.fixture.results.b.length), callsB, "typing in one box never scores the other");
    assert.equal(await panelOf("b").locator(".empathy-card").isVisible(), false);

    await typeInto("b", "Yes, we ship to Canada. It takes 5 to 7 business days.");
    assert.equal(await panelOf("b").locator(".empathy-nudge[data-kind=warning], .empathy-nudge[data-kind=tip]").count(), 0);
    assert.equal(await panelOf("a").locator(".empathy-nudge[data-kind=warning]").count(), 1, "the first box still shows its warning");

    // Alt+Shift+E in one box hides every coach (it is the agent's preference)…
    await page.locator("#reply-b").focus();
    await page.keyboard.press("Alt+Shift+E");
    assert.equal(await panelOf("a").locator(".empathy-card").isVisible(), false);
    await page.keyboard.press("Alt+Shift+E");
    assert.equal(await panelOf("a").locator(".empathy-card").isVisible(), true);

    // …and destroying one coach leaves the other working, with the shared stylesheet.
    await page.evaluate(() => window.fixture.destroy("a"));
    assert.equal(await page.locator('head link[href$="/web/widget.css"]').count(), 1);
    await typeInto("b", " Anything else?");
    assert.equal(await panelOf("b").locator(".empathy-meter").isVisible(), true);
    await page.evaluate(() => window.fixture.destroy("b"));
    assert.equal(await page.locator('head link[href$="/web/widget.css"]').count(), 0, "the last one out removes it");
  });

  test("contenteditable: highlights without touching its DOM, a suggestion that Ctrl+Z undoes", async () => {
    await attach("c");
    const draft = "Calm down, I will check it.";
    const result = await typeInto("c", draft);
    const warning = result.nudges.find((n) => n.kind === "warning" && n.suggestion);
    assert.ok(warning, JSON.stringify(result.nudges));
    assert.equal(await page.locator("#reply-c").evaluate((e) => e.innerHTML), draft, "no marks inside the host's element");
    const negative = [...await highlighted("empathy-negative"), ...await highlighted("empathy-mixed")];
    assert.ok(negative.includes(draft.slice(warning.start, warning.end)), `"${draft.slice(warning.start, warning.end)}" is highlighted: ${negative}`);
    assert.ok((await highlighted("empathy-positive")).length > 0, "and the good part too");

    // Hovering the nudge emphasises its words.
    await panelOf("c").locator(".empathy-nudge[data-kind=warning]").hover();
    assert.deepEqual(await highlighted("empathy-focus"), [draft.slice(warning.start, warning.end)]);
    await page.mouse.move(0, 0);

    await panelOf("c").locator(".empathy-nudge[data-kind=warning] .empathy-use").click();
    const edited = draft.slice(0, warning.edit.start) + warning.edit.text + draft.slice(warning.edit.end);
    assert.equal(edited, "I can hear how frustrating this is. I will check it.", "the engine joined the sentence");
    assert.equal(await page.locator("#reply-c").textContent(), edited);
    assert.equal(await page.evaluate(() => document.activeElement.id), "reply-c");
    await page.waitForFunction((d) => window.fixture.results.c.at(-1).draft === d, edited);
    await page.keyboard.press("ControlOrMeta+z");
    assert.equal(await page.locator("#reply-c").textContent(), draft, "native undo restores the draft");

    // Typing keeps working, and the highlights follow the text.
    await typeInto("c", " Thanks for waiting.");
    assert.ok((await highlighted("empathy-negative")).length + (await highlighted("empathy-mixed")).length > 0);
    await page.evaluate(() => window.fixture.destroy("c"));
    assert.deepEqual(await page.evaluate(() => [...CSS.highlights.keys()]), [], "destroy() removes the highlights it registered");
  });

  test("in a shadow root: the stylesheet goes into the root, and textarea and contenteditable both work", async () => {
    await attach("shadow", "rich");
    const scope = await page.evaluate(() => {
      const root = document.getElementById("shadow-host").shadowRoot;
      const card = root.querySelector(".empathy-card");
      return {
        rootLinks: [...root.querySelectorAll("link")].map((l) => new URL(l.href).pathname),
        headLinks: document.head.querySelectorAll('link[href$="/web/widget.css"]').length,
        cardBackground: getComputedStyle(card).backgroundColor,
        nudgeBorder: getComputedStyle(root.querySelector(".empathy-nudge")).borderLeftWidth,
      };
    });
    assert.deepEqual(scope.rootLinks, ["/tests/e2e/fixtures/boxes.css", "/web/widget.css"], "one link, inside the root");
    assert.equal(scope.headLinks, 0, "the document is left alone");
    assert.equal(scope.cardBackground, "rgb(255, 255, 255)");
    assert.equal(scope.nudgeBorder, "3px");

    const result = await typeInto("shadow", "As I said, there's nothing I can do.");
    assert.ok(result.nudges.some((n) => n.kind === "warning"));
    assert.ok(await page.locator("#shadow-host .empathy-backdrop .empathy-mark-negative, #shadow-host .empathy-backdrop .empathy-mark-mixed").count() > 0);
    const geometry = await page.evaluate(() => {
      const root = document.getElementById("shadow-host").shadowRoot;
      const a = root.getElementById("reply").getBoundingClientRect();
      const b = root.querySelector(".empathy-backdrop").getBoundingClientRect();
      return Math.max(Math.abs(a.left - b.left), Math.abs(a.top - b.top), Math.abs(a.width - b.width), Math.abs(a.height - b.height));
    });
    assert.ok(geometry < 0.5, `the backdrop sits under the textarea (off by ${geometry}px)`);
    const warning = result.nudges.find((n) => n.kind === "warning" && n.suggestion);
    if (warning) {
      await page.locator(`#shadow-host .empathy-nudge[data-rule-id="${warning.ruleId}"] .empathy-use`).click();
      assert.notEqual(await page.locator(SELECTORS.shadow).inputValue(), "As I said, there's nothing I can do.");
      await page.keyboard.press("ControlOrMeta+z");
      assert.equal(await page.locator(SELECTORS.shadow).inputValue(), "As I said, there's nothing I can do.");
    }

    const rich = await typeInto("rich", "Calm down please.");
    assert.ok(rich.nudges.some((n) => n.kind === "warning"));
    assert.ok((await highlighted("empathy-negative")).includes("Calm down"));
    const paint = await page.evaluate(() => {
      // The ::highlight() rules must live in the shadow root's stylesheet to paint there.
      const sheet = [...document.getElementById("shadow-host").shadowRoot.styleSheets].find((s) => s.href?.endsWith("/web/widget.css"));
      return [...sheet.cssRules].some((r) => r.selectorText === "::highlight(empathy-negative)");
    });
    assert.ok(paint);
  });

  test("destroy() restores the page exactly: markup, stylesheets, highlights; the drafts stay", async () => {
    const before = await page.evaluate(() => window.fixture.snapshot());
    await attach("a", "b", "c", "shadow", "rich");
    await typeInto("a", "Calm down.");
    await typeInto("c", "I'm so sorry, I will fix it today.");
    await typeInto("rich", "As I said, no.");
    await panelOf("a").locator(".empathy-nudge[data-kind=warning] .empathy-dismiss").click();
    const during = await page.evaluate(() => window.fixture.snapshot());
    assert.notEqual(during.body, before.body);
    assert.notEqual(during.shadow, before.shadow);
    assert.ok(during.highlights.length > 0);

    await page.evaluate(() => { for (const k of ["a", "b", "c", "shadow", "rich"]) window.fixture.destroy(k); });
    const values = await page.evaluate(() => window.fixture.snapshot().values);
    assert.deepEqual(values, ["Calm down.", "", "I'm so sorry, I will fix it today.", "", "As I said, no."]);
    // The contenteditable drafts are markup: take them out, then compare everything else.
    await page.evaluate(() => { for (const k of ["c", "rich"]) window.fixture.box(k).textContent = ""; });
    const after = await page.evaluate(() => window.fixture.snapshot());
    assert.deepEqual({ ...after, values: null }, { ...before, values: null });
  });

  test("the page made no request beyond its own files", async () => {
    const own = browser.requests.map((u) => new URL(u)).filter((u) => u.origin === browser.origin).map((u) => u.pathname);
    assert.equal(own.length, browser.requests.length, `every request went to the page's own server: ${browser.requests}`);
    const unexpected = own.filter((p) => !/^\/(web\/|web\/dist\/|tests\/e2e\/fixtures\/|examples\/demo\/favicon\.svg)/.test(p));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(browser.problems(page).pageErrors, []);
    assert.deepEqual(browser.problems(page).consoleErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });
});
