// Keystroke to render with the real widget and the real scorer: bench/browser.mjs types
// replies into #reply with real key events; this page times each step with
// performance.now() and hands the samples back through window.widgetBench.
//
// Per scoring update (the debounce timer fired and the widget called scorer.score):
//   input     the last input event before it (window capture listener: the earliest)
//   start     scorer.score called (the widget's update() began)
//   scored    scorer.score returned
//   rendered  onResult called (the widget calls it after rendering)
//   frame     the next animation frame after that (requestAnimationFrame callback)
//   painted   a task posted from that frame ran: the frame's style, layout and paint are done
// Per keystroke: input (capture listener), handled (a listener added after the widget's,
// so after its highlight redraw), frame (the next animation frame).

import { loadScorer } from "../../web/empathy.js";
import { attach } from "../../web/widget.js";
import { typingSession } from "../messages.mjs";

export const DEBOUNCE_MS = 150;  // the widget's default, passed explicitly

const session = typingSession();
const list = document.getElementById("messages");
for (const turn of session.history) {
  const li = document.createElement("li");
  li.dataset.role = turn.role;
  li.textContent = turn.text;
  list.append(li);
}

const textarea = document.getElementById("reply");
const realScorer = await loadScorer();
let keys = [];
let updates = [];
let lastInput = null;
let pending = null;

/** Runs `fn` in a task after the current frame's rendering work. */
function afterFrame(fn) {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => fn();
  channel.port2.postMessage(null);
}

window.addEventListener("input", (event) => {
  if (event.target !== textarea) return;
  lastInput = performance.now();
  const key = { input: lastInput };
  keys.push(key);
  requestAnimationFrame(() => { key.frame = performance.now(); });
}, { capture: true });

const scorer = {
  score(request) {
    const start = performance.now();
    const result = realScorer.score(request);
    pending = { input: lastInput, start, scored: performance.now(), chars: request.draft.length };
    return result;
  },
};

attach(textarea, {
  scorer,
  history: () => session.history,
  customer: () => session.customer,
  debounce: DEBOUNCE_MS,
  onResult() {
    const update = pending;
    pending = null;
    if (!update || update.input === null) return;  // the first scoring on attach: no keystroke
    update.rendered = performance.now();
    requestAnimationFrame(() => {
      update.frame = performance.now();
      afterFrame(() => {
        update.painted = performance.now();
        updates.push(update);
      });
    });
  },
});

// Registered after attach(): runs after the widget's own input listener.
textarea.addEventListener("input", () => {
  const key = keys.at(-1);
  if (key && key.handled === undefined) key.handled = performance.now();
});

window.widgetBench = {
  debounce: DEBOUNCE_MS,
  session,
  /** Empties the reply box without a keystroke and forgets the samples so far. */
  reset() {
    textarea.value = "";
    lastInput = null;
    keys = [];
    updates = [];
  },
  samples() {
    return { keys, updates, crossOriginIsolated: globalThis.crossOriginIsolated === true };
  },
};
document.documentElement.dataset.ready = "true";
