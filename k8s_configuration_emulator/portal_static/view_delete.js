// Delete a configuration: confirmed by typing its name; says what prune removes (the objects of kustomizations with
// prune on) and what stays; then follows the DELETE's operation.
import {h, append, errorBox, link} from './dom.js';
import {API, get, versioned, clusterOf} from './api.js';
import {Progress} from './progress.js';

export async function deleteView(main, configId, {signal, crumbs}) {
  const clusterId = clusterOf(configId);
  const name = configId.split('/').pop();
  crumbs([['Clusters', '#/clusters'], [clusterId.split('/').pop(), '#/cluster/' + encodeURIComponent(clusterId)],
    [name, '#/config/' + encodeURIComponent(configId)], ['Delete', '']]);
  let config;
  try {
    config = await get(configId, API.flux);
  } catch (err) {
    append(main, h('h1', {}, 'Delete ', name), errorBox(err));
    main.dataset.ready = 'true';
    return;
  }
  const p = config.properties || {};
  const kustomizations = Object.entries(p.kustomizations || {});
  const objectsOf = (k) => (p.statuses || []).filter((s) => s.appliedBy && s.appliedBy.name === config.name + '-' + k)
    .map((s) => s.kind + ' ' + (s.namespace ? s.namespace + '/' : '') + s.name);
  const pruned = kustomizations.filter(([, k]) => k.prune);
  const kept = kustomizations.filter(([, k]) => !k.prune);
  const confirmInput = h('input', {id: 'confirm-name', autocomplete: 'off', spellcheck: 'false'});
  const button = h('button', {type: 'submit', class: 'danger', disabled: true}, 'Delete');
  const form = h('form', {id: 'delete-form'},
    h('div', {class: 'field'}, h('label', {for: 'confirm-name'}, 'Type the configuration\'s name (', h('strong', {},
      config.name), ') to confirm'), confirmInput),
    h('p', {}, button, ' ', link('#/config/' + encodeURIComponent(configId), 'Cancel')));
  confirmInput.addEventListener('input', () => { button.disabled = confirmInput.value !== config.name; });
  append(main, h('h1', {}, 'Delete the flux configuration ', config.name),
    h('section', {'aria-labelledby': 'prune-h', id: 'prune-summary'}, h('h2', {id: 'prune-h'}, 'What this removes'),
      h('p', {}, 'The configuration, its source object and its Kustomizations are removed from the cluster.'),
      pruned.length ? [h('p', {}, 'Prune is on for these kustomizations: what they applied is deleted from the cluster:'),
        h('ul', {}, pruned.map(([k, v]) => h('li', {}, h('strong', {}, k), ' (', v.path || './', ')',
          objectsOf(k).length ? [': ', objectsOf(k).join(', ')] : '')))] : null,
      kept.length ? [h('p', {}, 'Prune is off for these kustomizations: what they applied stays in the cluster:'),
        h('ul', {}, kept.map(([k, v]) => h('li', {}, h('strong', {}, k), ' (', v.path || './', ')')))] : null,
      !kustomizations.length ? h('p', {}, 'It has no kustomizations: nothing else is removed.') : null),
    form);
  main.dataset.ready = 'true';
  main.dataset.settled = 'true';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (confirmInput.value !== config.name) return;
    form.remove();
    const progress = new Progress("Deleting '" + config.name + "'");
    main.append(progress.el);
    progress.el.querySelector('h2').focus();
    const ok = await progress.run("Delete the flux configuration '" + config.name + "'", 'DELETE',
      versioned(configId, API.flux), undefined, signal);
    progress.finish(h('p', {}, ok ? 'Deleted. ' : '', link('#/cluster/' + encodeURIComponent(clusterId),
      'Back to the cluster')));
    const back = progress.outcome.querySelector('a');
    if (back) back.focus();
  });
}
