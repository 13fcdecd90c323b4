"""No import circle in the extension: every import of every module (module-level and the ones inside functions,
which a circle would otherwise hide behind) is an edge, and the graph has no cycle."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "azext_k8s_configuration"


def modules():
    """{dotted name: path} of every module of the package."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported(module, path, node, known):
    """The package modules an import statement names: `from X import y` is module X.y when there is one, else X.
    A parent package is not an edge (Python runs it first, but the importer does not use it)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    if node.level:
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module
    names = [f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in known]
    if len(names) < len(node.names) and source in known:
        names.append(source)
    return names


def import_graph():
    known = modules()
    graph = {}
    for module, path in known.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(_imported(module, path, node, known))
        edges.discard(module)
        graph[module] = edges
    return graph


def find_cycle(graph):
    """One cycle as a list of modules (first repeated last), or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
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
    graph = import_graph()
    assert not [m for m in graph[f"{PACKAGE}.flux.sources.table"] if m.startswith(PACKAGE)]
