"""``flux update``: a merge PATCH with only what the user gave, checked against the stored resource."""
from azure.cli.core.azclierror import RequiredArgumentMissingError

from ..typed_names import as_typed
from ..validation.names import validate_namespace
from . import payload
from .kustomization_args import ParsedKustomizations, parse_kustomization_args, parse_one
from .options import (
    SOURCE_KIND_OF,
    check_option_names,
    given_options,
    parse_kind,
    parse_scope,
    refuse_foreign_options,
    refuse_immutable_change,
    refuse_unread_at_files,
)
from .sources import common, kinds
from .sources.typed import typed_name
from .specs import FluxUpdateSpec


def check_update_options(name=None, scope=None, namespace=None, kind=None, kustomization=None, suspend=None,
                         **source_options):
    """The checks of ``flux update`` that need no stored resource, run before anything is sent to ARM:
    an option given at all, scope/namespace/kind values, durations, and each -k on its own (its
    dependencies are checked against the stored kustomizations later), and an @FILE az could not read.
    The rest waits for the resource."""
    refuse_unread_at_files(dict(source_options, name=name, namespace=namespace))
    given = given_options(dict(source_options, scope=scope, namespace=namespace, kind=kind,
                               kustomization=kustomization, suspend=suspend))
    if not given:
        raise RequiredArgumentMissingError(*_NOTHING_TO_UPDATE)
    if scope is not None:
        parse_scope(scope)
    if namespace is not None:
        validate_namespace(namespace, as_typed("--namespace"))
    if kind is not None:
        parse_kind(kind)
    for row in (common.TIMEOUT, common.SYNC_INTERVAL):  # the durations every kind has, checked as its rows do
        if source_options.get(row.key) is not None:
            row.check(source_options[row.key], typed_name(row))
    for group in kustomization or []:
        parse_one(group)


_NOTHING_TO_UPDATE = (
    "Nothing to update: no option that changes the configuration was given.",
    "Give at least one of --url, --branch/--tag/--semver/--commit, --timeout, --sync-interval, auth "
    "options, --suspend or --kustomization.")


def build_update_patch(existing, name=None, scope=None, namespace=None, kind=None, kustomization=None, suspend=None,
                       **source_options):
    """Check the update options against the current resource ``existing`` (wire JSON) -> FluxUpdateSpec.

    Only what the user gave goes into the patch. Secrets are sent only when given again. A change of
    --kind replaces the source: the new block is complete (as on create), the old one is nulled, and
    ``needs_confirmation`` says so. The rules of each kind: flux/sources/.
    """
    check_option_names(source_options)
    given = given_options(source_options)
    current = payload.read_existing(existing)
    config_name = name or current.name
    refuse_immutable_change(as_typed("--scope"), scope, current.scope, parse_scope)
    refuse_immutable_change(as_typed("--namespace"), namespace, current.namespace,
                            lambda value: validate_namespace(value, as_typed("--namespace")))

    new_key = parse_kind(kind) if kind is not None else current.kind
    refuse_foreign_options(new_key, given)
    needs_confirmation, removed_blocks = None, ()
    if new_key != current.kind:
        old_block = payload.SOURCE_BLOCKS[current.source_kind]
        needs_confirmation = (f"The source kind changes from {current.source_kind} to {SOURCE_KIND_OF[new_key]}: the "
                              f"'{old_block}' settings of '{config_name}' will be removed.")
        if "url" not in given:
            raise RequiredArgumentMissingError(
                f"Changing the source kind to {SOURCE_KIND_OF[new_key]} needs --url.", "Give the new source's --url.")
        source = kinds.kind(new_key).create(given)
        removed_blocks = (old_block,)
    else:
        source = kinds.kind(new_key).update(given, current.source)

    parsed = ParsedKustomizations([], [])  # the stored graph is checked only when -k changes it
    if kustomization:
        parsed = parse_kustomization_args(
            kustomization, config_name=config_name,
            existing_graph={k.name: k.depends_on for k in current.kustomizations.values()})
    upserts = [(k, k.name not in current.kustomizations) for k in parsed.kustomizations]

    patch = payload.update_patch(source, new_kind=new_key != current.kind, removed_blocks=removed_blocks,
                                 suspend=suspend, kustomizations=upserts)
    if not patch["properties"]:
        raise RequiredArgumentMissingError(*_NOTHING_TO_UPDATE)
    return FluxUpdateSpec(patch=patch, warnings=source.warnings + parsed.warnings,
                          needs_confirmation=needs_confirmation)
