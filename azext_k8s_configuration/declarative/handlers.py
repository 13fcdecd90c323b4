"""az k8s-configuration flux apply | export: thin handlers over declarative/ (REFERENCE.md §12)."""
from knack.log import get_logger

logger = get_logger(__name__)

# Handler parameters that are not options of the configuration
_NOT_OPTIONS = ("cmd", "file", "resource_group_name", "cluster_name", "cluster_type", "cluster_resource_provider",
                "name", "dry_run", "ignore_unsupported", "kustomization", "no_wait", "kwargs")


def apply_flux_configuration(cmd, file, resource_group_name, cluster_name, cluster_type, name=None, dry_run=False,
                             ignore_unsupported=False, scope=None, namespace=None, kind=None, kustomization=None,
                             suspend=None, wait_for_reconciliation=None, reconciliation_wait_duration=None,
                             cluster_resource_provider=None, no_wait=False, **kwargs):
    command_options = {key: value for key, value in locals().items() if key not in _NOT_OPTIONS}
    command_options.update(kwargs)
    from ..flux.handler_steps import connect
    from . import apply
    from .reading import read_file
    config = read_file(file, ignore_unsupported)
    for note in config.notes:
        logger.warning(note)
    apply.precheck(config, name, command_options, kustomization)  # every rule that needs nothing stored
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    result = apply.apply_on_cluster(cmd, client, cluster, config, name, command_options, kustomization,
                                    dry_run=dry_run, no_wait=no_wait)
    return result.plan.as_dict() if dry_run else result.resource


def export_flux_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, export_format="azure",
                              file=None, cluster_resource_provider=None):
    from ..flux.read_handlers import read_configuration
    from . import export
    found, _ = read_configuration(cmd, resource_group_name, cluster_name, cluster_type, name,
                                  cluster_resource_provider)
    if export_format == "flux":
        text, notes = export.flux_manifests(found)
    else:
        document, notes = export.azure_document(found)
        text = export.dump(document, file)
    for note in notes:
        logger.warning(note)
    if file:
        export.write(file, text)
        return None
    if export_format == "flux":
        print(text, end="")
        return None
    return document
