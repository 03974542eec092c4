// The widget's pure parts (web/widget/*.js), in Node without a browser: keeping spans in
// step with the text, cutting marks into pieces, the engine's edits, and the agent's
// stored choices (what storage held may be old, tampered with or unavailable).
import { test } from "node:test";
import assert from "node:assert/strict";
import { isEdit } from "../../web/widget/edits.js";
import { diffEdit, mapSpan, segments } from "../../web/widget/highlights.js";
import { STORAGE_KEY, emptyPreferences, preferencesFor, prunePreferences, sanitizePreferences } from "../../web/widget/preferences.js";

test("diffEdit finds the one edit between two drafts, in UTF-16 code units", () => {
  assert.equal(diffEdit("same", "same"), null);
  assert.deepEqual(diffEdit("Calm down.", "Oh. Calm down."), { at: 0, removed: 0, inserted: 4 });
  assert.deepEqual(diffEdit("I am sorry", "I am so sorry"), { at: 7, removed: 0, inserted: 3 }, "the longest common prefix");
  assert.deepEqual(diffEdit("abcdef", "abXYef"), { at: 2, removed: 2, inserted: 2 });
  assert.deepEqual(diffEdit("🙂 hi", "hi"), { at: 0, removed: 3, inserted: 0 }, "an emoji is two code units");
  // A repeated letter: the common prefix wins, the edit is still exact.
  const e = diffEdit("aaa", "aaaa");
  assert.equal("aaa".slice(0, e.at) + "a".repeat(e.inserted) + "aaa".slice(e.at + e.removed), "aaaa");
});

test("mapSpan keeps spans before an edit, shifts those after it, drops those it touched", () => {
  const edit = diffEdit("Sorry, calm down.", "Oh. Sorry, calm down.");
  assert.deepEqual(mapSpan([7, 16], edit, 21), [11, 20]);
  assert.deepEqual(mapSpan([0, 5], diffEdit("Sorry, calm down.", "Sorry, calm down. Thanks"), 24), [0, 5]);
  assert.equal(mapSpan([7, 16], diffEdit("Sorry, calm down.", "Sorry, clam down."), 17), null, "touched: rescored");
  assert.equal(mapSpan([3, 3], null, 10), null, "empty span");
  assert.equal(mapSpan([4, 2], null, 10), null, "reversed span");
  assert.equal(mapSpan([null, 2], null, 10), null, "malformed span");
  assert.equal(mapSpan([5, 12], null, 10), null, "past the text");
  assert.deepEqual(mapSpan([5, 10], null, 10), [5, 10]);
});

test("segments cuts marks into pieces: overlaps of both polarities are mixed, focus adds on top", () => {
  const text = "Sorry, calm down please.";
  const pieces = segments(text, [
    { start: 0, end: 5, type: "positive" },
    { start: 7, end: 16, type: "negative" },
    { start: 12, end: 23, type: "positive" },
    { start: 7, end: 11, type: "focus" },
  ]);
  assert.deepEqual(pieces, [
    { start: 0, end: 5, types: ["positive"] },
    { start: 5, end: 7, types: [] },
    { start: 7, end: 11, types: ["negative", "focus"] },
    { start: 11, end: 12, types: ["negative"] },
    { start: 12, end: 16, types: ["mixed"] },
    { start: 16, end: 23, types: ["positive"] },
    { start: 23, end: 24, types: [] },
  ]);
  // Pieces tile the text exactly, whatever the marks.
  for (const p of pieces.slice(1)) assert.equal(p.start, pieces[pieces.indexOf(p) - 1].end);
  assert.deepEqual(segments("abc", [{ start: 2, end: 1, type: "positive" }, { start: 0, end: 3, type: "bogus" }]),
    [{ start: 0, end: 3, types: [] }], "malformed marks are ignored");
  // Linear after sorting: 20,000 marks on a 100,000-character draft in well under a second.
  const marks = Array.from({ length: 20_000 }, (_, i) => ({ start: i * 5, end: i * 5 + 3, type: i % 2 ? "positive" : "negative" }));
  const started = performance.now();
  assert.equal(segments("x".repeat(100_000), marks).length, 40_000, "each mark and the gap after it");
  assert.ok(performance.now() - started < 1000);
});

test("isEdit accepts the engine's edits and nothing else", () => {
  assert.ok(isEdit({ start: 0, end: 0, text: "I’m so sorry for your loss. " }));
  assert.ok(isEdit({ start: 3, end: 12, text: "" }));
  for (const bad of [null, undefined, {}, { start: 1, end: 0, text: "x" }, { start: -1, end: 2, text: "x" },
    { start: 0.5, end: 2, text: "x" }, { start: 0, end: 2 }, { start: "0", end: "2", text: "x" }]) {
    assert.equal(isEdit(bad), false, JSON.stringify(bad));
  }
});

test("stored choices: malformed or tampered entries are dropped, old ones expire, 100 conversations at most", () => {
  const now = Date.now();
  assert.deepEqual(sanitizePreferences(null), emptyPreferences());
  assert.deepEqual(sanitizePreferences({ v: 2, collapsed: true }), emptyPreferences(), "another version is not read");
  const state = sanitizePreferences({
    v: 1,
    collapsed: "yes",
    snoozed: { a: now + 60_000, b: "soon", c: now - 1 },
    dismissed: {
      "h:1": { at: now, rules: ["x", 7, "y"] },
      "h:2": { at: "today", rules: ["x"] },
      "h:3": { at: now - 2 * 24 * 60 * 60 * 1000, rules: ["old"] },
    },
  });
  assert.equal(state.collapsed, false, "only true hides the coach");
  assert.deepEqual(state.snoozed, { a: now + 60_000 });
  assert.deepEqual(state.dismissed, { "h:1": { at: now, rules: ["x", "y"] } });
  const many = emptyPreferences();
  for (let i = 0; i < 150; i++) many.dismissed[`h:${i}`] = { at: now - i, rules: ["r"] };
  const kept = Object.keys(prunePreferences(many, now).dismissed);
  assert.equal(kept.length, 100);
  assert.ok(kept.includes("h:0") && !kept.includes("h:149"), "the most recent are kept");
});

test("the store keeps choices in one localStorage key, follows other tabs, and works in memory when storage throws", () => {
  const listeners = {};
  const fakeWindow = (storage) => ({
    get localStorage() {
      if (storage === "throws") throw new Error("SecurityError");
      return storage;
    },
    addEventListener: (type, fn) => { listeners[type] = fn; },
  });
  const data = new Map();
  const storage = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, v) };
  const win = fakeWindow(storage);
  const prefs = preferencesFor(win);
  assert.equal(preferencesFor(win), prefs, "one store per window");
  let heard = 0;
  prefs.subscribe(() => heard++);
  prefs.dismiss("h:1", "avoid-calm-down");
  prefs.snooze("acknowledge-feelings", Date.now() + 60_000);
  assert.deepEqual([...data.keys()], [STORAGE_KEY]);
  assert.deepEqual(JSON.parse(data.get(STORAGE_KEY)).dismissed["h:1"].rules, ["avoid-calm-down"]);
  assert.deepEqual(prefs.snoozed(Date.now()), ["acknowledge-feelings"]);
  assert.equal(heard, 2);
  // Another tab cleared them.
  data.set(STORAGE_KEY, JSON.stringify(emptyPreferences()));
  listeners.storage({ key: STORAGE_KEY });
  assert.deepEqual(prefs.dismissed("h:1"), []);
  assert.equal(heard, 3);

  const memory = preferencesFor(fakeWindow("throws"));
  memory.setCollapsed(true);
  assert.equal(memory.read().collapsed, true, "kept in memory");
});
