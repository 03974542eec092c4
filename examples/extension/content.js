// The content script: finds the CRM's reply box and attaches the empathy coach to it.
//
// Content scripts cannot be ES modules, so this classic script imports the module files
// the extension carries (vendor/, made by build.mjs and listed in web_accessible_resources)
// with a dynamic import(). The draft and the thread are read from the page and scored in
// this tab: nothing is sent anywhere.
//
// Where the wasm runs. The coach first loads the wasm right here, in the content script
// (a synchronous scorer, the fastest). In Chromium that is subject to the PAGE's
// Content-Security-Policy: a page whose script-src lacks 'wasm-unsafe-eval' (or
// 'unsafe-eval') blocks it, and reports the attempt as a violation. On such a page the
// coach scores in a hidden extension frame instead (scorer-frame.html runs under the
// extension's own CSP), over a MessageChannel: about a millisecond per call, a promise
// the widget takes as it takes a Worker scorer's. Which path a tab uses is logged once to
// the console.
//
// Settings (settings.js, edited on the options page): which textarea to coach, which
// elements hold the customer's and the agent's messages, and rule ids to silence.

/* global EMPATHY_SETTINGS */
(() => {
  "use strict";

  const TAG = "[empathy-coach]";
  /** Milliseconds to wait after the page changes before looking again. */
  const RESCAN_DELAY_MS = 120;

  let settings = null;
  let engine = null; // {name, scorer} once loaded
  let attach = null;
  let loading = null;
  /** textarea -> {coach, historyKey} */
  const coaches = new Map();
  let rescanTimer = 0;

  // --- Reading the page ------------------------------------------------------------------

  /** querySelectorAll that reports a bad selector from the options page instead of throwing. */
  function queryAll(selector, what) {
    if (!selector) return [];
    try {
      return [...document.querySelectorAll(selector)];
    } catch (err) {
      console.warn(`${TAG} the ${what} selector is not valid CSS: ${selector} (${err.message})`);
      return [];
    }
  }

  function matches(node, selector) {
    try {
      return node.matches(selector);
    } catch {
      return false;
    }
  }

  /** The conversation as the page shows it, oldest first, as the scorer reads it. */
  function readHistory() {
    const selector = [settings.customerSelector, settings.agentSelector].filter(Boolean).join(", ");
    return queryAll(selector, "message").map((node) => ({
      role: matches(node, settings.customerSelector) ? "customer" : "agent",
      text: (node.innerText ?? node.textContent ?? "").trim(),
    })).filter((turn) => turn.text !== "");
  }

  // --- Scoring in the page -----------------------------------------------------------------

  async function pageEngine(base) {
    const { loadScorer } = await import(`${base}empathy.js`);
    return { name: "page", scorer: await loadScorer() };
  }

  // --- Scoring in an extension frame ---------------------------------------------------------

  /** Adds the hidden scorer frame and resolves to `score(json) -> Promise<result>`. */
  function frameEngine() {
    return new Promise((resolve, reject) => {
      const frame = document.createElement("iframe");
      frame.src = chrome.runtime.getURL("scorer-frame.html");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.style.display = "none"; // in case the page styles iframes
      frame.addEventListener("load", () => {
        const channel = new MessageChannel();
        const pending = new Map();
        let next = 0;
        channel.port1.onmessage = ({ data }) => {
          if (data.id === 0) {
            if (data.ready) resolve({ name: "frame", scorer: frameScorer(score) });
            else reject(new Error(data.error));
            return;
          }
          pending.get(data.id)?.(JSON.parse(data.json));
          pending.delete(data.id);
        };
        const score = (json) => new Promise((done) => {
          const id = ++next;
          pending.set(id, done);
          channel.port1.postMessage({ id, json });
        });
        frame.contentWindow.postMessage("empathy-coach", new URL(frame.src).origin, [channel.port2]);
      }, { once: true });
      frame.addEventListener("error", () => reject(new Error("the scorer frame did not load")), { once: true });
      document.documentElement.append(frame);
    });
  }

  /**
   * The frame's scorer as the widget takes it: every call a promise (the widget draws only
   * the latest draft's result). The core reads a lone surrogate's escape as U+FFFD.
   */
  function frameScorer(scoreJson) {
    return { score: (request) => scoreJson(JSON.stringify(request)) };
  }

  // --- Loading ---------------------------------------------------------------------------------

  /** Loads the widget and a scoring engine once, on first use. */
  function load() {
    loading ??= (async () => {
      const base = chrome.runtime.getURL("vendor/");
      ({ attach } = await import(`${base}widget.js`));
      try {
        engine = await pageEngine(base);
        console.info(`${TAG} scoring in the page`);
      } catch (err) {
        // Usually "CompileError": the page's CSP forbids wasm. The frame works anyway.
        engine = await frameEngine();
        console.info(`${TAG} scoring in an extension frame (in the page: ${String(err?.message ?? err).slice(0, 80)})`);
      }
      new MutationObserver((records) => {
        if (records.some((r) => !isOwnMutation(r))) scheduleRescan();
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    })();
    loading.catch(() => { loading = null; });
    return loading;
  }

  // --- Attaching -------------------------------------------------------------------------------

  function attachAll() {
    for (const [textarea, entry] of coaches) {
      if (!settings.enabled || !textarea.isConnected || !matches(textarea, settings.replySelector)) {
        entry.coach.destroy();
        coaches.delete(textarea);
      }
    }
    if (!settings.enabled || !engine) return;
    for (const textarea of queryAll(settings.replySelector, "reply box")) {
      if (textarea.tagName !== "TEXTAREA" || coaches.has(textarea) || !textarea.parentElement) continue;
      const entry = { historyKey: JSON.stringify(readHistory()), coach: null };
      entry.coach = attach(textarea, { scorer: engine.scorer, history: readHistory, allow: settings.allow });
      coaches.set(textarea, entry);
    }
  }

  /** After the page changed: attach to new reply boxes and rescore when the thread changed. */
  function rescan() {
    rescanTimer = 0;
    attachAll();
    const key = JSON.stringify(readHistory());
    for (const entry of coaches.values()) {
      if (entry.historyKey === key) continue;
      entry.historyKey = key;
      entry.coach.update();
    }
  }

  function scheduleRescan() {
    if (!rescanTimer) rescanTimer = setTimeout(rescan, RESCAN_DELAY_MS);
  }

  /** Changes the coach makes to its own elements (every keystroke) are not page changes. */
  function isOwnMutation(record) {
    const node = record.target.nodeType === Node.ELEMENT_NODE ? record.target : record.target.parentElement;
    return Boolean(node?.closest?.(".empathy-panel, .empathy-backdrop"));
  }

  function destroyAll() {
    for (const entry of coaches.values()) entry.coach.destroy();
    coaches.clear();
  }

  async function apply() {
    destroyAll();
    if (!settings.enabled) return;
    await load();
    attachAll();
  }

  async function start() {
    settings = await EMPATHY_SETTINGS.load();
    // New settings from the options page apply at once, without a reload.
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== "sync") return;
      EMPATHY_SETTINGS.load()
        .then((next) => { settings = next; return apply(); })
        .catch((err) => console.warn(`${TAG} could not apply the new settings: ${err?.message ?? err}`));
    });
    await apply();
  }

  start().catch((err) => console.warn(`${TAG} could not start: ${err?.message ?? err}`));
})();
