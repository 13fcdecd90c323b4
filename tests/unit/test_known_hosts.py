import base64

import keygen
import pytest
from azure.cli.core.azclierror import FileOperationError, InvalidArgumentValueError

from azext_k8s_configuration.validation.known_hosts import (
    check_known_hosts_text,
    read_known_hosts_file,
    validate_known_hosts,
)

ED = keygen.public_openssh("ed25519")
RSA = keygen.public_openssh("rsa")
ECDSA = keygen.public_openssh("ecdsa")
DSA = keygen.public_openssh("dsa")


@pytest.mark.parametrize("line", [
    f"github.com {ED}",
    f"github.com {RSA}",
    f"github.com {ECDSA}",
    f"old.example.com {DSA}",
    f"github.com,140.82.121.4 {ED}",
    f"github.com {ED} a comment with spaces",
    f"[git.example.com]:2222 {ED}",
    f"[10.0.0.1]:22,git.example.com {RSA}",
    f"*.example.com,!bad.example.com {ED}",
    f"host?.example.com {ED}",
    f"2001:db8::1 {ED}",
    f"{keygen.hashed_host('github.com')} {ED}",
    f"@cert-authority *.example.com {ED}",
    f"@revoked github.com {RSA}",
    f"   github.com   {ED}   ",
    f"github.com\t{ED}",
    f"GitHub.COM {ED}",
])
def test_good_lines(line):
    assert check_known_hosts_text(line, "--known-hosts") == 1


def test_comments_and_blank_lines_skipped():
    text = f"# header\n\n   \n{ED.join(['github.com ', ''])}\n# another\r\ngitlab.com {RSA}\r\n"
    assert check_known_hosts_text(text, "--known-hosts") == 2


def test_only_comments_refused():
    with pytest.raises(InvalidArgumentValueError, match="no host keys"):
        check_known_hosts_text("# nothing\n\n", "--known-hosts")


def _bad_key_type_swap():
    return "github.com ssh-rsa " + ED.split()[1]


@pytest.mark.parametrize("line, fragment", [
    ("github.com", "found 1 field"),
    (f"github.com {ED.split()[0]}", "found 2 field"),
    (f"@marker github.com {ED}", "unknown marker '@marker'"),
    (f"@cert-authority {ED}", "found 2 field"),
    (f"github.com ssh-foo {ED.split()[1]}", "unknown key type 'ssh-foo'"),
    (_bad_key_type_swap(), "not a valid 'ssh-rsa' public key"),
    ("github.com ssh-ed25519 !!!notbase64", "not valid base64"),
    ("github.com ssh-ed25519 " + keygen.b64(b"short"), "not a valid 'ssh-ed25519' public key"),
    (f"[git.example.com]:70000 {ED}", "out of range"),
    (f"[git.example.com]:0 {ED}", "out of range"),
    (f"[git.example.com] {ED}", "not a valid host pattern"),
    (f"git.example.com:22] {ED}", "not a valid host pattern"),
    (f"a,,b {ED}", "'' is not a valid host pattern"),
    (f"! {ED}", "not a valid host pattern"),
    (f"host/name {ED}", "not a valid host pattern"),
    (f"|1|{keygen.b64(b'short')}|{keygen.b64(b'x' * 20)} {ED}", "invalid salt"),
    (f"|1|{keygen.b64(b'x' * 20)}|!!! {ED}", "not a valid host pattern"),
    (f"|1|{keygen.b64(b'x' * 20)}|{keygen.b64(b'y' * 19)} {ED}", "invalid hash"),
    (f"|2|{keygen.b64(b'x' * 20)}|{keygen.b64(b'y' * 20)} {ED}", "not a valid host pattern"),
])
def test_bad_line_is_named_by_number(line, fragment):
    text = f"# comment\n\ngithub.com {ED}\n{line}\n"
    with pytest.raises(InvalidArgumentValueError) as err:
        check_known_hosts_text(text, "--known-hosts")
    assert err.value.error_msg.startswith("--known-hosts: line 4:")
    assert fragment in err.value.error_msg
    assert err.value.recommendations


def test_inline_and_file_round_trip(write_file):
    text = f"github.com {ED}\n@cert-authority *.corp {RSA}\n"
    assert base64.b64decode(validate_known_hosts(keygen.b64(text))).decode() == text
    assert base64.b64decode(read_known_hosts_file(write_file("kh", text))).decode() == text


@pytest.mark.parametrize("value, fragment", [
    (f"github.com {ED}", "plain text"), ("###", "not valid base64"), ("", "must not be empty"),
    (keygen.b64(b"\xff\xfe\x00bad"), "not UTF-8"),
])
def test_inline_value_errors(value, fragment):
    with pytest.raises(InvalidArgumentValueError) as err:
        validate_known_hosts(value)
    assert "--known-hosts" in err.value.error_msg and fragment in err.value.error_msg


def test_file_errors(tmp_path, write_file):
    with pytest.raises(FileOperationError, match="--known-hosts-file"):
        read_known_hosts_file(str(tmp_path / "missing"))
    with pytest.raises(InvalidArgumentValueError, match="--known-hosts-file: line 1"):
        read_known_hosts_file(write_file("kh", "garbage\n"))


def test_dsa_host_key_prints_no_deprecation_warning():
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_known_hosts_text(f"old.example.com {DSA}", "--known-hosts")
    assert not caught
