// ESLint over the repository (eslint.config.js: @eslint/js's recommended rules, the right
// globals per area): no error and no warning. Reads files only: no cache, no fixes.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("ESLint finds no problem in the repository's JavaScript", async (t) => {
  const eslint = new ESLint({ cwd: root, cache: false, fix: false });
  const results = await eslint.lintFiles(["."]);
  const linted = results.map((r) => path.relative(root, r.filePath));
  // The config reaches the code (a wrong ignore pattern would lint nothing and pass).
  for (const file of ["web/empathy.js", "examples/extension/content.js", "tests/js/lint.test.mjs"]) {
    assert.ok(linted.includes(file), `${file} is linted`);
  }
  const findings = results.flatMap((r) => r.messages.map((m) =>
    `${path.relative(root, r.filePath)}:${m.line ?? 0}:${m.column ?? 0} ${m.severity === 2 ? "error" : "warning"} ` +
    `${m.ruleId ?? (m.fatal ? "parse" : "directive")} ${m.message}`));
  t.diagnostic(`${linted.length} files linted, ${findings.length} findings`);
  assert.equal(findings.length, 0, `ESLint findings:\n${findings.join("\n")}`);
});
