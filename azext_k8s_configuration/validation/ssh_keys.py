"""SSH private keys for git over SSH: RSA, ECDSA, Ed25519 or DSA, PEM or OpenSSH, unencrypted.

``cryptography`` is imported inside the functions so that loading the extension stays fast.
The key is a secret: no message here ever contains it (or any part of it).
"""
import contextlib
import warnings

from azure.cli.core.azclierror import InvalidArgumentValueError

from .encoding import decode_base64, encode_base64, refuse_pem_text
from .files import read_file_bytes

INLINE_OPTION = "--ssh-private-key"
FILE_OPTION = "--ssh-private-key-file"
SUPPORTED = "RSA, ECDSA, Ed25519 or DSA"


def validate_ssh_private_key(value, option=INLINE_OPTION):
    """Validate a base64-encoded private key given inline; return it as compact base64."""
    refuse_pem_text(value, option, "the key", FILE_OPTION)
    key = decode_base64(value, option, "an SSH private key", FILE_OPTION)
    check_private_key_bytes(key, option)
    return encode_base64(key)


def read_ssh_private_key_file(path, option=FILE_OPTION):
    """Read a private key file, ensure its trailing newline, validate it; return base64."""
    key = read_file_bytes(path, option)
    if not key.endswith(b"\n"):
        key += b"\n"  # ssh/Go parsers expect the final newline that editors sometimes drop
    check_private_key_bytes(key, option)
    return encode_base64(key)


def check_private_key_bytes(key, option):
    """Raise a typed error unless ``key`` (PEM/OpenSSH text) is an unencrypted supported key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    text = key.strip()
    if text.startswith(b"PuTTY-User-Key-File"):
        raise InvalidArgumentValueError(
            f"{option} is a PuTTY (.ppk) key; Flux needs PEM or OpenSSH format.",
            "Convert it: `puttygen KEY.ppk -O private-openssh -o KEY` (PuTTYgen: Conversions > Export OpenSSH key).")
    if b"-----BEGIN" not in text:
        raise InvalidArgumentValueError(
            f"{option} is not a private key: no '-----BEGIN ... PRIVATE KEY-----' block found.",
            f"Pass an {SUPPORTED} private key in PEM or OpenSSH format (e.g. from ssh-keygen).")
    if b"BEGIN ENCRYPTED PRIVATE KEY" in text or b"Proc-Type: 4,ENCRYPTED" in text:  # PKCS#8 / PKCS#1
        raise _encrypted(option)
    is_openssh = b"-----BEGIN OPENSSH PRIVATE KEY-----" in text
    try:
        with quiet_deprecations():  # DSA still works, but cryptography warns on stderr
            if is_openssh:
                loaded = serialization.load_ssh_private_key(text + b"\n", password=None)
            else:
                loaded = serialization.load_pem_private_key(text + b"\n", password=None)
    except TypeError:
        # cryptography's way of saying "this key needs a password"
        raise _encrypted(option) from None
    except Exception:
        # Any other failure means the bytes are not a usable key; the library's message is not shown
        # because it could quote key material.
        raise InvalidArgumentValueError(
            f"{option} could not be read as an {SUPPORTED} private key in "
            f"{'OpenSSH' if is_openssh else 'PEM'} format.",
            "Check that the whole key file was encoded, including its BEGIN and END lines.") from None
    if not isinstance(loaded, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey,
                               ed25519.Ed25519PrivateKey, dsa.DSAPrivateKey)):
        raise InvalidArgumentValueError(
            f"{option} is a {type(loaded).__name__.replace('PrivateKey', '')} key, which Flux cannot use.",
            f"Use an {SUPPORTED} key, e.g. `ssh-keygen -t ed25519 -N ''`.")
    return loaded


@contextlib.contextmanager
def quiet_deprecations():
    """Silence cryptography's deprecation warnings (DSA) so they do not reach the user's stderr."""
    from cryptography.utils import CryptographyDeprecationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        yield


def _encrypted(option):
    return InvalidArgumentValueError(
        f"{option} is encrypted with a passphrase; Flux needs an unencrypted key.",
        "Remove the passphrase on a copy of the key (`ssh-keygen -p -N '' -f COPY`) or create a deploy key "
        "without one (`ssh-keygen -t ed25519 -N ''`).")
