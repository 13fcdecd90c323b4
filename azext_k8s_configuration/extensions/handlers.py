"""az k8s-extension create|update|delete|wait (REFERENCE.md §8): checks, then one ARM call each.

az imports this module to print `az k8s-extension -h` (it reads each handler's docstring): the rules, the clients
and the waits are imported by the handlers when they run.
"""
from functools import partial

from azure.cli.core.azclierror import AzCLIError, AzureResponseError, InvalidArgumentValueError
from knack.log import get_logger

from azext_k8s_configuration.arm.errors import service_call, translate
from azext_k8s_configuration.confirm import confirm
from azext_k8s_configuration.typed_names import remember

from . import payload, status

logger = get_logger(__name__)


def create_extension(cmd, resource_group_name, cluster_name, cluster_type, name, extension_type, scope=None,
                     release_namespace=None, target_namespace=None, auto_upgrade_minor_version=None, version=None,
                     release_train=None, configuration_settings=None, configuration_protected_settings=None,
                     configuration_settings_file=None, configuration_protected_settings_file=None, plan_name=None,
                     plan_product=None, plan_publisher=None, yes=False, cluster_resource_provider=None,
                     no_wait=False):
    from . import model, offered_versions
    remember(cmd)  # messages name each option as typed
    spec = model.build_create_spec(
        extension_type, scope=scope, release_namespace=release_namespace, target_namespace=target_namespace,
        auto_upgrade_minor_version=auto_upgrade_minor_version, version=version, release_train=release_train,
        configuration_settings=configuration_settings,
        configuration_protected_settings=configuration_protected_settings,
        configuration_settings_file=configuration_settings_file,
        configuration_protected_settings_file=configuration_protected_settings_file,
        plan_name=plan_name, plan_product=plan_product, plan_publisher=plan_publisher)
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)

    existing = _get_extension(client, cluster, name, missing_ok=True)
    # a new extension: a type the cluster's catalog does not list is most likely a typo (warned, then sent)
    offered = offered_versions.check_type_offered(cmd, cluster, spec.extension_type) if existing is None else None
    if spec.version is not None and offered is not False:  # versions of a type it does not list: nothing to check
        same_type = existing is not None and status.extension_type(existing).lower() == spec.extension_type.lower()
        offered_versions.check_offered(cmd, cluster, spec.extension_type, spec.version,
                                       spec.release_train or (status.release_train(existing) if same_type else None))
    _warn(spec.warnings)  # once the cluster is found and the version offered: no warning before a refusal
    if existing is not None:
        return _create_over_existing(cmd, client, cluster, name, spec, existing, yes, no_wait)

    poller = _put(client, cluster, name, payload.create_body(spec, cluster), no_wait)
    return _finish(cmd, poller, cluster, name, "creating", no_wait)


def _put(client, cluster, name, body, no_wait):
    """PUT a new extension; a conflict usually means the type is already installed under another name."""
    from azure.core.exceptions import AzureError, HttpResponseError
    try:
        return client.extensions.begin_create(*cluster.sdk_args(), name, body, polling=not no_wait)
    except HttpResponseError as error:
        recommendation = None
        if error.status_code == 409:
            recommendation = (
                "A cluster holds one extension of each type: `az k8s-extension list "
                f"{cluster.cli_args} -o table` shows them; change "
                "the existing one with `az k8s-extension update ... -n NAME`, or retry if another operation was "
                "running.")
        raise translate(error, f"creating extension '{name}'", recommendation) from None
    except AzureError as error:
        raise translate(error, f"creating extension '{name}'") from None


def _create_over_existing(cmd, client, cluster, name, spec, existing, yes, no_wait):
    """`create` on an extension of the same type updates its settings (the tutorial's image-controller step)."""
    from . import model
    current_type = status.extension_type(existing)
    if current_type.lower() != spec.extension_type.lower():
        raise InvalidArgumentValueError(
            f"Extension '{name}' already exists on cluster '{cluster.name}' with type '{current_type}', "
            f"not '{spec.extension_type}'.",
            "Choose another --name, or delete the existing extension first.")
    stored = existing.as_dict()
    model.check_same_placement(spec, stored.get("properties", {}).get("scope"), name)
    model.check_same_plan(spec, _plan_of(stored), name)
    changes = spec.changes()
    if changes.is_empty():
        logger.warning("Extension '%s' (%s) already exists on cluster '%s'; nothing to change.",
                       name, current_type, cluster.name)
        return existing
    logger.warning("Extension '%s' (%s) already exists on cluster '%s'; updating its settings instead.",
                   name, current_type, cluster.name)
    return _patch(cmd, client, cluster, name, changes, yes, no_wait)


def _plan_of(stored):
    """The stored plan as the spec holds it ({"name", "product", "publisher"}), or None."""
    plan = stored.get("plan")
    return {key: plan.get(key) for key in ("name", "product", "publisher")} if plan else None


def update_extension(cmd, resource_group_name, cluster_name, cluster_type, name, auto_upgrade_minor_version=None,
                     version=None, release_train=None, configuration_settings=None,
                     configuration_protected_settings=None, configuration_settings_file=None,
                     configuration_protected_settings_file=None, remove_configuration_settings=None,
                     remove_configuration_protected_settings=None, yes=False, cluster_resource_provider=None,
                     no_wait=False):
    from . import model, offered_versions
    remember(cmd)  # messages name each option as typed
    changes = model.build_changes(
        configuration_settings=configuration_settings,
        configuration_protected_settings=configuration_protected_settings,
        configuration_settings_file=configuration_settings_file,
        configuration_protected_settings_file=configuration_protected_settings_file,
        auto_upgrade_minor_version=auto_upgrade_minor_version, version=version, release_train=release_train,
        remove_configuration_settings=remove_configuration_settings,
        remove_configuration_protected_settings=remove_configuration_protected_settings)
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    existing = _get_extension(client, cluster, name)
    model.check_changes(changes, status.extension_type(existing),
                        getattr(existing.properties, "auto_upgrade_minor_version", None))
    model.drop_absent_removals(changes, getattr(existing.properties, "configuration_settings", None), name)
    if changes.is_empty():  # only removals of keys it does not hold: it already is as asked
        _warn(changes.warnings)
        logger.warning("Extension '%s' on cluster '%s': nothing to change.", name, cluster.name)
        return existing
    if changes.version is not None:
        offered_versions.check_offered(cmd, cluster, status.extension_type(existing), changes.version,
                                       changes.release_train or status.release_train(existing))
    return _patch(cmd, client, cluster, name, changes, yes, no_wait)


def _patch(cmd, client, cluster, name, changes, yes, no_wait):
    _warn(changes.warnings)
    if changes.protected_keys():
        confirm(cmd, _protected_question(changes, name), yes)
    poller = service_call(f"updating extension '{name}'", client.extensions.begin_update,
                          *cluster.sdk_args(), name, payload.patch_body(changes), polling=not no_wait)
    return _finish(cmd, poller, cluster, name, "updating", no_wait)


def _protected_question(changes, name):
    """What a change to protected settings does, naming the keys (never a value)."""
    parts = []
    if changes.configuration_protected_settings:
        keys = ", ".join(f"'{key}'" for key in changes.configuration_protected_settings)
        parts.append(f"The protected setting(s) {keys} of extension '{name}' will be set to the values given")
    if changes.removed_protected_settings:
        keys = ", ".join(f"'{key}'" for key in changes.removed_protected_settings)
        parts.append(f"the protected setting(s) {keys} of extension '{name}' will be removed" if parts
                     else f"The protected setting(s) {keys} of extension '{name}' will be removed")
    return "; ".join(parts) + "; stored protected values cannot be shown or compared. Continue?"


def delete_extension(cmd, resource_group_name, cluster_name, cluster_type, name, force=False, yes=False,
                     cluster_resource_provider=None, no_wait=False):
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    existing = _get_extension(client, cluster, name, missing_ok=True)
    if existing is None:
        from azext_k8s_configuration.arm import lookup
        lookup.already_absent(f"Extension '{name}'", f"cluster '{cluster.name}'")
        return None
    question = f"Delete the extension '{name}' ({status.extension_type(existing)}) from cluster '{cluster.name}'?"
    if status.is_flux(existing):
        question += " Flux is removed from the cluster and its flux configurations stop reconciling."
    confirm(cmd, question, yes)
    poller = service_call(f"deleting extension '{name}'", client.extensions.begin_delete,
                          *cluster.sdk_args(), name, force_delete=True if force else None, polling=not no_wait)
    _finish(cmd, poller, cluster, name, "deleting", no_wait)
    return None


def wait_extension(cmd, resource_group_name, cluster_name, cluster_type, name, created=False, updated=False,
                   deleted=False, exists=False, custom=None, interval=None, timeout=None,
                   cluster_resource_provider=None):
    from azext_k8s_configuration.arm import waiting
    condition = waiting.Condition(created, updated, deleted, exists, custom)
    condition.check()  # before anything is sent
    interval, timeout = waiting.poll_seconds(interval, timeout)
    client, cluster = _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider)
    return waiting.wait_until(cmd, f"extension '{name}'", partial(_get_extension, client, cluster, name, True),
                              condition, interval, timeout, failure_of=status.failure_details,
                              show_command=f"az k8s-extension show {cluster.cli_args} -n {name}")


def _connect(cmd, resource_group_name, cluster_name, cluster_type, cluster_resource_provider):
    from azext_k8s_configuration.arm import clients
    from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES
    return clients.connect(cmd, clients.extensions_client, resource_group_name, cluster_name, cluster_type,
                           cluster_resource_provider, allowed=EXTENSION_CLUSTER_TYPES)


def _get_extension(client, cluster, name, missing_ok=False):
    """GET the extension; when it does not exist: None (missing_ok) or a ResourceNotFoundError naming it.
    A missing cluster, resource group or subscription always raises, naming the option to fix."""
    from azext_k8s_configuration.arm import lookup
    return lookup.get(client, cluster, f"reading extension '{name}'",
                      partial(client.extensions.get, *cluster.sdk_args(), name),
                      lookup.not_found("Extension", name, cluster, "List the cluster's extensions with "
                                                                   f"`az k8s-extension list {cluster.cli_args}`."),
                      missing_ok)


def _finish(cmd, poller, cluster, name, doing, no_wait):
    """--no-wait: return once the request is accepted; otherwise follow the operation to its end."""
    if no_wait:
        return None
    from azext_k8s_configuration.arm import lro
    coordinates = f"{cluster.cli_args} -n {name}"
    inspect = f"Inspect it with `az k8s-extension show {coordinates}`."
    try:
        result = lro.wait_for(cmd, poller, f"{doing} extension '{name}'")
    except AzCLIError as error:
        if not error.recommendations and doing != "deleting":
            error.set_recommendation(f"{inspect} Once the cause is fixed, delete it (`az k8s-extension delete "
                                     f"{coordinates} --yes`) and create it again.")
        raise
    if result is not None and status.provisioning_state(result) == "Failed":
        details = status.failure_details(result) or "the service gave no error details"
        raise AzureResponseError(f"{doing.capitalize()} extension '{name}' ended Failed: {details}", inspect)
    return result


def _warn(warnings):
    for warning in warnings:
        logger.warning(warning)
