"""Microsoft.KubernetesConfiguration: how every registered resource type is served — the target of a request
(its parent checked by the type's scope), collections, items, the LRO protocol (headers, status documents),
deletes, merge patch. What differs per type comes from its ``registry.ResourceType``."""
import urllib.parse

from . import IDENTITY_CLIENT_ID
from .common import now_iso, paged, require_api_version
from .errors import ArmError
from .schema import validate_request


class Target:
    """Where a request points: the parent (a cluster, or a location), the collection, the resource name."""

    def __init__(self, ctx, req, rtype):
        require_api_version(req, rtype.api_versions, rtype.type_name)
        self.rtype = rtype
        self.cluster = self.cluster_id = self.cluster_type = self.location = None
        provider_id = rtype.scope.resolve(ctx, req, self)
        route = req.route
        self.parent_name = None  # a nested type: the name of the resource it is nested under
        if rtype.parent is None:
            self.collection_id = "{}/{}".format(provider_id, rtype.collection)
            self.name = route.get("name")
        else:
            self.parent_name = route["name"]
            self.collection_id = "{}/{}/{}/{}".format(provider_id, rtype.parent.collection, route["name"],
                                                      rtype.collection)
            self.name = route.get("child_name")
        self.path_id = self.collection_id + "/" + self.name if self.name else None
        self.api_version = req.api_version
        self.base_url = req.base_url
        self.q = req.q  # a query parameter of the request, any case (read-only types filter by them)

    def operation_url(self, resource_id, op_id):
        return "{}{}/operations/{}?{}".format(self.base_url, resource_id, op_id,
                                               urllib.parse.urlencode({"api-version": self.api_version}))


def _method_not_allowed():
    return ArmError(405, "MethodNotAllowed", "The requested method is not allowed.")


def _missing(target):
    return ArmError(404, "ResourceNotFound", "The Resource '{}/{}' was not found.".format(
        target.rtype.type_name, target.name))


# -- the handlers routing serves for each registered type --------------------------------------------------------
def collection_handler(rtype):
    """GET .../{collection}: one page of its members, rendered."""
    def collection(ctx, req):
        target = Target(ctx, req, rtype)
        if req.method != "GET":
            raise _method_not_allowed()
        if rtype.list_all is not None:
            return 200, {"value": rtype.list_all(ctx, target)}, {}
        return 200, paged(ctx, req, target.collection_id, rtype.kind, lambda rec: rtype.render(ctx, rec)), {}
    return collection


def item_handler(rtype):
    """.../{collection}/{name}: GET renders it; PUT/PATCH/DELETE (those the type has) run one at a time."""
    mutations = {"PUT": rtype.put, "PATCH": rtype.patch, "DELETE": rtype.delete}

    def item(ctx, req):
        target = Target(ctx, req, rtype)
        if req.method == "GET":
            body = _read(ctx, rtype, target)
            if body is None:
                raise (rtype.missing or _missing)(target)
            return 200, body, {}
        mutate = mutations.get(req.method)
        if mutate is None:
            raise _method_not_allowed()
        with ctx.store.lock:  # one mutation at a time: the 409 check and the write must be atomic
            return mutate(ctx, req, target)
    return item


def operation_handler(rtype):
    """GET .../{collection}/{name}/operations/{operation}: the async operation status document."""
    def operation(ctx, req):
        return operation_status(ctx, req, Target(ctx, req, rtype))
    return operation


def _read(ctx, rtype, target):
    if rtype.read is not None:
        return rtype.read(ctx, target)
    record = ctx.store.get(target.path_id)
    return None if record is None else rtype.render(ctx, record)


def operation_status(ctx, req, target):
    op_id = req.route["operation"]
    op = ctx.store.get_operation(op_id)
    if op is None or op.resource_lc != target.path_id.lower():  # an operation of another resource: not here
        raise ArmError(404, "ResourceNotFound", "The operation '{}' was not found.".format(op_id))
    doc = {"id": target.path_id + "/operations/" + op.id, "name": op.id, "status": op.status, "properties": {}}
    if op.status == "Failed" and op.error:
        doc["error"] = op.error
    if op.status != "InProgress":
        doc["endTime"] = now_iso(op.ended)
    doc["startTime"] = now_iso(op.started)
    # as ARM does: while the operation runs, the status answer says when to ask again (clients that get no
    # Retry-After here fall back to their own, usually longer, polling interval)
    return 200, doc, ({"Retry-After": str(ctx.retry_after)} if op.status == "InProgress" else {})


# -- helpers for the types' own put / patch / delete ----------------------------------------------------------
def system_data(created=None):
    now = now_iso()
    data = dict(created or {"createdBy": IDENTITY_CLIENT_ID, "createdByType": "Application", "createdAt": now})
    data.update({"lastModifiedBy": IDENTITY_CLIENT_ID, "lastModifiedByType": "Application", "lastModifiedAt": now})
    return data


def lro_headers(ctx, target, resource_id, op_id):
    url = target.operation_url(resource_id, op_id)
    return {"Azure-AsyncOperation": url, "Location": url, "Retry-After": str(ctx.retry_after)}


def delete_lro(ctx, req, target):
    """ARM delete: missing -> 204; forceDelete=true -> synchronous 200; otherwise 202 + LRO."""
    record = ctx.store.get(target.path_id)
    if record is None:
        return 204, None, {}
    force = (req.q("forceDelete") or "").lower() == "true"
    if not force:
        ctx.lro.ensure_idle(target.path_id)
    rid = record.body["id"]
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


def patch_start(ctx, req, target, resource, missing):
    """The first steps of every PATCH: the body checked against the spec, the stored resource (or the type's own
    404), no other operation running on it. Returns (property changes, stored resource, protected settings patch)."""
    changes = validate_request(resource, "PATCH", req.body).get("properties") or {}
    existing = ctx.store.get(target.path_id)
    if existing is None:
        raise missing(target)
    ctx.lro.ensure_idle(target.path_id)
    return changes, existing, changes.pop("configurationProtectedSettings", None)


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
