"""Shared fixtures for unit tests: keys and certificates generated at test time (see keygen.py)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))  # so tests can `import keygen` and `import spec_schema`

import keygen  # noqa: E402


@pytest.fixture(scope="session")
def keys():
    """{'good': {...}, 'encrypted': {...}, 'unsupported': {...}} of label -> PEM/OpenSSH bytes."""
    return keygen.private_key_variants()


@pytest.fixture(scope="session")
def ca_chain():
    """(root_pem, intermediate_pem) of a small certificate chain."""
    return keygen.certificate_chain()


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, content) -> path of a new file under tmp_path."""
    def _write(name, content):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return str(path)
    return _write


def pytest_configure(config):
    # keygen makes DSA keys on purpose; the validators themselves silence this warning (tested).
    config.addinivalue_line("filterwarnings", "ignore:.*DSA.*:cryptography.utils.CryptographyDeprecationWarning")


_KEY_MATERIAL = __import__("re").compile(r"[A-Za-z0-9+/=|]{20,}")


def pytest_make_parametrize_id(config, val, argname):
    """Keys are generated afresh in each process: keep their base64 out of test ids, so that every
    xdist worker collects the same ids (pytest numbers any duplicates)."""
    if isinstance(val, str) and _KEY_MATERIAL.search(val):
        return _KEY_MATERIAL.sub("<key>", val)
    return None
