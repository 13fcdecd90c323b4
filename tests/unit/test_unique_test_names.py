"""Test modules are collected by their file name (no packages under tests/): two files of one name in different
folders break the collection of the whole suite ("import file mismatch"), which only a full run shows."""
import collections
import pathlib


def test_every_test_file_name_is_unique():
    tests = pathlib.Path(__file__).resolve().parents[1]
    names = collections.defaultdict(list)
    for path in tests.rglob("test_*.py"):
        names[path.name].append(str(path.relative_to(tests)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
