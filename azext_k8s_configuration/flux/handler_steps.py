"""The steps the flux handlers share: the client and cluster, reading and listing configurations, keeping the
secrets of a body out of the logs, following an operation to its end.

The handler modules import this one at their top, and az imports them to print a group's help (it reads each
command's docstring): so the steps import what they use when they run.
"""
from functools import partial

from azext_k8s_configuration.arm import redaction
from azext_k8s_configuration.flux.sources import secret_members  # noqa: F401  (a body sent or printed is redacted)


def connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider=None):
    """The flux SDK client and the cluster's coordinates."""
    from azext_k8s_configuration.arm import clients
    return clients.connect(cmd, clients.flux_client, resource_group_name, cluster_name, cluster_type,
                           cluster_resource_provider)


def get_configuration(client, cluster, name, missing_ok=False, confirm_parents=True):
    """GET the configuration; when it does not exist: None (missing_ok) or a ResourceNotFoundError naming it.
    A missing cluster, resource group or subscription always raises, naming the option to fix (with
    ``confirm_parents=False``, the caller has just read the cluster: a 404 is the configuration's own)."""
    from azext_k8s_configuration.arm import lookup
    from azext_k8s_configuration.flux.read_handlers import configuration_not_found
    return lookup.get(client, cluster, f"reading flux configuration '{name}'",
                      partial(client.flux_configurations.get, *cluster.sdk_args(), name),
                      configuration_not_found(name, cluster), missing_ok, confirm_parents)


def wire(resource):
    """The SDK model as ARM wire JSON ({"properties": {...}})."""
    return resource.as_dict() if resource is not None else None


def register_secrets(body):
    """Every secret of a body (protected settings, in-block secrets) and its decoded form never reach a log."""
    from azext_k8s_configuration.flux.payload import secret_values
    for value in secret_values(body or {}):
        redaction.register_secret_and_decoded(value)


def finish(cmd, poller, what, no_wait):
    """--no-wait: return once accepted; otherwise follow the operation to its end."""
    if no_wait:
        return None
    from azext_k8s_configuration.arm import lro
    return lro.wait_for(cmd, poller, what)
