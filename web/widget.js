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
// Data flows one way: input event -> debounce -> scorer.score(request) (a result, or a
// Worker scorer's promise of one) -> render. The engine decides (score, band, nudges and
// their edits, the allow-list, the unfinished word); the widget shows. It never scores on
// its own and never sends text anywhere. attach() holds the scoring state and the events;
// its parts are in widget/: panel.js (what the agent sees), highlights.js, edits.js,
// preferences.js (the agent's choices), styles.js and dom.js.
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

import { addClass, cancelIdle, cssEscape, el, joinIds, reportHostError, requestIdle, setAttr } from "./widget/dom.js";
import { insertEditableUndoable, insertTextUndoable, isEdit } from "./widget/edits.js";
import { diffEdit, editableHighlighter, mapSpan, markNodes, segments } from "./widget/highlights.js";
import { STORAGE_KEY, preferencesFor } from "./widget/preferences.js";
import { SHORTCUT, createPanel, kindLabel, languageName } from "./widget/panel.js";
import { MIRRORED_BOX_PROPERTIES, MIRRORED_TEXT_PROPERTIES, ensureStylesheet, readBackgroundColor } from "./widget/styles.js";

export { STORAGE_KEY, SHORTCUT };

const SETTLE_MS = 1000; // after this pause the draft's last word counts as finished
const MAX_HIGHLIGHT_CHARS = 100_000; // longer drafts are scored but not highlighted live
const THEMES = new Set(["light", "dark"]);
// widget.css beside this file; computed here, not in widget/styles.js, so that it holds in
// web/widget.min.js too, where the widget/ modules are inlined.
const CSS_URL = new URL("./widget.css", import.meta.url).href;

let idCounter = 0;
/** Reply boxes with a coach attached (one coach per box). */
const attached = new WeakSet();

/**
 * Attaches the coach to a reply box (a `<textarea>` or a contenteditable element): it
 * scores the draft (after a pause in typing) in the context of `history()` and shows a
 * meter, up to three nudges, and highlights of the evidence. The current draft is scored
 * at once, even when empty (the engine may have a tip before the agent starts typing).
 * A contenteditable box's draft is its `textContent`.
 *
 * Adds `widget.css` (next to this module) as a `<link>` to the document, or to the
 * shadow root the box lives in, unless it already applies there.
 * The options and the returned coach are typed and documented in widget.d.ts.
 * @param {HTMLTextAreaElement | HTMLElement} element the reply box; it must have a parent element.
 * @param {import("./widget.js").AttachOptions} options
 * @returns {import("./widget.js").Coach}
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

  // The panel: the card (meter, nudges, conversation score), the button that brings a
  // hidden coach back, and the live region (web/widget/panel.js).
  const panel = createPanel(doc, { id, themeClass, snoozeMinutes: Math.round(snoozeMs / 60_000) });
  if (themeClass) backdrop.classList.add(themeClass);

  if (isTextarea) element.before(backdrop);
  if (container) container.append(panel.root);
  else element.after(panel.root);
  setAttr(element, "aria-describedby", joinIds(element.getAttribute("aria-describedby"), panel.card.id), restore);

  // Until widget.css applies, the panel and the backdrop stay hidden: unstyled, the
  // backdrop would show the draft twice, and the card would flash as plain buttons.
  const stylesheets = [...new Set([element.getRootNode(), panel.root.getRootNode()])].map((scope) =>
    ensureStylesheet(scope, scope === panel.root.getRootNode() ? panel.root : backdrop, CSS_URL));
  let styled = stylesheets.every((s) => s.loaded());
  if (!styled) {
    panel.root.hidden = true;
    Promise.all(stylesheets.map((s) => s.ready)).then(() => {
      if (destroyed) return;
      styled = true;
      panel.root.hidden = false;
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
  let convoKey = "";
  let shownNudges = []; // the nudges on screen, after the allow-list and hidden rules
  let hiddenRules = []; // rules of the latest result the agent dismissed or snoozed
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
      const draw = () => !destroyed && panel.showConversation(convoResult);
      value.then((v) => take(v) && draw(), () => take(null) && draw());
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
    panel.expand.hidden = !collapsed;
    if ("error" in result) {
      panel.clear();
      shownNudges = [];
      hiddenRules = [];
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
    const shown = panel.showScore({ score: result.score, band: result.band, language: result.language, unsupported,
      unsupportedText, customer: result.customer });

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
    shownNudges = nudges;
    panel.showNudges(nudges);
    // The same nudge may have moved with the text: emphasise its new span.
    if (focusedNudge) focusedNudge = nudges.find((n) => n.ruleId === focusedNudge.ruleId && Number.isInteger(n.start)) ?? null;
    // An empty draft has no score worth showing, only the engine's proactive tips.
    const empty = lastDraft.trim() === "";
    if (!collapsed) {
      if (unsupportedText) panel.announce(nudges, `unsupported:${language}`, unsupportedText);
      else if (empty || unsupported) panel.announce(nudges, "", "");
      else panel.announceScore(nudges, shown);
    }
    panel.showConversation(convoResult);
    panel.showHiddenCount(hiddenRules.length);
    panel.meter.hidden = empty || unsupported;
    panel.area.hidden = unsupported;  // a language the coach does not read has no nudges
    panel.card.hidden = collapsed || (empty && nudges.length === 0 && !justHid && !unsupportedText);
    renderHighlights();
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
    const kind = kindLabel(nudge.kind).toLowerCase();
    panel.say(how === "snooze"
      ? `Snoozed this ${kind} for ${Math.round(snoozeMs / 60_000)} minutes. Show brings it back.`
      : `Dismissed this ${kind} for this conversation. Show brings it back.`);
    if (hiddenRules.length > 0) panel.showHidden.focus({ preventScroll: true });
    else element.focus({ preventScroll: true });
  }

  /** Undoes every dismissal and snooze of the rules the latest result has. */
  function showHiddenRules() {
    const rules = hiddenRules;
    if (rules.length === 0) return;
    for (const r of rules) draftSession.delete(r);
    prefs.unhide(sessionKey(), rules); // re-renders every coach on the page
    const first = panel.list.querySelector(`.empathy-nudge[data-rule-id="${cssEscape(win, rules[0])}"] button`);
    (first ?? element).focus({ preventScroll: true });
  }

  function setCollapsed(value) {
    if (value === collapsed) return;
    const active = panel.root.getRootNode().activeElement;
    const focusInside = active != null && panel.root.contains(active);
    prefs.setCollapsed(value); // calls onPreferences for every coach on the page
    panel.say(value ? `Empathy coach hidden. Press ${SHORTCUT} to show it.` : "Empathy coach shown.");
    if (focusInside) (value ? panel.expand : element).focus({ preventScroll: true });
  }

  function onPreferences() {
    const next = prefs.read().collapsed;
    if (next !== collapsed) {
      collapsed = next;
      // Nudges on screen before hiding were heard already; a hidden coach says nothing.
      panel.heard(collapsed ? [] : shownNudges);
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
    if (!target || !panel.root.contains(target)) return;
    const nudge = shownNudges[Number(target.dataset.index)];
    if (target.classList.contains("empathy-use")) {
      if (nudge) applySuggestion(nudge);
    } else if (target.classList.contains("empathy-dismiss")) {
      if (nudge) hideRule(nudge, "dismiss");
    } else if (target.classList.contains("empathy-snooze")) {
      if (nudge) hideRule(nudge, "snooze");
    } else if (target === panel.showHidden) {
      showHiddenRules();
    } else if (target === panel.collapse) {
      setCollapsed(true);
    } else if (target === panel.expand) {
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
    [panel.root, "click", onPanelClick],
    [panel.root, "keydown", onPanelKeyDown],
    [panel.root, "pointerover", onPanelFocus],
    [panel.root, "focusin", onPanelFocus],
    [panel.root, "pointerleave", onPanelLeave],
    [panel.root, "focusout", onPanelLeave],
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
    panel.root.remove();
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

function isResult(value) {
  if (value == null || typeof value !== "object" || "error" in value) return false;
  return value.supported === false || (value.score !== null && Number.isFinite(Number(value.score)));
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
