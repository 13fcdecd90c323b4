"""az k8s-configuration flux show|list, flux kustomization show|list, flux deployed-object show|list.

Reads go through arm.reads (ARM JSON, no SDK client, no models) and print what az prints for the SDK models
(arm.wire_output): a read costs little more than `az rest` of the same URL (bench/, reads). This module imports
only what a read needs, so the command pays for nothing else.
"""
from azure.cli.core.azclierror import ResourceNotFoundError

from azext_k8s_configuration.arm import api_versions, lookup, reads, wire_output
from azext_k8s_configuration.flux.sources import secret_members  # noqa: F401  (a body printed is redacted)

COLLECTION = "fluxConfigurations"
KUSTOMIZATION_MODEL = "KustomizationDefinition"
STATUS_MODEL = "ObjectStatusDefinition"


def read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, cluster_resource_provider):
    """(the configuration's ARM JSON, its cluster); a ResourceNotFoundError naming what is missing."""
    arm, cluster = reads.connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    found = reads.get_json(arm, cluster, COLLECTION, name, api_versions.FLUX_CONFIGURATIONS,
                           configuration_not_found(name, cluster), what=f"reading flux configuration '{name}'")
    return found, cluster


def configuration_not_found(name, cluster):
    listing = f"az k8s-configuration flux list {cluster.cli_args}"
    return lookup.not_found("Flux configuration", name, cluster,
                            f"List the cluster's configurations with `{listing}`.")


def show_flux_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                            cluster_resource_provider=None):
    found, _ = read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                  cluster_resource_provider)
    return wire_output.resource(found, COLLECTION)


def list_flux_configurations(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider=None):
    arm, cluster = reads.connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    found = reads.list_json(arm, cluster, COLLECTION, api_versions.FLUX_CONFIGURATIONS,
                            "listing flux configurations")
    return [wire_output.resource(item, COLLECTION) for item in found]


def _properties(found):
    return found.get("properties") or {}


def list_kustomizations(cmd, resource_group_name, cluster_name, cluster_type, name, cluster_resource_provider=None):
    found, _ = read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                  cluster_resource_provider)
    kustomizations = _properties(found).get("kustomizations") or {}
    return {key: wire_output.model(value, KUSTOMIZATION_MODEL) for key, value in kustomizations.items()}


def show_kustomization(cmd, resource_group_name, cluster_name, cluster_type, name, kustomization_name,
                       cluster_resource_provider=None):
    """{name: kustomization}, the shape Microsoft's extension prints (scripts read `--query apps.path`)."""
    found, _ = read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                  cluster_resource_provider)
    kustomizations = _properties(found).get("kustomizations") or {}
    kustomization = kustomizations.get(kustomization_name)
    if kustomization is None:
        raise ResourceNotFoundError(
            f"Kustomization '{kustomization_name}' not found in flux configuration '{name}'.",
            "Existing kustomizations: " + (", ".join(sorted(kustomizations)) or "none") + ".")
    return {kustomization_name: wire_output.model(dict(kustomization, name=kustomization_name), KUSTOMIZATION_MODEL)}


def list_deployed_objects(cmd, resource_group_name, cluster_name, cluster_type, name,
                          cluster_resource_provider=None):
    found, _ = read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                  cluster_resource_provider)
    return [wire_output.model(status, STATUS_MODEL) for status in _properties(found).get("statuses") or []]


def show_deployed_object(cmd, resource_group_name, cluster_name, cluster_type, name, object_name, object_namespace,
                         object_kind, cluster_resource_provider=None):
    found, cluster = read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                        cluster_resource_provider)
    for status in _properties(found).get("statuses") or []:
        if (status.get("name") == object_name and status.get("namespace") == object_namespace
                and (status.get("kind") or "").lower() == object_kind.lower()):
            return wire_output.model(status, STATUS_MODEL)
    raise ResourceNotFoundError(
        f"No deployed object {object_kind} '{object_namespace}/{object_name}' in flux configuration '{name}'.",
        f"List them with `az k8s-configuration flux deployed-object list {cluster.cli_args} -n {name}`.")
