"""az k8s-configuration list|show|delete: Flux v1 sourceControlConfigurations, read and delete only.

The commands are deprecated in commands.py (az itself prints the pointer to `az k8s-configuration flux`);
they stay so users can find and remove what Flux v1 left behind before moving to Flux v2.
Results are the resource JSON with `properties` hoisted, the shape az gives SDK models.
"""
from functools import partial

from azure.cli.core.azclierror import AzureResponseError

from azext_k8s_configuration.arm import api_versions, clients, lookup, waiter
from azext_k8s_configuration.arm.errors import service_call
from azext_k8s_configuration.confirm import confirm

from . import source_control

DELETE_POLL_SECONDS = 2
DELETE_TIMEOUT_SECONDS = 10 * 60


def list_source_control_configurations(cmd, resource_group_name, cluster_name, cluster_type,
                                       cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    items = lookup.list_under(client, cluster, "listing Flux v1 configurations",
                              partial(source_control.list_all, client, cluster))
    return [flatten(item) for item in items]


def show_source_control_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                      cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    found = lookup.get(client, cluster, f"reading Flux v1 configuration '{name}'",
                       partial(source_control.get, client, cluster, name), _not_found(cluster, name))
    return flatten(found)


def delete_source_control_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, yes=False,
                                        cluster_resource_provider=None):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    what = f"deleting Flux v1 configuration '{name}'"
    if lookup.get(client, cluster, what, partial(source_control.get, client, cluster, name), None,
                  missing_ok=True) is None:
        lookup.already_absent(f"Flux v1 configuration '{name}'", f"cluster '{cluster.name}'")
        return None
    confirm(cmd, f"Delete the Flux v1 configuration '{name}' from cluster '{cluster.name}'? Its operator "
                 "is removed; what it deployed stays on the cluster.", yes)
    code, body = service_call(what, clients.raw_request, client, "DELETE",
                              cluster.child_path(source_control.COLLECTION, name),
                              api_versions.SOURCE_CONTROL_CONFIGURATIONS)
    if code == 202:
        _wait_until_gone(cmd, client, cluster, name)
    elif code not in (200, 204, 404):
        source_control.raise_for(code, body, what)
    return None


def flatten(resource):
    """ARM JSON → the shape az prints for SDK models: properties next to id, name, type, systemData."""
    flat = {key: value for key, value in resource.items() if key != "properties"}
    flat.update(resource.get("properties") or {})
    return flat


def _wait_until_gone(cmd, client, cluster, name):
    """The delete was accepted: poll the resource until it is gone (progress on stderr)."""
    def timed_out(_still_there):
        return AzureResponseError(
            f"Flux v1 configuration '{name}' is still being deleted after {DELETE_TIMEOUT_SECONDS // 60} minutes.",
            "Check it later with `az k8s-configuration show`.")

    # giving up when the next read would come after DELETE_TIMEOUT_SECONDS + one pause is giving up once
    # DELETE_TIMEOUT_SECONDS have passed
    waiter.poll(cmd, partial(service_call, f"reading Flux v1 configuration '{name}'", source_control.get, client,
                             cluster, name),
                lambda found: found is None, DELETE_POLL_SECONDS,
                progress=lambda _found: f"Deleting Flux v1 configuration '{name}'",
                timeout=DELETE_TIMEOUT_SECONDS + DELETE_POLL_SECONDS, timed_out=timed_out)


def _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider):
    # Any SDK client carries the pipeline (auth, retries, --debug logging) for raw requests.
    return clients.connect(cmd, clients.extensions_client, resource_group_name, cluster_name, cluster_type,
                           cluster_resource_provider)


def _not_found(cluster, name):
    return lookup.not_found(
        "Flux v1 configuration", name, cluster,
        f"List them with `az k8s-configuration list {cluster.cli_args}`; Flux v2 configurations are under "
        "`az k8s-configuration flux list`.")
