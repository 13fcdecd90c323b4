// The page is a client of the emulator's ARM API, as Azure's portal is of ARM: every read and write below is an
// ARM request on the same routes az uses, authenticated by the session cookie and the CSRF token of this page.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
export const SUBSCRIPTION = document.querySelector('meta[name="subscription"]').content;
export const API = {flux: '2025-04-01', extensions: '2025-03-01', resources: '2021-04-01', cluster: '2024-01-01'};
export const FLUX_EXTENSION = 'microsoft.flux';
export const CLUSTER_TYPES = ['microsoft.kubernetes/connectedclusters', 'microsoft.containerservice/managedclusters',
  'microsoft.hybridcontainerservice/provisionedclusters', 'microsoft.resourceconnector/appliances'];
const TERMINAL = ['Succeeded', 'Failed', 'Canceled'];

export class ArmError extends Error {
  constructor(status, body, fallback) {
    const error = (body && (body.error || body)) || {};
    super(error.message || fallback || ('The request failed with HTTP ' + status + '.'));
    this.status = status;
    this.code = error.code || 'HTTP ' + status;
    this.details = Array.isArray(error.details) ? error.details : [];
  }
}

export function localPath(url) {
  const parsed = new URL(url, window.location.href);
  return parsed.pathname + parsed.search;
}

export function versioned(path, version) {
  return path + (path.includes('?') ? '&' : '?') + 'api-version=' + version;
}

export async function arm(method, path, body) {
  const headers = {'X-CSRF-Token': CSRF, 'Accept': 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const resp = await fetch(path, {method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await resp.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (_e) { json = null; }
  }
  if (resp.status === 401 && !headers.Authorization) {
    throw new ArmError(401, {error: {code: 'SessionEnded', message: 'Your portal session has ended (logged out, or ' +
      'the emulator restarted): open a new login link (python -m k8s_configuration_emulator portal-link ' +
      '--data-dir DIR).'}});
  }
  if (!resp.ok) throw new ArmError(resp.status, json, resp.status === 404 && !text ? 'Not found.' : null);
  return {status: resp.status, body: json, headers: resp.headers};
}

export async function get(path, version) {
  return (await arm('GET', versioned(path, version))).body;
}

export async function listAll(path, version) {
  let url = versioned(path, version);
  const items = [];
  while (url) {
    const page = (await arm('GET', url)).body || {};
    items.push(...(page.value || []));
    url = page.nextLink ? localPath(page.nextLink) : null;
  }
  return items;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Follow an ARM long-running operation (Azure-AsyncOperation, else Location) until it ends; onUpdate sees each
// status document. Transient answers (429, 5xx, a lost connection) are retried a few times, as az's SDK does.
export async function followOperation(resp, onUpdate, signal) {
  const target = resp.headers.get('Azure-AsyncOperation') || resp.headers.get('Location');
  if (!target) return {status: 'Succeeded'};
  const url = localPath(target);
  let retries = 0;
  let delay = Number(resp.headers.get('Retry-After') || 1);
  for (;;) {
    await sleep(Math.min(Math.max(delay, 0.5), 5) * 1000);
    if (signal && signal.aborted) return {status: 'Abandoned'};
    let answer;
    try {
      answer = await arm('GET', url);
    } catch (err) {
      if ((err.status === undefined || err.status === 429 || err.status >= 500) && retries++ < 5) continue;
      throw err;
    }
    retries = 0;
    const doc = answer.body || {};
    onUpdate(doc);
    if (TERMINAL.includes(doc.status)) return doc;
    delay = Number(answer.headers.get('Retry-After') || 1);
  }
}

export function parseId(id) {
  const parts = id.split('/').filter(Boolean);
  const at = (name) => {
    const i = parts.findIndex((p) => p.toLowerCase() === name.toLowerCase());
    return i >= 0 ? parts[i + 1] : null;
  };
  return {subscription: at('subscriptions'), resourceGroup: at('resourceGroups')};
}

export function clusterOf(configId) {
  return configId.split(/\/providers\/Microsoft\.KubernetesConfiguration\//i)[0];
}

export function clusterTypeName(type) {
  return (type || '').split('/').pop();
}

export const fluxPath = (clusterId) => clusterId + '/providers/Microsoft.KubernetesConfiguration/fluxConfigurations';
export const extensionsPath = (clusterId) => clusterId + '/providers/Microsoft.KubernetesConfiguration/extensions';

export function fluxExtension(extensions) {
  return extensions.find((e) => ((e.properties || {}).extensionType || '').toLowerCase() === FLUX_EXTENSION) || null;
}

export function isBusy(state) {
  return ['Creating', 'Updating', 'Deleting', 'Accepted', 'Running'].includes(state);
}

// The source block of a configuration, whatever its kind, and its reference in words.
export function sourceOf(props) {
  const kind = props.sourceKind || 'GitRepository';
  const block = {GitRepository: props.gitRepository, Bucket: props.bucket, AzureBlob: props.azureBlob,
    OCIRepository: props.ociRepository}[kind] || {};
  const ref = block.repositoryRef || block.ref || {};
  const refText = ['branch', 'tag', 'semver', 'commit', 'digest'].filter((k) => ref[k]).map((k) => k + ': ' + ref[k])
    .join(', ');
  return {kind, url: block.url || block.bucketName || block.containerName || '', ref: refText, block};
}

// Never show a secret: ARM returns none, and whatever might still look like one is masked here.
const SECRET_KEYS = /^(sshPrivateKey|httpsKey|bucketSecretKey|clientSecret|clientCertificate|clientCertificatePassword|accountKey|sasToken|privateKey|password)$/i;
export function redact(value, key) {
  if (key === 'configurationProtectedSettings' && value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).map((k) => [k, '<redacted>']));
  }
  if (key && SECRET_KEYS.test(key) && value !== null && value !== undefined) return '<redacted>';
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
