// The benchmark corpus (bench/messages.mjs): deterministic, the sizes it promises, and
// requests the engine accepts. Fast: no build needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CURVE_DRAFT_CHARS, HISTORIES, curve, peerMessages, toJsonl, typingSession, workloads } from "../../bench/messages.mjs";

test("the same seed gives the same corpus, byte for byte", () => {
  assert.equal(toJsonl(workloads({ perWorkload: 5 })), toJsonl(workloads({ perWorkload: 5 })));
  assert.equal(JSON.stringify(typingSession()), JSON.stringify(typingSession()));
  assert.notEqual(toJsonl(workloads({ perWorkload: 5, seed: 1 })), toJsonl(workloads({ perWorkload: 5 })));
});

test("drafts are short (~60), typical (~300) and long (~2,000 characters) after 0, 10 and 100 turns", () => {
  const sets = workloads({ perWorkload: 30 });
  assert.deepEqual(sets.map((s) => s.name), ["short", "typical", "long"].flatMap((size) => HISTORIES.map((h) => `${size}/h${h}`)));
  const limits = { short: [40, 80], typical: [250, 400], long: [1900, 2100] };
  for (const set of sets) {
    for (const r of set.requests) {
      const [lo, hi] = limits[set.size];
      assert.ok(r.draft.length >= lo && r.draft.length <= hi, `${set.name}: ${r.draft.length} characters`);
      assert.equal(r.history.length, set.history);
      if (r.history.length) assert.equal(r.history.at(-1).role, "customer", "the customer waits for the draft");
      for (const t of r.history) assert.ok(["customer", "agent"].includes(t.role) && t.text.length > 0 && Number.isFinite(t.time));
    }
  }
});

test("curve points have the draft length and history they are named after", () => {
  for (const point of curve({ perPoint: 2 })) {
    for (const r of point.requests) {
      if (point.axis === "draft") {
        assert.ok(r.draft.length <= point.x && r.draft.length >= point.x * 0.8, `${point.name}: ${r.draft.length}`);
        assert.equal(r.history.length, 0);
      } else {
        assert.equal(r.history.length, point.x);
      }
    }
  }
  assert.equal(curve({ perPoint: 1 }).filter((p) => p.axis === "draft").length, CURVE_DRAFT_CHARS.length);
});

test("the peers get the drafts of the no-history workloads, and typing bursts rebuild each reply", () => {
  const texts = peerMessages({ perWorkload: 4 });
  const byName = Object.fromEntries(workloads({ perWorkload: 4 }).map((s) => [s.name, s]));
  assert.deepEqual(texts.short, byName["short/h0"].requests.map((r) => r.draft));
  const session = typingSession();
  assert.equal(session.history.length, 10);
  for (const reply of session.replies) assert.equal(reply.bursts.map((b) => b.text).join(""), reply.text);
});
