// The demo agent console: scripted customers on the left, the agent's reply box with the
// coach attached on the right, the conversation score and its timeline below it, and a
// coaching summary when the chat ends. Served by `make demo` (examples/serve.mjs) under a
// strict CSP, so everything here is plain ES modules and DOM calls: no inline script or
// style, no network requests beyond this page's own files.

// The minified bundles the package ships (`make wasm` builds them), so the demo and its
// tests run what a page loads.
import { loadScorer } from "../../web/empathy.min.js";
import { attach } from "../../web/widget.min.js";
import { coachingSummary } from "./coaching.js";

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
    id: "outage-home-worker",
    title: "Outage for a home worker",
    summary: "Broadband down on the day of a big presentation.",
    tags: ["anxious", "technical"],
    customer: { name: "Sofia Marin" },
    meta: { team: "tech-support", channel: "chat" },
    opening: [
      "My broadband has been down since 7am and I work from home. I've got a client presentation at 2pm and I'm panicking!!",
      "I've already restarted the router three times.",
    ],
    replies: [
      "Ok. Is there anything I can do before 2pm?",
      "Right, I'll try the hotspot. Please keep me posted.",
      "Thanks. Fingers crossed.",
    ],
    samples: {
      dismissive: "Have you tried turning the router off and on again? There's an outage in your area, you'll have to wait.",
      empathetic: "I'm so sorry, losing your connection on the day of a client presentation is really stressful. There's a fault at your local exchange: engineers are on site and expect it fixed by 1pm. I'll add 20 GB of free mobile data now so you can use your phone as a hotspot in the meantime.",
    },
  },
  {
    id: "confused-older-customer",
    title: "Confused older customer",
    summary: "A letter about the digital phone switch he doesn't follow.",
    tags: ["confused", "needs patience"],
    customer: { name: "Arthur Hughes" },
    meta: { team: "tech-support", channel: "chat" },
    opening: [
      "Hello. I'm sorry to bother you. I got a letter saying my phone line is changing to digital and I don't understand what I need to do.",
      "I'm 84 and my daughter usually helps with these things.",
    ],
    replies: [
      "Will my phone still work if there's a power cut?",
      "Thank you dear. Could you send me that in a letter as well?",
      "That's very kind. Thank you for being so patient with me.",
    ],
    samples: {
      dismissive: "Just plug the phone into the back of the router. It's explained in the letter.",
      empathetic: "You're not bothering me at all, Arthur, and I know this is confusing. Nothing changes today. Let's go through it together, one step at a time, and I'll post you a copy too.",
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
    id: "angry-caps",
    title: "Angry caps-lock customer",
    summary: "Third missed engineer visit, and shouting.",
    tags: ["angry", "high risk"],
    customer: { name: "Gary Doyle" },
    meta: { team: "field-service", channel: "chat" },
    opening: [
      "THIS IS THE THIRD TIME YOUR ENGINEER HAS NOT TURNED UP!!!",
      "I TOOK A DAY OFF WORK FOR THIS. I WANT TO SPEAK TO A MANAGER NOW.",
    ],
    replies: [
      "Fine. But if nobody turns up this time I'm cancelling.",
      "Ok. At least someone is taking it seriously.",
      "Alright. Thanks.",
    ],
    samples: {
      dismissive: "Please stop shouting. There's nothing I can do about the engineer's schedule.",
      empathetic: "I'm really sorry. Three missed visits and a wasted day off work is not acceptable, and you have every right to be angry. I've booked the first slot tomorrow, 8 to 10am, marked priority, and my team leader will call you today.",
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
  {
    id: "grateful-customer",
    title: "Grateful customer",
    summary: "Writing in just to say thank you.",
    tags: ["grateful", "neutral"],
    customer: { name: "Mei Chen" },
    meta: { team: "delivery", channel: "chat" },
    opening: [
      "Hi! I just wanted to say thank you. Your driver Sam carried my shopping up four flights of stairs when the lift was broken.",
      "He made my week, honestly.",
    ],
    replies: [
      "Please do! You've all been brilliant.",
      "Have a lovely day too!",
    ],
    samples: {
      dismissive: "Ok. As I said, we don't pass on messages to drivers.",
      empathetic: "Thank you so much for telling us, Mei, that's lovely to hear! I'll make sure Sam and his manager hear your kind words today.",
    },
  },
  {
    id: "es-double-charge",
    title: "Cobro duplicado (español)",
    summary: "In Spanish: charged twice, and fed up.",
    tags: ["español", "frustrated"],
    customer: { name: "Lucía Fernández" },
    meta: { team: "billing", channel: "chat" },
    opening: [
      "Hola, me han cobrado DOS veces la factura de este mes, 59,90 € cada una!!",
      "Ya es la segunda vez que pasa y nadie me da una solución, estoy harta.",
    ],
    replies: [
      "Vale. ¿Y cuándo me devuelven el dinero?",
      "Bien. Que no vuelva a pasar, por favor.",
      "Gracias, eso es todo.",
    ],
    samples: {
      dismissive: "Cálmese, como ya le dije tendría que haber revisado la factura antes.",
      empathetic: "Lamento mucho el doble cobro, Lucía, y más siendo la segunda vez: entiendo que esté harta. Ya he anulado el cargo duplicado y le devolveremos los 59,90 € en 3 a 5 días hábiles.",
    },
  },
  {
    id: "de-gas-smell",
    title: "Gasgeruch (Deutsch)",
    summary: "In German: a smell of gas, alone with two children.",
    tags: ["Deutsch", "emergency"],
    customer: { name: "Sabine Krüger" },
    meta: { team: "emergency", channel: "chat" },
    opening: [
      "Hallo, bei uns im Treppenhaus riecht es seit heute Morgen stark nach Gas.",
      "Ich bin allein mit meinen zwei Kindern zu Hause und habe Angst. Was soll ich tun??",
    ],
    replies: [
      "Okay, wir sind draußen. Kommt jemand?",
      "Danke, der Techniker ist da. Das hat mir sehr geholfen.",
    ],
    samples: {
      dismissive: "Wie bereits erwähnt, sind wir dafür nicht zuständig. Wenden Sie sich bitte an Ihren Vermieter.",
      empathetic: "Bitte gehen Sie sofort mit den Kindern nach draußen, ohne Lichtschalter oder Klingel zu betätigen. Ich melde das jetzt als Notfall, ein Techniker ist schon unterwegs. Sie machen das genau richtig.",
    },
  },
];

const CUSTOMER_REPLY_DELAY_MS = 900;
/** How long after the agent's last reply a scripted customer who has said everything leaves. */
const CUSTOMER_LEAVES_DELAY_MS = 1400;
const SVG_NS = "http://www.w3.org/2000/svg";
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
  endChat: $("end-chat"),
  composer: $("composer"),
  coaching: $("coaching"),
  coachingBody: $("coaching-body"),
  practiseAgain: $("practise-again"),
  nextScenario: $("next-scenario"),
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
  leaveTimer: 0,
  ended: null, // {reason, time} once the chat has ended
  scorer: null,
  coach: null,
  conversation: null, // the last scoreConversation result
  scored: null, // {draft, result}: the coach's latest result and the draft it is about
  coachingSummary: null, // what the coaching panel shows, once the chat has ended
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
    const summary = el("span", "scenario-summary", s.summary);
    summary.title = s.summary;
    button.append(el("span", "scenario-title", s.title), summary, tags);
    button.addEventListener("click", () => pickScenario(s.id));
    item.append(button);
    return item;
  }));
}

function pickScenario(id, { focus = true } = {}) {
  const scenario = SCENARIOS.find((s) => s.id === id) ?? SCENARIOS[0];
  state.scenario = scenario;
  clearTimeout(state.replyTimer);
  clearTimeout(state.leaveTimer);
  state.ended = null;
  state.coachingSummary = null;
  ui.coaching.hidden = true;
  ui.composer.hidden = false;
  ui.reply.disabled = !state.scorer;
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
    if (turn.role === "agent") item.dataset.reply = String(agentIndex + 1);
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
  if (state.ended) {
    const item = el("li", "message message-system");
    item.append(el("p", "system-note", `${state.ended.reason} · ${formatTime(state.ended.time)}`));
    items.push(item);
  }
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
  if (!text || !state.scorer || state.ended) return;
  addTurn("agent", text);
  setDraft("");
  scoreConversation();
  renderMessages({ typing: state.nextReply < state.scenario.replies.length });
  state.coach?.update();
  scheduleCustomerReply();
  ui.reply.focus();
}

/** A scripted customer who has said their last line leaves after the agent's reply to it. */
function scheduleCustomerLeaves() {
  clearTimeout(state.leaveTimer);
  const scenario = state.scenario;
  state.leaveTimer = setTimeout(() => {
    if (scenario === state.scenario && !state.ended) endChat(`${firstName()} left the chat`);
  }, CUSTOMER_LEAVES_DELAY_MS);
}

/** The customer as the engine reads them: by first name, as the agent addresses them. */
function customer() {
  return { name: firstName() };
}

function firstName() {
  return state.scenario.customer.name.split(" ")[0];
}

/** Ends the chat: no more replies, and the coaching summary takes the reply box's place. */
function endChat(reason = "You ended the chat") {
  if (state.ended || !state.scorer) return;
  clearTimeout(state.replyTimer);
  clearTimeout(state.leaveTimer);
  state.ended = { reason, time: Date.now() };
  scoreConversation();
  renderMessages();
  ui.reply.disabled = true;
  ui.send.disabled = true;
  ui.endChat.disabled = true;
  ui.composer.hidden = true;
  renderCoaching();
  ui.coaching.hidden = false;
  ui.nextScenario.focus();
}

function scheduleCustomerReply() {
  clearTimeout(state.replyTimer);
  if (state.nextReply >= state.scenario.replies.length) {
    scheduleCustomerLeaves();
    return;
  }
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
  if (!text || state.ended) return;
  clearTimeout(state.replyTimer);
  clearTimeout(state.leaveTimer);
  addTurn("customer", text);
  ui.customerInput.value = "";
  renderMessages();
  state.coach?.update();
}

/** Replaces the draft programmatically (resets undo, which is right after sending). */
function setDraft(text) {
  ui.reply.value = text;
  ui.send.disabled = !state.scorer || text.trim() === "" || Boolean(state.ended);
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
    customer: customer(), // as the coach reads the draft: a reply keeps its score
  });
  state.conversation = result && !("error" in result) ? result : null;
  ui.endChat.disabled = !state.conversation || Boolean(state.ended);
  renderSummary(result);
}

function renderSummary(result = state.conversation) {
  const box = ui.summary;
  if (!result || "error" in result || !Number.isFinite(result.score)) {
    ui.endChat.disabled = true;
    box.dataset.band = "none";
    const message = result?.error
      ? `The conversation could not be scored: ${result.error}`
      : result?.supported === false
        ? "Not scored: the coach doesn't speak the language of these replies yet."
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

  const parts = [head, el("figure", "timeline")];
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
  renderTimeline();
}

// --- Timeline of per-reply scores -----------------------------------------------------------

function svg(tag, attrs = {}, className) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (className) node.setAttribute("class", className);
  return node;
}

/**
 * Draws each sent reply's score (dots, joined), the bands behind them, and the draft in
 * the reply box as a hollow dot, so the agent sees where the next reply would land.
 */
function renderTimeline() {
  const figure = ui.summary.querySelector(".timeline");
  const replies = state.conversation?.turns ?? [];
  if (!figure || replies.length === 0) return;
  const draft = !state.ended && state.scored && state.scored.draft.trim() !== "" && Number.isFinite(state.scored.result?.score)
    ? state.scored.result : null;
  const points = replies.map((t, i) => ({ x: i, score: t.score, band: t.band ?? bandOf(t.score), draft: false }));
  if (draft) points.push({ x: points.length, score: draft.score, band: draft.band ?? bandOf(draft.score), draft: true });

  const W = 380;
  const H = 104;
  const pad = { left: 26, right: 14, top: 16, bottom: 20 };
  const step = points.length > 1 ? (W - pad.left - pad.right) / (points.length - 1) : 0;
  const x = (i) => (points.length > 1 ? pad.left + i * step : (W + pad.left - pad.right) / 2);
  const y = (score) => pad.top + (1 - score / 100) * (H - pad.top - pad.bottom);

  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": timelineLabel(points) }, "timeline-chart");
  for (const [from, to, band] of [[0, 40, "low"], [40, 70, "fair"], [70, 100, "good"]]) {
    chart.append(svg("rect", { x: pad.left - 10, y: y(to), width: W - pad.left - pad.right + 20, height: y(from) - y(to) }, `timeline-band timeline-band-${band}`));
  }
  for (const tick of [0, 40, 70, 100]) {
    const label = svg("text", { x: pad.left - 14, y: y(tick) + 3.5, "text-anchor": "end" }, "timeline-axis");
    label.textContent = String(tick);
    chart.append(label);
  }
  const sent = points.filter((p) => !p.draft);
  if (sent.length > 1) chart.append(svg("polyline", { points: sent.map((p) => `${x(p.x)},${y(p.score)}`).join(" ") }, "timeline-line"));
  if (draft && sent.length) {
    const last = sent.at(-1);
    const p = points.at(-1);
    chart.append(svg("line", { x1: x(last.x), y1: y(last.score), x2: x(p.x), y2: y(p.score) }, "timeline-line timeline-line-draft"));
  }
  points.forEach((p) => {
    const group = svg("g", {}, `timeline-point${p.draft ? " timeline-point-draft" : ""}`);
    group.dataset.band = p.band;
    if (!p.draft) group.dataset.reply = String(p.x + 1);
    const title = svg("title");
    title.textContent = p.draft ? `Your draft: ${Math.round(p.score)} (${p.band})` : `Reply ${p.x + 1}: ${Math.round(p.score)} (${p.band})`;
    const value = svg("text", { x: x(p.x), y: y(p.score) - 7, "text-anchor": "middle" }, "timeline-value");
    value.textContent = String(Math.round(p.score));
    const name = svg("text", { x: x(p.x), y: H - 4, "text-anchor": "middle" }, "timeline-axis");
    name.textContent = p.draft ? "draft" : `#${p.x + 1}`;
    // The whole column is the click target, not just the 10-pixel dot.
    const column = points.length > 1 ? step : W - pad.left - pad.right;
    const hit = svg("rect", { x: x(p.x) - column / 2, y: 0, width: column, height: H }, "timeline-hit");
    group.append(title, hit, svg("circle", { cx: x(p.x), cy: y(p.score), r: p.draft ? 4.5 : 5 }), value, name);
    chart.append(group);
  });
  const caption = el("figcaption", "timeline-caption", "Score per reply");
  if (draft) caption.append(el("span", "timeline-caption-draft", " · hollow dot: the draft in your reply box"));
  figure.replaceChildren(chart, caption);
}

function timelineLabel(points) {
  const sent = points.filter((p) => !p.draft).map((p) => `reply ${p.x + 1}: ${Math.round(p.score)}`);
  const draft = points.find((p) => p.draft);
  return `Score per reply: ${sent.join(", ")}${draft ? `; your draft: ${Math.round(draft.score)}` : ""}`;
}

// --- Coaching summary -------------------------------------------------------------------------

function renderCoaching() {
  const result = state.conversation;
  const body = ui.coachingBody;
  if (!result || !Number.isFinite(result.score)) {
    state.coachingSummary = null;
    body.dataset.tone = "none";
    body.replaceChildren(el("p", "coaching-empty", result?.supported === false
      ? "The coach doesn't speak the language of these replies yet: there is nothing to coach."
      : "The chat ended before you replied: there is nothing to coach yet. Practise again to try it."));
    return;
  }
  const summary = coachingSummary(result, state.turns, customer());
  state.coachingSummary = summary;
  body.dataset.tone = summary.tone;
  const head = el("div", "coaching-verdict");
  const score = el("span", "coaching-score", String(Math.round(result.score)));
  score.dataset.band = result.band ?? bandOf(result.score);
  head.append(score, el("p", "coaching-headline", summary.headline));
  body.replaceChildren(
    head,
    coachingList("What went well", "coaching-good", summary.wentWell, "Nothing stood out yet: the tips below are a good place to start."),
    coachingList("Try next time", "coaching-try", summary.tryNext, "Nothing to fix here. Keep doing what you did."),
  );
}

function coachingList(title, className, points, empty) {
  const section = el("section", `coaching-section ${className}`);
  section.append(el("h3", "coaching-section-title", title));
  if (points.length === 0) {
    section.append(el("p", "coaching-empty", empty));
    return section;
  }
  const list = el("ul", "coaching-points");
  for (const point of points) {
    const item = el("li", "coaching-point");
    item.dataset.id = point.id;
    item.append(el("p", "coaching-point-title", point.title));
    if (point.customerQuote) {
      const q = el("p", "coaching-quote coaching-quote-customer");
      q.append(el("span", "coaching-who", `${firstName()}:`), " ", el("q", "", point.customerQuote));
      item.append(q);
    }
    if (point.quote) {
      const q = el("p", "coaching-quote");
      const who = point.reply ? `You, reply ${point.reply}:` : "You:";
      q.append(el("span", "coaching-who", who), " ", el("q", "", point.quote));
      if (point.reply) {
        q.classList.add("coaching-quote-link");
        q.tabIndex = 0;
        q.dataset.reply = String(point.reply);
        q.title = "Show this reply in the conversation";
      }
      item.append(q);
    }
    if (point.suggestion) {
      const s = el("p", "coaching-suggestion");
      s.append(el("span", "coaching-who", "Try:"), " ", el("q", "", point.suggestion));
      item.append(s);
    }
    list.append(item);
  }
  section.append(list);
  return section;
}

/** Scrolls a sent reply into view and flashes it (from the timeline or a coaching quote). */
function showReply(number) {
  const item = ui.messages.querySelector(`.message-agent[data-reply="${Number(number)}"]`);
  if (!item) return;
  item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  item.classList.remove("message-flash");
  void item.offsetWidth; // restart the animation
  item.classList.add("message-flash");
}

function nextScenario() {
  const i = SCENARIOS.indexOf(state.scenario);
  pickScenario(SCENARIOS[(i + 1) % SCENARIOS.length].id);
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
  ui.endChat.addEventListener("click", () => endChat());
  ui.practiseAgain.addEventListener("click", () => pickScenario(state.scenario.id));
  ui.nextScenario.addEventListener("click", nextScenario);
  ui.summary.addEventListener("click", (event) => {
    const point = event.target.closest?.(".timeline-point[data-reply]");
    if (point) showReply(point.dataset.reply);
  });
  const onQuote = (event) => {
    const quote = event.target.closest?.(".coaching-quote-link");
    if (quote && (event.type === "click" || event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      showReply(quote.dataset.reply);
    }
  };
  ui.coachingBody.addEventListener("click", onQuote);
  ui.coachingBody.addEventListener("keydown", onQuote);
  ui.customerForm.addEventListener("submit", addCustomerMessage);
  ui.send.addEventListener("click", send);
  ui.reply.addEventListener("keydown", onKeydown);
  ui.reply.addEventListener("input", () => {
    ui.send.disabled = !state.scorer || ui.reply.value.trim() === "" || Boolean(state.ended);
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
    customer,
    onResult: (result) => {
      // The host hears every result: a console could log scores or gate the Send button.
      state.scored = { draft: ui.reply.value, result };
      renderTimeline(); // the hollow "draft" dot follows the draft
    },
  });
  document.documentElement.dataset.ready = "true";
  // For the end-to-end tests and for poking at the demo from the console.
  window.empathyDemo = { scorer: state.scorer, coach: state.coach, state, pickScenario, send, endChat, SCENARIOS };
  ui.reply.focus();
}

main();
