// Highlights of the evidence in the draft: spans kept in step with the text between two
// scorings (diffEdit, mapSpan), the marks cut into non-overlapping pieces (segments) drawn
// in a textarea's backdrop (markNodes), and CSS Custom Highlights for a contenteditable
// box, which leave its DOM alone. The pure parts are unit-tested in Node.

const HIGHLIGHT_NAMES = { positive: "empathy-positive", negative: "empathy-negative", mixed: "empathy-mixed", focus: "empathy-focus" };

/** Per window: the shared CSS Custom Highlights for contenteditable boxes. */
const highlightRegistries = new WeakMap();

/**
 * Draws one box's marks as CSS Custom Highlights, which leave the element's DOM alone (so
 * its undo history and the host's code never see them). The four named highlights are
 * shared by every box in the window; each box adds and removes only its own ranges, and
 * the last one to leave removes the names it registered. A no-op where the API is missing.
 */
export function editableHighlighter(win) {
  const api = win.CSS?.highlights;
  if (!api || typeof win.Highlight !== "function") return null;
  let registry = highlightRegistries.get(win);
  if (!registry) {
    registry = { users: 0, highlights: {} };
    const priorities = { positive: 1, mixed: 2, negative: 3, focus: 4 };
    for (const [type, name] of Object.entries(HIGHLIGHT_NAMES)) {
      const existing = api.get(name);
      const highlight = existing ?? new win.Highlight();
      if (!existing) {
        highlight.priority = priorities[type];
        api.set(name, highlight);
      }
      registry.highlights[type] = { highlight, owned: !existing };
    }
    highlightRegistries.set(win, registry);
  }
  registry.users += 1;
  let own = []; // [type, Range]
  const clear = () => {
    for (const [type, range] of own) registry.highlights[type].highlight.delete(range);
    own = [];
  };
  return {
    draw(root, pieces) {
      clear();
      if (!pieces.some((p) => p.types.length)) return;
      const nodes = textNodes(root);
      for (const piece of pieces) {
        for (const type of piece.types) {
          const range = rangeFromOffsets(root, nodes, piece.start, piece.end);
          registry.highlights[type].highlight.add(range);
          own.push([type, range]);
        }
      }
    },
    release() {
      clear();
      registry.users -= 1;
      if (registry.users > 0) return;
      for (const [type, name] of Object.entries(HIGHLIGHT_NAMES)) {
        const { highlight, owned } = registry.highlights[type];
        if (owned && api.get(name) === highlight) api.delete(name);
      }
      highlightRegistries.delete(win);
    },
  };
}

/** The text nodes under `root` in document order, with their offsets in its textContent. */
export function textNodes(root) {
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes = [];
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: offset });
    offset += node.data.length;
  }
  return nodes;
}

/** The DOM position of a textContent offset: the start of a later node wins at a boundary. */
function domPoint(root, nodes, offset, preferLater) {
  for (let i = 0; i < nodes.length; i++) {
    const { node, start } = nodes[i];
    const end = start + node.data.length;
    if (offset < end || (offset === end && !(preferLater && i + 1 < nodes.length))) {
      return [node, Math.max(0, offset - start)];
    }
  }
  const last = nodes.at(-1);
  return last ? [last.node, last.node.data.length] : [root, 0];
}

export function rangeFromOffsets(root, nodes, start, end) {
  const range = root.ownerDocument.createRange();
  range.setStart(...domPoint(root, nodes, start, true));
  range.setEnd(...domPoint(root, nodes, end, false));
  return range;
}

/**
 * The one edit that turns `before` into `after`, as the common prefix and suffix:
 * `{at, removed, inserted}` in code units.
 */
export function diffEdit(before, after) {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let at = 0;
  while (at < max && before.charCodeAt(at) === after.charCodeAt(at)) at++;
  let tail = 0;
  while (tail < max - at && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { at, removed: before.length - at - tail, inserted: after.length - at - tail };
}

/**
 * Moves a span of the scored draft onto the current text: spans before the edit stay,
 * spans after it shift, spans the edit touched are dropped (they will be rescored).
 * Returns null for a span that is missing, malformed or dropped.
 */
export function mapSpan([start, end], edit, length) {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) return null;
  if (edit) {
    if (end <= edit.at) {
      // before the edit: unchanged
    } else if (start >= edit.at + edit.removed) {
      start += edit.inserted - edit.removed;
      end += edit.inserted - edit.removed;
    } else {
      return null;
    }
  }
  return end <= length ? [start, end] : null;
}

/**
 * Cuts `text` at every mark boundary into pieces `{start, end, types}`, neighbours with
 * the same types merged; a stretch covered by both polarities is "mixed", and "focus"
 * (the nudge under the pointer or keyboard focus) adds to either.
 */
export function segments(text, marks) {
  // One sweep over the marks' ends, counting the marks of each type that cover each piece:
  // linear in the marks after sorting (a draft can carry thousands).
  const KIND = { positive: 0, negative: 1, focus: 2 };
  const events = new Map([[0, [0, 0, 0]], [text.length, [0, 0, 0]]]); // point -> change per kind
  const at = (point) => {
    let e = events.get(point);
    if (!e) events.set(point, (e = [0, 0, 0]));
    return e;
  };
  for (const m of marks) {
    const start = at(m.start);
    const end = at(m.end);
    const k = KIND[m.type];
    if (k === undefined || !(m.end > m.start)) continue;
    start[k] += 1;
    end[k] -= 1;
  }
  const points = [...events.keys()].sort((a, b) => a - b);
  const count = [0, 0, 0];
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const change = events.get(a);
    for (let k = 0; k < 3; k++) count[k] += change[k];
    const positive = count[0] > 0;
    const negative = count[1] > 0;
    const types = [];
    if (positive || negative) types.push(positive && negative ? "mixed" : positive ? "positive" : "negative");
    if (count[2] > 0) types.push("focus");
    const last = pieces.at(-1);
    if (last && last.types.join() === types.join()) last.end = b;
    else pieces.push({ start: a, end: b, types });
  }
  return pieces;
}

/** The backdrop's nodes for the pieces: text nodes and `<mark>`s, never parsed markup. */
export function markNodes(doc, pieces, text) {
  const nodes = pieces.map(({ start, end, types }) => {
    const piece = text.slice(start, end);
    if (types.length === 0) return doc.createTextNode(piece);
    const mark = doc.createElement("mark");
    mark.className = ["empathy-mark", ...types.map((t) => `empathy-mark-${t}`)].join(" ");
    mark.textContent = piece;
    return mark;
  });
  // A trailing newline only makes a line in a textarea; give the backdrop's last line a body.
  nodes.push(doc.createTextNode(text.endsWith("\n") || text === "" ? " " : ""));
  return nodes;
}
