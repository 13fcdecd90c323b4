"""``flux create``: every create option checked into a FluxCreateSpec (``build_create_spec``), and the notice of
what a delete removes (``prune_notice``). Handlers and tests reach it through model.py."""
from azure.cli.core.azclierror import ArgumentUsageError, RequiredArgumentMissingError

from ..typed_names import as_typed
from ..validation.durations import parse_duration
from ..validation.names import validate_combined_length, validate_configuration_name, validate_namespace
from .kustomization_args import Kustomization, ParsedKustomizations, parse_kustomization_args
from .options import (
    check_option_names,
    given_options,
    parse_kind,
    parse_scope,
    refuse_foreign_options,
    refuse_unread_at_files,
)
from .sources import kinds
from .specs import FluxCreateSpec

DEFAULT_KUSTOMIZATION = "kustomization-1"
DEFAULT_KUSTOMIZATION_WARNING = ("No --kustomization given: creating the kustomization 'kustomization-1' "
                                 "that applies the root of the repository.")


def build_create_spec(name=None, scope="cluster", namespace="default", kind="git", kustomization=None, suspend=False,
                      wait_for_reconciliation=None, reconciliation_wait_duration=None, name_optional=False,
                      kustomization_option=None, default_kustomization=True, **source_options):
    """Check every create option and return a FluxCreateSpec (raises typed azure-cli errors).

    ``name_optional``: `flux validate` runs these same rules, and skips those that need the configuration name
    (its format, the 63-character in-cluster names) when --name is left out; the spec's name is then None.

    ``source_options`` are the options of the source kinds (their tables: flux/sources/), e.g. url, branch,
    https_key, bucket_name. ``wait_for_reconciliation`` asks the service to finish the operation only once the
    kustomizations reconciled, for at most ``reconciliation_wait_duration`` (Go duration; giving it implies the wait).
    ``kustomization_option`` names where the -k tokens came from in messages (default: -k/--kustomization as typed;
    `flux apply -f`: the file's member);
    ``default_kustomization=False``: no -k means no kustomization (a file that lists none), not the default one.
    """
    check_option_names(source_options)
    refuse_unread_at_files(dict(source_options, name=name, namespace=namespace,
                                reconciliation_wait_duration=reconciliation_wait_duration))
    given = given_options(source_options)
    if not name and not name_optional:
        raise RequiredArgumentMissingError("--name is required.", "Name the configuration, e.g. --name cluster-config")
    name = validate_configuration_name(name, "--name") if name else None
    scope = parse_scope(scope)
    namespace = validate_namespace(namespace if namespace is not None else "default", as_typed("--namespace"))
    kind_key = parse_kind(kind)
    refuse_foreign_options(kind_key, given)
    source = kinds.kind(kind_key).create(given)

    if kustomization:
        parsed = parse_kustomization_args(kustomization, config_name=name, option=kustomization_option)
    elif not default_kustomization:
        parsed = ParsedKustomizations([], [])
    else:
        if name:  # flux validate without --name: no in-cluster name to check
            validate_combined_length(name, DEFAULT_KUSTOMIZATION, "--name")
        parsed = ParsedKustomizations([Kustomization(name=DEFAULT_KUSTOMIZATION, path="")],
                                      [DEFAULT_KUSTOMIZATION_WARNING])

    wait, wait_seconds = _reconciliation_wait(wait_for_reconciliation, reconciliation_wait_duration)
    return FluxCreateSpec(name=name, scope=scope, namespace=namespace, source=source,
                          kustomizations=parsed.kustomizations, suspend=bool(suspend),
                          warnings=source.warnings + parsed.warnings,
                          wait_for_reconciliation=wait, reconciliation_wait_duration=wait_seconds)


def _reconciliation_wait(wait, duration):
    if duration is None:
        return (True if wait else None), None
    if wait is False:
        raise ArgumentUsageError(
            "--reconciliation-wait-duration needs --wait-for-reconciliation (it was turned off).",
            "Drop --reconciliation-wait-duration, or turn --wait-for-reconciliation on.")
    return True, parse_duration(duration, "--reconciliation-wait-duration")


def prune_notice(name, current):
    """Deleting a configuration (ExistingConfiguration) whose kustomizations prune removes what they deployed."""
    pruned = sorted(k.name for k in current.kustomizations.values() if k.prune)
    if not pruned:
        return None
    return (f"Prune is enabled on kustomization(s) {', '.join(pruned)} of '{name}': deleting the configuration "
            "also removes the objects they deployed from the cluster.")
