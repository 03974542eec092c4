// Writes docs/rules.md from the nudge catalogue: the "nudges" of core/models/en.json (the
// English model) and of each language pack beside it, with the lexicon's notes and
// patterns for the behaviours a rule looks for. Run it after changing a rule:
//
//   node scripts/rules-doc.mjs
//
// tests/js/rules-doc.test.mjs checks that docs/rules.md is what this writes. The output
// depends only on the files read (no dates, no locale): same input, same bytes.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "../bench/stats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modelsDir = join(root, "core", "models");

/** Where the script writes, relative to the repository's root. */
export const OUTPUT = "docs/rules.md";

// Names for the packs' headings; a pack not listed here is headed by its code.
const LANGUAGE_NAMES = { de: "German", en: "English", es: "Spanish", fr: "French", pt: "Portuguese" };

// Behaviours the engine finds itself (core/src/features.cpp), not in the lexicon: what
// each means, in words, with the model's thresholds filled in.
const COMPUTED = {
  shouting: (t) =>
    `the draft is written in capitals (${Math.round(t.shoutingRatio * 100)}% of its letters or more, ` +
    `with at least ${t.shoutingMinLetters} letters); found by the engine, not the lexicon`,
  "repeated-phrase": (t) =>
    `the words of one of the draft's behaviours (not a negative one, not politeness), ` +
    `${Math.max(3, t.repeatedPhraseMinTokens)} words or more, that an earlier agent turn already used; ` +
    "found by the engine, not the lexicon",
  "long-reply-to-rushed": (t) =>
    `the customer is in a hurry (urgency ${t.rushedUrgency} or more) and the draft is longer than ` +
    `${t.rushedLongBytes} bytes; the matched words are its first sentence; found by the engine, not the lexicon`,
};

const EXAMPLE_PATTERNS = 3;

/**
 * The models of core/models/*.json, English first, then the packs by language code.
 * @returns {{code: string, file: string, model: object}[]}
 */
export function readModels() {
  const files = readdirSync(modelsDir)
    .filter((f) => f.endsWith(".json"))
    .sort((a, b) => (a === "en.json" ? -1 : b === "en.json" ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return files.map((file) => ({
    code: file.slice(0, -".json".length),
    file: `core/models/${file}`,
    model: JSON.parse(readFileSync(join(modelsDir, file), "utf8")),
  }));
}

// The most nudges that show at once, as nudge.cpp says: the one place it lives.
function maxNudges() {
  const source = readFileSync(join(root, "core", "src", "nudge.cpp"), "utf8");
  const found = /kMaxNudges\s*=\s*(\d+)/.exec(source);
  if (!found) throw new Error("rules-doc: kMaxNudges not found in core/src/nudge.cpp");
  return Number(found[1]);
}

/** Text made safe for one Markdown table cell: pipes escaped, line breaks as spaces. */
export function cell(text) {
  return String(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

// Text as inline code, with a fence longer than any run of backticks inside it.
function code(text) {
  const runs = String(text).match(/`+/g) ?? [];
  const fence = "`".repeat(1 + Math.max(0, ...runs.map((r) => r.length)));
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

// "a", "a or b", "a, b or c".
function orList(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function plural(n, one, many) {
  return n === 1 ? one : many;
}

// What the model's lexicon says about its customer side: the risks and emotions it knows,
// and each risk's note (from the entry named after it).
function customerTerms(model) {
  const risks = new Map();
  const emotions = new Set();
  for (const e of model.lexicon ?? []) {
    if (e.side !== "customer") continue;
    if (e.risk && (!risks.has(e.risk) || e.id === e.risk)) risks.set(e.risk, e.id === e.risk ? e.note : "");
    if (e.emotion && e.emotion !== "none") emotions.add(e.emotion);
  }
  return { risks, emotions };
}

function riskWords(risk, terms) {
  const note = terms.risks.get(risk);
  return note ? `${risk} (${note})` : risk;
}

// One behaviour in words: its note and a few of its patterns, or what the engine computes.
function behaviourWords(id, model, examples = EXAMPLE_PATTERNS) {
  const entry = (model.lexicon ?? []).find((e) => e.id === id);
  if (entry) {
    const patterns = (entry.patterns ?? []).slice(0, examples).map(code);
    const more = (entry.patterns ?? []).length - patterns.length;
    const such = patterns.length
      ? `; for example ${patterns.join(", ")}${more > 0 ? ` (and ${more} more ${plural(more, "pattern", "patterns")})` : ""}`
      : "";
    return `${code(id)}: ${entry.note ?? "no note"}${such}`;
  }
  if (COMPUTED[id]) return `${code(id)}: ${COMPUTED[id](model.thresholds ?? {})}`;
  return `${code(id)}: not in the lexicon, and not a behaviour the engine finds`;
}

const LEVELS = ["none", "weak", "strong"];

// The "When" list of a rule: each condition of nudge.cpp's choose_nudges in words, as
// bullet lines (with nested lines for behaviours).
function whenLines(rule, model) {
  const w = rule.when ?? {};
  const terms = customerTerms(model);
  const lines = [];
  const behaviourList = (lead, ids) => {
    if (ids.length === 1) lines.push(`- ${lead} ${behaviourWords(ids[0], model)}`);
    else {
      lines.push(`- ${lead} any of:`);
      for (const id of ids) lines.push(`  - ${behaviourWords(id, model)}`);
    }
  };

  if (w.draftEmpty === true) lines.push("- the draft is empty: the agent has not typed a word yet");
  else if (!(w.minWords > 0) && !(w.behavior ?? []).length) lines.push("- the draft is not empty");
  if (w.minWords > 0)
    lines.push(
      `- the draft has at least ${w.minWords} ${plural(w.minWords, "word", "words")} ` +
        "(an English contraction such as “I’m” counts as two)",
    );
  if (w.needsEmpathy === true) lines.push("- the customer needs empathy (`needsEmpathy`)");
  if (w.needsEmpathy === false) lines.push("- the customer does not need empathy (`needsEmpathy` is false)");
  if (w.missesNeed === true) {
    const learned = model.learned ?? {};
    const below =
      learned.score && Object.keys(learned.score).length && learned.acknowledged !== undefined
        ? `, and the draft scores below ${learned.acknowledged}`
        : "";
    lines.push(
      "- the reply leaves the customer's need unmet: they need empathy, and the draft shows no " +
        "emotional-reaction and has no interpretation behaviour, not even “I understand” " +
        "(echoing the customer's words alone does not count)" +
        below,
    );
  }
  if (w.missesNeed === false) lines.push("- the reply does not leave a need unmet (there is none, or the draft meets it)");
  if ((w.emotion ?? []).length) {
    const at = w.minIntensity > 0 ? `, at intensity ${w.minIntensity} or more` : "";
    lines.push(`- the customer shows ${orList(w.emotion)}${at}`);
  } else if (w.minIntensity > 0) {
    lines.push(`- (minIntensity ${w.minIntensity} has no effect without an emotion)`);
  }
  if (w.anyRisk === true) lines.push("- the customer raises any risk");
  else if ((w.risk ?? []).length === 1) lines.push(`- the customer's risk is ${riskWords(w.risk[0], terms)}`);
  else if ((w.risk ?? []).length)
    lines.push(`- the customer's risk is one of: ${w.risk.map((r) => riskWords(r, terms)).join(", ")}`);
  if ((w.noRisk ?? []).length) lines.push(`- the customer's risk is none of: ${w.noRisk.join(", ")}`);
  if ((w.behavior ?? []).length) behaviourList("the draft has", w.behavior);
  if ((w.noBehavior ?? []).length) {
    lines.push("- the draft has none of:");
    for (const id of w.noBehavior) lines.push(`  - ${behaviourWords(id, model, 1)}`);
  }
  for (const [family, level] of Object.entries(w.familyAtLeast ?? {})) {
    if (level <= 0) lines.push(`- the draft shows ${family} at level 0 or more (always true)`);
    else lines.push(`- the draft shows ${family} at level ${level} (${LEVELS[level]}) or more`);
  }
  for (const [family, level] of Object.entries(w.familyBelow ?? {})) {
    if (level <= 0) lines.push(`- the draft shows ${family} below level 0 (never true)`);
    else if (level === 1) lines.push(`- the draft shows no ${family} (level 0)`);
    else lines.push(`- the draft shows ${family} below level ${level} (${LEVELS[level]})`);
  }
  return lines;
}

// Where the suggestion goes when the agent applies it (core/src/edit.cpp).
function placementWords(rule) {
  if (rule.suggestion == null) return "nowhere (no suggestion).";
  if ((rule.when?.behavior ?? []).length) {
    const ignored = rule.place ? ` (its \`place\` "${rule.place}" is not used)` : "";
    return `the suggestion replaces the matched words where they stand${ignored}.`;
  }
  if (rule.place === "end") return "the suggestion ends the reply, after its last sentence.";
  if (rule.place === "next")
    return (
      "the suggestion follows the sentences that open the reply by acknowledging the customer, so the feeling " +
      "still comes first. Without them, it opens the reply, after the greeting."
    );
  return "the suggestion opens the reply, after the greeting (“Hi Dana,”) if there is one.";
}

function variantWho(key, terms) {
  if (terms.risks.has(key)) return `with the risk ${riskWords(key, terms)}`;
  if (terms.emotions.has(key)) return `who shows ${key}`;
  return `with ${key}`;
}

function ruleSection(id, rule, model, groups) {
  const out = [`### ${id}`, ""];
  const group = rule.group
    ? `${rule.group} (shown one at a time with ${groups
        .get(rule.group)
        .filter((other) => other !== id)
        .join(", ")})`
    : "none";
  out.push(`Kind: ${rule.kind}. Family: ${rule.family ?? "none"}. Priority: ${rule.priority ?? 0}. Group: ${group}.`);
  out.push("", "When all of these hold:", "", ...whenLines(rule, model), "");
  out.push(`Message: ${rule.message}`, "");
  out.push(`Suggestion: ${rule.suggestion == null ? "none." : rule.suggestion}`, "");
  const variants = Object.entries(rule.suggestionFor ?? {});
  if (variants.length) {
    const terms = customerTerms(model);
    out.push("Worded for the customer:", "",
      table(["For a customer …", "Wording"], variants.map(([key, text]) => [cell(variantWho(key, terms)), cell(text)])), "");
  }
  out.push(`Where it goes: ${placementWords(rule)}`, "");
  return out;
}

// The fields of a rule other than its words (and the keys of its worded variants) in
// which a pack's rule differs from the English one.
function differences(rule, english) {
  if (rule == null || english == null) return ["the whole rule"];
  const key = (r, f) =>
    JSON.stringify(f === "suggestionFor" ? Object.keys(r.suggestionFor ?? {}) : f === "when" ? r.when : r[f]);
  const fields = [...new Set([...Object.keys(english), ...Object.keys(rule)])].filter(
    (f) => f !== "message" && f !== "suggestion",
  );
  return fields.filter((f) => key(rule, f) !== key(english, f));
}

function packSection({ code: lang, file, model }, english) {
  const name = LANGUAGE_NAMES[lang] ?? lang;
  const nudges = model.nudges ?? {};
  const out = [`### ${name} (${lang})`, "", `From ${code(file)}.`, ""];
  const ids = [...new Set([...Object.keys(english), ...Object.keys(nudges)])];
  const differ = ids.map((id) => [id, differences(nudges[id], english[id])]).filter(([, fields]) => fields.length);
  const same = "the same conditions, kinds, priorities, groups and places as the English ones";
  if (!differ.length) out.push(`Its rules have ${same}, and worded variants for the same customers.`, "");
  else {
    out.push("These rules differ from the English ones beyond their words:", "");
    for (const [id, fields] of differ)
      out.push(
        `- ${code(id)}: ${fields.map((f) => (f === "suggestionFor" ? "worded variants (`suggestionFor`)" : code(f))).join(", ")}`,
      );
    out.push("", `The other rules have ${same}.`, "");
  }
  const terms = customerTerms(model);
  const rows = ids.map((id) => {
    const rule = nudges[id];
    if (rule == null) return [code(id), "(not in this pack)", ""];
    let suggestion = rule.suggestion == null ? "none" : cell(rule.suggestion);
    for (const [key, text] of Object.entries(rule.suggestionFor ?? {}))
      suggestion += `<br>for a customer ${cell(variantWho(key, terms))}: ${cell(text)}`;
    return [code(id), cell(rule.message), suggestion];
  });
  out.push(table(["Rule", "Message", "Suggestion"], rows), "");
  return out;
}

/**
 * docs/rules.md as a string: the English model's rules, then each pack's words.
 * @param {{code: string, file: string, model: object}[]} [models] English first (readModels())
 * @returns {string}
 */
export function rulesMarkdown(models = readModels()) {
  const [english, ...packs] = models;
  const nudges = Object.fromEntries(Object.entries(english.model.nudges ?? {}).filter(([, r]) => r != null));
  const groups = new Map();
  for (const [id, rule] of Object.entries(nudges))
    if (rule.group) groups.set(rule.group, [...(groups.get(rule.group) ?? []), id]);
  const files = models.map((m) => code(m.file)).join(", ");
  const out = [
    "# Nudge rules",
    "",
    `Generated by \`node scripts/rules-doc.mjs\` from core/models/*.json (${files}). Do not edit by hand:`,
    "change the models and run the script again. A test checks that this file is current.",
    "",
    "Teams reword, translate or silence rules without changing the models:",
    "",
    "- An overlay (`--overlay FILE`, `loadScorer({ overlay })`, `Scorer(overlay=...)`) is JSON merged over the " +
      "model (RFC 7386: objects merge, `null` removes, arrays replace).",
    '  `{"nudges": {"avoid-just": {"message": "..."}}}` rewords a rule; `{"nudges": {"avoid-just": null}}` removes it.',
    "  Its top level changes the English model; its `packs` part changes each pack, by language:",
    '  `{"packs": {"es": {"nudges": {"avoid-just": null}}}}`. `core/models/overlays/es.json` translates the English catalogue into Spanish.',
    "  A suggestion's worded variants (`suggestionFor`) are merged too: reword them with the suggestion, or set `suggestionFor` to `null`.",
    "- The request's `allow` list (`allow: [ruleIds]`, also an option of the widget) silences rules for one scorer call:",
    "  a rule in it never shows and takes no place from another.",
    "",
    "## How nudges are chosen",
    "",
    "1. Every rule whose conditions all hold fires. Rules in `allow` are left out.",
    "2. If any warning fired, praise is dropped: praise beside a warning would contradict it.",
    "3. Warnings come before tips, tips before praise. Within a kind, higher priority comes first.",
    "   While the agent types, the nudges already on screen (`shown`) keep their places while they hold.",
    "4. One praise at most. Of the rules in one group, only the first in this order shows.",
    `5. At most ${maxNudges()} nudges show.`,
    "",
    "A rule's message may quote the draft: “{span}” stands for the draft's own words that matched.",
    "A suggestion is words the agent can apply with one click. A worded variant replaces it for a customer:",
    "the customer's first risk that has a wording wins, else their strongest emotion that has one, else the suggestion.",
    "Family levels: 0 none, 1 weak, 2 strong.",
    "Patterns are shown as the lexicon writes them (`core/src/matcher.hpp`): lower case, with contractions spelled out",
    "(“i am” matches “I’m”). `(a|b)` is one of them, `[a|b]` is optional, `@name` is any word of the model's class `name`,",
    "`*` is any one word, and `word*` is any word that starts with “word”.",
    "",
    `## Rules of the English model (${code(english.file)})`,
    "",
    ...[...groups].map(([g, ids]) => `Group ${code(g)}: ${ids.map(code).join(", ")}.`),
    "",
  ];
  for (const [id, rule] of Object.entries(nudges)) out.push(...ruleSection(id, rule, english.model, groups));
  out.push("## Language packs", "");
  out.push("Each pack has its own catalogue. A reply in the pack's language is scored by the pack, and its nudges speak that language.", "");
  for (const pack of packs) out.push(...packSection(pack, nudges));
  while (out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(root, OUTPUT), rulesMarkdown());
  console.log(`wrote ${OUTPUT}`);
}
