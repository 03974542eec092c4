// The README's JavaScript example is examples/node/score.mjs: it runs, and prints a
// score, a band and the nudges.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const example = fileURLToPath(new URL("../../examples/node/score.mjs", import.meta.url));

test("examples/node/score.mjs prints the score, the band and the nudges", async () => {
  const stdout = await new Promise((resolve, reject) => {
    execFile(process.execPath, [example], { timeout: 20_000 }, (error, out, err) => (error ? reject(new Error(err || error.message)) : resolve(out)));
  });
  const lines = stdout.trim().split("\n");
  assert.match(lines[0], /^score \d{1,3}\/100 \((low|fair|good)\)$/);
  assert.ok(lines.length >= 2, stdout);
  for (const line of lines.slice(1)) assert.match(line, /^(warning|tip|praise): \S/);
  assert.ok(lines.some((l) => l.startsWith("warning: ")), "the dismissive draft gets a warning");
});
