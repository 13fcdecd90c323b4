"""known_hosts content (OpenSSH sshd(8) format), checked line by line.

Line: ``[@cert-authority|@revoked] HOSTPATTERNS KEYTYPE BASE64KEY [COMMENT]``. Host patterns are a
comma list of plain names or addresses (wildcards ``*``/``?``, negation ``!``), ``[host]:port``, or a
hashed entry ``|1|base64salt|base64hash``.
"""
import base64
import binascii
import re

from azure.cli.core.azclierror import InvalidArgumentValueError

from .encoding import decode_base64, encode_base64
from .files import read_file_bytes
from .ssh_keys import quiet_deprecations

INLINE_OPTION = "--known-hosts"
FILE_OPTION = "--known-hosts-file"
MARKERS = ("@cert-authority", "@revoked")
KEY_TYPES = (
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "ssh-dss", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
)
_HOST = re.compile(r"!?[A-Za-z0-9._*?:%-]+")
_BRACKETED = re.compile(r"!?\[(?P<host>[A-Za-z0-9._*?:%-]+)\]:(?P<port>[0-9]{1,5})")
_HASHED = re.compile(r"\|1\|(?P<salt>[A-Za-z0-9+/=]+)\|(?P<hash>[A-Za-z0-9+/=]+)")
_SHA1_LEN = 20  # OpenSSH hashes host names with HMAC-SHA1 and a 20-byte salt


def validate_known_hosts(value, option=INLINE_OPTION):
    """Validate base64-encoded known_hosts content; return compact base64."""
    if value is not None and any(key_type in str(value) for key_type in KEY_TYPES):
        raise InvalidArgumentValueError(
            f"{option} expects the known_hosts content base64-encoded, but got plain text.",
            f"Pass the file with {FILE_OPTION} PATH, or encode it: {option} \"$(base64 -w0 PATH)\".")
    content = decode_base64(value, option, "known_hosts content", FILE_OPTION)
    check_known_hosts_text(_utf8(content, option), option)
    return encode_base64(content)


def read_known_hosts_file(path, option=FILE_OPTION):
    """Read a known_hosts file, validate it; return base64."""
    content = read_file_bytes(path, option)
    check_known_hosts_text(_utf8(content, option), option)
    return encode_base64(content)


def check_known_hosts_text(text, option):
    """Raise a typed error naming the first bad line; return the number of host-key lines."""
    entries = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        _check_line(stripped, number, option)
        entries += 1
    if not entries:
        raise InvalidArgumentValueError(
            f"{option} holds no host keys (only blank or comment lines).",
            "Generate it with e.g. `ssh-keyscan github.com > known_hosts`.")
    return entries


def _check_line(line, number, option):
    fields = line.split()
    where = f"{option}: line {number}"
    if fields[0].startswith("@"):
        if fields[0] not in MARKERS:
            raise InvalidArgumentValueError(
                f"{where}: unknown marker '{fields[0]}'.", f"Use one of {', '.join(MARKERS)}, or no marker.")
        fields = fields[1:]
    if len(fields) < 3:
        raise InvalidArgumentValueError(
            f"{where}: expected 'HOSTS KEYTYPE KEY [COMMENT]', found {len(fields)} field(s).",
            "Each line needs host pattern(s), a key type and a base64 key, e.g. "
            "'github.com ssh-ed25519 AAAAC3Nza...'.")
    hosts, key_type, key = fields[0], fields[1], fields[2]
    for pattern in hosts.split(","):
        _check_host_pattern(pattern, where)
    if key_type not in KEY_TYPES:
        raise InvalidArgumentValueError(
            f"{where}: unknown key type '{_short(key_type)}'.", f"Use one of: {', '.join(KEY_TYPES)}.")
    _check_public_key(key_type, key, where)


def _check_host_pattern(pattern, where):
    if _HASHED.fullmatch(pattern):
        match = _HASHED.fullmatch(pattern)
        for part in ("salt", "hash"):
            raw = _b64(match.group(part))
            if raw is None or len(raw) != _SHA1_LEN:
                raise InvalidArgumentValueError(
                    f"{where}: hashed host '{_short(pattern)}' has an invalid {part} "
                    f"(expected base64 of {_SHA1_LEN} bytes).",
                    "Re-create the line with `ssh-keyscan -H HOST`.")
        return
    bracketed = _BRACKETED.fullmatch(pattern)
    if bracketed:
        if not 1 <= int(bracketed.group("port")) <= 65535:
            raise InvalidArgumentValueError(
                f"{where}: port {bracketed.group('port')} in '{pattern}' is out of range 1-65535.",
                "Use [host]:port with a valid port, e.g. [git.example.com]:2222.")
        return
    if not _HOST.fullmatch(pattern) or pattern == "!":
        raise InvalidArgumentValueError(
            f"{where}: '{_short(pattern)}' is not a valid host pattern.",
            "Use host names or addresses (wildcards * and ?, negation !), [host]:port, or hashed "
            "|1|salt|hash entries, separated by commas.")


def _check_public_key(key_type, key, where):
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    if _b64(key) is None:
        raise InvalidArgumentValueError(f"{where}: the key is not valid base64.",
                                        "Copy the whole line again, e.g. from `ssh-keyscan HOST`.")
    try:
        with quiet_deprecations():
            load_ssh_public_key(f"{key_type} {key}".encode("ascii"))
    except Exception:
        raise InvalidArgumentValueError(
            f"{where}: the key is not a valid '{key_type}' public key.",
            "Check that the key type matches the key; copy the line again, e.g. from `ssh-keyscan HOST`.") from None


def _b64(text):
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def _utf8(content, option):
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidArgumentValueError(
            f"{option} is not UTF-8 text.", "Pass known_hosts content as produced by `ssh-keyscan`.") from None


def _short(text, limit=40):
    return text if len(text) <= limit else text[:limit] + "..."
