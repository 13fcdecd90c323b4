"""make lint's continuation-line check (scripts/check_continuation_lines.py): what ruff does not see."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("check_continuation_lines", ROOT / "scripts/check_continuation_lines.py")
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def lines_found(source):
    return [line for _, line, _, _ in check.findings(source)]


@pytest.mark.parametrize("source", [
    # a call renamed (raw_request -> service_call) after its arguments were aligned under the old bracket
    "x = service_call(what, client,\n              path)\n",
    # over-indented
    "x = f(a,\n       b)\n",
    # inside a nested bracket
    "x = f(a, g(b,\n          c))\n",
])
def test_a_line_off_its_bracket_is_found(source):
    assert lines_found(source) == [2]


@pytest.mark.parametrize("source", [
    "x = f(a,\n      b)\n",
    "x = f(\n    a,\n        b)\n",  # a hanging indent is free
    "x = f(help=\"a\"\n           \"b\",\n      c=1)\n",  # continued string under the string
    "x = f(a=1 + 2\n        + 3)\n",  # continued value under the value after '='
    "if (a and\n        b):\n    pass\n",  # further indented under if (
    "x = f(a,\n      b\n      )\n",
    "s = '''one\n  two'''\n",
])
def test_aligned_lines_pass(source):
    assert lines_found(source) == []


def test_the_tree_is_clean():
    assert check.main([]) == 0
