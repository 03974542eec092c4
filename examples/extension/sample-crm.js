// The sample help desk's own behaviour (no extension involved): sending a reply adds it
// to the thread and the scripted customer answers a moment later; an internal note is
// added to the thread for the team only.

const CUSTOMER_REPLIES = [
  "Ok. And how long until I actually see the money back?",
  "Fine. Please make sure it doesn't happen a third time.",
  "Thanks, that's all I needed.",
];
const REPLY_DELAY_MS = 1200;

const thread = document.getElementById("thread");
const form = document.getElementById("composer");
const reply = document.getElementById("reply");
const note = document.getElementById("note");
const sendButton = document.getElementById("send");
const tabs = [
  { tab: document.getElementById("tab-reply"), panel: document.getElementById("panel-reply"), box: reply, action: "Send reply" },
  { tab: document.getElementById("tab-note"), panel: document.getElementById("panel-note"), box: note, action: "Add note" },
];
let nextReply = 0;

function selectTab(selected) {
  for (const t of tabs) {
    const on = t === selected;
    t.tab.setAttribute("aria-selected", String(on));
    t.panel.hidden = !on;
  }
  sendButton.textContent = selected.action;
  selected.box.focus();
}
for (const t of tabs) t.tab.addEventListener("click", () => selectTab(t));

function noteMode() {
  return !tabs[1].panel.hidden;
}

function clock() {
  return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function addMessage(author, name, text) {
  const article = document.createElement("article");
  article.className = "crm-msg";
  article.dataset.author = author;
  const head = document.createElement("header");
  head.className = "crm-msg-head";
  const who = document.createElement("strong");
  who.textContent = name;
  const time = document.createElement("time");
  time.textContent = clock();
  head.append(who, " ", time);
  const body = document.createElement("div");
  body.className = "crm-msg-body";
  body.textContent = text;
  article.append(head, body);
  thread.append(article);
  thread.scrollTop = thread.scrollHeight;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (noteMode()) {
    const text = note.value.trim();
    if (!text) return;
    addMessage("note", "Jordan Lee · internal note", text);
    note.value = "";
    note.dispatchEvent(new Event("input", { bubbles: true }));
    return;
  }
  const text = reply.value.trim();
  if (!text) return;
  addMessage("agent", "Jordan Lee", text);
  reply.value = "";
  reply.dispatchEvent(new Event("input", { bubbles: true }));
  if (nextReply < CUSTOMER_REPLIES.length) {
    const line = CUSTOMER_REPLIES[nextReply++];
    setTimeout(() => addMessage("customer", "Priya Shah", line), REPLY_DELAY_MS);
  }
});

form.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
});
