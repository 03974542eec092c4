// docs/rules.md is generated from the nudge catalogue (scripts/rules-doc.mjs) and must be
// current: the same bytes the script writes, every rule and suggestion of every model in
// it, and the conditions described as the models say them. Reads only; writes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rulesMarkdown, readModels, OUTPUT } from "../../scripts/rules-doc.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const doc = readFileSync(root + OUTPUT, "utf8");
const models = readModels();
const english = models.find((m) => m.code === "en").model;
const escaped = (s) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");

// The English model's section for one rule: from its heading to the next heading.
function section(id, text = doc) {
  const start = text.indexOf(`\n### ${id}\n`);
  assert.ok(start >= 0, `no section "### ${id}" in ${OUTPUT}`);
  const end = text.indexOf("\n#", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

// One pack's table row for a rule.
function packRow(code, id) {
  const heading = doc.search(new RegExp(`\\n### .*\\(${code}\\)\\n`));
  assert.ok(heading >= 0, `no section for the ${code} pack in ${OUTPUT}`);
  const end = doc.indexOf("\n### ", heading + 1);
  const part = doc.slice(heading, end < 0 ? undefined : end);
  const row = part.split("\n").find((line) => line.startsWith(`| \`${id}\` |`));
  assert.ok(row, `no row for ${id} in the ${code} pack's table`);
  return row;
}

test("docs/rules.md is what scripts/rules-doc.mjs writes, byte for byte", () => {
  const want = rulesMarkdown();
  if (doc === want) return;
  const got = doc.split("\n");
  const lines = want.split("\n");
  let i = 0;
  while (i < got.length && i < lines.length && got[i] === lines[i]) ++i;
  assert.fail(
    `${OUTPUT} is out of date: run \`node scripts/rules-doc.mjs\` and commit the result.\n` +
      `First difference at line ${i + 1}:\n  file:      ${JSON.stringify(got[i])}\n  generated: ${JSON.stringify(lines[i])}`,
  );
});

test("the script's output is deterministic", () => {
  assert.equal(rulesMarkdown(), rulesMarkdown());
});

test("every rule id and every suggestion of every model is in docs/rules.md", () => {
  assert.ok(models.length >= 2, "expected the English model and at least one pack");
  for (const { code, model } of models) {
    for (const [id, rule] of Object.entries(model.nudges)) {
      if (rule == null) continue;
      if (code === "en") section(id);
      else packRow(code, id);
      const texts = [rule.suggestion, ...Object.values(rule.suggestionFor ?? {})].filter((s) => s != null);
      for (const s of texts) {
        const where = code === "en" ? section(id) : packRow(code, id);
        assert.ok(
          where.includes(s) || where.includes(escaped(s)),
          `${code} ${id}: suggestion ${JSON.stringify(s)} missing`,
        );
      }
      if (code !== "en") assert.ok(packRow(code, id).includes(escaped(rule.message)), `${code} ${id}: message missing`);
    }
  }
});

test("the English rules come in the catalogue's order", () => {
  const ids = Object.keys(english.nudges).filter((id) => english.nudges[id] != null);
  const at = ids.map((id) => doc.indexOf(`\n### ${id}\n`));
  for (let k = 1; k < ids.length; ++k)
    assert.ok(at[k - 1] < at[k], `${ids[k - 1]} should come before ${ids[k]}`);
});

test("condolence-first says bereavement, the condolence it waits for, the unmet need and its word count", () => {
  const s = section("condolence-first");
  const note = english.lexicon.find((e) => e.id === "condolence").note;
  assert.match(s, /the customer's risk is bereavement/);
  assert.match(s, /the draft has none of:\n {2}- `condolence`: /);
  assert.ok(s.includes(note), `the condolence note "${note}" is missing`);
  assert.ok(s.includes("the reply leaves the customer's need unmet"));
  assert.ok(s.includes(`at least ${english.nudges["condolence-first"].when.minWords} words`));
  assert.ok(s.includes("Kind: warning.") && s.includes("Group: acknowledge"));
  assert.ok(s.includes("the suggestion opens the reply"));
});

test("avoid-calm-down names the calm-down behaviour's note and patterns, and each worded variant", () => {
  const s = section("avoid-calm-down");
  const entry = english.lexicon.find((e) => e.id === "calm-down");
  assert.ok(s.includes(`\`calm-down\`: ${entry.note}`), `the calm-down note "${entry.note}" is missing`);
  assert.ok(s.includes(`\`${entry.patterns[0]}\``), "an example pattern is missing");
  for (const [key, text] of Object.entries(english.nudges["avoid-calm-down"].suggestionFor)) {
    const row = s.split("\n").find((line) => line.startsWith("| ") && line.includes(` ${key}`));
    assert.ok(row && row.includes(escaped(text)), `no row "${key} → ${text}"`);
  }
  assert.ok(s.includes("replaces the matched words where they stand"));
});

test("placements and family levels are described as the models say them", () => {
  assert.ok(section("reassure-next-step").includes("the suggestion ends the reply"));
  assert.ok(section("reassure-fraud").includes("follows the sentences that open the reply"));
  assert.ok(section("reassure-fraud").includes("the draft shows no reassurance (level 0)"));
  assert.ok(section("praise-acknowledged").includes("emotional-reaction at level 2 (strong) or more"));
  assert.ok(section("proactive-acknowledge").includes("the draft is empty"));
  assert.ok(section("acknowledge-confusion").includes("confusion, at intensity 0.45 or more"));
});

test("the description follows the data: a changed condition changes the section", () => {
  const changed = structuredClone(models);
  const rule = changed[0].model.nudges["condolence-first"];
  rule.when.risk = ["health"];
  rule.when.minWords = 7;
  rule.place = "end";
  const s = section("condolence-first", rulesMarkdown(changed));
  assert.ok(s.includes("the customer's risk is health") && !s.includes("risk is bereavement"));
  assert.ok(s.includes("at least 7 words"));
  assert.ok(s.includes("the suggestion ends the reply"));
});

test("table cells escape pipes", () => {
  const changed = structuredClone(models);
  const pack = changed.find((m) => m.code !== "en");
  pack.model.nudges["avoid-just"].message = "a | b";
  const out = rulesMarkdown(changed);
  assert.ok(out.includes("| `avoid-just` | a \\| b |"));
});
