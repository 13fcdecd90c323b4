"""No import circle in the extension (tests/harness/import_graph.py: imports inside functions count too)."""
import pytest

from tests.harness.import_graph import find_cycle, import_graph

PACKAGE = "azext_k8s_configuration"


def test_no_import_circle():
    cycle = find_cycle(import_graph(PACKAGE))
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph(PACKAGE)
    # arm/redaction.py reads the secret members of the source tables inside a function
    assert f"{PACKAGE}.flux.sources.kinds" in graph[f"{PACKAGE}.arm.redaction"]
    # the command loader imports the command table inside a method
    assert f"{PACKAGE}.commands" in graph[PACKAGE]


@pytest.mark.parametrize("graph, cycle", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ({"a": {"b"}, "b": set(), "c": {"a"}}, None),
])
def test_the_cycle_finder(graph, cycle):
    assert find_cycle(graph) == cycle


def test_the_sources_table_imports_nothing_from_flux():
    graph = import_graph(PACKAGE)
    assert not [m for m in graph[f"{PACKAGE}.flux.sources.table"] if m.startswith(PACKAGE)]
