// The benchmark corpus: realistic customer-service drafts and the conversations before
// them, generated from a seed so every run (native, Node, Chromium, peers) scores the
// same bytes. Pure ES module (its one import is pure too): it runs in Node and in the browser.
//
//   import { workloads, curve, peerMessages, typingSession } from "./messages.mjs";
//   workloads({ perWorkload: 100 })  // short/typical/long drafts x 0/10/100 turns of history
//   curve({ perPoint: 40 })          // cost against draft length and against history length
//
// Sizes are in UTF-16 code units (JS string length): short ~60, typical ~300, long ~2,000.

import { mulberry32 } from "../examples/data/random.js";

/** The seed every benchmark uses unless told otherwise. */
export const SEED = 9;

/** Target draft lengths, in characters. */
export const SIZES = { short: 60, typical: 300, long: 2000 };

/** Turns of history the workloads use. */
export const HISTORIES = [0, 10, 100];

/** Draft lengths and history lengths of the cost curves, and the two of each a smoke run uses. */
export const CURVE_DRAFT_CHARS = [30, 60, 125, 250, 500, 1000, 2000, 4000, 8000, 16000];
export const CURVE_HISTORY_TURNS = [0, 1, 2, 5, 10, 20, 40, 80, 160, 320];
export const SMOKE_CURVE = { draftChars: [60, 500], historyTurns: [0, 10] };

/** A string's seed: FNV-1a, so each workload has its own stream of the same seed. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function rng(seed, name) {
  const next = mulberry32((seed ^ hash(name)) >>> 0);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// --- Phrase pools -----------------------------------------------------------------------
// {name}, {order}, {amount}, {date}, {time}, {days} and {product} are filled per message.

const NAMES = ["Dana", "Priya", "Marcus", "Helen", "Tom", "Aisha", "Kenji", "Sofia", "Liam", "Zoë", "José", "Fatima"];
const PRODUCTS = ["blender", "router", "winter coat", "phone case", "coffee machine", "running shoes", "desk lamp",
  "headphones", "birthday cake", "sofa", "laptop stand", "gift card"];
const DATES = ["Monday", "Tuesday", "12 March", "the 4th", "Friday", "2 June", "Thursday", "the 21st"];
const TIMES = ["3pm", "5pm today", "noon tomorrow", "the end of the day", "10am on Monday", "6pm"];

// What customers write, by situation: complaints, worries, questions, thanks.
const CUSTOMER_LINES = [
  "Hi, I've just been charged TWICE for order #{order}. {amount} each time!!",
  "This is the second time this has happened and I'm honestly fed up.",
  "My {product} never arrived. The tracking says delivered on {date} but there's nothing here.",
  "I've been waiting {days} days for a refund and nobody has got back to me.",
  "Why is it so hard to get a straight answer from you people?",
  "I'm really worried, there are payments on my card that I didn't make.",
  "My husband passed away last month and I need to close his account.",
  "Sorry, I don't really know what I'm supposed to do here.",
  "The {product} arrived broken. The box was completely crushed.",
  "I can't log in to my account, it keeps saying my password is wrong.",
  "I don't understand this bill at all, why is it {amount} when my plan is cheaper?",
  "I need this sorted today please, I'm travelling on {date}.",
  "Honestly I'm thinking of cancelling my subscription, this has been a nightmare.",
  "Ok. And how long until I actually see the money back?",
  "Thanks, that's really helpful.",
  "I lost my job last month and I can't afford this payment right now.",
  "Is it possible to change the delivery address on order #{order}?",
  "What are your opening hours on Sunday?",
  "I've explained this three times already. Please just fix it.",
  "I am SO ANGRY right now, nobody is listening to me!!!",
  "It's not a big deal, but the colour isn't what I ordered.",
  "Can you tell me whether the {product} comes with a warranty?",
  "I was on hold for 45 minutes yesterday and then got cut off.",
  "Thank you for actually listening, I appreciate it.",
  "The app crashes every time I open my order history 😡",
  "My daughter's birthday is on {date} and the {product} still hasn't shipped.",
  "Please don't send me another voucher, I want to know what went wrong.",
  "I'm confused, the email says one thing and your website says another?",
];

// Agent sentences by what they do; drafts and agent turns are built from them.
const AGENT = {
  greeting: ["Hi {name},", "Hello {name}, thanks for getting in touch.", "Hi there!", "Good afternoon {name}.",
    "Hi {name}, thanks for your message."],
  emotional: [
    "I'm so sorry your {product} hasn't arrived.",
    "That sounds really frustrating, especially after waiting {days} days.",
    "I'm sorry you were charged twice, that's not okay.",
    "I can only imagine how stressful this must be.",
    "I'm so sorry for your loss.",
    "I completely understand why you're upset.",
    "I’m really sorry the {product} arrived damaged.",
    "That must have been so disappointing for your daughter.",
    "I'm sorry you've had to explain this more than once.",
  ],
  interpretation: [
    "So the parcel was marked as delivered on {date}, but nothing was at your door.",
    "It makes sense that you feel misled after being charged {amount} twice.",
    "If I've understood correctly, you were cut off after waiting on hold and still have no refund.",
    "You've paid for guaranteed delivery and it still hasn't shipped, which isn't what you were promised.",
    "It sounds like the bill doesn't match the plan you signed up for.",
  ],
  exploration: [
    "What happened when you tried to log in?",
    "Could you tell me a bit more about what you're seeing on your statement?",
    "How are you feeling about the replacement, would you prefer a refund instead?",
    "What would be the most helpful outcome for you?",
  ],
  reassurance: [
    "I'll take care of this for you right now.",
    "The refund will reach your card within 3–5 working days.",
    "I've escalated this to our delivery team and I'll update you by {time}.",
    "You won't be charged again for this order.",
    "I've sent a replacement {product} by express delivery, it will be with you by {date}.",
    "I'll stay on this until it's fixed.",
  ],
  inclusive: ["Let's sort this out together.", "We'll get this fixed for you.", "Let's take it one step at a time."],
  politeness: [
    "Thanks for your patience.",
    "Could you please confirm the email address on the account?",
    "Thank you for letting us know.",
    "Would you mind sending a photo of the damage?",
  ],
  facts: [
    "Your order #{order} left our warehouse on {date}.",
    "The second charge of {amount} is a pending authorisation from the payment provider.",
    "Our returns policy covers items within 30 days of delivery.",
    "You can find the tracking link in your confirmation email.",
    "Accounts are locked for 30 minutes after five failed sign-in attempts.",
    "Your plan renewed on {date} at the standard rate.",
    "Refunds go back to the card you paid with.",
    "The courier's depot is open from 8am to 8pm every day.",
  ],
  dismissive: [
    "Calm down, as I said the refund is on its way.",
    "There's nothing I can do about the courier.",
    "You should have checked the address before ordering.",
    "Just click the link in the email.",
    "As per our policy, we cannot refund opened items.",
    "As I already explained, this is not our fault.",
  ],
  scripted: [
    "We apologize for any inconvenience caused.",
    "Your satisfaction is our top priority.",
    "Thank you for contacting customer support.",
    "We value you as a customer.",
  ],
  closing: ["Is there anything else I can help with today?", "Have a lovely evening!", "Take care, {name}.",
    "Thanks again for bearing with us."],
  // Long replies explain: steps, policy and what happens next.
  steps: [
    "To update the card on your account:\n1. Open the app and go to Settings, then Account.\n2. Tap “Payment methods” and remove the old card.\n3. Add the new card and set it as the default.",
    "To get back into your account, first sign out on every device so the old session ends. Then request a new password from the sign-in page; the link is valid for 24 hours. Once you're back in, check that your delivery address is up to date under Addresses.",
    "If the courier leaves a card, you can rebook the delivery online with the reference on it. Keep the original packaging until the replacement arrives, in case the courier needs to collect it.",
    "Here is what happens next:\n- I've opened a claim with the courier (reference {order}).\n- They usually reply within two working days.\n- As soon as they do, I'll email you with the outcome and the refund or replacement.",
    "To return the {product}, print the prepaid label from the link in your email, pack the item in its original box if you still have it, and drop it at any post office. You don't need to pay anything, and the refund starts as soon as the parcel is scanned.",
  ],
  policy: [
    "Under our delivery guarantee, a missed guaranteed delivery is refunded in full, including the delivery fee.",
    "Because the payment was flagged as unusual, the bank holds it for up to 48 hours before it is released.",
    "When a parcel is marked as delivered but not received, we open a claim with the courier, which usually takes two to three working days.",
    "Subscriptions can be paused for up to three months at no cost, and your saved preferences stay as they are.",
    "Hardship support lets you spread the balance over six months without any fees or interest.",
  ],
};

// Short drafts are what agents send most: one line, often one sentence.
const SHORT_KINDS = ["emotional", "reassurance", "politeness", "facts", "dismissive", "scripted", "inclusive",
  "exploration", "closing"];
const TYPICAL_KINDS = [
  ["greeting", "emotional", "facts", "reassurance", "closing"],
  ["emotional", "interpretation", "reassurance", "inclusive"],
  ["greeting", "facts", "politeness", "exploration"],
  ["emotional", "facts", "reassurance", "politeness", "closing"],
  ["dismissive", "facts", "dismissive"],
  ["greeting", "scripted", "facts", "scripted", "closing"],
  ["interpretation", "exploration", "reassurance"],
];

function fill(template, r, name) {
  return template
    .replaceAll("{name}", name)
    .replaceAll("{order}", String(r.int(10000, 99999)))
    .replaceAll("{amount}", `£${r.int(5, 250)}.${String(r.int(0, 99)).padStart(2, "0")}`)
    .replaceAll("{date}", r.pick(DATES))
    .replaceAll("{time}", r.pick(TIMES))
    .replaceAll("{days}", String(r.int(3, 21)))
    .replaceAll("{product}", r.pick(PRODUCTS));
}

/** A sentence of the given kind, not one of the templates in `used` (a draft does not repeat itself). */
function sentence(kind, r, name, used = new Set()) {
  let template = r.pick(AGENT[kind]);
  for (let tries = 0; used.has(template) && tries < 20; tries++) template = r.pick(AGENT[kind]);
  used.add(template);
  return fill(template, r, name);
}

/** A short draft, 40 to 80 characters (about 60). */
function shortDraft(r, name) {
  for (;;) {
    const used = new Set();
    let text = sentence(r.pick(SHORT_KINDS), r, name, used);
    if (text.length < 45) {
      const more = sentence(r.pick(SHORT_KINDS), r, name, used);
      if (text.length + 1 + more.length <= 80) text += " " + more;
    }
    if (text.length >= 40 && text.length <= 80) return text;
  }
}

/** A typical draft, 260 to 380 characters (about 300). */
function typicalDraft(r, name) {
  for (;;) {
    const used = new Set();
    const plan = r.pick(TYPICAL_KINDS);
    const parts = plan.map((kind) => sentence(kind, r, name, used));
    let text = parts.join(" ");
    while (text.length < 260) text += " " + sentence(r.pick(["facts", "reassurance", "politeness", "emotional"]), r, name, used);
    if (text.length <= 380) return text;
  }
}

/** A draft of at least `chars` characters, in paragraphs, cut at a word boundary near `chars`. */
function draftOfLength(r, name, chars) {
  const paragraphs = [];
  let length = 0;
  let used = new Set();
  const opening = [sentence("greeting", r, name, used), sentence("emotional", r, name, used),
    sentence("interpretation", r, name, used)];
  paragraphs.push(opening.join(" "));
  length += paragraphs[0].length;
  while (length < chars) {
    // A very long draft runs out of templates: then repeats are allowed again.
    if (used.size > 24) used = new Set();
    const paragraph = r.chance(0.4)
      ? sentence("steps", r, name, used)
      : [r.pick(["policy", "facts"]), r.pick(["facts", "reassurance", "policy"])].map((k) => sentence(k, r, name, used)).join(" ");
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  let text = paragraphs.join("\n\n");
  if (text.length > chars) {
    const cut = text.lastIndexOf(" ", chars);
    text = text.slice(0, cut > chars * 0.8 ? cut : chars);
  }
  return text;
}

/** A long draft, 1,900 to 2,100 characters: greeting, empathy, steps, policy, closing. */
function longDraft(r, name) {
  const closing = " " + sentence("reassurance", r, name) + " " + sentence("closing", r, name);
  const body = draftOfLength(r, name, 2000 - closing.length);
  const trimmed = body.replace(/[\s,;:-]+$/, "");
  return (/[.!?]$/.test(trimmed) ? trimmed : trimmed + ".") + closing;
}

/** An agent turn in the history: one to three sentences. */
function agentTurn(r, name) {
  const kinds = r.pick([["greeting", "politeness"], ["emotional", "reassurance"], ["facts"], ["facts", "politeness"],
    ["interpretation", "exploration"], ["scripted", "facts"], ["reassurance", "closing"]]);
  const used = new Set();
  return kinds.map((k) => sentence(k, r, name, used)).join(" ");
}

/**
 * `turns` turns of conversation that end with the customer (who is waiting for the draft),
 * alternating customer and agent, with times a few seconds to minutes apart.
 */
function conversation(r, turns, name, start = 1732780800000) {
  const history = [];
  let time = start;
  for (let i = 0; i < turns; i++) {
    const role = (turns - 1 - i) % 2 === 0 ? "customer" : "agent";
    const text = role === "customer" ? fill(r.pick(CUSTOMER_LINES), r, name) : agentTurn(r, name);
    time += r.int(5, 240) * 1000;
    history.push({ role, text, time });
  }
  return { history, time: time + r.int(10, 120) * 1000 };
}

function request(r, draft, turns, name) {
  const { history, time } = conversation(r, turns, name);
  const req = { history, draft, time };
  if (turns > 0 && r.chance(0.5)) req.customer = { name };
  return req;
}

const DRAFTS = { short: shortDraft, typical: typicalDraft, long: longDraft };

/**
 * The main workloads: for each draft size and each history length, `perWorkload`
 * different requests. Names are "short/h0", "typical/h10", "long/h100", ...
 * @returns {{name: string, size: string, history: number, requests: object[]}[]}
 */
export function workloads({ perWorkload = 100, seed = SEED } = {}) {
  const out = [];
  for (const size of Object.keys(SIZES)) {
    for (const turns of HISTORIES) {
      const name = `${size}/h${turns}`;
      const r = rng(seed, name);
      const requests = [];
      for (let i = 0; i < perWorkload; i++) {
        const who = r.pick(NAMES);
        requests.push(request(r, DRAFTS[size](r, who), turns, who));
      }
      out.push({ name, size, history: turns, requests });
    }
  }
  return out;
}

/**
 * The cost curves: draft length with no history ("curve/draft/500"), and history length
 * with a typical draft ("curve/history/40"); `perPoint` requests each. Fewer points with
 * `draftChars` and `historyTurns`.
 * @returns {{name: string, axis: "draft" | "history", x: number, requests: object[]}[]}
 */
export function curve({ perPoint = 40, seed = SEED, draftChars = CURVE_DRAFT_CHARS, historyTurns = CURVE_HISTORY_TURNS } = {}) {
  const out = [];
  for (const chars of draftChars) {
    const name = `curve/draft/${chars}`;
    const r = rng(seed, name);
    const requests = [];
    for (let i = 0; i < perPoint; i++) {
      const who = r.pick(NAMES);
      requests.push(request(r, draftOfLength(r, who, chars), 0, who));
    }
    out.push({ name, axis: "draft", x: chars, requests });
  }
  for (const turns of historyTurns) {
    const name = `curve/history/${turns}`;
    const r = rng(seed, name);
    const requests = [];
    for (let i = 0; i < perPoint; i++) {
      const who = r.pick(NAMES);
      requests.push(request(r, typicalDraft(r, who), turns, who));
    }
    out.push({ name, axis: "history", x: turns, requests });
  }
  return out;
}

/**
 * Plain message texts for the peers, which score a text alone: the drafts of
 * short/h0, typical/h0 and long/h0 (the same bytes the engine scores there).
 * @returns {{short: string[], typical: string[], long: string[]}}
 */
export function peerMessages({ perWorkload = 100, seed = SEED } = {}) {
  const out = {};
  for (const w of workloads({ perWorkload, seed })) {
    if (w.history === 0) out[w.size] = w.requests.map((q) => q.draft);
  }
  return out;
}

/**
 * The widget benchmark: a conversation of 10 turns and replies an agent types into the
 * reply box, each split into bursts of keystrokes with the pauses between them
 * (milliseconds). Pauses are drawn so that most are longer than the widget's debounce,
 * as a typist's pauses between words and sentences are.
 * @returns {{history: object[], customer: {name: string}, replies: {text: string,
 *   bursts: {text: string, keyDelay: number, pause: number}[]}[]}}
 */
export function typingSession({ replies = 4, seed = SEED } = {}) {
  const r = rng(seed, "typing");
  const name = r.pick(NAMES);
  const { history } = conversation(r, 10, name);
  const out = [];
  for (let i = 0; i < replies; i++) {
    const text = typicalDraft(r, name);
    const words = text.split(/(?<= )/);  // keep the spaces with the words
    const bursts = [];
    for (let w = 0; w < words.length;) {
      const n = r.int(1, 3);
      const chunk = words.slice(w, w + n).join("");
      w += n;
      const endOfSentence = /[.!?]\s*$/.test(chunk);
      bursts.push({
        text: chunk,
        keyDelay: r.int(25, 70),                              // between keys inside a burst
        pause: endOfSentence ? r.int(350, 700) : r.int(170, 320),  // thinking between bursts
      });
    }
    out.push({ text, bursts });
  }
  return { history, customer: { name }, replies: out };
}

/** JSON Lines for the native benchmark: {"workload": name, "request": {...}} per line. */
export function toJsonl(sets) {
  const lines = [];
  for (const set of sets) for (const req of set.requests) lines.push(JSON.stringify({ workload: set.name, request: req }));
  return lines.join("\n") + "\n";
}
