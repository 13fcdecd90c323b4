"""``flux update``: a merge PATCH with only what the user gave, checked against the stored resource."""
from azure.cli.core.azclierror import RequiredArgumentMissingError

from . import payload
from .git_rules import git_changes, git_source_for_create
from .kustomization_args import parse_kustomization_args, parse_one
from .options import (
    KINDS, check_option_names, given_options, parse_kind, parse_scope,
    refuse_foreign_options, refuse_immutable_change, refuse_unread_at_files)
from .other_source_updates import other_source_changes
from .other_sources import build_other_source
from .specs import FluxUpdateSpec, Secrets
from ..validation.durations import parse_duration
from ..validation.names import validate_namespace


def check_update_options(name=None, scope=None, namespace=None, kind=None, timeout=None, sync_interval=None,
                         kustomization=None, **others):
    """The checks of ``flux update`` that need no stored resource, run before anything is sent to ARM:
    an option given at all, scope/namespace/kind values, durations, and each -k on its own (its
    dependencies are checked against the stored kustomizations later), and an @FILE az could not read.
    The rest waits for the resource."""
    refuse_unread_at_files(dict(others, name=name, namespace=namespace, timeout=timeout, sync_interval=sync_interval))
    given = {key for key, value in dict(others, scope=scope, namespace=namespace, kind=kind, timeout=timeout,
                                         sync_interval=sync_interval, kustomization=kustomization).items()
             if value is not None}
    if not given:
        raise RequiredArgumentMissingError(*_NOTHING_TO_UPDATE)
    if scope is not None:
        parse_scope(scope)
    if namespace is not None:
        validate_namespace(namespace, "--namespace")
    if kind is not None:
        parse_kind(kind)
    for value, option in ((timeout, "--timeout"), (sync_interval, "--sync-interval")):
        if value is not None:
            parse_duration(value, option)
    for group in kustomization or []:
        parse_one(group)


_NOTHING_TO_UPDATE = (
    "Nothing to update: no option that changes the configuration was given.",
    "Give at least one of --url, --branch/--tag/--semver/--commit, --timeout, --sync-interval, auth "
    "options, --suspend or --kustomization.")


def build_update_patch(existing, name=None, scope=None, namespace=None, kind=None, url=None,
                       branch=None, tag=None, semver=None, commit=None, timeout=None, sync_interval=None,
                       ssh_private_key=None, ssh_private_key_file=None, known_hosts=None, known_hosts_file=None,
                       https_user=None, https_key=None, https_ca_cert=None, https_ca_cert_file=None,
                       local_auth_ref=None, provider=None, kustomization=None, suspend=None, **kind_options):
    """Check the update options against the current resource ``existing`` (wire JSON) -> FluxUpdateSpec.

    Only what the user gave goes into the patch. Secrets are sent only when given again. A change of
    --kind replaces the source: the new block is complete (as on create), the old one is nulled, and
    ``needs_confirmation`` says so. Bucket/azblob/oci sources: see other_source_updates.
    """
    check_option_names(kind_options)
    git_options = dict(branch=branch, tag=tag, semver=semver, commit=commit, ssh_private_key=ssh_private_key,
                       ssh_private_key_file=ssh_private_key_file, known_hosts=known_hosts,
                       known_hosts_file=known_hosts_file, https_user=https_user, https_key=https_key,
                       https_ca_cert=https_ca_cert, https_ca_cert_file=https_ca_cert_file, provider=provider)
    given = given_options(dict(kind_options, **git_options))
    current = payload.read_existing(existing)
    config_name = name or current.name
    warnings, needs_confirmation = [], None
    refuse_immutable_change("--scope", scope, current.scope, parse_scope)
    refuse_immutable_change("--namespace", namespace, current.namespace,
                            lambda value: validate_namespace(value, "--namespace"))

    current_key = next((key for key, value in KINDS.items() if value == current.source_kind), "git")
    new_key = parse_kind(kind) if kind is not None else current_key
    refuse_foreign_options(new_key, given)
    refs = dict(branch=branch, tag=tag, semver=semver, commit=commit)
    auth = {key: git_options[key] for key in git_options if key not in refs and key != "provider"}
    auth["local_auth_ref"] = local_auth_ref
    secrets, cleared_blocks = Secrets(), []

    if new_key != current_key:
        cleared_blocks.append(payload.SOURCE_BLOCKS[current.source_kind])
        needs_confirmation = (
            f"The source kind changes from {current.source_kind} to {KINDS[new_key]}: the '"
            f"{payload.SOURCE_BLOCKS[current.source_kind]}' settings of '{config_name}' will be removed.")
        if url is None:
            raise RequiredArgumentMissingError(
                f"Changing the source kind to {KINDS[new_key]} needs --url.", "Give the new source's --url.")
        if new_key == "git":
            source, secrets = git_source_for_create(url=url, refs=refs, timeout=timeout,
                                                    sync_interval=sync_interval, provider=provider,
                                                    warnings=warnings, **auth)
        else:
            source, secrets = build_other_source(new_key, url=url, tag=tag, semver=semver,
                                                 local_auth_ref=local_auth_ref, timeout=timeout,
                                                 sync_interval=sync_interval, warnings=warnings, **kind_options)
        source_changes = payload.source_block(KINDS[new_key], source)
    elif new_key == "git":
        changes, secrets = git_changes(current.git, url=url, refs=refs, timeout=timeout,
                                       sync_interval=sync_interval, provider=provider, warnings=warnings,
                                       auth=auth)
        source_changes = payload.git_changes_block(changes)
    else:
        options = dict(kind_options, url=url, timeout=timeout, sync_interval=sync_interval,
                       local_auth_ref=local_auth_ref, tag=tag, semver=semver)
        source_changes, secrets = other_source_changes(
            new_key, current.source, {key: value for key, value in options.items() if key in given_options(options)})

    upserts = []
    if kustomization:
        parsed, k_warnings = parse_kustomization_args(
            kustomization, config_name=config_name,
            existing_graph={k.name: k.depends_on for k in current.kustomizations.values()})
        warnings.extend(k_warnings)
        upserts = [(k, k.name not in current.kustomizations) for k in parsed]

    patch = payload.update_patch(
        source_kind=KINDS[new_key] if new_key != current_key else None, cleared_blocks=cleared_blocks,
        block_name=payload.SOURCE_BLOCKS[KINDS[new_key]], source_changes=source_changes, suspend=suspend,
        kustomizations=upserts, secrets=secrets)
    if not patch["properties"]:
        raise RequiredArgumentMissingError(*_NOTHING_TO_UPDATE)
    return FluxUpdateSpec(patch=patch, warnings=warnings, needs_confirmation=needs_confirmation)
