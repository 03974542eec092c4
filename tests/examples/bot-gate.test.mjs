// examples/bot-gate/: gate.mjs on its sample transcript, its exit codes and formats, and the
// CLI equivalent from its README (`empathy score` + jq) when the native build and jq exist.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { CLI, EXAMPLES, run, sh } from "./helpers.mjs";

const GATE = path.join(EXAMPLES, "bot-gate", "gate.mjs");
const SAMPLE = path.join(EXAMPLES, "bot-gate", "sample.jsonl");
const gate = (args, options) => run(process.execPath, [GATE, ...args], options);

async function available(file) {
  return access(file).then(() => true, () => false);
}

describe("the bot gate", () => {
  test("the sample fails: one conversation passes, the bereavement one misses a high-risk moment", async () => {
    const { code, stdout } = await gate([SAMPLE]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^PASS {2}refund-chase {2}score \d+\/100 \(good\)/m);
    assert.match(stdout, /^FAIL {2}bereavement-closure {2}score \d+\/100 \(low\)/m);
    assert.match(stdout, /empathy was missed at a high-risk moment \(bereavement\)/);
    assert.match(stdout, /below --min-score 60/);
    assert.match(stdout, /reply 1 .*“To close an account/);
    assert.match(stdout, /Try: “I’m so sorry for your loss\.”/);
    assert.match(stdout, /1 of 2 conversations failed \(min score 60/);
  });

  test("a transcript of passing conversations exits 0; one from standard input works too", async () => {
    const passing = (await readFile(SAMPLE, "utf8")).split("\n")[0];
    const { code, stdout } = await gate(["-"], { input: `${passing}\n` });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /all 1 conversation passed/);
  });

  test("a bot that answers in a language the coach does not speak fails with that reason, never a zero", async () => {
    const italian = JSON.stringify({ id: "it-bot", turns: [
      { role: "customer", text: "Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa" },
      { role: "bot", text: "Mi dispiace molto, ho già rimborsato l'addebito doppio sulla sua carta." }] });
    const { code, stdout } = await gate(["-", "--format", "json"], { input: `${italian}\n` });
    assert.equal(code, 1, stdout);
    const report = JSON.parse(stdout);
    assert.equal(report.conversations[0].score, null);
    assert.match(report.conversations[0].reasons[0], /not scored: 1 bot reply is in a language the coach does not speak yet \(it\)/);
    const text = await gate(["-"], { input: `${italian}\n` });
    assert.match(text.stdout, /^FAIL {2}it-bot {2}not scored/m);
    assert.doesNotMatch(text.stdout, /score 0\//);
  });

  test("--min-score moves the bar, but a missed high-risk moment always fails", async () => {
    const strict = await gate(["--min-score", "99", SAMPLE]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /^FAIL {2}refund-chase/m);
    const lenient = await gate(["--min-score=0", "--format", "json", SAMPLE]);
    const report = JSON.parse(lenient.stdout);
    assert.equal(lenient.code, 1);
    assert.equal(report.minScore, 0);
    assert.deepEqual(report.conversations.map((c) => [c.id, c.pass]), [["refund-chase", true], ["bereavement-closure", false]]);
    assert.deepEqual(report.conversations[1].reasons, ["empathy was missed at a high-risk moment (bereavement)"]);
    assert.ok(report.conversations[1].flags.includes("missed-empathy-high-risk"));
    assert.equal(report.conversations[0].replies.length, 2);
  });

  test("a JSON array transcript reads the same as JSON Lines", async () => {
    const lines = (await readFile(SAMPLE, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    const fromArray = await gate(["--format", "json", "-"], { input: JSON.stringify(lines, null, 2) });
    const fromLines = await gate(["--format", "json", SAMPLE]);
    assert.equal(fromArray.code, 1);
    assert.deepEqual(JSON.parse(fromArray.stdout), JSON.parse(fromLines.stdout));
  });

  test("--role agent scores human agents' turns: the sample's bot turns are then not replies", async () => {
    const { code, stdout } = await gate(["--role", "agent", SAMPLE]);
    assert.equal(code, 1);
    assert.match(stdout, /no agent replies to score/);
  });

  test("bad usage and unreadable input exit 2 and say what is wrong", async () => {
    const badScore = await gate(["--min-score", "high", SAMPLE]);
    assert.equal(badScore.code, 2);
    assert.match(badScore.stderr, /--min-score takes a number from 0 to 100/);
    const missing = await gate(["no-such-file.jsonl"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no-such-file\.jsonl/);
    const malformed = await gate(["-"], { input: '{"id":"a","turns":[]}\n{not json\n' });
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /standard input, line 2: not valid JSON/);
    const noTurns = await gate(["-"], { input: '{"id":"a"}\n' });
    assert.equal(noTurns.code, 2);
    assert.match(noTurns.stderr, /line 1: field "turns"/);
    const help = await gate(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: node examples\/bot-gate\/gate\.mjs/);
  });

  test("the README's CI step and CLI equivalent name the real files and flags", async () => {
    const readme = await readFile(path.join(EXAMPLES, "bot-gate", "README.md"), "utf8");
    assert.match(readme, /```yaml[\s\S]*node examples\/bot-gate\/gate\.mjs[\s\S]*```/);
    assert.match(readme, /empathy score/);
    assert.match(readme, /missed-empathy-high-risk/);
  });

  test("the CLI equivalent (empathy score + jq) reaches the same verdicts", async (t) => {
    if (!(await available(CLI))) return t.skip("no native build: run make native");
    if ((await run("/bin/sh", ["-c", "command -v jq"])).code !== 0) return t.skip("jq is not installed");
    // The same pipeline as examples/bot-gate/README.md.
    const { code, stdout, stderr } = await sh(
      `build/native/cli/empathy score examples/bot-gate/sample.jsonl ` +
      `| jq -r '[.id, .score, (if .score >= 60 and (.flags | index("missed-empathy-high-risk") | not) then "PASS" else "FAIL" end)] | @tsv'`);
    assert.equal(code, 0, stderr);
    const verdicts = stdout.trim().split("\n").map((l) => l.split("\t"));
    const report = JSON.parse((await gate(["--format", "json", SAMPLE])).stdout);
    assert.deepEqual(verdicts.map(([id, , v]) => [id, v]), report.conversations.map((c) => [c.id, c.pass ? "PASS" : "FAIL"]));
    assert.deepEqual(verdicts.map(([, score]) => Number(score)), report.conversations.map((c) => c.score), "wasm and native agree");
  });
});
