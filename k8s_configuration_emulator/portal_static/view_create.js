// Create a flux configuration with a git source, as the portal's form does: microsoft.flux is installed first when
// the cluster lacks it (as the portal and `az k8s-configuration flux create` do), then the configuration is PUT;
// each step's operation is followed until it ends. Secrets go only in configurationProtectedSettings, and the form
// (with what was typed into it) leaves the page once it is sent.
import {h, clear, append, errorBox, link} from './dom.js';
import {API, arm, get, versioned, listAll, extensionsPath, fluxPath, fluxExtension, isBusy} from './api.js';
import {Progress} from './progress.js';

const AUTH = [['public', 'Public repository'], ['https', 'HTTPS user and key'], ['ssh', 'SSH key and known hosts'],
  ['local', 'Secret in the cluster (local reference)']];
const REFS = [['branch', 'Branch'], ['tag', 'Tag'], ['semver', 'Semver range'], ['commit', 'Commit']];

function b64(text) {
  let binary = '';
  new TextEncoder().encode(text).forEach((byte) => { binary += String.fromCharCode(byte); });
  return btoa(binary);
}

function field(id, label, input, hint) {
  input.id = id;
  if (hint) input.setAttribute('aria-describedby', id + '-hint');
  return h('div', {class: 'field'}, h('label', {for: id}, label), input,
    hint ? h('small', {id: id + '-hint', class: 'muted'}, hint) : null);
}

let rowSeq = 0;
function kustomizationRow(tbody, values) {
  const n = ++rowSeq;
  const v = values || {};
  const cell = (label, input) => { input.setAttribute('aria-label', label + ' (kustomization row ' + n + ')'); return h('td', {}, input); };
  const tr = h('tr', {class: 'k-row'},
    cell('Name', h('input', {name: 'k-name', value: v.name || '', autocomplete: 'off'})),
    cell('Path', h('input', {name: 'k-path', value: v.path || '', placeholder: './', autocomplete: 'off'})),
    cell('Depends on', h('input', {name: 'k-depends', value: v.dependsOn || '', placeholder: 'infra, crds',
      autocomplete: 'off'})),
    cell('Prune', h('input', {name: 'k-prune', type: 'checkbox', checked: v.prune !== false})),
    cell('Sync interval in minutes', h('input', {name: 'k-interval', type: 'number', min: '1', value: v.interval || '10'})));
  tr.append(h('td', {}, h('button', {type: 'button', 'aria-label': 'Remove kustomization row ' + n,
    onclick: () => tr.remove()}, 'Remove')));
  tbody.append(tr);
  return tr;
}

export function readForm(form) {
  const val = (name) => (form.elements[name].value || '').trim();
  const props = {scope: val('scope'), namespace: val('namespace'), sourceKind: 'GitRepository'};
  const minutes = Number(val('interval') || 10);
  const git = {url: val('url'), syncIntervalInSeconds: minutes * 60, timeoutInSeconds: Number(val('timeout') || 10) * 60,
    repositoryRef: {[val('ref-kind')]: val('ref')}};
  const secrets = {};
  const auth = form.elements.auth.value;
  if (auth === 'https') {
    git.httpsUser = val('https-user');
    if (form.elements['https-key'].value) secrets.httpsKey = b64(form.elements['https-key'].value);
    if (val('https-ca')) git.httpsCACert = b64(val('https-ca') + '\n');
  } else if (auth === 'ssh') {
    if (form.elements['ssh-key'].value) secrets.sshPrivateKey = b64(form.elements['ssh-key'].value.trim() + '\n');
    if (val('known-hosts')) git.sshKnownHosts = b64(val('known-hosts') + '\n');
  } else if (auth === 'local') {
    git.localAuthRef = val('local-ref');
  }
  props.gitRepository = git;
  const kustomizations = {};
  for (const tr of form.querySelectorAll('tr.k-row')) {
    const get1 = (n) => tr.querySelector(`[name="${n}"]`);
    const name = get1('k-name').value.trim();
    if (!name) continue;
    kustomizations[name] = {path: get1('k-path').value.trim() || './',
      dependsOn: get1('k-depends').value.split(',').map((d) => d.trim()).filter(Boolean),
      prune: get1('k-prune').checked, syncIntervalInSeconds: Number(get1('k-interval').value || 10) * 60};
  }
  props.kustomizations = kustomizations;
  if (Object.keys(secrets).length) props.configurationProtectedSettings = secrets;
  return {name: val('name'), body: {properties: props}};
}

async function ensureFlux(cluster, progress, signal) {
  const exts = await listAll(extensionsPath(cluster.id), API.extensions);
  let ext = fluxExtension(exts);
  if (!ext) {
    const body = {properties: {extensionType: 'microsoft.flux', autoUpgradeMinorVersion: true}};
    if (!/managedclusters$/i.test(cluster.type)) body.identity = {type: 'SystemAssigned'};
    return progress.run("Install the 'microsoft.flux' extension", 'PUT',
      versioned(extensionsPath(cluster.id) + '/flux', API.extensions), body, signal);
  }
  if (isBusy((ext.properties || {}).provisioningState)) {
    const step = progress.step("Wait for the 'microsoft.flux' extension");
    while (isBusy((ext.properties || {}).provisioningState)) {
      step.set(ext.properties.provisioningState);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (signal.aborted) return false;
      ext = await get(ext.id, API.extensions);
    }
  }
  const state = (ext.properties || {}).provisioningState;
  if (state !== 'Succeeded') {
    const info = (ext.properties || {}).errorInfo || {};
    progress.step("The 'microsoft.flux' extension").fail({code: info.code || 'FluxExtensionNotReady',
      message: "The 'microsoft.flux' extension '" + ext.name + "' is " + state + '. ' + (info.message || '') +
        " Delete it (az k8s-extension delete -n " + ext.name + ') and create the configuration again.'});
    return false;
  }
  return true;
}

export async function createView(main, clusterId, {signal, crumbs}) {
  const clusterName = clusterId.split('/').pop();
  crumbs([['Clusters', '#/clusters'], [clusterName, '#/cluster/' + encodeURIComponent(clusterId)],
    ['Create', '']]);
  let cluster;
  try {
    cluster = await get(clusterId, API.cluster);
  } catch (err) {
    append(main, h('h1', {}, 'Create a GitOps configuration'), errorBox(err));
    main.dataset.ready = 'true';
    return;
  }
  const kbody = h('tbody');
  const authFields = {
    https: [field('https-user', 'HTTPS user', h('input', {name: 'https-user', autocomplete: 'off'})),
      field('https-key', 'HTTPS key (password or token)', h('input', {name: 'https-key', type: 'password',
        autocomplete: 'off'}), 'Sent as a protected setting: never shown again.'),
      field('https-ca', 'CA certificate of a private HTTPS server (PEM, optional)', h('textarea', {name: 'https-ca',
        rows: '2', spellcheck: 'false'}))],
    ssh: [field('ssh-key', 'SSH private key', h('textarea', {name: 'ssh-key', rows: '4', autocomplete: 'off',
      spellcheck: 'false'}), 'Sent as a protected setting: never shown again.'),
      field('known-hosts', 'known_hosts', h('textarea', {name: 'known-hosts', rows: '2', spellcheck: 'false'}),
        'The server\'s host key lines, as ssh-keyscan prints them.')],
    local: [field('local-ref', 'Secret name (in the configuration\'s namespace)', h('input', {name: 'local-ref'}))],
  };
  const authSlot = h('div');
  const showAuth = (kind) => append(clear(authSlot), ...(authFields[kind] || []));
  const form = h('form', {id: 'create-form', novalidate: true},
    h('fieldset', {}, h('legend', {}, 'Configuration'),
      field('name', 'Name', h('input', {name: 'name', required: true, autocomplete: 'off'})),
      field('namespace', 'Namespace', h('input', {name: 'namespace', value: 'default', required: true})),
      field('scope', 'Scope', h('select', {name: 'scope'}, h('option', {value: 'cluster'}, 'Cluster'),
        h('option', {value: 'namespace'}, 'Namespace'))),
      field('interval', 'Sync interval (minutes)', h('input', {name: 'interval', type: 'number', min: '1', value: '10'})),
      field('timeout', 'Sync timeout (minutes)', h('input', {name: 'timeout', type: 'number', min: '1', value: '10'}))),
    h('fieldset', {}, h('legend', {}, 'Git source'),
      field('url', 'Repository URL', h('input', {name: 'url', required: true, autocomplete: 'off',
        placeholder: 'https://github.com/org/repo'})),
      field('ref-kind', 'Reference type', h('select', {name: 'ref-kind'}, REFS.map(([v, t]) => h('option', {value: v}, t)))),
      field('ref', 'Reference', h('input', {name: 'ref', value: 'main', required: true, autocomplete: 'off'})),
      h('fieldset', {class: 'radios'}, h('legend', {}, 'Authentication'),
        AUTH.map(([value, text], i) => h('label', {class: 'radio'}, h('input', {type: 'radio', name: 'auth', value,
          checked: i === 0, onchange: () => showAuth(value)}), ' ', text))),
      authSlot),
    h('fieldset', {}, h('legend', {}, 'Kustomizations'),
      h('div', {class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Kustomizations to apply'},
        h('table', {id: 'k-rows'}, h('caption', {}, 'Kustomizations to apply'),
        h('thead', {}, h('tr', {}, ['Name', 'Path', 'Depends on', 'Prune', 'Interval (min)', ''].map((t) =>
          h('th', {scope: 'col'}, t)))), kbody)),
      h('button', {type: 'button', id: 'add-kustomization', onclick: () => kustomizationRow(kbody)
        .querySelector('input').focus()}, 'Add kustomization')),
    h('div', {id: 'form-error'}),
    h('p', {}, h('button', {type: 'submit', class: 'primary'}, 'Create'), ' ',
      link('#/cluster/' + encodeURIComponent(clusterId), 'Cancel')));
  kustomizationRow(kbody, {name: '', path: ''});
  append(main, h('h1', {}, 'Create a GitOps configuration on ', cluster.name), form);
  main.dataset.ready = 'true';
  main.dataset.settled = 'true';

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const {name, body} = readForm(form);
    const missing = [['name', name], ['url', body.properties.gitRepository.url],
      ['ref', Object.values(body.properties.gitRepository.repositoryRef)[0]]].filter(([, v]) => !v);
    if (missing.length) {
      append(clear(form.querySelector('#form-error')), errorBox({code: 'Required',
        message: 'Fill in: ' + missing.map(([f]) => form.querySelector('label[for="' + f + '"]').textContent).join(', ')}));
      form.elements[missing[0][0]].focus();
      return;
    }
    const path = fluxPath(cluster.id) + '/' + encodeURIComponent(name);
    try {
      await arm('GET', versioned(path, API.flux));
      append(clear(form.querySelector('#form-error')), errorBox({code: 'AlreadyExists',
        message: "A flux configuration named '" + name + "' already exists on this cluster."}));
      form.elements.name.focus();
      return;
    } catch (err) {
      if (err.status !== 404) {
        append(clear(form.querySelector('#form-error')), errorBox(err));
        return;
      }
    }
    form.querySelectorAll('input[type=password], textarea[name=ssh-key]').forEach((el) => { el.value = ''; });
    form.remove();
    const progress = new Progress("Creating '" + name + "'");
    main.append(progress.el);
    progress.el.querySelector('h2').focus();
    const back = link('#/cluster/' + encodeURIComponent(cluster.id), 'Back to the cluster');
    if (!(await ensureFlux(cluster, progress, signal))) {
      progress.finish(h('p', {}, back));
      return;
    }
    const ok = await progress.run("Create the flux configuration '" + name + "'", 'PUT', versioned(path, API.flux),
      body, signal);
    const configId = cluster.id + '/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/' + name;
    progress.finish(h('p', {}, ok ? [link('#/config/' + encodeURIComponent(configId), 'Open ' + name), ' · '] : null,
      back));
    const done = progress.outcome.querySelector('a');
    if (done) done.focus();
  });
}
