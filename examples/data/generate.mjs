#!/usr/bin/env node
// Generates the sample the dashboard opens by default: raw customer-service conversations
// across teams, channels and shifts, written as JSON Lines.
//
//   node examples/data/generate.mjs [--seed N] [--count N] [--out FILE|-]
//     --seed   default 8; the same seed always gives the same bytes
//     --count  default 640 conversations
//     --out    default examples/data/conversations.jsonl; "-" writes to standard output
//
// Each line is a conversation as the scorer reads it (SPEC §2.1):
//   {"id": "c0001", "meta": {"team", "channel", "shift", "agent", "date"},
//    "turns": [{"role": "customer" | "agent", "text", "time"}]}
// `date` is YYYY-MM-DD; `time` is milliseconds since the epoch (UTC).
//
// Texts are composed from phrase banks, so they vary the way real chats do. Agents differ
// in how empathetic they tend to be, and the sample has a story to find in the dashboard:
// the night shift and the social channel score lower, and the delivery team improves
// after a coaching programme starts in week 7. Nothing here is real data.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mulberry32 } from "./random.js";

export const DEFAULT_SEED = 8;
export const DEFAULT_COUNT = 640;
export const DEFAULT_OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), "conversations.jsonl");

/** First day of the sample (a Monday) and how many weeks it spans. */
const START = Date.UTC(2025, 0, 6);
const WEEKS = 13;
const DAY_MS = 86_400_000;
/** The week (0-based) in which the delivery team's coaching programme starts. */
const COACHING_WEEK = 6;

// --- Random numbers ---------------------------------------------------------------------

function makeRandom(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** Picks a key of `weights` ({key: weight}) in proportion to its weight. */
    weighted(weights) {
      const entries = Object.entries(weights);
      let x = next() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [key, w] of entries) {
        x -= w;
        if (x < 0) return key;
      }
      return entries.at(-1)[0];
    },
  };
  return r;
}

// --- Who works where ----------------------------------------------------------------------

export const TEAMS = ["billing", "delivery", "tech-support", "accounts", "card-services"];
export const CHANNELS = ["chat", "email", "messaging", "social"];
export const SHIFTS = ["day", "evening", "night"];

const CHANNEL_WEIGHTS = { chat: 5, email: 2, messaging: 2, social: 1 };
const SHIFT_WEIGHTS = { day: 5, evening: 3, night: 2 };
const SHIFT_HOURS = { day: [8, 15], evening: [16, 23], night: [0, 7] };

/** Agents per team: a name and how often their replies are empathetic (0..1). */
const AGENTS = {
  "billing": [["Ana", 0.8], ["Ben", 0.55], ["Chloe", 0.7], ["Dev", 0.4], ["Ellie", 0.65]],
  "delivery": [["Femi", 0.45], ["Grace", 0.6], ["Hugo", 0.35], ["Isla", 0.5], ["Jonah", 0.4]],
  "tech-support": [["Kai", 0.7], ["Lena", 0.85], ["Mo", 0.5], ["Nina", 0.6], ["Oscar", 0.45]],
  "accounts": [["Priya", 0.85], ["Quinn", 0.7], ["Rosa", 0.75], ["Sam", 0.55]],
  "card-services": [["Tariq", 0.7], ["Uma", 0.6], ["Victor", 0.45], ["Wen", 0.8], ["Yara", 0.65]],
};

const CUSTOMER_NAMES = [
  "Aisha", "Alex", "Amara", "Ben", "Carla", "Chen", "Dana", "Daniel", "Deepa", "Eamon", "Elena",
  "Fatima", "Finn", "Gareth", "Hana", "Harriet", "Ibrahim", "Imogen", "Jack", "Jade", "Jamal",
  "Joanne", "Kemi", "Kofi", "Laura", "Liam", "Lucia", "Mark", "Maya", "Mei", "Nadia", "Niall",
  "Olu", "Omar", "Paula", "Peter", "Rachel", "Ravi", "Ruth", "Sean", "Sofia", "Tariq", "Tom",
  "Valerie", "Wendy", "Yusuf", "Zoe",
];
const RELATIVES = ["husband", "wife", "mum", "dad", "father", "mother", "partner", "brother", "sister"];
const ITEMS = ["birthday cake", "laptop", "pair of boots", "gift hamper", "school uniform", "coffee machine", "winter coat", "set of pans", "phone case", "desk chair"];
const OCCASIONS = ["my daughter's birthday", "my son's birthday", "our anniversary", "my mum's 70th", "a wedding on Saturday", "Christmas Day"];
const MERCHANTS = ["an online electronics shop", "a taxi app", "a gaming site", "a hotel in Lisbon", "a fashion website abroad"];
const CITIES = ["Lisbon", "Berlin", "New York", "Rome", "Dublin", "Barcelona"];

// --- Phrase banks shared by scenarios -----------------------------------------------------

const GREETINGS = [
  "Hi {name}.", "Hello {name}!", "Hi {name}, thanks for getting in touch.", "Hi {name}, thanks for reaching out.",
  "Good to hear from you, {name}.", "Hello {name}, thank you for your message.", "Hi {name}!",
];
const EMAIL_GREETINGS = ["Hi {name},", "Hello {name},", "Dear {name},"];
const EMAIL_SIGNOFFS = ["Kind regards,", "Best wishes,", "Thanks,", "Many thanks,"];
const ACKS = {
  frustration: [
    "I'm sorry, that sounds really frustrating.", "I completely understand why you're annoyed.",
    "You have every right to be frustrated about this.", "I'm really sorry you've had to chase this.",
    "I can see why you're fed up, and I'm sorry.", "That's not the experience you should have had, and I'm sorry.",
  ],
  anxiety: [
    "I can hear how worrying this is.", "That must be really stressful.", "I can imagine how worried you must be.",
    "That sounds really scary, and you did the right thing telling us.", "I'm sorry, I know this is a worry.",
  ],
  sadness: [
    "I'm so sorry, that sounds really upsetting.", "That must have been so disappointing.",
    "I'm really sorry, I can imagine how upsetting that was.", "That sounds awful, I'm so sorry.",
  ],
  confusion: [
    "I can see why that's confusing.", "That's a fair question, and it is confusing.",
    "It makes sense that you're unsure, let me explain.", "No problem at all, I'll talk you through it.",
  ],
  urgency: [
    "I know time is tight, so let's get this sorted now.", "I understand it's urgent, I'm on it.",
    "Let's get this fixed quickly for you.",
  ],
};
const INCLUSIVE = [
  "We'll get this sorted together.", "Let's work through it together.", "We'll sort it out between us.",
  "You're in good hands.",
];
const EXPLORE = [
  "Can you tell me a bit more about what happened?", "Is there anything else worrying you about this?",
  "How are you feeling about everything now?", "What would help most right now?",
];
const RECOVER = [
  "You're right, and I'm sorry. Let me put this right.", "I'm sorry, I can see my last message didn't help.",
  "You have every right to be annoyed, and I'm sorry.", "I'm sorry, that came across badly. Let me fix this properly.",
];
const UNDERSTAND = ["I understand.", "I see.", "Understood.", "Got it.", "I understand, thanks."];
const SCRIPTED_OPEN = [
  "Thank you for contacting us.", "Thank you for your message.", "Thank you for reaching out to us.",
  "Thank you for contacting customer services.",
];
const SCRIPTED_APOLOGY = [
  "We apologise for any inconvenience caused.", "We apologize for any inconvenience.",
  "Sorry for any inconvenience this may have caused.", "We regret any inconvenience caused.",
  "Please accept our apologies for any inconvenience.",
];
const SCRIPTED_CLOSE = [
  "If you have any further questions, please do not hesitate to contact us.",
  "Your satisfaction is important to us.", "We value your feedback.",
  "Is there anything else I can help you with today?",
];
const DISMISSIVE = [
  "As I said, {fact}", "You should have contacted us sooner.", "There's nothing I can do about that.",
  "That's company policy, I'm afraid.", "Please calm down.", "It's only a small delay.",
  "As I already explained, {fact}", "That's not my department.", "You need to read the terms.",
];
const CLOSINGS = ["Have a lovely day!", "Take care.", "Have a great evening.", "All the best.", "Take care, and thanks again."];
const ANGRY_FOLLOW = [
  "Are you actually reading my messages?", "That's not good enough.", "So nobody can help me. Brilliant.",
  "I want to speak to a manager.", "I've been a customer for 10 years and this is how you treat me?",
  "This is useless. I'm going to cancel my account.", "Why is it always so hard to get help from you?",
];
const THANKS_GOOD = [
  "Thank you, that's really helpful.", "Thanks so much, I appreciate it.", "Ok, thank you for sorting it.",
  "Great, thanks for your help.", "Thanks, that's a relief.", "Brilliant, thank you!",
];
const THANKS_MEH = ["Ok.", "Fine.", "Right. Ok.", "If you say so.", "Ok, we'll see."];

/**
 * The scenarios. Texts may use {name} (customer), {agent} and the slots that `slots`
 * returns. `emotion` picks the generic acknowledgements; `neutral` scenarios do not need
 * empathy (a friendly factual answer is the good answer).
 */
const SCENARIOS = [
  {
    id: "double-charge", team: "billing", weight: 4, emotion: "frustration",
    slots: (r) => ({ order: `#${r.int(20000, 99999)}`, amount: `£${r.int(12, 240)}.${r.pick(["00", "49", "99", "20"])}` }),
    opening: [
      ["I've been charged TWICE for order {order}. {amount} each time!!", "Why have I been charged twice for order {order}??", "You've taken {amount} out of my account twice for the same order.", "Double charge again on order {order}. Sort it out please."],
      ["This is the second time this has happened and I'm honestly fed up.", "I need that money for my rent.", "", "Really annoyed about this."],
    ],
    ack: ["I'm so sorry you were charged twice, that's really frustrating.", "I'm sorry about the double charge, especially as it's happened before.", "Being charged twice for the same order is not ok, and I'm sorry."],
    reflect: ["So you've paid {amount} twice for order {order}, and it's not the first time.", "It sounds like the duplicate payment has left you short this month."],
    action: ["I've refunded the duplicate payment of {amount}.", "I'm going to refund the second charge now.", "I'll take care of the refund for you and flag the fault to our payments team."],
    time: ["You'll see it back in your account within 3 to 5 working days.", "It should be back in your account by Friday.", "The refund will show by the end of the week."],
    fact: ["refunds take 3 to 5 working days.", "the second charge will drop off on its own."],
    follow: ["How long until I actually see the money back?", "And how do I know it won't happen again?", "Will I get an email to confirm?"],
    answer: ["You'll get a confirmation email within the hour, and the refund will show in 3 to 5 working days.", "I've added a note to your account so our payments team checks your next order before it's charged.", "Yes, an email is on its way to you now with the refund reference."],
  },
  {
    id: "refund-delay", team: "billing", weight: 2, emotion: "frustration",
    slots: (r) => ({ amount: `£${r.int(15, 180)}`, weeks: r.pick(["three", "four", "five", "six"]) }),
    opening: [
      ["I returned my order {weeks} weeks ago and I still haven't had my refund of {amount}.", "Where is my refund? It's been {weeks} weeks.", "Still no refund after {weeks} weeks. This is ridiculous."],
      ["I've emailed twice already and nobody has replied.", "", "Every time I ask I get a different answer."],
    ],
    ack: ["I'm really sorry you're still waiting, {weeks} weeks is far too long.", "I'm sorry you've had to chase this so many times, that's really frustrating."],
    reflect: ["So you sent the return back {weeks} weeks ago and you've heard nothing since.", "It sounds like you've been passed around and still have no answer."],
    action: ["I've found your return and I'm processing the refund of {amount} now.", "I'll take care of this personally and push the refund through today.", "I'm escalating this to our refunds team with a priority flag."],
    time: ["It will reach your account within 3 working days.", "You'll have it by Thursday at the latest.", "I'll email you by the end of the day to confirm."],
    fact: ["refunds can take up to 30 days.", "the warehouse has to check the item first."],
    follow: ["Why did nobody reply to my emails though?", "Can I get that in writing?", "Ok. And if it doesn't arrive?"],
    answer: ["You should have had a reply, and I'm sorry nobody got back to you. I've shared this with the team lead.", "Yes, I've just emailed you a confirmation with the refund reference.", "If it hasn't arrived by Thursday, reply to this chat and I'll chase it myself."],
  },
  {
    id: "financial-hardship", team: "billing", weight: 2, emotion: "anxiety",
    slots: (r) => ({ amount: `£${r.int(40, 160)}` }),
    opening: [
      ["I lost my job last month and I can't afford this month's bill of {amount}.", "I'm struggling to pay my bills at the moment and I'm really worried about my account being cut off.", "I can't pay the {amount} this month. I've just been made redundant."],
      ["I don't know what to do.", "I've never missed a payment before.", "Please don't cut us off, I have two kids."],
    ],
    ack: ["I'm so sorry to hear about your job, that must be a really stressful time.", "Thank you for telling me, I know that's not easy. I'm sorry you're going through this.", "I can hear how worried you are, and I'm sorry things are so hard right now."],
    reflect: ["So the bill is due and with your job gone, {amount} isn't possible right now.", "It sounds like you want to keep things running but need some breathing space."],
    action: ["I've put a hold on your account so nothing will be cut off.", "I'm going to set up a payment plan that works for you.", "I'll refer you to our support team, who can pause payments for up to three months."],
    time: ["They'll call you tomorrow morning.", "The hold starts today and lasts 30 days.", "You'll get the plan details by email today."],
    fact: ["the bill is due on the 28th.", "late payments add a £12 fee."],
    follow: ["Will this affect my credit score?", "What happens if I still can't pay next month?", "Thank you. Do I need to do anything?"],
    answer: ["A payment plan agreed with us won't be reported as a missed payment.", "We'll review it together next month, and we can extend the plan if you need more time.", "You don't need to do anything else today. I'll take care of the rest."],
  },
  {
    id: "bill-question", team: "billing", weight: 3, emotion: null, neutral: true,
    slots: (r) => ({ day: r.pick(["1st", "15th", "28th"]) }),
    opening: [["Hi, when does my direct debit come out each month?", "Hello, can I change the date my bill is paid?", "Quick question: do you send paper bills or only email?", "Hi! Is VAT included in the price on my bill?"]],
    answers: ["Your direct debit is taken on the {day} of each month.", "Yes, you can change it in your account under Billing, or I can do it for you now.", "We send bills by email, but I can switch you to paper bills if you prefer.", "Yes, all prices on your bill include VAT."],
    follow: ["Great, can you move it to the {day}?", "Perfect, thanks.", "Ok, paper please.", "Thanks, that's all I needed."],
    answer: ["Done, it's now the {day} from next month.", "You're welcome!", "Done, your next bill will come by post.", "Glad I could help."],
  },
  {
    id: "late-delivery", team: "delivery", weight: 4, emotion: "sadness",
    slots: (r) => ({ item: r.pick(ITEMS), occasion: r.pick(OCCASIONS) }),
    opening: [
      ["The {item} I ordered for {occasion} never arrived.", "My {item} was meant to arrive yesterday for {occasion}, and nothing came.", "Still no sign of the {item}. It was for {occasion}."],
      ["I paid extra for guaranteed delivery.", "I'm really disappointed.", "She was in tears.", "Absolutely gutted."],
    ],
    ack: ["I'm so sorry, missing {occasion} is really upsetting.", "That sounds awful, I'm so sorry the {item} didn't arrive in time.", "I'm really sorry, I can imagine how disappointing that was."],
    reflect: ["So you paid for guaranteed delivery and the {item} still didn't make it for {occasion}.", "It sounds like the whole point of the order was {occasion}, and we let you down."],
    action: ["I've refunded the delivery charge and I'm tracking down the parcel now.", "I'll refund the order in full and find out what went wrong.", "I'm going to send a replacement on our fastest service at no cost."],
    time: ["You'll get an update from me by 5pm today.", "The replacement will arrive tomorrow before noon.", "The refund will show within 3 working days."],
    fact: ["deliveries are sometimes delayed.", "the courier has 5 working days to deliver."],
    follow: ["I don't want a voucher. I want to know what went wrong.", "Will the parcel still turn up?", "Ok. Can you make sure it comes tomorrow?"],
    answer: ["The courier marked it as delivered to the wrong address. I've reported it and they're investigating.", "If it does turn up, just keep it. The refund still stands.", "Yes, I've booked it on a next-day slot, so it will be with you by 1pm tomorrow."],
  },
  {
    id: "damaged-item", team: "delivery", weight: 3, emotion: "frustration",
    slots: (r) => ({ item: r.pick(ITEMS) }),
    opening: [
      ["My {item} arrived smashed to pieces.", "The box was crushed and the {item} inside is broken.", "Opened my parcel and the {item} is damaged. Not impressed."],
      ["I've attached photos.", "This is the second damaged delivery this month.", ""],
    ],
    ack: ["I'm sorry, that's really disappointing after waiting for it.", "That's so frustrating, I'm sorry it arrived like that.", "I'm sorry, two damaged deliveries in a month is not ok."],
    reflect: ["So the {item} arrived broken, and it's not the first time this month.", "It sounds like the packaging let you down again."],
    action: ["I've arranged a replacement and a courier to collect the broken one.", "I'll refund you in full now, no need to send it back.", "I'm going to send a new {item} and report the courier damage."],
    time: ["The replacement will be with you by Wednesday.", "You'll see the refund within 3 working days.", "The courier will collect it tomorrow between 9am and 1pm."],
    fact: ["you need to send photos of the damage.", "damage claims take 10 working days."],
    follow: ["Do I need to be in for the collection?", "Can you pack it better this time?", "Ok, thanks."],
    answer: ["Yes, someone needs to be in, but you can change the slot from the link in your email.", "Yes, I've added a note for the warehouse to double-box it.", "You're welcome, sorry again for the hassle."],
  },
  {
    id: "delivery-slot", team: "delivery", weight: 3, emotion: null, neutral: true,
    slots: (r) => ({ day: r.pick(["Tuesday", "Wednesday", "Thursday", "Friday"]) }),
    opening: [["Hi, can I change my delivery to {day}?", "Hello, do you deliver on Sundays?", "Can someone leave my parcel with a neighbour if I'm out?", "Hi, how do I track my order?"]],
    answers: ["Yes, I've moved your delivery to {day}.", "We don't deliver on Sundays, but Saturday delivery is available.", "Yes, you can choose a neighbour in the tracking link, or I can add a note now.", "You can track it from the link in your confirmation email, or I can check it for you."],
    follow: ["Great, thanks!", "Ok, Saturday then please.", "Please add a note for number 12.", "Could you check it please?"],
    answer: ["You're welcome!", "Done, it's booked for Saturday.", "Done, the driver will see the note.", "It's out for delivery and due by 6pm today."],
  },
  {
    id: "thank-you", team: "delivery", weight: 1, emotion: null, neutral: true,
    slots: () => ({}),
    opening: [["Just wanted to say thank you, the driver was so kind and carried everything upstairs for me.", "Thanks so much for sorting my order so quickly yesterday!", "The replacement came this morning, thank you all."]],
    answers: ["Thank you so much for letting us know, that's lovely to hear. I'll pass it on to the driver.", "That's great to hear, thanks for taking the time to tell us!", "Thank you, I'm really glad it arrived safely."],
    follow: ["Please do, he made my day.", "No problem, have a good day.", "Thanks again!"],
    answer: ["I will! Have a lovely day.", "You too, take care!", "Take care!"],
  },
  {
    id: "outage", team: "tech-support", weight: 4, emotion: "frustration",
    slots: (r) => ({ hours: r.pick(["two days", "since yesterday", "all morning", "three days"]) }),
    opening: [
      ["My internet has been down {hours} and I work from home.", "Broadband down AGAIN. {hours} now. I work from home!!", "No internet {hours}. I've missed two client calls."],
      ["I've restarted the router five times.", "I'm going to lose work over this.", "Your status page says everything is fine, which it clearly isn't."],
    ],
    ack: ["I'm really sorry, that's so stressful when you work from home.", "I'm sorry, losing your connection {hours} when you rely on it for work is awful.", "That sounds really frustrating, especially with client calls to make."],
    reflect: ["So you've been offline {hours}, you've already restarted the router, and your work is suffering.", "It sounds like the status page is telling you one thing while your line says another."],
    action: ["I've found a fault on your line and booked an engineer.", "I'm going to run a line test now and send a 4G backup router so you can keep working.", "I'll take care of this and escalate the fault to our network team."],
    time: ["The engineer will be with you tomorrow between 8am and 1pm.", "The backup router will arrive tomorrow morning.", "I'll update you by 4pm today."],
    fact: ["there's an outage in your area.", "you need to restart your router."],
    follow: ["Will I get compensation for the days without service?", "Can the engineer come any earlier?", "Ok. Is there anything I can do in the meantime?"],
    answer: ["Yes, I've added a credit for every day without service to your next bill.", "I've asked for the first slot, and I'll let you know if one opens up today.", "In the meantime you can use your phone as a hotspot; I've added free extra data to your mobile plan."],
  },
  {
    id: "router-help", team: "tech-support", weight: 2, emotion: "confusion",
    slots: () => ({}),
    opening: [
      ["I'm sorry to bother you. My grandson set up the new router and now nothing works. I don't understand all these lights.", "I don't understand what the orange light on my router means. I'm not very good with technology.", "I'm confused, the letter says to use the new router but I don't know which cable goes where."],
      ["I'm 82 and I live on my own.", "I'm sorry if this is a silly question.", ""],
    ],
    ack: ["It's not a silly question at all, and you're not bothering me.", "No problem at all, I'll talk you through it step by step.", "I can see why that's confusing, the lights aren't obvious."],
    reflect: ["So the new router is plugged in, but the internet isn't working and the lights are confusing.", "It sounds like the letter didn't explain which cable goes where."],
    action: ["Let's go through it together, one step at a time.", "Could you tell me what colour the light on the front is now?", "I'm going to check your line from here first, so you don't have to do anything yet."],
    time: ["It should only take a few minutes.", "We'll take it slowly, there's no rush.", ""],
    fact: ["you need to plug the grey cable into the wall.", "the orange light means no connection."],
    follow: ["The light is orange.", "Ok, I've found the grey cable.", "I'm not sure which one is the grey one."],
    answer: ["Thank you. Could you please follow the grey cable from the back of the router and check it's pushed firmly into the wall socket?", "Lovely. Now could you push it firmly into the socket marked DSL? The light should turn white in a minute or two.", "No problem. It's the thinner cable, about the width of a pencil. Take your time."],
  },
  {
    id: "app-crash", team: "tech-support", weight: 2, emotion: "frustration",
    slots: () => ({}),
    opening: [
      ["YOUR APP KEEPS CRASHING EVERY TIME I OPEN IT. FIX IT!!!", "The app crashes every single time I try to pay. USELESS.", "Why does your app log me out every five minutes?? Sick of it."],
      ["I've reinstalled it twice.", "You lot never fix anything.", ""],
    ],
    ack: ["I'm sorry, that's really frustrating when you just want to get something done.", "I completely understand why you're annoyed, and I'm sorry.", "That sounds so frustrating, especially after reinstalling it twice."],
    reflect: ["So the app crashes as soon as you open it, even after reinstalling it twice.", "It sounds like it's stopping you from paying, which is the one thing you need it for."],
    action: ["I've reported the crash to our developers with your device details.", "I'm going to reset your app session from here, which fixes this for most people.", "I'll send you a link to pay on the website in the meantime."],
    time: ["A fix is due in tomorrow's update.", "It takes about a minute to take effect.", "I'll check back with you by the end of the day."],
    fact: ["you need to update your phone.", "the app works fine for other customers."],
    follow: ["Ok, it opened now.", "Still crashing.", "Fine. Just make sure it gets fixed."],
    answer: ["Great, thanks for bearing with me.", "Thanks for letting me know. I've added your report to the bug and sent you the website link so you can pay now.", "I will, and I'll message you when the update is out."],
  },
  {
    id: "password-reset", team: "tech-support", weight: 3, emotion: null, neutral: true,
    slots: () => ({}),
    opening: [["Hi, how do I reset my password?", "Hello, can I use the app on two phones?", "Hi, does the app work on tablets?", "Where do I find my account number?"]],
    answers: ["You can reset it from the login screen: tap Forgot password and follow the link we email you.", "Yes, you can sign in on up to five devices.", "Yes, it works on tablets running the latest system version.", "Your account number is at the top of every bill, and in the app under Profile."],
    follow: ["Got it, thanks.", "Great, thank you!", "Perfect.", "Found it, thanks."],
    answer: ["You're welcome!", "Happy to help. Have a good day!", "Great, enjoy the rest of your day.", "No problem at all."],
  },
  {
    id: "bereavement", team: "accounts", weight: 3, emotion: "sadness", risk: true,
    slots: (r) => ({ relative: r.pick(RELATIVES) }),
    opening: [
      ["My {relative} passed away last month and I need to close their account.", "I need to close my late {relative}'s account. I'm sorry, I don't really know how this works.", "My {relative} died two weeks ago. How do I cancel their account?"],
      ["Sorry, I don't know what I'm supposed to do.", "I've been sent from department to department.", ""],
    ],
    ack: ["I'm so sorry for your loss.", "I'm so sorry to hear about your {relative}.", "I'm so sorry for your loss, and there's no need to apologise."],
    reflect: ["So you need to close your {relative}'s account and you've been passed around.", "It sounds like you've had a lot to deal with already."],
    action: ["I'll take care of this with you step by step.", "I can close the account from here; a copy of the death certificate is all I need.", "I'm going to make sure no more bills are sent to the address."],
    time: ["Once I have the certificate it takes about 5 working days.", "You'll get a letter confirming the closure within a week.", ""],
    fact: ["you need to send the death certificate to our postal address.", "processing takes 6 to 8 weeks."],
    follow: ["Do I need to send the original death certificate?", "There's still a balance on it. Do I have to pay it?", "Thank you. You've made this a lot easier."],
    answer: ["A photo or a scan is fine, you can keep the original.", "I've written off the remaining balance, so there's nothing to pay.", "I'm glad I could help. Please take care of yourself."],
  },
  {
    id: "health-access", team: "accounts", weight: 2, emotion: "anxiety", risk: true,
    slots: (r) => ({ relative: r.pick(["mum", "dad", "husband", "wife"]) }),
    opening: [
      ["My {relative} has dementia and I need to manage her account for her.", "I've just come out of hospital after surgery and can't get to the branch.", "I'm caring for my {relative} after a stroke and need to speak on their behalf."],
      ["I'm worried about bills going unpaid.", "Everything is a bit overwhelming at the moment.", ""],
    ],
    ack: ["I'm sorry you're dealing with this, it sounds like a lot to carry.", "I hope you're doing ok. I'm sorry this has been so hard.", "Thank you for telling me, I can hear how much you have on your plate."],
    reflect: ["So you're caring for your {relative} and need to be able to sort the account for them.", "It sounds like getting to a branch just isn't possible right now."],
    action: ["I can add you as a trusted person on the account, all online.", "I'm going to send you a form that lets you manage the account.", "I'll add a note so nothing goes unpaid while we set this up."],
    time: ["It takes about 10 minutes and is active the same day.", "The form will be in your inbox in the next hour.", ""],
    fact: ["you need a power of attorney.", "the account holder must call us."],
    follow: ["Do I need a power of attorney?", "Thank you, that's a weight off my mind.", "What if I get stuck with the form?"],
    answer: ["Not for this: a trusted person can pay bills and talk to us. A power of attorney is only needed for bigger changes.", "I'm really glad. Take care of yourself too.", "Just reply here and I'll go through it with you."],
  },
  {
    id: "escalation", team: "accounts", weight: 2, emotion: "frustration", risk: true,
    slots: (r) => {
      const i = r.int(0, 2);
      return { times: ["three", "four", "five"][i], nth: ["third", "fourth", "fifth"][i] };
    },
    opening: [
      ["This is the {nth} time I've contacted you about my account being locked. I want to speak to a manager.", "I've been on hold for an hour. Put me through to a supervisor NOW.", "I'm making a formal complaint. Nobody has fixed my account in {times} weeks."],
      ["If this isn't fixed today I'm going to the ombudsman.", "I'm done being polite.", ""],
    ],
    ack: ["I'm really sorry you've had to contact us {times} times, that's not acceptable.", "You have every right to be angry about this, and I'm sorry.", "I'm sorry, I can see how frustrating it's been to keep chasing this."],
    reflect: ["So your account has been locked for weeks and nobody has fixed it, despite you chasing {times} times.", "It sounds like you've been let down repeatedly and want someone senior to take it seriously."],
    action: ["I've unlocked your account and logged your complaint with my manager.", "I'll take ownership of this and make sure it's fixed today.", "I'm going to escalate this to my team leader, who will call you."],
    time: ["She'll call you before 5pm today.", "You'll have a written response within 48 hours.", "I'll stay on this chat until it's working."],
    fact: ["a manager isn't available.", "complaints take up to 8 weeks."],
    follow: ["Fine. But I still want the complaint logged.", "It's working now. Why did it take so long?", "I'll wait for the call then."],
    answer: ["It's logged, and you'll get the reference by email.", "A security check was never completed on our side. I'm sorry, and I've logged it so it's reviewed.", "Thank you for your patience, she'll be in touch today."],
  },
  {
    id: "address-change", team: "accounts", weight: 3, emotion: null, neutral: true,
    slots: () => ({}),
    opening: [["Hi, I've moved house. How do I update my address?", "Hello, can I add my partner to the account?", "Can I change the email address on my account?", "Hi, how do I get a copy of my statement?"]],
    answers: ["You can update it in the app under Profile, or send me the new address and I'll change it now.", "Yes, they'll need to confirm by email, and I can send the invitation now.", "Yes, you can change it under Settings. You'll get a code to confirm the new address.", "You can download statements under Documents in the app."],
    follow: ["It's 14 Elm Road, Leeds, LS6 2AB.", "Yes please, send the invite.", "Great, thank you.", "Found it, thanks!"],
    answer: ["Thanks, that's updated.", "Done, the invitation is on its way.", "You're welcome!", "Great, have a good day!"],
  },
  {
    id: "fraud", team: "card-services", weight: 4, emotion: "anxiety", risk: true,
    slots: (r) => ({ count: r.pick(["two", "three", "four"]), merchant: r.pick(MERCHANTS) }),
    opening: [
      ["There are {count} payments on my card I didn't make!!", "Someone has used my card at {merchant}. I didn't make these payments.", "I think I've been scammed. I gave my card details on a website and now there are {count} payments I don't recognise."],
      ["I'm really scared, what do I do??", "Please help, that's my rent money.", "I'm panicking."],
    ],
    ack: ["That sounds really scary, and you did the right thing by telling us straight away.", "I'm so sorry, I know how frightening this is.", "I can hear how worried you are. You're in safe hands now."],
    reflect: ["So there are {count} payments you don't recognise, and you're worried about your rent money.", "It sounds like the payments at {merchant} came out of nowhere."],
    action: ["I've frozen your card, so nothing else can go through.", "I'm cancelling the card now and ordering you a new one.", "I'll raise a fraud claim for every payment you don't recognise."],
    time: ["Your new card will arrive within 3 working days.", "The money will be back in your account within 24 hours while we investigate.", ""],
    fact: ["you should call the fraud line.", "fraud claims take up to 15 working days."],
    follow: ["Ok, so it's frozen now? Will I get the money back?", "How did they get my details?", "Thank you. I feel a bit calmer now."],
    answer: ["Yes, it's frozen, and you're protected: you won't lose money you didn't spend.", "Usually through a fake website or a data leak. I'll send you tips on spotting them.", "I'm glad. You did everything right, and I'll email you a summary now."],
  },
  {
    id: "card-abroad", team: "card-services", weight: 3, emotion: "urgency",
    slots: (r) => ({ city: r.pick(CITIES) }),
    opening: [
      ["My card has been declined in {city} and I need to pay the hotel right now.", "Card blocked abroad!! I'm at the airport in {city} and can't pay for anything.", "I'm in {city} and my card isn't working. Need it fixed asap please."],
      ["My flight boards in 40 minutes.", "I told you I was travelling!", ""],
    ],
    ack: ["I know time is tight, so let's get this sorted now.", "I'm sorry, that's really stressful when you're abroad.", "Let's get this fixed quickly for you."],
    reflect: ["So your card is being declined in {city} and you need it working right away.", ""],
    action: ["I've removed the block, so you can use your card now.", "I've unblocked your card and added your trip to your account.", "Your card is working again."],
    time: ["Try the payment again now.", "It's active straight away.", ""],
    fact: ["you need to tell us before you travel.", "the block is a security feature."],
    follow: ["It worked, thank you!", "Ok, trying now.", "Why was it blocked in the first place?"],
    answer: ["Great! Have a lovely trip.", "Let me know if it doesn't go through.", "Our system saw a payment in a new country. I've added your travel dates so it won't happen again."],
  },
  {
    id: "lost-card", team: "card-services", weight: 2, emotion: "anxiety",
    slots: () => ({}),
    opening: [
      ["I think I've lost my card, I'm really worried someone will use it.", "Lost my purse with my card in it. What do I do?", "I can't find my card anywhere and I'm freaking out."],
      ["", "I've looked everywhere.", ""],
    ],
    ack: ["I'm sorry, that's a horrible feeling, but we can sort this out quickly.", "I can imagine how worrying that is.", "Don't worry, you've done the right thing getting in touch."],
    reflect: ["So the card is missing and you're worried it could be used.", ""],
    action: ["I've frozen the card, so nobody can use it.", "I'm ordering you a replacement now.", "I've locked the card; if you find it you can unlock it in the app."],
    time: ["Your new card will arrive in 3 to 5 working days.", "It's frozen from this moment.", ""],
    fact: ["you should freeze it in the app.", "replacement cards cost £5."],
    follow: ["Can I still pay for things until the new card arrives?", "Thank you, that's a relief.", "Found it in my coat pocket! Sorry!"],
    answer: ["Yes, you can use Apple Pay or Google Pay with your new card details straight away.", "You're welcome, take care.", "No need to apologise! I've unfrozen it for you."],
  },
  {
    id: "card-question", team: "card-services", weight: 2, emotion: null, neutral: true,
    slots: () => ({}),
    opening: [["Hi, what's the limit for contactless payments?", "Hello, can I use my card abroad without fees?", "Hi, how do I set up Apple Pay?", "Can I choose my own PIN?"]],
    answers: ["The contactless limit is £100 per payment.", "Yes, our cards have no foreign transaction fees.", "Open the Wallet app, tap Add card and follow the steps; it takes a minute.", "Yes, you can change your PIN at any cash machine or in the app."],
    follow: ["Great, thanks.", "Perfect, thank you!", "Done, that was easy.", "Good to know, thanks."],
    answer: ["You're welcome!", "Enjoy your trip!", "Great, glad it worked.", "Happy to help!"],
  },
];

// --- Composition --------------------------------------------------------------------------

/** Fills {slots} in a template; unknown slots are left as they are. */
function fill(template, slots) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in slots ? slots[key] : all));
}

/** Joins sentences, dropping empty ones. */
function join(parts) {
  return parts.filter(Boolean).join(" ").replace(/\s+/g, " ").trim();
}

/** How a customer writes on a channel: social is terse and loud, email has a greeting and a name. */
function voice(r, text, channel, { first = false, name } = {}) {
  if (!text) return text;
  if (channel === "social" && r.chance(0.25)) text = text.replace(/\.$/, "!!");
  if (channel === "messaging" && r.chance(0.3)) text = text.replace(/\.$/, "");
  if (channel === "email") {
    const opener = first ? r.pick(["Hello,", "Hi,", "Dear team,", "Hi there,"]) : r.pick(["Hi,", "Hello again,", ""]);
    text = `${opener ? `${opener}\n\n` : ""}${text}\n\n${r.pick(["Regards,", "Thanks,", "Best,", "Cheers,"])}\n${name}`;
  }
  return text;
}

/** A follow-up that closes the exchange ("Thanks, that's a relief."): no more questions after it. */
function isClosing(text) {
  return !text.includes("?") && /thank|relief|found it|^fine\.|^ok(, thanks)?\.?$|then\.$|^great, thanks|^perfect/i.test(text);
}

/**
 * One agent reply. `style`: empathetic | adequate | scripted | dismissive | friendly | curt.
 * `step` is 0 for the first reply, then 1, 2...; `answer` is the scenario's factual answer.
 */
function agentReply(r, scenario, style, options) {
  const { step, name, agent, channel } = options;
  if (channel !== "email") return replyBody(r, scenario, style, { ...options, greet: step === 0 && r.chance(0.6) });
  const body = replyBody(r, scenario, style, { ...options, greet: false });
  const greeting = fill(r.pick(EMAIL_GREETINGS), { name });
  return style === "dismissive" ? body : `${greeting}\n\n${body}\n\n${r.pick(EMAIL_SIGNOFFS)}\n${agent}`;
}

function replyBody(r, scenario, style, { step, slots, name, agent, answer, recover = false, question = false, greet: withGreeting }) {
  const s = (t) => fill(t, { ...slots, name, agent });
  const greet = withGreeting ? s(r.pick(GREETINGS)) : "";
  if (scenario.neutral) {
    if (style === "curt") {
      const plain = s(answer).replace(/^(Yes|No), /, "");
      return plain[0].toUpperCase() + plain.slice(1);
    }
    return join([greet, s(answer), step > 0 && r.chance(0.3) ? r.pick(CLOSINGS) : ""]);
  }
  const generic = ACKS[scenario.emotion] ?? ACKS.frustration;
  if (recover && style !== "dismissive") {
    // The customer pushed back: answer it, then do the thing.
    const opener = style === "empathetic" ? r.pick(RECOVER) : style === "adequate" ? r.pick(UNDERSTAND) : r.pick(SCRIPTED_APOLOGY);
    return join([opener, s(r.pick(scenario.action)), style === "empathetic" || r.chance(0.4) ? s(r.pick(scenario.time)) : ""]);
  }
  switch (style) {
    case "empathetic": {
      if (step > 0) {
        return join([question && r.chance(0.35) ? r.pick(["Of course.", "Good question.", "Absolutely."]) : "", s(answer),
          r.chance(0.25) ? r.pick(INCLUSIVE) : ""]);
      }
      const ack = s(r.chance(0.7) ? r.pick(scenario.ack) : r.pick(generic));
      const reflect = r.chance(0.45) ? s(r.pick(scenario.reflect)) : "";
      return join([greet, ack, reflect, s(r.pick(scenario.action)), r.chance(0.75) ? s(r.pick(scenario.time)) : "",
        r.chance(0.25) ? r.pick(INCLUSIVE) : "", r.chance(0.15) ? r.pick(EXPLORE) : ""]);
    }
    case "adequate": {
      if (step > 0) return join([r.chance(0.3) ? r.pick(UNDERSTAND) : "", s(answer)]);
      return join([greet, r.chance(0.55) ? r.pick(UNDERSTAND) : "", s(r.pick(scenario.action)),
        r.chance(0.5) ? s(r.pick(scenario.time)) : ""]);
    }
    case "scripted": {
      const body = step > 0 ? s(answer) : s(r.pick(scenario.action));
      return join([step === 0 ? r.pick(SCRIPTED_OPEN) : "", r.pick(SCRIPTED_APOLOGY), body,
        r.chance(0.6) ? r.pick(SCRIPTED_CLOSE) : ""]);
    }
    default: { // dismissive
      const fact = s(r.pick(scenario.fact));
      const line = fill(r.pick(DISMISSIVE), { fact });
      return join([line.includes(fact) ? "" : `${fact[0].toUpperCase()}${fact.slice(1)}`, line]);
    }
  }
}

/** Picks a reply style from the agent's tendency, the shift, the channel and the week. */
function replyStyle(r, { neutral, tendency, shift, channel, team, week }) {
  let p = tendency;
  if (shift === "night") p -= 0.15;
  if (shift === "evening") p -= 0.05;
  if (channel === "social") p -= 0.1;
  if (channel === "email") p += 0.05;
  if (team === "delivery" && week >= COACHING_WEEK) p += 0.25 + 0.03 * (week - COACHING_WEEK);
  p = Math.min(0.95, Math.max(0.05, p));
  if (neutral) return r.chance(0.85 + p / 10) ? "friendly" : "curt";
  if (r.chance(p)) return "empathetic";
  const rest = 1 - p;
  return r.weighted({ adequate: 0.45 + rest * 0.1, scripted: 0.3, dismissive: 0.1 + rest * 0.3 });
}

/** Milliseconds an agent takes to reply on a channel. */
function replyDelay(r, channel) {
  switch (channel) {
    case "email": return r.int(8, 240) * 60_000;
    case "social": return r.int(1, 12) * 60_000 + r.int(0, 59) * 1000;
    case "messaging": return r.int(20, 300) * 1000;
    default: return r.int(15, 150) * 1000;
  }
}

function customerDelay(r, channel) {
  return channel === "email" ? r.int(20, 600) * 60_000 : r.int(10, 120) * 1000;
}

function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** One conversation. */
function conversation(r, index) {
  const scenario = SCENARIOS[Number(r.weighted(Object.fromEntries(SCENARIOS.map((s, i) => [i, s.weight]))))];
  const team = scenario.team;
  const channel = r.weighted(CHANNEL_WEIGHTS);
  const shift = r.weighted(SHIFT_WEIGHTS);
  const [agent, tendency] = r.pick(AGENTS[team]);
  // Fewer conversations at weekends: redraw a weekend day once.
  let day = r.int(0, WEEKS * 7 - 1);
  if (day % 7 >= 5 && r.chance(0.5)) day = r.int(0, WEEKS * 7 - 1);
  const week = Math.floor(day / 7);
  const [h0, h1] = SHIFT_HOURS[shift];
  let time = START + day * DAY_MS + r.int(h0, h1) * 3_600_000 + r.int(0, 59) * 60_000 + r.int(0, 59) * 1000;
  const date = isoDate(time);
  const name = r.pick(CUSTOMER_NAMES);
  const slots = scenario.slots(r);
  const context = { neutral: scenario.neutral, tendency, shift, channel, team, week };
  const turns = [];
  const say = (role, text) => {
    if (!text) return;
    turns.push({ role, text, time });
  };

  // The customer opens with one or two messages. A neutral question and its answer share
  // an index in their banks.
  const answerIndex = r.int(0, (scenario.answers ?? scenario.answer).length - 1);
  const first = fill(scenario.neutral ? scenario.opening[0][answerIndex] : r.pick(scenario.opening[0]), { ...slots, name });
  const second = scenario.opening[1] && r.chance(0.7) ? fill(r.pick(scenario.opening[1]), { ...slots, name }) : "";
  if (channel === "email") {
    say("customer", voice(r, join([first, second]), channel, { first: true, name }));
  } else {
    say("customer", voice(r, first, channel));
    time += r.int(5, 40) * 1000;
    say("customer", voice(r, second, channel));
  }

  // Then one to three exchanges. A follow-up question and its answer share an index in
  // their banks; after a bad reply the customer gets angrier, and the agent's next reply
  // has to recover (or makes it worse).
  const exchanges = scenario.neutral ? r.int(1, 2) : r.int(2, 3);
  const asked = new Set();
  let lastStyle = "";
  let answer;
  let recover = false;
  let lastFollowUp = "";
  for (let step = 0; step < exchanges; step++) {
    time += replyDelay(r, channel);
    const style = step > 0 && lastStyle === "dismissive" && r.chance(0.5) ? "dismissive" : replyStyle(r, context);
    if (scenario.neutral) answer = fill(step === 0 ? scenario.answers[answerIndex] : scenario.answer[answerIndex], slots);
    say("agent", agentReply(r, scenario, style, { step, slots, name, agent, channel, answer, recover, question: lastFollowUp.includes("?") }));
    lastStyle = style;
    if (step === exchanges - 1 || isClosing(lastFollowUp)) break;
    time += customerDelay(r, channel);
    recover = !scenario.neutral && (style === "dismissive" || (style === "scripted" && r.chance(0.5)));
    let followUp;
    if (scenario.neutral) {
      followUp = scenario.follow[answerIndex];
    } else if (recover) {
      followUp = r.pick(ANGRY_FOLLOW);
    } else {
      let k = r.int(0, scenario.follow.length - 1);
      while (asked.has(k)) k = (k + 1) % scenario.follow.length;
      asked.add(k);
      followUp = scenario.follow[k];
      answer = scenario.answer[k];
    }
    lastFollowUp = fill(followUp, slots);
    say("customer", voice(r, lastFollowUp, channel, { name }));
  }

  // The customer's last word, and sometimes the agent's sign-off.
  if (!isClosing(lastFollowUp) && r.chance(0.75)) {
    time += customerDelay(r, channel);
    const happy = lastStyle === "empathetic" || lastStyle === "friendly" || (lastStyle === "adequate" && r.chance(0.6));
    say("customer", voice(r, happy ? r.pick(THANKS_GOOD) : r.pick(THANKS_MEH), channel, { name }));
    if (r.chance(0.5)) {
      time += replyDelay(r, channel);
      say("agent", happy
        ? r.pick(["You're welcome, take care!", "Happy to help. Have a lovely day!", "You're very welcome.", "Any time. Take care."])
        : r.pick(["Is there anything else I can help with?", "Ok.", "Thanks for your patience."]));
    }
  }

  return {
    id: `c${String(index + 1).padStart(4, "0")}`,
    meta: { team, channel, shift, agent, date },
    turns,
  };
}

/**
 * Generates `count` conversations for `seed`, sorted by their first message's time.
 * @returns {Array<{id: string, meta: object, turns: object[]}>}
 */
export function generate({ seed = DEFAULT_SEED, count = DEFAULT_COUNT } = {}) {
  const r = makeRandom(seed);
  const list = Array.from({ length: count }, () => conversation(r, 0));
  list.sort((a, b) => a.turns[0].time - b.turns[0].time);
  list.forEach((c, i) => { c.id = `c${String(i + 1).padStart(4, "0")}`; });
  return list;
}

/** The JSON Lines text for `generate(options)`. */
export function toJsonLines(conversations) {
  return conversations.map((c) => JSON.stringify(c)).join("\n") + "\n";
}

function option(argv, name) {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("usage: node examples/data/generate.mjs [--seed N] [--count N] [--out FILE|-]\n" +
      `  --seed   default ${DEFAULT_SEED}\n  --count  default ${DEFAULT_COUNT}\n` +
      "  --out    default examples/data/conversations.jsonl; '-' for standard output");
    process.exit(0);
  }
  const seed = Number(option(argv, "seed") ?? DEFAULT_SEED);
  const count = Number(option(argv, "count") ?? DEFAULT_COUNT);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
    console.error("generate.mjs: --seed and --count take whole numbers (count >= 1)");
    process.exit(2);
  }
  const out = option(argv, "out") ?? DEFAULT_OUT;
  const text = toJsonLines(generate({ seed, count }));
  if (out === "-") {
    process.stdout.write(text);
  } else {
    await writeFile(out, text);
    console.error(`wrote ${count} conversations (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB) to ${path.relative(process.cwd(), out)}`);
  }
}
