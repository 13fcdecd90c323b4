"""``flux kustomization create|update|delete``: PATCH bodies that touch one kustomization of a configuration."""
from azure.cli.core.azclierror import RequiredArgumentMissingError, ValidationError

from . import payload
from .kustomization_args import Kustomization, merged_graph, parse_bool, parse_depends_on
from ..validation.dependencies import check_dependencies, dependents_of
from ..validation.durations import parse_duration
from ..validation.names import validate_combined_length, validate_kustomization_name


def kustomization_create_patch(existing, kustomization_name, path=None, depends_on=None, timeout=None,
                               sync_interval=None, retry_interval=None, prune=None, force=None,
                               disable_health_check=None):
    """PATCH body adding one kustomization; refuses a name that exists."""
    current = payload.read_existing(existing)
    name = validate_kustomization_name(kustomization_name, "--kustomization-name")
    if name in current.kustomizations:
        raise ValidationError(
            f"--kustomization-name: kustomization '{name}' already exists in configuration '{current.name}'.",
            "Use 'az k8s-configuration flux kustomization update' to change it, or pick another name.")
    if current.name:
        validate_combined_length(current.name, name, "--kustomization-name")
    kustomization = _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval,
                                                prune, force, disable_health_check)
    _check_merged_dependencies(current, kustomization)
    return payload.kustomization_patch({name: payload.kustomization_body(kustomization, full=True)})


def kustomization_update_patch(existing, kustomization_name, path=None, depends_on=None, timeout=None,
                               sync_interval=None, retry_interval=None, prune=None, force=None,
                               disable_health_check=None):
    """PATCH body changing one existing kustomization; only fields whose value changes are sent."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    kustomization = _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval,
                                                prune, force, disable_health_check)
    if not kustomization.given():
        raise RequiredArgumentMissingError(
            "Nothing to update: give at least one kustomization setting.",
            "Use --path, --depends-on, --timeout, --sync-interval, --retry-interval, --prune, --force or "
            "--disable-health-check.")
    _check_merged_dependencies(current, kustomization)
    old = current.kustomizations[name]
    changed = Kustomization(name=name, **{key: value for key, value in kustomization.given().items()
                                         if getattr(old, key) != value})
    return payload.kustomization_patch({name: payload.kustomization_body(changed, full=False)})


def kustomization_delete_patch(existing, kustomization_name):
    """(PATCH body removing one kustomization, names of the kustomizations that depend on it)."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    graph = {k.name: k.depends_on for k in current.kustomizations.values()}
    return payload.kustomization_patch({name: None}), dependents_of(graph, name)


def _existing_kustomization(current, kustomization_name):
    if not kustomization_name:
        raise RequiredArgumentMissingError("--kustomization-name is required.", "Pass -k NAME.")
    name = str(kustomization_name)
    if name not in current.kustomizations:
        known = ", ".join(sorted(current.kustomizations)) or "none"
        raise ValidationError(
            f"--kustomization-name: configuration '{current.name}' has no kustomization '{name}' (it has: {known}).",
            "List them with 'az k8s-configuration flux kustomization list'.")
    return name


def _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval, prune, force,
                                disable_health_check):
    return Kustomization(
        name=name,
        path=path,
        depends_on=parse_depends_on(depends_on, "--depends-on") if depends_on is not None else None,
        timeout=parse_duration(timeout, "--timeout") if timeout is not None else None,
        sync_interval=parse_duration(sync_interval, "--sync-interval") if sync_interval is not None else None,
        retry_interval=parse_duration(retry_interval, "--retry-interval") if retry_interval is not None else None,
        prune=parse_bool(prune, "--prune") if prune is not None else None,
        force=parse_bool(force, "--force") if force is not None else None,
        wait=(not parse_bool(disable_health_check, "--disable-health-check")
              if disable_health_check is not None else None))


def _check_merged_dependencies(current, kustomization):
    graph = merged_graph({k.name: k.depends_on for k in current.kustomizations.values()}, [kustomization])
    check_dependencies(graph, "--depends-on")
