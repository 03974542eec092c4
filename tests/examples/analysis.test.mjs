// examples/dashboard/analysis.js in Node: the seeded bootstrap and its sentences, the filters
// and their URL form, the people table, coaching themes, CSV and JSON Lines export, 100,000
// conversations in well under the time a page can wait, and the sample scored by the real engine.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CONVERSATION_COLUMNS, FILTER_KEYS, MIN_GROUP, NORMAL_ABOVE, agentTable, bootstrapDifference, bootstrapMean, coachingThemes,
  compareGroups, conversationRows, differenceSentence, emptyFilters, filterItems, filtersFromQuery, filtersToQuery, findings,
  lastMonth, matches, strengths, toCSV, toJSONL, weeklyMeans, weeksOf,
} from "../../examples/dashboard/analysis.js";
import { mulberry32 } from "../../examples/data/random.js";
import { dateOf, isRead, weekOf } from "../../examples/dashboard/stats.js";
import { loadScorer } from "../../web/empathy.js";

const SAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "data", "conversations.jsonl");

/** `n` scores spread evenly around `center` (±spread), shuffled by a seed so groups differ. */
function scores(n, center, spread, seed = 9) {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => Math.round(center + (next() * 2 - 1) * spread));
}

/** A dashboard item: {id, meta, result, conversation}, with nudges on its one reply turn. */
function item(id, score, { meta = {}, flags = [], risk = [], nudges = [], conversation = null, supported = true } = {}) {
  const read = supported && score !== null;
  return {
    id,
    meta: { team: "billing", channel: "chat", shift: "day", agent: "Ana", date: "2025-03-03", ...meta },
    result: {
      id, score: read ? score : null, band: null, supported: read, language: read ? "en" : "es", needsEmpathy: true,
      flags, components: {},
      turns: [{
        index: 1, score: read ? score : null, band: null, needsEmpathy: true,
        customer: { emotions: [], risk }, nudges, behaviors: [],
      }],
    },
    conversation,
  };
}

const nudge = (ruleId, kind = "tip", start = null, end = null) => ({
  ruleId, kind, family: "f", message: `${ruleId} message`, start, end, suggestion: null,
});

describe("bootstrap (analysis.js)", () => {
  test("mulberry32 (examples/data/random.js): deterministic floats in [0, 1), a different stream for a different seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, mulberry32(43)));
    // The first value of mulberry32(1), as the reference implementation gives it.
    assert.equal(mulberry32(1)(), 0.6270739405881613);
  });

  test("bootstrapMean is stable for a seed, moves with another, and handles 0 and 1 scores", () => {
    const s = scores(80, 60, 30);
    const one = bootstrapMean(s, { seed: 5 });
    assert.deepEqual(bootstrapMean(s, { seed: 5 }), one);
    const other = bootstrapMean(s, { seed: 6 });
    assert.equal(other.mean, one.mean, "the mean itself does not depend on the seed");
    assert.notDeepEqual([other.low, other.high], [one.low, one.high]);
    assert.deepEqual(bootstrapMean([]), { mean: null, low: null, high: null, n: 0 });
    assert.deepEqual(bootstrapMean([73]), { mean: 73, low: 73, high: 73, n: 1 });
    assert.deepEqual(bootstrapMean([1, 2]).mean, 1.5);
  });

  test("the interval contains the mean and narrows as n grows", () => {
    const small = bootstrapMean(scores(30, 50, 40));
    const large = bootstrapMean(scores(3000, 50, 40));
    for (const r of [small, large]) assert.ok(r.low <= r.mean && r.mean <= r.high, JSON.stringify(r));
    assert.ok(large.high - large.low < (small.high - small.low) / 4, `${JSON.stringify(small)} vs ${JSON.stringify(large)}`);
    assert.ok(Math.abs(large.mean - 50) < 2);
    // A 50% interval is inside the 95% one.
    const half = bootstrapMean(scores(30, 50, 40), { level: 0.5 });
    assert.ok(half.low > small.low && half.high < small.high);
  });

  test("two groups 20 points apart differ significantly; two from the same spread do not", () => {
    const d = bootstrapDifference(scores(100, 70, 25, 1), scores(100, 50, 25, 2));
    assert.equal(d.significant, true);
    assert.ok(d.low > 0 && d.low < d.difference && d.difference < d.high, JSON.stringify(d));
    assert.ok(Math.abs(d.difference - 20) < 5, JSON.stringify(d));
    assert.deepEqual(bootstrapDifference(scores(100, 70, 25, 1), scores(100, 50, 25, 2)), d, "same seed, same interval");
    const reversed = bootstrapDifference(scores(100, 50, 25, 2), scores(100, 70, 25, 1));
    assert.equal(reversed.significant, true, "a clearly negative difference is significant too");
    assert.ok(reversed.high < 0 && reversed.difference === -d.difference, JSON.stringify(reversed));
    const same = bootstrapDifference(scores(100, 60, 25, 3), scores(100, 60, 25, 4));
    assert.equal(same.significant, false);
    assert.ok(same.low < 0 && same.high > 0, JSON.stringify(same));
    assert.deepEqual(bootstrapDifference([], [1, 2]), { difference: null, low: null, high: null, significant: null });
  });
});

describe("large groups", () => {
  test("above NORMAL_ABOVE scores the normal interval is used, and agrees with the bootstrap to a tenth of a point", () => {
    // Skewed, bounded scores like real ones: most good, a tail of zeros.
    const next = mulberry32(5);
    const skewed = Array.from({ length: NORMAL_ABOVE }, () => (next() < 0.15 ? 0 : Math.round(60 + next() * 40)));
    const boot = bootstrapMean(skewed, { resamples: 4000 });
    const normal = bootstrapMean([...skewed, ...skewed.slice(0, 1)]);  // one more score: over the line
    assert.ok(Math.abs(boot.low - normal.low) <= 0.15 && Math.abs(boot.high - normal.high) <= 0.15,
      `bootstrap ${JSON.stringify(boot)} vs normal ${JSON.stringify(normal)}`);
    const twice = [...skewed, ...skewed];
    const d = bootstrapDifference(twice, twice.map((x) => Math.max(0, x - 1)));
    assert.ok(d.difference > 0.7 && d.difference < 1, JSON.stringify(d));  // 1 point lower, except the zeros
    assert.equal(d.significant, false, JSON.stringify(d));
    const far = bootstrapDifference(twice, twice.map((x) => Math.max(0, x - 5)));
    assert.equal(far.significant, true, JSON.stringify(far));
  });
});

describe("comparing groups", () => {
  const groupItems = (value, list, key = "shift") => list.map((s, i) => item(`${value}${i}`, s, { meta: { [key]: value } }));

  test("compareGroups: read conversations only, weakest first, ties by name", () => {
    const items = [
      ...groupItems("day", [80, 90]),
      ...groupItems("night", [40, 60]),
      ...groupItems("evening", [60, 80]),
      item("e-x", null, { meta: { shift: "evening" }, supported: false }),
      item("z", null, { meta: { shift: "graveyard" }, supported: false }),
      item("n-f", 50, { meta: { shift: "night" }, flags: ["missed-empathy"] }),
      ...groupItems("late", [70, 70]),
    ];
    const groups = compareGroups(items, "shift");
    assert.deepEqual(groups.map((g) => [g.value, g.count, g.mean]),
      [["night", 3, 50], ["evening", 2, 70], ["late", 2, 70], ["day", 2, 85]]);
    assert.equal(groups[0].missedEmpathyRate, 0.333);
    for (const g of groups) assert.ok(g.low <= g.mean && g.mean <= g.high);
    assert.deepEqual(compareGroups([], "shift"), []);
  });

  test("differenceSentence: a clear difference, with the interval in whole points", () => {
    const items = [...groupItems("night", scores(100, 50, 25, 2)), ...groupItems("day", scores(100, 70, 25, 1))];
    const groups = compareGroups(items, "shift");
    assert.equal(differenceSentence(groups, "shift", items),
      "Night shift scores 18 points lower than day shift (95% CI 14–23), n = 100 and 100.");
    assert.equal(differenceSentence(groups, "shift", items), differenceSentence(groups, "shift", items), "stable");
    assert.equal(differenceSentence(groups.slice(0, 1), "shift", items), null);
    assert.equal(differenceSentence([], "shift", items), null);
  });

  test("differenceSentence: no clear difference, a negative bound written with a minus sign and \"to\"", () => {
    const items = [
      ...groupItems("card-services", scores(60, 60, 30, 3), "team"), ...groupItems("billing", scores(60, 62, 30, 4), "team"),
    ];
    const groups = compareGroups(items, "team");
    assert.deepEqual(groups.map((g) => g.value), ["card-services", "billing"]);
    assert.equal(differenceSentence(groups, "team", items),
      "Card services team and billing team differ by 2 points (95% CI −3 to 8): no clear difference, " +
      "n = 60 and 60.");
  });

  test("differenceSentence: the extremes of many groups allow for every pair; a bound near 0 keeps its decimal", () => {
    const many = ["a", "b", "c", "d", "e"].flatMap((team, k) => groupItems(team, scores(80, 50 + k * 4, 25, k + 1), "team"));
    const sentence = differenceSentence(compareGroups(many, "team"), "team", many);
    assert.match(sentence, /\(95% CI [−\d.]+( to |–)[−\d.]+, allowing for 10 comparisons\)/, sentence);
    // Two groups whose interval starts just above 0: "0.4–…", never "0–…" beside "scores … lower".
    const near = [...groupItems("night", scores(400, 58.3, 30, 7)), ...groupItems("day", scores(400, 62, 30, 8))];
    const said = differenceSentence(compareGroups(near, "shift"), "shift", near);
    assert.doesNotMatch(said, /\(95% CI 0–/, said);
    assert.doesNotMatch(said, /CI −?0 to/, said);
  });

  test("differenceSentence: \"1 point\", and agents by name", () => {
    const tight = [...groupItems("social", new Array(200).fill(0).map((_, i) => 50 + (i % 2)), "channel"),
      ...groupItems("chat", new Array(200).fill(0).map((_, i) => 51 + (i % 2)), "channel")];
    assert.equal(differenceSentence(compareGroups(tight, "channel"), "channel", tight),
      "Social channel scores 1 point lower than chat channel (95% CI 1–1), n = 200 and 200.");
    const agents = [...groupItems("Dana Ortiz", [40, 60, 50, 70], "agent"), ...groupItems("Lee", [41, 61, 51, 71], "agent")];
    assert.equal(differenceSentence(compareGroups(agents, "agent"), "agent", agents),
      "Dana Ortiz and Lee differ by 1 point (95% CI −14 to 16): no clear difference, n = 4 and 4.");
  });
});

describe("filters", () => {
  test("FILTER_KEYS and an empty filter state", () => {
    assert.deepEqual(FILTER_KEYS, ["from", "to", "team", "channel", "shift", "agent", "risk", "band", "q"]);
    assert.deepEqual(emptyFilters(), {
      from: "", to: "", team: "", channel: "", shift: "", agent: "", risk: "", band: "", q: "",
    });
    assert.equal(filtersToQuery(emptyFilters()), "");
  });

  test("a query round-trips, in FILTER_KEYS order", () => {
    for (const q of [
      "?from=2025-03-01&team=billing",
      "?from=2025-01-06&to=2025-02-01&shift=night&agent=Dana+Ortiz&risk=any&band=low&q=refund+late",
      "?channel=social&risk=fraud&q=%C3%A9t%C3%A9+%26+co",
      "",
    ]) {
      assert.equal(filtersToQuery(filtersFromQuery(q)), q);
    }
    assert.equal(filtersToQuery({ ...emptyFilters(), q: "a&b", team: "billing" }), "?team=billing&q=a%26b");
    assert.deepEqual(filtersFromQuery("q=a%26b"), { ...emptyFilters(), q: "a&b" });
    assert.equal(filtersToQuery(filtersFromQuery("?band=good&team=billing")), "?team=billing&band=good", "reordered");
  });

  test("unknown keys, invalid dates and unknown bands are ignored", () => {
    assert.deepEqual(filtersFromQuery("?foo=1&from=2025-02-30&to=03/01/2025&band=great&team=billing"),
      { ...emptyFilters(), team: "billing" });
    assert.deepEqual(filtersFromQuery("?from=2025-2-3&to=2024-02-29"), { ...emptyFilters(), to: "2024-02-29" });
    assert.deepEqual(filtersFromQuery(""), emptyFilters());
  });

  const firstMessage = (text) => ({
    id: "x", turns: [{ role: "agent", text: "Hello, how can I help?" }, { role: "customer", text }],
  });
  const items = [
    item("a1", 30, {
      meta: { date: "2025-03-01", agent: "Dana Ortiz" }, risk: ["fraud"], conversation: firstMessage("My CARD was stolen"),
    }),
    item("a2", 55, { meta: { date: "2025-03-02" }, risk: ["bereavement"] }),
    item("a3", 85, { meta: { date: "2025-03-03" } }),
    item("a4", null, { meta: { date: "2025-03-04" }, supported: false }),
    item("a5", 50, { meta: { date: undefined } }),
  ];
  const ids = (f) => filterItems(items, { ...emptyFilters(), ...f }).map((i) => i.id);

  test("dates are inclusive at both ends; an item without a date fails a date filter", () => {
    assert.deepEqual(ids({}), ["a1", "a2", "a3", "a4", "a5"]);
    assert.deepEqual(ids({ from: "2025-03-02", to: "2025-03-03" }), ["a2", "a3"]);
    assert.deepEqual(ids({ from: "2025-03-03" }), ["a3", "a4"]);
    assert.deepEqual(ids({ to: "2025-03-01" }), ["a1"]);
    assert.equal(matches(items[4], { ...emptyFilters(), to: "2099-01-01" }), false);
  });

  test("band, risk and meta filters", () => {
    assert.deepEqual(ids({ band: "low" }), ["a1"]);
    assert.deepEqual(ids({ band: "fair" }), ["a2", "a5"]);
    assert.deepEqual(ids({ band: "good" }), ["a3"], "an unread conversation has no band");
    assert.deepEqual(ids({ risk: "any" }), ["a1", "a2"]);
    assert.deepEqual(ids({ risk: "bereavement" }), ["a2"]);
    assert.deepEqual(ids({ agent: "Dana Ortiz", risk: "fraud" }), ["a1"]);
    assert.deepEqual(ids({ team: "delivery" }), []);
    assert.deepEqual(ids({ shift: "day", band: "fair", from: "2025-03-02" }), ["a2"]);
  });

  test("q searches the id, the agent and every message, ignoring case", () => {
    assert.deepEqual(ids({ q: "card" }), ["a1"]);
    assert.deepEqual(ids({ q: "dana" }), ["a1"]);
    assert.deepEqual(ids({ q: "A3" }), ["a3"]);
    assert.deepEqual(ids({ q: "how can i help" }), ["a1"], "the agent's words too");
    assert.deepEqual(ids({ q: "stolen\nanything" }), [], "not across messages");
    assert.deepEqual(ids({ q: "  ana  " }), ["a1", "a2", "a3", "a4", "a5"], "Ana, and Dana");
  });

  test("lastMonth is the 30 days ending on the latest date", () => {
    assert.deepEqual(lastMonth(items), { from: "2025-02-03", to: "2025-03-04" });
    assert.deepEqual(lastMonth([item("y", 1, { meta: { date: "2024-03-01" } })]), { from: "2024-02-01", to: "2024-03-01" },
      "29 February counts");
    assert.deepEqual(lastMonth([]), { from: "", to: "" });
    const month = lastMonth(items);
    assert.deepEqual(ids(month), ["a1", "a2", "a3", "a4"]);
  });
});

describe("people and themes", () => {
  const reply = "Thank you. We regret any inconvenience caused. I will fix it.";
  const conversation = (id) => ({ id, turns: [{ role: "customer", text: "It broke" }, { role: "agent", text: reply }] });
  const hollow = () => nudge("avoid-hollow-apology", "tip", 11, 45);
  const items = [
    item("b1", 40, {
      meta: { agent: "Bo", team: "billing", date: "2025-03-03" }, nudges: [hollow(), nudge("acknowledge-feelings")],
      conversation: conversation("b1"), flags: ["missed-empathy"],
    }),
    item("b2", 50, {
      meta: { agent: "Bo", team: "delivery", date: "2025-03-10" }, nudges: [hollow(), hollow()], conversation: conversation("b2"),
    }),
    item("b3", 60, {
      meta: { agent: "Bo", team: "delivery", date: "2025-03-11" }, nudges: [nudge("acknowledge-feelings", "warning")],
    }),
    item("c1", 90, {
      meta: { agent: "Cy", date: "2025-03-17" },
      nudges: [nudge("praise-reflected", "praise", 0, 5), nudge("zz", "tip"), nudge("aa", "tip")],
    }),
    item("d1", null, { meta: { agent: "Di" }, supported: false }),
    item("e1", 70, { meta: { agent: undefined, date: "2025-03-17" } }),
  ];

  test("agentTable: weakest first, unread-only last, with team, trend and top nudge", () => {
    const rows = agentTable(items);
    assert.deepEqual(rows.map((r) => r.agent), ["Bo", "(none)", "Cy", "Di"]);
    const [bo, none, cy, di] = rows;
    assert.deepEqual({ ...bo, trend: undefined }, {
      agent: "Bo", team: "delivery", conversations: 3, unsupported: 0, mean: 50, low: bo.low, high: bo.high, trend: undefined,
      missedEmpathyRate: 0.333,
      // Per conversation, as coachingThemes counts: two each, and a tie goes to the first ruleId.
      topNudge: { ruleId: "acknowledge-feelings", kind: "tip", message: "acknowledge-feelings message", count: 2 },
    });
    assert.ok(bo.low < 50 && bo.high > 50);
    assert.deepEqual(bo.trend, [
      { week: "2025-03-03", mean: 40, count: 1 },
      { week: "2025-03-10", mean: 55, count: 2 },
      { week: "2025-03-17", mean: null, count: 0 },
    ]);
    assert.equal(none.trend.length, 3);
    assert.deepEqual(cy.topNudge, { ruleId: "aa", kind: "tip", message: "aa message", count: 1 },
      "a tie goes to the first ruleId; praise never counts");
    assert.deepEqual({ ...di, trend: di.trend.length }, {
      agent: "Di", team: "billing", conversations: 0, unsupported: 1, mean: null, low: null, high: null, trend: 3,
      missedEmpathyRate: null, topNudge: null,
    });
    assert.equal(agentTable(items, { weeks: ["2025-03-10"] })[0].trend.length, 1);
    assert.ok(!agentTable(items.slice(0, 3)).some((r) => r.agent === "(none)"), "(none) only when present");
    // One bad chat does not make the weakest agent: five or more conversations rank first.
    const steady = [10, 11, 12, 13, 14].map((k) => item(`s${k}`, 60, { meta: { agent: "Sam", date: "2025-03-03" } }));
    assert.deepEqual(agentTable([item("o1", 5, { meta: { agent: "One" } }), ...steady]).map((r) => r.agent), ["Sam", "One"]);
  });

  test("coachingThemes counts nudges and conversations, with the words of the first example", () => {
    const themes = coachingThemes(items);
    assert.deepEqual(themes.map((t) => [t.ruleId, t.kind, t.count, t.conversations, t.share]), [
      ["acknowledge-feelings", "tip", 2, 2, 0.4],
      ["avoid-hollow-apology", "tip", 3, 2, 0.4],
      ["aa", "tip", 1, 1, 0.2],
      ["zz", "tip", 1, 1, 0.2],
    ]);
    assert.deepEqual(themes[1].example, { id: "b1", turn: 1, text: "We regret any inconvenience caused" });
    assert.equal(themes[1].message, "avoid-hollow-apology message");
    assert.equal(themes[1].family, "f");
    assert.deepEqual(themes[0].example, { id: "b1", turn: 1, text: reply }, "no span: the whole reply");
    assert.deepEqual(themes[2].example, { id: "c1", turn: 1, text: null }, "no conversation text");
    assert.equal(coachingThemes(items, { limit: 1 }).length, 1);
    assert.deepEqual(strengths(items).map((t) => [t.ruleId, t.kind, t.conversations, t.share]),
      [["praise-reflected", "praise", 1, 0.2]]);
    // UTF-16 spans: an emoji is two code units.
    const emoji = item("u", 50, {
      nudges: [nudge("r", "tip", 3, 7)],
      conversation: { id: "u", turns: [{ role: "customer", text: "x" }, { role: "agent", text: "😀 Sorry ok" }] },
    });
    assert.equal(coachingThemes([emoji])[0].example.text, "Sorr");
  });
});

describe("export", () => {
  test("toCSV quotes per RFC 4180 and defuses formulas, but not numbers", () => {
    const rows = [
      { a: "plain", b: "x,y", c: "say \"hi\"" },
      { a: "two\nlines", b: "cr\r\nlf", c: null },
      { a: "=SUM(A1)", b: -3, c: ["+1", "b"] },
      { a: "@me", b: "-x", c: "\tTab" },
      { a: true, b: 0, c: undefined },
    ];
    assert.equal(toCSV(rows, [{ key: "a", header: "A" }, "b", { key: "c", header: "C, the third" }]), [
      "A,b,\"C, the third\"",
      "plain,\"x,y\",\"say \"\"hi\"\"\"",
      "\"two\nlines\",\"cr\r\nlf\",",
      "'=SUM(A1),-3,'+1; b",
      "'@me,'-x,'\tTab",
      "true,0,",
      "",
    ].join("\r\n"));
    assert.equal(toCSV([], ["a"]), "a\r\n");
    assert.equal(toCSV([{ a: "\rx" }], ["a"]), "a\r\n\"'\rx\"\r\n");
  });

  test("conversationRows flattens a result for export", () => {
    const x = item("r1", 35, { flags: ["missed-empathy"], risk: ["fraud"], meta: { shift: "" } });
    x.result.turns.push(
      { index: 3, score: 20, customer: { risk: ["health"] }, nudges: [] },
      { index: 5, score: null, customer: {}, nudges: [] },
    );
    const unread = item("r2", null, { supported: false });
    const rows = conversationRows([x, unread]);
    assert.deepEqual(rows[0], {
      id: "r1", date: "2025-03-03", team: "billing", channel: "chat", shift: null, agent: "Ana", language: "en",
      score: 35, band: "low",
      needsEmpathy: true, flags: ["missed-empathy"], risks: ["fraud", "health"], replies: 2, missedEmpathy: true, lowestReply: 20,
    });
    const unreadRow = rows[1];
    assert.deepEqual([unreadRow.score, unreadRow.band, unreadRow.replies, unreadRow.lowestReply, unreadRow.language],
      [null, null, 0, null, "es"]);
    assert.deepEqual(CONVERSATION_COLUMNS.map((c) => c.key), Object.keys(rows[0]));
    const csv = toCSV(rows, CONVERSATION_COLUMNS).split("\r\n");
    assert.equal(csv[1], "r1,2025-03-03,billing,chat,,Ana,en,35,low,true,missed-empathy,fraud; health,2,true,20");
  });

  test("toJSONL round-trips, leaving out a missing conversation", () => {
    const items = [
      item("j1", 70, { conversation: { id: "j1", meta: {}, turns: [{ role: "customer", text: "a\nb \"q\"" }] } }),
      item("j2", 20),
    ];
    const text = toJSONL(items);
    assert.ok(text.endsWith("}\n"));
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[0], { id: "j1", meta: items[0].meta, result: items[0].result, conversation: items[0].conversation });
    assert.deepEqual(lines[1], { id: "j2", meta: items[1].meta, result: items[1].result });
    assert.equal("conversation" in lines[1], false);
    assert.equal(toJSONL([]), "");
  });
});

/** `n` items over 13 weeks, 5 teams, 3 shifts, 40 agents, with nudges and conversations. */
function generated(n) {
  const next = mulberry32(2024);
  const teams = ["accounts", "billing", "card-services", "delivery", "tech-support"];
  const shifts = ["day", "evening", "night"];
  const start = Date.parse("2025-01-06T00:00:00Z");
  return Array.from({ length: n }, (_, i) => {
    const shift = shifts[i % 3];
    const score = Math.min(100, Math.max(0, Math.round(70 - (shift === "night" ? 6 : 0) + (next() - 0.5) * 60)));
    const date = new Date(start + Math.floor(next() * 91) * 86_400_000).toISOString().slice(0, 10);
    const text = `Reply ${i}: we regret any inconvenience caused.`;
    return item(`g${i}`, i % 50 === 0 ? null : score, {
      meta: { team: teams[i % 5], shift, channel: i % 7 ? "chat" : "social", agent: `Agent ${i % 40}`, date },
      flags: score < 50 ? ["missed-empathy"] : [], risk: i % 11 ? [] : ["fraud"],
      nudges: score < 60
        ? [nudge("avoid-hollow-apology", "tip", text.indexOf("we"), text.length - 1)]
        : [nudge("praise-reflected", "praise")],
      conversation: { id: `g${i}`, turns: [{ role: "customer", text: `Question ${i}` }, { role: "agent", text }] },
    });
  });
}

describe("100,000 conversations", () => {
  const big = generated(100_000);

  test("weeklyMeans agrees with the naive computation", () => {
    const weeks = weeksOf(big);
    assert.equal(weeks.length, 13);
    assert.deepEqual(weeks, [...weeks].sort());
    const weekOfItem = big.map((i) => weekOf(dateOf(i)));
    const naive = weeks.map((week) => {
      const s = big.filter((i, k) => isRead(i.result) && weekOfItem[k] === week).map((i) => i.result.score);
      return { week, mean: s.length ? Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 10) / 10 : null, count: s.length };
    });
    assert.deepEqual(weeklyMeans(big, weeks), naive);
    assert.deepEqual(weeklyMeans(big), naive);
    assert.deepEqual(weeklyMeans(big, ["2030-01-07"]), [{ week: "2030-01-07", mean: null, count: 0 }]);
  });

  test("every function together in well under 3 seconds", () => {
    const t0 = performance.now();
    const scoresOfAll = big.filter((i) => isRead(i.result)).map((i) => i.result.score);
    const mean = bootstrapMean(scoresOfAll);
    const diff = bootstrapDifference(scoresOfAll.slice(0, 50_000), scoresOfAll.slice(50_000));
    const shifts = compareGroups(big, "shift");
    const agentGroups = compareGroups(big, "agent");
    const sentence = differenceSentence(shifts, "shift", big);
    const shown = filterItems(big, filtersFromQuery("?from=2025-02-01&to=2025-03-01&risk=any&band=fair&q=question"));
    const month = filterItems(big, { ...emptyFilters(), ...lastMonth(big) });
    const people = agentTable(big);
    const themes = coachingThemes(big);
    const praise = strengths(big);
    const csv = toCSV(conversationRows(big), CONVERSATION_COLUMNS);
    const jsonl = toJSONL(big);
    const weekly = weeklyMeans(big);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed < 3000, `${Math.round(elapsed)} ms`);
    assert.equal(mean.n, 98_000);
    assert.ok(mean.low < mean.mean && mean.mean < mean.high);
    assert.equal(typeof diff.significant, "boolean");
    assert.equal(shifts[0].value, "night");
    assert.equal(agentGroups.length, 40);
    assert.match(sentence,
      /^Night shift scores \d+ points lower than (day|evening) shift \(95% CI \d+–\d+, allowing for 3 comparisons\), n = \d+ and \d+\.$/);
    assert.ok(shown.length > 0 && shown.length < 5000);
    assert.ok(month.length > 25_000 && month.length < 40_000, String(month.length));
    assert.equal(people.length, 40);
    assert.equal(themes[0].ruleId, "avoid-hollow-apology");
    assert.equal(themes[0].example.text, "we regret any inconvenience caused");
    assert.equal(praise[0].ruleId, "praise-reflected");
    assert.equal(csv.split("\r\n").length, 100_002);
    assert.equal(jsonl.split("\n").length, 100_001);
    assert.equal(weekly.reduce((a, w) => a + w.count, 0), 98_000);
  });
});

describe("the sample, scored by the real engine", () => {
  test("one agentTable row per agent, and the planted night shift comes out weakest", async () => {
    const scorer = await loadScorer();
    let items;
    try {
      const lines = (await readFile(SAMPLE, "utf8")).trimEnd().split("\n");
      items = lines.map((line) => {
        const conversation = JSON.parse(line);
        return { id: conversation.id, meta: conversation.meta, result: scorer.scoreConversation(conversation), conversation };
      });
    } finally {
      scorer.dispose();
    }
    const agents = new Set(items.map((i) => i.meta.agent));
    const rows = agentTable(items);
    assert.equal(rows.length, agents.size);
    assert.deepEqual(new Set(rows.map((r) => r.agent)), agents);
    assert.equal(rows.reduce((a, r) => a + r.conversations + r.unsupported, 0), items.length);
    for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i - 1].mean <= rows[i].mean || rows[i].mean === null);
    assert.equal(rows[0].trend.length, weeksOf(items).length);
    const shifts = compareGroups(items, "shift");
    assert.equal(shifts[0].value, "night");
    assert.match(differenceSentence(shifts, "shift", items), /^Night shift /);
    const said = findings(items, {}, rows);
    assert.deepEqual(said.map((f) => f.key), ["team", "shift", "channel", "agent"]);
    assert.equal(said[1].sentence, differenceSentence(shifts.filter((g) => g.count >= MIN_GROUP), "shift", items, { resamples: 1000 }));
    assert.equal(said[3].agent, rows.find((r) => r.conversations >= 5).agent);
    assert.deepEqual(findings(items, { shift: "night", agent: "x" }, rows).map((f) => f.key), ["team", "channel"], "a filtered key is not compared");
    const themes = coachingThemes(items);
    assert.ok(themes.length > 0 && themes.every((t) => t.kind === "tip" || t.kind === "warning"));
    for (const t of themes) assert.ok(t.example.text === null || typeof t.example.text === "string");
  });
});
