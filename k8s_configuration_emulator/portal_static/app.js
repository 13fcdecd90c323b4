// The GitOps page: a hash router over the views. Each view renders into <main> and stops its timers and requests
// when another one replaces it.
import {h, clear, append} from './dom.js';
import {clustersView} from './view_clusters.js';
import {clusterView} from './view_cluster.js';
import {configView} from './view_config.js';
import {createView} from './view_create.js';
import {deleteView} from './view_delete.js';

const ROUTES = [
  [/^#\/clusters$/, clustersView],
  [/^#\/cluster\/(.+)$/, clusterView],
  [/^#\/config\/(.+)$/, configView],
  [/^#\/create\/(.+)$/, createView],
  [/^#\/delete\/(.+)$/, deleteView],
];
let current = null;

function crumbs(items) {
  const list = clear(document.getElementById('crumbs'));
  items.forEach(([text, href], i) => append(list, h('li', {},
    i === items.length - 1 ? h('span', {'aria-current': 'page'}, text) : h('a', {href}, text))));
}

function route() {
  const hash = window.location.hash || '#/clusters';
  if (current) current.abort();
  current = new AbortController();
  const main = clear(document.getElementById('view'));
  main.removeAttribute('data-ready');
  main.removeAttribute('data-settled'); // set once the view has nothing more to load or refresh
  main.dataset.route = hash;
  for (const [pattern, view] of ROUTES) {
    const match = hash.match(pattern);
    if (match) {
      view(main, match[1] ? decodeURIComponent(match[1]) : null, {signal: current.signal, crumbs});
      main.focus({preventScroll: true});
      return;
    }
  }
  window.location.replace('#/clusters');
}

async function logout() {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  await fetch('logout', {method: 'POST', headers: {'X-CSRF-Token': csrf}, credentials: 'same-origin'});
  window.location.reload();
}

window.addEventListener('hashchange', route);
document.getElementById('logout').addEventListener('click', logout);
route();
