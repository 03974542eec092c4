// Small DOM helpers with no widget state.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an element with a class and, optionally, text (always as text, never markup). */
export function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

export function button(doc, className, text) {
  const node = el(doc, "button", className, text);
  node.type = "button";
  return node;
}

export function svgIcon(doc, path, fillRule) {
  const svg = doc.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("aria-hidden", "true");
  const p = doc.createElementNS(SVG_NS, "path");
  p.setAttribute("d", path);
  p.setAttribute("fill", "currentColor");
  if (fillRule) p.setAttribute("fill-rule", fillRule);
  svg.append(p);
  return svg;
}

/** Adds a class, recording how to restore the class attribute exactly. */
export function addClass(node, name, restore) {
  if (node.classList.contains(name)) return;
  const hadAttribute = node.hasAttribute("class");
  node.classList.add(name);
  restore.push(() => {
    node.classList.remove(name);
    if (!hadAttribute && node.getAttribute("class") === "") node.removeAttribute("class");
  });
}

/** Sets an attribute, recording how to restore its original value (or absence). */
export function setAttr(node, name, value, restore) {
  const original = node.getAttribute(name);
  node.setAttribute(name, value);
  restore.push(() => {
    if (original === null) node.removeAttribute(name);
    else node.setAttribute(name, original);
  });
}

export function joinIds(existing, id) {
  return existing ? `${existing} ${id}` : id;
}

export function reportHostError(win, err) {
  if (typeof win.reportError === "function") win.reportError(err);
  else win.setTimeout(() => { throw err; });
}

export function cssEscape(win, value) {
  return typeof win.CSS?.escape === "function" ? win.CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
}

/** requestIdleCallback where it exists (Safari lacks it), else a short timeout. */
export function requestIdle(win, callback, timeout) {
  if (typeof win.requestIdleCallback === "function") return { idle: win.requestIdleCallback(callback, { timeout }) };
  return { timer: win.setTimeout(callback, 0) };
}

export function cancelIdle(win, handle) {
  if ("idle" in handle) win.cancelIdleCallback(handle.idle);
  else win.clearTimeout(handle.timer);
}
