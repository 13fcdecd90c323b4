"""The emulator package has no import circle, counting imports inside functions too (tests/harness/import_graph.py),
and of the extension's code it imports only the source-and-build engine (one module, for the real reconciliation of
loopback git sources)."""
from tests.harness.import_graph import find_cycle, import_graph, imports_of, modules

PACKAGE = "k8s_configuration_emulator"
SHARED_ENGINE = "azext_k8s_configuration.source_build"


def _graph():
    """The graph with the package prefix taken off ('rp_flux' for k8s_configuration_emulator.rp_flux)."""
    def short(name):
        return name[len(PACKAGE) + 1:] if name != PACKAGE else "__init__"
    return {short(m): {short(t) for t in targets} for m, targets in import_graph(PACKAGE).items()}


def test_the_graph_sees_function_level_imports():
    graph = _graph()
    assert {"rp_flux", "rp_extensions", "rp_scc"} <= graph["resource_types"]
    assert "schema" in graph["rp_flux"]


def test_no_import_circle_in_the_emulator():
    cycle = find_cycle(_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


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


def test_the_emulator_imports_only_the_extensions_source_and_build_engine():
    """Where it stands in for Flux (a loopback git source) the emulator shares flux validate's source-and-build
    engine, which knows nothing of ARM; it never imports the extension's ARM-side rules."""
    users = set()
    for name, path in modules(PACKAGE).items():
        extension = [i for i in imports_of(name, path) if i.split(".")[0] == "azext_k8s_configuration"]
        outside_engine = [i for i in extension if not (i == SHARED_ENGINE or i.startswith(SHARED_ENGINE + "."))]
        assert outside_engine == [], (name, outside_engine)
        if extension:
            users.add(name)
    assert users == {f"{PACKAGE}.flux_fetch_build"}
