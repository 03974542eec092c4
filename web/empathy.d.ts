// Type declarations for empathy-coach (web/empathy.js), written by hand to match the
// JSON contract of SPEC §2.1. Spans are JS string indices (UTF-16 code units) into the
// text they refer to: the draft, or for an emotion the customer's turn `turn`.

export type Role = "customer" | "agent" | "bot";

/** One message of a conversation. `time`: milliseconds since the Unix epoch, if known. */
export interface Turn {
  role: Role;
  text: string;
  time?: number;
}

/** A draft (or sent) agent message to score, with the conversation before it. */
export interface Request {
  draft: string;
  history?: Turn[];
  /** When the draft is (to be) sent, ms since the epoch. */
  time?: number;
  customer?: { name?: string };
  /** True while the agent is still typing: nudges settle instead of flickering. */
  typing?: boolean;
  /** Rule ids of the nudges on screen now: kept while their conditions still hold. */
  shown?: string[];
  /** Rule ids to silence, as in alex's allow-list. */
  allow?: string[];
}

/** A whole conversation; every agent turn is scored against the turns before it. */
export interface Conversation {
  id?: string;
  meta?: Record<string, string>;
  turns: Turn[];
  customer?: { name?: string };
}

export type FamilyId =
  | "emotional-reaction" | "interpretation" | "exploration" | "reassurance"
  | "inclusive" | "politeness" | "dismissive" | "scripted";
export type EmotionId = "frustration" | "anxiety" | "confusion" | "sadness" | "urgency" | "gratitude";
export type RiskId =
  | "bereavement" | "health" | "financial-hardship" | "fraud" | "safety"
  | "vulnerability" | "hopelessness" | "complaint-escalation" | "churn";
export type Band = "low" | "fair" | "good";
export type NudgeKind = "warning" | "tip" | "praise";

/** [start, end) in UTF-16 code units. */
export type Span = [start: number, end: number];

/** The four components of empathetic service, each 0..100. */
export interface Components {
  activeListening: number;
  emotionalRecognition: number;
  supportiveResponses: number;
  genuineTone: number;
}

export interface FamilyResult {
  /** 0 none, 1 weak, 2 strong. */
  level: 0 | 1 | 2;
  spans: Span[];
  /** How strongly the whole reply shows this family, 0..1, by the learned family model (fitted to expert levels / 2); absent with a lexicon-only model. `level` and `spans` are the lexicon's evidence. */
  probability?: number;
}

/** One thing the draft does, with the evidence for it. */
export interface Behavior {
  id: string;
  family: FamilyId;
  /** +1 helps empathy, -1 hurts it. */
  polarity: 1 | -1;
  /** Evidence strength of this occurrence, 0..1. */
  weight: number;
  start: number;
  end: number;
}

/** What one sentence of the draft adds to the score, in points (negative: it costs points). */
export interface Contribution {
  start: number;
  end: number;
  points: number;
}

export interface Emotion {
  id: EmotionId | (string & {});
  /** 0..1. */
  intensity: number;
  /** Index into the history of the message the spans refer to. */
  turn: number;
  spans: Span[];
}

export interface CustomerState {
  /** Strongest first. */
  emotions: Emotion[];
  risk: Array<RiskId | (string & {})>;
  needsEmpathy: boolean;
  /** ISO 639-1 code of the customer's latest messages, or "und". */
  language: string;
}

/** What the agent sees. Shaped like an alex/retext message. */
export interface Nudge {
  ruleId: string;
  kind: NudgeKind;
  family: FamilyId | null;
  message: string;
  /** The span of the draft the nudge is about, or null. */
  start: number | null;
  end: number | null;
  /** A concrete alternative phrasing, worded for the customer's emotion and risk, or null. */
  suggestion: string | null;
  /**
   * With every suggestion: replacing `draft.slice(start, end)` with `text` puts the
   * suggestion in the draft as one well-formed reply (punctuation, capitals and spaces
   * joined; an acknowledgement after the greeting, a next step at the end) that no longer
   * gets this nudge.
   */
  edit?: Edit;
}

/** A change to the draft: replace [start, end) (UTF-16 code units) with text. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The result of scoring one draft (SPEC §2.1). */
/** What every result of one draft has. */
export interface ResultBase {
  needsEmpathy: boolean;
  /** ISO 639-1 code of the draft's language ("en", "es", ...), the customer's while the draft is too short to tell, or "und". */
  language: string;
  /** All eight families, always. */
  families: Record<FamilyId, FamilyResult>;
  /** In order of their spans. */
  behaviors: Behavior[];
  /** Per sentence of the draft: the points it adds to the score (the learned model's evidence). */
  contributions: Contribution[];
  customer: CustomerState;
  /** At most three, most important first, none of the request's `allow` list. */
  nudges: Nudge[];
  /** Rules of the request's `allow` list whose conditions held: left out of `nudges`. */
  silenced?: string[];
  /**
   * While typing (`typing: true`): the unfinished last word the engine did not read
   * ("Please calm dow"), as a span of the draft (`start`, `length` in UTF-16 code units) and
   * its length in UTF-8 bytes (what the core's 16 MiB limit counts). Absent when the draft
   * was read whole: score it again without `typing` once the agent pauses.
   */
  unfinished?: { start: number; length: number; bytes: number };
}

/** A draft the model reads: scored. */
export interface ScoredResult extends ResultBase {
  supported: true;
  /** 0..100. */
  score: number;
  band: Band;
  components: Components;
}

/**
 * The draft or the customer is in a language the model does not read: no score, band or
 * components, and no behaviours, nudges or customer emotions (no English reading of
 * another language). `language` and `customer.language` say which.
 */
export interface UnsupportedResult extends ResultBase {
  supported: false;
  score: null;
  band: null;
  components: null;
  /**
   * Set by a synchronous scorer while the pack of this language loads (it loads by
   * itself): score again on the scorer's "packloaded" event.
   */
  packLoading?: string;
}

/** The result of scoring one draft (SPEC §2.1): check `supported` before reading the score. */
export type Result = ScoredResult | UnsupportedResult;

/** A result of one agent turn of a conversation: `index` is its position in `turns`. */
export type TurnResult = Result & {
  index: number;
};

export type ConversationFlag = "missed-empathy" | "missed-empathy-high-risk" | "slow-reply" | (string & {});

export interface ConversationResult {
  id: string;
  /** Over the replies the model reads; null when it reads none of them. */
  score: number | null;
  band: Band | null;
  needsEmpathy: boolean;
  /** The language most of its replies are in, or "und". */
  language: string;
  /** False when no reply is in a language the model reads. */
  supported: boolean;
  components: Components | null;
  flags: ConversationFlag[];
  turns: TurnResult[];
  meta: Record<string, string>;
  /** Why it scores what it does: score = round(mean − Σ penalty points), kept within 0..100. */
  parts: ConversationParts;
}

/** How a conversation's score is made (README, "How the score works"). */
export interface ConversationParts {
  /** Each reply the model reads: its turn index, score and weight (more where empathy or a risk was at stake). */
  replies: Array<{ turn: number; score: number; weight: number }>;
  /** The weighted mean of the replies' scores; null when the model reads none. */
  mean: number | null;
  /** What was taken off, and why, in words. */
  penalties: Array<{ flag: ConversationFlag; turn: number; points: number; reason: string }>;
}

/** What a bad request gives instead of a result: errors are values. */
export interface ErrorResult {
  error: string;
}

/**
 * A model: a whole model file as an object, its JSON text, or where to read it (a URL;
 * in Node also a file path).
 */
export type ModelSource = Record<string, unknown> | string | URL;

export interface ModelOptions {
  /** A whole model; the built-in English model by default. */
  model?: ModelSource;
  /**
   * JSON merged over the model: reword, translate or silence nudges. Its "packs" part
   * ({ es: {...} }) is merged over each language's pack when that pack loads.
   */
  overlay?: ModelSource;
}

export interface LoadOptions extends ModelOptions {
  /** Run the engine in a Web Worker (a worker thread in Node); every method returns a promise. */
  worker?: boolean;
  /**
   * Language packs: "auto" (default) loads the built-in pack of a language (es, fr, de,
   * pt, files beside the module) when that language first appears; an object adds or
   * replaces packs by ISO 639-1 code ({ it: "/packs/it.json" }); "none" loads none.
   */
  packs?: "auto" | "none" | Record<string, ModelSource>;
}

/** Fired by a synchronous scorer when a language pack has loaded. */
export interface PackLoadedEvent extends Event {
  readonly language: string;
}

/** A scorer that scores synchronously (the default). */
export interface Scorer extends EventTarget {
  /** The languages it has a pack for, loaded or not (not the model's own). */
  readonly packLanguages: string[];
  /** Loads a language's pack now (it also loads by itself when the language first appears). */
  loadPack(language: string): Promise<void>;
  /** Resolves when every pack load started so far has settled: then score a `packLoading` result again. */
  packsReady(): Promise<void>;
  /** Scores one draft in the context of the conversation before it. */
  score(request: Request): Result | ErrorResult;
  /** Scores every agent turn of a conversation and the conversation as a whole. */
  scoreConversation(conversation: Conversation): ConversationResult | ErrorResult;
  /** JSON text in (a request or a conversation), the CLI's exact output bytes out. */
  scoreJson(json: string): string;
  /** Replaces the model; rejects naming the bad key, and the previous model keeps working. */
  setModel(options?: ModelOptions): Promise<void>;
  /** Frees the scorer's memory; calling it twice is harmless. Later calls throw. */
  dispose(): void;
}

/** A scorer whose engine runs in a worker: the same API, every call a promise. */
export interface WorkerScorer {
  score(request: Request): Promise<Result | ErrorResult>;
  scoreConversation(conversation: Conversation): Promise<ConversationResult | ErrorResult>;
  scoreJson(json: string): Promise<string>;
  setModel(options?: ModelOptions): Promise<void>;
  /** Loads a language's pack now; a draft in a language with a pack waits for it anyway. */
  loadPack(language: string): Promise<void>;
  /** Ends the worker; calls still waiting reject. */
  dispose(): void;
}

/**
 * Loads the wasm core (once) and returns a scorer. Rejects, naming the key, for a bad
 * model or overlay.
 */
export function loadScorer(options: LoadOptions & { worker: true }): Promise<WorkerScorer>;
export function loadScorer(options?: LoadOptions & { worker?: false }): Promise<Scorer>;
export function loadScorer(options?: LoadOptions): Promise<Scorer | WorkerScorer>;

/** The built-in English model as an object: a starting point for a custom model. */
export function defaultModel(): Promise<Record<string, unknown>>;
