// widget.css, once per Document or ShadowRoot the coach lives in, and what the textarea's
// backdrop copies from it so the highlights line up with the text. The stylesheet's URL
// comes from web/widget.js, which knows where it sits beside widget.css: this module may
// be inlined into a bundle elsewhere (web/widget.min.js), where its own URL says nothing.

// Computed properties copied from the textarea so the backdrop wraps text identically.
export const MIRRORED_TEXT_PROPERTIES = [
  "direction", "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
  "font-variant", "font-weight", "font-kerning", "font-feature-settings",
  "font-variation-settings", "font-optical-sizing", "letter-spacing", "line-height",
  "tab-size", "text-align", "text-indent", "text-rendering", "text-transform",
  "white-space", "word-break", "overflow-wrap", "word-spacing", "hyphens",
  "padding-top", "padding-right", "padding-bottom", "padding-left",
];

export const MIRRORED_BOX_PROPERTIES = [
  "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
  "border-top-left-radius", "border-top-right-radius", "border-bottom-right-radius",
  "border-bottom-left-radius",
];

/** Stylesheets this module added, per Document or ShadowRoot, with how many widgets use each. */
const addedStylesheets = new WeakMap();

/**
 * The textarea's own background colour, read with the widget's transparency class
 * lifted for a moment (the backdrop paints it, since the textarea must be see-through).
 */
export function readBackgroundColor(textarea, fallback) {
  const had = textarea.classList.contains("empathy-textarea");
  if (had) textarea.classList.remove("empathy-textarea");
  const color = textarea.ownerDocument.defaultView.getComputedStyle(textarea).backgroundColor;
  if (had) textarea.classList.add("empathy-textarea");
  return color || fallback;
}

/**
 * Makes sure widget.css applies in `scope` (a Document or a ShadowRoot): adds a `<link>`
 * to `cssUrl` (widget.css's absolute URL; at the end of the head, or of the shadow root) unless
 * the scope already links it or its rules already reach `probe` (bundled or adopted CSS:
 * `.empathy-panel` and `.empathy-backdrop` carry `--empathy-styled`). Returns
 * `{loaded(), ready, release()}`: whether the rules apply yet, a promise that settles when
 * they do (or the link failed to load), and a release function; the link is removed when
 * the last widget using it is destroyed.
 */
export function ensureStylesheet(scope, probe, cssUrl) {
  let entry = addedStylesheets.get(scope);
  if (!entry) {
    const isDocument = scope.nodeType === 9;
    const doc = isDocument ? scope : scope.ownerDocument;
    const win = doc.defaultView;
    const linked = [...scope.querySelectorAll('link[rel~="stylesheet"]')].some((l) => l.href === cssUrl);
    const styled = probe.isConnected && probe.getRootNode() === scope &&
      win.getComputedStyle(probe).getPropertyValue("--empathy-styled").trim() !== "";
    const marked = isDocument && win.getComputedStyle(scope.documentElement).getPropertyValue("--empathy-css").trim() !== "";
    if (linked || styled || marked) return { loaded: () => true, ready: Promise.resolve(), release() {} };
    const link = doc.createElement("link");
    link.rel = "stylesheet";
    link.href = cssUrl;
    link.dataset.empathyWidget = "";
    entry = { link, users: 0, loaded: false, ready: null };
    entry.ready = new Promise((resolve) => {
      const settle = () => {
        entry.loaded = true;
        link.removeEventListener("load", settle);
        link.removeEventListener("error", settle);
        resolve();
      };
      link.addEventListener("load", settle);
      link.addEventListener("error", settle); // show the coach unstyled rather than never
    });
    addedStylesheets.set(scope, entry);
    // Last, so that on equal specificity the coach's rules beat the host's element rules.
    if (isDocument) (scope.head ?? scope.documentElement).append(link);
    else scope.append(link);
  }
  entry.users += 1;
  const current = entry;
  let released = false;
  return {
    loaded: () => current.loaded,
    ready: current.ready,
    release() {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users === 0) {
        current.link.remove();
        addedStylesheets.delete(scope);
      }
    },
  };
}
