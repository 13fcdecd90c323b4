"""extensions: create/update (PUT), PATCH, get, list, delete, operation status.

A new extension's type must be one the catalog (``extension_catalog``) offers the cluster, in its location and for
its cluster type; any other → 400 ``ExtensionTypeRegistrationGetFailed`` (the code and message Azure answers; the
status is a guess: see README.md).

microsoft.flux specifics: it will not install while Flux v1 sourceControlConfigurations exist on the
cluster, nor on an AKS cluster that uses a service principal; its ``statuses`` say which Flux controllers
run (image-automation / image-reflector only when enabled in configurationSettings).
"""
import copy

from . import extension_catalog, rp
from .common import now_iso, stable_guid
from .errors import ArmError
from .providers import EXTENSION_API_VERSIONS
from .registry import ResourceType
from .schema import validate_request

KIND = "extension"
TYPE = "Microsoft.KubernetesConfiguration/extensions"
FLUX = "microsoft.flux"
# The version installed without --version: the catalog's latest on the extension's release train (extension_catalog),
# DEFAULT_VERSION for a type the catalog does not know.
DEFAULT_VERSION = "1.0.0"
FLUX_CONTROLLERS = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]
OPTIONAL_CONTROLLERS = ["image-automation-controller", "image-reflector-controller"]


def missing(target):
    """What the service answers for an extension that does not exist on an existing cluster."""
    return ArmError(404, "ResourceNotFound", "Extension instance with name '{}' not found.".format(target.name))


def find_by_type(ctx, cluster_id, extension_type):
    collection_id = cluster_id + "/providers/Microsoft.KubernetesConfiguration/extensions"
    for _, record in ctx.store.list(collection_id, KIND):
        if (record.body["properties"].get("extensionType") or "").lower() == extension_type:
            return record
    return None


def put(ctx, req, target):
    body = validate_request("extensions", "PUT", req.body)
    props = body.get("properties")
    if not isinstance(props, dict) or not props.get("extensionType"):
        raise ArmError(400, "InvalidRequestContent", "'properties.extensionType' is required.")
    ctx.lro.ensure_idle(target.path_id)
    existing = ctx.store.get(target.path_id)
    ext_type = props["extensionType"]
    if existing is not None and existing.body["properties"]["extensionType"].lower() != ext_type.lower():
        raise ArmError(400, "ImmutableProperty", "'extensionType' cannot be changed (is '{}').".format(
            existing.body["properties"]["extensionType"]))
    same_type = find_by_type(ctx, target.cluster_id, ext_type.lower())
    if same_type is not None and existing is None:
        raise ArmError(409, "ExtensionAlreadyExists",
                       "An extension of type '{}' is already installed on the cluster as '{}'; only one instance "
                       "is allowed.".format(ext_type, same_type.body["name"]))
    if existing is None:
        _check_type_offered(ctx, target, ext_type)
    if ext_type.lower() == FLUX and existing is None:
        _check_flux_allowed(ctx, target)
    auto = props.get("autoUpgradeMinorVersion")
    auto = True if auto is None else auto
    if auto and props.get("version"):
        raise ArmError(400, "InvalidVersionRequest", "'version' can only be set when 'autoUpgradeMinorVersion' is "
                                                     "false.")
    secrets = props.pop("configurationProtectedSettings", None) or {}
    rid = existing.body["id"] if existing else target.path_id
    new_props = {
        "extensionType": ext_type, "autoUpgradeMinorVersion": auto,
        "autoUpgradeMode": props.get("autoUpgradeMode") or "compatible",
        "releaseTrain": props.get("releaseTrain") or "Stable",
        "version": props.get("version"),
        "scope": props.get("scope") or _default_scope(ext_type),
        "configurationSettings": props.get("configurationSettings") or {},
        "configurationProtectedSettings": {},
        "currentVersion": None, "provisioningState": "Updating" if existing else "Creating",
        "statuses": [], "errorInfo": None, "customLocationSettings": None, "packageUri": None,
        "isSystemExtension": False, "extensionState": None,
    }
    if existing is not None:
        new_props["currentVersion"] = existing.body["properties"].get("currentVersion")
    new = {"id": rid, "name": rid.rsplit("/", 1)[1], "type": TYPE,
           "systemData": rp.system_data(existing.body.get("systemData") if existing else None),
           "properties": new_props}
    _identity(ctx, target, new, body.get("identity"), existing)
    if body.get("plan"):
        new["plan"] = body["plan"]
    error = rp.operation_failure(ctx, "extensions", ext_type, new["name"])
    if existing is None:  # a cluster made to fail its installs (admin cluster-failures)
        error = error or ctx.cluster_failures.error(target.cluster_id, "extension-install")
    with ctx.store.lock:
        ctx.store.put(rid, target.collection_id, KIND, new, {"configurationProtectedSettings": secrets}, {})
        op_id = ctx.lro.start(rid, "update" if existing else "create", error)
    return (200 if existing else 201), new, rp.lro_headers(ctx, target, rid, op_id)


def patch(ctx, req, target):
    changes, existing, secrets_patch = rp.patch_start(ctx, req, target, "extensions", missing)
    props = existing.body["properties"]
    for key, value in changes.items():
        if key == "configurationSettings":
            props[key] = rp.merge_patch(props.get(key) or {}, value) if value is not None else {}
        else:
            props[key] = value
    if props.get("autoUpgradeMinorVersion") is not False and changes.get("version"):
        raise ArmError(400, "InvalidVersionRequest", "'version' can only be set when 'autoUpgradeMinorVersion' is "
                                                     "false.")
    secrets = existing.secrets
    if secrets_patch is not None:
        secrets = {"configurationProtectedSettings": rp.merge_patch(
            secrets.get("configurationProtectedSettings") or {}, secrets_patch)}
    props["provisioningState"] = "Updating"
    existing.body["systemData"] = rp.system_data(existing.body.get("systemData"))
    rid = existing.body["id"]
    error = rp.operation_failure(ctx, "extensions", props["extensionType"], existing.body["name"])
    with ctx.store.lock:
        ctx.store.update(rid, existing.body, secrets, existing.meta)
        op_id = ctx.lro.start(rid, "update", error)
    return 202, existing.body, rp.lro_headers(ctx, target, rid, op_id)


def _check_type_offered(ctx, target, ext_type):
    """The service installs only the extension types registered for the cluster's region and type."""
    location = target.cluster.body.get("location")
    entry = extension_catalog.find(ctx.store, ext_type)
    if entry is None or not extension_catalog.offered(entry, location, target.cluster_type):
        cluster_type = target.cluster_type[:1].upper() + target.cluster_type[1:]
        raise ArmError(400, "ExtensionTypeRegistrationGetFailed",
                       "Extension type '{}' is not supported in region '{}' for cluster type: {}. Please refer to "
                       "https://aka.ms/k8s-extensions-list-cluster for a list of supported extension types for this "
                       "cluster.".format(ext_type, location, cluster_type))


def _check_flux_allowed(ctx, target):
    cluster = target.cluster.body
    if cluster["type"].lower() == "microsoft.containerservice/managedclusters" and \
            (cluster["properties"].get("servicePrincipalProfile") or {}).get("clientId", "msi") != "msi":
        raise ArmError(400, "ManagedIdentityRequired",
                       "Cluster '{}' uses a service principal; the microsoft.flux extension needs an AKS cluster "
                       "with a managed identity (az aks update --enable-managed-identity).".format(cluster["name"]))
    scc = ctx.store.list(target.cluster_id + "/providers/Microsoft.KubernetesConfiguration/"
                                             "sourceControlConfigurations", "sourceControlConfiguration", limit=5)
    if scc:
        names = ", ".join(rec.body["name"] for _, rec in scc)
        raise ArmError(400, "FluxV1ConfigurationsExist",
                       "The microsoft.flux extension cannot be installed while Flux v1 sourceControlConfigurations "
                       "exist on the cluster ({}). Delete them first (az k8s-configuration delete).".format(names))


def _default_scope(ext_type):
    release_namespace = "flux-system" if ext_type.lower() == FLUX else ext_type.lower().split(".")[-1]
    return {"cluster": {"releaseNamespace": release_namespace}}


def _identity(ctx, target, new, requested, existing):
    """AKS: the service assigns aksAssignedIdentity; other clusters: a SystemAssigned identity when asked."""
    rid = new["id"]
    if target.cluster_type == "managedClusters":
        new["properties"]["aksAssignedIdentity"] = {"principalId": stable_guid(rid, "aks-principal"),
                                                    "tenantId": ctx.tenant_id, "type": "SystemAssigned"}
        return
    if requested or (existing is not None and existing.body.get("identity")):
        new["identity"] = {"type": "SystemAssigned", "principalId": stable_guid(rid, "principal"),
                           "tenantId": ctx.tenant_id}


def finish(ctx, op, record):
    """LRO finisher: report the installed version and controller statuses, or the injected failure."""
    props = record.body["properties"]
    ext_type = props["extensionType"].lower()
    if op.error:
        props["errorInfo"] = copy.deepcopy(op.error)
        props["statuses"] = [{"code": op.error.get("code"), "displayStatus": "Failed", "level": "Error",
                              "message": op.error.get("message"), "time": now_iso()}]
        return
    props["errorInfo"] = None
    props["currentVersion"] = props.get("version") or _latest_version(ctx, record, ext_type, props.get("releaseTrain"))
    props["installedVersion"] = props["currentVersion"]
    props["extensionState"] = "Enabled"
    if ext_type == FLUX:
        settings = {k.lower(): str(v).lower() for k, v in (props.get("configurationSettings") or {}).items()}
        controllers = list(FLUX_CONTROLLERS) + [c for c in OPTIONAL_CONTROLLERS
                                                 if settings.get(c + ".enabled") == "true"]
        when = now_iso(op.due)
        props["statuses"] = [{"code": c, "displayStatus": "Running", "level": "Information",
                              "message": "Deployment {} is running (1/1 replicas ready)".format(c), "time": when}
                             for c in controllers]
    else:
        props["statuses"] = []


def _latest_version(ctx, record, ext_type, release_train):
    entry = extension_catalog.find(ctx.store, ext_type)
    if entry is None:
        return DEFAULT_VERSION
    cluster = ctx.store.get(record.body["id"].split("/providers/Microsoft.KubernetesConfiguration/")[0])
    location = cluster.body.get("location") if cluster is not None else None
    cluster_type = cluster.body["type"].split("/")[1] if cluster is not None else None
    return (extension_catalog.latest(entry, release_train or extension_catalog.DEFAULT_TRAIN, location, cluster_type)
            or extension_catalog.latest(entry) or DEFAULT_VERSION)


RESOURCE = ResourceType("extensions", EXTENSION_API_VERSIONS, kind=KIND, missing=missing, put=put, patch=patch,
                        delete=rp.delete_lro, lro=True, on_finish=finish)
