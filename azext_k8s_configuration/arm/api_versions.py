"""Every API version this extension speaks, in one place."""

FLUX_CONFIGURATIONS = "2025-04-01"
EXTENSIONS = "2025-03-01"
EXTENSION_TYPES = "2024-11-01-preview"  # the catalog of what can be installed (k8s-extension extension-types)
SOURCE_CONTROL_CONFIGURATIONS = "2024-11-01"
PROVIDERS = "2021-04-01"
RESOURCE_GROUPS = "2021-04-01"
# Cluster resources are read with the resource provider's own API versions.
CLUSTERS = {
    "microsoft.kubernetes/connectedclusters": "2024-01-01",
    "microsoft.containerservice/managedclusters": "2024-05-01",
    "microsoft.hybridcontainerservice/provisionedclusters": "2024-01-01",
    "microsoft.resourceconnector/appliances": "2022-10-27",
}
