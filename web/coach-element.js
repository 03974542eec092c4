// <empathy-coach>: the widget as a custom element, for pages without a build step.
//
//   <script type="module" src="/node_modules/empathy-coach/web/coach-element.js"></script>
//   <textarea id="reply"></textarea>
//   <empathy-coach for="reply" allow="praise-acknowledged" debounce="150"></empathy-coach>
//   <script type="module">
//     const coach = document.querySelector("empathy-coach");
//     coach.history = () => turns;                      // the conversation so far
//     coach.addEventListener("empathy-result", (e) => console.log(e.detail.result.score));
//   </script>
//
// Importing this module defines the element (once). Every <empathy-coach> on the page
// shares one scorer, loaded with loadScorer() from ./empathy.js the first time one
// connects; set `element.scorer` before connecting to use another. The coach's panel
// is drawn inside the element, so the page decides where it shows; the reply box is
// found by id in the element's own tree (the document, or the shadow root it lives in),
// and may be a <textarea> or a contenteditable element.
//
// Attributes (changing one re-attaches):
//   for              id of the reply box (required)
//   debounce         milliseconds of typing pause before scoring (default 150)
//   allow            space-separated rule ids to silence
//   theme            "light" | "dark" | "auto" (default: follows prefers-color-scheme)
//   conversation-id  identifies the conversation for "dismiss" (default: its first turn)
// Properties: history, customer, scorer (read/write); coach, result, conversation (read);
// update(). Events (bubbling, composed): "empathy-result" with detail {result,
// conversation, draft} after every scoring; "empathy-error" with detail {error} when the
// scorer cannot be loaded or the reply box cannot be coached.

import { attach } from "./widget.js";

let sharedScorer = null;

/** The page's one scorer, loaded on first use; a failed load may be retried. */
function loadSharedScorer() {
  sharedScorer ??= import("./empathy.js").then(({ loadScorer }) => loadScorer());
  sharedScorer.catch(() => { sharedScorer = null; });
  return sharedScorer;
}

const Base = globalThis.HTMLElement ?? class {}; // importable where there is no DOM (SSR, tests)

export class EmpathyCoachElement extends Base {
  static observedAttributes = ["for", "debounce", "allow", "theme", "conversation-id"];

  #coach = null;
  #history = null;
  #customer = null;
  #scorer = null;
  #result = null;
  #observer = null;
  #generation = 0; // bumps on every disconnect, so a late scorer load attaches nothing

  connectedCallback() {
    // A page may set properties before this module defined the element: they were stored
    // on the plain element, shadowing the accessors. Move them to where they belong.
    for (const name of ["history", "customer", "scorer"]) {
      if (!Object.hasOwn(this, name)) continue;
      const value = this[name];
      delete this[name];
      if (name === "history") this.#history = value ?? null;
      else if (name === "customer") this.#customer = value ?? null;
      else this.#scorer = value ?? null;
    }
    this.#connect();
  }

  disconnectedCallback() {
    this.#disconnect();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    this.#disconnect();
    this.#connect();
  }

  /** The conversation so far, oldest first: an array of turns, or a function returning one. */
  get history() {
    return this.#history;
  }
  set history(value) {
    this.#history = value ?? null;
    this.#coach?.update();
  }

  /** Who the agent is talking to ({name}), or a function returning it. */
  get customer() {
    return this.#customer;
  }
  set customer(value) {
    this.#customer = value ?? null;
    this.#coach?.update();
  }

  /** The scorer to use instead of the page's shared one (set it before connecting, or it re-attaches). */
  get scorer() {
    return this.#scorer;
  }
  set scorer(value) {
    this.#scorer = value ?? null;
    if (this.isConnected) {
      this.#disconnect();
      this.#connect();
    }
  }

  /** The Coach from attach(), or null while the scorer loads or without a reply box. */
  get coach() {
    return this.#coach;
  }

  /** The latest result (SPEC §2.1), or null. */
  get result() {
    return this.#result;
  }

  /** The latest conversation score of `history`, or null. */
  get conversation() {
    return this.#coach?.conversation ?? null;
  }

  /** Scores the current draft now (call it when the conversation changes). */
  update() {
    return this.#coach?.update() ?? null;
  }

  async #connect() {
    const generation = ++this.#generation;
    const target = this.#findTarget();
    if (!target) {
      this.#waitForTarget();
      return;
    }
    let scorer = this.#scorer;
    if (!scorer) {
      try {
        scorer = await loadSharedScorer();
      } catch (error) {
        if (generation === this.#generation) this.#fail(`cannot load the scorer: ${error?.message ?? error}`);
        return;
      }
    }
    if (generation !== this.#generation || !this.isConnected || !target.isConnected) return;
    const debounce = Number(this.getAttribute("debounce"));
    const conversationId = this.getAttribute("conversation-id");
    // attach() scores once before it returns: that first event waits until this.#coach is set.
    let attaching = true;
    let first = null;
    try {
      this.#coach = attach(target, {
        scorer,
        container: this,
        history: () => turnsOf(this.#history),
        customer: () => valueOf(this.#customer) ?? undefined,
        allow: (this.getAttribute("allow") ?? "").split(/\s+/).filter(Boolean),
        debounce: this.hasAttribute("debounce") && Number.isFinite(debounce) && debounce >= 0 ? debounce : 150,
        theme: this.getAttribute("theme") ?? "auto",
        ...(conversationId ? { conversationId } : {}),
        onResult: (result) => {
          this.#result = result;
          if (attaching) first = result;
          else this.#emit(result, target);
        },
      });
    } catch (error) {
      this.#fail(error?.message ?? String(error));
      return;
    }
    attaching = false;
    if (first) this.#emit(first, target);
  }

  #emit(result, target) {
    this.dispatchEvent(new CustomEvent("empathy-result", {
      bubbles: true,
      composed: true,
      detail: { result, conversation: this.#coach?.conversation ?? null, draft: draftOf(target) },
    }));
  }

  #disconnect() {
    this.#generation += 1;
    this.#observer?.disconnect();
    this.#observer = null;
    this.#coach?.destroy();
    this.#coach = null;
  }

  #findTarget() {
    const id = this.getAttribute("for");
    if (!id) return null;
    const root = this.getRootNode();
    return typeof root.getElementById === "function" ? root.getElementById(id) : null;
  }

  /** The reply box may be added after the element (a console that renders late). */
  #waitForTarget() {
    if (!this.getAttribute("for") || this.#observer) return;
    const root = this.getRootNode();
    const View = this.ownerDocument.defaultView;
    this.#observer = new View.MutationObserver(() => {
      if (!this.#findTarget()) return;
      this.#observer.disconnect();
      this.#observer = null;
      this.#connect();
    });
    this.#observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["id"] });
  }

  #fail(error) {
    this.dispatchEvent(new CustomEvent("empathy-error", { bubbles: true, composed: true, detail: { error } }));
  }
}

function valueOf(value) {
  return typeof value === "function" ? value() : value;
}

function turnsOf(history) {
  const turns = valueOf(history);
  return Array.isArray(turns) ? turns : [];
}

function draftOf(target) {
  return target.tagName === "TEXTAREA" ? target.value : target.textContent ?? "";
}

if (globalThis.customElements && !customElements.get("empathy-coach")) {
  customElements.define("empathy-coach", EmpathyCoachElement);
}
