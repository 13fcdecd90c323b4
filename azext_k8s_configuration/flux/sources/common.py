"""What the source kinds share: the rows of --url, --timeout, --sync-interval, --local-auth-ref, --tag and --semver,
the value checks of more than one kind, and the steps every kind's rules take (values, groups, clearing)."""
import re

from azure.cli.core.azclierror import (
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from ...validation.durations import format_duration, parse_duration
from ...validation.names import validate_secret_name
from ...validation.urls import display_url
from ..kustomization_settings import DEFAULT_INTERVAL_SECONDS
from .table import Option
from .typed import typed_file_name, typed_name

DEFAULT_DURATION = format_duration(DEFAULT_INTERVAL_SECONDS)  # "10m", as the user would type it
AUTH, GIT_REF = "Auth", "Git Repo Ref"
URL_HELP = "URL of the source: http://, https://, ssh:// or git@ for git."


# --------------------------------------------------------------------------- value checks

def not_blank(value, option):
    """A text that must not be empty or only spaces -> str."""
    if not str(value).strip():
        raise InvalidArgumentValueError(f"{option} must not be empty.", f"Give a value for {option} or leave it out.")
    return str(value)


def matching(pattern, what, recommendation):
    """A check that the whole value matches ``pattern``, else "--option 'VALUE' is not {what}."."""
    regex = re.compile(pattern)

    def check(value, option):
        if not regex.fullmatch(str(value)):
            raise InvalidArgumentValueError(f"{option} '{value}' is not {what}.", recommendation)
        return value
    return check


def on_off(value, _option=None):
    """A switch (true/false): None when left out, else a bool; an explicit false is sent too (it turns the
    setting off on update)."""
    return None if value is None else bool(value)


def http_url(kind_option):
    """The --url check of a source at an http(s) endpoint (bucket, azblob); ``kind_option`` e.g. '--kind bucket'."""
    def check(url, option):
        if not url:
            raise RequiredArgumentMissingError(f"{option} is required.",
                                               f"{kind_option} needs the endpoint URL, e.g. {option} https://...")
        url = str(url)
        if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url) or not host(url):
            raise InvalidArgumentValueError(f"{option} '{display_url(url)}' is not an http(s) URL.",
                                            f"{kind_option} needs an http:// or https:// endpoint URL.")
        if "@" in url:
            raise InvalidArgumentValueError(
                f"{option} '{display_url(url)}' must not contain credentials: they would be stored and shown in "
                "clear.", "Remove them from the URL and use the kind's key options or --local-auth-ref.")
        return url
    return check


def host(url):
    """The authority part of ``url`` ('' when there is none)."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    return rest.split("/", 1)[0]


# --------------------------------------------------------------------------- rows every kind has

def url_option(check):
    return Option("url", ("url",), URL_HELP, names=("--url", "-u"), check=check)


TIMEOUT = Option("timeout", ("timeoutInSeconds",), "Timeout of source operations, Go duration (e.g. 10m, 1h30m).",
                 check=parse_duration, default=DEFAULT_DURATION)
SYNC_INTERVAL = Option("sync_interval", ("syncIntervalInSeconds",),
                       "Interval between source syncs, Go duration (e.g. 10m, 1h30m).",
                       names=("--interval", "--sync-interval"), check=parse_duration, default=DEFAULT_DURATION)
LOCAL_AUTH_REF = Option("local_auth_ref", ("localAuthRef",),
                        "Name of a Kubernetes secret in the configuration namespace holding the credentials.",
                        group=AUTH, names=("--local-auth-ref", "--local-ref"), check=validate_secret_name)
# git and OCI sources: a git ref may begin with '@', so --tag is not taken for an unread @FILE
TAG = Option("tag", ("repositoryRef", "tag"), "Tag to sync.", group=GIT_REF, check=not_blank, at_file=None)
SEMVER = Option("semver", ("repositoryRef", "semver"), "Semver range of tags to sync.", group=GIT_REF,
                check=not_blank)
# the options of every kind, which "options of another kind" never lists
COMMON_KEYS = ("url", "timeout", "sync_interval", "local_auth_ref")


# --------------------------------------------------------------------------- steps of the rules

def rows_by_key(rows):
    return {row.key: row for row in rows}


def check_values(rows, options, keys=None):
    """{key: value to send} for the given options (or only ``keys`` of them), each checked by its row;
    a -file twin is read into its option's key. Assumes ``check_file_twins`` passed."""
    values = {}
    for row in rows:
        if keys is not None and row.key not in keys:
            continue
        if row.key in options:
            value = options[row.key]
            values[row.key] = row.check(value, typed_name(row)) if row.check else value
        elif row.file_key and row.file_key in options:
            values[row.key] = row.read_file(options[row.file_key], typed_file_name(row))
    return values


def check_file_twins(rows, options):
    """An option and its -file twin are two ways to give one value: never both."""
    for row in rows:
        if row.file_key and row.key in options and row.file_key in options:
            raise MutuallyExclusiveArgumentError(
                f"{typed_name(row)} and {typed_file_name(row)} cannot be used together.",
                f"Pass the value base64-encoded with {typed_name(row)}, or the file with {typed_file_name(row)}.")


def with_defaults(rows, values):
    """Create: the documented default of every row left out (e.g. --timeout 10m)."""
    for row in rows:
        if row.default is not None and row.key not in values:
            values[row.key] = row.check(row.default, typed_name(row))
    return values


def is_on(value):
    """Given and not switched off: a switch set to false chooses nothing."""
    return value is not None and value is not False


def chosen(groups, options):
    """The names of ``groups`` ({name: option keys}) that have an option given (and on)."""
    return [name for name, keys in groups.items() if any(is_on(options.get(key)) for key in keys)]


def one_of(groups, options, message, recommendation):
    """The one group chosen (None when none); two or more: MutuallyExclusiveArgumentError.
    ``message`` is formatted with ``given`` ('--tag and --semver')."""
    names = chosen(groups, options)
    if len(names) > 1:
        raise MutuallyExclusiveArgumentError(message.format(given=" and ".join(names)), recommendation)
    return names[0] if names else None


def stored_group(groups, stored):
    """The group of which something is stored (what ARM shows), or None."""
    for name, keys in groups.items():
        if any(is_on(stored.get(key)) for key in keys):
            return name
    return None


def others_of(groups, name):
    """The option keys of every group but ``name``."""
    return [key for other, keys in groups.items() if other != name for key in keys]


def removals(rows, stored, keys):
    """{key: None} (remove) for those ``keys`` that may be stored. ARM never returns a secret: one directly in
    the block may always be there, one inside an object (servicePrincipal.clientSecret) when that object is."""
    by_key = rows_by_key(rows)

    def may_be_stored(key):
        if is_on(stored.get(key)):
            return True
        row = by_key[key]
        if not row.secret:
            return False
        if len(row.path) == 1:
            return True
        return any(is_on(stored.get(other.key)) for other in rows if other.path[0] == row.path[0])
    return {key: None for key in dict.fromkeys(keys) if may_be_stored(key)}
