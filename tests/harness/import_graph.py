"""Import graphs of this repository's packages, for the tests that assert there is no import circle.

Every import of every module is an edge, module-level and inside functions (a lazy import that only dodges a
circle is still one). `from X import y` is module X.y when there is one, else X; a parent package is not an edge
(Python runs it first, but the importer does not use it).
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules(package):
    """{dotted name: path} of every module of the package."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imported_names(module, path, node):
    """Every dotted name an import statement names (relative imports made absolute)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names], None
    if node.level:
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module
    return [f"{source}.{alias.name}" for alias in node.names], source


def _edges(module, path, node, known):
    names, source = imported_names(module, path, node)
    if source is None:
        return [name for name in names if name in known]
    found = [name for name in names if name in known]
    if len(found) < len(names) and source in known:
        found.append(source)
    return found


def imports_of(module, path):
    """Every dotted name the module imports anywhere in it, inside the package or not."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names, source = imported_names(module, path, node)
            found.update(names)
            if source:
                found.add(source)
    return found


def import_graph(package):
    """{module: the package's modules it imports}."""
    known = modules(package)
    graph = {}
    for module, path in known.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(_edges(module, path, node, known))
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
