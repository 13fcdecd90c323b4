"""--kind bucket: an S3-compatible bucket (REFERENCE.md §7). Its options, and its create and update rules side by side.

Auth: --bucket-access-key with --bucket-secret-key (the secret key goes to the protected settings), or
--local-auth-ref; on update the secret key alone rotates the stored access key's, and choosing one way removes
the stored other.
"""
import re

from azure.cli.core.azclierror import (
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from ...validation.encoding import encode_base64
from . import common
from .common import LOCAL_AUTH_REF, SYNC_INTERVAL, TIMEOUT, not_blank
from .table import PROTECTED, Change, Option
from .typed import option_name, typed_name

KEY, SOURCE_KIND, BLOCK = "bucket", "Bucket", "bucket"
GROUP = "Bucket"
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def check_bucket_name(bucket_name, option="--bucket-name"):
    if not _BUCKET_NAME.fullmatch(str(bucket_name)) or ".." in str(bucket_name):
        raise InvalidArgumentValueError(
            f"{option} '{bucket_name}' is not a valid bucket name.",
            "Use 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.")
    return str(bucket_name)


def _secret_key(value, option):
    return encode_base64(not_blank(value, option))


URL = common.url_option(common.http_url("--kind bucket"))
OPTIONS = (
    URL, TIMEOUT, SYNC_INTERVAL, LOCAL_AUTH_REF,
    Option("bucket_name", ("bucketName",), "Name of the bucket.", group=GROUP, check=check_bucket_name),
    Option("bucket_access_key", ("accessKey",), "Access key ID of the bucket (with --bucket-secret-key).",
           group=GROUP, check=not_blank),
    Option("bucket_secret_key", (PROTECTED, "bucketSecretKey"), "Secret key of the bucket; sent protected.",
           group=GROUP, secret=True, check=_secret_key),
    Option("bucket_insecure", ("insecure",), "Talk to the bucket endpoint over plain http.", group=GROUP,
           switch=True, check=common.on_off),
)
_KEYS = ("bucket_access_key", "bucket_secret_key")


def create(options):
    """A complete bucket source from the given ``options`` -> Change."""
    URL.check(options.get("url"), typed_name(URL))
    if not options.get("bucket_name"):
        raise RequiredArgumentMissingError("--kind bucket needs --bucket-name.", "Add --bucket-name NAME.")
    _check_auth(options, stored=None)
    values = common.check_values(OPTIONS, options)
    return Change(KEY, common.with_defaults(OPTIONS, values))


def update(options, stored):
    """The changes the given ``options`` make to the ``stored`` bucket source -> Change."""
    _check_auth(options, stored)
    values = common.check_values(OPTIONS, options)
    if "local_auth_ref" in options:
        values.update(common.removals(OPTIONS, stored, ["bucket_access_key"]))
    elif any(key in options for key in _KEYS):
        values.update(common.removals(OPTIONS, stored, ["local_auth_ref"]))
    return Change(KEY, values)


def _check_auth(options, stored):
    """Keys or --local-auth-ref; ``stored`` is None on create (then credentials are required)."""
    keys = [key for key in _KEYS if key in options]
    if "local_auth_ref" in options and keys:
        raise MutuallyExclusiveArgumentError(
            f"--local-auth-ref cannot be combined with {', '.join(map(option_name, keys))}.",
            "Reference a Kubernetes secret with --local-auth-ref, or give the keys inline, not both.")
    together = "Give --bucket-access-key and --bucket-secret-key together."
    if keys == ["bucket_access_key"]:
        raise RequiredArgumentMissingError("--bucket-access-key needs --bucket-secret-key too.", together)
    if keys == ["bucket_secret_key"] and not (stored or {}).get("bucket_access_key"):
        raise RequiredArgumentMissingError(
            "--bucket-secret-key needs --bucket-access-key" + (": none is stored." if stored is not None else " too."),
            together)
    if stored is None and not keys and "local_auth_ref" not in options:
        raise RequiredArgumentMissingError(
            "--kind bucket needs credentials: --bucket-access-key and --bucket-secret-key, or --local-auth-ref.",
            "Add --bucket-access-key KEY --bucket-secret-key SECRET, or --local-auth-ref SECRET-NAME.")
