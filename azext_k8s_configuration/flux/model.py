"""Flux configurations as plain data built from command options; every input rule is checked here.

Handlers call ``build_create_spec``, ``build_update_patch`` and the ``kustomization_*_patch`` functions,
print ``.warnings`` and send ``.body`` / ``.patch``; the JSON itself comes from ``payload.py``.

Layout: ``options`` (kinds and option vocabulary), ``specs`` (the data), ``git_rules`` and ``other_sources``
(rules per source kind), ``update`` and ``kustomization_commands``; this module builds the create spec
and re-exports the public API.
"""
from azure.cli.core.azclierror import ArgumentUsageError, RequiredArgumentMissingError

from .git_rules import DEFAULT_BRANCH_WARNING, HTTPS_WITHOUT_AUTH_WARNING, git_source_for_create
from .kustomization_args import VALIDATION_IGNORED_WARNING, Kustomization, parse_kustomization_args
from .kustomization_commands import (
    check_kustomization_options, kustomization_create_patch, kustomization_delete_patch, kustomization_update_patch)
from .options import (
    DEFAULT_DURATION, KINDS, check_option_names, given_options, parse_kind, parse_scope, refuse_foreign_options,
    refuse_unread_at_files)
from .other_sources import build_other_source
from .specs import FluxCreateSpec, FluxUpdateSpec, GitSource, Secrets
from .update import build_update_patch, check_update_options
from ..validation.durations import parse_duration
from ..validation.names import validate_combined_length, validate_configuration_name, validate_namespace

DEFAULT_KUSTOMIZATION = "kustomization-1"
DEFAULT_KUSTOMIZATION_WARNING = ("No --kustomization given: creating the kustomization 'kustomization-1' "
                                 "that applies the root of the repository.")


def build_create_spec(name=None, scope="cluster", namespace="default", kind="git", url=None,
                      branch=None, tag=None, semver=None, commit=None, timeout=DEFAULT_DURATION,
                      sync_interval=DEFAULT_DURATION, ssh_private_key=None, ssh_private_key_file=None,
                      known_hosts=None, known_hosts_file=None, https_user=None, https_key=None,
                      https_ca_cert=None, https_ca_cert_file=None, local_auth_ref=None, provider=None,
                      kustomization=None, suspend=False, wait_for_reconciliation=None,
                      reconciliation_wait_duration=None, **kind_options):
    """Check every create option and return a FluxCreateSpec (raises typed azure-cli errors).

    ``wait_for_reconciliation`` asks the service to finish the operation only once the kustomizations
    reconciled, for at most ``reconciliation_wait_duration`` (Go duration; giving it implies the wait).

    ``kind_options`` are the options of the other kinds (KIND_OPTIONS['bucket'|'azblob'|'oci']).
    """
    check_option_names(kind_options)
    refuse_unread_at_files({**locals(), **kind_options})
    given = given_options(dict(kind_options, branch=branch, tag=tag, semver=semver, commit=commit,
                               ssh_private_key=ssh_private_key, ssh_private_key_file=ssh_private_key_file,
                               known_hosts=known_hosts, known_hosts_file=known_hosts_file, https_user=https_user,
                               https_key=https_key, https_ca_cert=https_ca_cert,
                               https_ca_cert_file=https_ca_cert_file, provider=provider))
    if not name:
        raise RequiredArgumentMissingError("--name is required.", "Name the configuration, e.g. --name cluster-config")
    name = validate_configuration_name(name, "--name")
    scope = parse_scope(scope)
    namespace = validate_namespace(namespace if namespace is not None else "default", "--namespace")
    kind_key = parse_kind(kind)
    refuse_foreign_options(kind_key, given)
    warnings = []

    if kind_key == "git":
        source, secrets = git_source_for_create(
            url=url, refs=dict(branch=branch, tag=tag, semver=semver, commit=commit), timeout=timeout,
            sync_interval=sync_interval, ssh_private_key=ssh_private_key, ssh_private_key_file=ssh_private_key_file,
            known_hosts=known_hosts, known_hosts_file=known_hosts_file, https_user=https_user, https_key=https_key,
            https_ca_cert=https_ca_cert, https_ca_cert_file=https_ca_cert_file, local_auth_ref=local_auth_ref,
            provider=provider, warnings=warnings)
    else:
        source, secrets = build_other_source(kind_key, url=url, tag=tag, semver=semver,
                                             local_auth_ref=local_auth_ref, timeout=timeout,
                                             sync_interval=sync_interval, warnings=warnings, **kind_options)

    if kustomization:
        kustomizations, k_warnings = parse_kustomization_args(kustomization, config_name=name)
    else:
        validate_combined_length(name, DEFAULT_KUSTOMIZATION, "--name")
        kustomizations, k_warnings = [Kustomization(name=DEFAULT_KUSTOMIZATION, path="")], []
        warnings.append(DEFAULT_KUSTOMIZATION_WARNING)
    warnings.extend(k_warnings)

    wait, wait_seconds = _reconciliation_wait(wait_for_reconciliation, reconciliation_wait_duration)
    return FluxCreateSpec(name=name, scope=scope, namespace=namespace, source_kind=KINDS[kind_key],
                          suspend=bool(suspend), git=source if kind_key == "git" else None,
                          kustomizations=kustomizations, secrets=secrets, warnings=warnings, source=source,
                          wait_for_reconciliation=wait, reconciliation_wait_duration=wait_seconds)


def _reconciliation_wait(wait, duration):
    if duration is None:
        return (True if wait else None), None
    if wait is False:
        raise ArgumentUsageError(
            "--reconciliation-wait-duration needs --wait-for-reconciliation (it was turned off).",
            "Drop --reconciliation-wait-duration, or turn --wait-for-reconciliation on.")
    return True, parse_duration(duration, "--reconciliation-wait-duration")


__all__ = [
    "GitSource", "Secrets", "FluxCreateSpec", "FluxUpdateSpec", "Kustomization", "build_create_spec",
    "build_update_patch", "check_update_options", "check_kustomization_options", "kustomization_create_patch",
    "kustomization_update_patch", "kustomization_delete_patch",
    "HTTPS_WITHOUT_AUTH_WARNING", "DEFAULT_BRANCH_WARNING", "DEFAULT_KUSTOMIZATION_WARNING",
    "VALIDATION_IGNORED_WARNING",
]  # the public API (handlers and tests import these from here)
