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
// Pages without a build step can use the <empathy-coach for="reply-id"> element instead
// (web/coach-element.js), which loads the scorer itself.
//
// Data flows one way: input event -> debounce -> scorer.score(request) -> render. The
// widget never scores on its own and never sends text anywhere.
//
// The reply box stays the native element. For a <textarea>, highlights are drawn in a
// mirrored backdrop behind it (the highlight-within-textarea technique), so undo,
// spellcheck, IME, resizing and scrolling keep working; for a contenteditable element
// they are CSS Custom Highlights (CSS.highlights), which do not touch its DOM. Rendering
// never writes the draft. The widget never writes an inline style on an element it did
// not create (a strict CSP blocks style attributes, and destroy() must restore the
// host's markup exactly): the reply box and its parent get classes from widget.css.
//
// The agent can dismiss a nudge's rule for the conversation, snooze it for 30 minutes
// (both undone by "Show" in the card's footer), and hide the whole coach with Alt+Shift+E
// (or the "Hide" button). These choices are kept in localStorage under one key,
// "empathy-coach:v1", and in memory when storage is unavailable.

import { addClass, button, cancelIdle, cssEscape, el, joinIds, reportHostError, requestIdle, setAttr, svgIcon } from "./widget/dom.js";
import { insertEditableUndoable, insertTextUndoable, isEdit } from "./widget/edits.js";
import { diffEdit, editableHighlighter, mapSpan, markNodes, segments } from "./widget/highlights.js";
import { STORAGE_KEY, preferencesFor } from "./widget/preferences.js";
import { MIRRORED_BOX_PROPERTIES, MIRRORED_TEXT_PROPERTIES, ensureStylesheet, readBackgroundColor } from "./widget/styles.js";

export { STORAGE_KEY };

const SETTLE_MS = 1000; // after this pause the draft's last word counts as finished
const MAX_HIGHLIGHT_CHARS = 100_000; // longer drafts are scored but not highlighted live
/** The keyboard shortcut that hides and shows the coach, in aria-keyshortcuts syntax. */
export const SHORTCUT = "Alt+Shift+E";

const KIND_LABELS = { warning: "Warning", tip: "Tip", praise: "Well done" };
const BAND_LABELS = { low: "Low", fair: "Fair", good: "Good", "": "" };
const EMOTION_LABELS = {
  frustration: "frustrated",
  anxiety: "anxious",
  confusion: "confused",
  sadness: "sad",
  urgency: "in a hurry",
  gratitude: "grateful",
};
const FLAG_LABELS = {
  "missed-empathy": "missed empathy",
  "missed-empathy-high-risk": "missed empathy, high risk",
};
const THEMES = new Set(["light", "dark"]);
// 16x16 icons, drawn with paths so no icon font or network request is needed.
const KIND_ICONS = {
  warning: "M8 1.5 15 14H1L8 1.5Zm-.9 4.5v4.2h1.8V6H7.1Zm0 5.3v1.8h1.8v-1.8H7.1Z",
  tip: "M8 1a5 5 0 0 0-3 9v2h6v-2a5 5 0 0 0-3-9Zm-2 12.2h4V15H6v-1.8Z",
  praise: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 4.6 1.2 1.2-5.3 5.3-3-3 1.2-1.2 1.8 1.8 4.1-4.1Z",
};
const SNOOZE_ICON = "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 1.6a5.4 5.4 0 1 1 0 10.8A5.4 5.4 0 0 1 8 2.6ZM7.2 4v4.5l3.3 2 .8-1.3-2.5-1.5V4H7.2Z";
const DISMISS_ICON = "M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2l1.1-1.1Z";

let idCounter = 0;
/** Reply boxes with a coach attached (one coach per box). */
const attached = new WeakSet();

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
 * @typedef {{id: string, score: number, band: "low" | "fair" | "good", needsEmpathy: boolean,
 *   components: Record<string, number>, flags: string[], turns: Result[], meta: object}} ConversationResult
 * @typedef {{error: string}} ErrorResult
 */

/**
 * @typedef {object} AttachOptions
 * @property {{score(request: object): Result | ErrorResult | Promise<Result | ErrorResult>,
 *   scoreConversation?(conversation: object): ConversationResult | ErrorResult |
 *   Promise<ConversationResult | ErrorResult>}} scorer
 *   what `loadScorer()` resolves to, synchronous or (`worker: true`) with promises: only
 *   the latest draft's result is drawn. With `scoreConversation`, the conversation score
 *   of `history()` is shown too.
 * @property {() => Turn[]} [history] returns the conversation so far, oldest first.
 * @property {(result: Result | ErrorResult) => void} [onResult] called after every
 *   scoring with the scorer's result; `{error}` when the scorer failed or threw.
 * @property {string[]} [allow] rule ids to silence, as in alex: passed to the engine,
 *   which leaves their nudges out (and lists them in the result's `silenced`).
 * @property {number} [debounce=150] milliseconds of typing pause before scoring.
 * @property {number} [maxWait=1000] while the agent types without pausing, the draft is
 *   still scored when the browser is idle, at most this many milliseconds apart; 0 turns
 *   it off.
 * @property {() => ({name?: string} | undefined)} [customer] returns who the agent is
 *   talking to.
 * @property {string | (() => string | null | undefined)} [conversationId] identifies the
 *   conversation, so a dismissed rule stays hidden for it (and only for it). By default
 *   the first turn of `history()` identifies it; without history, the draft session
 *   (until destroy()) does.
 * @property {number} [snooze=30] minutes a snoozed rule stays hidden, in every conversation.
 * @property {"auto" | "light" | "dark"} [theme="auto"] "auto" follows the user's
 *   prefers-color-scheme.
 * @property {Element} [container] where the panel goes (appended as its last child);
 *   by default right after the reply box.
 */

/**
 * @typedef {object} Coach
 * @property {() => Result | ErrorResult | null | Promise<Result | ErrorResult | null>} update
 *   scores the current draft now and renders (call it when the conversation changes);
 *   returns the result, or null after destroy(); with a Worker scorer, a promise of it
 *   (null when a newer scoring overtook it).
 * @property {() => void} destroy removes every element, class, attribute, highlight and
 *   listener the widget added; the reply box keeps its text and undo history.
 * @property {Result | ErrorResult | null} result the latest result (null before the
 *   first scoring).
 * @property {ConversationResult | null} conversation the latest conversation score of
 *   `history()` (null without history, without an agent turn in it, or when the scorer
 *   has no scoreConversation).
 */

/**
 * Attaches the coach to a reply box (a `<textarea>` or a contenteditable element): it
 * scores the draft (after a pause in typing) in the context of `history()` and shows a
 * meter, up to three nudges, and highlights of the evidence. The current draft is scored
 * at once, even when empty (the engine may have a tip before the agent starts typing).
 * A contenteditable box's draft is its `textContent`.
 *
 * Adds `widget.css` (next to this module) as a `<link>` to the document, or to the
 * shadow root the box lives in, unless it already applies there.
 * @param {HTMLTextAreaElement | HTMLElement} element the reply box; it must have a parent element.
 * @param {AttachOptions} options
 * @returns {Coach}
 */
export function attach(element, options) {
  const {
    scorer, history, onResult, allow, debounce = 150, maxWait = 1000, customer,
    conversationId, snooze = 30, theme = "auto", container,
  } = options ?? {};
  const isTextarea = element?.tagName === "TEXTAREA";
  if (!isTextarea && !(element?.nodeType === 1 && element.isContentEditable)) {
    throw new TypeError("attach: expected a <textarea> or a contenteditable element");
  }
  if (!element.parentElement) throw new TypeError("attach: the reply box must be in the document, inside an element");
  if (typeof scorer?.score !== "function") throw new TypeError("attach: options.scorer.score must be a function");
  if (container != null && container?.nodeType !== 1) throw new TypeError("attach: options.container must be an element");
  if (attached.has(element)) throw new Error("attach: this reply box already has a coach; destroy() it first");
  attached.add(element);
  const silenced = new Set(Array.isArray(allow) ? allow.map(String) : []);
  const doc = element.ownerDocument;
  const win = doc.defaultView;
  const parent = element.parentElement;
  const id = `empathy-${++idCounter}`;
  const snoozeMs = Math.max(0, Number(snooze) || 0) * 60_000 || 30 * 60_000;
  const themeClass = THEMES.has(theme) ? `empathy-theme-${theme}` : null;
  const prefs = preferencesFor(win);
  const draftSession = new Set(); // rules dismissed when the conversation has no identity
  const readDraft = isTextarea ? () => element.value : () => element.textContent ?? "";

  // --- Host state to restore on destroy -------------------------------------------------
  const restore = [];
  let backgroundColor = "";
  if (isTextarea) {
    const hostTextarea = win.getComputedStyle(element);
    backgroundColor = hostTextarea.backgroundColor;
    addClass(element, "empathy-textarea", restore);
    if (hostTextarea.position === "static") addClass(element, "empathy-textarea-static", restore);
    if (win.getComputedStyle(parent).position === "static") addClass(parent, "empathy-anchor", restore);
  } else {
    addClass(element, "empathy-editable", restore);
  }

  // --- Elements ---------------------------------------------------------------------------
  const backdrop = el(doc, "div", "empathy-backdrop");
  backdrop.setAttribute("aria-hidden", "true");
  const highlights = el(doc, "div", "empathy-highlights");
  backdrop.append(highlights);
  const editableMarks = isTextarea ? null : editableHighlighter(win);

  // The panel holds the visible card, the button that brings a hidden coach back, and the
  // live region; the card hides when there is nothing to show, while the live region
  // stays in the accessibility tree.
  const panel = el(doc, "div", "empathy-panel");
  if (themeClass) {
    panel.classList.add(themeClass);
    backdrop.classList.add(themeClass);
  }
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
  // The language the coach is reading, when it is not English (a language pack's).
  const languageTag = el(doc, "span", "empathy-language");
  languageTag.hidden = true;
  title.append(languageTag);
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

  // Instead of the meter when the draft or the customer is in a language the model does
  // not read: a quiet line, never a number.
  const unsupportedNote = el(doc, "p", "empathy-unsupported");
  unsupportedNote.hidden = true;

  const list = el(doc, "ul", "empathy-nudges");
  list.setAttribute("aria-label", "Nudges");

  const footer = el(doc, "div", "empathy-footer");
  const convo = el(doc, "div", "empathy-convo");
  convo.hidden = true;
  const hiddenNote = el(doc, "div", "empathy-hidden-note");
  hiddenNote.hidden = true;
  const hiddenText = el(doc, "span", "empathy-hidden-text");
  const showHidden = button(doc, "empathy-show-hidden", "Show");
  hiddenNote.append(hiddenText, doc.createTextNode(" "), showHidden);
  const collapse = button(doc, "empathy-collapse", "Hide");
  collapse.setAttribute("aria-keyshortcuts", SHORTCUT);
  collapse.setAttribute("aria-label", "Hide the empathy coach");
  collapse.title = `Hide the empathy coach (${SHORTCUT})`;
  footer.append(convo, hiddenNote, collapse);
  card.append(meter, unsupportedNote, list, footer);

  const expand = button(doc, "empathy-expand", "Show empathy coach");
  expand.setAttribute("aria-keyshortcuts", SHORTCUT);
  expand.title = `Show the empathy coach (${SHORTCUT})`;
  expand.hidden = true;

  const live = el(doc, "div", "empathy-live");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  panel.append(card, expand, live);

  if (isTextarea) element.before(backdrop);
  if (container) container.append(panel);
  else element.after(panel);
  setAttr(element, "aria-describedby", joinIds(element.getAttribute("aria-describedby"), card.id), restore);

  // Until widget.css applies, the panel and the backdrop stay hidden: unstyled, the
  // backdrop would show the draft twice, and the card would flash as plain buttons.
  const stylesheets = [...new Set([element.getRootNode(), panel.getRootNode()])].map((scope) =>
    ensureStylesheet(scope, scope === panel.getRootNode() ? panel : backdrop));
  let styled = stylesheets.every((s) => s.loaded());
  if (!styled) {
    panel.hidden = true;
    Promise.all(stylesheets.map((s) => s.ready)).then(() => {
      if (destroyed) return;
      styled = true;
      panel.hidden = false;
      if (isTextarea) backgroundColor = readBackgroundColor(element, backgroundColor);
      syncBackdrop();
    });
  }
  if (isTextarea) backgroundColor = readBackgroundColor(element, backgroundColor);

  // --- State ------------------------------------------------------------------------------
  let lastResult = null;
  let lastDraft = null; // the draft lastResult is about
  let lastTurns = []; // the history lastResult is about
  let convoResult = null;
  let partsOpen = false; // the conversation score's "Why?" is open
  let convoKey = "";
  let shownNudges = []; // the nudges on screen, after the allow-list and hidden rules
  let hiddenRules = []; // rules of the latest result the agent dismissed or snoozed
  let nudgesKey = "";
  const itemKeys = new WeakMap(); // nudge element -> identity of the nudge it shows
  let announcedRules = new Set();
  let announcedBand = ""; // the key of the headline last spoken: a band, "unsupported:es", or ""
  let justHid = false; // the agent hid a nudge and has not typed since: keep the card up
  let focusedNudge = null; // nudge whose span is emphasised (hover or keyboard focus)
  let collapsed = prefs.read().collapsed;
  let timer = 0;
  let idleHandle = 0;
  let typingUntil = 0; // while the agent types, the engine ignores the unfinished last word
  let settleTimer = 0; // scores once more when they stop in the middle of a word
  let scoreSeq = 0; // the latest scoring asked for: an older result is not drawn
  let convoSeq = 0;
  let holding = null; // the draft the agent may be sending: its score updates, its nudges stay put
  let reservedHeight = 0; // the nudge area's tallest height during this reply (px)
  let burstStart = 0; // when the agent started typing without a scoring since
  let destroyed = false;

  // --- Scoring ----------------------------------------------------------------------------
  /**
   * Scores the draft now and renders the result. With a Worker scorer (every call a
   * promise) it returns a promise of the result, or of null when a newer scoring or
   * destroy() overtook it: only the latest draft's result is ever drawn.
   */
  function update() {
    cancelScheduled();
    if (destroyed) return null;
    const draft = readDraft();
    const seq = ++scoreSeq;
    let result;
    let turns = [];
    let who;
    let typing = false;
    try {
      turns = typeof history === "function" ? history() ?? [] : [];
      if (!Array.isArray(turns)) turns = [];
      // Calm while typing: the engine ignores the unfinished last word, keeps the nudges on
      // screen while they hold, and fills the three places past the rules silenced by the
      // host or hidden by the agent.
      typing = win.performance.now() < typingUntil;
      const request = { history: turns, draft, typing, shown: shownNudges.map((n) => String(n.ruleId)) };
      const allow = new Set([...silenced, ...hiddenSet(turns)]);
      if (allow.size) request.allow = [...allow];
      who = typeof customer === "function" ? customer() : undefined;
      if (who != null) request.customer = who;
      result = scorer.score(request);
    } catch (err) {
      result = { error: String(err?.message ?? err) };
    }
    const scored = { draft, turns, who, typing, seq };
    if (typeof result?.then === "function") {
      return Promise.resolve(result).then(
        (value) => accept(value, scored),
        (err) => accept({ error: String(err?.message ?? err) }, scored));
    }
    return accept(result, scored);
  }

  /** Takes a scorer's result for the draft it was asked about, unless a newer one was asked. */
  function accept(result, { draft, turns, who, typing, seq }) {
    if (destroyed || seq !== scoreSeq) return null;
    // The engine ignored an unfinished last word: read it once the agent pauses.
    if (typing && result?.unfinished?.length > 0) {
      win.clearTimeout(settleTimer);
      settleTimer = win.setTimeout(() => {
        settleTimer = 0;
        typingUntil = 0;
        update();
      }, SETTLE_MS);
    }
    if (!isResult(result)) {
      result = { error: typeof result?.error === "string" ? result.error : "the scorer returned no result" };
    }
    if (draft !== lastDraft) justHid = false;
    lastResult = result;
    lastDraft = draft;
    lastTurns = turns;
    scoreConversation(turns, who);
    render();
    if (typeof onResult === "function") {
      try {
        onResult(result);
      } catch (err) {
        reportHostError(win, err); // a bug in the host's callback must not stop the coach
      }
    }
    return result;
  }

  /**
   * The "Be Empathetic" score of the turns sent so far, read as the draft is (the same
   * customer), so a sent reply keeps the score it had as a draft; rescored only when they change.
   */
  function scoreConversation(turns, who) {
    if (typeof scorer.scoreConversation !== "function" || !turns.some((t) => t?.role === "agent")) {
      convoResult = null;
      convoKey = "";
      return;
    }
    const conversation = who != null ? { turns, customer: who } : { turns };
    let key;
    try {
      key = JSON.stringify(conversation);
    } catch {
      key = "";
    }
    if (key !== "" && key === convoKey) return;
    convoKey = key;
    const seq = ++convoSeq;
    const take = (value) => {
      if (seq !== convoSeq) return false;
      convoResult = isResult(value) && Array.isArray(value.turns) && value.turns.length > 0 ? value : null;
      return true;
    };
    let value;
    try {
      value = scorer.scoreConversation(conversation);
    } catch {
      value = null;
    }
    if (typeof value?.then === "function") {
      // A Worker scorer: draw the conversation score when it comes.
      value.then((v) => take(v) && !destroyed && renderConversation(), () => take(null) && !destroyed && renderConversation());
      return;
    }
    take(value);
  }

  function cancelScheduled() {
    win.clearTimeout(timer);
    timer = 0;
    win.clearTimeout(settleTimer);
    settleTimer = 0;
    if (idleHandle) cancelIdle(win, idleHandle);
    idleHandle = 0;
    burstStart = 0;
  }

  /** Scores after a pause in typing; during a long burst, also when the browser is idle. */
  function schedule() {
    win.clearTimeout(timer);
    win.clearTimeout(settleTimer);
    settleTimer = 0;
    typingUntil = win.performance.now() + SETTLE_MS;
    timer = win.setTimeout(update, Math.max(0, Number(debounce) || 0));
    const now = win.performance.now();
    if (!burstStart) burstStart = now;
    const wait = Number(maxWait);
    if (wait > 0 && !idleHandle && now - burstStart >= wait) {
      idleHandle = requestIdle(win, () => {
        idleHandle = 0;
        update();
      }, 100);
    }
  }

  // --- Rendering --------------------------------------------------------------------------
  /** Draws the latest result; cheap, so it also runs when the agent hides or shows a rule. */
  function render() {
    const result = lastResult;
    if (destroyed || !result) return;
    expand.hidden = !collapsed;
    if ("error" in result) {
      card.hidden = true;
      shownNudges = [];
      hiddenRules = [];
      nudgesKey = "";
      list.replaceChildren();
      focusedNudge = null;
      renderHighlights();
      return;
    }
    // A language the model does not read: a quiet line instead of the meter, never a number.
    // While the scorer fetches that language's pack (packLoading), nothing is said: the
    // draft is scored again when it arrives ("packloaded").
    const unsupported = result.supported === false;
    const language = unsupported
      ? [result.language, result.customer?.language].find((c) => c && c !== "und" && c !== "en") ?? result.language
      : "";
    const unsupportedText = unsupported && !result.packLoading
      ? `The coach doesn't speak ${languageName(win, language)} yet.` : "";
    unsupportedNote.textContent = unsupportedText;
    unsupportedNote.hidden = !unsupportedText;
    const read = !unsupported && result.language && result.language !== "en" && result.language !== "und";
    languageTag.textContent = read ? ` · ${languageName(win, result.language)}` : "";
    languageTag.hidden = !read;
    const score = clamp(Math.round(Number(result.score) || 0), 0, 100);
    const bandId = bandOf(result.band);
    meter.dataset.band = bandId;
    scoreValue.textContent = String(score);
    band.textContent = BAND_LABELS[bandId];
    fill.style.width = `${score}%`;
    bar.setAttribute("aria-valuenow", String(score));
    bar.setAttribute("aria-valuetext", [`${score} out of 100`, BAND_LABELS[bandId].toLowerCase()].filter(Boolean).join(", "));
    renderContext(result.customer);

    // The engine chose these, past the allow-list, at most three; of the rules it silenced,
    // the agent's hidden ones are offered back under "Show".
    // While the agent may be sending, the nudges stay where they are: nothing moves under
    // the pointer on its way to Send. A new draft (the reply went) lets them go.
    if (holding !== lastDraft) holding = null;
    const nudges = holding !== null ? shownNudges
      : (Array.isArray(result.nudges) ? result.nudges : []).filter((n) => n && typeof n.message === "string");
    if (holding === null) {
      const hidden = hiddenSet();
      hiddenRules = [...new Set((Array.isArray(result.silenced) ? result.silenced : []).map(String))].filter((id) => hidden.has(id));
    }
    const key = JSON.stringify(nudges.map(nudgeKey));
    shownNudges = nudges;
    if (key !== nudgesKey) {
      nudgesKey = key;
      renderNudges(nudges);
    }
    // The same nudge may have moved with the text: emphasise its new span.
    if (focusedNudge) focusedNudge = nudges.find((n) => n.ruleId === focusedNudge.ruleId && Number.isInteger(n.start)) ?? null;
    // An empty draft has no score worth showing, only the engine's proactive tips.
    const empty = lastDraft.trim() === "";
    if (!collapsed) {
      if (unsupportedText) announce(nudges, `unsupported:${language}`, unsupportedText);
      else if (empty || unsupported) announce(nudges, "", "");
      else announce(nudges, bandId, `Empathy score ${[score, BAND_LABELS[bandId].toLowerCase()].filter(Boolean).join(", ")}.`);
    }
    renderConversation();
    hiddenNote.hidden = hiddenRules.length === 0;
    hiddenText.textContent = hiddenRules.length === 1 ? "1 nudge hidden." : `${hiddenRules.length} nudges hidden.`;
    showHidden.setAttribute("aria-label", hiddenRules.length === 1 ? "Show the hidden nudge" : "Show the hidden nudges");
    meter.hidden = empty || unsupported;
    card.hidden = collapsed || (empty && nudges.length === 0 && !justHid && !unsupportedText);
    reserveNudgeArea(empty);
    renderHighlights();
  }

  /**
   * A steady panel: while the agent writes a reply, the nudge area keeps the tallest height
   * it has had, so nudges that come and go never move the reply box or Send (tested in
   * Chromium). An empty draft (a reply sent, a box cleared) lets the height go.
   */
  function reserveNudgeArea(empty) {
    if (empty || card.hidden) {
      if (empty) reservedHeight = 0;
      list.style.minHeight = "";
      delete list.dataset.reserved;
      return;
    }
    const height = list.getBoundingClientRect().height;
    if (height > reservedHeight) reservedHeight = height;
    if (reservedHeight > 0) {
      list.dataset.reserved = "";
      list.style.minHeight = `${reservedHeight}px`;
    }
  }

  function renderContext(state) {
    const parts = [];
    const emotions = Array.isArray(state?.emotions) ? state.emotions : [];
    for (const e of [...emotions].sort((a, b) => b.intensity - a.intensity).slice(0, 2)) {
      if (e.intensity >= 0.25) parts.push(["emotion", EMOTION_LABELS[e.id] ?? String(e.id)]);
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

  /** The conversation's "Be Empathetic" score and its flags, in one line of the footer. */
  function renderConversation() {
    if (!convoResult || convoResult.supported === false) {  // no reply read yet: no conversation score
      convo.hidden = true;
      convo.replaceChildren();
      return;
    }
    const score = clamp(Math.round(Number(convoResult.score) || 0), 0, 100);
    const bandId = bandOf(convoResult.band);
    const flags = Array.isArray(convoResult.flags) ? convoResult.flags.map(String) : [];
    convo.dataset.band = bandId;
    convo.title = "“Be Empathetic” score of the replies sent so far";
    const label = el(doc, "span", "empathy-convo-label", "Conversation");
    const value = el(doc, "span", "empathy-convo-score", String(score));
    const bandLabel = el(doc, "span", "empathy-convo-band", BAND_LABELS[bandId]);
    const chips = flags.slice(0, 2).map((f) => {
      const chip = el(doc, "span", "empathy-chip empathy-flag", FLAG_LABELS[f] ?? f.replace(/-/g, " "));
      chip.dataset.flag = f;
      return chip;
    });
    convo.replaceChildren(label, doc.createTextNode(" "), value, doc.createTextNode(" "), bandLabel, ...chips, ...scoreParts(score));
    convo.hidden = false;
  }

  /**
   * Why the conversation scores what it does, behind "Why?": the engine's parts (each reply's
   * score and weight, their weighted mean, each penalty with its reason). Stays open across
   * updates once the agent opens it.
   */
  function scoreParts(score) {
    const parts = convoResult.parts;
    if (!Number.isFinite(parts?.mean)) return [];
    const why = el(doc, "details", "empathy-convo-parts");
    why.open = partsOpen;
    why.addEventListener("toggle", () => { partsOpen = why.open; });
    const lines = el(doc, "ul", "");
    const replies = parts.replies.map((r) => (r.weight === 1 ? `${r.score}` : `${r.score} ×${r.weight}`)).join(", ");
    lines.append(el(doc, "li", "", `Replies ${replies}: weighted mean ${parts.mean.toFixed(1)}`),
      ...parts.penalties.map((p) => el(doc, "li", "empathy-convo-penalty", `−${p.points} ${p.reason}`)),
      el(doc, "li", "", `= ${score}${parts.mean - parts.penalties.reduce((n, p) => n + p.points, 0) < 0 ? " (never below 0)" : ""}`));
    why.append(el(doc, "summary", "", "Why?"), lines);
    return [why];
  }

  /**
   * Updates the list in place: a nudge that is still there keeps its element (no replayed
   * animation, no lost focus), new ones are created, gone ones removed. Spans are not part
   * of a nudge's identity: they move as the agent types.
   */
  function renderNudges(nudges) {
    const existing = new Map([...list.children].map((li) => [itemKeys.get(li), li]));
    nudges.forEach((nudge, index) => {
      const k = JSON.stringify(nudgeKey(nudge).slice(0, 4));
      let item = existing.get(k);
      if (item) existing.delete(k);
      else {
        item = renderNudge(nudge, index);
        itemKeys.set(item, k);
      }
      item.dataset.index = String(index);
      for (const b of item.querySelectorAll("button")) b.dataset.index = String(index);
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
    });
    for (const item of existing.values()) item.remove();
  }

  function renderNudge(nudge, index) {
    const kind = KIND_LABELS[nudge.kind] ? nudge.kind : "tip";
    const kindName = KIND_LABELS[kind].toLowerCase();
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
      row.append(el(doc, "q", "empathy-suggestion-text", nudge.suggestion));
      // The engine plans where the words go (SPEC §2.1 `edit`); without a plan, only the words.
      if (isEdit(nudge.edit)) {
        const use = button(doc, "empathy-use", "Use suggestion");
        use.dataset.index = String(index);
        use.setAttribute("aria-label", `Use suggestion: ${nudge.suggestion}`);
        row.append(use);
      }
      body.append(row);
    }
    const actions = el(doc, "div", "empathy-nudge-actions");
    const minutes = Math.round(snoozeMs / 60_000);
    const snoozeButton = button(doc, "empathy-icon-button empathy-snooze");
    snoozeButton.dataset.index = String(index);
    snoozeButton.setAttribute("aria-label", `Snooze this ${kindName} for ${minutes} minutes`);
    snoozeButton.title = `Snooze for ${minutes} minutes`;
    snoozeButton.append(svgIcon(doc, SNOOZE_ICON, "evenodd"));
    const dismissButton = button(doc, "empathy-icon-button empathy-dismiss");
    dismissButton.dataset.index = String(index);
    dismissButton.setAttribute("aria-label", `Dismiss this ${kindName} for this conversation`);
    dismissButton.title = "Dismiss for this conversation";
    dismissButton.append(svgIcon(doc, DISMISS_ICON));
    actions.append(snoozeButton, dismissButton);
    item.append(icon, body, actions);
    return item;
  }

  /**
   * Speaks, politely, the headline when its key changes (the score when its band changes,
   * or that the coach does not speak the language) and the nudges that just appeared;
   * silent while both stay the same (a screen reader does not hear every keystroke's score).
   */
  function announce(nudges, key, headline) {
    const rules = new Set(nudges.map((n) => String(n.ruleId)));
    const added = nudges.filter((n) => !announcedRules.has(String(n.ruleId)));
    announcedRules = rules;
    const parts = [];
    if (key !== announcedBand) {
      announcedBand = key;
      if (key) parts.push(headline);
    }
    parts.push(...added.map((n) => `${KIND_LABELS[n.kind] ?? "Tip"}: ${n.message}`));
    if (parts.length > 0) live.textContent = parts.join(" ");
  }

  /** Draws the evidence spans on the draft; cheap enough for every keystroke. */
  function renderHighlights() {
    if (destroyed) return;
    const text = readDraft();
    if (text.length > MAX_HIGHLIGHT_CHARS) {
      // A pasted book: no live highlights, and no copy of it rebuilt on every keystroke.
      if (isTextarea) highlights.replaceChildren();
      else editableMarks?.draw(element, []);
      return;
    }
    const marks = [];
    if (lastResult && !("error" in lastResult) && !collapsed) {
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
    const pieces = segments(text, marks);
    if (isTextarea) {
      highlights.replaceChildren(...markNodes(doc, pieces, text));
      syncBackdrop();
    } else {
      editableMarks?.draw(element, pieces);
    }
  }

  /** Keeps the backdrop exactly under the textarea: box, text metrics and scroll offset. */
  function syncBackdrop() {
    if (destroyed || !isTextarea) return;
    const cs = win.getComputedStyle(element);
    if (!styled || cs.display === "none" || !element.isConnected) {
      backdrop.hidden = true;
      return;
    }
    backdrop.hidden = false;
    const box = element.getBoundingClientRect();
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
    h.width = `${element.clientWidth}px`; // excludes a vertical scrollbar, like the textarea's text
    syncScroll();
  }

  function syncScroll() {
    highlights.style.transform = `translate(${-element.scrollLeft}px, ${-element.scrollTop}px)`;
  }

  // --- Hiding rules and the coach -----------------------------------------------------------
  /** The conversation's identity for dismissals, or null for "this draft session". */
  function sessionKey(turns = lastTurns) {
    try {
      const explicit = typeof conversationId === "function" ? conversationId() : conversationId;
      if (explicit != null && String(explicit) !== "") return `c:${explicit}`;
    } catch (err) {
      reportHostError(win, err);
    }
    const first = turns.find((t) => t && typeof t.text === "string");
    return first ? `h:${hashString(`${first.role}\u0000${first.time ?? ""}\u0000${first.text}`)}` : null;
  }

  /** Rule ids hidden now: dismissed for this conversation (of these turns) or snoozed. */
  function hiddenSet(turns = lastTurns) {
    const key = sessionKey(turns);
    const set = new Set(key ? prefs.dismissed(key) : draftSession);
    for (const rule of prefs.snoozed(Date.now())) set.add(rule);
    return set;
  }

  function hideRule(nudge, how) {
    const rule = String(nudge.ruleId);
    const key = sessionKey();
    justHid = true;
    focusedNudge = null;
    if (how === "snooze") prefs.snooze(rule, Date.now() + snoozeMs);
    else if (key) prefs.dismiss(key, rule);
    else draftSession.add(rule);
    update(); // the store re-scores every coach when it changes; a draft session does not
    const kind = (KIND_LABELS[nudge.kind] ?? "Tip").toLowerCase();
    live.textContent = how === "snooze"
      ? `Snoozed this ${kind} for ${Math.round(snoozeMs / 60_000)} minutes. Show brings it back.`
      : `Dismissed this ${kind} for this conversation. Show brings it back.`;
    if (!hiddenNote.hidden) showHidden.focus({ preventScroll: true });
    else element.focus({ preventScroll: true });
  }

  /** Undoes every dismissal and snooze of the rules the latest result has. */
  function showHiddenRules() {
    const rules = hiddenRules;
    if (rules.length === 0) return;
    for (const r of rules) draftSession.delete(r);
    prefs.unhide(sessionKey(), rules); // re-renders every coach on the page
    const first = list.querySelector(`.empathy-nudge[data-rule-id="${cssEscape(win, rules[0])}"] button`);
    (first ?? element).focus({ preventScroll: true });
  }

  function setCollapsed(value) {
    if (value === collapsed) return;
    const active = panel.getRootNode().activeElement;
    const focusInside = active != null && panel.contains(active);
    prefs.setCollapsed(value); // calls onPreferences for every coach on the page
    live.textContent = value ? `Empathy coach hidden. Press ${SHORTCUT} to show it.` : "Empathy coach shown.";
    if (focusInside) (value ? expand : element).focus({ preventScroll: true });
  }

  function onPreferences() {
    const next = prefs.read().collapsed;
    if (next !== collapsed) {
      collapsed = next;
      // Nudges on screen before hiding were heard already; a hidden coach says nothing.
      if (collapsed) announcedRules = new Set();
      else announcedRules = new Set(shownNudges.map((n) => String(n.ruleId)));
    }
    update(); // hidden rules are the engine's to leave out: score again
  }

  // --- Events -----------------------------------------------------------------------------
  function onInput(event) {
    holding = null;
    renderHighlights();
    if (event.isComposing) return; // score when the IME commits (compositionend)
    schedule();
  }
  function onCompositionEnd() {
    schedule();
  }
  function onKeyDown(event) {
    if (!event.isComposing && isShortcut(event)) {
      event.preventDefault();
      setCollapsed(!collapsed);
    }
  }
  /**
   * The agent may be sending: Enter in the reply box (seen before the host's own handler,
   * which may clear the box), or leaving it for a Send button. The draft is read whole now,
   * unfinished last word included, so the score on screen is the score the reply gets.
   */
  function settleNow() {
    if (!timer && !settleTimer) return; // the score on screen is the whole draft's already
    typingUntil = 0;
    holding = readDraft(); // until the agent types or comes back to the box
    update();
  }
  function onFocus() {
    if (holding === null) return;
    holding = null;
    render();
  }
  function onWindowKeyDown(event) {
    const inBox = event.target === element || (!isTextarea && element.contains(event.target));
    if (inBox && event.key === "Enter" && !event.shiftKey && !event.isComposing) settleNow();
  }
  /** In the panel, Escape goes back to the reply box; the shortcut works there too. */
  function onPanelKeyDown(event) {
    if (event.key === "Escape" && !event.isComposing) {
      event.preventDefault();
      element.focus({ preventScroll: true });
      return;
    }
    onKeyDown(event);
  }
  function onPanelClick(event) {
    const target = event.target.closest?.("button");
    if (!target || !panel.contains(target)) return;
    const nudge = shownNudges[Number(target.dataset.index)];
    if (target.classList.contains("empathy-use")) {
      if (nudge) applySuggestion(nudge);
    } else if (target.classList.contains("empathy-dismiss")) {
      if (nudge) hideRule(nudge, "dismiss");
    } else if (target.classList.contains("empathy-snooze")) {
      if (nudge) hideRule(nudge, "snooze");
    } else if (target === showHidden) {
      showHiddenRules();
    } else if (target === collapse) {
      setCollapsed(true);
    } else if (target === expand) {
      setCollapsed(false);
      element.focus({ preventScroll: true });
    }
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

  /** Applies the engine's edit of a nudge's suggestion to the draft, as one undoable edit. */
  function applySuggestion(nudge) {
    if (readDraft() !== lastDraft) {
      // The agent typed since the last scoring: rescore so the edit matches the text. A
      // Worker scorer answers later, with the panel redrawn for the new text.
      if (typeof update()?.then === "function") return;
      nudge = shownNudges.find((n) => n.ruleId === nudge.ruleId);
    }
    const edit = nudge?.edit;
    if (!isEdit(edit) || edit.end > readDraft().length) return;
    focusedNudge = null;
    if (isTextarea) insertTextUndoable(element, edit.start, edit.end, edit.text);
    else insertEditableUndoable(element, edit.start, edit.end, edit.text);
  }

  const resizeObserver = isTextarea && typeof win.ResizeObserver === "function" ? new win.ResizeObserver(() => syncBackdrop()) : null;
  resizeObserver?.observe(element);
  resizeObserver?.observe(parent);
  const onWindowResize = () => syncBackdrop();
  const colorScheme = win.matchMedia?.("(prefers-color-scheme: dark)");
  const onColorScheme = () => {
    if (isTextarea) backgroundColor = readBackgroundColor(element, backgroundColor);
    syncBackdrop();
  };

  // Every listener in one list: attach() adds them and destroy() removes the same ones.
  const listeners = [
    [element, "input", onInput],
    [element, "compositionend", onCompositionEnd],
    [element, "keydown", onKeyDown],
    [element, "blur", settleNow],
    [element, "focus", onFocus],
    [win, "keydown", onWindowKeyDown, { capture: true }],
    ...(isTextarea ? [[element, "scroll", syncScroll, { passive: true }]] : []),
    [panel, "click", onPanelClick],
    [panel, "keydown", onPanelKeyDown],
    [panel, "pointerover", onPanelFocus],
    [panel, "focusin", onPanelFocus],
    [panel, "pointerleave", onPanelLeave],
    [panel, "focusout", onPanelLeave],
    [win, "resize", onWindowResize],
    // A language pack that arrived scores the draft again, in its language.
    ...(typeof scorer.addEventListener === "function" ? [[scorer, "packloaded", () => update()]] : []),
  ];
  for (const [target, type, listener, options] of listeners) target.addEventListener(type, listener, options);
  colorScheme?.addEventListener?.("change", onColorScheme);
  const unsubscribe = prefs.subscribe(onPreferences);

  function destroy() {
    if (destroyed) return;
    destroyed = true;
    cancelScheduled();
    unsubscribe();
    resizeObserver?.disconnect();
    for (const [target, type, listener, options] of listeners) target.removeEventListener(type, listener, options);
    colorScheme?.removeEventListener?.("change", onColorScheme);
    editableMarks?.release();
    backdrop.remove();
    panel.remove();
    attached.delete(element);
    for (const undo of restore.reverse()) undo();
    for (const stylesheet of stylesheets) stylesheet.release();
  }

  update();
  return {
    update,
    destroy,
    get result() {
      return lastResult;
    },
    get conversation() {
      return convoResult;
    },
  };
}

// --- Helpers (no widget state) ------------------------------------------------------------

/** What a nudge on screen shows: its identity (the first four) and its span. */
function nudgeKey(n) {
  return [n.ruleId, n.kind, n.message, n.suggestion ?? null, n.start, n.end];
}

function isResult(value) {
  if (value == null || typeof value !== "object" || "error" in value) return false;
  return value.supported === false || (value.score !== null && Number.isFinite(Number(value.score)));
}

/** A language's name for the agent ("Spanish"), or its code when the browser has no name for it. */
function languageName(win, code) {
  if (!code || code === "und") return "this language";
  try {
    return new win.Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The engine's band of a score ("" when a result has none: the widget does not decide it). */
function bandOf(name) {
  return Object.hasOwn(BAND_LABELS, name) ? name : "";
}

function clamp(x, lo, hi) {
  return Math.min(hi, Math.max(lo, x));
}

/** Alt+Shift+E, by the key's position (Option+Shift+E types a character on a Mac). */
function isShortcut(event) {
  return event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey &&
    (event.code === "KeyE" || event.key === "E" || event.key === "e");
}

/** FNV-1a over UTF-16 code units, in base 36: a short, stable key for a conversation. */
function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
