"""extensionTypes (API 2024-11-01-preview): the catalog of ``extension_catalog``, read-only, at two scopes.

* under a cluster (``.../{cluster}/providers/Microsoft.KubernetesConfiguration/extensionTypes[/{name}[/versions
  [/{version}]]]``): what can be installed on that cluster, i.e. offered in its location to its cluster type;
* under a location (``/subscriptions/{s}/providers/Microsoft.KubernetesConfiguration/locations/{location}/
  extensionTypes...``): what is offered there, optionally for one ``clusterType``.

Query filters, as the spec lists them: types by ``publisherId``/``offerId``/``planId`` (the marketplace plan) and
``releaseTrain``; versions by ``releaseTrain`` (default stable), ``majorVersion`` and ``showLatest``.
An extension type the catalog does not know, or one not offered there, is a 404; so is a version not offered.
"""
from . import extension_catalog as catalog
from .errors import ArmError
from .registry import ResourceType
from .scopes import CLUSTER, LOCATION

API_VERSIONS = ["2024-11-01-preview"]


def _where(target):
    """(location, cluster type or None) that the request is about."""
    if target.cluster is not None:
        return target.cluster.body.get("location"), target.cluster_type
    wanted = target.q("clusterType")
    cluster_type = catalog.cluster_type_key(wanted) if wanted else None
    if wanted and cluster_type is None:
        raise ArmError(400, "InvalidClusterType", "clusterType '{}' is not one of {}.".format(
            wanted, ", ".join(catalog.VERSION_CLUSTER_TYPES)))
    return target.location, cluster_type


def _not_offered(name, target):
    location, cluster_type = _where(target)
    where = "in location '{}'".format(location) + (" for cluster type '{}'".format(cluster_type)
                                                    if cluster_type else "")
    return ArmError(404, "ResourceNotFound", "Extension type '{}' is not available {}.".format(name, where))


def _available(ctx, target, name):
    """The catalog entry of extension type ``name`` if any of its versions is offered where the target points."""
    entry = catalog.find(ctx.store, name)
    location, cluster_type = _where(target)
    if entry is None or not catalog.offered(entry, location, cluster_type):
        raise _not_offered(name, target)
    return entry


# -- extensionTypes ------------------------------------------------------------------------------------------------
def read_type(ctx, target):
    entry = _available(ctx, target, target.name)
    return catalog.type_body(entry, "{}/{}".format(target.collection_id, entry["name"]))


def list_types(ctx, target):
    location, cluster_type = _where(target)
    train = target.q("releaseTrain")
    found = []
    for entry in catalog.entries(ctx.store):
        if not catalog.matches_plan(entry, target.q("publisherId"), target.q("offerId"), target.q("planId")):
            continue
        if catalog.offered(entry, location, cluster_type, train):
            found.append(catalog.type_body(entry, "{}/{}".format(target.collection_id, entry["name"])))
    return found


# -- extensionTypes/{name}/versions ---------------------------------------------------------------------------------
def read_version(ctx, target):
    entry = _available(ctx, target, target.parent_name)
    location, cluster_type = _where(target)
    for version in catalog.offered(entry, location, cluster_type):
        if version["version"].lower() == target.name.lower():
            return catalog.version_body(entry, version, "{}/{}".format(target.collection_id, version["version"]))
    raise ArmError(404, "ResourceNotFound", "Version '{}' of extension type '{}' is not available {}.".format(
        target.name, entry["name"], "here" if cluster_type is None else "for this cluster"))


def list_versions(ctx, target):
    entry = _available(ctx, target, target.parent_name)
    location, cluster_type = _where(target)
    versions = catalog.offered(entry, location, cluster_type, target.q("releaseTrain") or catalog.DEFAULT_TRAIN)
    major = target.q("majorVersion")
    if major:
        versions = [v for v in versions if catalog.major_of(v["version"]) == catalog.major_of(major)]
    if (target.q("showLatest") or "").lower() == "true":
        versions = versions[-1:]
    return [catalog.version_body(entry, v, "{}/{}".format(target.collection_id, v["version"])) for v in versions]


def _extension_types(scope):
    versions = ResourceType("versions", API_VERSIONS, read=read_version, list_all=list_versions)
    return ResourceType("extensionTypes", API_VERSIONS, scope=scope, read=read_type, list_all=list_types,
                        children=[versions])


CLUSTER_RESOURCE = _extension_types(CLUSTER)
LOCATION_RESOURCE = _extension_types(LOCATION)
