import base64

import keygen
import pytest
from azure.cli.core.azclierror import FileOperationError, InvalidArgumentValueError

from azext_k8s_configuration.validation.ssh_keys import read_ssh_private_key_file, validate_ssh_private_key

GOOD_LABELS = sorted(keygen.private_key_variants()["good"])
ENCRYPTED_LABELS = sorted(keygen.private_key_variants()["encrypted"])


def _no_key_material(err, pem):
    text = err.error_msg + " ".join(err.recommendations)
    body_lines = [line for line in pem.decode().splitlines() if line and not line.startswith("-----")]
    return not any(line in text for line in body_lines) and keygen.b64(pem) not in text


@pytest.mark.parametrize("label", GOOD_LABELS)
def test_every_supported_type_and_format_inline(keys, label):
    pem = keys["good"][label]
    assert base64.b64decode(validate_ssh_private_key(keygen.b64(pem))) == pem


@pytest.mark.parametrize("label", GOOD_LABELS)
def test_every_supported_type_and_format_from_file(keys, write_file, label):
    pem = keys["good"][label]
    assert base64.b64decode(read_ssh_private_key_file(write_file("id", pem))) == pem


@pytest.mark.parametrize("label", ["rsa-openssh", "ed25519-openssh", "ecdsa-sec1"])
def test_file_gets_trailing_newline(keys, write_file, label):
    pem = keys["good"][label].rstrip(b"\n")
    encoded = read_ssh_private_key_file(write_file("id", pem))
    assert base64.b64decode(encoded) == pem + b"\n"


def test_inline_base64_with_line_breaks_accepted(keys):
    pem = keys["good"]["ed25519-openssh"]
    wrapped = "\n".join(keygen.b64(pem)[i:i + 76] for i in range(0, len(keygen.b64(pem)), 76))
    assert base64.b64decode(validate_ssh_private_key(wrapped)) == pem


def test_inline_key_without_trailing_newline_accepted(keys):
    pem = keys["good"]["rsa-pkcs1"].rstrip(b"\n")
    assert base64.b64decode(validate_ssh_private_key(keygen.b64(pem))).rstrip(b"\n") == pem


@pytest.mark.parametrize("label", ENCRYPTED_LABELS)
def test_encrypted_keys_refused(keys, write_file, label):
    pem = keys["encrypted"][label]
    for call in (lambda: validate_ssh_private_key(keygen.b64(pem)),
                 lambda: read_ssh_private_key_file(write_file("id", pem))):
        with pytest.raises(InvalidArgumentValueError) as err:
            call()
        assert "passphrase" in err.value.error_msg and err.value.recommendations
        assert _no_key_material(err.value, pem)


def test_unsupported_key_type_refused(keys):
    with pytest.raises(InvalidArgumentValueError, match="Ed448 key, which Flux cannot use"):
        validate_ssh_private_key(keygen.b64(keys["unsupported"]["ed448-pkcs8"]))


def test_raw_pem_inline_gets_file_hint(keys):
    pem = keys["good"]["rsa-pkcs1"].decode()
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_ssh_private_key(pem)
    assert "--ssh-private-key-file" in err.value.recommendations[0]
    assert _no_key_material(err.value, pem.encode())


def _corrupt_middle(pem):
    lines = pem.decode().splitlines()
    middle = len(lines) // 2
    lines[middle] = "A" * len(lines[middle])
    return ("\n".join(lines) + "\n").encode()


def _truncate(pem):
    return pem[: len(pem) // 2] + b"\n-----END OPENSSH PRIVATE KEY-----\n"


@pytest.mark.parametrize("make_bad", [
    lambda keys: "not base64 at all!",
    lambda keys: "",
    lambda keys: None,
    lambda keys: "   ",
    lambda keys: keygen.b64("hello world, not a key"),
    lambda keys: keygen.b64(b"\x00\x01\x02"),
    lambda keys: keygen.b64(b"\n\n"),
    lambda keys: keygen.b64(keygen.public_openssh("ed25519")),
    lambda keys: keygen.b64(b"-----BEGIN RSA PRIVATE KEY-----\nZm9v\n-----END RSA PRIVATE KEY-----\n"),
    lambda keys: keygen.b64(_corrupt_middle(keys["good"]["rsa-pkcs1"])),
    lambda keys: keygen.b64(_corrupt_middle(keys["good"]["ed25519-openssh"])),
    lambda keys: keygen.b64(_truncate(keys["good"]["rsa-openssh"])),
    lambda keys: keygen.b64(keygen.certificate_chain()[0]),
    lambda keys: keygen.b64(keys["good"]["rsa-pkcs1"])[:-8],
], ids=["not-b64", "empty", "none", "blank", "text", "binary", "newlines", "public-key", "bad-pem-body",
        "corrupt-pkcs1", "corrupt-openssh", "truncated-openssh", "certificate", "cut-base64"])
def test_garbage_refused(keys, make_bad):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_ssh_private_key(make_bad(keys))
    assert "--ssh-private-key" in err.value.error_msg and err.value.recommendations


def test_file_errors_name_option_and_path(tmp_path, write_file):
    missing = str(tmp_path / "nope")
    with pytest.raises(FileOperationError) as err:
        read_ssh_private_key_file(missing)
    assert "--ssh-private-key-file" in err.value.error_msg and missing in err.value.error_msg
    with pytest.raises(InvalidArgumentValueError, match="is empty"):
        read_ssh_private_key_file(write_file("empty", b""))
    with pytest.raises(InvalidArgumentValueError, match="--ssh-private-key-file"):
        read_ssh_private_key_file(write_file("junk", b"junk"))


def test_dsa_key_prints_no_deprecation_warning(keys):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validate_ssh_private_key(keygen.b64(keys["good"]["dsa-openssh"]))
        validate_ssh_private_key(keygen.b64(keys["good"]["dsa-pkcs8"]))
    assert not caught


def test_file_path_given_inline_gets_file_hint(keys, write_file):
    path = write_file("id_ed25519", keys["good"]["ed25519-openssh"])
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_ssh_private_key(path)
    assert "file path" in err.value.error_msg and f"--ssh-private-key-file {path}" in err.value.recommendations[0]


def test_putty_key_gets_conversion_hint():
    ppk = b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\n"
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_ssh_private_key(keygen.b64(ppk))
    assert "PuTTY" in err.value.error_msg and "puttygen" in err.value.recommendations[0]
