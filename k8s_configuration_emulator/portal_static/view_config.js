// A configuration: its source, kustomizations (table and dependency graph), deployed objects (failing ones first,
// with their error) and the resource as JSON (no secret: ARM returns none, and the page masks any left).
import {h, clear, append, badge, table, details, errorBox, time, link, COMPLIANCE_ORDER} from './dom.js';
import {API, get, clusterOf, sourceOf, isBusy, redact} from './api.js';
import {dependencyGraph} from './graph.js';

const REFRESH_MS = 2000;

function ready(status) {
  return (status.statusConditions || []).find((c) => c.type === 'Ready') || (status.statusConditions || [])[0] || {};
}

export function sortedStatuses(statuses) {
  const rank = (s) => { const i = COMPLIANCE_ORDER.indexOf(s.complianceState); return i < 0 ? 1 : i; };
  return [...statuses].sort((a, b) => rank(a) - rank(b));
}

function helmText(props) {
  if (!props) return '—';
  const chart = props.helmChartRef ? (props.helmChartRef.namespace || '') + '/' + (props.helmChartRef.name || '') : '';
  return ['revision ' + (props.lastRevisionApplied ?? '—'), chart ? 'chart ' + chart : null,
    'failures ' + (props.failureCount ?? 0), 'install failures ' + (props.installFailureCount ?? 0),
    'upgrade failures ' + (props.upgradeFailureCount ?? 0)].filter(Boolean).join(', ');
}

function objectRow(status) {
  const cond = ready(status);
  const failing = status.complianceState === 'Non-Compliant';
  return h('tr', {class: failing ? 'failing' : null, 'data-name': status.name},
    h('td', {}, status.kind), h('th', {scope: 'row'}, status.name), h('td', {}, status.namespace || '—'),
    h('td', {}, badge(status.complianceState)),
    h('td', {}, status.appliedBy ? (status.appliedBy.namespace ? status.appliedBy.namespace + '/' : '') +
      status.appliedBy.name : '—'),
    h('td', {}, time(cond.lastTransitionTime)),
    h('td', {class: failing ? 'message error-text' : 'message'}, cond.reason ? cond.reason + ': ' : '',
      cond.message || '—'),
    h('td', {}, helmText(status.helmReleaseProperties)));
}

function render(config) {
  const p = config.properties || {};
  const source = sourceOf(p);
  const kustomizations = p.kustomizations || {};
  const statuses = p.statuses || [];
  const kStates = {};
  for (const name of Object.keys(kustomizations)) {
    const st = statuses.find((s) => s.kind === 'Kustomization' && s.name === config.name + '-' + name);
    kStates[name] = st ? st.complianceState : null;
  }
  const block = source.block || {};
  return [
    h('h1', {}, 'Flux configuration ', config.name),
    h('p', {class: 'status-line'}, 'Compliance ', badge(p.complianceState), ' · Provisioning ',
      badge(p.provisioningState), ' · ', h('a', {href: '#/delete/' + encodeURIComponent(config.id)}, 'Delete')),
    p.errorMessage ? h('div', {class: 'error', role: 'alert'}, h('strong', {}, 'Error: '), p.errorMessage) : null,
    h('section', {'aria-labelledby': 'src-h'}, h('h2', {id: 'src-h'}, 'Source'),
      details([['Kind', source.kind], ['URL', h('span', {class: 'url'}, source.url)], ['Reference', source.ref],
        ['Namespace', p.namespace], ['Scope', p.scope],
        ['Sync interval', block.syncIntervalInSeconds ? block.syncIntervalInSeconds + ' s' : null],
        ['Timeout', block.timeoutInSeconds ? block.timeoutInSeconds + ' s' : null],
        block.httpsUser ? ['HTTPS user', block.httpsUser] : null,
        block.localAuthRef ? ['Local auth secret', block.localAuthRef] : null,
        block.sshKnownHosts ? ['SSH known hosts', 'set'] : null,
        p.repositoryPublicKey ? ['Deploy key (public)', h('span', {class: 'mono'}, p.repositoryPublicKey)] : null,
        ['Synced commit', h('span', {class: 'mono'}, p.sourceSyncedCommitId || '—')],
        ['Source updated', time(p.sourceUpdatedAt)], ['Status updated', time(p.statusUpdatedAt)],
        ['Suspended', p.suspend ? 'Yes' : 'No']])),
    h('section', {'aria-labelledby': 'k-h'}, h('h2', {id: 'k-h'}, 'Kustomizations'),
      Object.keys(kustomizations).length ? [
        table(Object.keys(kustomizations).length + ' kustomizations',
          ['Name', 'Path', 'Depends on', 'Prune', 'Force', 'Sync interval', 'Timeout', 'Compliance'],
          Object.entries(kustomizations).map(([name, k]) => h('tr', {'data-name': name},
            h('th', {scope: 'row'}, name), h('td', {}, k.path || './'), h('td', {}, (k.dependsOn || []).join(', ') || '—'),
            h('td', {}, k.prune ? 'Yes' : 'No'), h('td', {}, k.force ? 'Yes' : 'No'),
            h('td', {}, k.syncIntervalInSeconds ? k.syncIntervalInSeconds + ' s' : '—'),
            h('td', {}, k.timeoutInSeconds ? k.timeoutInSeconds + ' s' : '—'), h('td', {}, badge(kStates[name])))),
          {id: 'kustomizations-table'}),
        h('figure', {class: 'graph-wrap', tabindex: '0', 'aria-label': 'Dependency graph'}, dependencyGraph(kustomizations, kStates),
          h('figcaption', {}, 'Dependency graph (an arrow goes from a kustomization to the one that depends on it)')),
      ] : h('p', {}, 'No kustomizations.')),
    h('section', {'aria-labelledby': 'obj-h'}, h('h2', {id: 'obj-h'}, 'Deployed objects'),
      statuses.length ? table(statuses.length + ' objects (failing first)',
        ['Kind', 'Name', 'Namespace', 'Compliance', 'Applied by', 'Last applied', 'Message',
          'HelmRelease properties'], sortedStatuses(statuses).map(objectRow), {id: 'objects-table'})
        : h('p', {}, 'No objects reported yet.')),
    h('section', {'aria-labelledby': 'json-h'}, h('h2', {id: 'json-h'}, 'Resource JSON'),
      h('pre', {class: 'json', id: 'resource-json', tabindex: '0', 'aria-label': 'Resource JSON'},
        JSON.stringify(redact(config), null, 2))),
  ];
}

export async function configView(main, configId, {signal, crumbs}) {
  const clusterId = clusterOf(configId);
  const clusterName = clusterId.split('/').pop();
  const name = configId.split('/').pop();
  crumbs([['Clusters', '#/clusters'], [clusterName, '#/cluster/' + encodeURIComponent(clusterId)], [name, '']]);
  for (;;) {
    let config;
    try {
      config = await get(configId, API.flux);
    } catch (err) {
      if (signal.aborted) return;
      append(clear(main), h('h1', {}, 'Flux configuration ', name), errorBox(err),
        h('p', {}, link('#/cluster/' + encodeURIComponent(clusterId), 'Back to the cluster')));
      main.dataset.ready = 'true';
      return;
    }
    if (signal.aborted) return;
    const focused = document.activeElement && document.activeElement.id;
    append(clear(main), render(config));
    if (focused) { const el = document.getElementById(focused); if (el) el.focus({preventScroll: true}); }
    main.dataset.ready = 'true';
    const p = config.properties || {};
    if (!isBusy(p.provisioningState) && p.complianceState !== 'Pending') {
      main.dataset.settled = 'true';
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    if (signal.aborted) return;
  }
}
