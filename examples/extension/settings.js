// The extension's settings, shared by the content script and the options page.
// Stored with chrome.storage.sync, so they follow the agent across their browsers.
// A classic script (content scripts cannot be modules): it defines one global.

/* exported EMPATHY_SETTINGS */
var EMPATHY_SETTINGS = {
  /** Defaults match examples/extension/sample-crm.html. */
  defaults: {
    enabled: true,
    /** CSS selector of the reply box(es) to coach: textareas only. */
    replySelector: "textarea[name=\"reply\"]",
    /** CSS selectors of the customer's and the agent's messages in the thread, read in page order. */
    customerSelector: "[data-author=\"customer\"] .crm-msg-body",
    agentSelector: "[data-author=\"agent\"] .crm-msg-body",
    /** Rule ids of nudges to silence, e.g. ["reassure-next-step"]. */
    allow: [],
  },

  /** Reads the settings, filling in defaults for anything not stored. */
  async load() {
    const stored = await chrome.storage.sync.get(this.defaults);
    return { ...this.defaults, ...stored };
  },

  /** Stores the settings given (a partial object is fine). */
  save(values) {
    return chrome.storage.sync.set(values);
  },
};
