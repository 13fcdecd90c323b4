"""The emulator ships its own compact schema (k8s_configuration_emulator/schema.py); prove it against the
Azure REST spec in ../shared/spec: same members, types, enums, maps, arrays, read-only flags."""
import os

import pytest

from k8s_configuration_emulator import schema as S
from tests.harness import SHARED_DIR, spec

pytestmark = pytest.mark.skipif(not spec.available(), reason="../shared/spec not present")

COMMON_V2 = os.path.join(SHARED_DIR, "spec", "specification", "common-types", "resource-management", "v2",
                         "types.json")
ROOTS = [  # (our object, spec file it mirrors)
    (S.FLUX_PROPERTIES, "fluxConfigurations"), (S.FLUX_PATCH_PROPERTIES, "fluxConfigurations"),
    (S.EXTENSION_PROPERTIES, "extensions"), (S.EXTENSION_PATCH_PROPERTIES, "extensions"),
    (S.SCC_PROPERTIES, "sourceControlConfigurations"), (S.IDENTITY, "common"), (S.PLAN, "common"),
]


def _spec_node(file_key, spec_name):
    """Find the spec node for 'Def' or 'Def.prop.prop' (inline objects)."""
    path = COMMON_V2 if file_key == "common" else spec.FILES[file_key]
    first, *rest = spec_name.split(".")
    node = spec.definition(path, first)
    for part in rest:
        node = node["properties"][part]
    return _deref(node, path)


def _deref(node, path):
    while "$ref" in node:
        path, name = spec.resolve_ref(node["$ref"], path)
        merged = dict(spec.definition(path, name))
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        node = merged
    return node, path


def _props(node, path):
    props = dict(node.get("properties") or {})
    for parent in node.get("allOf") or []:
        parent_node, parent_path = _deref(parent, path)
        props.update(_props(parent_node, parent_path))
    return props


def _compare(ours, node, path, where, problems):
    node, path = _deref(node, path)
    if isinstance(ours, S.Redacted):  # how the service answers a value; its type is the spec's like any other
        ours = ours.item
    if isinstance(ours, S.ReadOnly):
        if not node.get("readOnly"):
            problems.append("{}: ours read-only, spec not".format(where))
        return
    if node.get("readOnly"):
        problems.append("{}: spec read-only, ours writable".format(where))
    if isinstance(ours, S.Secret):
        if node.get("type") != "string" or node.get("format") != "password":
            problems.append("{}: ours secret, spec {} {}".format(where, node.get("type"), node.get("format")))
    elif isinstance(ours, str):
        if node.get("format") == "password" and where.split(".")[-1] != "configurationProtectedSettings{}":
            problems.append("{}: spec says write-only (format password), ours plain".format(where))
        if node.get("type") != ours or "enum" in node:
            problems.append("{}: ours {}, spec {} {}".format(where, ours, node.get("type"), node.get("enum", "")))
    elif isinstance(ours, S.Enum):
        if set(node.get("enum") or []) != set(ours.values):
            problems.append("{}: enum ours {}, spec {}".format(where, ours.values, node.get("enum")))
    elif isinstance(ours, S.MapOf):
        if node.get("type") != "object" or not isinstance(node.get("additionalProperties"), dict):
            problems.append("{}: ours map, spec {}".format(where, node))
        else:
            _compare(ours.item, node["additionalProperties"], path, where + "{}", problems)
    elif isinstance(ours, S.ListOf):
        if node.get("type") != "array":
            problems.append("{}: ours array, spec {}".format(where, node.get("type")))
        else:
            _compare(ours.item, node["items"], path, where + "[]", problems)
    else:
        _compare_obj(ours, node, path, where, problems)


def _compare_obj(ours, node, path, where, problems):
    spec_props = _props(node, path)
    if set(spec_props) != set(ours.props):
        problems.append("{} ({}): members differ: only ours {}, only spec {}".format(
            where, ours.spec_name, sorted(set(ours.props) - set(spec_props)),
            sorted(set(spec_props) - set(ours.props))))
    for name in set(spec_props) & set(ours.props):
        _compare(ours.props[name], spec_props[name], path, "{}.{}".format(where, name), problems)


@pytest.mark.parametrize("ours,file_key", ROOTS, ids=[r[0].spec_name for r in ROOTS])
def test_our_schema_matches_the_spec(ours, file_key):
    node, path = _spec_node(file_key, ours.spec_name)
    problems = []
    _compare_obj(ours, node, path, ours.spec_name, problems)
    assert problems == []


def test_every_spec_definition_used_by_requests_is_covered():
    """Each object definition reachable from the flux request bodies has a twin in our schema."""
    ours = set()

    def walk(spec_obj):
        if isinstance(spec_obj, (S.ReadOnly, S.MapOf, S.ListOf, S.Redacted)):
            walk(spec_obj.item)
        elif isinstance(spec_obj, S.Obj):
            ours.add(spec_obj.spec_name)
            for v in spec_obj.props.values():
                walk(v)
    walk(S.FLUX_PROPERTIES)
    walk(S.FLUX_PATCH_PROPERTIES)
    flux = spec.load(spec.FILES["fluxConfigurations"])["definitions"]
    objects = {n for n, d in flux.items() if d.get("type", "object") == "object" and "properties" in d
               and not n.endswith("List") and n not in ("FluxConfiguration", "FluxConfigurationPatch",
                                                         "OperationStatusResult")}
    assert objects - ours == set()


def test_compare_catches_a_wrong_type():
    """The comparison itself is not vacuous."""
    broken = S.Obj("RepositoryRefDefinition", {"branch": S.INTEGER, "tag": S.STRING, "semver": S.STRING})
    node, path = _spec_node("fluxConfigurations", "RepositoryRefDefinition")
    problems = []
    _compare_obj(broken, node, path, "x", problems)
    assert any("branch" in p for p in problems) and any("commit" in p for p in problems)
