"""Checks across the kustomizations of one configuration, on what each one builds:

- an object in a namespace that another kustomization creates, without a dependsOn path to it: an error
  (Flux applies them in parallel, and fails with `namespaces "X" not found` until the order is fixed);
- the same object (API group, kind, namespace, name) in two kustomizations: a warning (Flux does not fail, but
  the two fight over it, and a prune in one deletes what the other applies).
"""
from .report import ERROR, WARNING, Problem

EXAMPLES = 3


def depends_closure(specs):
    """{name: set of names it waits for, directly or through others}."""
    direct = {s.name: set(s.depends_on) for s in specs}
    closure = {}

    def visit(name, trail=()):
        if name in closure:
            return closure[name]
        found = set()
        for dep in direct.get(name, ()):
            if dep in trail:
                continue
            found.add(dep)
            found |= visit(dep, trail + (name,))
        closure[name] = found
        return found

    for name in direct:
        visit(name)
    return closure


def namespace_order(specs, results):
    """Errors for objects whose namespace another kustomization creates without a dependsOn path to it."""
    creators = {}
    for result in results:
        for obj in result.objects:
            if obj.kind == "Namespace" and obj.group == "":
                creators.setdefault(obj.name, []).append(result.name)
    waits_for = depends_closure(specs)
    problems = []
    for result in results:
        own = {o.name for o in result.objects if o.kind == "Namespace" and o.group == ""}
        by_namespace = {}
        for obj in result.objects:
            if obj.namespace and obj.namespace in creators and obj.namespace not in own:
                by_namespace.setdefault(obj.namespace, []).append(obj)
        for namespace, objects in sorted(by_namespace.items()):
            makers = [c for c in creators[namespace] if c != result.name]
            if any(m in waits_for.get(result.name, ()) for m in makers):
                continue
            problems.append(_order_problem(result.name, namespace, makers, objects, specs))
    return problems


def _order_problem(name, namespace, makers, objects, specs):
    shown = ", ".join(o.label() for o in objects[:EXAMPLES]) + (" ..." if len(objects) > EXAMPLES else "")
    current = next((s.depends_on for s in specs if s.name == name), ())
    wanted = list(current) + [makers[0]]
    made_by = " and ".join(f"'{m}'" for m in makers)
    return Problem(ERROR, "namespace-order",
                   f"Kustomization '{name}' puts {len(objects)} object(s) in namespace '{namespace}' ({shown}), "
                   f"which kustomization {made_by} creates, but '{name}' does not depend on it: Flux fails with "
                   f"'namespaces \"{namespace}\" not found' until the order is fixed. Add "
                   f"dependsOn=[{','.join(repr(w).replace(chr(39), chr(34)) for w in wanted)}] to '{name}' "
                   f"(-k name={name} ... depends_on={','.join(wanted)}).")


def shared_objects(results):
    """Warnings for objects that more than one kustomization applies."""
    owners = {}
    for result in results:
        for obj in result.objects:
            owners.setdefault(obj.identity, []).append((result.name, obj))
    problems = []
    for _identity, entries in owners.items():
        names = sorted({name for name, _ in entries})
        if len(names) < 2:
            continue
        obj = entries[0][1]
        problems.append(Problem(WARNING, "shared-object",
                                f"{obj.label()} is applied by kustomizations {', '.join(repr(n) for n in names)}: "
                                "Flux does not fail, but they overwrite each other's version, and pruning one "
                                "deletes it for the other. Keep it in one kustomization."))
    return problems
