// A cluster's GitOps view: its flux configurations and its microsoft.flux extension. While anything on it is being
// created, updated or deleted, or a configuration is still Pending, the lists are read again every few seconds.
import {h, clear, append, badge, table, details, errorBox, time, link} from './dom.js';
import {API, get, listAll, parseId, clusterTypeName, fluxPath, extensionsPath, fluxExtension, sourceOf, isBusy}
  from './api.js';

const REFRESH_MS = 2000;

export function configRow(config) {
  const p = config.properties || {};
  const source = sourceOf(p);
  return h('tr', {'data-name': config.name},
    h('th', {scope: 'row'}, link('#/config/' + encodeURIComponent(config.id), config.name)),
    h('td', {}, p.namespace), h('td', {}, p.scope), h('td', {}, source.kind),
    h('td', {class: 'url'}, source.url), h('td', {}, source.ref),
    h('td', {}, badge(p.complianceState)), h('td', {}, badge(p.provisioningState)),
    h('td', {}, time(p.statusUpdatedAt || p.sourceUpdatedAt)), h('td', {class: 'mono'}, p.sourceSyncedCommitId || '—'),
    h('td', {}, h('a', {href: '#/delete/' + encodeURIComponent(config.id),
      'aria-label': 'Delete ' + config.name}, 'Delete')));
}

export function extensionSection(ext) {
  if (!ext) {
    return h('section', {'aria-labelledby': 'ext-h'}, h('h2', {id: 'ext-h'}, 'microsoft.flux extension'),
      h('p', {}, 'Not installed: creating a configuration installs it first.'));
  }
  const p = ext.properties || {};
  const settings = Object.entries(p.configurationSettings || {});
  const protectedKeys = Object.keys(p.configurationProtectedSettings || {});
  return h('section', {'aria-labelledby': 'ext-h'}, h('h2', {id: 'ext-h'}, 'microsoft.flux extension'),
    details([['Name', ext.name], ['State', badge(p.provisioningState)],
      ['Version', p.currentVersion || p.version], ['Release train', p.releaseTrain],
      ['Auto-upgrade minor version', p.autoUpgradeMinorVersion ? 'Yes' : 'No'],
      ['Release namespace', ((p.scope || {}).cluster || {}).releaseNamespace],
      p.errorInfo ? ['Error', (p.errorInfo.code || '') + ': ' + (p.errorInfo.message || '')] : null,
      ['Protected settings', protectedKeys.length ? protectedKeys.join(', ') + ' (values never shown)'
        : 'None returned (write-only: the service never returns their values)']]),
    settings.length ? table('Configuration settings', ['Setting', 'Value'],
      settings.map(([k, v]) => h('tr', {}, h('th', {scope: 'row'}, k), h('td', {}, String(v)))))
      : h('p', {}, 'No configuration settings.'));
}

export async function clusterView(main, clusterId, {signal, crumbs}) {
  let cluster;
  try {
    cluster = await get(clusterId, API.cluster);
  } catch (err) {
    crumbs([['Clusters', '#/clusters'], ['Cluster', '']]);
    append(main, h('h1', {}, 'Cluster'), errorBox(err));
    main.dataset.ready = 'true';
    return;
  }
  crumbs([['Clusters', '#/clusters'], [cluster.name, '']]);
  const ids = parseId(cluster.id);
  const body = h('div');
  append(main, h('h1', {}, 'GitOps on ', cluster.name),
    details([['Subscription', ids.subscription], ['Resource group', ids.resourceGroup],
      ['Type', clusterTypeName(cluster.type)], ['Location', cluster.location]]),
    h('p', {}, h('a', {href: '#/create/' + encodeURIComponent(cluster.id), class: 'button'},
      'Create a GitOps configuration')),
    body);

  for (;;) {
    let configs;
    let ext;
    try {
      [configs, ext] = await Promise.all([listAll(fluxPath(cluster.id), API.flux),
        listAll(extensionsPath(cluster.id), API.extensions).then(fluxExtension)]);
    } catch (err) {
      append(clear(body), errorBox(err));
      main.dataset.ready = 'true';
      return;
    }
    if (signal.aborted) return;
    append(clear(body), 
      h('section', {'aria-labelledby': 'configs-h'}, h('h2', {id: 'configs-h'}, 'Flux configurations'),
        configs.length ? table(configs.length + ' configuration' + (configs.length === 1 ? '' : 's'),
          ['Name', 'Namespace', 'Scope', 'Source kind', 'URL', 'Reference', 'Compliance', 'Provisioning',
            'Last sync', 'Synced commit', 'Actions'], configs.map(configRow), {id: 'configs-table'})
          : h('p', {}, 'No flux configurations on this cluster.')),
      extensionSection(ext));
    main.dataset.ready = 'true';
    const busy = configs.some((c) => isBusy((c.properties || {}).provisioningState) ||
      (c.properties || {}).complianceState === 'Pending') || (ext && isBusy((ext.properties || {}).provisioningState));
    if (!busy) {
      main.dataset.settled = 'true';
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    if (signal.aborted) return;
  }
}
