// empathy-coach widget: attaches to a chat console's reply box and shows a live empathy
// score, up to three nudges, and the evidence for the score highlighted in the draft.
//
//   import { loadScorer } from "empathy-coach";
//   import { attach } from "empathy-coach/widget";
//   const scorer = await loadScorer();
//   const coach = attach(textarea, { scorer, history: () => turns, onResult: (r) => {} });
//   coach.update();   // after the conversation changes (a message was sent or received)
//   coach.destroy();  // removes everything the widget added
//
// Data flows one way: input event -> debounce -> scorer.score(request) -> render. The
// widget never scores on its own and never sends text anywhere.
//
// The textarea stays the native element: highlights are drawn in a mirrored backdrop
// behind it (the highlight-within-textarea technique), so undo, spellcheck, IME and
// scrolling keep working. Rendering never writes the textarea's value. The widget never
// writes an inline style on an element it did not create (a strict CSP blocks style
// attributes, and destroy() must restore the host's markup exactly): the textarea and
// its parent get classes from widget.css instead.

const CSS_URL = new URL("./widget.css", import.meta.url).href;
const MAX_NUDGES = 3;
const KIND_LABELS = { warning: "Warning", tip: "Tip", praise: "Well done" };
const BAND_LABELS = { low: "Low", fair: "Fair", good: "Good" };
const EMOTION_LABELS = {
  frustration: "frustrated",
  anxiety: "anxious",
  confusion: "confused",
  sadness: "sad",
  urgency: "in a hurry",
  gratitude: "grateful",
};
const SVG_NS = "http://www.w3.org/2000/svg";
// 16x16 icons, drawn with paths so no icon font or network request is needed.
const KIND_ICONS = {
  warning: "M8 1.5 15 14H1L8 1.5Zm-.9 4.5v4.2h1.8V6H7.1Zm0 5.3v1.8h1.8v-1.8H7.1Z",
  tip: "M8 1a5 5 0 0 0-3 9v2h6v-2a5 5 0 0 0-3-9Zm-2 12.2h4V15H6v-1.8Z",
  praise: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 4.6 1.2 1.2-5.3 5.3-3-3 1.2-1.2 1.8 1.8 4.1-4.1Z",
};
// Computed properties copied from the textarea so the backdrop wraps text identically.
const MIRRORED_TEXT_PROPERTIES = [
  "direction", "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
  "font-variant", "font-weight", "font-kerning", "font-feature-settings",
  "font-variation-settings", "font-optical-sizing", "letter-spacing", "line-height",
  "tab-size", "text-align", "text-indent", "text-rendering", "text-transform",
  "white-space", "word-break", "overflow-wrap", "word-spacing", "hyphens",
  "padding-top", "padding-right", "padding-bottom", "padding-left",
];
const MIRRORED_BOX_PROPERTIES = [
  "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
  "border-top-left-radius", "border-top-right-radius", "border-bottom-right-radius",
  "border-bottom-left-radius",
];

let idCounter = 0;
/** Textareas with a coach attached (one coach per textarea). */
const attached = new WeakSet();
/** Stylesheets this module added, per document, with how many widgets use each. */
const addedStylesheets = new WeakMap();

/**
 * @typedef {{role: "customer" | "agent" | "bot", text: string, time?: number}} Turn
 * @typedef {{ruleId: string, kind: "warning" | "tip" | "praise", family: string,
 *   message: string, start: number | null, end: number | null, suggestion: string | null}} Nudge
 * @typedef {{id: string, family: string, polarity: number, weight: number,
 *   start: number, end: number}} Behavior
 * @typedef {{score: number, band: "low" | "fair" | "good", needsEmpathy: boolean,
 *   components: Record<string, number>, families: Record<string, {level: number, spans: number[][]}>,
 *   behaviors: Behavior[], customer: {emotions: {id: string, intensity: number}[], risk: string[],
 *   needsEmpathy: boolean}, nudges: Nudge[]}} Result
 *   A result as in SPEC §2.1; spans are JS string indices (UTF-16 code units) into the draft.
 * @typedef {{error: string}} ErrorResult
 */

/**
 * @typedef {object} AttachOptions
 * @property {{score(request: object): Result | ErrorResult}} scorer what `loadScorer()`
 *   resolves to; `score` must be synchronous.
 * @property {() => Turn[]} [history] returns the conversation so far, oldest first.
 * @property {(result: Result | ErrorResult) => void} [onResult] called after every
 *   scoring with the scorer's result; `{error}` when the scorer failed or threw.
 * @property {string[]} [allow] rule ids to silence, as in alex: nudges whose `ruleId` is
 *   listed are not shown (the result passed to `onResult` is left untouched).
 * @property {number} [debounce=150] milliseconds of typing pause before scoring.
 * @property {() => ({name?: string} | undefined)} [customer] returns who the agent is
 *   talking to.
 */

/**
 * @typedef {object} Coach
 * @property {() => Result | ErrorResult | null} update scores the current draft now and
 *   renders (call it when the conversation changes); returns the result, or null after
 *   destroy().
 * @property {() => void} destroy removes every element, class, attribute and listener
 *   the widget added; the textarea keeps its value and undo history.
 * @property {Result | ErrorResult | null} result the latest result (null before the
 *   first scoring).
 */

/**
 * Attaches the coach to a reply textarea: it scores the draft (after a pause in typing)
 * in the context of `history()` and shows a meter, up to three nudges, and highlights of
 * the evidence in a container right after the textarea. The current draft is scored at
 * once, even when empty (the engine may have a tip before the agent starts typing).
 *
 * Adds `widget.css` (next to this module) as a `<link>` unless the page already has it.
 * @param {HTMLTextAreaElement} textarea the reply box; it must have a parent element.
 * @param {AttachOptions} options
 * @returns {Coach}
 */
export function attach(textarea, options) {
  const { scorer, history, onResult, allow, debounce = 150, customer } = options ?? {};
  if (textarea?.tagName !== "TEXTAREA") throw new TypeError("attach: expected a <textarea>");
  if (!textarea.parentElement) throw new TypeError("attach: the textarea must be in the document");
  if (typeof scorer?.score !== "function") throw new TypeError("attach: options.scorer.score must be a function");
  if (attached.has(textarea)) throw new Error("attach: this textarea already has a coach; destroy() it first");
  attached.add(textarea);
  const silenced = new Set(Array.isArray(allow) ? allow : []);
  const doc = textarea.ownerDocument;
  const win = doc.defaultView;
  const parent = textarea.parentElement;
  const id = `empathy-${++idCounter}`;

  // --- Host state to restore on destroy -------------------------------------------------
  const restore = [];
  const hostTextarea = win.getComputedStyle(textarea);
  let backgroundColor = hostTextarea.backgroundColor;
  const textareaIsStatic = hostTextarea.position === "static";
  addClass(textarea, "empathy-textarea", restore);
  if (textareaIsStatic) addClass(textarea, "empathy-textarea-static", restore);
  if (win.getComputedStyle(parent).position === "static") addClass(parent, "empathy-anchor", restore);
  const releaseStylesheet = ensureStylesheet(doc, () => {
    backgroundColor = readBackgroundColor(textarea, backgroundColor);
    syncBackdrop();
  });

  // --- Elements ---------------------------------------------------------------------------
  const backdrop = el(doc, "div", "empathy-backdrop");
  backdrop.setAttribute("aria-hidden", "true");
  const highlights = el(doc, "div", "empathy-highlights");
  backdrop.append(highlights);

  // The panel holds the visible card and the live region; the card hides when there is
  // nothing to show, while the live region stays in the accessibility tree.
  const panel = el(doc, "div", "empathy-panel");
  const card = el(doc, "div", "empathy-card");
  card.id = `${id}-card`;
  card.setAttribute("role", "group");
  card.setAttribute("aria-label", "Empathy coach");
  card.hidden = true;

  const meter = el(doc, "div", "empathy-meter");
  const scoreBox = el(doc, "div", "empathy-score");
  const scoreValue = el(doc, "span", "empathy-score-value");
  const scoreMax = el(doc, "span", "empathy-score-max", "/100");
  scoreBox.append(scoreValue, scoreMax);
  const meterMain = el(doc, "div", "empathy-meter-main");
  const meterHead = el(doc, "div", "empathy-meter-head");
  const title = el(doc, "span", "empathy-title", "Empathy");
  const band = el(doc, "span", "empathy-band");
  meterHead.append(title, band);
  const bar = el(doc, "div", "empathy-bar");
  bar.setAttribute("role", "meter");
  bar.setAttribute("aria-label", "Empathy score");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  const fill = el(doc, "div", "empathy-bar-fill");
  bar.append(fill);
  const context = el(doc, "div", "empathy-context");
  meterMain.append(meterHead, bar, context);
  meter.append(scoreBox, meterMain);

  const list = el(doc, "ul", "empathy-nudges");
  const live = el(doc, "div", "empathy-live");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  card.append(meter, list);
  panel.append(card, live);

  textarea.before(backdrop);
  textarea.after(panel);
  setAttr(textarea, "aria-describedby", joinIds(textarea.getAttribute("aria-describedby"), card.id), restore);

  // --- State ------------------------------------------------------------------------------
  let lastResult = null;
  let lastDraft = null; // the draft lastResult is about
  let shownNudges = []; // the nudges on screen, after the allow-list
  let nudgesKey = "";
  let announcedKey = "";
  let focusedNudge = null; // nudge whose span is emphasised (hover or keyboard focus)
  let timer = 0;
  let destroyed = false;

  // --- Scoring ----------------------------------------------------------------------------
  function update() {
    win.clearTimeout(timer);
    timer = 0;
    if (destroyed) return null;
    const draft = textarea.value;
    let result;
    try {
      const request = { history: typeof history === "function" ? history() ?? [] : [], draft };
      const who = typeof customer === "function" ? customer() : undefined;
      if (who != null) request.customer = who;
      result = scorer.score(request);
    } catch (err) {
      result = { error: String(err?.message ?? err) };
    }
    if (!isResult(result)) {
      result = { error: typeof result?.error === "string" ? result.error : "the scorer returned no result" };
    }
    lastResult = result;
    lastDraft = draft;
    render(result);
    if (typeof onResult === "function") {
      try {
        onResult(result);
      } catch (err) {
        reportHostError(win, err); // a bug in the host's callback must not stop the coach
      }
    }
    return result;
  }

  function schedule() {
    win.clearTimeout(timer);
    timer = win.setTimeout(update, Math.max(0, Number(debounce) || 0));
  }

  // --- Rendering --------------------------------------------------------------------------
  function render(result) {
    if ("error" in result) {
      card.hidden = true;
      shownNudges = [];
      nudgesKey = "";
      list.replaceChildren();
      focusedNudge = null;
      renderHighlights();
      return;
    }
    const score = clamp(Math.round(Number(result.score) || 0), 0, 100);
    const bandId = BAND_LABELS[result.band] ? result.band : score < 40 ? "low" : score < 70 ? "fair" : "good";
    meter.dataset.band = bandId;
    scoreValue.textContent = String(score);
    band.textContent = BAND_LABELS[bandId];
    fill.style.width = `${score}%`;
    bar.setAttribute("aria-valuenow", String(score));
    bar.setAttribute("aria-valuetext", `${score} out of 100, ${BAND_LABELS[bandId].toLowerCase()}`);
    renderContext(result.customer);

    const nudges = (Array.isArray(result.nudges) ? result.nudges : [])
      .filter((n) => n && typeof n.message === "string" && !silenced.has(n.ruleId))
      .slice(0, MAX_NUDGES);
    const key = JSON.stringify(nudges.map((n) => [n.ruleId, n.kind, n.message, n.start, n.end, n.suggestion]));
    shownNudges = nudges;
    if (key !== nudgesKey) {
      nudgesKey = key;
      list.replaceChildren(...nudges.map((n, i) => renderNudge(n, i)));
      if (focusedNudge && !nudges.some((n) => n.ruleId === focusedNudge.ruleId)) focusedNudge = null;
    }
    announce(nudges);
    // An empty draft has no score worth showing, only the engine's proactive tips.
    const empty = lastDraft.trim() === "";
    meter.hidden = empty;
    card.hidden = empty && nudges.length === 0;
    renderHighlights();
  }

  function renderContext(state) {
    const parts = [];
    const emotions = Array.isArray(state?.emotions) ? state.emotions : [];
    for (const e of [...emotions].sort((a, b) => b.intensity - a.intensity).slice(0, 2)) {
      if (e.intensity >= 0.25) parts.push(["emotion", EMOTION_LABELS[e.id] ?? e.id]);
    }
    for (const r of Array.isArray(state?.risk) ? state.risk.slice(0, 2) : []) {
      parts.push(["risk", String(typeof r === "string" ? r : r?.id ?? "").replace(/-/g, " ")]);
    }
    if (parts.length === 0) {
      context.replaceChildren();
      context.hidden = true;
      return;
    }
    const label = el(doc, "span", "empathy-context-label", "Customer:");
    context.replaceChildren(label, ...parts.map(([kind, text]) => {
      const chip = el(doc, "span", "empathy-chip", text);
      chip.dataset.kind = kind;
      return chip;
    }));
    context.hidden = false;
  }

  function renderNudge(nudge, index) {
    const kind = KIND_LABELS[nudge.kind] ? nudge.kind : "tip";
    const item = el(doc, "li", "empathy-nudge");
    item.dataset.kind = kind;
    item.dataset.ruleId = String(nudge.ruleId ?? "");
    item.dataset.index = String(index);
    const icon = el(doc, "span", "empathy-nudge-icon");
    icon.setAttribute("aria-hidden", "true");
    icon.append(svgIcon(doc, KIND_ICONS[kind]));
    const body = el(doc, "div", "empathy-nudge-body");
    const label = el(doc, "span", "empathy-nudge-kind", KIND_LABELS[kind]);
    const message = el(doc, "span", "empathy-nudge-message", nudge.message);
    body.append(label, doc.createTextNode(" "), message);
    if (typeof nudge.suggestion === "string" && nudge.suggestion !== "") {
      const row = el(doc, "div", "empathy-suggestion");
      const quote = el(doc, "q", "empathy-suggestion-text", nudge.suggestion);
      const button = el(doc, "button", "empathy-use", "Use suggestion");
      button.type = "button";
      button.dataset.index = String(index);
      button.setAttribute("aria-label", `Use suggestion: ${nudge.suggestion}`);
      row.append(quote, button);
      body.append(row);
    }
    item.append(icon, body);
    return item;
  }

  function announce(nudges) {
    const key = [...new Set(nudges.map((n) => String(n.ruleId)))].sort().join("\n");
    if (key === announcedKey) return;
    announcedKey = key;
    live.textContent = nudges.length
      ? nudges.map((n) => `${KIND_LABELS[n.kind] ?? "Tip"}: ${n.message}`).join(" ")
      : "No suggestions.";
  }

  /** Draws the evidence spans under the textarea's text; cheap enough for every keystroke. */
  function renderHighlights() {
    const text = textarea.value;
    const marks = [];
    if (lastResult && !("error" in lastResult)) {
      const edit = diffEdit(lastDraft ?? "", text);
      for (const b of Array.isArray(lastResult.behaviors) ? lastResult.behaviors : []) {
        const polarity = Number(b?.polarity);
        if (!polarity) continue;
        const span = mapSpan([b.start, b.end], edit, text.length);
        if (span) marks.push({ start: span[0], end: span[1], type: polarity > 0 ? "positive" : "negative" });
      }
      if (focusedNudge) {
        const span = mapSpan([focusedNudge.start, focusedNudge.end], edit, text.length);
        if (span) marks.push({ start: span[0], end: span[1], type: "focus" });
      }
    }
    highlights.replaceChildren(...segments(doc, text, marks));
    syncBackdrop();
  }

  /** Keeps the backdrop exactly under the textarea: box, text metrics and scroll offset. */
  function syncBackdrop() {
    if (destroyed) return;
    const cs = win.getComputedStyle(textarea);
    if (cs.display === "none" || !textarea.isConnected) {
      backdrop.hidden = true;
      return;
    }
    backdrop.hidden = false;
    const box = textarea.getBoundingClientRect();
    const host = parent.getBoundingClientRect();
    const s = backdrop.style;
    s.top = `${box.top - host.top - parent.clientTop + parent.scrollTop}px`;
    s.left = `${box.left - host.left - parent.clientLeft + parent.scrollLeft}px`;
    s.width = `${box.width}px`;
    s.height = `${box.height}px`;
    s.backgroundColor = backgroundColor;
    for (const p of MIRRORED_BOX_PROPERTIES) s.setProperty(p, cs.getPropertyValue(p));
    if (cs.position !== "static" && cs.zIndex !== "auto") s.zIndex = cs.zIndex;
    const h = highlights.style;
    for (const p of MIRRORED_TEXT_PROPERTIES) h.setProperty(p, cs.getPropertyValue(p));
    h.width = `${textarea.clientWidth}px`; // excludes a vertical scrollbar, like the textarea's text
    syncScroll();
  }

  function syncScroll() {
    highlights.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
  }

  // --- Events -----------------------------------------------------------------------------
  function onInput(event) {
    renderHighlights();
    if (event.isComposing) return; // score when the IME commits (compositionend)
    schedule();
  }
  function onCompositionEnd() {
    schedule();
  }
  function onPanelClick(event) {
    const button = event.target.closest?.("button.empathy-use");
    if (!button || !panel.contains(button)) return;
    const nudge = shownNudges[Number(button.dataset.index)];
    if (nudge) applySuggestion(nudge);
  }
  function onPanelFocus(event) {
    const item = event.target.closest?.(".empathy-nudge");
    const nudge = item ? shownNudges[Number(item.dataset.index)] : null;
    setFocusedNudge(nudge && Number.isInteger(nudge.start) ? nudge : null);
  }
  function onPanelLeave() {
    setFocusedNudge(null);
  }
  function setFocusedNudge(nudge) {
    if (nudge === focusedNudge) return;
    focusedNudge = nudge;
    renderHighlights();
  }

  /** Puts a nudge's suggestion into the draft as one undoable edit. */
  function applySuggestion(nudge) {
    if (textarea.value !== lastDraft) {
      // The agent typed since the last scoring: rescore so the span matches the text.
      update();
      nudge = shownNudges.find((n) => n.ruleId === nudge.ruleId);
      if (!nudge || typeof nudge.suggestion !== "string") return;
    }
    const value = textarea.value;
    let text = nudge.suggestion;
    let start = 0;
    let end = 0;
    if (Number.isInteger(nudge.start) && Number.isInteger(nudge.end) &&
        nudge.start >= 0 && nudge.start <= nudge.end && nudge.end <= value.length) {
      start = nudge.start;
      end = nudge.end;
    } else if (value !== "" && !/^\s/.test(value) && !/\s$/.test(text)) {
      text += " "; // inserted before the draft: keep the words apart
    }
    focusedNudge = null;
    insertTextUndoable(textarea, start, end, text);
  }

  const resizeObserver = typeof win.ResizeObserver === "function" ? new win.ResizeObserver(() => syncBackdrop()) : null;
  resizeObserver?.observe(textarea);
  resizeObserver?.observe(parent);
  const onWindowResize = () => syncBackdrop();
  const colorScheme = win.matchMedia?.("(prefers-color-scheme: dark)");
  const onColorScheme = () => {
    backgroundColor = readBackgroundColor(textarea, backgroundColor);
    syncBackdrop();
  };

  textarea.addEventListener("input", onInput);
  textarea.addEventListener("compositionend", onCompositionEnd);
  textarea.addEventListener("scroll", syncScroll, { passive: true });
  panel.addEventListener("click", onPanelClick);
  panel.addEventListener("pointerover", onPanelFocus);
  panel.addEventListener("focusin", onPanelFocus);
  panel.addEventListener("pointerleave", onPanelLeave);
  panel.addEventListener("focusout", onPanelLeave);
  win.addEventListener("resize", onWindowResize);
  colorScheme?.addEventListener?.("change", onColorScheme);

  function destroy() {
    if (destroyed) return;
    destroyed = true;
    win.clearTimeout(timer);
    resizeObserver?.disconnect();
    textarea.removeEventListener("input", onInput);
    textarea.removeEventListener("compositionend", onCompositionEnd);
    textarea.removeEventListener("scroll", syncScroll);
    panel.removeEventListener("click", onPanelClick);
    panel.removeEventListener("pointerover", onPanelFocus);
    panel.removeEventListener("focusin", onPanelFocus);
    panel.removeEventListener("pointerleave", onPanelLeave);
    panel.removeEventListener("focusout", onPanelLeave);
    win.removeEventListener("resize", onWindowResize);
    colorScheme?.removeEventListener?.("change", onColorScheme);
    backdrop.remove();
    panel.remove();
    attached.delete(textarea);
    for (const undo of restore.reverse()) undo();
    releaseStylesheet();
  }

  update();
  return {
    update,
    destroy,
    get result() {
      return lastResult;
    },
  };
}

// --- Helpers (no widget state) ------------------------------------------------------------

function isResult(value) {
  return value != null && typeof value === "object" && !("error" in value) && Number.isFinite(Number(value.score));
}

function clamp(x, lo, hi) {
  return Math.min(hi, Math.max(lo, x));
}

/** Creates an element with a class and, optionally, text (always as text, never markup). */
function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function svgIcon(doc, path) {
  const svg = doc.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("focusable", "false");
  const p = doc.createElementNS(SVG_NS, "path");
  p.setAttribute("d", path);
  p.setAttribute("fill", "currentColor");
  svg.append(p);
  return svg;
}

/** Adds a class, recording how to restore the class attribute exactly. */
function addClass(node, name, restore) {
  if (node.classList.contains(name)) return;
  const hadAttribute = node.hasAttribute("class");
  node.classList.add(name);
  restore.push(() => {
    node.classList.remove(name);
    if (!hadAttribute && node.getAttribute("class") === "") node.removeAttribute("class");
  });
}

/** Sets an attribute, recording how to restore its original value (or absence). */
function setAttr(node, name, value, restore) {
  const original = node.getAttribute(name);
  node.setAttribute(name, value);
  restore.push(() => {
    if (original === null) node.removeAttribute(name);
    else node.setAttribute(name, original);
  });
}

function joinIds(existing, id) {
  return existing ? `${existing} ${id}` : id;
}

function reportHostError(win, err) {
  if (typeof win.reportError === "function") win.reportError(err);
  else win.setTimeout(() => { throw err; });
}

/**
 * The textarea's own background colour, read with the widget's transparency class
 * lifted for a moment (the backdrop paints it, since the textarea must be see-through).
 */
function readBackgroundColor(textarea, fallback) {
  const had = textarea.classList.contains("empathy-textarea");
  if (had) textarea.classList.remove("empathy-textarea");
  const color = textarea.ownerDocument.defaultView.getComputedStyle(textarea).backgroundColor;
  if (had) textarea.classList.add("empathy-textarea");
  return color || fallback;
}

/**
 * Makes sure widget.css applies to `doc`: adds a `<link>` next to this module unless the
 * page already links it (or bundles it: widget.css sets `--empathy-css`). Calls `onLoad`
 * when a stylesheet this call added has loaded. Returns a release function; the link is
 * removed when the last widget using it is destroyed.
 */
function ensureStylesheet(doc, onLoad) {
  const present = [...doc.querySelectorAll('link[rel~="stylesheet"]')].some((l) => l.href === CSS_URL);
  const bundled = doc.defaultView.getComputedStyle(doc.documentElement).getPropertyValue("--empathy-css").trim() !== "";
  let entry = addedStylesheets.get(doc);
  if (!entry && (present || bundled)) return () => {};
  if (!entry) {
    const link = doc.createElement("link");
    link.rel = "stylesheet";
    link.href = CSS_URL;
    link.dataset.empathyWidget = "";
    entry = { link, users: 0 };
    addedStylesheets.set(doc, entry);
    (doc.head ?? doc.documentElement).append(link);
  }
  entry.users += 1;
  const { link } = entry;
  const handler = () => onLoad();
  link.addEventListener("load", handler);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    link.removeEventListener("load", handler);
    entry.users -= 1;
    if (entry.users === 0) {
      link.remove();
      addedStylesheets.delete(doc);
    }
  };
}

/**
 * The one edit that turns `before` into `after`, as the common prefix and suffix:
 * `{at, removed, inserted}` in code units.
 */
function diffEdit(before, after) {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let at = 0;
  while (at < max && before.charCodeAt(at) === after.charCodeAt(at)) at++;
  let tail = 0;
  while (tail < max - at && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { at, removed: before.length - at - tail, inserted: after.length - at - tail };
}

/**
 * Moves a span of the scored draft onto the current text: spans before the edit stay,
 * spans after it shift, spans the edit touched are dropped (they will be rescored).
 * Returns null for a span that is missing, malformed or dropped.
 */
function mapSpan([start, end], edit, length) {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return null;
  if (edit) {
    if (end <= edit.at) {
      // before the edit: unchanged
    } else if (start >= edit.at + edit.removed) {
      start += edit.inserted - edit.removed;
      end += edit.inserted - edit.removed;
    } else {
      return null;
    }
  }
  return end <= length ? [start, end] : null;
}

/**
 * Splits `text` into text nodes and `<mark>`s at every span boundary; a stretch covered
 * by both polarities is "mixed". Always text nodes: the draft is never parsed as HTML.
 */
function segments(doc, text, marks) {
  const cuts = new Set([0, text.length]);
  for (const m of marks) cuts.add(m.start).add(m.end);
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = []; // [className or "" for plain text, text], neighbours merged
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const covering = marks.filter((m) => m.start <= a && m.end >= b);
    const positive = covering.some((m) => m.type === "positive");
    const negative = covering.some((m) => m.type === "negative");
    let className = "";
    if (covering.length) {
      className = "empathy-mark";
      if (positive || negative) className += positive && negative ? " empathy-mark-mixed" : positive ? " empathy-mark-positive" : " empathy-mark-negative";
      if (covering.some((m) => m.type === "focus")) className += " empathy-mark-focus";
    }
    const last = pieces.at(-1);
    if (last && last[0] === className) last[1] += text.slice(a, b);
    else pieces.push([className, text.slice(a, b)]);
  }
  const nodes = pieces.map(([className, piece]) => {
    if (!className) return doc.createTextNode(piece);
    const mark = doc.createElement("mark");
    mark.className = className;
    mark.textContent = piece;
    return mark;
  });
  // A trailing newline only makes a line in a textarea; give the backdrop's last line a body.
  nodes.push(doc.createTextNode(text.endsWith("\n") || text === "" ? " " : ""));
  return nodes;
}

/**
 * Replaces textarea[start, end) with `text` the way typing would: through
 * execCommand("insertText"), so the browser's native undo (Ctrl+Z) restores the draft
 * and an `input` event fires. Where execCommand does not edit textareas, falls back to
 * setRangeText (not undoable) and dispatches the input event itself.
 */
function insertTextUndoable(textarea, start, end, text) {
  const before = textarea.value;
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(start, end);
  let done = false;
  try {
    done = textarea.ownerDocument.execCommand("insertText", false, text);
  } catch {
    done = false;
  }
  if (!done && textarea.value === before) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
  }
}
