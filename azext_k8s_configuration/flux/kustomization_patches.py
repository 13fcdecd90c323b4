"""``flux kustomization create|update|delete``: PATCH bodies that touch one kustomization of a configuration.

The settings arrive as keyword arguments ``**settings`` (keys and options: kustomization_settings.OPTIONS; None or
left out: not given), each read as its -k key is (kustomization_args.parse_setting)."""
from dataclasses import fields

from azure.cli.core.azclierror import RequiredArgumentMissingError, ResourceNotFoundError, ValidationError

from ..typed_names import as_typed
from ..validation.dependencies import check_dependencies, dependents_of
from ..validation.names import validate_combined_length, validate_kustomization_name
from . import payload
from .kustomization_args import Kustomization, merged_graph, parse_setting, sets_depends_on
from .kustomization_settings import OPTIONS
from .specs import KustomizationChange

# The options in the order of the Kustomization's fields: the order they are read in, and listed in messages
_FIELD_ORDER = [f.name for f in fields(Kustomization)]
_OPTIONS = sorted(OPTIONS, key=lambda setting: _FIELD_ORDER.index(setting.field))
OPTIONS_TEXT = ", ".join(setting.options[0] for setting in _OPTIONS[:-1]) + " or " + _OPTIONS[-1].options[0]


def check_kustomization_options(kustomization_name, **settings):
    """The checks of ``flux kustomization create|update|delete`` that need no stored configuration, run before
    anything is sent to ARM: the name and every value on its own (dependencies and existence come later)."""
    name = validate_kustomization_name(kustomization_name, "--kustomization-name")
    kustomization_from_options(name, settings)


def kustomization_create_patch(existing, kustomization_name, **settings):
    """KustomizationChange adding one kustomization; refuses a name that exists."""
    current = payload.read_existing(existing)
    name = validate_kustomization_name(kustomization_name, "--kustomization-name")
    if name in current.kustomizations:
        raise ValidationError(
            f"--kustomization-name: kustomization '{name}' already exists in configuration '{current.name}'.",
            "Use 'az k8s-configuration flux kustomization update' to change it, or pick another name.")
    if current.name:
        validate_combined_length(current.name, name, "--kustomization-name")
    kustomization = kustomization_from_options(name, settings)
    warnings = _check_merged_dependencies(current, kustomization)
    body = payload.kustomization_body(kustomization, full=True)
    return KustomizationChange(payload.kustomization_patch({name: body}), warnings)


def kustomization_update_patch(existing, kustomization_name, **settings):
    """KustomizationChange of one existing kustomization; only fields whose value changes are sent.

    ``substitute`` variables are merged into the stored ones (merge patch); ``substitute_from`` replaces
    the stored list."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    kustomization = kustomization_from_options(name, settings)
    if not kustomization.given():
        raise RequiredArgumentMissingError(
            "Nothing to update: give at least one kustomization setting.", f"Use {OPTIONS_TEXT}.")
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


def kustomization_from_options(name, settings):
    """The Kustomization ``name`` with the settings given as options ({key: value as given}; None: not given)."""
    unknown = set(settings) - {setting.key for setting in OPTIONS}
    if unknown:
        raise TypeError(f"not a kustomization setting: {', '.join(sorted(unknown))}")
    kustomization = Kustomization(name=name)
    for setting in _OPTIONS:
        value = settings.get(setting.key)
        if value is not None:
            setattr(kustomization, setting.field, parse_setting(setting, value, as_typed(setting.options[0])))
    return kustomization


def _check_merged_dependencies(current, kustomization):
    """Refuses a depends_on given here that names nothing, itself or closes a cycle; returns the warnings about
    stored ones."""
    graph = merged_graph({k.name: k.depends_on for k in current.kustomizations.values()}, [kustomization])
    return check_dependencies(graph, as_typed("--depends-on"), changed=sets_depends_on([kustomization]))
