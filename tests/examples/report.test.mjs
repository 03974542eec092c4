// `empathy report` (the native CLI) on the dashboard's sample: the command the README of
// examples/dashboard/ shows, and the same figures as the dashboard's own arithmetic
// (examples/dashboard/stats.js). Skips until the native build has the report command.

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CLI, EXAMPLES, run, sh } from "./helpers.mjs";
import { groupBy, summarize } from "../../examples/dashboard/stats.js";
import { loadScorer } from "../../web/empathy.js";

const SAMPLE = path.join(EXAMPLES, "data", "conversations.jsonl");
let skip = "";
let items;

before(async () => {
  const help = await run(CLI, ["report", "--help"]);
  if (help.code !== 0) {
    skip = `${path.relative(process.cwd(), CLI)} report --help failed: no report command in this build yet`;
    return;
  }
  const scorer = await loadScorer();
  const lines = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n");
  items = lines.map((l) => {
    const conversation = JSON.parse(l);
    return { meta: conversation.meta, result: scorer.scoreConversation(conversation) };
  });
  scorer.dispose();
});

function sameFigures(actual, expected, what) {
  assert.equal(actual.count, expected.count, `${what}: count`);
  assert.ok(Math.abs(actual.mean - expected.mean) <= 0.051, `${what}: mean ${actual.mean} vs ${expected.mean}`);
  assert.ok(Math.abs(actual.missedEmpathyRate - expected.missedEmpathyRate) <= 0.0051, `${what}: missedEmpathyRate ${actual.missedEmpathyRate} vs ${expected.missedEmpathyRate}`);
  assert.equal(actual.highRisk, expected.highRisk, `${what}: highRisk`);
  if (expected.highRisk) {
    assert.ok(Math.abs(actual.missedHighRiskRate - expected.missedHighRiskRate) <= 0.0051, `${what}: missedHighRiskRate ${actual.missedHighRiskRate} vs ${expected.missedHighRiskRate}`);
  }
  for (const p of ["p10", "p50", "p90"]) {
    assert.ok(Math.abs(actual[p] - expected[p]) <= 0.051, `${what}: ${p} ${actual[p]} vs ${expected[p]}`);
  }
}

describe("empathy report on the dashboard sample", () => {
  test("--by team --format json: the dashboard's figures, per team and overall", async (t) => {
    if (skip) return t.skip(skip);
    const { code, stdout, stderr } = await run(CLI, ["report", "--by", "team", "--format", "json", SAMPLE]);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.by, ["team"]);
    const expected = new Map(groupBy(items, ["team"]).map((g) => [g.key.team, g]));
    assert.equal(report.groups.length, expected.size);
    for (const g of report.groups) sameFigures(g, expected.get(g.key.team), `team ${g.key.team}`);
    sameFigures(report.overall, summarize(items), "overall");
  });

  test("pre-scored results give the same report as raw conversations", async (t) => {
    if (skip) return t.skip(skip);
    const raw = await run(CLI, ["report", "--by", "team,channel", "--format", "json", SAMPLE]);
    const scored = await sh(`${CLI} score ${SAMPLE} | ${CLI} report --by team,channel --format json -`);
    assert.equal(raw.code, 0, raw.stderr);
    assert.equal(scored.code, 0, scored.stderr);
    assert.deepEqual(JSON.parse(scored.stdout), JSON.parse(raw.stdout));
  });

  test("--format md prints the Markdown table the dashboard README shows", async (t) => {
    if (skip) return t.skip(skip);
    const { code, stdout, stderr } = await run(CLI, ["report", "--by", "team,channel,shift", "--format", "md", SAMPLE]);
    assert.equal(code, 0, stderr);
    const rows = stdout.trim().split("\n").filter((l) => l.startsWith("|"));
    assert.ok(rows.length >= 3, stdout);
    assert.match(rows[0], /team/i);
    assert.match(rows[0], /count/i);
    assert.match(rows[1], /^\|\s*:?-+/);
  });

  test("--format csv has a header and one row per group", async (t) => {
    if (skip) return t.skip(skip);
    const { code, stdout, stderr } = await run(CLI, ["report", "--by", "shift", "--format", "csv", SAMPLE]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assert.match(lines[0], /shift/i);
    assert.ok(lines.length >= 4, stdout);
  });
});
