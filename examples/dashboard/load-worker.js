// The dashboard's scoring worker: reads a chunk of a file (JSON Lines, or one JSON array),
// scores its raw conversations with the wasm engine and sends back what the page shows,
// so that 100,000 conversations load without freezing the page. Started by load.js, one
// per core; never by hand.
//
// Protocol: {id, op: "chunk", text, firstLine, array} → {id, value: {items, errors}};
//           {id, op: "score", conversation}    → {id, value: full conversation result}.
// Items come back slim (slimResult): the lists, charts and tables need scores, flags,
// risks, nudges and the score's parts; the drill-down asks for one full result again.

import { loadScorer } from "../../web/empathy.js";
import { parseRecords } from "./stats.js";

let scorer = null;

async function scoreConversation(conversation) {
  scorer ??= await loadScorer();
  let result = scorer.scoreConversation(conversation);
  if (result.packLoading) {  // the first conversation in a language with a pack: wait for it
    await scorer.packsReady();
    result = scorer.scoreConversation(conversation);
  }
  return result;
}

/** What the page keeps of a conversation result when it holds the transcript to score again. */
export function slimResult(r) {
  return {
    id: r.id, score: r.score, band: r.band, needsEmpathy: r.needsEmpathy, language: r.language, supported: r.supported,
    components: r.components, flags: r.flags, meta: r.meta, parts: r.parts,
    turns: r.turns.map((t) => ({
      index: t.index, score: t.score, band: t.band, needsEmpathy: t.needsEmpathy, language: t.language, supported: t.supported,
      customer: { risk: t.customer?.risk ?? [], emotions: (t.customer?.emotions ?? []).map((e) => ({ id: e.id, intensity: e.intensity })) },
      nudges: (t.nudges ?? []).map((n) => ({ ruleId: n.ruleId, kind: n.kind, family: n.family, message: n.message, start: n.start, end: n.end })),
    })),
  };
}

async function chunk(text, firstLine, array) {
  const { records, errors } = parseRecords(text, { lines: !array });
  const shift = firstLine - 1;
  const items = [];
  const failures = [];
  for (const { kind, value, line } of records) {
    const at = line + shift;
    if (kind === "scored") {
      items.push({ id: String(value.id ?? `line ${at}`), meta: value.meta ?? {}, result: value, conversation: null, line: at });
      continue;
    }
    const result = await scoreConversation(value);
    if ("error" in result) failures.push({ line: at, error: result.error });
    else items.push({ id: String(value.id ?? result.id ?? `line ${at}`), meta: value.meta ?? {}, result: slimResult(result), conversation: value, line: at });
  }
  return { items, errors: [...errors.map((e) => ({ ...e, line: e.line + shift })), ...failures] };
}

const ops = { chunk, score: scoreConversation };

self.addEventListener("message", async ({ data: { id, op, ...args } }) => {
  try {
    const value = op === "chunk" ? await ops.chunk(args.text, args.firstLine, args.array) : await ops.score(args.conversation);
    self.postMessage({ id, value });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
});
