// Renders the demo mid-conversation (1280x800) with a frustrated customer and a decent
// draft whose nudges are visible, to tests/e2e/artifacts/demo.png. The clock is frozen so
// the picture changes only when the page or the engine does. `make screenshots` also
// writes it to docs/demo.png, the README's picture (tests write no tracked file).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ARTIFACTS, REPO_ROOT, openBrowser, openDemo, typeDraft } from "./browser.mjs";

const OUTPUT = path.join(REPO_ROOT, "docs", "demo.png");
const FIRST_REPLY = "Hi Priya, thanks for getting in touch. Let me look into this for you.";
// A decent draft with one slip ("As I said"), so praise-worthy and hurtful evidence show.
const DRAFT = "I'm sorry about the double charge, Priya. I've refunded the duplicate payment and " +
  "you'll see it in 3-5 working days. As I said, the second charge was a glitch on our side.";

let browser;

before(async () => {
  browser = await openBrowser({ contextOptions: { viewport: { width: 1280, height: 800 }, colorScheme: "light" } });
});

after(async () => {
  await browser?.close();
});

test("the demo's picture shows the coach mid-conversation", async () => {
  const page = await browser.newPage();
  await page.clock.setFixedTime(new Date("2025-03-14T09:41:00Z"));
  await openDemo(browser, page, "#double-charge");
  await typeDraft(page, FIRST_REPLY);
  await page.click("#send");
  await page.waitForFunction(() => document.querySelectorAll(".message-customer:not(.message-typing)").length >= 3);
  await typeDraft(page, DRAFT);
  await page.locator("#reply").focus();
  await page.keyboard.press("ControlOrMeta+End");
  assert.ok(await page.locator(".empathy-nudge").count() > 0, "nudges are visible");

  const png = await page.screenshot({ animations: "disabled", caret: "hide" });
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(path.join(ARTIFACTS, "demo.png"), png);
  if (process.env.EMPATHY_UPDATE_SCREENSHOTS === "1") {
    const previous = await readFile(OUTPUT).catch(() => null);
    if (!previous?.equals(png)) await writeFile(OUTPUT, png);
  }
  assert.equal(png.readUInt32BE(16), 1280, "width");
  assert.equal(png.readUInt32BE(20), 800, "height");
  assert.deepEqual(browser.problems(page).pageErrors, []);
});
