import os

import keygen
import pytest
from azure.cli.core.azclierror import FileOperationError, InvalidArgumentValueError

from azext_k8s_configuration.validation.files import read_file_bytes
from azext_k8s_configuration.validation.known_hosts import read_known_hosts_file


def test_reads_content(write_file):
    assert read_file_bytes(write_file("f", b"abc\n"), "--opt") == b"abc\n"


def test_a_text_file_saved_with_a_byte_order_mark_is_read(write_file):
    # known_hosts files are the text files the options read (Windows editors may start them with a BOM)
    content = f"\ufeffgithub.com {keygen.public_openssh('ed25519')}\n"
    assert read_known_hosts_file(write_file("kh", content)) == keygen.b64(content)


def test_home_is_expanded(monkeypatch, tmp_path):
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert read_file_bytes("~/f", "--opt") == b"x"


def test_missing_file(tmp_path):
    path = str(tmp_path / "missing.pem")
    with pytest.raises(FileOperationError) as err:
        read_file_bytes(path, "--https-ca-cert-file")
    assert "--https-ca-cert-file" in err.value.error_msg and path in err.value.error_msg
    assert err.value.recommendations


def test_directory(tmp_path):
    with pytest.raises(FileOperationError, match="is a directory"):
        read_file_bytes(str(tmp_path), "--opt")


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty(write_file, content):
    path = write_file("e", content)
    with pytest.raises(InvalidArgumentValueError) as err:
        read_file_bytes(path, "--known-hosts-file")
    assert "empty" in err.value.error_msg and path in err.value.error_msg


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_unreadable(write_file):
    path = write_file("secret", b"x")
    os.chmod(path, 0)
    with pytest.raises(FileOperationError, match="cannot read"):
        read_file_bytes(path, "--opt")


@pytest.mark.parametrize("path", [None, "", "  "])
def test_no_path(path):
    with pytest.raises(InvalidArgumentValueError, match="--opt needs a file path"):
        read_file_bytes(path, "--opt")


def test_not_utf8(write_file):
    with pytest.raises(InvalidArgumentValueError, match="--known-hosts-file is not UTF-8 text"):
        read_known_hosts_file(write_file("b", b"\xff\xfe\xfa"))
