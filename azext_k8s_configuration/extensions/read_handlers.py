"""az k8s-extension show|list: ARM JSON through arm.reads, printed as az prints the SDK's Extension model
(arm.wire_output), with no SDK imported (see flux/read_handlers.py)."""
from azext_k8s_configuration.arm import api_versions, lookup, reads, wire_output
from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES

COLLECTION = "extensions"


def show_extension(cmd, resource_group_name, cluster_name, cluster_type, name, cluster_resource_provider=None):
    arm, cluster = reads.connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider,
                                 allowed=EXTENSION_CLUSTER_TYPES)
    not_found = lookup.not_found("Extension", name, cluster,
                                 f"List the cluster's extensions with `az k8s-extension list {cluster.cli_args}`.")
    found = reads.get_json(arm, cluster, COLLECTION, name, api_versions.EXTENSIONS, not_found,
                           what=f"reading extension '{name}'")
    return wire_output.resource(found, COLLECTION)


def list_extensions(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider=None):
    arm, cluster = reads.connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider,
                                 allowed=EXTENSION_CLUSTER_TYPES)
    found = reads.list_json(arm, cluster, COLLECTION, api_versions.EXTENSIONS, "listing extensions")
    return [wire_output.resource(item, COLLECTION) for item in found]
