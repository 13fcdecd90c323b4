"""Post-build variable substitution as Flux does it: `${VAR}` in the built objects is replaced from
`postBuild.substitute` (and `substituteFrom` ConfigMaps/Secrets, which live in the cluster). A `${VAR}` with no
default (`${VAR:=x}`, `${VAR:-x}`, `${VAR=x}`, `${VAR-x}`) and no value becomes an empty string: a warning
here, or unknown when substituteFrom may provide it. Without substitute and substituteFrom Flux substitutes
nothing: `${VAR}` stays as written (a note). `$${VAR}` is an escaped literal. Objects labelled or
annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` are left alone, as Flux leaves them."""
import re

from .report import INFO, WARNING, Problem

_REFERENCE = re.compile(r"(?<!\$)\$\{(?P<name>[_a-zA-Z][_a-zA-Z0-9]*)(?P<rest>[^}]*)\}")
_DEFAULT_OPERATORS = (":=", ":-", "=", "-")
OPT_OUT = "kustomize.toolkit.fluxcd.io/substitute"
EXAMPLES = 3


def references(value):
    """(name, has_default) of every ${...} in the strings of a parsed document."""
    if isinstance(value, str):
        for match in _REFERENCE.finditer(value):
            yield match.group("name"), match.group("rest").startswith(_DEFAULT_OPERATORS)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(key)
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def _opted_out(data):
    metadata = data.get("metadata") if isinstance(data, dict) else None
    if not isinstance(metadata, dict):
        return False
    for section in ("labels", "annotations"):
        values = metadata.get(section)
        if isinstance(values, dict) and str(values.get(OPT_OUT, "")).lower() == "disabled":
            return True
    return False


def check_variables(spec, result):
    """Problems for variables that Flux would substitute with an empty string (spec: KustomizationSpec)."""
    provided = set((spec.substitute or {}).keys())
    missing = {}
    for obj in result.objects:
        if obj.data is None or _opted_out(obj.data):
            continue
        for name, has_default in references(obj.data):
            if not has_default and name not in provided:
                missing.setdefault(name, [])
                if obj.label() not in missing[name]:
                    missing[name].append(obj.label())
    problems = []
    for name, used_in in sorted(missing.items()):
        shown = ", ".join(used_in[:EXAMPLES]) + (" ..." if len(used_in) > EXAMPLES else "")
        if not provided and not spec.substitute_from:
            problems.append(Problem(INFO, "variable-literal", f"${{{name}}} (in {shown}) stays as written: the "
                                    "kustomization has no post-build substitution (Flux substitutes only when "
                                    f"substitute or substituteFrom is set). Add substitute={name}:VALUE if it "
                                    "should be replaced."))
        elif spec.substitute_from:
            problems.append(Problem(INFO, "variable-unknown", f"${{{name}}} (in {shown}) is not in substitute; it "
                                    f"may come from substituteFrom ({', '.join(spec.substitute_from)}), which lives "
                                    "in the cluster and cannot be read from here. If it does not, Flux puts an "
                                    "empty string there."))
        else:
            problems.append(Problem(WARNING, "variable-unset", f"${{{name}}} (in {shown}) has no default and "
                                    "substitute does not provide it: Flux replaces it with an empty string. Add "
                                    f"substitute={name}:VALUE to the kustomization, or write ${{{name}:=default}}."))
    return problems
