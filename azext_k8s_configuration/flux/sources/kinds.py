"""The source kinds by --kind, and what derives from their tables over all kinds.

A new kind is a module with KEY, SOURCE_KIND, BLOCK, OPTIONS, create(options) and update(options, stored),
listed here.
"""
from . import azblob, bucket, git, oci
from .common import COMMON_KEYS

KINDS = {module.KEY: module for module in (git, bucket, azblob, oci)}


def kind(key):
    """The module of --kind ``key`` (git, bucket, azblob, oci)."""
    return KINDS[key]


def of_source_kind(source_kind):
    """The module of a wire sourceKind (GitRepository, Bucket, ...); None for one this extension does not know."""
    return next((module for module in KINDS.values() if module.SOURCE_KIND == source_kind), None)


def option_keys(module):
    """Every option key of a kind, -file twins included, in table order."""
    keys = []
    for row in module.OPTIONS:
        keys.append(row.key)
        if row.file_key:
            keys.append(row.file_key)
    return tuple(keys)


def own_option_keys(module):
    """The option keys that belong to this kind only (not --url, --timeout, ... that every kind has)."""
    return tuple(key for key in option_keys(module) if key not in COMMON_KEYS)


def all_option_keys():
    return {key for module in KINDS.values() for key in option_keys(module)}


def cli_rows():
    """One row per option key over all kinds (the first kind's, in KINDS order): what az registers."""
    rows = {}
    for module in KINDS.values():
        for row in module.OPTIONS:
            rows.setdefault(row.key, row)
    return tuple(rows.values())


def at_file_options():
    """{option key: (form, -file twin name or None)} of every option az's @FILE may have failed to expand."""
    return {row.key: (row.at_file_form, row.file_name) for row in cli_rows() if row.at_file_form}


def secret_members():
    """{(parent, member)} of every secret kept in a source block (x-ms-secret), e.g. ("servicePrincipal",
    "clientSecret"); the parent of a member at the top of the block is the block itself ("azureBlob")."""
    return {((module.BLOCK,) + row.path)[-2:] for module in KINDS.values() for row in module.OPTIONS
            if row.secret and not row.protected}
