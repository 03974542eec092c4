// A TypeScript user of empathy-coach, compiled with `tsc --noEmit` by types.test.mjs: the
// hand-written declarations must accept what the API accepts and give the right types.
// Lines under @ts-expect-error must NOT compile: they prove the types catch mistakes.
import { loadScorer, defaultModel } from "empathy-coach";
import type { ConversationResult, Edit, ErrorResult, Nudge, PackLoadedEvent, Result, Scorer, Turn, WorkerScorer } from "empathy-coach";
import { attach } from "empathy-coach/widget";
import type { Coach } from "empathy-coach/widget";
import type { EmpathyCoachElement } from "empathy-coach/coach-element";

function isError<T extends object>(r: T | ErrorResult): r is ErrorResult {
  return "error" in r;
}

export async function main(textarea: HTMLTextAreaElement): Promise<void> {
  const scorer: Scorer = await loadScorer({ model: await defaultModel(), overlay: { nudges: {} } });
  const history: Turn[] = [{ role: "customer", text: "My order never arrived!!", time: 1732780800000 }];
  const draft = "I'm sorry it hasn't arrived.";
  const result = scorer.score({ history, draft, customer: { name: "Dana" }, allow: ["praise-acknowledged"] });
  if (!isError(result) && result.supported) {
    const score: number = result.score;
    const band: "low" | "fair" | "good" = result.band;
    const level: 0 | 1 | 2 = result.families["emotional-reaction"].level;
    const first: Nudge | undefined = result.nudges[0];
    const start: number | null = first?.start ?? null;
    const edit: Edit | undefined = first?.edit;
    const applied: string = edit ? draft.slice(0, edit.start) + edit.text + draft.slice(edit.end) : draft;
    console.log(applied);
    const [s, e] = result.families.dismissive.spans[0] ?? [0, 0];
    console.log(score, band, level, start, s + e, result.components.genuineTone, result.customer.emotions[0]?.intensity);
    // @ts-expect-error: there is no such family
    console.log(result.families["empathy"]);
  } else if (!isError(result)) {
    // Not read (another language): no score to read.
    const none: null = result.score;
    const language: string = result.customer.language;
    console.log(none, language, result.language);
  } else {
    const message: string = result.error;
    console.log(message);
  }
  if (!isError(result)) {
    // @ts-expect-error: the score may be null until `supported` is checked
    const unchecked: number = result.score;
    console.log(unchecked);
  }

  const convo = scorer.scoreConversation({ id: "c1", meta: { team: "billing" }, turns: history });
  if (!isError(convo)) {
    const c: ConversationResult = convo;
    console.log(c.flags.includes("missed-empathy"), c.turns[0]?.index, c.turns[0]?.nudges.length);
  }
  const json: string = scorer.scoreJson('{"draft":"hi"}');
  await scorer.setModel({ overlay: new URL("https://example.com/overlay.json") });
  const packs: string[] = scorer.packLanguages;
  await scorer.loadPack("es");
  scorer.addEventListener("packloaded", (event) => console.log((event as PackLoadedEvent).language, packs));
  const pending = scorer.score({ draft: "Hola" });
  if (!isError(pending) && !pending.supported && pending.packLoading) await scorer.packsReady();
  scorer.dispose();
  const own: Scorer = await loadScorer({ packs: { it: "/packs/it.json" } });
  own.dispose();
  // @ts-expect-error: packs is "auto", "none" or an object of language: pack
  await loadScorer({ packs: ["es"] });

  const worker: WorkerScorer = await loadScorer({ worker: true });
  const later: Result | ErrorResult = await worker.score({ draft: "hello" });
  console.log(later, json);
  worker.dispose();

  // @ts-expect-error: a request needs a draft
  scorer.score({ history });
  // @ts-expect-error: roles are customer, agent or bot
  scorer.score({ draft: "x", history: [{ role: "boss", text: "hi" }] });
  // @ts-expect-error: a worker scorer's results are promises
  const notYet: Result = worker.score({ draft: "x" });
  console.log(notYet);

  const coach: Coach = attach(textarea, {
    scorer,
    history: () => history,
    onResult: (r) => console.log(isError(r) ? r.error : r.score),
    allow: ["avoid-calm-down"],
    debounce: 200,
    customer: () => ({ name: "Dana" }),
  });
  coach.update();
  const latest: Result | ErrorResult | null = coach.result;
  console.log(latest);
  coach.destroy();
  // A Worker scorer drives the widget too: update() then gives a promise.
  const workerCoach = attach(textarea, { scorer: worker });
  const workerResult = workerCoach.update();
  if (workerResult instanceof Promise) {
    const r = await workerResult;
    console.log(r && isError(r) ? r.error : r?.score);
  }
  workerCoach.destroy();
  // @ts-expect-error: a scorer must score
  attach(textarea, { scorer: { scoreConversation: worker.scoreConversation } });

  // The custom element: its tag, properties and events are typed.
  await import("empathy-coach/coach-element");
  const element: EmpathyCoachElement = document.createElement("empathy-coach");
  element.history = () => history;
  element.addEventListener("empathy-result", (event) => {
    const r = event.detail.result;
    console.log(isError(r) ? r.error : r.score, event.detail.draft.length);
  });
  const shown: Result | ErrorResult | null = element.result;
  console.log(shown, element.coach?.result ?? null);
  // @ts-expect-error: history is turns, not text
  element.history = "hello";
}

// The minified bundles carry their sources' declarations.
export async function bundles(textarea: HTMLTextAreaElement): Promise<void> {
  const { loadScorer: loadMinified } = await import("empathy-coach/min");
  const { attach: attachMinified } = await import("empathy-coach/widget/min");
  const { EmpathyCoachElement: MinifiedElement } = await import("empathy-coach/coach-element/min");
  const scorer: Scorer = await loadMinified();
  const coach: Coach = attachMinified(textarea, { scorer, history: () => [] });
  const element: EmpathyCoachElement = new MinifiedElement();
  console.log(coach.result, element.result);
  // @ts-expect-error: a scorer must score
  attachMinified(textarea, { scorer: {} });
}
