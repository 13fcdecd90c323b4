"""Apply what a real reconciliation built to the simulated cluster, as Flux's controllers would.

The flux agent creates the configuration's namespace, its source object and one Kustomization per kustomization
(``{configuration}-{kustomization}``); a kustomization the configuration no longer has is deleted, with what it
applied (prune on) or without (prune off). Then kustomize-controller applies in dependsOn order: a kustomization
starts once everything it depends on is Ready; the ones that can start together apply side by side, so one of
them cannot use a namespace that another one of the same round creates (Flux: ``namespaces "x" not found``).
A kustomization is Ready when its build succeeded, its objects applied and — unless ``wait`` is off — its
HelmReleases became ready (flux_objects). What does not start says which dependency is not ready.

Pure logic on plain data and an Inventory; nothing here fetches, builds or touches the store.
"""
from . import flux_objects
from .cluster_inventory import AGENT, owner_key

COMPLIANT, NON_COMPLIANT = "Compliant", "Non-Compliant"
SOURCE_NOT_READY = "Source artifact not found, retrying in 30s"


class KustomizationOutcome:
    def __init__(self, state, reason, message):
        self.state, self.reason, self.message = state, reason, message

    def to_dict(self):
        return {"state": self.state, "reason": self.reason, "message": self.message}


def apply_configuration(inventory, configuration, kustomizations, outcome):
    """configuration: {"id", "name", "namespace", "source_kind"}; kustomizations: [{"name", "depends_on", "prune",
    "wait"}] in the configuration's order; outcome: flux_fetch_build's result ({"source": {...}, "builds": {...}}).
    Returns {kustomization name: KustomizationOutcome}."""
    name, namespace, config_id = configuration["name"], configuration["namespace"], configuration["id"]
    inventory.ensure_namespace(namespace)
    agent_objects = [_object("source.toolkit.fluxcd.io/v1", configuration["source_kind"], namespace, name)]
    agent_objects += [_object("kustomize.toolkit.fluxcd.io/v1", "Kustomization", namespace, f"{name}-{k['name']}")
                      for k in kustomizations]
    inventory.apply(owner_key(config_id, AGENT), None, agent_objects, prune=True)
    wanted = {owner_key(config_id, k["name"]) for k in kustomizations}
    for owner in inventory.owners_of(config_id):
        if owner not in wanted and owner != owner_key(config_id, AGENT):
            inventory.release(owner)
    if not outcome["source"]["ready"]:
        return {k["name"]: KustomizationOutcome(NON_COMPLIANT, "ArtifactFailed", SOURCE_NOT_READY)
                for k in kustomizations}
    revision = outcome["source"]["revision"]
    results, ready, waiting = {}, set(), list(kustomizations)
    while True:
        round_ = [k for k in waiting if all(d in ready for d in k["depends_on"])]
        if not round_:
            break
        existing = inventory.namespaces()
        applied = []
        for kust in round_:
            waiting.remove(kust)
            result = _apply_one(inventory, configuration, kust, outcome["builds"].get(kust["name"]), existing)
            if result is None:
                applied.append(kust)
            else:
                results[kust["name"]] = result
        for kust in applied:  # health checks once the round has applied
            results[kust["name"]] = _health(inventory, configuration, kust, revision)
            if results[kust["name"]].state == COMPLIANT:
                ready.add(kust["name"])
    for kust in waiting:
        missing = next(d for d in kust["depends_on"] if d not in ready)
        results[kust["name"]] = KustomizationOutcome(
            NON_COMPLIANT, "DependencyNotReady", f"dependency '{namespace}/{name}-{missing}' is not ready")
    return {k["name"]: results[k["name"]] for k in kustomizations}


def _apply_one(inventory, configuration, kust, build, existing):
    """None when applied, else the failure."""
    if build is None or not build["ok"]:
        build = build or {"reason": "BuildFailed", "message": "kustomize build failed: nothing was built"}
        return KustomizationOutcome(NON_COMPLIANT, build["reason"], build["message"])
    own = {o["name"] for o in build["objects"] if o["kind"] == "Namespace" and not o.get("namespace")}
    for obj in build["objects"]:
        ns = obj.get("namespace")
        if ns and ns not in existing and ns not in own:
            return KustomizationOutcome(NON_COMPLIANT, "ReconciliationFailed",
                                        f"{obj['kind']}/{ns}/{obj['name']} dry-run failed: namespaces \"{ns}\" not "
                                        "found")
    inventory.apply(owner_key(configuration["id"], kust["name"]), applied_by(configuration, kust["name"]),
                    build["objects"], kust["prune"])
    return None


def _health(inventory, configuration, kust, revision):
    if kust.get("wait", True):
        for entry in inventory.owned(owner_key(configuration["id"], kust["name"])):
            if entry["kind"] == flux_objects.HELM_RELEASE and flux_objects.is_flux_object(entry):
                ok, _problem = flux_objects.release_ready(entry, inventory)
                if not ok:
                    return KustomizationOutcome(
                        NON_COMPLIANT, "HealthCheckFailed", "Health check failed after 10m0s: timeout waiting for: "
                        f"[HelmRelease/{entry.get('namespace')}/{entry['name']} status: 'Failed']")
    return KustomizationOutcome(COMPLIANT, "ReconciliationSucceeded", f"Applied revision: {revision}")


def applied_by(configuration, kustomization):
    """The Kustomization object that applies a kustomization's objects: "<namespace>/<config>-<kustomization>"."""
    return "{}/{}-{}".format(configuration["namespace"], configuration["name"], kustomization)


def owned_flux_objects(inventory, configuration, kustomizations):
    """Inventory entries the configuration's kustomizations applied, in the configuration's order."""
    entries = []
    for kust in kustomizations:
        entries.extend(inventory.owned(owner_key(configuration["id"], kust["name"])))
    return entries


def prune_configuration(inventory, configuration_id):
    """The configuration was deleted: the agent deletes its Kustomizations, the last applied first (their objects go
    when prune is on), then its own objects (source, Kustomizations). The configuration's namespace stays."""
    agent = owner_key(configuration_id, AGENT)
    for owner in reversed(list(inventory.owners_of(configuration_id))):
        if owner != agent:
            inventory.release(owner)
    inventory.release(agent)


def _object(api_version, kind, namespace, name):
    return {"apiVersion": api_version, "kind": kind, "namespace": namespace, "name": name, "digest": None,
            "facts": None}
