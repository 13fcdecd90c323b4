"""az k8s-configuration flux create|update|delete|wait — each handler reads like REFERENCE.md §6/§8.

az imports this module to print `az k8s-configuration flux -h` (it reads each handler's docstring): what a handler
needs beyond the light steps below, it imports when it runs.
"""
from functools import partial

from knack.log import get_logger

from azext_k8s_configuration.arm.errors import service_call
from azext_k8s_configuration.confirm import confirm, confirm_if_attended
from azext_k8s_configuration.flux.handler_steps import (
    connect,
    finish,
    get_configuration,
    register_secrets,
    wire,
)
from azext_k8s_configuration.typed_names import remember

logger = get_logger(__name__)


# flux create / update take the options of the source kinds (--url, --branch, --bucket-name, ...) as keyword
# arguments (**kwargs): _params.py registers them from the kinds' tables (flux/sources/), and the model checks them.

def create_flux_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, scope="cluster",
                              namespace="default", kind="git", kustomization=None, suspend=None,
                              wait_for_reconciliation=None, reconciliation_wait_duration=None,
                              cluster_resource_provider=None, yes=False, no_wait=False, **kwargs):
    # 1. Every rule is checked before anything is sent.
    remember(cmd)  # messages name each option as typed
    options = _model_options(locals())
    from azext_k8s_configuration.flux import model  # here, not at module level: show/list skip the rules
    spec = model.build_create_spec(**options)
    body = spec.body
    register_secrets(body)

    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    return send_create(cmd, client, cluster, spec.name, body, no_wait,
                       before_put=partial(_before_put, cmd, client, cluster, spec, yes))


def send_create(cmd, client, cluster, name, body, no_wait, before_put=None, extensions=None, registered=None):
    """Steps 2-3 of `flux create` (REFERENCE.md §6), also `flux apply`'s when the configuration does not exist.
    ``before_put`` runs once the cluster passed every check, before any change (flux create: the input's warnings
    and what the PUT replaces; flux apply: its warnings, its own read having found nothing to replace).
    ``extensions``: the extensions client to use (a fleet rollout's worker has its own); default: a new one;
    ``registered``: the subscriptions already read Registered (ensure_flux_installed)."""
    # 2. The microsoft.flux cluster extension must be installed and healthy (installed here if missing).
    from azext_k8s_configuration.extensions.ensure_flux import ensure_flux_installed
    ensure_flux_installed(cmd, cluster, client=extensions, before_changes=before_put, registered=registered)

    # 3. The configuration itself. A failure from here on says what exists now and what to run next.
    from azure.cli.core.azclierror import AzCLIError
    from azure.core.exceptions import AzureError

    from azext_k8s_configuration.flux import create_outcome
    logger.warning("Creating the flux configuration '%s' in the cluster. This may take a few minutes...", name)
    try:
        poller = client.flux_configurations.begin_create_or_update(*cluster.sdk_args(), name, body,
                                                                   polling=not no_wait)
    except AzureError as error:
        raise create_outcome.refused(error, cluster, name) from None
    try:
        return finish(cmd, poller, f"flux configuration '{name}'", no_wait)
    except AzCLIError as error:
        raise create_outcome.not_completed(error, cluster, name) from None


def _before_put(cmd, client, cluster, spec, yes):
    """Once the cluster passed every check: the input's warnings, then what an existing configuration of the same
    name loses to the PUT (a 404 is a new configuration; a scope or namespace change is refused first); removing
    pruned kustomizations is asked for when a terminal is attached (without one, the warnings stand and the create
    goes on, as Microsoft's tool does)."""
    existing = get_configuration(client, cluster, spec.name, missing_ok=True, confirm_parents=False)
    replaced = None
    if existing is not None:
        from azext_k8s_configuration.flux.replacement import replacement
        replaced = replacement(wire(existing), spec, cluster)  # refuses a scope or namespace change
    for warning in spec.warnings + (replaced.warnings if replaced else []):
        logger.warning(warning)
    if replaced and replaced.question:
        confirm_if_attended(cmd, replaced.question, yes)


def update_flux_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, scope=None,
                              namespace=None, kind=None, kustomization=None, suspend=None,
                              cluster_resource_provider=None, yes=False, no_wait=False, **kwargs):
    remember(cmd)  # messages name each option as typed
    options = _model_options(locals())
    from azext_k8s_configuration.flux import model
    model.check_update_options(**options)  # what needs no stored resource: before anything is sent
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    existing = wire(get_configuration(client, cluster, name))
    change = model.build_update_patch(existing, **options)
    register_secrets(change.patch)
    for warning in change.warnings:
        logger.warning(warning)
    if change.needs_confirmation:
        confirm(cmd, change.needs_confirmation + " Continue?", yes)
    poller = service_call(f"updating flux configuration '{name}'", client.flux_configurations.begin_update,
                          *cluster.sdk_args(), name, change.patch, polling=not no_wait)
    return finish(cmd, poller, f"flux configuration '{name}'", no_wait)


def wait_flux_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, created=False,
                            updated=False, deleted=False, exists=False, custom=None, interval=None, timeout=None,
                            cluster_resource_provider=None):
    from azext_k8s_configuration.arm import waiting
    condition = waiting.Condition(created, updated, deleted, exists, custom)
    condition.check()  # before anything is sent
    interval, timeout = waiting.poll_seconds(interval, timeout)
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    return waiting.wait_until(cmd, f"flux configuration '{name}'",
                              partial(get_configuration, client, cluster, name, missing_ok=True),
                              condition, interval, timeout, failure_of=lambda found: found.error_message,
                              show_command=f"az k8s-configuration flux show {cluster.cli_args} -n {name}")


def delete_flux_configuration(cmd, resource_group_name, cluster_name, cluster_type, name, force=False, yes=False,
                              cluster_resource_provider=None, no_wait=False):
    client, cluster = connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    existing = get_configuration(client, cluster, name, missing_ok=True)
    if existing is None:
        from azext_k8s_configuration.arm.lookup import already_absent
        already_absent(f"Flux configuration '{name}'", f"cluster '{cluster.name}'")
        return None
    from azext_k8s_configuration.flux import model
    notice = model.prune_notice(name, model.read_existing(wire(existing)))
    if notice:
        logger.warning(notice)
    confirm(cmd, f"Delete the flux configuration '{name}'?", yes)
    poller = service_call(f"deleting flux configuration '{name}'", client.flux_configurations.begin_delete,
                          *cluster.sdk_args(), name, force_delete=True if force else None, polling=not no_wait)
    return finish(cmd, poller, f"deleting flux configuration '{name}'", no_wait)


# Handler parameters that are not options of the configuration itself.
_NOT_MODEL_OPTIONS = ("cmd", "resource_group_name", "cluster_name", "cluster_type", "cluster_resource_provider",
                      "yes", "no_wait")


def _model_options(handler_locals):
    """The options a handler passes on to the model: its own parameters less the cluster and CLI ones, and the
    source options it took as keyword arguments."""
    options = {key: value for key, value in handler_locals.items() if key not in _NOT_MODEL_OPTIONS}
    options.update(options.pop("kwargs", {}))
    return options
