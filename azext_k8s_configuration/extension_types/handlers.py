"""az k8s-extension extension-types list|show|list-versions|show-version -by-cluster|-by-location (REFERENCE §11).

-by-cluster: what that cluster can install (the service filters by its type, location and Kubernetes version);
-by-location: what a region offers, optionally for one --cluster-type. Results are the service's resources, as
Microsoft's extension prints them. The client comes from az's client factory, so the cloud is the one az is
registered to (never the public cloud by default); the extensiontypes SDK is imported only by these commands.
"""
from functools import partial

from azure.cli.core.azclierror import ResourceNotFoundError

from azext_k8s_configuration.arm import clients, lookup
from azext_k8s_configuration.arm.coordinates import CLUSTER_TYPES, EXTENSION_CLUSTER_TYPES
from azext_k8s_configuration.arm.errors import service_call, translate


def list_extension_types_by_cluster(cmd, resource_group_name, cluster_name, cluster_type, plan_publisher=None,
                                    plan_product=None, plan_name=None, release_train=None,
                                    cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    return lookup.list_under(client, cluster, "listing extension types", lambda: list(client.extension_types.list(
        *cluster.sdk_args(), publisher_id=plan_publisher, offer_id=plan_product, plan_id=plan_name,
        release_train=release_train)))


def show_extension_type_by_cluster(cmd, resource_group_name, cluster_name, cluster_type, extension_type,
                                   cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    read = partial(client.extension_types.get, *cluster.sdk_args(), extension_type)
    return lookup.get(client, cluster, f"reading extension type '{extension_type}'", read,
                      _type_not_offered(extension_type, cluster))


def list_extension_type_versions_by_cluster(cmd, resource_group_name, cluster_name, cluster_type, extension_type,
                                            release_train=None, major_version=None, show_latest=None,
                                            cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    read = partial(_all, client.extension_types.cluster_list_versions, *cluster.sdk_args(), extension_type,
                   release_train=release_train, major_version=major_version, show_latest=show_latest)
    return lookup.get(client, cluster, f"listing versions of extension type '{extension_type}'", read,
                      _type_not_offered(extension_type, cluster))


def show_extension_type_version_by_cluster(cmd, resource_group_name, cluster_name, cluster_type, extension_type,
                                           version, cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    read = partial(client.extension_types.cluster_get_version, *cluster.sdk_args(), extension_type, version)
    not_installable = ResourceNotFoundError(
        f"Version '{version}' of extension type '{extension_type}' cannot be installed on cluster '{cluster.name}'.",
        "The versions it can install: `az k8s-extension extension-types "
        f"list-versions-by-cluster {cluster.cli_args} --extension-type {extension_type}` "
        "(add --release-train preview for preview versions).")
    return lookup.get(client, cluster, f"reading version {version} of extension type '{extension_type}'", read,
                      not_installable)


def list_extension_types_by_location(cmd, location, plan_publisher=None, plan_product=None, plan_name=None,
                                     release_train=None, cluster_type=None):
    client = clients.extension_types_client(cmd.cli_ctx)
    return service_call(f"listing extension types in {location}", _all, client.extension_types.location_list, location,
                        publisher_id=plan_publisher, offer_id=plan_product, plan_id=plan_name,
                        release_train=release_train, cluster_type=_cluster_type(cluster_type))


def show_extension_type_by_location(cmd, location, extension_type):
    client = clients.extension_types_client(cmd.cli_ctx)
    return _by_location(f"extension type '{extension_type}'", location,
                        partial(client.extension_types.location_get, location, extension_type),
                        f"list-by-location --location {location}")


def list_extension_type_versions_by_location(cmd, location, extension_type, release_train=None, cluster_type=None,
                                             major_version=None, show_latest=None):
    client = clients.extension_types_client(cmd.cli_ctx)
    versions = partial(_all, client.extension_types.list_versions, location, extension_type,
                       release_train=release_train, cluster_type=_cluster_type(cluster_type),
                       major_version=major_version, show_latest=show_latest)
    return _by_location(f"extension type '{extension_type}'", location, versions,
                        f"list-by-location --location {location}")


def show_extension_type_version_by_location(cmd, location, extension_type, version):
    client = clients.extension_types_client(cmd.cli_ctx)
    return _by_location(f"version '{version}' of extension type '{extension_type}'", location,
                        partial(client.extension_types.get_version, location, extension_type, version),
                        f"list-versions-by-location --location {location} --extension-type {extension_type}")


def _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider):
    return clients.connect(cmd, clients.extension_types_client, resource_group_name, cluster_name, cluster_type,
                           cluster_resource_provider, allowed=EXTENSION_CLUSTER_TYPES)


def _all(operation, *args, **kwargs):
    """Every page of a list operation."""
    return list(operation(*args, **kwargs))


def _cluster_type(value):
    """--cluster-type in any case -> as ARM spells it (connectedClusters); None when not given."""
    return CLUSTER_TYPES[value.lower()][1] if value else None


def _type_not_offered(extension_type, cluster):
    return ResourceNotFoundError(
        f"Extension type '{extension_type}' cannot be installed on cluster '{cluster.name}' ({cluster.cluster_type}).",
        f"The types it can install: `az k8s-extension extension-types list-by-cluster {cluster.cli_args} -o table`.")


def _by_location(what, location, read, listing):
    """read() -> the resource; a 404 says what is not offered in that location and how to list what is."""
    from azure.core.exceptions import AzureError, HttpResponseError
    from azure.core.exceptions import ResourceNotFoundError as SdkNotFound
    try:
        return read()
    except HttpResponseError as error:
        if error.status_code == 404 or isinstance(error, SdkNotFound):
            raise ResourceNotFoundError(f"{what[0].upper() + what[1:]} is not offered in location '{location}'.",
                                        f"See what is: `az k8s-extension extension-types {listing} -o table`.") \
                from None
        raise translate(error, f"reading {what} in {location}") from None
    except AzureError as error:
        raise translate(error, f"reading {what} in {location}") from None
