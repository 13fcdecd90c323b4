"""az k8s-configuration flux apply | export: thin handlers over declarative/ (REFERENCE.md §12)."""
from knack.log import get_logger

logger = get_logger(__name__)

# Handler parameters that are not options of the configuration
_SELECTION = ("clusters_file", "cluster_ids", "cluster_query", "subscriptions")
_ROLLOUT = ("max_parallel", "canary", "canary_wait_compliant", "max_failures", "journal", "resume")
_NOT_OPTIONS = ("cmd", "file", "resource_group_name", "cluster_name", "cluster_type", "cluster_resource_provider",
                "name", "dry_run", "ignore_unsupported", "kustomization", "no_wait", "kwargs") + _SELECTION + _ROLLOUT


def apply_flux_configuration(cmd, file, resource_group_name=None, cluster_name=None, cluster_type=None, name=None,
                             dry_run=False, ignore_unsupported=False, scope=None, namespace=None, kind=None,
                             kustomization=None, suspend=None, wait_for_reconciliation=None,
                             reconciliation_wait_duration=None, cluster_resource_provider=None, no_wait=False,
                             clusters_file=None, cluster_ids=None, cluster_query=None, subscriptions=None,
                             max_parallel=None, canary=None, canary_wait_compliant=None, max_failures=None,
                             journal=None, resume=False, **kwargs):
    """One cluster (-g -c -t), or a rollout to the clusters a selection names (fleet/apply_fleet.py)."""
    given = locals()
    command_options = {key: value for key, value in given.items() if key not in _NOT_OPTIONS}
    command_options.update(kwargs)
    selection_options = {key: given[key] for key in _SELECTION}
    rollout_options = {key: given[key] for key in _ROLLOUT}
    from ..fleet import apply_fleet
    if apply_fleet.selected(selection_options):
        _refuse_single_cluster_options(cmd, cluster_name, cluster_type, cluster_resource_provider)
        return apply_fleet.rollout(cmd, file, name, command_options, kustomization, selection_options,
                                   rollout_options, dry_run, ignore_unsupported, no_wait)
    apply_fleet.refuse_rollout_options(rollout_options)
    missing = [option for option, value in (("--resource-group/-g", resource_group_name),
                                            ("--cluster-name/-c", cluster_name), ("--cluster-type/-t", cluster_type))
               if not value]
    if missing:
        from azure.cli.core.azclierror import RequiredArgumentMissingError
        raise RequiredArgumentMissingError(
            f"{' and '.join(missing)} required: flux apply works on one cluster (-g -c -t) or on the clusters a "
            "selection names.", "Add -g RG -c CLUSTER -t connectedClusters, or select clusters with "
            "--clusters-file, --cluster-ids, --cluster-query or --subscriptions.")
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


def _refuse_single_cluster_options(cmd, cluster_name, cluster_type, cluster_resource_provider):
    """A selection names the clusters: -g -c -t (typed, not a configured default group) are refused beside it."""
    typed = list((getattr(cmd.cli_ctx, "data", None) or {}).get("safe_params") or [])
    given = []
    for names, value in ((("--resource-group", "-g"), None), (("--cluster-name", "-c"), cluster_name),
                         (("--cluster-type", "-t"), cluster_type),
                         (("--cluster-resource-provider", "--cluster-rp"), cluster_resource_provider)):
        as_typed = [name for name in names if name in typed]
        if as_typed or value:
            given.append(as_typed[0] if as_typed else names[0])
    if given:
        from azure.cli.core.azclierror import MutuallyExclusiveArgumentError
        raise MutuallyExclusiveArgumentError(
            f"{', '.join(given)} name one cluster; a cluster selection (--clusters-file, --cluster-ids, "
            "--cluster-query, --subscriptions) names the clusters of a rollout: use one or the other.",
            "Leave -g -c -t out to roll out to the selection, or leave the selection out to apply to one cluster.")


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
