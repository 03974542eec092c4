// The options page: edits the settings the content script reads (settings.js), and has a
// practice box with the coach attached, using the extension's own copy of the module.
// An extension page may run wasm only because the manifest adds 'wasm-unsafe-eval' to
// content_security_policy.extension_pages.

/* global EMPATHY_SETTINGS */
import { loadScorer } from "./vendor/empathy.js";
import { attach } from "./vendor/widget.js";

const form = document.getElementById("settings");
const status = document.getElementById("status");
const fields = ["replySelector", "customerSelector", "agentSelector"];
const PRACTICE_HISTORY = [
  { role: "customer", text: "I've been charged twice for the same order and I'm really fed up!!" },
];
let coach = null;
let scorer = null;

/** "a, b  c" -> ["a", "b", "c"] */
function parseList(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

function show(settings) {
  form.enabled.checked = settings.enabled;
  for (const f of fields) form[f].value = settings[f];
  form.allow.value = settings.allow.join(", ");
}

/** Checks each selector with the browser's own parser; returns an error message or "". */
function invalidSelector() {
  for (const f of fields) {
    const value = form[f].value.trim();
    if (!value) continue;
    try {
      document.createDocumentFragment().querySelector(value);
    } catch {
      return `“${value}” is not a valid CSS selector.`;
    }
  }
  return "";
}

function say(text, kind = "ok") {
  status.textContent = text;
  status.dataset.kind = kind;
}

function attachPractice(allow) {
  if (!scorer) return;
  coach?.destroy();
  coach = attach(document.getElementById("try"), { scorer, history: () => PRACTICE_HISTORY, allow });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const problem = invalidSelector();
  if (problem) {
    say(problem, "error");
    return;
  }
  const values = {
    enabled: form.enabled.checked,
    allow: parseList(form.allow.value),
  };
  for (const f of fields) values[f] = form[f].value.trim();
  await EMPATHY_SETTINGS.save(values);
  attachPractice(values.allow);
  say("Saved. Open tabs use the new settings now.");
});

document.getElementById("reset").addEventListener("click", async () => {
  await EMPATHY_SETTINGS.save(EMPATHY_SETTINGS.defaults);
  show(EMPATHY_SETTINGS.defaults);
  attachPractice(EMPATHY_SETTINGS.defaults.allow);
  say("Defaults restored.");
});

const settings = await EMPATHY_SETTINGS.load();
show(settings);
try {
  scorer = await loadScorer();
  attachPractice(settings.allow);
  document.documentElement.dataset.ready = "true";
} catch (err) {
  say(`The scorer could not load: ${err.message}`, "error");
}
