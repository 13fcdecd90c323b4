"""Fleet shapes: microsoft.flux and flux configurations written straight into the store on many clusters at once
(``add-clusters --flux-configuration SHAPE``, ``seed-fleet SHAPE``), with a realistic spread of compliance states.

```json
{"configurations": [{"name": "cluster-config", "namespace": "cluster-config",
                     "url": "https://github.com/Azure/gitops-flux2-kustomize-helm-mt", "branch": "main",
                     "kustomizations": {"infra": {"path": "./infrastructure"},
                                        "apps": {"path": "./apps/staging", "dependsOn": ["infra"]}}}],
 "spread": {"Compliant": 85, "Non-Compliant": 8, "Suspended": 3, "Failed": 2, "Missing": 2}}
```

``spread`` (percentages, by default all Compliant) gives each configuration its state from its position in the fleet
(``state_at``: positions are spread over the percentages, so any 100 in a row follow them exactly), so the same
fleet always gets the same states: ``Compliant``; ``Non-Compliant``, for one of five reasons in turn — the first
kustomization depends on one that does not exist (``DependencyNotReady``, from the simulated status), or, as a
finished reconciliation (the shape ``flux_real_status`` renders) would report: the source cannot be fetched
(``GitOperationFailed``, authentication required), a kustomization path is not in the repository
(``ArtifactFailed``), kustomize fails (``BuildFailed``), a HelmRelease does not get ready (``HealthCheckFailed``);
``Suspended`` (``suspend: true``); ``Failed`` (provisioning failed, compliance ``Unknown``); ``Missing`` (no
configuration at all on that cluster). The records are the ones the RP would store once its operations had ended,
an hour ago; updating one through ARM gives it the simulated status again."""
import time

from .common import now_iso
from .flux_reconcile import DONE
from .flux_status import source_revision, synced_commit_id
from .rp_extensions import FLUX_CONTROLLERS
from .rp_extensions import KIND as EXTENSION_KIND
from .rp_extensions import TYPE as EXTENSION_TYPE
from .rp_flux import KIND as FLUX_KIND
from .rp_flux import TYPE as FLUX_TYPE

STATES = ("Compliant", "Non-Compliant", "Suspended", "Failed", "Missing")
FLUX_VERSION = "1.15.1"
SETTLED_SECONDS_AGO = 3600
PROVIDER = "/providers/Microsoft.KubernetesConfiguration/"


def cluster_ids(store, prefix=None):
    ids = [record.body["id"] for _, record in store.list_kind("cluster")]
    return [i for i in ids if prefix is None or i.rsplit("/", 1)[1].startswith(prefix)]


def state_at(position, spread):
    """The state of the configuration at ``position`` (0, 1, ... over the clusters, then their configurations)
    under ``spread`` (percentages): positions visit the 100 percentiles in a scattered order (37 is prime to 100)."""
    point = position * 37 % 100 + 0.5
    total = 0.0
    for state in STATES:
        total += float(spread.get(state, 0))
        if point < total:
            return state
    return "Compliant"


def _extension(cluster_id, when):
    rid = cluster_id + PROVIDER + "extensions/flux"
    props = {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True, "autoUpgradeMode": "compatible",
             "releaseTrain": "Stable", "version": None,
             "scope": {"cluster": {"releaseNamespace": "flux-system"}}, "configurationSettings": {},
             "configurationProtectedSettings": {}, "currentVersion": FLUX_VERSION, "installedVersion": FLUX_VERSION,
             "provisioningState": "Succeeded", "errorInfo": None, "customLocationSettings": None,
             "packageUri": None, "isSystemExtension": False, "extensionState": "Enabled",
             "statuses": [{"code": c, "displayStatus": "Running", "level": "Information",
                           "message": "Deployment {} is running (1/1 replicas ready)".format(c), "time": when}
                          for c in FLUX_CONTROLLERS]}
    body = {"id": rid, "name": "flux", "type": EXTENSION_TYPE, "systemData": _system_data(when),
            "properties": props}
    return (rid, rid.rsplit("/", 1)[0], EXTENSION_KIND, body, {"configurationProtectedSettings": {}}, {})


FAILURES = ("DependencyNotReady", "GitOperationFailed", "ArtifactFailed", "BuildFailed", "HealthCheckFailed")


def _failure(kind, name, props, settled):
    """The meta of a finished reconciliation that failed for ``kind`` (None: the simulated DependencyNotReady)."""
    if kind == "DependencyNotReady":
        return None
    label, sha = source_revision(props)
    revision = synced_commit_id(label, sha)
    url = props["gitRepository"]["url"]
    names = list(props["kustomizations"])
    ok = {"state": "Compliant", "reason": "ReconciliationSucceeded", "message": "Applied revision: " + revision}
    results = {name: dict(ok) for name in names}
    source = {"ready": True, "revision": revision}
    first = props["kustomizations"][names[0]]["path"].lstrip("./") or "."
    if kind == "GitOperationFailed":
        source = {"ready": False, "reason": "GitOperationFailed",
                  "message": "failed to checkout and determine revision: unable to clone '{}': authentication "
                             "required".format(url)}
        results = {name: {"state": "Non-Compliant", "reason": "ArtifactFailed",
                          "message": "Source artifact not found, retrying in 30s"} for name in names}
    elif kind == "ArtifactFailed":
        results[names[0]] = {"state": "Non-Compliant", "reason": "ArtifactFailed",
                             "message": "kustomization path not found: stat /tmp/kustomization-2734/{}: no such "
                                        "file or directory".format(first)}
    elif kind == "BuildFailed":
        results[names[0]] = {"state": "Non-Compliant", "reason": "BuildFailed",
                             "message": "kustomize build failed: accumulating resources from 'deployment.yaml': "
                                        "missing metadata.name in object {apps/v1 Deployment}"}
    else:
        results[names[-1]] = {"state": "Non-Compliant", "reason": "HealthCheckFailed",
                              "message": "Health check failed after 10m0s: timeout waiting for: [HelmRelease/{}/"
                                         "podinfo status: 'InProgress']".format(props["namespace"])}
    for later in names[1:]:  # what depends on a failed kustomization waits for it
        depends = props["kustomizations"][later]["dependsOn"]
        failed = [d for d in depends if results.get(d, ok)["state"] != "Compliant"]
        if failed and results[later]["state"] == "Compliant":
            results[later] = {"state": "Non-Compliant", "reason": "DependencyNotReady",
                              "message": "dependency '{}/{}-{}' is not ready".format(props["namespace"], name,
                                                                                   failed[0])}
    return {"operation": "fleet-seed", "state": DONE, "at": now_iso(settled), "source": source,
            "kustomizations": results, "objects": []}


def _configuration(cluster_id, spec, state, settled, failure=None):
    name = spec["name"]
    rid = cluster_id + PROVIDER + "fluxConfigurations/" + name
    kustomizations = {}
    for index, (kname, kust) in enumerate((spec.get("kustomizations") or {"apps": {"path": "./"}}).items()):
        depends = list(kust.get("dependsOn") or [])
        if state == "Non-Compliant" and index == 0 and failure == "DependencyNotReady":
            depends.append("crds")  # a kustomization that does not exist: DependencyNotReady
        kustomizations[kname] = {"name": kname, "path": kust.get("path", ""), "dependsOn": depends,
                                 "timeoutInSeconds": 600, "syncIntervalInSeconds": 600,
                                 "retryIntervalInSeconds": None, "prune": bool(kust.get("prune")), "force": False,
                                 "wait": True}
    failed = state == "Failed"
    props = {"scope": spec.get("scope", "cluster"), "namespace": spec.get("namespace", name),
             "sourceKind": "GitRepository", "suspend": state == "Suspended",
             "gitRepository": {"url": spec.get("url", "https://github.com/Azure/gitops-flux2-kustomize-helm-mt"),
                               "repositoryRef": {"branch": spec.get("branch", "main"), "tag": None, "semver": None,
                                                 "commit": None},
                               "timeoutInSeconds": 600, "syncIntervalInSeconds": 600},
             "kustomizations": kustomizations, "repositoryPublicKey": None,
             "errorMessage": "Extension microsoft.flux is not ready on the cluster" if failed else None,
             "provisioningState": "Failed" if failed else "Succeeded"}
    body = {"id": rid, "name": name, "type": FLUX_TYPE, "systemData": _system_data(now_iso(settled)),
            "properties": props}
    meta = {"provisioned_at": None if failed else settled}
    if state == "Non-Compliant":
        reconcile = _failure(failure, name, props, settled)
        if reconcile is not None:
            meta["reconcile"] = reconcile
    return (rid, rid.rsplit("/", 1)[0], FLUX_KIND, body, {}, meta)


def _system_data(when):
    return {"createdBy": "fleet-seed", "createdByType": "Application", "createdAt": when,
            "lastModifiedBy": "fleet-seed", "lastModifiedByType": "Application", "lastModifiedAt": when}


def apply_shape(store, ids, shape):
    """Write microsoft.flux and the shape's configurations on every cluster of ``ids``; counts per state."""
    specs = shape.get("configurations") or []
    spread = shape.get("spread") or {"Compliant": 100}
    unknown = set(spread) - set(STATES)
    if unknown:
        raise ValueError("unknown state(s) in spread: {} (use {})".format(", ".join(sorted(unknown)),
                                                                          ", ".join(STATES)))
    settled = time.time() - SETTLED_SECONDS_AGO
    when = now_iso(settled)
    rows, counts = [], {}
    position, failures = 0, 0
    for cluster_id in ids:
        rows.append(_extension(cluster_id, when))
        for spec in specs:
            state = state_at(position, spread)
            position += 1
            counts[state] = counts.get(state, 0) + 1
            failure = None
            if state == "Non-Compliant":
                failure = FAILURES[failures % len(FAILURES)]
                failures += 1
            if state != "Missing":
                rows.append(_configuration(cluster_id, spec, state, settled, failure))
    store.put_many(rows)
    return counts
