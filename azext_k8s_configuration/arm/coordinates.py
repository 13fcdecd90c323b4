"""Cluster coordinates: the -g/-c/-t/--cluster-rp options → the ARM path of a cluster."""
from dataclasses import dataclass

from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError

# lower-case --cluster-type → (resource provider, canonical type)
CLUSTER_TYPES = {
    "connectedclusters": ("Microsoft.Kubernetes", "connectedClusters"),
    "managedclusters": ("Microsoft.ContainerService", "managedClusters"),
    "provisionedclusters": ("Microsoft.HybridContainerService", "provisionedClusters"),
    "appliances": ("Microsoft.ResourceConnector", "appliances"),
}
FLUX_CLUSTER_TYPES = ("connectedClusters", "managedClusters", "provisionedClusters")
EXTENSION_CLUSTER_TYPES = FLUX_CLUSTER_TYPES + ("appliances",)


@dataclass(frozen=True)
class ClusterRef:
    subscription: str
    resource_group: str
    cluster_rp: str
    cluster_type: str
    name: str

    @property
    def id(self):
        return (f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"
                f"/providers/{self.cluster_rp}/{self.cluster_type}/{self.name}")

    @property
    def cli_args(self):
        """The coordinates as az options, for the commands our messages recommend."""
        return f"-g {self.resource_group} -c {self.name} -t {self.cluster_type}"

    @property
    def is_aks(self):
        return self.cluster_type == "managedClusters"

    def child_path(self, collection, name=None):
        """Path of a Microsoft.KubernetesConfiguration child resource (or collection) of the cluster."""
        path = f"{self.id}/providers/Microsoft.KubernetesConfiguration/{collection}"
        return f"{path}/{name}" if name else path

    def sdk_args(self):
        """Positional arguments the generated SDK operations take before the resource name."""
        return (self.resource_group, self.cluster_rp, self.cluster_type, self.name)


def resolve_cluster(subscription, resource_group, cluster_name, cluster_type, cluster_rp=None,
                    allowed=FLUX_CLUSTER_TYPES):
    """Build a ClusterRef, checking the type (case-insensitive) and the optional --cluster-rp."""
    if not cluster_type:
        raise RequiredArgumentMissingError(
            "--cluster-type/-t is required.",
            "Use one of: " + ", ".join(allowed) + ".")
    known = CLUSTER_TYPES.get(cluster_type.lower())
    if not known or known[1] not in allowed:
        raise InvalidArgumentValueError(
            f"--cluster-type '{cluster_type}' is not supported.",
            "Use one of: " + ", ".join(allowed) + ".")
    rp, canonical = known
    if cluster_rp and cluster_rp.lower() != rp.lower():
        raise InvalidArgumentValueError(
            f"--cluster-resource-provider '{cluster_rp}' does not match --cluster-type {canonical}.",
            f"Use --cluster-resource-provider {rp.lower()} (or leave it out: it follows from --cluster-type).")
    return ClusterRef(subscription, resource_group, rp, canonical, cluster_name)
