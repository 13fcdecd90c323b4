"""The resource providers the emulator knows: namespaces, resource types and their api-versions."""

LOCATIONS = ["East US", "East US 2", "West US 2", "West Europe", "North Europe", "UK South",
             "Southeast Asia", "Australia East"]

FLUX_API_VERSIONS = ["2025-04-01", "2024-11-01", "2024-04-01-preview", "2023-05-01", "2022-11-01",
                     "2022-07-01", "2022-03-01"]
EXTENSION_API_VERSIONS = ["2025-03-01", "2024-11-01", "2023-05-01", "2022-11-01", "2022-07-01", "2022-03-01"]
SCC_API_VERSIONS = ["2024-11-01", "2023-05-01", "2022-07-01", "2022-03-01", "2021-03-01"]
OPERATIONS_API_VERSIONS = sorted(set(FLUX_API_VERSIONS + EXTENSION_API_VERSIONS), reverse=True)

KUBERNETES_CONFIGURATION = "Microsoft.KubernetesConfiguration"

# namespace -> {resourceType: [apiVersions]} (Microsoft.KubernetesConfiguration's own types are added from the
# resource-type registry: see resource_types)
CATALOG = {
    KUBERNETES_CONFIGURATION: {
        "operations": OPERATIONS_API_VERSIONS,
    },
    "Microsoft.Kubernetes": {
        "connectedClusters": ["2024-01-01", "2023-11-01-preview", "2021-10-01", "2021-03-01"],
        "operations": ["2024-01-01", "2021-10-01"],
    },
    "Microsoft.ContainerService": {
        "managedClusters": ["2025-05-01", "2024-09-01", "2024-05-01", "2023-08-01"],
        "operations": ["2025-05-01", "2024-09-01"],
    },
    "Microsoft.HybridContainerService": {
        "provisionedClusters": ["2022-09-01-preview", "2022-05-01-preview"],
        "provisionedClusterInstances": ["2024-01-01", "2023-11-15-preview"],
    },
    "Microsoft.ResourceConnector": {
        "appliances": ["2022-10-27", "2021-10-31-preview"],
    },
    "Microsoft.ExtendedLocation": {
        "customLocations": ["2021-08-15"],
    },
}

# Extension resources of Microsoft.KubernetesConfiguration live under these cluster types.
CLUSTER_TYPES = {
    "connectedclusters": ("Microsoft.Kubernetes", "connectedClusters"),
    "managedclusters": ("Microsoft.ContainerService", "managedClusters"),
    "provisionedclusters": ("Microsoft.HybridContainerService", "provisionedClusters"),
    "appliances": ("Microsoft.ResourceConnector", "appliances"),
}


def canonical_namespace(namespace):
    for known in CATALOG:
        if known.lower() == namespace.lower():
            return known
    return None


def resource_types(namespace, registered=()):
    """{resourceType: [apiVersions]} of a namespace; registered: the emulated Microsoft.KubernetesConfiguration
    types (registry.ResourceType), listed first."""
    types = {t.provider_type: t.api_versions for t in registered} if namespace == KUBERNETES_CONFIGURATION else {}
    types.update(CATALOG[namespace])
    return types


def provider_body(subscription_id, namespace, state, types):
    extension_type = namespace == KUBERNETES_CONFIGURATION
    return {
        "id": "/subscriptions/{}/providers/{}".format(subscription_id, namespace),
        "namespace": namespace,
        "registrationState": state,
        "registrationPolicy": "RegistrationRequired",
        "resourceTypes": [
            {"resourceType": name, "locations": [] if name == "operations" else LOCATIONS,
             "apiVersions": versions, "defaultApiVersion": versions[0],
             "capabilities": "SupportsExtension" if extension_type and name != "operations" else "None"}
            for name, versions in types.items()],
    }
