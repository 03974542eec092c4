// empathy-coach: the ES module. Loads the WebAssembly core once and scores drafts
// synchronously, in the browser (the .wasm is found beside this file) and in Node.
//
//   import { loadScorer } from "empathy-coach";
//   const scorer = await loadScorer();
//   const result = scorer.score({ history: [{ role: "customer", text: "It never came!" }],
//                                 draft: "I'm so sorry it hasn't arrived." });
//   scorer.dispose();
//
// Results are plain objects shaped as SPEC §2.1; spans are JS string indices into the
// draft. Nothing here makes a network request beyond loading this package's own files.

const CORE_URL = new URL("./dist/empathy-core.mjs", import.meta.url);
const WASM_URL = new URL("./dist/empathy-core.wasm", import.meta.url);

const isNode = typeof process === "object" && typeof process.versions?.node === "string" &&
  typeof window === "undefined" && typeof importScripts !== "function";

let corePromise = null;

/** Loads and instantiates the wasm core once per JS realm. */
function loadCore() {
  corePromise ??= (async () => {
    const { default: createEmpathyCore } = await import(CORE_URL.href);
    const options = {};
    if (isNode) {
      // Emscripten 3.1.6's own Node loader breaks under ES modules: hand it the bytes.
      const { readFile } = await import("node:fs/promises");
      options.wasmBinary = await readFile(WASM_URL);
    }
    return createEmpathyCore(options);
  })();
  corePromise.catch(() => { corePromise = null; });  // a failed load may be retried
  return corePromise;
}

/** Reads a model given as an object, JSON text, a URL or (in Node) a file path. */
async function readModel(model, what) {
  if (model === undefined || model === null) return "";
  if (typeof model === "object" && !(model instanceof URL)) return JSON.stringify(model);
  const text = String(model);
  if (text.trimStart().startsWith("{")) return text;
  try {
    if (isNode && !/^https?:/.test(text)) {
      const { readFile } = await import("node:fs/promises");
      return await readFile(text.startsWith("file:") ? new URL(text) : text, "utf8");
    }
    const response = await fetch(text);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    throw new Error(`empathy-coach: cannot read ${what} ${text}: ${error.message}`);
  }
}

// Lone surrogates (a half-typed emoji) would make the JSON invalid; U+FFFD keeps the
// string's length, so spans still index the original draft.
const wellFormed = typeof String.prototype.toWellFormed === "function"
  ? (s) => s.toWellFormed()
  : (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
const replacer = (key, value) => (typeof value === "string" ? wellFormed(value) : value);

const registry = new FinalizationRegistry((handle) => handle.delete());

/**
 * A scorer built from a model. Create it with {@link loadScorer}; free it with dispose().
 */
class Scorer {
  #handle;

  /** @param {object} handle the Embind Scorer */
  constructor(handle) {
    this.#handle = handle;
    registry.register(this, handle, this);
  }

  #live() {
    if (!this.#handle) throw new Error("empathy-coach: this scorer was disposed");
    return this.#handle;
  }

  /**
   * Scores a JSON text (a request or a conversation) and returns the result as JSON
   * text: exactly the bytes the `empathy score` CLI prints for the same line.
   * @param {string} json
   * @returns {string}
   */
  scoreJson(json) {
    return this.#live().score(String(json));
  }

  #call(input) {
    let json;
    try {
      json = JSON.stringify(input, replacer);
    } catch (error) {
      return { error: `request is not serialisable: ${error.message}` };
    }
    if (json === undefined) return { error: "expected a request object" };
    return JSON.parse(this.scoreJson(json));
  }

  /**
   * Scores one draft in the context of the conversation before it.
   * @param {{history?: Array<{role: string, text: string, time?: number}>, draft: string,
   *          time?: number, customer?: {name?: string}}} request
   * @returns {object} the result (SPEC §2.1), or `{error}` for a bad request
   */
  score(request) {
    if (request && typeof request === "object" && "turns" in request && !("draft" in request)) {
      return { error: "score() takes a request with \"draft\"; use scoreConversation() for \"turns\"" };
    }
    return this.#call(request);
  }

  /**
   * Scores every agent turn of a conversation and the conversation as a whole.
   * @param {{id?: string, meta?: object, turns: Array<{role: string, text: string, time?: number}>}} conversation
   * @returns {object} the conversation result, or `{error}`
   */
  scoreConversation(conversation) {
    if (conversation && typeof conversation === "object" && !("turns" in conversation)) {
      return { error: "scoreConversation() takes a conversation with \"turns\"" };
    }
    return this.#call(conversation);
  }

  /**
   * Replaces the model. On a bad model it throws, naming the key, and the previous
   * model keeps working.
   * @param {{model?: object|string|URL, overlay?: object|string|URL}} options
   */
  async setModel({ model, overlay } = {}) {
    const modelJson = await readModel(model, "model");
    const overlayJson = await readModel(overlay, "overlay");
    const error = this.#live().setModel(modelJson, overlayJson);
    if (error) throw new Error(`empathy-coach: ${error}`);
  }

  /** Frees the wasm memory of this scorer. Calling it twice is harmless. */
  dispose() {
    if (!this.#handle) return;
    registry.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }
}

/**
 * Loads the wasm core (once) and returns a scorer.
 * @param {{model?: object|string|URL, overlay?: object|string|URL}} [options]
 *   model: a whole model (object, JSON text, URL or path); the built-in English model by
 *   default. overlay: JSON merged over the model to reword, translate or silence nudges.
 * @returns {Promise<Scorer>}
 */
export async function loadScorer({ model, overlay } = {}) {
  const core = await loadCore();
  const scorer = new Scorer(new core.Scorer());
  if (model !== undefined || overlay !== undefined) {
    try {
      await scorer.setModel({ model, overlay });
    } catch (error) {
      scorer.dispose();
      throw error;
    }
  }
  return scorer;
}

/**
 * The built-in English model as an object: a starting point for a custom model.
 * @returns {Promise<object>}
 */
export async function defaultModel() {
  const core = await loadCore();
  return JSON.parse(core.defaultModel());
}
