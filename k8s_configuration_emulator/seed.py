"""Seed files: clusters, resource groups, provider states and extension types to create before first use.

```json
{"resourceGroups": [{"name": "rg", "location": "eastus"}],
 "clusters": [{"resource_group": "rg", "name": "arc1", "cluster_type": "connectedClusters",
               "tags": {"env": "prod"}, "subscription": "11111111-1111-1111-1111-111111111111"},
              {"resource_group": "rg", "name": "aks-sp", "cluster_type": "managedClusters",
               "service_principal": true}],
 "providers": {"Microsoft.KubernetesConfiguration": "NotRegistered"},
 "extensionTypes": [{"name": "contoso.app", "publisher": "Contoso", "clusterTypes": ["connectedClusters"],
                     "versions": [{"version": "1.0.0", "trains": ["stable"]}]}],
 "settings": {"operation_seconds": 3}}
```
(``extensionTypes``: entries added to the catalog, or replacing a built-in one of the same name; see
``extension_catalog``; a cluster's ``subscription``, when not the emulator's own, is added to the tenant.)
"""
import json

from . import extension_catalog
from .clusters import add_cluster, ensure_resource_group
from .providers import canonical_namespace
from .subscriptions import add_subscription


def apply_seed(ctx, seed_file):
    with open(seed_file, encoding="utf-8") as f:
        seed = json.load(f)
    apply_seed_data(ctx.store, ctx.subscription_id, ctx.tenant_id, seed)
    for name, value in (seed.get("settings") or {}).items():
        ctx.set(name, value)


def apply_seed_data(store, subscription_id, tenant_id, seed):
    for rg in seed.get("resourceGroups", []):
        ensure_resource_group(store, subscription_id, rg["name"], rg.get("location", "eastus"))
    for c in seed.get("clusters", []):
        sub = add_subscription(store, c["subscription"]) if c.get("subscription") else subscription_id
        add_cluster(store, sub, tenant_id, c["resource_group"], c["name"],
                    c.get("cluster_type", "connectedClusters"), c.get("location", "eastus"),
                    bool(c.get("service_principal")), c.get("tags"))
    for namespace, state in (seed.get("providers") or {}).items():
        canonical = canonical_namespace(namespace)
        if canonical is None:
            raise ValueError("unknown provider namespace " + namespace)
        store.set_provider_state(canonical, state)
    if seed.get("extensionTypes"):
        extension_catalog.add_entries(store, seed["extensionTypes"])
