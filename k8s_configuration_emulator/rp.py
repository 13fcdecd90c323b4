"""Microsoft.KubernetesConfiguration: what the three resource types share — path parsing, the parent
cluster, provider registration, api-versions, the LRO protocol (headers, status documents), deletes."""
import urllib.parse

from . import IDENTITY_CLIENT_ID
from .arm_basics import check_subscription, provider_state
from .clusters import rg_id
from .common import now_iso, paged, require_api_version
from .errors import ArmError, resource_not_found
from .providers import (CLUSTER_TYPES, EXTENSION_API_VERSIONS, FLUX_API_VERSIONS, KUBERNETES_CONFIGURATION,
                        SCC_API_VERSIONS)

COLLECTIONS = {
    "fluxconfigurations": ("fluxConfigurations", FLUX_API_VERSIONS),
    "extensions": ("extensions", EXTENSION_API_VERSIONS),
    "sourcecontrolconfigurations": ("sourceControlConfigurations", SCC_API_VERSIONS),
}


class Target:
    """Where a request points: the parent cluster record, the collection, the resource name."""

    def __init__(self, ctx, req):
        s = req.segments
        self.collection, self.api_versions = COLLECTIONS[req.lower[10]]
        require_api_version(req, self.api_versions, "{}/{}".format(KUBERNETES_CONFIGURATION, self.collection))
        check_subscription(ctx, req)
        expected = CLUSTER_TYPES.get(req.lower[6])
        if expected is None or expected[0].lower() != req.lower[5]:
            raise ArmError(400, "InvalidClusterType",
                           "'{}/{}' is not a supported cluster type; use Microsoft.Kubernetes/connectedClusters, "
                           "Microsoft.ContainerService/managedClusters, "
                           "Microsoft.HybridContainerService/provisionedClusters or "
                           "Microsoft.ResourceConnector/appliances.".format(s[5], s[6]))
        if provider_state(ctx, KUBERNETES_CONFIGURATION) != "Registered":
            raise ArmError(409, "MissingSubscriptionRegistration",
                           "The subscription is not registered to use namespace '{}'. Register it with "
                           "'az provider register --namespace {}'.".format(KUBERNETES_CONFIGURATION,
                                                                            KUBERNETES_CONFIGURATION))
        if ctx.store.get(rg_id(ctx.subscription_id, s[3])) is None:
            raise ArmError(404, "ResourceGroupNotFound", "Resource group '{}' could not be found.".format(s[3]))
        self.cluster = ctx.store.get("/".join([""] + s[:8]))
        if self.cluster is None:  # what ARM answers, for the cluster itself and anything under it
            raise resource_not_found("{}/{}".format(*expected), s[7], s[3])
        self.cluster_id = self.cluster.body["id"]
        self.cluster_type = self.cluster.body["type"].split("/")[1]
        self.collection_id = "{}/providers/{}/{}".format(self.cluster_id, KUBERNETES_CONFIGURATION, self.collection)
        self.name = s[11] if len(s) > 11 else None
        self.path_id = self.collection_id + "/" + self.name if self.name else None
        self.api_version = req.api_version
        self.base_url = req.base_url

    def operation_url(self, resource_id, op_id):
        return "{}{}/operations/{}?{}".format(self.base_url, resource_id, op_id,
                                               urllib.parse.urlencode({"api-version": self.api_version}))


def system_data(created=None):
    now = now_iso()
    data = dict(created or {"createdBy": IDENTITY_CLIENT_ID, "createdByType": "Application", "createdAt": now})
    data.update({"lastModifiedBy": IDENTITY_CLIENT_ID, "lastModifiedByType": "Application", "lastModifiedAt": now})
    return data


def lro_headers(ctx, target, resource_id, op_id):
    url = target.operation_url(resource_id, op_id)
    return {"Azure-AsyncOperation": url, "Location": url, "Retry-After": str(ctx.retry_after)}


def list_collection(ctx, req, target, kind, render):
    return 200, paged(ctx, req, target.collection_id, kind, render), {}


def get_collection(ctx, req, kind, render):
    """A collection answers GET only: one page of its members, rendered."""
    target = Target(ctx, req)
    if req.method != "GET":
        raise ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")
    return list_collection(ctx, req, target, kind, render)


def dispatch_item(ctx, req, missing, render, put, patch):
    """One resource of an LRO collection: GET renders it; PUT/PATCH/DELETE run one at a time.
    missing: fn(target) -> the ArmError this type answers when the resource does not exist."""
    target = Target(ctx, req)
    if req.method == "GET":
        record = ctx.store.get(target.path_id)
        if record is None:
            raise missing(target)
        return 200, render(ctx, record), {}
    with ctx.store.lock:  # one mutation at a time: the 409 check and the write must be atomic
        if req.method == "PUT":
            return put(ctx, req, target)
        if req.method == "PATCH":
            return patch(ctx, req, target)
        if req.method == "DELETE":
            return delete_resource(ctx, req, target)
    raise ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")


def operation(ctx, req):
    """GET .../{collection}/{name}/operations/{id}: the async operation status document."""
    if req.lower[12] != "operations":
        raise ArmError(404, "NotFound", "Not found: " + req.path)
    return operation_status(ctx, req, Target(ctx, req))


def operation_status(ctx, req, target):
    op = ctx.store.get_operation(req.segments[13])
    if op is None or op.resource_lc != target.path_id.lower():  # an operation of another resource: not here
        raise ArmError(404, "ResourceNotFound", "The operation '{}' was not found.".format(req.segments[13]))
    doc = {"id": target.path_id + "/operations/" + op.id, "name": op.id, "status": op.status, "properties": {}}
    if op.status == "Failed" and op.error:
        doc["error"] = op.error
    if op.status != "InProgress":
        doc["endTime"] = now_iso(op.ended)
    doc["startTime"] = now_iso(op.started)
    # as ARM does: while the operation runs, the status answer says when to ask again (clients that get no
    # Retry-After here fall back to their own, usually longer, polling interval)
    return 200, doc, ({"Retry-After": str(ctx.retry_after)} if op.status == "InProgress" else {})


def delete_resource(ctx, req, target, on_delete=None):
    """ARM delete: missing -> 204; forceDelete=true -> synchronous 200; otherwise 202 + LRO."""
    record = ctx.store.get(target.path_id)
    if record is None:
        return 204, None, {}
    force = (req.q("forceDelete") or "").lower() == "true"
    if not force:
        ctx.lro.ensure_idle(target.path_id)
    rid = record.body["id"]
    if on_delete:
        on_delete(record)
    if force:
        with ctx.store.lock:
            pending = ctx.store.pending_operation(rid)
            if pending:
                ctx.store.finish_operation(pending.id, "Failed", {"code": "Canceled", "message":
                                                                  "Canceled by a forced delete."})
            ctx.store.delete(rid)
        return 200, None, {}
    record.body.setdefault("properties", {})["provisioningState"] = "Deleting"
    with ctx.store.lock:
        ctx.store.update(rid, record.body, record.secrets, record.meta)
        op_id = ctx.lro.start(rid, "delete")
    return 202, None, lro_headers(ctx, target, rid, op_id)


def merge_patch(target, patch):
    """RFC 7396 JSON merge patch: objects merge recursively, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def operation_failure(ctx, collection, *keys):
    """Consume an injected failure for this collection matching any key (name, extension type, or '*')."""
    failures = ctx.store.setting("operation_failures", {})
    for key in keys + ("*",):
        k = "{}:{}".format(collection.lower(), (key or "").lower())
        if k in failures:
            error = failures.pop(k)
            ctx.store.set_setting("operation_failures", failures)
            return error
    return None


def handler_for(collection, n):
    if collection not in COLLECTIONS:
        return None
    from . import rp_extensions, rp_flux, rp_scc
    module = {"fluxconfigurations": rp_flux, "extensions": rp_extensions,
              "sourcecontrolconfigurations": rp_scc}[collection]
    if n == 11:
        return module.collection
    if n == 12:
        return module.item
    if n == 14 and collection != "sourcecontrolconfigurations":
        return module.operation
    return None
