"""Cluster resources (the parents of the KubernetesConfiguration resources), created by the emulator's
CLI, the admin API or a seed file — never by ARM clients."""
from .common import stable_guid
from .providers import CLUSTER_TYPES

LOCATION = "eastus"


def rg_id(subscription_id, rg):
    return "/subscriptions/{}/resourceGroups/{}".format(subscription_id, rg)


def resource_group_of(resource_id):
    """The resource group named in a resource id (/subscriptions/{s}/resourceGroups/{rg}/...)."""
    return resource_id.split("/")[4]


def resource_group_body(subscription_id, rg, location=LOCATION, tags=None):
    return {"id": rg_id(subscription_id, rg), "name": rg, "type": "Microsoft.Resources/resourceGroups",
            "location": location, "tags": tags or {}, "properties": {"provisioningState": "Succeeded"}}


def ensure_resource_group(store, subscription_id, rg, location=LOCATION):
    rid = rg_id(subscription_id, rg)
    record = store.get(rid)
    if record is None:
        store.put(rid, "/subscriptions/{}/resourcegroups".format(subscription_id), "resourceGroup",
                  resource_group_body(subscription_id, rg, location))
        return rg
    return record.body["name"]


def cluster_id(subscription_id, rg, cluster_type, name):
    namespace, type_name = CLUSTER_TYPES[cluster_type.lower()]
    return "{}/providers/{}/{}/{}".format(rg_id(subscription_id, rg), namespace, type_name, name)


def cluster_body(subscription_id, tenant_id, rg, cluster_type, name, location=LOCATION, service_principal=False,
                 tags=None):
    namespace, type_name = CLUSTER_TYPES[cluster_type.lower()]
    rid = cluster_id(subscription_id, rg, cluster_type, name)
    identity = {"type": "SystemAssigned", "principalId": stable_guid(rid, "principal"), "tenantId": tenant_id}
    body = {"id": rid, "name": name, "type": "{}/{}".format(namespace, type_name), "location": location,
            "tags": dict(tags or {})}
    if type_name == "connectedClusters":
        body["identity"] = identity
        body["properties"] = {
            "provisioningState": "Succeeded", "connectivityStatus": "Connected", "kubernetesVersion": "1.30.4",
            "totalNodeCount": 3, "totalCoreCount": 12, "agentVersion": "1.21.10", "distribution": "k3s",
            "infrastructure": "generic", "agentPublicKeyCertificate": "",
        }
    elif type_name == "managedClusters":
        body["sku"] = {"name": "Base", "tier": "Free"}
        body["properties"] = {
            "provisioningState": "Succeeded", "powerState": {"code": "Running"}, "kubernetesVersion": "1.30.4",
            "currentKubernetesVersion": "1.30.4", "dnsPrefix": name[:40] + "-dns",
            "fqdn": "{}-dns.hcp.{}.azmk8s.io".format(name[:40], location),
            "nodeResourceGroup": "MC_{}_{}_{}".format(rg, name, location),
            "agentPoolProfiles": [{"name": "nodepool1", "count": 3, "vmSize": "Standard_DS2_v2", "mode": "System",
                                   "osType": "Linux"}],
        }
        if service_principal:
            body["properties"]["servicePrincipalProfile"] = {"clientId": stable_guid(rid, "sp")}
        else:
            body["identity"] = identity
            body["properties"]["servicePrincipalProfile"] = {"clientId": "msi"}
            body["properties"]["identityProfile"] = {"kubeletidentity": {
                "clientId": stable_guid(rid, "kubelet-client"), "objectId": stable_guid(rid, "kubelet-object"),
                "resourceId": "/subscriptions/{}/resourcegroups/MC_{}_{}_{}/providers/Microsoft.ManagedIdentity/"
                              "userAssignedIdentities/{}-agentpool".format(subscription_id, rg, name, location, name)}}
    elif type_name == "provisionedClusters":
        body["identity"] = identity
        body["extendedLocation"] = {"type": "CustomLocation",
                                    "name": "{}/providers/Microsoft.ExtendedLocation/customLocations/cl"
                                    .format(rg_id(subscription_id, rg))}
        body["properties"] = {"provisioningState": "Succeeded", "kubernetesVersion": "1.30.4",
                              "status": {"currentState": "Succeeded"}}
    else:  # appliances
        body["identity"] = identity
        body["properties"] = {"provisioningState": "Succeeded", "status": "Running", "distro": "AKSEdge",
                              "infrastructureConfig": {"provider": "VMWare"}, "version": "1.0.18"}
    return body


def _check_type(cluster_type):
    if cluster_type.lower() not in CLUSTER_TYPES:
        raise ValueError("unknown cluster type {!r}; use one of {}".format(
            cluster_type, ", ".join(t for _, t in CLUSTER_TYPES.values())))


def add_cluster(store, subscription_id, tenant_id, rg, name, cluster_type="connectedClusters",
                location=LOCATION, service_principal=False, tags=None):
    _check_type(cluster_type)
    rg = ensure_resource_group(store, subscription_id, rg, location)
    body = cluster_body(subscription_id, tenant_id, rg, cluster_type, name, location, service_principal, tags)
    rid = body["id"]
    store.put(rid, rid.rsplit("/", 1)[0], "cluster", body)
    return body


def fleet_names(prefix, count):
    """PREFIX-0001 ... PREFIX-N (at least four digits, so that names sort in creation order)."""
    width = max(4, len(str(count)))
    return ["{}-{:0{}d}".format(prefix, i, width) for i in range(1, count + 1)]


def add_clusters(store, subscription_id, tenant_id, rg, prefix, count, cluster_type="connectedClusters",
                 location=LOCATION, tags=None):
    """A fleet in one transaction: PREFIX-0001 ... PREFIX-N; their ids."""
    _check_type(cluster_type)
    rg = ensure_resource_group(store, subscription_id, rg, location)
    rows = []
    for name in fleet_names(prefix, count):
        body = cluster_body(subscription_id, tenant_id, rg, cluster_type, name, location, False, tags)
        rows.append((body["id"], body["id"].rsplit("/", 1)[0], "cluster", body))
    store.put_many(rows)
    return [row[0] for row in rows]
