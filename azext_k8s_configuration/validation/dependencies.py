"""depends_on between the kustomizations of one configuration: known names, no self, no cycle.

A command is refused only for what it sets itself. A problem among the depends_on it leaves as stored (written
earlier: by the portal, another tool, or a dependency whose kustomization was deleted elsewhere) is not its doing:
it becomes a warning that names the kustomization and how to clear its depends_on, and the command goes on.
"""
from azure.cli.core.azclierror import InvalidArgumentValueError

CLEAR_COMMAND = "az k8s-configuration flux kustomization update"


def check_dependencies(graph, option="--kustomization", changed=None):
    """``graph`` maps each kustomization name to the names it depends on (the merged set); ``changed`` names the
    kustomizations whose depends_on this command sets (None: all of them).

    Raises a typed error for an unknown name, a self-reference, or a cycle (named, e.g. 'a -> b -> a') that comes
    from a changed depends_on. Returns the warnings (list of str) for the same problems in the stored ones.
    """
    changed = set(graph) if changed is None else set(changed)
    known = sorted(graph)
    warnings = []
    for name in known:
        wrong = [dependency for dependency in graph[name] or [] if dependency == name or dependency not in graph]
        if not wrong:
            continue
        if name in changed:
            _refuse_entry(option, name, wrong[0], known)
        warnings.append(_stored_entries_warning(graph, name, wrong))
    cycle = _changed_cycle(graph, changed)
    if cycle:
        raise InvalidArgumentValueError(
            f"{option}: kustomizations depend on each other in a cycle: {' -> '.join(cycle)}.",
            "Remove one of these depends_on entries; Flux would never reconcile a cycle.")
    stored_cycle = find_cycle(_without_self_edges(graph))
    if stored_cycle:
        warnings.append(_stored_cycle_warning(graph, stored_cycle))
    return warnings


def _refuse_entry(option, name, dependency, known):
    if dependency == name:
        raise InvalidArgumentValueError(
            f"{option}: kustomization '{name}' depends on itself.",
            f"Remove '{name}' from its own depends_on.")
    raise InvalidArgumentValueError(
        f"{option}: kustomization '{name}' depends on '{dependency}', which is not a kustomization "
        f"of this configuration (known: {', '.join(known)}).",
        "depends_on may only name kustomizations of the same configuration; check the spelling "
        "or create that kustomization too.")


def clear_depends_on_hint(name, keep):
    """How to set the depends_on of ``name`` to ``keep`` (the entries to keep; none: clear it)."""
    return f"{CLEAR_COMMAND} <same -g -c -t -n> -k {name} --depends-on \"{','.join(keep)}\""


def _stored_entries_warning(graph, name, wrong):
    keep = [d for d in graph[name] if d not in wrong]
    missing = [d for d in wrong if d != name]
    problems = []
    if name in wrong:
        problems.append("itself")
    if missing:
        problems.append(", ".join(f"'{d}'" for d in missing) + " (not a kustomization of this configuration)")
    return (f"Kustomization '{name}' is stored depending on {' and '.join(problems)}: Flux keeps it waiting "
            f"(DependencyNotReady). This command leaves it as it is; to fix it: {clear_depends_on_hint(name, keep)}.")


def _stored_cycle_warning(graph, cycle):
    first, second = cycle[0], cycle[1]
    keep = [d for d in graph[first] if d != second]
    return (f"Kustomizations {', '.join(sorted(set(cycle)))} are stored depending on each other in a cycle: "
            f"{' -> '.join(cycle)}; Flux never reconciles them. This command leaves them as they are; to break "
            f"the cycle, remove one entry, e.g.: {clear_depends_on_hint(first, keep)}.")


def _without_self_edges(graph):
    return {name: [d for d in deps or [] if d != name] for name, deps in graph.items()}


def _changed_cycle(graph, changed):
    """A cycle through a changed kustomization, or None. The first one the sorted search meets when it goes
    through a changed name (stable messages), else one found from each changed name in turn."""
    graph = _without_self_edges(graph)
    cycle = find_cycle(graph)
    if cycle is None:
        return None
    if changed & set(cycle):
        return cycle
    for start in sorted(changed & set(graph)):
        found = _cycle_through(graph, start)
        if found:
            return found
    return None


def _cycle_through(graph, start):
    """A cycle that starts and ends at ``start`` (list of names), or None."""
    path, seen = [start], {start}

    def visit(name):
        for dependency in sorted(set(graph.get(name) or [])):
            if dependency == start:
                return path + [start]
            if dependency in graph and dependency not in seen:
                seen.add(dependency)
                path.append(dependency)
                found = visit(dependency)
                if found:
                    return found
                path.pop()
        return None

    return visit(start)


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
