"""az k8s-configuration flux deployed-object list|show: the objects Flux reports in statuses[]."""
from azure.cli.core.azclierror import ResourceNotFoundError

from azext_k8s_configuration.flux.handler_steps import connect, get_configuration


def list_deployed_objects(cmd, resource_group_name, cluster_name, cluster_type, name,
                          cluster_resource_provider=None):
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    return get_configuration(client, cluster, name).statuses or []


def show_deployed_object(cmd, resource_group_name, cluster_name, cluster_type, name, object_name, object_namespace,
                         object_kind, cluster_resource_provider=None):
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    statuses = get_configuration(client, cluster, name).statuses or []
    for status in statuses:
        if (status.name == object_name and status.namespace == object_namespace
                and (status.kind or "").lower() == object_kind.lower()):
            return status
    raise ResourceNotFoundError(
        f"No deployed object {object_kind} '{object_namespace}/{object_name}' in flux configuration '{name}'.",
        f"List them with `az k8s-configuration flux deployed-object list {cluster.cli_args} -n {name}`.")
