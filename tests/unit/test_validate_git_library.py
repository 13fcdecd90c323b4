"""flux validate on an az whose Python is too old for dulwich (declared for Python 3.10+ only): a typed error that
says why and offers --offline, not an ImportError traceback."""
import importlib.util

import pytest
from azure.cli.core.azclierror import ValidationError

from azext_k8s_configuration.flux import validate_handlers


def test_without_dulwich_fetching_is_refused_with_the_way_out(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "dulwich" else real(name, *a))
    with pytest.raises(ValidationError) as raised:
        validate_handlers._require_git_library()
    assert "dulwich" in raised.value.error_msg and "Python 3.10" in raised.value.error_msg
    assert "--offline" in raised.value.recommendations[0]


def test_with_dulwich_nothing_is_said():
    validate_handlers._require_git_library()


def test_the_declared_dependency_carries_the_python_marker():
    import os
    import re
    setup = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "setup.py")
    with open(setup, encoding="utf-8") as f:
        text = f.read()
    assert re.search(r"\"dulwich[^\"]*; python_version >= '3.10'\"", text)
