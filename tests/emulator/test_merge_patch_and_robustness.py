"""RFC 7396 merge patch (the RFC's own examples) and: no request body makes the RP answer 5xx."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from k8s_configuration_emulator.rp import merge_patch
from tests.harness.rp import git_config

RFC_7396_EXAMPLES = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize("target,patch,expected", RFC_7396_EXAMPLES)
def test_merge_patch_follows_rfc_7396(target, patch, expected):
    assert merge_patch(target, patch) == expected


def test_merge_patch_does_not_modify_its_inputs():
    target = {"k": {"infra": {"path": "./a", "prune": True}}}
    merge_patch(target, {"k": {"infra": {"path": "./b"}}})
    assert target == {"k": {"infra": {"path": "./a", "prune": True}}}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5) | st.sampled_from(
        ["cluster", "GitRepository", "Bucket", "https://x/y", "ssh://git@x/y"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["url", "path", "dependsOn", "scope", "sourceKind", "gitRepository", "bucket",
                         "kustomizations", "infra", "repositoryRef", "branch", "prune", "x"]), children, max_size=4),
    max_leaves=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(props=st.dictionaries(st.sampled_from(["scope", "namespace", "sourceKind", "suspend", "gitRepository",
                                              "bucket", "kustomizations", "configurationProtectedSettings",
                                              "other"]), json_values, max_size=5))
def test_random_flux_bodies_never_cause_a_server_error(flux_paths, props):
    body = git_config()
    body["properties"].update(props)
    resp = flux_paths.put("fluxConfigurations", "fuzz", body)
    assert resp.status_code in (200, 201, 400, 409), resp.text
    assert "error" in resp.json() if resp.status_code >= 400 else True
    patch = flux_paths.patch("fluxConfigurations", "fuzz", {"properties": props})
    assert patch.status_code in (202, 400, 404, 409), patch.text
    flux_paths.delete("fluxConfigurations", "fuzz", params={"forceDelete": "true"})
