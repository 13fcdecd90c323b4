"""The vocabulary of the flux commands: kinds, scopes, which options belong to which --kind, and the checks that
apply to options as such (foreign to the kind, immutable on update, an @FILE az could not read).
What belongs to a kind derives from its table (flux/sources/)."""
from azure.cli.core.azclierror import ArgumentUsageError, InvalidArgumentValueError, ValidationError

from ..validation.at_files import refuse_unread_files
from .sources import kinds
from .sources.common import COMMON_KEYS
from .sources.typed import option_name

SCOPES = ("cluster", "namespace")
# --kind value -> the wire sourceKind (git -> GitRepository); the kinds themselves: sources/kinds.KINDS
SOURCE_KIND_OF = {key: module.SOURCE_KIND for key, module in kinds.KINDS.items()}

# Options of the configuration itself (not of its source); every other option belongs to a source kind.
CONFIGURATION_OPTIONS = ("name", "scope", "namespace", "kind", "kustomization", "suspend",
                         "wait_for_reconciliation", "reconciliation_wait_duration")
# Which options belong to which --kind (REFERENCE.md §7) beside those every kind has (sources.common.COMMON_KEYS);
# the rest are refused by name.
KIND_OPTIONS = {key: kinds.own_option_keys(module) for key, module in kinds.KINDS.items()}

# Options whose value cannot begin with '@', so that such a value is an @FILE az could not read
# (validation/at_files.py): option -> (form, its -file twin). The source options' come from their rows (left out:
# --branch and --tag, since a git ref may begin with '@'; the -file options, a path whose own error names it; the
# switches and choices az checks itself); -k is left out too (kustomization values such as substitute=NAME:@daily
# are free text).
AT_FILE_OPTIONS = {
    "name": ("value", None), "namespace": ("value", None), "reconciliation_wait_duration": ("value", None),
    **kinds.at_file_options(),
}


def refuse_unread_at_files(options):
    """A value still '@PATH' after az's @file expansion: refused, naming the option and the file."""
    refuse_unread_files((option_name(key), options.get(key), form, file_option)
                        for key, (form, file_option) in AT_FILE_OPTIONS.items())


def check_option_names(source_options):
    """Unknown keyword options are a wiring mistake in the caller: TypeError, like any bad keyword."""
    unknown = sorted(set(source_options) - kinds.all_option_keys())
    if unknown:
        raise TypeError(f"unexpected option(s): {', '.join(unknown)}")


def given_options(options):
    """The options the user gave, {key: value}: az passes None for every option left out (switches included)."""
    return {key: value for key, value in options.items() if value is not None}


def refuse_foreign_options(kind_key, given):
    """Options of another --kind are refused, naming them and listing the ones that apply."""
    foreign = sorted(set(given) - set(kinds.option_keys(kinds.kind(kind_key))))
    if foreign:
        shown = ", ".join(map(option_name, foreign))
        valid = ", ".join(map(option_name, KIND_OPTIONS[kind_key]))
        common = ", ".join(map(option_name, COMMON_KEYS))
        raise ArgumentUsageError(
            f"{shown} {'does' if len(foreign) == 1 else 'do'} not apply to --kind {kind_key}.",
            f"Options for --kind {kind_key}: {valid} (and {common}).")


def parse_scope(scope):
    """--scope, any case -> 'cluster' | 'namespace' (default cluster)."""
    text = str(scope or "cluster").strip().lower()
    if text not in SCOPES:
        raise InvalidArgumentValueError(f"--scope '{scope}' is not valid.", "Use --scope cluster or --scope namespace.")
    return text


def parse_kind(kind):
    """--kind, any case -> 'git' | 'bucket' | 'azblob' | 'oci' (default git)."""
    text = str(kind or "git").strip().lower()
    if text not in SOURCE_KIND_OF:
        raise InvalidArgumentValueError(f"--kind '{kind}' is not valid.", f"Use one of: {', '.join(SOURCE_KIND_OF)}.")
    return text


def refuse_immutable_change(option, given, current, normalise):
    """Update: an option that cannot change (scope, namespace) may be repeated, not changed."""
    if given is None:
        return
    value = normalise(given)
    if current is not None and value != current:
        raise ValidationError(
            f"{option} cannot be changed on an existing configuration (it is '{current}', you asked for '{value}').",
            f"Delete the configuration and create it again with {option} {value}.")
