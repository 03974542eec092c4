// The end-of-chat coaching summary, built from the engine's conversation result: what
// went well and what to try next time, each with a quote from the chat. No DOM here, so
// Node tests can import it.
//
//   import { coachingSummary } from "./coaching.js";
//   const summary = coachingSummary(scorer.scoreConversation({ turns }), turns, { name: "Priya" });
//   // -> {tone, headline, wentWell: [Point], tryNext: [Point]}
//   // Point: {id, title, quote, reply, customerQuote, suggestion}; reply is the agent reply's
//   // number (1-based) the quote comes from, or null.

const MAX_POINTS = 3;

/** Positive families, most telling first, with what doing them well sounds like. */
const FAMILY_PRAISE = [
  ["emotional-reaction", (n) => `You acknowledged how ${n} felt`],
  ["interpretation", () => "You showed you understood the situation"],
  ["exploration", (n) => `You invited ${n} to say more`],
  ["reassurance", () => "You took ownership and gave a clear next step"],
  ["inclusive", () => "You made it a joint effort"],
  ["politeness", () => "You kept it warm and courteous"],
];

/** A first line for an acknowledgement, by the risk the customer showed. */
const RISK_SUGGESTIONS = {
  "bereavement": "I’m so sorry for your loss.",
  "fraud": "That sounds really worrying, and you did the right thing telling us.",
  "health": "I’m sorry you’re going through this. I hope you’re doing ok.",
  "financial-hardship": "Thank you for telling me, I know that’s not easy.",
  "complaint-escalation": "You have every right to be frustrated, and I’m sorry.",
  "churn": "I’m sorry we’ve let you down. Let me see what I can do.",
  "safety": "Your safety comes first. Are you safe right now?",
};

const label = (s) => String(s).replace(/-/g, " ");

/** The text of a span, trimmed and shortened to about `max` characters on a word boundary. */
function excerpt(text, start = 0, end = text.length, max = 110) {
  let piece = String(text).slice(Math.max(0, start), Math.min(text.length, end)).replace(/\s+/g, " ").trim();
  if (piece.length > max) piece = `${piece.slice(0, piece.lastIndexOf(" ", max) > max / 2 ? piece.lastIndexOf(" ", max) : max)}…`;
  return piece;
}

/** The first sentence of a reply, for quoting a reply as a whole. */
function opening(text) {
  const match = /^.+?[.!?](\s|$)/s.exec(String(text).trim());
  return excerpt(match ? match[0] : text);
}

function levelOf(turnResult, family) {
  return turnResult.families?.[family]?.level ?? 0;
}

function acknowledged(turnResult) {
  return levelOf(turnResult, "emotional-reaction") > 0 || levelOf(turnResult, "interpretation") > 0;
}

/** The sentence of `text` around [start, end), shortened. */
function sentenceAround(text, start, end) {
  const before = text.slice(0, start).search(/[^.!?\n]*$/);
  const after = /[.!?\n]/.exec(text.slice(end));
  return excerpt(text, before, after ? end + after.index + 1 : text.length, 120);
}

/** Indexes of the customer messages the agent turn at `index` answers (the block before it). */
function customerBlock(index, turns) {
  const block = [];
  for (let i = index - 1; i >= 0 && turns[i]?.role === "customer"; i--) block.unshift(i);
  return block;
}

/**
 * What the customer said that called for empathy, quoted: the sentence around their
 * strongest clear emotion, else (a risk such as bereavement has no evidence span) the
 * first message of the block the reply answers.
 */
function customerEvidence(turnResult, turns) {
  const emotions = [...(turnResult.customer?.emotions ?? [])]
    .filter((e) => e.id !== "gratitude" && e.intensity >= 0.3 && Number.isInteger(e.turn) && turns[e.turn])
    .sort((a, b) => b.intensity - a.intensity);
  for (const e of emotions) {
    const [start, end] = e.spans?.[0] ?? [];
    if (Number.isInteger(start)) return { emotion: e.id, quote: sentenceAround(String(turns[e.turn].text), start, end) };
  }
  const [first] = customerBlock(turnResult.index, turns);
  return { emotion: null, quote: first === undefined ? null : opening(turns[first].text) };
}

/** The customer's words that raised a risk: the first message before the first reply that saw it. */
function riskEvidence(replies, risk, turns) {
  const first = replies.find((t) => (t.customer?.risk ?? []).includes(risk));
  const [index] = first ? customerBlock(first.index, turns) : [];
  return index === undefined ? null : opening(turns[index].text);
}

/**
 * Builds the coaching summary.
 * @param {object} result a conversation result (scoreConversation), with `turns[].index`
 * @param {Array<{role: string, text: string}>} turns the conversation that was scored
 * @param {{name?: string}} [options] the customer's first name, for friendlier titles
 * @returns {{tone: "good" | "fair" | "low" | "neutral", headline: string, wentWell: object[], tryNext: object[]}}
 */
export function coachingSummary(result, turns, { name = "the customer" } = {}) {
  const replies = result.turns ?? [];
  const replyNumber = new Map(replies.map((t, i) => [t.index, i + 1]));
  const flags = new Set(result.flags ?? []);
  const textOf = (t) => String(turns[t.index]?.text ?? "");
  const firstReply = (t) => turns[t.index - 1]?.role === "customer";

  // --- What went well -----------------------------------------------------------------------
  const wentWell = [];
  if (!result.needsEmpathy && replies.length) {
    wentWell.push({
      id: "factual", title: "A friendly, factual answer: just what this question needed",
      quote: opening(textOf(replies[0])), reply: 1,
    });
  }
  for (const [family, title] of FAMILY_PRAISE) {
    let best = null;
    for (const t of replies) {
      for (const b of t.behaviors ?? []) {
        if (b.family !== family || !(b.polarity > 0)) continue;
        if (!best || b.weight > best.b.weight) best = { b, t };
      }
    }
    if (!best) continue;
    let text = title(name);
    if (family === "emotional-reaction" && result.needsEmpathy && !flags.has("missed-empathy")) text += ", right when it mattered";
    wentWell.push({
      id: family, title: text, quote: sentenceAround(textOf(best.t), best.b.start, best.b.end), reply: replyNumber.get(best.t.index),
    });
  }

  // --- What to try next time ------------------------------------------------------------------
  const tryNext = [];
  const covered = new Set(); // rule ids already made into a point
  const missedTurns = replies.filter((t) => firstReply(t) && t.needsEmpathy && !acknowledged(t));
  const highRisk = flags.has("missed-empathy-high-risk") ? missedTurns.find((t) => (t.customer?.risk ?? []).length) : null;
  if (highRisk) {
    const risks = highRisk.customer.risk;
    const nudge = (highRisk.nudges ?? []).find((n) => n.kind === "tip" && n.suggestion);
    if (nudge) covered.add(nudge.ruleId);
    tryNext.push({
      id: "missed-empathy-high-risk",
      title: `At a high-risk moment (${risks.map(label).join(", ")}), lead with empathy`,
      // Quote where the risk came up when this reply was the first to see it, else what
      // the customer had just said.
      customerQuote: (replies.find((t) => (t.customer?.risk ?? []).includes(risks[0])) === highRisk
        ? riskEvidence(replies, risks[0], turns) : null) ?? customerEvidence(highRisk, turns).quote,
      quote: opening(textOf(highRisk)),
      reply: replyNumber.get(highRisk.index),
      // The engine's generic "acknowledge feelings" line fits a complaint, not a fraud or
      // a death: a line for the risk reads better, unless the engine has a specific one.
      suggestion: (nudge && nudge.ruleId !== "acknowledge-feelings" ? nudge.suggestion : null) ??
        RISK_SUGGESTIONS[risks[0]] ?? nudge?.suggestion ?? "I’m sorry, that sounds really hard.",
    });
  }
  for (const t of replies) {
    for (const n of t.nudges ?? []) {
      if (n.kind !== "warning" || covered.has(n.ruleId)) continue;
      covered.add(n.ruleId);
      const quote = Number.isInteger(n.start) && Number.isInteger(n.end) ? excerpt(textOf(t), n.start, n.end) : opening(textOf(t));
      tryNext.push({ id: n.ruleId, title: n.message, quote, reply: replyNumber.get(t.index), suggestion: n.suggestion ?? null });
    }
  }
  const missed = flags.has("missed-empathy") ? missedTurns.find((t) => t !== highRisk) : null;
  if (missed) {
    const nudge = (missed.nudges ?? []).find((n) => n.kind === "tip" && n.suggestion && !covered.has(n.ruleId));
    if (nudge) covered.add(nudge.ruleId);
    const evidence = customerEvidence(missed, turns);
    tryNext.push({
      id: "missed-empathy",
      title: "Acknowledge how they feel in your first reply after they show it",
      customerQuote: evidence.quote,
      quote: opening(textOf(missed)),
      reply: replyNumber.get(missed.index),
      suggestion: nudge?.suggestion ?? "I’m sorry, that sounds really frustrating.",
    });
  }
  for (const t of replies) {
    for (const n of t.nudges ?? []) {
      if (n.kind !== "tip" || covered.has(n.ruleId)) continue;
      // A tip about the acknowledgement itself is covered by the missed-empathy point.
      if (missed && n.family === "emotional-reaction") continue;
      covered.add(n.ruleId);
      const quote = Number.isInteger(n.start) && Number.isInteger(n.end) ? excerpt(textOf(t), n.start, n.end) : opening(textOf(t));
      tryNext.push({ id: n.ruleId, title: n.message, quote, reply: replyNumber.get(t.index), suggestion: n.suggestion ?? null });
    }
  }
  if (flags.has("slow-reply")) {
    tryNext.push({ id: "slow-reply", title: "Reply sooner when they are waiting: a quick holding line helps", quote: null, reply: null, suggestion: "Thanks for bearing with me, I’m looking into this now." });
  }

  // --- Headline -------------------------------------------------------------------------------
  const band = result.band ?? (result.score < 40 ? "low" : result.score < 70 ? "fair" : "good");
  let tone = band;
  let headline;
  if (!result.needsEmpathy) {
    tone = "neutral";
    headline = "A friendly, factual chat: no empathy was needed, and none was missed.";
  } else if (band === "good") {
    headline = `${name[0].toUpperCase()}${name.slice(1)} felt heard. Keep doing this.`;
  } else if (band === "fair") {
    headline = "Helpful, but the empathy could come through more.";
  } else {
    headline = flags.has("missed-empathy") ? `${name[0].toUpperCase()}${name.slice(1)}'s feelings went unacknowledged.` : "This conversation needs work.";
  }
  return { tone, headline, wentWell: wentWell.slice(0, MAX_POINTS), tryNext: tryNext.slice(0, MAX_POINTS) };
}
