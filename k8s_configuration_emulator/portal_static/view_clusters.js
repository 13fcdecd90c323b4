// Clusters: every cluster of the subscription, a page at a time (filter and pager, as the portal's lists do), in
// ARM's order; the
// microsoft.flux extension, configurations and overall compliance of the clusters shown, and counts by compliance
// state for everything in the emulator, filled in behind the first page.
import {h, clear, append, badge, table, worstCompliance, COMPLIANCE_ORDER, errorBox, announce} from './dom.js';
import {API, CLUSTER_TYPES, SUBSCRIPTION, arm, listAll, localPath, versioned, parseId, clusterTypeName, fluxPath,
  extensionsPath, fluxExtension} from './api.js';

const PAGE = 25;
const CONCURRENCY = 6;

async function pool(items, worker, signal) {
  let next = 0;
  const run = async () => {
    while (next < items.length && !(signal && signal.aborted)) await worker(items[next++]);
  };
  await Promise.all(Array.from({length: CONCURRENCY}, run));
}

export async function clustersView(main, _arg, {signal, crumbs}) {
  crumbs([['Clusters', '#/clusters']]);
  const configs = new Map(); // cluster id -> its flux configurations
  const extensions = new Map(); // cluster id -> its extensions
  const summary = h('section', {'aria-labelledby': 'summary-h', class: 'summary'},
    h('h2', {id: 'summary-h'}, 'Compliance across the emulator'), h('p', {}, 'Counting…'));
  const filter = h('input', {id: 'cluster-filter', type: 'search', autocomplete: 'off'});
  const pager = h('nav', {'aria-label': 'Cluster pages', class: 'pager'});
  const tableSlot = h('div');
  append(main, h('h1', {}, 'GitOps: clusters'), summary,
    h('div', {class: 'toolbar'}, h('label', {for: 'cluster-filter'}, 'Filter by name, resource group or location'),
      filter),
    tableSlot, pager);

  // ARM's pages of resources, in ARM's order: the first page of the table is drawn from the first of them, the
  // rest arrive behind it (the pager and the filter cover what has arrived)
  const clusters = [];
  let next = versioned('/subscriptions/' + SUBSCRIPTION + '/resources', API.resources);
  const more = async () => {
    const body = (await arm('GET', next)).body || {};
    clusters.push(...(body.value || []).filter((r) => CLUSTER_TYPES.includes((r.type || '').toLowerCase())));
    next = body.nextLink ? localPath(body.nextLink) : null;
  };
  try {
    do { await more(); } while (next && clusters.length < PAGE && !signal.aborted);
  } catch (err) {
    append(main, errorBox(err));
    main.dataset.ready = 'true';
    return;
  }
  if (signal.aborted) return;
  let page = 0;
  let shown = clusters;
  const matching = () => {
    const text = filter.value.trim().toLowerCase();
    shown = !text ? clusters : clusters.filter((c) => [c.name, parseId(c.id).resourceGroup, c.location]
      .some((v) => (v || '').toLowerCase().includes(text)));
  };

  async function load(cluster) {
    if (!configs.has(cluster.id)) configs.set(cluster.id, await listAll(fluxPath(cluster.id), API.flux).catch(() => null));
    if (!extensions.has(cluster.id)) {
      extensions.set(cluster.id, await listAll(extensionsPath(cluster.id), API.extensions).catch(() => null));
    }
  }

  function row(cluster) {
    const ids = parseId(cluster.id);
    const list = configs.get(cluster.id);
    const ext = extensions.has(cluster.id) && extensions.get(cluster.id) ? fluxExtension(extensions.get(cluster.id)) : null;
    const extProps = ext ? ext.properties || {} : null;
    const worst = list ? worstCompliance(list.map((c) => (c.properties || {}).complianceState)) : null;
    return h('tr', {},
      h('th', {scope: 'row'}, h('a', {href: '#/cluster/' + encodeURIComponent(cluster.id)}, cluster.name)),
      h('td', {}, ids.subscription), h('td', {}, ids.resourceGroup), h('td', {}, clusterTypeName(cluster.type)),
      h('td', {}, cluster.location),
      h('td', {}, !extensions.has(cluster.id) ? '…' : ext ? [badge(extProps.provisioningState), ' ',
        extProps.currentVersion || extProps.version || ''] : 'Not installed'),
      h('td', {class: 'num'}, list ? String(list.length) : '…'),
      h('td', {}, !list ? '…' : list.length ? badge(worst) : 'No configurations'));
  }

  function visible() {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(page, pages - 1);
    return shown.slice(page * PAGE, page * PAGE + PAGE);
  }

  function draw() {
    const rows = visible();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const total = shown.length + (next ? '+' : '');
    append(clear(tableSlot), table(
      'Clusters ' + (shown.length ? (page * PAGE + 1) + '–' + (page * PAGE + rows.length) : '0') + ' of ' + total +
        (shown !== clusters ? ' (filtered from ' + clusters.length + ')' : ''),
      ['Name', 'Subscription', 'Resource group', 'Type', 'Location', 'microsoft.flux', 'Configurations',
        'Compliance'], rows.map(row), {id: 'clusters-table'}));
    const focused = document.activeElement && document.activeElement.dataset.pager;
    append(clear(pager),
      h('button', {type: 'button', 'data-pager': 'previous', disabled: page === 0,
        onclick: () => { page--; render(); }}, 'Previous page'),
      h('span', {}, ' Page ' + (page + 1) + ' of ' + pages + (next ? '+' : '') + ' '),
      h('button', {type: 'button', 'data-pager': 'next', disabled: page >= pages - 1,
        onclick: () => { page++; render(); }}, 'Next page'));
    if (focused) {
      const again = pager.querySelector('[data-pager="' + focused + '"]');
      if (again && !again.disabled) again.focus();
    }
  }

  async function render() {
    main.removeAttribute('data-ready'); // until this page's clusters are drawn with their details
    draw();
    await pool(visible(), load, signal);
    if (!signal.aborted) {
      draw();
      main.dataset.ready = 'true';
    }
  }

  filter.addEventListener('input', () => {
    matching();
    page = 0;
    render();
  });

  await render();
  while (next && !signal.aborted) {
    try {
      await more();
    } catch (err) {
      append(main, errorBox(err));
      return;
    }
    matching();
    draw();
  }
  if (signal.aborted) return;
  announce(clusters.length + ' clusters');
  // then the whole emulator's counts, cluster by cluster, without holding up the table
  const countAll = async () => {
    let done = 0;
    const paint = () => {
      const counts = Object.fromEntries(COMPLIANCE_ORDER.map((s) => [s, 0]));
      let total = 0;
      for (const list of configs.values()) {
        for (const c of list || []) {
          const s = (c.properties || {}).complianceState || 'Unknown';
          counts[s] = (counts[s] || 0) + 1;
          total++;
        }
      }
      append(clear(summary), h('h2', {id: 'summary-h'}, 'Compliance across the emulator'),
        h('ul', {class: 'counts', id: 'compliance-counts'},
          h('li', {}, h('span', {class: 'count'}, String(clusters.length)), ' clusters'),
          h('li', {}, h('span', {class: 'count'}, String(total)), ' configurations'),
          Object.entries(counts).map(([s, n]) => h('li', {'data-state': s}, h('span', {class: 'count'}, String(n)), ' ',
            badge(s)))),
        done < clusters.length ? h('p', {class: 'muted'}, 'Counting… ' + done + ' of ' + clusters.length + ' clusters')
          : null);
      if (done >= clusters.length) summary.dataset.complete = 'true';
    };
    let last = 0;
    await pool(clusters, async (cluster) => {
      if (!configs.has(cluster.id)) configs.set(cluster.id, await listAll(fluxPath(cluster.id), API.flux).catch(() => null));
      done++;
      if (Date.now() - last > 250) { last = Date.now(); paint(); }
    }, signal);
    if (!signal.aborted) {
      paint();
      main.dataset.settled = 'true';
    }
  };
  countAll();
}
