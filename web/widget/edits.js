// Suggestions applied to the reply box as the engine planned them (SPEC §2.1 edit), as one
// edit the browser's own undo reverts.
import { rangeFromOffsets, textNodes } from "./highlights.js";

/** A suggestion's edit as SPEC §2.1 shapes it: replace draft[start, end) with text. */
export function isEdit(edit) {
  return edit != null && typeof edit.text === "string" && Number.isInteger(edit.start) &&
    Number.isInteger(edit.end) && edit.start >= 0 && edit.start <= edit.end;
}

/**
 * Replaces textarea[start, end) with `text` the way typing would: through
 * execCommand("insertText"), so the browser's native undo (Ctrl+Z) restores the draft
 * and an `input` event fires. Where execCommand does not edit textareas, falls back to
 * setRangeText (not undoable) and dispatches the input event itself.
 */
export function insertTextUndoable(textarea, start, end, text) {
  const before = textarea.value;
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(start, end);
  let done;
  try {
    done = textarea.ownerDocument.execCommand("insertText", false, text);
  } catch {
    done = false;
  }
  if (!done && textarea.value === before) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
  }
}

/**
 * The same for a contenteditable box: selects the textContent offsets [start, end) as a
 * DOM range and types `text` over it with execCommand("insertText"), which the browser's
 * undo stack records. Without execCommand, edits the DOM directly (not undoable).
 */
export function insertEditableUndoable(root, start, end, text) {
  const doc = root.ownerDocument;
  const before = root.textContent;
  root.focus({ preventScroll: true });
  const range = rangeFromOffsets(root, textNodes(root), start, end);
  const selection = doc.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  let done;
  try {
    done = doc.execCommand("insertText", false, text);
  } catch {
    done = false;
  }
  if (!done && root.textContent === before) {
    range.deleteContents();
    const node = doc.createTextNode(text);
    range.insertNode(node);
    selection.collapse(node, text.length);
    root.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
  }
}
