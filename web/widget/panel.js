// The coach's panel: the card (meter, customer chips, nudges, conversation score and its
// parts, the hidden-rules note, Hide), the button that brings a hidden coach back, and the
// polite live region. It shows what it is given and keeps only what drawing needs: which
// nudge each element shows, what was last announced, whether "Why?" is open and how tall
// the nudge area has been during this reply. attach() (../widget.js) decides what to give.
import { isEdit } from "./edits.js";
import { button, el, svgIcon } from "./dom.js";

/** The keyboard shortcut that hides and shows the coach, in aria-keyshortcuts syntax. */
export const SHORTCUT = "Alt+Shift+E";

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
const FLAG_LABELS = {
  "missed-empathy": "missed empathy",
  "missed-empathy-high-risk": "missed empathy, high risk",
};
// 16x16 icons, drawn with paths so no icon font or network request is needed.
const KIND_ICONS = {
  warning: "M8 1.5 15 14H1L8 1.5Zm-.9 4.5v4.2h1.8V6H7.1Zm0 5.3v1.8h1.8v-1.8H7.1Z",
  tip: "M8 1a5 5 0 0 0-3 9v2h6v-2a5 5 0 0 0-3-9Zm-2 12.2h4V15H6v-1.8Z",
  praise: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 4.6 1.2 1.2-5.3 5.3-3-3 1.2-1.2 1.8 1.8 4.1-4.1Z",
};
const SNOOZE_ICON = "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 1.6a5.4 5.4 0 1 1 0 10.8A5.4 5.4 0 0 1 8 2.6ZM7.2 4v4.5l3.3 2 .8-1.3-2.5-1.5V4H7.2Z";
const DISMISS_ICON = "M4.2 3.1 8 6.9l3.8-3.8 1.1 1.1L9.1 8l3.8 3.8-1.1 1.1L8 9.1l-3.8 3.8-1.1-1.1L6.9 8 3.1 4.2l1.1-1.1Z";

/** A nudge kind's label ("Warning"); any other kind reads as a tip. */
export function kindLabel(kind) {
  return KIND_LABELS[kind] ?? KIND_LABELS.tip;
}

/** What identifies a nudge on screen: its rule, kind and words (its span moves as the agent types). */
function nudgeIdentity(n) {
  return JSON.stringify([n.ruleId, n.kind, n.message, n.suggestion ?? null]);
}

/** A language's name for the agent ("Spanish"), or its code when the browser has no name for it. */
export function languageName(win, code) {
  if (!code || code === "und") return "this language";
  try {
    return new win.Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A score as the panel shows it: a whole number in 0..100. */
function shownScore(score) {
  return Math.min(100, Math.max(0, Math.round(Number(score) || 0)));
}

/** The engine's band ("" when a result has none: the panel does not decide it). */
function bandOf(name) {
  return Object.hasOwn(BAND_LABELS, name) ? name : "";
}

/** The words for a score and its band: "62 out of 100, fair". */
function scoreWords(score, band) {
  return [`${score} out of 100`, band ? BAND_LABELS[band].toLowerCase() : ""].filter(Boolean).join(", ");
}

/**
 * Builds the panel for one reply box.
 * @param {Document} doc
 * @param {{id: string, themeClass: string | null, snoozeMinutes: number}} options
 */
export function createPanel(doc, { id, themeClass, snoozeMinutes }) {
  const root = el(doc, "div", "empathy-panel");
  if (themeClass) root.classList.add(themeClass);
  const card = el(doc, "div", "empathy-card");
  card.id = `${id}-card`;
  card.setAttribute("role", "group");
  card.setAttribute("aria-label", "Empathy coach");
  card.hidden = true;

  const meter = el(doc, "div", "empathy-meter");
  const scoreBox = el(doc, "div", "empathy-score");
  const scoreValue = el(doc, "span", "empathy-score-value");
  scoreBox.append(scoreValue, el(doc, "span", "empathy-score-max", "/100"));
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

  // The nudge area: a fixed height (--empathy-nudges-height), scrolled when the nudges need
  // more, so nudges that come and go never move the reply box or Send.
  const area = el(doc, "div", "empathy-nudge-area");
  const list = el(doc, "ul", "empathy-nudges");
  list.setAttribute("aria-label", "Nudges");
  area.append(list, el(doc, "p", "empathy-nudges-empty", "Nothing to change so far."));

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
  card.append(meter, unsupportedNote, area, footer);

  const expand = button(doc, "empathy-expand", "Show empathy coach");
  expand.setAttribute("aria-keyshortcuts", SHORTCUT);
  expand.title = `Show the empathy coach (${SHORTCUT})`;
  expand.hidden = true;

  const live = el(doc, "div", "empathy-live");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  root.append(card, expand, live);

  const itemKeys = new WeakMap(); // nudge element -> identity of the nudge it shows
  let shownKey = ""; // the nudges on screen, with their spans
  let announcedRules = new Set();
  let announcedKey = ""; // the headline last spoken: a band, "unsupported:es", or ""
  let partsOpen = false; // the conversation score's "Why?" is open

  /**
   * The meter: the score with its band, the language being read, the customer's state;
   * or, in a language the model does not read, a quiet line instead (`unsupportedText`,
   * empty while that language's pack loads).
   */
  function showScore({ score, band: bandName, language, unsupported, unsupportedText, customer }) {
    unsupportedNote.textContent = unsupportedText;
    unsupportedNote.hidden = !unsupportedText;
    const read = !unsupported && language && language !== "en" && language !== "und";
    languageTag.textContent = read ? ` · ${languageName(doc.defaultView, language)}` : "";
    languageTag.hidden = !read;
    const value = shownScore(score);
    const bandId = bandOf(bandName);
    meter.dataset.band = bandId;
    scoreValue.textContent = String(value);
    band.textContent = bandId ? BAND_LABELS[bandId] : "";
    fill.style.width = `${value}%`;
    bar.setAttribute("aria-valuenow", String(value));
    bar.setAttribute("aria-valuetext", scoreWords(value, bandId));
    showCustomer(customer);
    return { value, bandId };
  }

  function showCustomer(state) {
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

  /**
   * Updates the list in place: a nudge that is still there keeps its element (no replayed
   * animation, no lost focus), new ones are created, gone ones removed. Spans are not part
   * of a nudge's identity: they move as the agent types.
   */
  function showNudges(nudges) {
    const key = JSON.stringify(nudges.map((n) => [nudgeIdentity(n), n.start, n.end]));
    if (key === shownKey) return;
    shownKey = key;
    const existing = new Map([...list.children].map((li) => [itemKeys.get(li), li]));
    nudges.forEach((nudge, index) => {
      const k = nudgeIdentity(nudge);
      let item = existing.get(k);
      if (item) existing.delete(k);
      else {
        item = nudgeItem(nudge);
        itemKeys.set(item, k);
      }
      item.dataset.index = String(index);
      for (const b of item.querySelectorAll("button")) b.dataset.index = String(index);
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] ?? null);
    });
    for (const item of existing.values()) item.remove();
  }

  function nudgeItem(nudge) {
    const kind = KIND_LABELS[nudge.kind] ? nudge.kind : "tip";
    const kindName = KIND_LABELS[kind].toLowerCase();
    const item = el(doc, "li", "empathy-nudge");
    item.dataset.kind = kind;
    item.dataset.ruleId = String(nudge.ruleId ?? "");
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
        use.setAttribute("aria-label", `Use suggestion: ${nudge.suggestion}`);
        row.append(use);
      }
      body.append(row);
    }
    const actions = el(doc, "div", "empathy-nudge-actions");
    const snoozeButton = button(doc, "empathy-icon-button empathy-snooze");
    snoozeButton.setAttribute("aria-label", `Snooze this ${kindName} for ${snoozeMinutes} minutes`);
    snoozeButton.title = `Snooze for ${snoozeMinutes} minutes`;
    snoozeButton.append(svgIcon(doc, SNOOZE_ICON, "evenodd"));
    const dismissButton = button(doc, "empathy-icon-button empathy-dismiss");
    dismissButton.setAttribute("aria-label", `Dismiss this ${kindName} for this conversation`);
    dismissButton.title = "Dismiss for this conversation";
    dismissButton.append(svgIcon(doc, DISMISS_ICON));
    actions.append(snoozeButton, dismissButton);
    item.append(icon, body, actions);
    return item;
  }

  /** The conversation's "Be Empathetic" score and its flags, in one line of the footer; null hides it. */
  function showConversation(result) {
    if (!result || result.supported === false) { // no reply read yet: no conversation score
      convo.hidden = true;
      convo.replaceChildren();
      return;
    }
    const score = shownScore(result.score);
    const bandId = bandOf(result.band);
    const flags = Array.isArray(result.flags) ? result.flags.map(String) : [];
    convo.dataset.band = bandId;
    convo.title = "“Be Empathetic” score of the replies sent so far";
    const label = el(doc, "span", "empathy-convo-label", "Conversation");
    const value = el(doc, "span", "empathy-convo-score", String(score));
    const bandLabel = el(doc, "span", "empathy-convo-band", bandId ? BAND_LABELS[bandId] : "");
    const chips = flags.slice(0, 2).map((f) => {
      const chip = el(doc, "span", "empathy-chip empathy-flag", FLAG_LABELS[f] ?? f.replace(/-/g, " "));
      chip.dataset.flag = f;
      return chip;
    });
    convo.replaceChildren(label, doc.createTextNode(" "), value, doc.createTextNode(" "), bandLabel, ...chips,
      ...scoreParts(result.parts, score));
    convo.hidden = false;
  }

  /**
   * Why the conversation scores what it does, behind "Why?": the engine's parts (each reply's
   * score and weight, their weighted mean, each penalty with its reason). Stays open across
   * updates once the agent opens it.
   */
  function scoreParts(parts, score) {
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

  /** "N nudges hidden. Show": the rules the agent hid that the engine would show now. */
  function showHiddenCount(count) {
    hiddenNote.hidden = count === 0;
    hiddenText.textContent = count === 1 ? "1 nudge hidden." : `${count} nudges hidden.`;
    showHidden.setAttribute("aria-label", count === 1 ? "Show the hidden nudge" : "Show the hidden nudges");
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
    if (key !== announcedKey) {
      announcedKey = key;
      if (key) parts.push(headline);
    }
    parts.push(...added.map((n) => `${kindLabel(n.kind)}: ${n.message}`));
    if (parts.length > 0) live.textContent = parts.join(" ");
  }

  /** Announces what the panel shows after a score: the band's words, or nothing. */
  function announceScore(nudges, { value, bandId }) {
    announce(nudges, bandId, `Empathy score ${[value, bandId ? BAND_LABELS[bandId].toLowerCase() : ""].filter(Boolean).join(", ")}.`);
  }

  return {
    root, card, meter, area, list, showHidden, collapse, expand,
    showScore, showNudges, showConversation, showHiddenCount, announce, announceScore,
    /** Says one thing to a screen reader now ("Snoozed this tip…"). */
    say(text) {
      live.textContent = text;
    },
    /** Nudges already heard are not announced again (after the coach is shown again). */
    heard(nudges) {
      announcedRules = new Set(nudges.map((n) => String(n.ruleId)));
    },
    /** A failed scoring: nothing shown. */
    clear() {
      card.hidden = true;
      shownKey = "";
      list.replaceChildren();
    },
  };
}
