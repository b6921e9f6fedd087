// Building DOM nodes without ever parsing HTML: text goes in through textContent (or text nodes) and
// attributes through setAttribute, so a message, a name or a group name containing markup stays text.

/**
 * Creates an element. `props` may hold `class`, `text`, `on` (event name -> listener), `dataset`, and any
 * other attribute; `false`, `null` and `undefined` values are left out. Children are nodes or strings.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key === 'on') for (const [event, listener] of Object.entries(value)) element.addEventListener(event, listener);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'hidden') element.hidden = true;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** The element with this id. */
export function byId(id) {
  return document.getElementById(id);
}

/** Hours and minutes of an ISO time, or the date for an older one. */
export function shortTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const now = new Date();
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}
