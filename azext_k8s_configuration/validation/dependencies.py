"""depends_on between the kustomizations of one configuration: known names, no self, no cycle."""
from azure.cli.core.azclierror import InvalidArgumentValueError


def check_dependencies(graph, option="--kustomization"):
    """``graph`` maps each kustomization name to the names it depends on (the merged set).

    Raises a typed error for an unknown name, a self-reference, or a cycle (named, e.g. 'a -> b -> a').
    """
    known = sorted(graph)
    for name in known:
        for dependency in graph[name] or []:
            if dependency == name:
                raise InvalidArgumentValueError(
                    f"{option}: kustomization '{name}' depends on itself.",
                    f"Remove '{name}' from its own depends_on.")
            if dependency not in graph:
                raise InvalidArgumentValueError(
                    f"{option}: kustomization '{name}' depends on '{dependency}', which is not a kustomization "
                    f"of this configuration (known: {', '.join(known)}).",
                    "depends_on may only name kustomizations of the same configuration; check the spelling "
                    "or create that kustomization too.")
    cycle = find_cycle(graph)
    if cycle:
        raise InvalidArgumentValueError(
            f"{option}: kustomizations depend on each other in a cycle: {' -> '.join(cycle)}.",
            "Remove one of these depends_on entries; Flux would never reconcile a cycle.")


def find_cycle(graph):
    """Return one cycle as a list of names (first == last), or None. Deterministic: sorted order."""
    white, grey, black = 0, 1, 2
    colour = {name: white for name in graph}
    stack = []

    def visit(name):
        colour[name] = grey
        stack.append(name)
        for dependency in sorted(set(graph.get(name) or [])):
            if dependency not in colour:
                continue
            if colour[dependency] == grey:
                return stack[stack.index(dependency):] + [dependency]
            if colour[dependency] == white:
                found = visit(dependency)
                if found:
                    return found
        stack.pop()
        colour[name] = black
        return None

    for start in sorted(graph):
        if colour[start] == white:
            found = visit(start)
            if found:
                return found
    return None


def dependents_of(graph, name):
    """Names of the kustomizations whose depends_on contains ``name``, sorted."""
    return sorted(other for other, deps in graph.items() if name in (deps or []) and other != name)
