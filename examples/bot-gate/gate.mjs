#!/usr/bin/env node
// A CI gate for a chatbot's or an LLM's replies: scores every conversation of a
// transcript with the real engine (the same wasm the widget uses) and fails when a
// conversation's "Be Empathetic" score is below --min-score, or when a high-risk moment
// (bereavement, fraud, health...) went without empathy (flag missed-empathy-high-risk).
//
//   node examples/bot-gate/gate.mjs [--min-score N] [--role bot|agent] [--format text|json] [FILE|-]
//
// FILE holds conversations as JSON Lines or as one JSON array:
//   {"id": "...", "meta": {...}, "turns": [{"role": "customer" | "bot" | "agent", "text": "...", "time": 0}]}
// The engine scores every reply of the company, "agent" and "bot" alike; --role names
// whose replies are under test (default bot), and a conversation with none of them fails.
// Exit status: 0 every conversation passed, 1 at least one failed,
// 2 bad usage or input that cannot be read (the line is named).
//
//   import { gate } from "./gate.mjs";
//   const report = gate(scorer, conversations, { minScore: 60 });   // -> {passed, failed, conversations}

import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

export const DEFAULT_MIN_SCORE = 60;
export const HIGH_RISK_FLAG = "missed-empathy-high-risk";

const USAGE = `usage: node examples/bot-gate/gate.mjs [options] [FILE|-]

Scores a bot's replies in each conversation of FILE (JSON Lines or a JSON array; standard
input when FILE is '-' or absent) and fails a conversation whose empathy score is below
--min-score or that missed empathy at a high-risk moment.

options:
  --min-score N      lowest passing conversation score, 0..100 (default ${DEFAULT_MIN_SCORE})
  --role bot|agent   whose replies are under test (default bot: "bot" turns are scored)
  --format text|json a readable report (default) or one JSON object
  -h, --help         show this help

exit status: 0 all passed, 1 a conversation failed, 2 bad usage or unreadable input.`;

/**
 * Parses a transcript: a JSON array of conversations, or JSON Lines (blank lines skipped).
 * @param {string} text
 * @returns {{conversations: Array<{line: number, conversation: object}>, errors: Array<{line: number, error: string}>}}
 */
export function parseTranscript(text) {
  const conversations = [];
  const errors = [];
  const check = (value, line) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      errors.push({ line, error: "expected a conversation object" });
    } else if (!Array.isArray(value.turns)) {
      errors.push({ line, error: `field "turns": expected an array of {role, text}` });
    } else {
      conversations.push({ line, conversation: value });
    }
  };
  if (text.trimStart().startsWith("[")) {
    let array;
    try {
      array = JSON.parse(text);
    } catch (err) {
      errors.push({ line: 1, error: `not valid JSON: ${err.message}` });
      return { conversations, errors };
    }
    array.forEach((value, i) => check(value, i + 1));
    return { conversations, errors };
  }
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let value;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      errors.push({ line: i + 1, error: `not valid JSON: ${err.message}` });
      return;
    }
    check(value, i + 1);
  });
  return { conversations, errors };
}

/**
 * Scores conversations and decides pass or fail for each.
 * @param {{scoreConversation(c: object): object}} scorer from loadScorer()
 * @param {object[]} conversations
 * @param {{minScore?: number, role?: "bot" | "agent"}} [options]
 * @returns {{minScore: number, passed: number, failed: number, conversations: object[]}}
 *   each conversation: {id, pass, score, band, flags, risk, reasons, replies, error?}
 */
export function gate(scorer, conversations, { minScore = DEFAULT_MIN_SCORE, role = "bot" } = {}) {
  const out = [];
  conversations.forEach((conversation, i) => {
    const id = String(conversation.id ?? `#${i + 1}`);
    const result = scorer.scoreConversation(conversation);
    if ("error" in result) {
      out.push({ id, pass: false, reasons: [`cannot be scored: ${result.error}`], error: result.error, replies: [] });
      return;
    }
    const risk = [...new Set(result.turns.flatMap((t) => t.customer?.risk ?? []))];
    const reasons = [];
    const mine = result.turns.filter((t) => conversation.turns[t.index]?.role === role);
    const unread = mine.filter((t) => t.supported === false);
    if (mine.length === 0) {
      reasons.push(`no ${role} replies to score (is --role right?)`);
    } else if (unread.length > 0) {
      // The gate cannot vouch for what the coach cannot read: it says so, never a zero.
      const languages = [...new Set(unread.map((t) => (t.language !== "en" ? t.language : t.customer?.language) ?? "und"))];
      reasons.push(`not scored: ${unread.length} ${role} repl${unread.length === 1 ? "y is" : "ies are"} in a language the coach does not speak yet (${languages.join(", ")})`);
    } else {
      if (result.score < minScore) reasons.push(`score ${result.score} is below --min-score ${minScore}`);
      if (result.flags.includes(HIGH_RISK_FLAG)) {
        reasons.push(`empathy was missed at a high-risk moment${risk.length ? ` (${risk.join(", ")})` : ""}`);
      }
    }
    const replies = mine.map((t, n) => ({
      reply: n + 1,
      index: t.index,
      text: String(conversation.turns[t.index]?.text ?? ""),
      score: t.score,
      band: t.band,
      needsEmpathy: t.needsEmpathy,
      nudges: t.nudges.filter((x) => x.kind !== "praise"),
      praise: t.nudges.filter((x) => x.kind === "praise"),
    }));
    out.push({ id, pass: reasons.length === 0, score: result.score, band: result.band, flags: result.flags, risk, reasons, replies });
  });
  const failed = out.filter((c) => !c.pass).length;
  return { minScore, passed: out.length - failed, failed, conversations: out };
}

/** Shortens text to `max` characters on a word boundary. */
function clip(text, max = 72) {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max * 0.6))}…`;
}

/**
 * The readable report: one block per conversation, then a summary line.
 * @param {ReturnType<typeof gate>} report
 * @param {{color?: boolean}} [options]
 */
export function formatReport(report, { color = false } = {}) {
  const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const green = (s) => paint("32", s);
  const red = (s) => paint("31", s);
  const dim = (s) => paint("2", s);
  const bold = (s) => paint("1", s);
  const lines = [];
  for (const c of report.conversations) {
    const status = c.pass ? green("PASS") : red("FAIL");
    if (c.error !== undefined) {
      lines.push(`${status}  ${bold(c.id)}  ${c.reasons[0]}`, "");
      continue;
    }
    const flags = c.flags.length ? `  flags: ${c.flags.join(", ")}` : "";
    const score = c.score === null ? "not scored" : `score ${c.score}/100 (${c.band})`;
    lines.push(`${status}  ${bold(c.id)}  ${score}${flags}`);
    for (const reason of c.reasons) lines.push(`      ${red("✗")} ${reason}`);
    for (const r of c.replies) {
      const replyScore = r.score === null ? "  –     " : `${String(r.score).padStart(3)} ${r.band.padEnd(4)}`;
      lines.push(`      reply ${r.reply}  ${replyScore}  ${dim(`“${clip(r.text)}”`)}`);
      for (const n of r.nudges) {
        const suggestion = n.suggestion ? ` Try: “${n.suggestion}”` : "";
        lines.push(`                   ${n.kind}: ${n.message}${suggestion}`);
      }
      if (r.nudges.length === 0 && r.praise.length) lines.push(`                   ${green("✓")} ${r.praise[0].message}`);
    }
    lines.push("");
  }
  const total = report.passed + report.failed;
  const summary = report.failed
    ? red(`${report.failed} of ${total} conversation${total === 1 ? "" : "s"} failed`)
    : green(`all ${total} conversation${total === 1 ? "" : "s"} passed`);
  lines.push(`${summary} (min score ${report.minScore}; a missed high-risk moment always fails)`);
  return lines.join("\n");
}

function parseArgs(argv) {
  const options = { minScore: DEFAULT_MIN_SCORE, role: "bot", format: "text", file: "-" };
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === "-h" || name === "--help") options.help = true;
    else if (name === "--min-score") {
      const v = value();
      options.minScore = Number(v);
      if (v.trim() === "" || !Number.isFinite(options.minScore) || options.minScore < 0 || options.minScore > 100) {
        throw new Error(`--min-score takes a number from 0 to 100, not "${v}"`);
      }
    } else if (name === "--role") {
      options.role = value();
      if (!["bot", "agent"].includes(options.role)) throw new Error(`--role takes bot or agent, not "${options.role}"`);
    } else if (name === "--format") {
      options.format = value();
      if (!["text", "json"].includes(options.format)) throw new Error(`--format takes text or json, not "${options.format}"`);
    } else if (name.startsWith("-") && name !== "-") throw new Error(`unknown option ${name}`);
    else files.push(arg);
  }
  if (files.length > 1) throw new Error("give one transcript file (or - for standard input)");
  if (files.length) options.file = files[0];
  return options;
}

async function readInput(file) {
  if (file !== "-") return readFile(file, "utf8");
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (err) {
    console.error(`gate.mjs: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const name = options.file === "-" ? "standard input" : options.file;
  let text;
  try {
    text = await readInput(options.file);
  } catch (err) {
    console.error(`gate.mjs: cannot read ${name}: ${err.message}`);
    return 2;
  }
  const { conversations, errors } = parseTranscript(text);
  for (const e of errors) console.error(`gate.mjs: ${name}, line ${e.line}: ${e.error}`);
  if (errors.length) return 2;
  if (conversations.length === 0) {
    console.error(`gate.mjs: ${name} holds no conversations`);
    return 2;
  }
  let scorer;
  try {
    const { loadScorer } = await import("../../web/empathy.js");
    scorer = await loadScorer();
  } catch (err) {
    console.error(`gate.mjs: cannot load the scorer (${err.message}); build it with "make wasm"`);
    return 2;
  }
  const report = gate(scorer, conversations.map((c) => c.conversation), options);
  scorer.dispose();
  if (options.format === "json") console.log(JSON.stringify(report, null, 2));
  else console.log(formatReport(report, { color: process.stdout.isTTY && !process.env.NO_COLOR }));
  return report.failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
