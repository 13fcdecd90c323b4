// Building the page: elements from text only (never HTML strings), so a name or message carrying markup renders as
// text.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export const COMPLIANCE_ORDER = ['Non-Compliant', 'Unknown', 'Pending', 'Suspended', 'Compliant'];

export function worstCompliance(states) {
  let worst = null;
  for (const state of states) {
    const rank = COMPLIANCE_ORDER.indexOf(state);
    if (worst === null || (rank >= 0 && rank < COMPLIANCE_ORDER.indexOf(worst))) worst = state;
  }
  return worst;
}

export function badge(state) {
  const text = state || 'Unknown';
  const kind = {'Compliant': 'ok', 'Succeeded': 'ok', 'Non-Compliant': 'bad', 'Failed': 'bad', 'Canceled': 'bad',
    'Pending': 'busy', 'Creating': 'busy', 'Updating': 'busy', 'Deleting': 'busy', 'InProgress': 'busy',
    'Installed': 'ok'}[text] || 'neutral';
  return h('span', {class: 'badge badge-' + kind}, text);
}

export function table(caption, headers, rows, attrs) {
  // a region of its own, focusable, so that a table wider than a phone's screen scrolls with the keyboard too
  return h('div', {class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption},
    h('table', attrs || {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((head) => h('th', {scope: 'col'}, head)))),
      h('tbody', {}, rows)));
}

export function details(pairs) {
  return h('dl', {class: 'details'}, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term),
    h('dd', {}, value === null || value === undefined || value === '' ? '—' : value)]));
}

export function link(href, text) {
  return h('a', {href}, text);
}

export function announce(text) {
  const region = document.getElementById('announce');
  if (region) region.textContent = text;
}

export function errorBox(err) {
  return h('div', {class: 'error', role: 'alert'},
    h('strong', {}, err.code ? err.code + ': ' : 'Error: '), err.message || String(err),
    err.details && err.details.length ? h('ul', {}, err.details.map((d) => h('li', {},
      (d.target ? d.target + ': ' : '') + (d.message || d.code || '')))) : null);
}

export function time(text) {
  if (!text) return '—';
  const date = new Date(text);
  return isNaN(date) ? text : h('time', {datetime: text}, date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
}
