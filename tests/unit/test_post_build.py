"""Post-build substitution (-k substitute / substitute_from, kustomization --substitute*) and the
reconciliation wait of create — both validated against the spec."""
import copy

import pytest
from azure.cli.core.azclierror import ArgumentUsageError, InvalidArgumentValueError
from sample_resources import EXISTING
from wire_checks import valid_create, valid_patch

from azext_k8s_configuration.flux import payload
from azext_k8s_configuration.flux.kustomization_args import parse_one
from azext_k8s_configuration.flux.model import (
    build_create_spec,
    build_update_patch,
    kustomization_create_patch,
    kustomization_update_patch,
)
from azext_k8s_configuration.validation.post_build import parse_substitute, parse_substitute_from


@pytest.mark.parametrize("value, expected", [
    ("cluster_env:prod", {"cluster_env": "prod"}),
    ("cluster_env:prod,replicas:2", {"cluster_env": "prod", "replicas": "2"}),
    ("url:https://x:8080", {"url": "https://x:8080"}),
    ("empty:", {"empty": ""}),
    ('{"a": "x,y", "b": 2, "c": true}', {"a": "x,y", "b": "2", "c": "true"}),
    ({"_x1": "v"}, {"_x1": "v"}),
])
def test_substitute(value, expected):
    assert parse_substitute(value, "--substitute") == expected


@pytest.mark.parametrize("value, fragment", [
    ("", "at least one"), ("novalue", "not NAME:VALUE"), ("1abc:x", "not a valid variable name"),
    ("a-b:x", "not a valid variable name"), ("a:1,a:2", "given twice"), ("{bad json", "not a valid JSON object"),
    ('["a"]', "not NAME:VALUE"), ('{"a": null}', "must be a string"), ('{"a": {"b": 1}}', "must be a string"),
    ("{}", "at least one"),
])
def test_bad_substitute(value, fragment):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_substitute(value, "--substitute")
    assert fragment in err.value.error_msg and "--substitute" in err.value.error_msg and err.value.recommendations


@pytest.mark.parametrize("value, expected", [
    ("ConfigMap:cluster-vars", [{"kind": "ConfigMap", "name": "cluster-vars"}]),
    ("configmap:a,Secret:b:optional", [{"kind": "ConfigMap", "name": "a"},
                                       {"kind": "Secret", "name": "b", "optional": True}]),
    ('[{"kind": "Secret", "name": "s", "optional": false}]', [{"kind": "Secret", "name": "s"}]),
    ([{"kind": "SECRET", "name": "s", "optional": True}], [{"kind": "Secret", "name": "s", "optional": True}]),
])
def test_substitute_from(value, expected):
    assert parse_substitute_from(value, "--substitute-from") == expected


@pytest.mark.parametrize("value, fragment", [
    ("", "at least one"), ("ConfigMap", "not KIND:NAME"), ("Pod:x", "not ConfigMap or Secret"),
    ("Secret:Bad_Name", "not a valid Kubernetes secret name"), ("Secret:a:maybe", "not KIND:NAME"),
    ("[1]", "needs 'kind' and 'name'"), ('[{"kind": "Secret"}]', "needs 'kind' and 'name'"),
    ('[{"kind": "Secret", "name": "a", "optional": "yes"}]', "'optional' must be true or false"),
    ('[{"kind": "Secret", "name": "a", "extra": 1}]', "needs 'kind' and 'name'"), ("[", "not a valid JSON list"),
    ("[]", "at least one"),
])
def test_bad_substitute_from(value, fragment):
    with pytest.raises(InvalidArgumentValueError) as err:
        parse_substitute_from(value, "--substitute-from")
    assert fragment in err.value.error_msg and err.value.recommendations


@pytest.mark.parametrize("token", ["substitute=env:prod", "post_build_substitute=env:prod",
                                   "postBuild.substitute=env:prod", "post-build-substitute=env:prod"])
def test_k_aliases_for_substitute(token):
    assert parse_one(["name=a", token]).substitute == {"env": "prod"}


@pytest.mark.parametrize("token", ["substitute_from=ConfigMap:v", "substituteFrom=ConfigMap:v",
                                   "postBuild.substituteFrom=ConfigMap:v"])
def test_k_aliases_for_substitute_from(token):
    assert parse_one(["name=a", token]).substitute_from == [{"kind": "ConfigMap", "name": "v"}]


def test_create_body_with_post_build():
    spec = build_create_spec(name="cfg", url="https://github.com/org/repo", branch="main", kustomization=[
        ["name=apps", "path=./apps", "substitute=cluster_env:prod,replicas:2",
         "substituteFrom=ConfigMap:cluster-vars,Secret:db:optional"]])
    valid_create(spec.body)
    assert spec.body["properties"]["kustomizations"]["apps"]["postBuild"] == {
        "substitute": {"cluster_env": "prod", "replicas": "2"},
        "substituteFrom": [{"kind": "ConfigMap", "name": "cluster-vars"},
                           {"kind": "Secret", "name": "db", "optional": True}]}


def test_kustomization_patches_with_post_build():
    patch = valid_patch(kustomization_create_patch(copy.deepcopy(EXISTING), "extra", substitute="a:1",
                                                   substitute_from="Secret:s").patch)
    assert patch["properties"]["kustomizations"]["extra"]["postBuild"] == {
        "substitute": {"a": "1"}, "substituteFrom": [{"kind": "Secret", "name": "s"}]}
    patch = valid_patch(kustomization_update_patch(copy.deepcopy(EXISTING), "apps", substitute="a:1").patch)
    assert patch == {"properties": {"kustomizations": {"apps": {"postBuild": {"substitute": {"a": "1"}}}}}}
    with pytest.raises(InvalidArgumentValueError, match="--substitute-from"):
        kustomization_update_patch(copy.deepcopy(EXISTING), "apps", substitute_from="Pod:x")


def test_unchanged_post_build_is_not_resent():
    existing = copy.deepcopy(EXISTING)
    existing["properties"]["kustomizations"]["apps"]["postBuild"] = {"substitute": {"a": "1"}}
    patch = kustomization_update_patch(existing, "apps", substitute="a:1", prune=False).patch
    assert patch == {"properties": {"kustomizations": {"apps": {"prune": False}}}}
    assert payload.read_existing(existing).kustomizations["apps"].substitute == {"a": "1"}


def test_update_k_with_post_build():
    spec = build_update_patch(copy.deepcopy(EXISTING), kustomization=[["name=apps", "substitute=x:y"]])
    valid_patch(spec.patch)
    assert spec.patch["properties"]["kustomizations"]["apps"] == {"postBuild": {"substitute": {"x": "y"}}}


@pytest.mark.parametrize("wait, duration, wire", [
    (None, None, {}),
    (True, None, {"waitForReconciliation": True}),
    (False, None, {}),
    (None, "30m", {"waitForReconciliation": True, "reconciliationWaitDuration": "PT30M"}),
    (True, "1h2m3s", {"waitForReconciliation": True, "reconciliationWaitDuration": "PT1H2M3S"}),
])
def test_reconciliation_wait(wait, duration, wire):
    spec = build_create_spec(name="cfg", url="https://github.com/org/repo", branch="main",
                             wait_for_reconciliation=wait, reconciliation_wait_duration=duration)
    valid_create(spec.body)
    got = {k: v for k, v in spec.body["properties"].items()
           if k in ("waitForReconciliation", "reconciliationWaitDuration")}
    assert got == wire


def test_reconciliation_wait_refusals():
    with pytest.raises(ArgumentUsageError, match="--wait-for-reconciliation"):
        build_create_spec(name="cfg", url="https://h/r", branch="main", wait_for_reconciliation=False,
                          reconciliation_wait_duration="5m")
    with pytest.raises(InvalidArgumentValueError, match="--reconciliation-wait-duration 'PT5M'"):
        build_create_spec(name="cfg", url="https://h/r", branch="main", reconciliation_wait_duration="PT5M")


@pytest.mark.parametrize("seconds, text", [(1, "PT1S"), (60, "PT1M"), (3600, "PT1H"), (5400, "PT1H30M"),
                                           (90061, "PT25H1M1S"), (0, "PT0S")])
def test_iso8601(seconds, text):
    assert payload.iso8601_duration(seconds) == text
