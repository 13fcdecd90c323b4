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
fleet always gets the same states: ``Compliant``; ``Non-Compliant`` (the first kustomization depends on one that
does not exist: ``DependencyNotReady``, as the simulated status reports it); ``Suspended`` (``suspend: true``);
``Failed`` (provisioning failed, compliance ``Unknown``); ``Missing`` (no configuration at all on that cluster).
The records are the ones the RP would store once its operations had ended, an hour ago."""
import time

from .common import now_iso
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


def _configuration(cluster_id, spec, state, settled):
    name = spec["name"]
    rid = cluster_id + PROVIDER + "fluxConfigurations/" + name
    kustomizations = {}
    for index, (kname, kust) in enumerate((spec.get("kustomizations") or {"apps": {"path": "./"}}).items()):
        depends = list(kust.get("dependsOn") or [])
        if state == "Non-Compliant" and index == 0:
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
    position = 0
    for cluster_id in ids:
        rows.append(_extension(cluster_id, when))
        for spec in specs:
            state = state_at(position, spread)
            position += 1
            counts[state] = counts.get(state, 0) + 1
            if state != "Missing":
                rows.append(_configuration(cluster_id, spec, state, settled))
    store.put_many(rows)
    return counts
