"""Strict base64 for options that take base64-encoded content."""
import base64
import binascii
import os

from azure.cli.core.azclierror import InvalidArgumentValueError


def refuse_pem_text(value, option, what, file_option=None):
    """A '-----BEGIN' text given to an option that takes base64: say how to pass it (the -file twin, or encode it)."""
    if value is not None and str(value).lstrip().startswith("-----BEGIN"):
        via_file = (f"Pass the file with {file_option} PATH (it is encoded for you), or encode" if file_option
                    else "Encode")
        raise InvalidArgumentValueError(
            f"{option} expects {what} base64-encoded, but got the PEM text itself.",
            f"{via_file} it: {option} \"$(base64 -w0 PATH)\".")


def decode_base64(value, option, what, file_option=None):
    """Decode ``value`` (whitespace and line breaks allowed) or raise an error naming ``option``.

    ``what`` describes the content ('an SSH private key'); the value itself is never echoed because
    it may be a secret.
    """
    if value is None or not str(value).strip():
        raise InvalidArgumentValueError(f"{option} must not be empty.", _hint(option, what, file_option))
    compact = "".join(str(value).split())
    try:
        decoded = base64.b64decode(compact.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        if file_option and _is_file(value):
            raise InvalidArgumentValueError(
                f"{option} expects {what} base64-encoded, but got a file path.",
                f"Pass the file with {file_option} {value}") from None
        raise InvalidArgumentValueError(
            f"{option} is not valid base64; it must be {what}, base64-encoded.",
            _hint(option, what, file_option)) from None
    if not decoded.strip():
        raise InvalidArgumentValueError(f"{option} decodes to empty content.", _hint(option, what, file_option))
    return decoded


def encode_base64(data):
    """Base64 (no line breaks) of bytes or str, as str."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.b64encode(data).decode("ascii")


def _is_file(value):
    try:
        return os.path.isfile(os.path.expanduser(str(value)))
    except (OSError, ValueError):
        return False


def _hint(option, what, file_option):
    text = f"Pass {what} encoded with e.g. `base64 -w0 FILE`"
    if file_option:
        text += f", or give the file itself with {file_option} FILE"
    return text + "."
