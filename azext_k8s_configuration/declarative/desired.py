"""A file's configuration and the options given beside -f -> the create spec `flux create` would build from the same
values (flux/model.py build_create_spec: the same tables, the same rules, the same refusals).

Options beside -f override the file's members (a -k merges into the file's kustomization of that name, key by key).
Secrets come only from options. When the configuration already exists with the same source kind, a secret left out
is kept: where a rule needs a secret beside what the file sets (--https-user needs --https-key), the stored one
stands in for it (``KEPT``) and is not sent.
"""
from azure.cli.core.azclierror import AzCLIError, RequiredArgumentMissingError

from ..flux.kustomization_args import canonical_key, parse_one
from ..flux.sources.table import option_name

FILE_KUSTOMIZATIONS = "kustomizations"
_KEPT_TEXT = "a2VwdA=="  # base64 of 'kept': passes every check a kept secret meets, and is never sent


def kept_secrets(kind, options, stored_source):
    """{option key: stand-in} for the secrets a rule needs that the stored configuration of the same ``kind`` keeps
    (ARM never returns them, so the file cannot carry them). ``stored_source``: {option key: stored value}."""
    stored = {**{k: v for k, v in (stored_source or {}).items() if v is not None}, **options}
    kept = {}
    if kind == "git" and stored.get("https_user") and "https_key" not in options:
        kept["https_key"] = _KEPT_TEXT
    elif kind == "bucket" and stored.get("bucket_access_key") and "bucket_secret_key" not in options:
        kept["bucket_secret_key"] = _KEPT_TEXT
    elif kind == "azblob":
        given = {"sp_client_secret", "sp_client_cert", "account_key", "sas_token"} & set(options)
        if not given and stored.get("sp_client_id"):
            kept["sp_client_cert" if stored.get("sp_cert_send_chain") is not None else "sp_client_secret"] = _KEPT_TEXT
        elif not given and not any(stored.get(k) for k in ("mi_client_id", "local_auth_ref")):
            kept["account_key"] = _KEPT_TEXT  # an account key or a SAS token is stored: the rules need one
    return kept


def options_of(config, name, command_options, kustomization_groups):
    """The create options: the file's, then those given beside -f (not None) over them. -> (options, -k groups,
    the label of the -k values in messages)."""
    options = dict(config.options)
    options.update({key: value for key, value in command_options.items() if value is not None})
    options["name"] = name or config.name
    if not options["name"]:
        raise RequiredArgumentMissingError("The configuration has no name: the file has no 'name' and --name was "
                                           "not given.", "Add name: ... to the file, or pass --name.")
    groups = _merge_kustomizations(config.kustomizations, kustomization_groups)
    label = "--kustomization" if kustomization_groups and not config.kustomizations else FILE_KUSTOMIZATIONS
    return options, groups, label


def _merge_kustomizations(from_file, groups):
    merged = {name: _by_key(tokens) for name, tokens in from_file.items()}
    for tokens in groups or []:
        name = parse_one(tokens).name  # checked as -k is, and named as -k
        if name in merged:
            merged[name].update(_by_key(tokens))
        else:
            merged[name] = _by_key(tokens)
    return [list(tokens.values()) for tokens in merged.values()]


def _by_key(tokens):
    result = {}
    for token in tokens if not isinstance(tokens, str) else [tokens]:
        key = str(token).split("=", 1)[0].strip()
        result[canonical_key(key) if "=" in str(token) else key] = token
    return result


def build(config, name, command_options, kustomization_groups, stored=None):
    """-> FluxCreateSpec of what the file and the options describe. ``stored``: the current configuration
    (flux.payload.ExistingConfiguration) or None; secrets it keeps are not sent (see ``kept_secrets``)."""
    from ..flux import model
    from ..flux.options import parse_kind
    options, groups, label = options_of(config, name, command_options, kustomization_groups)
    for key in ("scope", "namespace"):  # they cannot change: left out of the file, the stored ones hold
        if options.get(key) is None and getattr(stored, key, None):
            options[key] = getattr(stored, key)
    kind = parse_kind(options.get("kind"))
    kept = {}
    if stored is not None and stored.kind == kind:
        source_options = {k: v for k, v in options.items() if k not in _CONFIGURATION_KEYS}
        kept = kept_secrets(kind, source_options, stored.source)
    try:
        spec = model.build_create_spec(**{**options, **kept}, kustomization=groups or None,
                                       kustomization_option=label,
                                       default_kustomization=not config.lists_kustomizations)
    except AzCLIError as error:
        raise _from_file(error, config, command_options) from None
    for key in kept:
        spec.source.values.pop(key, None)
    return spec


_CONFIGURATION_KEYS = ("name", "scope", "namespace", "kind", "suspend", "wait_for_reconciliation",
                       "reconciliation_wait_duration")


def _from_file(error, config, command_options):
    """A refusal about an option whose value came from the file also names the file's member."""
    text = str(error.error_msg)
    named = [(option_name(key), member) for key, member in config.members.items()
             if command_options.get(key) is None and option_name(key) in text]
    if named:
        text += " (from the file: " + ", ".join(f"{member} is {option}" for option, member in named) + ")"
        return type(error)(text, getattr(error, "recommendations", None) and error.recommendations[0])
    return error
