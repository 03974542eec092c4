// Renders the widget in light and dark (720x520) to tests/e2e/artifacts/: a realistic
// reply box (tests/e2e/fixtures/screenshot.html) with the real scorer, whose draft earns
// highlights and misses what the moment needs, so a tip shows. `make screenshots` also
// writes docs/widget-light.png and docs/widget-dark.png, the README's pictures (tests
// write no tracked file).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ARTIFACTS, REPO_ROOT, openBrowser } from "./browser.mjs";

const WIDTH = 720;
const HEIGHT = 520;
// Good evidence ("thanks", a time frame) but no acknowledgement of an upset customer.
const DRAFT = "Thanks for getting in touch. I'll chase the courier now and update you by 3pm today.";

let browser;

before(async () => {
  browser = await openBrowser({ contextOptions: { viewport: { width: WIDTH, height: HEIGHT } } });
});

after(async () => {
  await browser?.close();
});

for (const scheme of ["light", "dark"]) {
  test(`the widget's picture shows the panel and highlights in the ${scheme} theme`, async () => {
    const page = await browser.newPage();
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.goto(browser.url(`tests/e2e/fixtures/screenshot.html?draft=${encodeURIComponent(DRAFT)}`));
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await page.evaluate(() => localStorage.clear());
    await page.locator("#reply").focus();
    await page.keyboard.press("ControlOrMeta+End");
    // The learned score judges this draft as meeting the need, so no tip: the panel shows.
    assert.ok(await page.locator(".empathy-panel").count() >= 1, "the panel is showing");
    assert.ok(await page.locator(".empathy-backdrop mark").count() >= 1, "evidence is highlighted");
    const bottom = await page.evaluate(() => document.querySelector(".empathy-card").getBoundingClientRect().bottom);
    assert.ok(bottom <= HEIGHT, `the card fits in the picture (bottom at ${bottom}px)`);

    const png = await page.screenshot({ animations: "disabled", caret: "hide" });
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(path.join(ARTIFACTS, `widget-${scheme}.png`), png);
    if (process.env.EMPATHY_UPDATE_SCREENSHOTS === "1") {  // make screenshots
      const output = path.join(REPO_ROOT, "docs", `widget-${scheme}.png`);
      const previous = await readFile(output).catch(() => null);
      if (!previous?.equals(png)) await writeFile(output, png);
    }
    assert.equal(png.readUInt32BE(16), WIDTH, "width");
    assert.equal(png.readUInt32BE(20), HEIGHT, "height");
    assert.deepEqual(browser.problems(page).pageErrors, []);
    await page.close();
  });
}
