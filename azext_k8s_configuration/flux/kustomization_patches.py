"""``flux kustomization create|update|delete``: PATCH bodies that touch one kustomization of a configuration."""
from azure.cli.core.azclierror import RequiredArgumentMissingError, ResourceNotFoundError, ValidationError

from ..typed_names import as_typed
from ..validation.dependencies import check_dependencies, dependents_of
from ..validation.durations import parse_duration
from ..validation.names import validate_combined_length, validate_kustomization_name
from ..validation.post_build import parse_substitute, parse_substitute_from
from . import payload
from .kustomization_args import Kustomization, merged_graph, parse_bool, parse_depends_on, sets_depends_on
from .specs import KustomizationChange


def check_kustomization_options(kustomization_name, path=None, depends_on=None, timeout=None, sync_interval=None,
                                retry_interval=None, prune=None, force=None, disable_health_check=None,
                                substitute=None, substitute_from=None):
    """The checks of ``flux kustomization create|update|delete`` that need no stored configuration, run before
    anything is sent to ARM: the name and every value on its own (dependencies and existence come later)."""
    name = validate_kustomization_name(kustomization_name, "--kustomization-name")
    _kustomization_from_options(
        name, path=path, depends_on=depends_on, timeout=timeout, sync_interval=sync_interval,
        retry_interval=retry_interval, prune=prune, force=force, disable_health_check=disable_health_check,
        substitute=substitute, substitute_from=substitute_from)


def kustomization_create_patch(existing, kustomization_name, path=None, depends_on=None, timeout=None,
                               sync_interval=None, retry_interval=None, prune=None, force=None,
                               disable_health_check=None, substitute=None, substitute_from=None):
    """KustomizationChange adding one kustomization; refuses a name that exists."""
    current = payload.read_existing(existing)
    name = validate_kustomization_name(kustomization_name, "--kustomization-name")
    if name in current.kustomizations:
        raise ValidationError(
            f"--kustomization-name: kustomization '{name}' already exists in configuration '{current.name}'.",
            "Use 'az k8s-configuration flux kustomization update' to change it, or pick another name.")
    if current.name:
        validate_combined_length(current.name, name, "--kustomization-name")
    kustomization = _kustomization_from_options(
        name, path=path, depends_on=depends_on, timeout=timeout, sync_interval=sync_interval,
        retry_interval=retry_interval, prune=prune, force=force, disable_health_check=disable_health_check,
        substitute=substitute, substitute_from=substitute_from)
    warnings = _check_merged_dependencies(current, kustomization)
    body = payload.kustomization_body(kustomization, full=True)
    return KustomizationChange(payload.kustomization_patch({name: body}), warnings)


def kustomization_update_patch(existing, kustomization_name, path=None, depends_on=None, timeout=None,
                               sync_interval=None, retry_interval=None, prune=None, force=None,
                               disable_health_check=None, substitute=None, substitute_from=None):
    """KustomizationChange of one existing kustomization; only fields whose value changes are sent.

    ``substitute`` variables are merged into the stored ones (merge patch); ``substitute_from`` replaces
    the stored list."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    kustomization = _kustomization_from_options(
        name, path=path, depends_on=depends_on, timeout=timeout, sync_interval=sync_interval,
        retry_interval=retry_interval, prune=prune, force=force, disable_health_check=disable_health_check,
        substitute=substitute, substitute_from=substitute_from)
    if not kustomization.given():
        raise RequiredArgumentMissingError(
            "Nothing to update: give at least one kustomization setting.",
            "Use --path, --depends-on, --timeout, --sync-interval, --retry-interval, --prune, --force, "
            "--disable-health-check, --substitute or --substitute-from.")
    warnings = _check_merged_dependencies(current, kustomization)
    old = current.kustomizations[name]
    changed = Kustomization(name=name, **{key: value for key, value in kustomization.given().items()
                                         if getattr(old, key) != value})
    body = payload.kustomization_body(changed, full=False)
    return KustomizationChange(payload.kustomization_patch({name: body}), warnings)


def kustomization_delete_patch(existing, kustomization_name):
    """KustomizationChange removing one kustomization, and the name from the depends_on of its ``dependents``
    in the same PATCH: left there, it would keep them waiting (DependencyNotReady) for good, and every later
    change to the configuration would meet a depends_on naming nothing."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    graph = {k.name: list(k.depends_on or []) for k in current.kustomizations.values()}
    dependents = dependents_of(graph, name)
    kept = [Kustomization(name=other, depends_on=[d for d in graph[other] if d != name]) for other in dependents]
    del graph[name]
    graph.update({k.name: k.depends_on for k in kept})
    warnings = check_dependencies(graph, "--kustomization-name", changed=())
    body = {name: None}
    body.update({k.name: payload.kustomization_body(k, full=False) for k in kept})
    return KustomizationChange(payload.kustomization_patch(body), warnings, dependents)


def _existing_kustomization(current, kustomization_name):
    if not kustomization_name:
        raise RequiredArgumentMissingError("--kustomization-name is required.", "Pass -k NAME.")
    name = str(kustomization_name)
    if name not in current.kustomizations:
        known = ", ".join(sorted(current.kustomizations)) or "none"
        raise ResourceNotFoundError(
            f"--kustomization-name: configuration '{current.name}' has no kustomization '{name}' (it has: {known}).",
            "List them with 'az k8s-configuration flux kustomization list'.")
    return name


def _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval, prune, force,
                                disable_health_check, substitute, substitute_from):
    def given(value, parse, option):
        return parse(value, option) if value is not None else None

    health_check_off = given(disable_health_check, parse_bool, "--disable-health-check")
    return Kustomization(
        name=name,
        path=path,
        depends_on=given(depends_on, parse_depends_on, as_typed("--depends-on")),
        timeout=given(timeout, parse_duration, "--timeout"),
        sync_interval=given(sync_interval, parse_duration, as_typed("--sync-interval")),
        retry_interval=given(retry_interval, parse_duration, "--retry-interval"),
        prune=given(prune, parse_bool, "--prune"),
        force=given(force, parse_bool, "--force"),
        wait=None if health_check_off is None else not health_check_off,
        substitute=given(substitute, parse_substitute, "--substitute"),
        substitute_from=given(substitute_from, parse_substitute_from, "--substitute-from"))


def _check_merged_dependencies(current, kustomization):
    """Refuses a depends_on given here that names nothing, itself or closes a cycle; returns the warnings about
    stored ones."""
    graph = merged_graph({k.name: k.depends_on for k in current.kustomizations.values()}, [kustomization])
    return check_dependencies(graph, as_typed("--depends-on"), changed=sets_depends_on([kustomization]))
