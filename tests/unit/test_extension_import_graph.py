"""No import circle in the extension (tests/harness/import_graph.py: imports inside functions count too)."""
import pytest

from tests.harness.import_graph import find_cycle, import_graph

PACKAGE = "azext_k8s_configuration"


def test_no_import_circle():
    cycle = find_cycle(import_graph(PACKAGE))
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph(PACKAGE)
    # flux/sources/secret_members.py reads the secret members of the source tables inside a function
    assert f"{PACKAGE}.flux.sources.kinds" in graph[f"{PACKAGE}.flux.sources.secret_members"]
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


# Layers: a lower layer never imports a higher one (imports inside functions count too).
LOWER_LAYERS = {
    # arm/ talks to Azure Resource Manager: it knows no command group (flux registers its secret members with
    # arm/redaction.py); it may use the value rules of validation/
    "arm": ("arm", "validation"),
    # source_build/ fetches and builds a source as Flux would: it knows nothing of the extension or of az
    "source_build": ("source_build",),
}


@pytest.mark.parametrize("layer", sorted(LOWER_LAYERS))
def test_a_lower_layer_imports_nothing_above_it(layer):
    graph = import_graph(PACKAGE)
    allowed = tuple(f"{PACKAGE}.{name}" for name in LOWER_LAYERS[layer])
    above = {module: sorted(m for m in imported if m.startswith(PACKAGE + ".") and not m.startswith(allowed))
             for module, imported in graph.items() if module.startswith(f"{PACKAGE}.{layer}.")}
    assert {module: found for module, found in above.items() if found} == {}


# the flags of the tools source_build runs (kustomize, kubectl), which are not az's
TOOL_FLAGS = {"--load-restrictor", "--client"}


def test_source_build_speaks_no_az():
    """Its messages name the inputs through source_build/wording.py; the az option names are the caller's
    (flux/validate_source.AZ_WORDS)."""
    import ast
    import re
    from pathlib import Path

    option = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
    found = []
    for path in sorted((Path(__file__).resolve().parents[2] / PACKAGE / "source_build").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                words = set(option.findall(node.value)) - TOOL_FLAGS
                if words or re.search(r"\baz k8s", node.value):
                    found.append((path.name, node.lineno, node.value))
    assert found == []
