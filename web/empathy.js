// empathy-coach: the ES module. Loads the WebAssembly core once and scores drafts, in
// the browser (the .wasm is found beside this file), in Web Workers and in Node.
//
//   import { loadScorer } from "empathy-coach";
//   const scorer = await loadScorer();                  // or loadScorer({ worker: true })
//   const result = scorer.score({ history: [{ role: "customer", text: "It never came!" }],
//                                 draft: "I'm so sorry it hasn't arrived." });
//   scorer.dispose();
//
// Results are plain objects shaped as SPEC §2.1; spans are JS string indices into the
// draft. Bad input gives `{error}`, never an exception. Nothing here makes a network
// request beyond loading this package's own files (and a model URL you pass), and
// nothing evaluates code: a CSP of script-src 'self' 'wasm-unsafe-eval' is enough.
// The wasm boundary (wasm/empathy_wasm.cpp) is an Embind class, `Scorer`: JSON text in,
// the result's JSON text out, parsed here.

const WASM_URL = new URL("./dist/empathy-core.wasm", import.meta.url);
const WORKER_URL = new URL("./worker.js", import.meta.url);
const PACKS_URL = new URL("./dist/packs/", import.meta.url);
const MAX_INPUT = 16 * 1024 * 1024;  // bytes; the core refuses more (json.hpp kMaxInputBytes)
const DEBUG = Symbol.for("empathy-coach.debug");  // heap figures for tests; not public API

const isNode = typeof process === "object" && typeof process.versions?.node === "string" &&
  typeof window === "undefined";

const decoder = new TextDecoder();

let corePromise = null;
let currentCore = null;  // what corePromise resolved to

/** Loads and instantiates the wasm core once per JS realm (again after a crash). */
function loadCore() {
  corePromise ??= (async () => {
    const { default: createEmpathyCore } = await import("./dist/empathy-core.mjs");
    const options = {};
    if (isNode) {
      // Emscripten 3.1.6's own Node loader breaks under ES modules: hand it the bytes.
      const { readFile } = await import("node:fs/promises");
      options.wasmBinary = await readFile(WASM_URL);
    }
    currentCore = new Core(await createEmpathyCore(options));
    return currentCore;
  })();
  corePromise.catch(() => { corePromise = null; });  // a failed load may be retried
  return corePromise;
}

/** The instantiated module, and the one place that calls across the boundary. */
class Core {
  constructor(m) {
    this.m = m;
    this.failure = null;  // set when the wasm trapped: the instance is not used again
  }

  /** Runs `fn`; a trap (out of memory, a bug) retires this instance and rethrows. */
  guard(fn) {
    if (this.failure) throw this.failure;
    try {
      return fn();
    } catch (error) {
      this.failure = new Error(`empathy-coach: the engine stopped (${error?.message ?? error}); load a new scorer`);
      if (currentCore === this) corePromise = currentCore = null;  // the next loadScorer starts afresh
      throw this.failure;
    }
  }

  /** A new wasm scorer without a model (an Embind handle: free it with `free`). */
  newScorer() {
    return this.guard(() => new this.m.Scorer());
  }

  free(handle) {
    if (!this.failure) handle.delete();
  }

  /** The result's JSON text: `method` is "score" (a request), "scoreConversation" or "scoreJson" (either). */
  score(handle, method, json) {
    return this.guard(() => decoder.decode(handle[method](json)));  // a view of wasm memory, read at once
  }

  /** Replaces the model; returns "" or the error message. */
  setModel(handle, modelText, overlayText) {
    return this.guard(() => handle.setModel(modelText, overlayText));
  }

  /** Adds a language pack beside the model; returns "" or the error message. */
  addPack(handle, packText, overlayText) {
    return this.guard(() => handle.addPack(packText, overlayText));
  }

  /** The languages of the packs built beside the module (web/dist/packs/<code>.json). */
  packLanguages() {
    const text = this.guard(() => this.m.packLanguages());
    return text ? text.split(",") : [];
  }

  defaultModelText() {
    return this.guard(() => this.m.defaultModel());
  }

  /** Heap figures for the memory tests (not public API). */
  heap() {
    return { heapInUse: this.m.heapInUse() >>> 0, memoryBytes: this.m.HEAPU8.byteLength };
  }
}

/** Reads a model given as an object, JSON text, a URL or (in Node) a file path. */
/**
 * The error of a bad model, naming its file or URL when it came from one, as the CLI does:
 * "empathy-coach: models/team.json: model: thresholds: expected an object".
 */
function modelError(error, model, overlay) {
  const source = (x) => (x instanceof URL ? x.href : typeof x === "string" && !x.trimStart().startsWith("{") ? x : null);
  const from = error.startsWith("overlay:") ? source(overlay) : source(model);
  return new Error(`empathy-coach: ${from ? `${from}: ` : ""}${error}`);
}

async function readModel(model, what) {
  if (model === undefined || model === null) return "";
  if (typeof model === "object" && !(model instanceof URL)) {
    try {
      return JSON.stringify(model);
    } catch (error) {
      throw new Error(`empathy-coach: the ${what} is not serialisable: ${error.message}`, { cause: error });
    }
  }
  const text = String(model);
  if (text.trimStart().startsWith("{")) return text;
  try {
    if (isNode && !/^(https?|data):/.test(text)) {
      const { readFile } = await import("node:fs/promises");
      return await readFile(text.startsWith("file:") ? new URL(text) : text, "utf8");
    }
    const response = await fetch(text);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    throw new Error(`empathy-coach: cannot read ${what} ${text}: ${error.message}`, { cause: error });
  }
}

/** An overlay's "packs" part (language -> the overlay for that pack), or null. */
function overlayPacks(overlayText) {
  try {
    const packs = overlayText ? JSON.parse(overlayText).packs : null;
    return packs && typeof packs === "object" ? packs : null;
  } catch {
    return null;  // the core has said what is wrong with it
  }
}

// Each pack's JSON text, read once per JS realm (every scorer compiles its own copy).
const packTexts = new Map();  // source -> Promise<string>

function readPack(source, code) {
  const key = source instanceof URL ? source.href : typeof source === "string" ? source : null;
  if (key === null) return readModel(source, `${code} pack`);
  if (!packTexts.has(key)) {
    const text = readModel(source, `${code} pack`);
    text.catch(() => packTexts.delete(key));  // a failed read may be retried
    packTexts.set(key, text);
  }
  return packTexts.get(key);
}

/** The JSON text of a request or conversation, or `{error}` (checked before any call). */
function toJson(input, method) {
  const isObject = input !== null && typeof input === "object";
  if (method === "score" && isObject && "turns" in input && !("draft" in input)) {
    return { error: "score() takes a request with \"draft\"; use scoreConversation() for \"turns\"" };
  }
  if (method === "scoreConversation" && isObject && !("turns" in input)) {
    return { error: "scoreConversation() takes a conversation with \"turns\"" };
  }
  // A lone surrogate (a half-typed emoji) becomes a \uXXXX escape in the JSON text, which
  // the core reads as U+FFFD: one unit, so spans still index the draft the agent typed.
  let json;
  try {
    json = JSON.stringify(input);
  } catch (error) {
    return { error: `request is not serialisable: ${error.message}` };
  }
  if (json === undefined) return { error: "expected a request object" };
  return { json };
}

/**
 * `{error}` for JSON text the core must not see: over 16 MiB of UTF-8, the core's own limit
 * (a UTF-16 unit is 1 to 3 bytes, so bytes are counted only between those bounds).
 */
function tooLarge(json) {
  if (json.length * 3 <= MAX_INPUT) return null;
  return json.length > MAX_INPUT || utf8Length(json) > MAX_INPUT
    ? JSON.stringify({ error: "input is larger than 16 MiB" }) : null;
}

/** The UTF-8 length of well-formed text (what TextEncoder would write), without writing it. */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const scorers = new FinalizationRegistry(({ core, handle }) => core.free(handle));

/**
 * A scorer built from a model: scores synchronously. Create it with {@link loadScorer};
 * free it with dispose() (a FinalizationRegistry frees a forgotten one eventually).
 */
class Scorer extends EventTarget {
  #core;
  #handle;
  #packSources;             // language -> where its pack is read from; null: no packs
  #packs = new Map();       // language -> Promise of its load into this scorer
  #loadedPacks = new Set();
  #overlayPacks = null;     // the overlay's "packs": language -> its part of the overlay

  /** @param {Core} core @param {object} handle @param {Map<string, *>|null} packSources @param {string} overlayText */
  constructor(core, handle, packSources, overlayText) {
    super();
    this.#core = core;
    this.#handle = handle;
    this.#packSources = packSources;
    this.#overlayPacks = overlayPacks(overlayText);
    scorers.register(this, { core, handle }, this);
  }

  /** The languages it has a pack for, loaded or not (not the model's own). @returns {string[]} */
  get packLanguages() {
    return [...new Set([...this.#loadedPacks, ...(this.#packSources?.keys() ?? [])])];
  }

  /**
   * Loads a language's pack now; rejects for no pack or a bad one (a later draft retries).
   * @param {string} language ISO 639-1, such as "es" @returns {Promise<void>}
   */
  loadPack(language) {
    this.#live();
    if (!this.#packs.has(language)) {
      const load = (async () => {
        const source = this.#packSources?.get(language);
        if (source === undefined) throw new Error(`empathy-coach: no language pack for "${language}"`);
        const text = await readPack(source, language);
        const own = this.#overlayPacks?.[language];  // the overlay's "packs".<language> part
        const error = this.#core.addPack(this.#live(), text, own ? JSON.stringify(own) : "");
        if (error) throw modelError(error, source);
        this.#loadedPacks.add(language);
        const event = new Event("packloaded");
        event.language = language;
        this.dispatchEvent(event);
      })();
      load.catch(() => this.#packs.delete(language));
      this.#packs.set(language, load);
    }
    return this.#packs.get(language);
  }

  /**
   * For a result the model could not read: starts loading the pack of its language (the
   * draft's, else the customer's) when there is one, and returns that language.
   */
  #packFor(result) {
    if (!this.#packSources || result?.supported !== false) return null;
    const turns = Array.isArray(result.turns) ? result.turns.filter((t) => t.supported === false) : [result];
    for (const turn of turns) {
      for (const code of [turn.language, turn.customer?.language]) {
        if (!code || this.#loadedPacks.has(code) || !this.#packSources.has(code)) continue;
        this.loadPack(code).catch(() => {});  // the failure shows as the language staying unsupported
        return code;
      }
    }
    return null;
  }

  /**
   * Resolves when every pack load started so far has settled (loaded or failed): after a
   * result with `packLoading`, score again once this resolves.
   * @returns {Promise<void>}
   */
  async packsReady() {
    await Promise.allSettled([...this.#packs.values()]);
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
    return this.#text(String(json), "scoreJson");
  }

  /** The result's JSON text from the wasm scorer's method ("score", "scoreConversation" or "scoreJson"). */
  #text(text, method) {
    const handle = this.#live();
    const refused = tooLarge(text);
    if (refused) return refused;
    let out;
    try {
      out = this.#core.score(handle, method, text);
    } catch (error) {
      return JSON.stringify({ error: error.message });
    }
    if (this.#packSources && out.includes('"supported":false')) this.#packFor(JSON.parse(out));
    return out;
  }

  #call(input, method) {
    this.#live();
    const { json, error } = toJson(input, method);
    if (error) return { error };
    const result = JSON.parse(this.#text(json, method));
    const loading = this.#packSources && result.supported === false ? this.#packFor(result) : null;
    if (loading) result.packLoading = loading;
    return result;
  }

  /**
   * Scores one draft in the context of the conversation before it.
   * @param {{history?: Array<{role: string, text: string, time?: number}>, draft: string,
   *          time?: number, customer?: {name?: string}, allow?: string[]}} request
   * @returns {object} the result (SPEC §2.1), or `{error}` for a bad request
   */
  score(request) {
    return this.#call(request, "score");
  }

  /**
   * Scores every agent turn of a conversation and the conversation as a whole.
   * @param {{id?: string, meta?: object, turns: Array<{role: string, text: string, time?: number}>}} conversation
   * @returns {object} the conversation result, or `{error}`
   */
  scoreConversation(conversation) {
    return this.#call(conversation, "scoreConversation");
  }

  /**
   * Replaces the model. On a bad model it rejects, naming the key, and the previous
   * model keeps working.
   * @param {{model?: object|string|URL, overlay?: object|string|URL}} [options]
   * @returns {Promise<void>}
   */
  async setModel({ model, overlay } = {}) {
    this.#live();
    const modelText = await readModel(model, "model");
    const overlayText = await readModel(overlay, "overlay");
    const error = this.#core.setModel(this.#live(), modelText, overlayText);
    if (error) throw modelError(error, model, overlay);
    this.#overlayPacks = overlayPacks(overlayText);  // for packs loaded from now on
  }

  /** Frees the wasm memory of this scorer. Calling it twice is harmless. */
  dispose() {
    if (!this.#handle) return;
    scorers.unregister(this);
    this.#core.free(this.#handle);
    this.#handle = null;
  }

  /** Heap figures for the memory tests (not public API). */
  [DEBUG]() {
    return this.#core.heap();
  }
}

const workers = new FinalizationRegistry((channel) => channel.close());

/** The main thread's end of a worker running web/worker.js: calls and their replies. */
class Channel {
  #worker;
  #pending = new Map();  // id -> {resolve, reject}
  #next = 1;
  #failure = null;
  #node;

  constructor(worker, node) {
    this.#worker = worker;
    this.#node = node;
    const onMessage = ({ id, value, error }) => {
      const call = this.#pending.get(id);
      if (!call) return;
      this.#pending.delete(id);
      this.#idle();
      if (error === undefined) call.resolve(value);
      else call.reject(new Error(error));
    };
    const onError = (error) => this.#fail(new Error(`empathy-coach: the worker failed: ${error?.message ?? "it did not load"}`));
    if (node) {
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", () => this.#fail(new Error("empathy-coach: the worker stopped")));
    } else {
      worker.addEventListener("message", (event) => onMessage(event.data));
      worker.addEventListener("error", (event) => { event.preventDefault?.(); onError(event); });
      worker.addEventListener("messageerror", () => onError(new Error("a message could not be read")));
    }
    this.#idle();
  }

  // In Node an idle worker must not keep the process alive.
  #idle() {
    if (this.#node) this.#pending.size ? this.#worker.ref() : this.#worker.unref();
  }

  #fail(error) {
    this.#failure ??= error;
    for (const call of this.#pending.values()) call.reject(this.#failure);
    this.#pending.clear();
  }

  call(op, ...args) {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#idle();
      this.#worker.postMessage({ id, op, args });
    });
  }

  close() {
    this.#fail(new Error("empathy-coach: this scorer was disposed"));
    this.#worker.terminate();
  }
}

/**
 * A scorer whose engine runs in a Web Worker (a worker thread in Node): the same API as
 * {@link Scorer}, every call returning a promise. Create it with
 * `loadScorer({ worker: true })`; dispose() ends the worker.
 */
class WorkerScorer {
  #channel;

  /** @param {Channel} channel */
  constructor(channel) {
    this.#channel = channel;
    workers.register(this, channel, this);
  }

  #live() {
    if (!this.#channel) throw new Error("empathy-coach: this scorer was disposed");
    return this.#channel;
  }

  /** @param {string} json @returns {Promise<string>} see {@link Scorer#scoreJson} */
  async scoreJson(json) {
    const text = String(json);
    return tooLarge(text) ?? this.#live().call("scoreJson", text);
  }

  async #call(input, method) {
    this.#live();
    const { json, error } = toJson(input, method);
    return error ? { error } : JSON.parse(await this.scoreJson(json));
  }

  /** @param {object} request @returns {Promise<object>} see {@link Scorer#score} */
  score(request) {
    return this.#call(request, "score");
  }

  /** @param {object} conversation @returns {Promise<object>} see {@link Scorer#scoreConversation} */
  scoreConversation(conversation) {
    return this.#call(conversation, "scoreConversation");
  }

  /** @param {{model?: object|string|URL, overlay?: object|string|URL}} [options] @returns {Promise<void>} */
  async setModel({ model, overlay } = {}) {
    const channel = this.#live();
    await channel.call("setModel", await readModel(model, "model"), await readModel(overlay, "overlay"));
  }

  /** @param {string} language @returns {Promise<void>} see {@link Scorer#loadPack} (a worker's drafts wait for it) */
  async loadPack(language) {
    await this.#live().call("loadPack", language);
  }

  /** Ends the worker; calls still waiting reject. Calling it twice is harmless. */
  dispose() {
    if (!this.#channel) return;
    workers.unregister(this);
    this.#channel.close();
    this.#channel = null;
  }
}

async function loadWorkerScorer(modelText, overlayText, packs) {
  let channel;
  if (isNode) {
    const { Worker } = await import("node:worker_threads");
    channel = new Channel(new Worker(WORKER_URL), true);
  } else {
    channel = new Channel(new Worker(WORKER_URL, { type: "module", name: "empathy-coach" }), false);
  }
  try {
    await channel.call("load", modelText, overlayText, packs);
  } catch (error) {
    channel.close();
    throw error;
  }
  return new WorkerScorer(channel);
}

/**
 * Loads the wasm core (once) and returns a scorer.
 * @param {{model?: object|string|URL, overlay?: object|string|URL, worker?: boolean,
 *          packs?: "auto"|"none"|Object<string, object|string|URL>}} [options]
 *   model: a whole model (object, JSON text, URL or path); the built-in English model by
 *   default. overlay: JSON merged over the model to reword, translate or silence nudges.
 *   worker: run the engine in a Web Worker; every method then returns a promise.
 *   packs: "auto" (dist/packs/<code>.json, each loaded when its language first appears),
 *   "none", or packs by language ({ it: "/packs/it.json" }); see empathy.d.ts.
 * @returns {Promise<Scorer | WorkerScorer>} rejects, naming the key, for a bad model
 */
export async function loadScorer({ model, overlay, worker = false, packs = "auto" } = {}) {
  if (packs !== "auto" && packs !== "none" && (packs === null || typeof packs !== "object" || Array.isArray(packs))) {
    throw new Error('empathy-coach: packs must be "auto", "none" or an object of language: pack');
  }
  const [modelText, overlayText] = await Promise.all([readModel(model, "model"), readModel(overlay, "overlay")]);
  if (worker) {
    // A worker receives packs as structured clones: URLs travel as their addresses.
    const cloneable = typeof packs === "object"
      ? Object.fromEntries(Object.entries(packs).map(([k, v]) => [k, v instanceof URL ? v.href : v]))
      : packs;
    return loadWorkerScorer(modelText, overlayText, cloneable);
  }
  const core = await loadCore();
  const handle = core.newScorer();
  let sources = null;
  if (packs !== "none") {
    sources = new Map(core.packLanguages().map((code) => [code, new URL(`${code}.json`, PACKS_URL)]));
    if (typeof packs === "object") for (const [code, source] of Object.entries(packs)) sources.set(code, source);
  }
  const scorer = new Scorer(core, handle, sources, overlayText);
  const error = core.setModel(handle, modelText, overlayText);
  if (error) {
    scorer.dispose();
    throw modelError(error, model, overlay);
  }
  return scorer;
}

/**
 * The built-in English model as an object: a starting point for a custom model.
 * @returns {Promise<object>}
 */
export async function defaultModel() {
  const core = await loadCore();
  return JSON.parse(core.defaultModelText());
}
