// The bad-input table shared by every interface: the CLI (cli.test.mjs), the JS API
// (js.test.mjs) and the widget (widget.test.mjs). Each case is one JSON line, given as
// the object a JS caller would pass (`request`) or as raw text (`line`: only the CLI and
// scoreJson() can carry bytes that are not a JS value, such as invalid UTF-8).
//
// expect:
//   "result"  scored; every span lies inside the text it refers to
//   RegExp    an {"error"} whose message matches (the error must name the field)
//   fn(out)   returns an error message when the output is wrong (several outcomes are fine)

/** Nested arrays `depth` levels deep (the request object itself is one more level). */
export function nested(depth) {
  let v = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
/** The same as JSON text, without building the object (JSON.stringify recurses). */
export function nestedText(depth) {
  return "[".repeat(depth) + "0" + "]".repeat(depth);
}

const history = [{ role: "customer", text: "My order never arrived and I'm so frustrated!!" }];
const draft = "I'm so sorry it hasn't arrived. Let me check where it is.";

/** Result, or an error that says what is wrong with the surrogate: both are fine. */
const resultOrSurrogateError = (out) =>
  "error" in out && !/surrogate/i.test(out.error)
    ? `expected a result (U+FFFD for the lone surrogate, as score() gives) or an error naming it, got ${JSON.stringify(out.error)}`
    : null;

/**
 * expectText, when set, replaces expect for the JSON text of a request (CLI, scoreJson):
 * JSON.stringify writes a lone surrogate as an escape that the object API never sends.
 * @type {{name: string, request?: any, line?: string | Buffer, expect: "result" | RegExp | Function,
 *         expectText?: Function, only?: string[]}[]}
 */
export const CASES = [
  // --- Text that is not clean UTF-8 / UTF-16 ---------------------------------------------
  { name: "invalid UTF-8 bytes in the draft", only: ["cli"], expect: "result",
    line: Buffer.concat([Buffer.from('{"draft": "caf'), Buffer.from([0xc3, 0x20, 0xff, 0xfe, 0x20, 0xed, 0xa0, 0x80, 0x20, 0xf4, 0x90, 0x80, 0x80]),
      Buffer.from(' I\'m so sorry", "history": [{"role": "customer", "text": "'), Buffer.from([0xc0, 0xaf, 0xe0, 0x80]),
      Buffer.from(' this is awful!!"}]}')]) },
  { name: "truncated UTF-8 sequence at the end of the draft", only: ["cli"], expect: "result",
    line: Buffer.concat([Buffer.from('{"draft": "sorry '), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from('"}')]) },
  { name: "a lone high surrogate (a half-typed emoji) in the draft", expect: "result", expectText: resultOrSurrogateError,
    request: { history, draft: "\uD83D I'm so sorry about that" } },
  { name: "a lone low surrogate in the history", expect: "result", expectText: resultOrSurrogateError,
    request: { history: [{ role: "customer", text: "\uDE21 I am furious!!" }], draft } },
  { name: "a lone surrogate escape in JSON text (what JSON.stringify writes for one)", only: ["cli", "scoreJson"],
    expect: resultOrSurrogateError, line: '{"draft": "\\ud83d I\'m so sorry about that"}' },
  { name: "a reversed surrogate pair escape", only: ["cli", "scoreJson"], expect: resultOrSurrogateError,
    line: '{"draft": "\\ude00\\ud83d sorry"}' },
  { name: "NUL characters in the draft (escaped)", expect: "result", request: { history, draft: "I'm\u0000 so sorry\u0000" } },
  { name: "a raw NUL byte inside a JSON string", only: ["cli", "scoreJson"], expect: /not valid JSON/,
    line: '{"draft": "sorry\u0000about that"}' },
  { name: "control characters and line separators", expect: "result",
    request: { history, draft: "sorry\u0001\u0008\u001b[31m\u2028\u2029\u0085\r\r\n\t about that" } },
  { name: "only punctuation and emoji", expect: "result", request: { history, draft: "!!!???...…😡😡😡🙏🏽👍🏿‼️⁉️" } },
  { name: "one 100 KB word", expect: "result", request: { history, draft: "a".repeat(100_000) } },

  // --- Nesting ----------------------------------------------------------------------------
  { name: "nesting of exactly 64 levels is accepted", expect: "result", request: { draft, extra: nested(63) } },
  { name: "nesting of 65 levels is refused", expect: /nested deeper than 64 levels/, request: { draft, extra: nested(64) } },
  { name: "nesting of 100,000 levels is refused quickly", only: ["cli", "scoreJson"], expect: /nested deeper than 64 levels/,
    line: `{"draft": "x", "extra": ${nestedText(100_000)}}` },
  { name: "unbalanced closing brackets before deep nesting", only: ["cli", "scoreJson"], expect: /not valid JSON|nested deeper/,
    line: "]".repeat(1000) + nestedText(1000) },
  { name: "brackets inside strings do not count as nesting", expect: "result",
    request: { draft: "[".repeat(1000) + "{".repeat(1000) + " sorry" } },

  // --- Numbers ----------------------------------------------------------------------------
  { name: "time of 1e308", expect: /^time: expected milliseconds/, request: { draft, time: 1e308 } },
  { name: "time beyond double range (1e400)", only: ["cli", "scoreJson"], expect: /not valid JSON/, line: '{"draft": "x", "time": 1e400}' },
  { name: "a 30-digit integer time", only: ["cli", "scoreJson"], expect: /^time: expected milliseconds/,
    line: '{"draft": "x", "time": 123456789012345678901234567890}' },
  { name: "a history time of -1e300", expect: /^history\[0\]\.time: expected milliseconds/,
    request: { draft, history: [{ role: "customer", text: "hi", time: -1e300 }] } },
  { name: "the largest JS Date is a fine time", expect: "result",
    request: { draft, time: 8.64e15, history: [{ role: "customer", text: "hi!!", time: -8.64e15 }] } },
  { name: "a fractional time", expect: "result", request: { draft, time: 1732780860000.75 } },
  { name: "a conversation id of 20 digits", only: ["cli", "scoreJson"], expect: "result",
    line: '{"id": 12345678901234567890, "turns": [{"role": "agent", "text": "hi"}]}' },
  { name: "a conversation id of 1e300", expect: /^id: expected a string/, request: { id: 1e300, turns: [] } },

  // --- Wrong types -------------------------------------------------------------------------
  { name: "draft is a number", expect: /^draft: expected a string$/, request: { draft: 42 } },
  { name: "draft is null", expect: /^draft: expected a string$/, request: { draft: null } },
  { name: "draft is an array", expect: /^draft: expected a string$/, request: { draft: ["sorry"] } },
  { name: "history is an object", expect: /^history: expected an array of turns$/, request: { draft, history: { 0: history[0] } } },
  { name: "history is a string", expect: /^history: expected an array of turns$/, request: { draft, history: "hello" } },
  { name: "a history item is a string", expect: /^history\[1\]: expected an object/, request: { draft, history: [history[0], "hi"] } },
  { name: "a history item is null", expect: /^history\[0\]: expected an object/, request: { draft, history: [null] } },
  { name: "a history text is a number", expect: /^history\[0\]\.text: expected a string$/,
    request: { draft, history: [{ role: "customer", text: 5 }] } },
  { name: "a history time is a string", expect: /^history\[0\]\.time: expected milliseconds/,
    request: { draft, history: [{ role: "customer", text: "hi", time: "yesterday" }] } },
  { name: "customer is a string", expect: /^customer: expected an object$/, request: { draft, customer: "Dana" } },
  { name: "customer.name is a number", expect: /^customer\.name: expected a string$/, request: { draft, customer: { name: 7 } } },
  { name: "typing is a string", expect: /^typing: expected true or false$/, request: { draft, typing: "yes" } },
  { name: "allow holds a number", expect: /^allow\[1\]: expected a string$/, request: { draft, allow: ["calm-down", 5] } },
  { name: "shown is a string", expect: /^shown: expected an array of rule ids$/, request: { draft, shown: "praise-acknowledged" } },
  { name: "turns is a string", expect: /^turns: expected an array of turns$/, request: { id: "c", turns: "hello" } },
  { name: "a meta value is a number", expect: /^meta\.team: expected a string$/, request: { id: "c", meta: { team: 3 }, turns: [] } },
  { name: "the request is an array", only: ["cli", "scoreJson"], expect: /expected a JSON object/, line: `[${JSON.stringify({ draft })}]` },
  { name: "the request is a string", only: ["cli", "scoreJson"], expect: /expected a JSON object/, line: '"draft"' },

  // --- Missing fields and unknown values -----------------------------------------------------
  { name: "an empty object", only: ["cli", "scoreJson"], expect: /expected a request with "draft" or a conversation with "turns"/, line: "{}" },
  { name: "both draft and turns", only: ["cli", "scoreJson"], expect: /not both/, line: '{"draft": "x", "turns": []}' },
  { name: "a history item without role", expect: /^history\[0\]\.role: expected "customer", "agent" or "bot"/,
    request: { draft, history: [{ text: "hi" }] } },
  { name: "a history item without text", expect: /^history\[0\]\.text: expected a string$/,
    request: { draft, history: [{ role: "customer" }] } },
  { name: "an unknown role", expect: /^history\[0\]\.role: expected "customer", "agent" or "bot", got "manager"$/,
    request: { draft, history: [{ role: "manager", text: "hi" }] } },
  { name: "a role in capitals", expect: /^turns\[0\]\.role: .*got "Customer"$/, request: { id: "c", turns: [{ role: "Customer", text: "hi" }] } },
  { name: "allow lists 100,000 rule ids", expect: "result",
    request: { draft, history, allow: Array.from({ length: 100_000 }, (_, i) => `rule-${i}`) } },
  { name: "typing, with the draft cut inside a multi-byte word", expect: "result", expectText: resultOrSurrogateError,
    request: { draft: "I'm so sorry, café\u0301\uD83D", history, typing: true } },
  { name: "typing, with an empty draft", expect: "result", request: { draft: "", history, typing: true } },
  { name: "unknown keys are ignored", expect: "result", request: { draft, history, tone: "warm", __proto__x: 1 } },
  { name: "a bot turn and an empty draft", expect: "result", request: { draft: "", history: [{ role: "bot", text: "Hello!" }, ...history] } },

  // --- Not JSON ------------------------------------------------------------------------------
  { name: "unterminated string", only: ["cli", "scoreJson"], expect: /^not valid JSON$/, line: '{"draft": "unterminated' },
  { name: "trailing garbage", only: ["cli", "scoreJson"], expect: /^not valid JSON$/, line: '{"draft": "a"} x' },
  { name: "two objects on one line", only: ["cli", "scoreJson"], expect: /^not valid JSON$/, line: '{"draft": "a"}{"draft": "b"}' },
  { name: "a comment", only: ["cli", "scoreJson"], expect: /^not valid JSON$/, line: '{"draft": "a"} // hi' },
  { name: "a byte-order mark", only: ["cli", "scoreJson"], expect: "result", line: '\uFEFF{"draft": "sorry"}' },
  { name: "NaN", only: ["cli", "scoreJson"], expect: /^not valid JSON$/, line: '{"draft": "x", "time": NaN}' },
];

/** Cases for an interface: "cli", "scoreJson" (JSON text through wasm) or "js" (objects). */
export function casesFor(iface) {
  return CASES.filter((c) => (c.only ? c.only.includes(iface) : true))
    .filter((c) => iface !== "js" || c.request !== undefined);
}

/** The JSON line of a case. */
export function lineOf(c) {
  if (c.line !== undefined) return c.line;
  return JSON.stringify(c.request);
}

/**
 * Checks one output against a case; returns null when fine, else what is wrong.
 * draftText and turnTexts are the texts spans refer to, as JS strings, when known;
 * asText says the case went in as JSON text (expectText applies).
 */
export function check(c, out, { draftText, turnTexts, asText = false } = {}) {
  if (out === null || typeof out !== "object") return `not an object: ${JSON.stringify(out)}`;
  const expect = asText && c.expectText ? c.expectText : c.expect;
  if (typeof expect === "function") return expect(out) ?? ("error" in out ? null : checkResult(out, draftText, turnTexts));
  if (expect instanceof RegExp) {
    if (!("error" in out)) return `expected an error matching ${expect}, got a result`;
    if (typeof out.error !== "string" || !expect.test(out.error)) return `error ${JSON.stringify(out.error)} does not match ${expect}`;
    return null;
  }
  if ("error" in out) return `expected a result, got error ${JSON.stringify(out.error)}`;
  return checkResult(out, draftText, turnTexts);
}

/** A result (or conversation result) is within the contract; spans within the text if known. */
export function checkResult(r, draftText, turnTexts) {
  if (Array.isArray(r.turns) && r.families === undefined) {
    for (const t of r.turns) {
      const problem = checkResult(t, turnTexts?.[t.index], turnTexts);
      if (problem) return `turn ${t.index}: ${problem}`;
    }
    return Number.isInteger(r.score) && r.score >= 0 && r.score <= 100 ? null : `conversation score ${r.score}`;
  }
  if (!Number.isInteger(r.score) || r.score < 0 || r.score > 100) return `score ${r.score}`;
  if (!["low", "fair", "good"].includes(r.band)) return `band ${r.band}`;
  if (Object.keys(r.families ?? {}).length !== 8) return "not all eight families";
  if (!Array.isArray(r.nudges) || r.nudges.length > 3) return "more than three nudges";
  const limit = typeof draftText === "string" ? draftText.length : Infinity;
  const spans = [
    ...Object.values(r.families).flatMap((f) => f.spans),
    ...r.behaviors.map((b) => [b.start, b.end]),
    ...r.nudges.filter((n) => n.start !== null).map((n) => [n.start, n.end]),
  ];
  for (const [s, e] of spans) {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || s > e || e > limit) return `span [${s}, ${e}) outside ${limit}`;
  }
  return null;
}

// --- Big inputs -------------------------------------------------------------------------------

/** A realistic reply paragraph: apologies that name the problem, questions, next steps. */
export const PARAGRAPH =
  "Hi Dana, thanks for your patience. I'm so sorry about the delay with your order, I know how " +
  "frustrating it is. Let's sort it out together: what happened when you tried the tracking link? " +
  "I'll check with the warehouse and update you by 3pm today. ";

/** A draft of about `bytes` UTF-8 bytes, made of whole paragraphs. */
export function bigDraft(bytes, paragraph = PARAGRAPH) {
  return paragraph.repeat(Math.max(1, Math.round(bytes / Buffer.byteLength(paragraph))));
}

/** The history the big drafts are scored against (an earlier agent turn: repeated phrases). */
export const BIG_HISTORY = [
  { role: "customer", text: "My order is late again and the tracking link doesn't work. I'm so frustrated!!" },
  { role: "agent", text: "Thanks for your patience. I'm so sorry about the delay with your order." },
  { role: "customer", text: "I need it by tomorrow, it's urgent. What happened?" },
];

/** Plain text: few behaviours, and none of the draft's phrases. */
export const PLAIN = "the parcel left the depot on Monday and the courier has the new address ";

/** A 1 MB earlier agent turn (plain text) before a 1 MB draft: every phrase of the draft is looked for in it. */
export function bigEarlierTurn(bytes = 1_000_000) {
  return { history: [BIG_HISTORY[0], { role: "agent", text: bigDraft(bytes, PLAIN) }, BIG_HISTORY[2]], draft: bigDraft(bytes) };
}

/** `n` turns, customer and agent alternating, each a short realistic message. */
export function manyTurns(n) {
  const customer = ["Where is my refund?? This is the third time I ask!", "I'm worried, my card was charged twice.",
    "ok thanks", "That doesn't help at all, I'm so annoyed."];
  const agent = ["I'm so sorry about that, let me check your refund now.", "Thanks for waiting, I can see the charge.",
    "Could you tell me what you see on your statement?", "I'll fix it today and email you by 5pm."];
  return Array.from({ length: n }, (_, i) => ({
    role: i % 2 === 0 ? "customer" : "agent",
    text: (i % 2 === 0 ? customer : agent)[(i >> 1) % 4],
    time: 1732780800000 + i * 30_000,
  }));
}

/** Time limits (ms), generous for a shared 2-core machine; the ratio is the linearity check. */
export const LIMITS = {
  oneMegabyte: 5_000, // a 1 MB draft, end to end
  tenMegabytes: 30_000, // a 10 MB draft, end to end
  ratio: 15, // 10 MB must take less than 15x the 1 MB time (linear would be ~10x)
  manyTurns: 10_000, // 10,000 turns of history, or a 10,000-turn conversation
  bigEarlierTurn: 5_000, // a 1 MB agent turn in the history and a 1 MB draft
};
