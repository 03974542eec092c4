// The demo agent console: scripted customers on the left, the agent's reply box with the
// coach attached on the right. Served by `make demo` (examples/serve.mjs) under a strict
// CSP, so everything here is plain ES modules and DOM calls: no inline script or style,
// no network requests beyond this page's own files.

import { loadScorer } from "../../web/empathy.js";
import { attach } from "../../web/widget.js";

/**
 * Each scenario is a scripted customer: `opening` lines start the chat, and one line of
 * `replies` follows each message the agent sends. `samples` fill the reply box.
 */
const SCENARIOS = [
  {
    id: "double-charge",
    title: "Double charge",
    summary: "Billed twice, and it's not the first time.",
    tags: ["frustrated", "billing"],
    customer: { name: "Priya Shah" },
    meta: { team: "billing", channel: "chat" },
    opening: [
      "Hi, I've just been charged TWICE for order #48213. £86.40 each time!!",
      "This is the second time this has happened and I'm honestly fed up.",
    ],
    replies: [
      "Ok. And how long until I actually see the money back?",
      "Fine. Please make sure it doesn't happen a third time.",
      "Thanks, that's all I needed.",
    ],
    samples: {
      dismissive: "Calm down, as I said you should have checked.",
      empathetic: "I'm so sorry you were charged twice, that's really frustrating. I'll refund the duplicate charge today.",
    },
  },
  {
    id: "missed-birthday",
    title: "Missed birthday delivery",
    summary: "The cake never came; the party was yesterday.",
    tags: ["sad", "delivery"],
    customer: { name: "Marcus Bell" },
    meta: { team: "delivery", channel: "chat" },
    opening: [
      "The cake I ordered for my daughter's 7th birthday never arrived. The party was yesterday and she was in tears.",
      "I paid extra for guaranteed delivery.",
    ],
    replies: [
      "I don't want a voucher. I want to know what went wrong.",
      "Ok. Thank you for actually listening.",
    ],
    samples: {
      dismissive: "Deliveries are sometimes delayed, there's nothing I can do. You can request a refund on our website.",
      empathetic: "I'm so sorry. Missing your daughter's birthday cake is awful, especially after paying for guaranteed delivery. I'll refund the cake and the delivery fee now, and I'll find out what went wrong.",
    },
  },
  {
    id: "bereavement",
    title: "Bereavement account closure",
    summary: "Closing her late husband's account.",
    tags: ["grieving", "high risk"],
    customer: { name: "Helen Morris" },
    meta: { team: "accounts", channel: "chat" },
    opening: [
      "My husband passed away last month and I need to close his account.",
      "Sorry, I don't really know what I'm supposed to do.",
    ],
    replies: [
      "I have the death certificate. Do I need to send the original?",
      "Thank you. You've made this a lot easier.",
    ],
    samples: {
      dismissive: "To close an account, send the death certificate to our postal address. Processing takes 6-8 weeks.",
      empathetic: "I'm so sorry for your loss, Helen. There's no need to apologise. I'll take care of this with you step by step: a copy of the death certificate is all I need.",
    },
  },
  {
    id: "fraud-scare",
    title: "Fraud scare",
    summary: "Payments they didn't make; scared.",
    tags: ["anxious", "high risk"],
    customer: { name: "Tom Becker" },
    meta: { team: "card-services", channel: "chat" },
    opening: [
      "There are three payments on my card I didn't make!!",
      "Someone has got into my account. I'm really scared, what do I do??",
    ],
    replies: [
      "Ok, so it's frozen now? Will I get the money back?",
      "Thank you. I feel a bit calmer now.",
    ],
    samples: {
      dismissive: "You should have kept your card details safe. Just call the fraud line.",
      empathetic: "That sounds really scary, and you did the right thing by telling us straight away. I'm freezing your card now so nothing else can go through, then we'll go through the three payments together.",
    },
  },
  {
    id: "rushed-traveller",
    title: "Rushed traveller",
    summary: "Boarding in 20 minutes, no boarding pass.",
    tags: ["urgent", "travel"],
    customer: { name: "Aisha Khan" },
    meta: { team: "travel", channel: "chat" },
    opening: ["My flight boards in 20 minutes and my boarding pass won't load in the app. Quick please!!"],
    replies: ["Got it, it's on my phone now. Thanks!"],
    samples: {
      dismissive: "Thank you for contacting us. We apologize for any inconvenience. To help you further, could you please describe the issue in detail, including your booking reference, your device model, your operating system version and the version of the app you are using?",
      empathetic: "Let's get you on that flight. I've just emailed your boarding pass, so you can show it at the gate straight from your inbox.",
    },
  },
  {
    id: "neutral-question",
    title: "Neutral question",
    summary: "Shipping to Canada: a factual answer is enough.",
    tags: ["neutral", "pre-sales"],
    customer: { name: "Daniel Ortiz" },
    meta: { team: "pre-sales", channel: "chat" },
    opening: ["Hi! Do you ship to Canada, and roughly how long does it take?"],
    replies: ["Great, and is there a tracking number?", "Perfect, thanks!"],
    samples: {
      dismissive: "Read the FAQ.",
      empathetic: "Hi Daniel! Yes, we ship to Canada. Delivery usually takes 5 to 7 business days.",
    },
  },
];

const CUSTOMER_REPLY_DELAY_MS = 900;
const COMPONENT_LABELS = {
  activeListening: "Active listening",
  emotionalRecognition: "Emotional recognition",
  supportiveResponses: "Supportive responses",
  genuineTone: "Genuine tone",
};
const BAND_LABELS = { low: "Low", fair: "Fair", good: "Good" };

const $ = (id) => document.getElementById(id);
const ui = {
  scenarioList: $("scenario-list"),
  avatar: $("customer-avatar"),
  name: $("customer-name"),
  meta: $("conversation-meta"),
  messages: $("messages"),
  restart: $("restart"),
  customerForm: $("customer-form"),
  customerInput: $("customer-input"),
  reply: $("reply"),
  send: $("send"),
  status: $("status"),
  summary: $("summary"),
  sampleDismissive: $("sample-dismissive"),
  sampleEmpathetic: $("sample-empathetic"),
};

const state = {
  scenario: SCENARIOS[0],
  turns: [], // {role, text, time}: what the scorer sees
  nextReply: 0, // index into scenario.replies
  replyTimer: 0,
  scorer: null,
  coach: null,
  conversation: null, // the last scoreConversation result
  scored: null, // {draft, result}: the coach's latest result and the draft it is about
};

/** Creates an element with a class and text content (never markup). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).map((w) => w[0]).slice(0, 2).join("").toUpperCase();
}

function formatTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function bandOf(score) {
  return score < 40 ? "low" : score < 70 ? "fair" : "good";
}

// --- Scenarios ------------------------------------------------------------------------

function renderScenarioList() {
  ui.scenarioList.replaceChildren(...SCENARIOS.map((s) => {
    const item = el("li");
    const button = el("button", "scenario");
    button.type = "button";
    button.dataset.scenario = s.id;
    button.setAttribute("aria-pressed", String(s === state.scenario));
    const tags = el("span", "scenario-tags");
    for (const t of s.tags) {
      const tag = el("span", "tag", t);
      if (t === "high risk") tag.classList.add("tag-risk");
      if (t === "neutral") tag.classList.add("tag-neutral");
      tags.append(tag);
    }
    button.append(el("span", "scenario-title", s.title), el("span", "scenario-summary", s.summary), tags);
    button.addEventListener("click", () => pickScenario(s.id));
    item.append(button);
    return item;
  }));
}

function pickScenario(id, { focus = true } = {}) {
  const scenario = SCENARIOS.find((s) => s.id === id) ?? SCENARIOS[0];
  state.scenario = scenario;
  clearTimeout(state.replyTimer);
  const now = Date.now();
  state.turns = scenario.opening.map((text, i) => ({
    role: "customer",
    text,
    time: now - (scenario.opening.length - i) * 40_000,
  }));
  state.nextReply = 0;
  state.conversation = null;
  if (location.hash !== `#${scenario.id}`) history.replaceState(null, "", `#${scenario.id}`);
  for (const b of ui.scenarioList.querySelectorAll(".scenario")) {
    b.setAttribute("aria-pressed", String(b.dataset.scenario === scenario.id));
  }
  ui.avatar.textContent = initials(scenario.customer.name);
  ui.avatar.dataset.scenario = scenario.id;
  ui.name.textContent = scenario.customer.name;
  ui.meta.textContent = `${scenario.title} · ${scenario.meta.team} · live chat`;
  setDraft("");
  renderMessages();
  renderSummary();
  state.coach?.update();
  if (focus && !ui.reply.disabled) ui.reply.focus();
}

// --- Conversation -----------------------------------------------------------------------

function renderMessages({ typing = false } = {}) {
  const agentResults = state.conversation?.turns ?? [];
  let agentIndex = 0;
  const items = state.turns.map((turn) => {
    const item = el("li", `message message-${turn.role}`);
    const bubble = el("div", "bubble");
    bubble.append(el("p", "bubble-text", turn.text));
    const meta = el("div", "message-meta");
    const who = turn.role === "customer" ? state.scenario.customer.name.split(" ")[0] : "You";
    meta.append(el("span", "message-who", who), el("time", "message-time", formatTime(turn.time)));
    if (turn.role === "agent") {
      const result = agentResults[agentIndex++];
      if (result && Number.isFinite(result.score)) {
        const badge = el("span", "turn-score", `Empathy ${Math.round(result.score)}`);
        badge.dataset.band = result.band ?? bandOf(result.score);
        meta.append(badge);
      }
    }
    item.append(bubble, meta);
    return item;
  });
  if (typing) {
    const item = el("li", "message message-customer message-typing");
    const bubble = el("div", "bubble");
    bubble.setAttribute("aria-label", `${state.scenario.customer.name} is typing`);
    bubble.append(el("span", "dot"), el("span", "dot"), el("span", "dot"));
    item.append(bubble);
    items.push(item);
  }
  ui.messages.replaceChildren(...items);
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function addTurn(role, text) {
  state.turns.push({ role, text, time: Date.now() });
}

function send() {
  const text = ui.reply.value.trim();
  if (!text || !state.scorer) return;
  addTurn("agent", text);
  setDraft("");
  scoreConversation();
  renderMessages({ typing: state.nextReply < state.scenario.replies.length });
  state.coach?.update();
  scheduleCustomerReply();
  ui.reply.focus();
}

function scheduleCustomerReply() {
  clearTimeout(state.replyTimer);
  if (state.nextReply >= state.scenario.replies.length) return;
  const scenario = state.scenario;
  state.replyTimer = setTimeout(() => {
    if (scenario !== state.scenario) return;
    addTurn("customer", scenario.replies[state.nextReply++]);
    renderMessages();
    state.coach?.update();
  }, CUSTOMER_REPLY_DELAY_MS);
}

function addCustomerMessage(event) {
  event.preventDefault();
  const text = ui.customerInput.value.trim();
  if (!text) return;
  clearTimeout(state.replyTimer);
  addTurn("customer", text);
  ui.customerInput.value = "";
  renderMessages();
  state.coach?.update();
}

/** Replaces the draft programmatically (resets undo, which is right after sending). */
function setDraft(text) {
  ui.reply.value = text;
  ui.send.disabled = !state.scorer || text.trim() === "";
}

/** Puts a sample draft in the reply box as if typed: one undoable edit, input event fired. */
function useSample(kind) {
  const text = state.scenario.samples[kind];
  ui.reply.focus();
  ui.reply.select();
  if (!document.execCommand("insertText", false, text)) {
    ui.reply.setRangeText(text, 0, ui.reply.value.length, "end");
    ui.reply.dispatchEvent(new InputEvent("input", { bubbles: true }));
  }
}

// --- Conversation score -----------------------------------------------------------------

function scoreConversation() {
  const result = state.scorer.scoreConversation({
    id: `demo-${state.scenario.id}`,
    meta: { ...state.scenario.meta, shift: "day", agent: "demo" },
    turns: state.turns.map(({ role, text, time }) => ({ role, text, time })),
  });
  state.conversation = result && !("error" in result) ? result : null;
  renderSummary(result);
}

function renderSummary(result = state.conversation) {
  const box = ui.summary;
  if (!result || "error" in result || !Number.isFinite(result.score)) {
    box.dataset.band = "none";
    const message = result?.error
      ? `The conversation could not be scored: ${result.error}`
      : "Send a reply to see how the whole conversation scores.";
    box.replaceChildren(el("p", "summary-empty", message));
    return;
  }
  const score = Math.round(result.score);
  const band = BAND_LABELS[result.band] ? result.band : bandOf(score);
  box.dataset.band = band;

  const head = el("div", "summary-head");
  const value = el("div", "summary-score");
  value.append(el("span", "summary-value", String(score)), el("span", "summary-max", "/100"));
  const label = el("div", "summary-label");
  label.append(el("span", "summary-band", BAND_LABELS[band]));
  const replies = (result.turns ?? []).length;
  label.append(el("span", "summary-caption", `Be Empathetic score · ${replies} ${replies === 1 ? "reply" : "replies"}`));
  head.append(value, label);

  const parts = [head];
  const components = Object.entries(COMPONENT_LABELS)
    .filter(([key]) => Number.isFinite(result.components?.[key]));
  if (components.length) {
    const list = el("dl", "components");
    for (const [key, name] of components) {
      const v = Math.round(result.components[key]);
      const row = el("div", "component");
      const bar = el("span", "component-bar");
      const fill = el("span", "component-fill");
      fill.style.width = `${Math.max(0, Math.min(100, v))}%`;
      fill.dataset.band = bandOf(v);
      bar.append(fill);
      const dd = el("dd", "component-value");
      dd.append(bar, el("span", "component-number", String(v)));
      row.append(el("dt", "component-name", name), dd);
      list.append(row);
    }
    parts.push(list);
  }
  const flags = Array.isArray(result.flags) ? result.flags : [];
  const flagRow = el("div", "flags");
  if (flags.length) {
    for (const f of flags) {
      const id = typeof f === "string" ? f : f?.id ?? String(f);
      const chip = el("span", "flag", id.replace(/-/g, " "));
      if (id.includes("high-risk")) chip.classList.add("flag-severe");
      flagRow.append(chip);
    }
  } else {
    flagRow.append(el("span", "flag flag-ok", "no flags"));
  }
  parts.push(flagRow);
  box.replaceChildren(...parts);
}

// --- Start ------------------------------------------------------------------------------

function onKeydown(event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    send();
  }
}

async function main() {
  renderScenarioList();
  const fromHash = SCENARIOS.find((s) => `#${s.id}` === location.hash);
  pickScenario(fromHash?.id ?? SCENARIOS[0].id, { focus: false });

  ui.restart.addEventListener("click", () => pickScenario(state.scenario.id));
  ui.customerForm.addEventListener("submit", addCustomerMessage);
  ui.send.addEventListener("click", send);
  ui.reply.addEventListener("keydown", onKeydown);
  ui.reply.addEventListener("input", () => {
    ui.send.disabled = !state.scorer || ui.reply.value.trim() === "";
  });
  ui.sampleDismissive.addEventListener("click", () => useSample("dismissive"));
  ui.sampleEmpathetic.addEventListener("click", () => useSample("empathetic"));
  window.addEventListener("hashchange", () => {
    const s = SCENARIOS.find((x) => `#${x.id}` === location.hash);
    if (s && s !== state.scenario) pickScenario(s.id);
  });

  try {
    state.scorer = await loadScorer();
  } catch (err) {
    ui.status.textContent = `Could not load the scorer (${err?.message ?? err}). Build it with "make wasm".`;
    ui.status.classList.add("status-error");
    return;
  }
  ui.reply.disabled = false;
  ui.status.textContent = "Coach ready";
  ui.status.classList.add("status-ready");
  state.coach = attach(ui.reply, {
    scorer: state.scorer,
    history: () => state.turns.map(({ role, text, time }) => ({ role, text, time })),
    customer: () => ({ name: state.scenario.customer.name.split(" ")[0] }),
    onResult: (result) => {
      // The host hears every result: a console could log scores or gate the Send button.
      state.scored = { draft: ui.reply.value, result };
    },
  });
  document.documentElement.dataset.ready = "true";
  // For the end-to-end tests and for poking at the demo from the console.
  window.empathyDemo = { scorer: state.scorer, coach: state.coach, state, pickScenario, send };
  ui.reply.focus();
}

main();
