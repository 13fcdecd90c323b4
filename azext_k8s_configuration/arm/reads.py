"""The read commands' way to ARM (show, list): RawArm and ARM JSON, no SDK; the same lookup rules as every
other command (a missing cluster, resource group or subscription names the option to fix, REFERENCE §11)."""
from . import lookup
from .clients import connect as _connect
from .errors import from_status, service_call, service_error_parts


def raw_arm(cli_ctx, *_):
    from .raw_arm import RawArm
    return RawArm(cli_ctx)


def connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider=None, allowed=None):
    """RawArm and the ClusterRef of the -g/-c/-t/--cluster-rp options."""
    return _connect(cmd, raw_arm, resource_group_name, cluster_name, cluster_type, cluster_resource_provider,
                    allowed)


def _checked(what, status, body):
    if status >= 400:
        code, message = service_error_parts(body or {})
        raise from_status(status, code, message or f"HTTP {status}", what)
    return body


def get_json(arm, cluster, collection, name, api_version, not_found, missing_ok=False, what=None):
    """GET a child resource of the cluster as ARM JSON: None (missing_ok) or not_found when it alone is absent."""
    what = what or f"reading {collection} '{name}'"

    def read():
        status, body = service_call(what, arm.request, "GET", cluster.child_path(collection, name), api_version)
        return None if status == 404 else _checked(what, status, body)
    return lookup.get(arm, cluster, what, read, not_found, missing_ok)


def list_json(arm, cluster, collection, api_version, what):
    """Every child resource of a collection, following nextLink; an empty list under a missing cluster raises."""
    def read_all():
        status, page = service_call(what, arm.request, "GET", cluster.child_path(collection), api_version)
        if status == 404:
            return None
        items = []
        while True:
            page = _checked(what, status, page) or {}
            items.extend(page.get("value") or [])
            if not page.get("nextLink"):
                return items
            status, page = service_call(what, arm.get_page, page["nextLink"])
    return lookup.list_under(arm, cluster, what, read_all)
