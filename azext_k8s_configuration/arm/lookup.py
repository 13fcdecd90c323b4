"""Reading a resource that lives under a cluster: "it is absent" is not "its cluster is absent" (REFERENCE §11).

A delete of an absent configuration is done (exit 0); a delete under a misspelled cluster or resource group did
nothing and must fail, naming the option to fix (exit 3). ARM's 404 codes do not tell the two apart reliably (a
missing cluster may come back as `ResourceNotFound`, a missing configuration as a 404 without any body), so a
404 is confirmed by reading the parents, on the error path only: the cluster, then its resource group.
"""
from azure.cli.core.azclierror import ResourceNotFoundError

from . import api_versions
from .clients import raw_request
from .errors import from_status, service_call, service_error_parts, translate

SUBSCRIPTION_MISSING = "SubscriptionNotFound"


def check_parents(client, cluster):
    """The cluster's ARM JSON; a ResourceNotFoundError naming the option to fix when the cluster, its resource
    group or the subscription does not exist."""
    version = api_versions.CLUSTERS[f"{cluster.cluster_rp}/{cluster.cluster_type}".lower()]
    code, body = service_call(f"reading cluster '{cluster.name}'", raw_request, client, "GET", cluster.id, version)
    if code == 200:
        return body or {}
    error_code, message = service_error_parts(body or {})
    if code != 404:
        raise from_status(code, error_code, message or f"HTTP {code}", f"reading cluster '{cluster.name}'")
    if error_code != SUBSCRIPTION_MISSING:
        group = f"/subscriptions/{cluster.subscription}/resourceGroups/{cluster.resource_group}"
        group_code, group_body = service_call(f"reading resource group '{cluster.resource_group}'", raw_request,
                                              client, "GET", group, api_versions.RESOURCE_GROUPS)
        if group_code == 200:
            raise cluster_missing(cluster)
        error_code, _ = service_error_parts(group_body or {})
        if error_code != SUBSCRIPTION_MISSING:
            raise group_missing(cluster)
    raise subscription_missing(cluster)


def _read_or_none(client, cluster, what, read, confirm_parents=True):
    """read() → the resource; None when the resource alone is absent (404, or read() returned None) and its
    parents exist; a missing parent raises (check_parents). Other failures become typed CLI errors.
    ``confirm_parents=False``: a 404 is returned as None unconfirmed, for a caller that has just read the
    cluster, or whose next step reads it (flux create's replacement check, `flux apply` creating: microsoft.flux's
    checks read it and name a missing parent)."""
    from azure.core.exceptions import AzureError, HttpResponseError
    from azure.core.exceptions import ResourceNotFoundError as SdkNotFound
    try:
        found = read()
    except HttpResponseError as error:
        if error.status_code != 404 and not isinstance(error, SdkNotFound):
            raise translate(error, what) from None
        found = None
    except AzureError as error:
        raise translate(error, what) from None
    if found is None and confirm_parents:
        check_parents(client, cluster)
    return found


def _read_or_raise(client, cluster, what, read, not_found):
    """read() → the resource; the not_found error when it is absent; a missing parent names the parent."""
    found = _read_or_none(client, cluster, what, read)
    if found is None:
        raise not_found
    return found


def get(client, cluster, what, read, not_found, missing_ok=False, confirm_parents=True):
    """The one way handlers read a resource under a cluster: read() → the resource; when it is absent, None
    (``missing_ok``) or the ``not_found`` error; a missing parent raises, naming it."""
    if missing_ok:
        return _read_or_none(client, cluster, what, read, confirm_parents)
    return _read_or_raise(client, cluster, what, read, not_found)


def not_found(label, name, cluster, recommendation):
    """The resource alone is absent (its cluster exists): exit code 3, naming it and where it was looked for."""
    return ResourceNotFoundError(
        f"{label} '{name}' not found on cluster '{cluster.name}' ({cluster.cluster_type}, resource group "
        f"'{cluster.resource_group}').", recommendation)


def list_under(client, cluster, what, read_all):
    """Every resource read_all() returns; an empty answer is confirmed (an empty list under a misspelled cluster
    would otherwise pass for "there are none")."""
    items = _read_or_none(client, cluster, what, read_all)
    if not items and items is not None:
        check_parents(client, cluster)
    return items or []


def cluster_missing(cluster):
    return ResourceNotFoundError(
        f"Cluster '{cluster.name}' not found: no {cluster.cluster_type} resource of that name in resource group "
        f"'{cluster.resource_group}' (subscription {cluster.subscription}).",
        "Check --cluster-name/-c and --cluster-type/-t (and --resource-group/-g); "
        f"`az resource list -g {cluster.resource_group} --resource-type {cluster.cluster_rp}/{cluster.cluster_type} "
        "-o table` lists the clusters of that type in the group.")


def group_missing(cluster):
    return ResourceNotFoundError(
        f"Resource group '{cluster.resource_group}' not found in subscription {cluster.subscription}.",
        "Check --resource-group/-g (or the default group set with `az configure --defaults group=NAME`); "
        "`az group list -o table` lists the groups.")


def subscription_missing(cluster):
    return ResourceNotFoundError(
        f"Subscription {cluster.subscription} not found.",
        "Check the subscription: `az account show` shows the current one, `az account set -s ID` changes it.")


def already_absent(what, where):
    """A delete whose resource is absent (its parents exist): done, exit 0 (REFERENCE §11)."""
    from knack.log import get_logger
    get_logger(__name__).warning("%s does not exist on %s: nothing to delete.", what, where)
