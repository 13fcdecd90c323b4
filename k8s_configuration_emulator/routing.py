"""Maps an ARM path to its handler: a table of path patterns with named segments (``patterns``); the
Microsoft.KubernetesConfiguration routes come from the resource-type registry. A handler is
fn(ctx, req) -> (status, body, headers) and reads the named segments from ``req.route``."""
from . import arm_basics, graph, rp
from .errors import ArmError
from .patterns import Pattern
from .providers import CLUSTER_TYPES

_CLUSTER_TYPES = {(ns.lower(), t.lower()) for ns, t in CLUSTER_TYPES.values()}
SUBSCRIPTION = "subscriptions/{subscription}"
GROUP = SUBSCRIPTION + "/resourceGroups/{resource_group}"


def _is_cluster_type(route):
    return (route["cluster_rp"].lower(), route["cluster_type"].lower()) in _CLUSTER_TYPES


ARM_ROUTES = [
    (Pattern("tenants"), arm_basics.list_tenants),
    (Pattern("subscriptions"), arm_basics.list_subscriptions),
    (Pattern(SUBSCRIPTION), arm_basics.get_subscription),
    (Pattern(SUBSCRIPTION + "/locations"), arm_basics.list_locations),
    (Pattern(SUBSCRIPTION + "/resources"), arm_basics.list_resources),
    (Pattern(SUBSCRIPTION + "/operationresults/{operation}"), arm_basics.operation_result),
    (Pattern(SUBSCRIPTION + "/providers"), arm_basics.list_providers),
    (Pattern(SUBSCRIPTION + "/providers/{namespace}"), arm_basics.get_provider),
    (Pattern(SUBSCRIPTION + "/providers/{namespace}/{action}", choices={"action": ("register", "unregister")}),
     arm_basics.register_provider),
    (Pattern(SUBSCRIPTION + "/providers/{cluster_rp}/{cluster_type}", where=_is_cluster_type),
     arm_basics.list_of_type),
    (Pattern(SUBSCRIPTION + "/resourceGroups"), arm_basics.resource_groups),
    (Pattern(GROUP), arm_basics.resource_group),
    (Pattern(GROUP + "/resources"), arm_basics.list_resources),
    (Pattern(GROUP + "/providers/{cluster_rp}/{cluster_type}", where=_is_cluster_type), arm_basics.list_of_type),
    (Pattern(GROUP + "/providers/{namespace}/{type}/{name}"), arm_basics.cluster_resource),
    (Pattern("providers/Microsoft.ResourceGraph/resources"), lambda ctx, req: ctx.graph.query(ctx, req)),
    (Pattern("providers/Microsoft.ResourceGraph/operations"), graph.operations),
]


def resource_type_routes(types):
    """Each registered type: its collection, its items, their operations (LRO types) and nested types."""
    routes = []
    for rtype in types:
        collection = rtype.scope.prefix + "/" + rtype.collection
        routes += [(Pattern(collection), rp.collection_handler(rtype)),
                   (Pattern(collection + "/{name}"), rp.item_handler(rtype))]
        if rtype.lro:
            routes.append((Pattern(collection + "/{name}/operations/{operation}"), rp.operation_handler(rtype)))
        for child in rtype.children:
            nested = collection + "/{name}/" + child.collection
            routes += [(Pattern(nested), rp.collection_handler(child)),
                       (Pattern(nested + "/{child_name}"), rp.item_handler(child))]
    return routes


class Router:
    def __init__(self, types):
        self._by_length = {}  # number of segments -> [(pattern, handler)], in table order
        for pattern, handler in ARM_ROUTES + resource_type_routes(types):
            self._by_length.setdefault(len(pattern), []).append((pattern, handler))

    def route(self, req):
        """The handler for req (its named segments stored in req.route), or None."""
        for pattern, handler in self._by_length.get(len(req.lower), ()):
            params = pattern.match(req.lower, req.segments)
            if params is not None:
                req.route = params
                return handler
        return None

    def dispatch(self, ctx, req):
        handler = self.route(req)
        if handler is None:
            if not req.api_version:
                raise ArmError(400, "MissingApiVersionParameter",
                               "The api-version query parameter (?api-version=) is required for all requests.")
            raise ArmError(404, "InvalidResourceType" if req.lower[:1] == ["subscriptions"] else "NotFound",
                           "The resource type could not be found in the namespace for api version '{}'. ({})"
                           .format(req.api_version, req.path))
        return handler(ctx, req)
