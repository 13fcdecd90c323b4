"""Maps an ARM path to its handler. Segments compare case-insensitively, as ARM does."""
from . import arm_basics
from .errors import ArmError
from .providers import CLUSTER_TYPES, KUBERNETES_CONFIGURATION

_KC = KUBERNETES_CONFIGURATION.lower()
_CLUSTER_TYPES = {(ns.lower(), t.lower()) for ns, t in CLUSTER_TYPES.values()}


def route(req):
    """Return the handler for req: fn(ctx, req) -> (status, body, headers)."""
    s = req.lower
    n = len(s)
    if n == 1 and s[0] == "tenants":
        return arm_basics.list_tenants
    if not s or s[0] != "subscriptions":
        return None
    if n == 1:
        return arm_basics.list_subscriptions
    if n == 2:
        return arm_basics.get_subscription
    if s[2] == "locations" and n == 3:
        return arm_basics.list_locations
    if s[2] == "resources" and n == 3:
        return arm_basics.list_resources
    if s[2] == "operationresults" and n == 4:
        return arm_basics.operation_result
    if s[2] == "providers":
        if n == 3:
            return arm_basics.list_providers
        if n == 4:
            return arm_basics.get_provider
        if n == 5 and s[4] in ("register", "unregister"):
            return arm_basics.register_provider
        if n == 5 and (s[3], s[4]) in _CLUSTER_TYPES:
            return arm_basics.list_of_type
        return None
    if s[2] != "resourcegroups":
        return None
    if n == 3:
        return arm_basics.resource_groups
    if n == 4:
        return arm_basics.resource_group
    if n == 5 and s[4] == "resources":
        return arm_basics.list_resources
    if s[4] != "providers" or n < 7:
        return None
    if n == 7:
        return arm_basics.list_of_type if (s[5], s[6]) in _CLUSTER_TYPES else None
    if n == 8:
        return arm_basics.cluster_resource
    if n >= 11 and s[8] == "providers" and s[9] == _KC:
        from . import rp
        return rp.handler_for(s[10], n)
    return None


def dispatch(ctx, req):
    handler = route(req)
    if handler is None:
        if not req.api_version:
            raise ArmError(400, "MissingApiVersionParameter",
                           "The api-version query parameter (?api-version=) is required for all requests.")
        raise ArmError(404, "InvalidResourceType" if req.lower[:1] == ["subscriptions"] else "NotFound",
                       "The resource type could not be found in the namespace for api version '{}'. ({})"
                       .format(req.api_version, req.path))
    return handler(ctx, req)
