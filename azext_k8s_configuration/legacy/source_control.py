"""Flux v1 sourceControlConfigurations on a cluster, read through raw ARM requests (no SDK needed)."""
from urllib.parse import parse_qsl, urlsplit

from azext_k8s_configuration.arm import api_versions
from azext_k8s_configuration.arm.clients import raw_request
from azext_k8s_configuration.arm.errors import from_status, service_error_parts

COLLECTION = "sourceControlConfigurations"


def raise_for(status, payload, what, recommendation=None):
    code, message = service_error_parts(payload or {})
    raise from_status(status, code, message or f"HTTP {status}", what, recommendation)


def _get_page(client, path, params=None):
    status, payload = raw_request(client, "GET", path, api_versions.SOURCE_CONTROL_CONFIGURATIONS,
                                  params=params)
    if status == 404 and params is None:
        return None  # the collection's parent is absent (lookup.list_under finds out which)
    if status != 200:
        raise_for(status, payload, "Listing Flux v1 configurations")
    return payload or {}


def _split_next_link(link):
    """nextLink → (path, query params other than api-version), sent again through the same client."""
    parts = urlsplit(link)
    params = {key: value for key, value in parse_qsl(parts.query) if key != "api-version"}
    return parts.path, params


def list_all(client, cluster):
    """Every sourceControlConfiguration on the cluster (ARM JSON dicts), following nextLink; None on a 404."""
    items = []
    page = _get_page(client, cluster.child_path(COLLECTION))
    if page is None:
        return None
    while True:
        items.extend(page.get("value") or [])
        if not page.get("nextLink"):
            return items
        path, params = _split_next_link(page["nextLink"])
        page = _get_page(client, path, params)


def get(client, cluster, name):
    """One sourceControlConfiguration (ARM JSON dict); None when it does not exist."""
    status, payload = raw_request(client, "GET", cluster.child_path(COLLECTION, name),
                                  api_versions.SOURCE_CONTROL_CONFIGURATIONS)
    if status == 404:
        return None
    if status != 200:
        raise_for(status, payload, f"Reading Flux v1 configuration '{name}'")
    return payload
