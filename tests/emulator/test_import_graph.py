"""The emulator package has no import circle, counting imports inside functions too (a lazy import that only
dodges a circle is still one), and of the extension's code it imports only the source-and-build engine (one
module, for the real reconciliation of loopback git sources)."""
import ast
import os

import k8s_configuration_emulator

PACKAGE = "k8s_configuration_emulator"
PACKAGE_DIR = os.path.dirname(k8s_configuration_emulator.__file__)


def _modules():
    return {name[:-3]: os.path.join(PACKAGE_DIR, name) for name in os.listdir(PACKAGE_DIR) if name.endswith(".py")}


def _imports(path, modules):
    """Every module of the package (or other top-level package) that the file imports, anywhere in it."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: inside the package
                base = PACKAGE + ("." + base if base else "")
            found.add(base)
            for alias in node.names:  # `from . import rp` imports the module rp
                if base == PACKAGE and alias.name in modules:
                    found.add(PACKAGE + "." + alias.name)
    return found


def _graph():
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path, modules):
            if imported.startswith(PACKAGE + "."):
                targets.add(imported[len(PACKAGE) + 1:].split(".")[0])
            elif imported == PACKAGE:
                targets.add("__init__")
        targets.discard(name)
        graph[name] = targets
    return graph


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_the_graph_sees_function_level_imports():
    graph = _graph()
    assert {"rp_flux", "rp_extensions", "rp_scc"} <= graph["resource_types"]
    assert "schema" in graph["rp_flux"]


def test_no_import_circle_in_the_emulator():
    assert _cycles(_graph()) == []


def test_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_routing_and_operations_do_not_import_the_resource_modules():
    graph = _graph()
    resource_modules = {"rp_flux", "rp_extensions", "rp_scc", "resource_types"}

    def reachable(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    for module in ("routing", "lro", "rp", "registry", "scopes"):
        assert not reachable(module) & resource_modules, module


SHARED_ENGINE = "azext_k8s_configuration.source_build"


def test_the_emulator_imports_only_the_extensions_source_and_build_engine():
    """Where it stands in for Flux (a loopback git source) the emulator shares flux validate's source-and-build
    engine, which knows nothing of ARM; it never imports the extension's ARM-side rules."""
    modules = _modules()
    users = set()
    for name, path in modules.items():
        extension = [i for i in _imports(path, modules) if i.split(".")[0] == "azext_k8s_configuration"]
        assert all(i == SHARED_ENGINE or i.startswith(SHARED_ENGINE + ".") for i in extension), (name, extension)
        if extension:
            users.add(name)
    assert users == {"flux_fetch_build"}
