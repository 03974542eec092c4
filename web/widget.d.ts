// Type declarations for empathy-coach/widget (web/widget.js), written by hand from its
// JSDoc. The widget takes either scorer loadScorer() resolves to: synchronous, or with
// `worker: true`, every call a promise.
import type { ConversationResult, ErrorResult, Request, Result, Turn, Conversation } from "./empathy.js";

export type { ErrorResult };

/** The part of a Scorer (or a WorkerScorer) the widget uses. */
export interface WidgetScorer {
  /** Synchronous, or a promise (a Worker scorer): only the latest draft's result is drawn. */
  score(request: Request): Result | ErrorResult | Promise<Result | ErrorResult>;
  /** With it, the conversation score of `history()` is shown too. */
  scoreConversation?(conversation: Conversation): ConversationResult | ErrorResult | Promise<ConversationResult | ErrorResult>;
}

export interface AttachOptions {
  /** What loadScorer() resolves to. */
  scorer: WidgetScorer;
  /** The conversation so far, oldest first. */
  history?: () => Turn[];
  /** Called after every scoring with the scorer's result; {error} when it failed or threw. */
  onResult?: (result: Result | ErrorResult) => void;
  /** Rule ids to silence, as in alex: the engine leaves their nudges out (listed in the result's `silenced`). */
  allow?: string[];
  /** Milliseconds of typing pause before scoring. Default 150. */
  debounce?: number;
  /** While the agent types without pausing, the draft is still scored when the browser is idle, at most this many ms apart; 0 turns it off. Default 1000. */
  maxWait?: number;
  /** Who the agent is talking to. */
  customer?: () => { name?: string } | undefined;
  /**
   * Identifies the conversation, so a dismissed rule stays hidden for it (and only for it).
   * By default the first turn of `history()` identifies it; without history, the draft
   * session (until destroy()) does.
   */
  conversationId?: string | (() => string | null | undefined);
  /** Minutes a snoozed rule stays hidden, in every conversation. Default 30. */
  snooze?: number;
  /** "auto" (the default) follows the user's prefers-color-scheme. */
  theme?: "auto" | "light" | "dark";
  /** Where the panel goes (appended as its last child); by default right after the reply box. */
  container?: Element;
}

export interface Coach {
  /**
   * Scores the current draft now and renders (call it when the conversation changes); null after destroy(). With a Worker scorer, a
   * promise of the result, or of null when a newer scoring overtook it.
   */
  update(): Result | ErrorResult | null | Promise<Result | ErrorResult | null>;
  /** Removes every element, class, attribute, highlight and listener the widget added; the reply box keeps its text and undo history. */
  destroy(): void;
  /** The latest result, null before the first scoring. */
  readonly result: Result | ErrorResult | null;
  /** The latest conversation score of history() (null without history, without an agent turn in it, or when the scorer has no scoreConversation). */
  readonly conversation: ConversationResult | null;
}

/** localStorage key for the agent's choices (dismissed and snoozed rules, hidden coach). */
export const STORAGE_KEY: string;
/** The shortcut that hides and shows the coach, in aria-keyshortcuts syntax. */
export const SHORTCUT: string;

/** Attaches the coach to a reply box: a `<textarea>` or a contenteditable element. */
export function attach(element: HTMLTextAreaElement | HTMLElement, options: AttachOptions): Coach;
