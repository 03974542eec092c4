// Types of web/coach-element.js: the widget as the custom element <empathy-coach>.
// Importing the module defines the element once.
import type { ConversationResult, ErrorResult, Result, Turn } from "./empathy.js";
import type { Coach, WidgetScorer } from "./widget.js";

/** The detail of the "empathy-result" event, sent after every scoring. */
export interface EmpathyResultDetail {
  result: Result | ErrorResult;
  conversation: ConversationResult | null;
  draft: string;
}

/** The detail of the "empathy-error" event: the scorer could not load, or the reply box cannot be coached. */
export interface EmpathyErrorDetail {
  error: string;
}

/**
 * <empathy-coach for="reply-id" [debounce="150"] [allow="rule ids"] [theme="light|dark|auto"]
 * [conversation-id="..."]>: coaches the reply box with that id; every element on a page
 * shares one scorer, loaded the first time one connects.
 */
export class EmpathyCoachElement extends HTMLElement {
  static observedAttributes: string[];
  /** The conversation so far, oldest first, or a function returning it. */
  history: Turn[] | (() => Turn[]) | null;
  /** Who the agent is talking to, or a function returning it. */
  customer: { name?: string } | (() => { name?: string } | undefined) | null;
  /** The scorer to use instead of the page's shared one (set it before connecting, or it re-attaches). */
  scorer: WidgetScorer | null;
  /** The Coach from attach(), or null while the scorer loads or without a reply box. */
  readonly coach: Coach | null;
  /** The latest result, or null. */
  readonly result: Result | ErrorResult | null;
  /** The latest conversation score of `history`, or null. */
  readonly conversation: ConversationResult | null;
  /** Scores the current draft now (call it when the conversation changes). */
  update(): Result | ErrorResult | null;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "empathy-coach": EmpathyCoachElement;
  }
  interface HTMLElementEventMap {
    "empathy-result": CustomEvent<EmpathyResultDetail>;
    "empathy-error": CustomEvent<EmpathyErrorDetail>;
  }
}
