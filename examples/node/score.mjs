import { loadScorer } from "empathy-coach";

const scorer = await loadScorer();
const result = scorer.score({
  history: [{ role: "customer", text: "I've been charged twice and nobody is helping me!!" }],
  draft: "Calm down, as I said the refund takes 5 days.",
});
console.log(`score ${result.score}/100 (${result.band})`);
for (const nudge of result.nudges) console.log(`${nudge.kind}: ${nudge.message}`);
scorer.dispose();
