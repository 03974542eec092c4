// The agent's choices, kept per window: rules dismissed for a conversation or snoozed,
// and whether the coach is hidden. One localStorage key ("empathy-coach:v1"), in memory
// when storage is unavailable; another tab's changes are followed. Pure parts
// (sanitizePreferences, prunePreferences) are unit-tested in Node (tests/js/widget-parts.test.mjs).
import { reportHostError } from "./dom.js";

/** localStorage key for the agent's choices (dismissed and snoozed rules, hidden coach). */
export const STORAGE_KEY = "empathy-coach:v1";

const DISMISS_TTL_MS = 24 * 60 * 60 * 1000; // a dismissal outlives any chat conversation

const MAX_SESSIONS = 100; // conversations whose dismissals are remembered

/** Per window: the agent's choices (see preferencesFor). */
const preferenceStores = new WeakMap();

/**
 * The agent's dismissed and snoozed rules and whether the coach is hidden, shared by every
 * coach in a window and kept in localStorage under STORAGE_KEY as
 * `{v: 1, collapsed, snoozed: {ruleId: untilMs}, dismissed: {conversation: {at, rules}}}`.
 * When storage throws (disabled, sandboxed, full), the choices live in memory only.
 */
export function preferencesFor(win) {
  let store = preferenceStores.get(win);
  if (store) return store;
  let storage = null;
  try {
    storage = win.localStorage;
    storage.getItem(STORAGE_KEY);
  } catch {
    storage = null;
  }
  let state = load();
  const listeners = new Set();

  function load() {
    if (!storage) return emptyPreferences();
    try {
      return sanitizePreferences(JSON.parse(storage.getItem(STORAGE_KEY) ?? "null"));
    } catch {
      return emptyPreferences();
    }
  }
  function save(mutate) {
    const next = structuredClone(state);
    mutate(next);
    state = prunePreferences(next, Date.now());
    if (storage) {
      try {
        storage.setItem(STORAGE_KEY, JSON.stringify(state));
      } catch {
        storage = null; // keep going in memory
      }
    }
    notify();
  }
  function notify() {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (err) {
        reportHostError(win, err);
      }
    }
  }
  // Another tab changed the choices: follow it.
  win.addEventListener("storage", (event) => {
    if (!storage || (event.key !== STORAGE_KEY && event.key !== null)) return;
    state = load();
    notify();
  });

  store = {
    read: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dismissed: (key) => state.dismissed[key]?.rules ?? [],
    snoozed: (now) => Object.keys(state.snoozed).filter((rule) => state.snoozed[rule] > now),
    dismiss(key, rule) {
      save((s) => {
        const entry = s.dismissed[key] ?? { at: 0, rules: [] };
        if (!entry.rules.includes(rule)) entry.rules.push(rule);
        entry.at = Date.now();
        s.dismissed[key] = entry;
      });
    },
    snooze(rule, until) {
      save((s) => {
        s.snoozed[rule] = until;
      });
    },
    unhide(key, rules) {
      save((s) => {
        for (const rule of rules) delete s.snoozed[rule];
        const entry = key ? s.dismissed[key] : null;
        if (entry) entry.rules = entry.rules.filter((r) => !rules.includes(r));
      });
    },
    setCollapsed(value) {
      save((s) => {
        s.collapsed = Boolean(value);
      });
    },
  };
  preferenceStores.set(win, store);
  return store;
}

export function emptyPreferences() {
  return { v: 1, collapsed: false, snoozed: {}, dismissed: {} };
}

/** Keeps only well-formed entries of what storage held (it may be old or tampered with). */
export function sanitizePreferences(raw) {
  const state = emptyPreferences();
  if (!raw || typeof raw !== "object" || raw.v !== 1) return state;
  state.collapsed = raw.collapsed === true;
  for (const [rule, until] of Object.entries(raw.snoozed ?? {})) {
    if (Number.isFinite(until)) state.snoozed[rule] = until;
  }
  for (const [key, entry] of Object.entries(raw.dismissed ?? {})) {
    if (entry && Number.isFinite(entry.at) && Array.isArray(entry.rules)) {
      state.dismissed[key] = { at: entry.at, rules: entry.rules.filter((r) => typeof r === "string") };
    }
  }
  return prunePreferences(state, Date.now());
}

/** Drops expired snoozes and dismissals, and all but the most recent conversations. */
export function prunePreferences(state, now) {
  for (const [rule, until] of Object.entries(state.snoozed)) {
    if (until <= now) delete state.snoozed[rule];
  }
  const sessions = Object.entries(state.dismissed)
    .filter(([, entry]) => entry.rules.length > 0 && now - entry.at < DISMISS_TTL_MS)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_SESSIONS);
  state.dismissed = Object.fromEntries(sessions);
  return state;
}
