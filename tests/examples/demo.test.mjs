// examples/demo/ beyond tests/e2e/demo.test.mjs: the ten scenarios, the timeline of
// per-reply scores, and the end-of-chat coaching summary (coaching.js in Node on real
// engine results, then the page in Chromium).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { foreignRequests, openBrowser, openDemo, typeDraft, waitForScored } from "../e2e/browser.mjs";
import { coachingSummary } from "../../examples/demo/coaching.js";
import { loadScorer } from "../../web/empathy.js";

const SCENARIO_IDS = [
  "double-charge", "missed-birthday", "bereavement", "fraud-scare", "outage-home-worker",
  "confused-older-customer", "rushed-traveller", "angry-caps", "neutral-question", "grateful-customer",
  "es-double-charge", "de-gas-smell",
];

const customer = (text) => ({ role: "customer", text });
const agent = (text) => ({ role: "agent", text });

describe("coaching summary (coaching.js) on the engine's results", () => {
  let scorer;
  before(async () => {
    scorer = await loadScorer();
  });
  after(() => scorer?.dispose());

  const summarise = (turns, name = "Helen") => coachingSummary(scorer.scoreConversation({ turns }), turns, { name });

  test("a cold reply to a bereavement leads 'try next time' with the high-risk moment, quoted", () => {
    const turns = [
      customer("My husband passed away last month and I need to close his account."),
      customer("Sorry, I don't really know what I'm supposed to do."),
      agent("Send the death certificate to our postal address. Processing takes 6-8 weeks."),
    ];
    const s = summarise(turns);
    assert.equal(s.tryNext[0].id, "missed-empathy-high-risk", JSON.stringify(s.tryNext));
    assert.match(s.tryNext[0].title, /high-risk moment \(bereavement[,)]/);  // vulnerability may follow: "I don't know what to do"
    assert.equal(s.tryNext[0].customerQuote, "My husband passed away last month and I need to close his account.");
    assert.equal(s.tryNext[0].reply, 1);
    assert.match(s.tryNext[0].quote, /^Send the death certificate/);
    assert.ok(s.tryNext[0].suggestion);
    assert.notEqual(s.tone, "good");
    assert.ok(s.tryNext.length <= 3 && s.wentWell.length <= 3);
  });

  test("a hurtful phrase becomes a point with the exact words quoted and the rule's suggestion", () => {
    const s = summarise([customer("I've been charged twice and I'm really fed up!!"), agent("Calm down, as I said you should have checked.")], "Priya");
    const point = s.tryNext.find((p) => p.id === "avoid-calm-down");
    assert.ok(point, JSON.stringify(s.tryNext));
    assert.equal(point.quote, "Calm down");
    assert.equal(point.reply, 1);
    assert.ok(point.suggestion);
    assert.match(s.headline, /^Priya/);
  });

  test("an empathetic reply is praised with its own words", () => {
    const s = summarise([
      customer("I've been charged twice for the same order and I'm really fed up!!"),
      agent("I'm so sorry you were charged twice, that's really frustrating. I'll refund the duplicate charge today."),
    ], "Priya");
    const praise = s.wentWell.find((p) => p.id === "emotional-reaction");
    assert.ok(praise, JSON.stringify(s.wentWell));
    assert.match(praise.title, /You acknowledged how Priya felt, right when it mattered/);
    assert.match(praise.quote, /I'm so sorry you were charged twice/);
    assert.ok(!s.tryNext.some((p) => p.id.startsWith("missed-empathy")));
    assert.equal(s.tone, "good");
  });

  test("a neutral question answered factually: nothing missed, and that is the praise", () => {
    const s = summarise([
      customer("Hi! Do you ship to Canada, and roughly how long does it take?"),
      agent("Hi Daniel! Yes, we ship to Canada. Delivery usually takes 5 to 7 business days."),
    ], "Daniel");
    assert.equal(s.tone, "neutral");
    assert.equal(s.wentWell[0].id, "factual");
    assert.ok(!s.tryNext.some((p) => p.id.startsWith("missed-empathy")));
  });
});

describe("demo console: scenarios, timeline, coaching", () => {
  let browser;
  let page;

  before(async () => {
    browser = await openBrowser();
    page = await browser.newPage();
    await openDemo(browser, page, "#double-charge");
  });

  after(async () => {
    await browser?.close();
  });

  test("twelve scenarios (two in Spanish and German), each with a customer and sample drafts", async () => {
    assert.deepEqual(await page.$$eval(".scenario", (bs) => bs.map((b) => b.dataset.scenario)), SCENARIO_IDS);
    const scenarios = await page.evaluate(() => window.empathyDemo.SCENARIOS.map((s) => ({
      id: s.id, replies: s.replies.length, opening: s.opening.length, samples: Object.keys(s.samples).sort(),
    })));
    for (const s of scenarios) {
      assert.ok(s.opening >= 1 && s.replies >= 1, s.id);
      assert.deepEqual(s.samples, ["dismissive", "empathetic"], s.id);
    }
  });

  test("in every scenario, the empathetic sample outscores the dismissive one", async () => {
    for (const id of SCENARIO_IDS) {
      await page.click(`.scenario[data-scenario="${id}"]`);
      assert.equal(new URL(page.url()).hash, `#${id}`);
      const samples = await page.evaluate((x) => window.empathyDemo.SCENARIOS.find((s) => s.id === x).samples, id);
      await page.click("#sample-dismissive");
      const bad = await waitForScored(page, samples.dismissive);
      await page.click("#sample-empathetic");
      const good = await waitForScored(page, samples.empathetic);
      assert.ok(good.score > bad.score, `${id}: empathetic ${good.score} > dismissive ${bad.score}`);
      assert.ok(!good.nudges.some((n) => n.kind === "warning"), `${id}: no warning on the empathetic sample: ${JSON.stringify(good.nudges)}`);
    }
  });

  test("the timeline shows each sent reply's score, and the draft as a hollow dot", async () => {
    await page.click('.scenario[data-scenario="double-charge"]');
    assert.equal(await page.locator("#summary .timeline").count(), 0, "nothing to draw before the first reply");
    await typeDraft(page, "Hi Priya, thanks for getting in touch. Let me look into this for you.");
    await page.click("#send");
    await page.waitForFunction(() => document.querySelectorAll(".message-customer:not(.message-typing)").length >= 3);
    await typeDraft(page, "I'm so sorry you were charged twice, that's really frustrating. I'll refund the duplicate charge today.");
    await page.click("#send");
    const convo = await page.evaluate(() => window.empathyDemo.state.conversation);
    const points = await page.$$eval(".timeline-point[data-reply]", (gs) => gs.map((g) => ({
      reply: Number(g.dataset.reply), band: g.dataset.band, value: Number(g.querySelector(".timeline-value").textContent),
    })));
    assert.deepEqual(points, convo.turns.map((t, i) => ({ reply: i + 1, band: t.band, value: Math.round(t.score) })));
    assert.match(await page.locator(".timeline-chart").getAttribute("aria-label"), /^Score per reply: reply 1: \d+, reply 2: \d+$/);

    const draft = await typeDraft(page, "As I said, it will be refunded.");
    assert.equal(Number(await page.locator(".timeline-point-draft .timeline-value").textContent()), Math.round(draft.score));
    await typeDraft(page, "");
    assert.equal(await page.locator(".timeline-point-draft").count(), 0);

    await page.locator('.timeline-point[data-reply="1"]').click();
    await page.waitForSelector('.message-agent[data-reply="1"].message-flash');
  });

  test("End chat gives a coaching summary in place of the reply box; Practise again starts over", async () => {
    assert.equal(await page.locator("#end-chat").isEnabled(), true);
    await page.click("#end-chat");
    await page.locator("#coaching").waitFor({ state: "visible" });
    assert.equal(await page.locator("#composer").isHidden(), true);
    assert.equal(await page.locator("#reply").isDisabled(), true);
    assert.match(await page.locator(".message-system").textContent(), /^You ended the chat · /);
    const summary = await page.evaluate(() => window.empathyDemo.state.coachingSummary);
    assert.ok(summary.wentWell.length >= 1, JSON.stringify(summary));
    assert.equal(await page.locator(".coaching-good .coaching-point").count(), summary.wentWell.length);
    assert.equal(await page.locator(".coaching-try .coaching-point").count() || 0, summary.tryNext.length);
    assert.equal(await page.locator(".coaching-verdict .coaching-score").textContent(),
      String(Math.round(await page.evaluate(() => window.empathyDemo.state.conversation.score))));
    // A quoted reply links back to the message.
    const link = page.locator(".coaching-quote-link").first();
    await link.click();
    await page.waitForSelector(`.message-agent[data-reply="${await link.getAttribute("data-reply")}"].message-flash`);

    await page.click("#practise-again");
    assert.equal(await page.locator("#coaching").isHidden(), true);
    assert.equal(await page.locator("#composer").isVisible(), true);
    assert.equal(await page.locator("#reply").isEnabled(), true);
    assert.equal(await page.locator(".message-agent").count(), 0);
    assert.equal(await page.locator("#end-chat").isDisabled(), true);
  });

  test("when the scripted customer has said everything, they leave after your reply and coaching follows", async () => {
    await page.click('.scenario[data-scenario="rushed-traveller"]');
    await typeDraft(page, "Let's get you on that flight. I've just emailed your boarding pass, so you can show it at the gate straight from your inbox.");
    await page.click("#send");
    await page.waitForFunction(() => document.querySelectorAll(".message-customer:not(.message-typing)").length >= 2);
    await typeDraft(page, "Have a great flight, Aisha!");
    await page.click("#send");
    await page.locator("#coaching").waitFor({ state: "visible", timeout: 5000 });
    assert.match(await page.locator(".message-system").textContent(), /^Aisha left the chat · /);
    assert.ok(await page.locator(".coaching-point").count() >= 1);
    await page.click("#next-scenario");
    assert.equal(new URL(page.url()).hash, "#angry-caps");
    assert.equal(await page.locator("#coaching").isHidden(), true);
  });

  test("no console errors, page errors or CSP violations, and no request left the origin", async () => {
    const { consoleErrors, pageErrors } = browser.problems(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(foreignRequests(browser.requests, browser.origin), []);
  });
});
