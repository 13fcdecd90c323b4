"""Where Microsoft.KubernetesConfiguration resources live, and the checks of their parents.

A scope has a path ``prefix`` (a pattern with named segments, ending at the provider) and ``resolve``, which checks
the parents in the order ARM does and answers like ARM when one is missing; it fills the target's parent
attributes and returns the id of the provider under that parent (where the collections hang).

* ``CLUSTER``: ``/subscriptions/{s}/resourceGroups/{rg}/providers/{clusterRp}/{clusterType}/{cluster}/providers/
  Microsoft.KubernetesConfiguration`` (fluxConfigurations, extensions, sourceControlConfigurations);
* ``LOCATION``: ``/subscriptions/{s}/providers/Microsoft.KubernetesConfiguration/locations/{location}``
  (location-scoped, read-only types such as a catalog). The location is taken as given.
"""
from .arm_basics import check_subscription, provider_state
from .clusters import cluster_id, rg_id
from .errors import ArmError, resource_group_not_found, resource_not_found
from .providers import CLUSTER_TYPES, KUBERNETES_CONFIGURATION


def require_registered(ctx):
    if provider_state(ctx, KUBERNETES_CONFIGURATION) != "Registered":
        raise ArmError(409, "MissingSubscriptionRegistration",
                       "The subscription is not registered to use namespace '{}'. Register it with "
                       "'az provider register --namespace {}'.".format(KUBERNETES_CONFIGURATION,
                                                                        KUBERNETES_CONFIGURATION))


class ClusterScope:
    prefix = ("subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{cluster_rp}/{cluster_type}/"
              "{cluster}/providers/" + KUBERNETES_CONFIGURATION)

    @staticmethod
    def provider_type(collection):
        return collection

    @staticmethod
    def resolve(ctx, req, target):
        route = req.route
        subscription = check_subscription(ctx, req)
        expected = CLUSTER_TYPES.get(route["cluster_type"].lower())
        if expected is None or expected[0].lower() != route["cluster_rp"].lower():
            raise ArmError(400, "InvalidClusterType",
                           "'{}/{}' is not a supported cluster type; use Microsoft.Kubernetes/connectedClusters, "
                           "Microsoft.ContainerService/managedClusters, "
                           "Microsoft.HybridContainerService/provisionedClusters or "
                           "Microsoft.ResourceConnector/appliances.".format(route["cluster_rp"],
                                                                            route["cluster_type"]))
        require_registered(ctx)
        group = route["resource_group"]
        if ctx.store.get(rg_id(subscription, group)) is None:
            raise resource_group_not_found(group)
        cluster = ctx.store.get(cluster_id(subscription, group, route["cluster_type"], route["cluster"]))
        if cluster is None:  # what ARM answers, for the cluster itself and anything under it
            raise resource_not_found("{}/{}".format(*expected), route["cluster"], group)
        target.cluster = cluster
        target.cluster_id = cluster.body["id"]
        target.cluster_type = cluster.body["type"].split("/")[1]
        return "{}/providers/{}".format(target.cluster_id, KUBERNETES_CONFIGURATION)


class LocationScope:
    prefix = "subscriptions/{subscription}/providers/" + KUBERNETES_CONFIGURATION + "/locations/{location}"

    @staticmethod
    def provider_type(collection):
        return "locations/" + collection

    @staticmethod
    def resolve(ctx, req, target):
        subscription = check_subscription(ctx, req)
        require_registered(ctx)
        target.location = req.route["location"]
        return "/subscriptions/{}/providers/{}/locations/{}".format(subscription, KUBERNETES_CONFIGURATION,
                                                                   target.location)


CLUSTER = ClusterScope()
LOCATION = LocationScope()
