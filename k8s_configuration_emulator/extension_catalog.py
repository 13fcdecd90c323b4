"""The extension types the emulated service offers: which versions, on which release train, in which location and
for which cluster type. Plain data and the questions asked of it; ``rp_extension_types`` serves it over ARM and
``rp_extensions`` installs its versions.

An entry::

    {"name": "microsoft.flux", "publisher": "Microsoft", "description": "...",
     "clusterTypes": ["connectedClusters", ...], "defaultScope": "cluster", "releaseNamespace": "flux-system",
     "multipleInstances": false, "managedIdentity": false, "system": false,
     "plan": {"publisherId": ..., "offerId": ..., "planId": ...} (marketplace types only),
     "versions": [{"version": "1.15.1", "trains": ["stable"], "locations": ["eastus", ...] (omitted: every location),
                   "clusterTypes": [...] (omitted: the type's), "unsupportedKubernetes": {"connectedCluster": [...]}}]}

Seed files add entries (or replace a built-in one of the same name) under "extensionTypes" (``seed.py``); they are
kept in the store, so the running server sees them at once.
"""
import copy

SETTING = "extension_type_catalog"
DEFAULT_TRAIN = "stable"
# a cluster type as extension types name it (plural, ARM's resource type) -> as their versions name it (the spec's
# ExtensionTypeVersionForReleaseTrain: supportedClusterTypes and the keys of unsupportedKubernetesVersions)
VERSION_CLUSTER_TYPES = {"connectedClusters": "connectedCluster", "managedClusters": "managedCluster",
                         "provisionedClusters": "provisionedCluster", "appliances": "appliances"}
ARC = ["connectedClusters", "provisionedClusters"]
ROLLING_OUT = ["eastus", "eastus2", "westus2", "westeurope", "northeurope", "uksouth"]  # not yet everywhere

BUILT_IN = [
    {"name": "microsoft.flux", "publisher": "Microsoft",
     "description": "Flux v2 for GitOps: source, kustomize, helm and notification controllers (image automation "
                    "on request).",
     "clusterTypes": ["connectedClusters", "managedClusters", "provisionedClusters"], "defaultScope": "cluster",
     "releaseNamespace": "flux-system", "multipleInstances": False, "managedIdentity": False,
     "versions": [
         {"version": "1.8.2", "trains": ["stable"],
          "unsupportedKubernetes": {"connectedCluster": [{"distributions": ["generic"],
                                                          "unsupportedVersions": [">=1.31"]}]}},
         {"version": "1.12.0", "trains": ["stable"]},
         {"version": "1.14.0", "trains": ["stable", "preview"]},
         {"version": "1.15.1", "trains": ["stable", "preview"]},
         {"version": "1.16.0", "trains": ["preview"], "locations": ROLLING_OUT,
          "clusterTypes": ["connectedClusters", "managedClusters"]},
     ]},
    {"name": "microsoft.dapr", "publisher": "Microsoft",
     "description": "Dapr, the distributed application runtime.",
     "clusterTypes": ["connectedClusters", "managedClusters"], "defaultScope": "cluster",
     "releaseNamespace": "dapr-system", "multipleInstances": False, "managedIdentity": False,
     "versions": [
         {"version": "1.13.6", "trains": ["stable"]},
         {"version": "1.14.4", "trains": ["stable"]},
         {"version": "1.15.0", "trains": ["preview"], "locations": ROLLING_OUT},
     ]},
    {"name": "microsoft.azuremonitor.containers", "publisher": "Microsoft",
     "description": "Container Insights: logs and metrics of the cluster's workloads to Azure Monitor.",
     "clusterTypes": ARC + ["appliances"], "defaultScope": "cluster", "releaseNamespace": "kube-system",
     "multipleInstances": False, "managedIdentity": True,
     "versions": [
         {"version": "3.1.21", "trains": ["stable"]},
         {"version": "3.1.22", "trains": ["stable"], "clusterTypes": ARC},
     ]},
    {"name": "microsoft.azurekeyvaultsecretsprovider", "publisher": "Microsoft",
     "description": "Azure Key Vault secrets, keys and certificates mounted through the Secrets Store CSI driver.",
     "clusterTypes": ARC, "defaultScope": "cluster", "releaseNamespace": "kube-system", "multipleInstances": False,
     "managedIdentity": False,
     "versions": [
         {"version": "1.5.6", "trains": ["stable"]},
         {"version": "1.6.0", "trains": ["stable", "preview"]},
     ]},
    {"name": "contoso.sampleapp", "publisher": "Contoso",
     "description": "A marketplace sample: installing it buys its plan (--plan-name/--plan-product/--plan-publisher).",
     "clusterTypes": ["managedClusters"], "defaultScope": "namespace", "releaseNamespace": None,
     "multipleInstances": True, "managedIdentity": False,
     "plan": {"publisherId": "contoso", "offerId": "sampleapp-offer", "planId": "standard"},
     "versions": [
         {"version": "2.0.0", "trains": ["stable"]},
         {"version": "2.1.0", "trains": ["stable"]},
     ]},
]


def entries(store):
    """Every extension type offered: the built-in ones, then those a seed added (same name: the seed's wins)."""
    by_name = {entry["name"].lower(): entry for entry in BUILT_IN}
    for entry in store.setting(SETTING, None) or []:
        by_name[entry["name"].lower()] = entry
    return list(by_name.values())


def add_entries(store, added):
    """Seed: add (or replace, by name) catalog entries."""
    kept = {entry["name"].lower(): entry for entry in store.setting(SETTING, None) or []}
    for entry in added:
        if not entry.get("name") or not isinstance(entry.get("versions"), list) \
                or not isinstance(entry.get("clusterTypes"), list):
            raise ValueError("an extension type needs a name, a list of clusterTypes and a list of versions")
        kept[entry["name"].lower()] = copy.deepcopy(entry)
    store.set_setting(SETTING, list(kept.values()))


def find(store, name):
    return next((entry for entry in entries(store) if entry["name"].lower() == (name or "").lower()), None)


def cluster_type_key(value):
    """'connectedClusters', 'connectedCluster', 'ConnectedClusters' ... -> 'connectedClusters' (None: unknown)."""
    wanted = (value or "").lower()
    for plural, singular in VERSION_CLUSTER_TYPES.items():
        if wanted in (plural.lower(), singular.lower()):
            return plural
    return None


def _same(a, b):
    return (a or "").lower() == (b or "").lower()


def offered(entry, location=None, cluster_type=None, train=None):
    """The entry's versions offered in ``location`` to ``cluster_type`` on release train ``train`` (None: any),
    oldest first."""
    found = []
    for version in entry["versions"]:
        if train is not None and not any(_same(train, t) for t in version.get("trains") or [DEFAULT_TRAIN]):
            continue
        if location is not None and version.get("locations") is not None \
                and not any(_same(location, place) for place in version["locations"]):
            continue
        if cluster_type is not None and cluster_type not in (version.get("clusterTypes") or entry["clusterTypes"]):
            continue
        found.append(version)
    return sorted(found, key=lambda v: version_key(v["version"]))


def version_key(text):
    """Order of version numbers: 1.8.2 < 1.12.0; a pre-release (1.16.0-rc.1) before its release."""
    core, _, pre = (text or "").lstrip("vV").partition("-")
    parts = []
    for part in core.split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return parts, (1, "") if not pre else (0, pre)


def major_of(text):
    return (text or "").lstrip("vV").split(".", 1)[0]


def latest(entry, train=DEFAULT_TRAIN, location=None, cluster_type=None):
    versions = offered(entry, location, cluster_type, train)
    return versions[-1]["version"] if versions else None


def matches_plan(entry, publisher_id=None, offer_id=None, plan_id=None):
    plan = entry.get("plan") or {}
    return all(wanted is None or _same(wanted, plan.get(key))
               for key, wanted in (("publisherId", publisher_id), ("offerId", offer_id), ("planId", plan_id)))


# -- the resources clients see (ExtensionType, ExtensionTypeVersionForReleaseTrain, API 2024-11-01-preview) ---------
TYPE = "Microsoft.KubernetesConfiguration/extensionTypes"


def type_body(entry, resource_id):
    properties = {
        "isSystemExtension": bool(entry.get("system")),
        "isManagedIdentityRequired": bool(entry.get("managedIdentity")),
        "description": entry.get("description"),
        "publisher": entry.get("publisher"),
        "supportedClusterTypes": list(entry["clusterTypes"]),
        "supportedScopes": {"defaultScope": entry.get("defaultScope") or "cluster"},
    }
    if entry.get("plan"):
        properties["planInfo"] = dict(entry["plan"])
    if properties["supportedScopes"]["defaultScope"] == "cluster" or entry.get("releaseNamespace"):
        properties["supportedScopes"]["clusterScopeSettings"] = {
            "id": resource_id + "/clusterScopeSettings/default", "name": "default",
            "type": TYPE + "/clusterScopeSettings",
            "properties": {"allowMultipleInstances": bool(entry.get("multipleInstances")),
                           "defaultReleaseNamespace": entry.get("releaseNamespace")}}
    return {"id": resource_id, "name": entry["name"], "type": TYPE, "properties": properties}


def version_body(entry, version, resource_id):
    cluster_types = version.get("clusterTypes") or entry["clusterTypes"]
    return {"id": resource_id, "name": version["version"], "type": TYPE + "/versions",
            "properties": {"version": version["version"],
                           "unsupportedKubernetesVersions": copy.deepcopy(version.get("unsupportedKubernetes") or {}),
                           "supportedClusterTypes": [VERSION_CLUSTER_TYPES[t] for t in cluster_types]}}
