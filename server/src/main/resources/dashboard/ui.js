// Small DOM helpers shared by the pages.

/** el('div', {class: 'x', dataset: {testid: 'y'}}, child, 'text', ...) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function loading(text = 'Loading…') {
  return el('p', { class: 'status', dataset: { testid: 'loading' } }, text);
}

export function empty(text) {
  return el('p', { class: 'status empty', dataset: { testid: 'empty' } }, text);
}

export function failure(error) {
  return el('div', { class: 'status error', role: 'alert', dataset: { testid: 'error' } },
    el('strong', {}, 'Could not load this: '), error && error.message ? error.message : String(error));
}

/** Replaces a container's content with the result of an async render, showing loading and error states. */
export async function fill(container, render, isCurrent = () => true) {
  container.replaceChildren(loading());
  try {
    const content = await render();
    if (isCurrent()) container.replaceChildren(...[content].flat().filter(Boolean));
  } catch (error) {
    if (isCurrent()) container.replaceChildren(failure(error));
    throw error;
  }
}

export function card(title, ...children) {
  return el('section', { class: 'card' }, title ? el('h2', {}, title) : null, ...children);
}
