import copy

import pytest
from azure.cli.core.azclierror import (
    InvalidArgumentValueError,
    RequiredArgumentMissingError,
    ResourceNotFoundError,
    ValidationError,
)
from sample_resources import EXISTING
from wire_checks import valid_patch

from azext_k8s_configuration.flux.model import (
    kustomization_create_patch,
    kustomization_delete_patch,
    kustomization_update_patch,
)


def existing():
    return copy.deepcopy(EXISTING)


def test_create_with_defaults():
    patch = valid_patch(kustomization_create_patch(existing(), "monitoring", path="./monitoring").patch)
    assert patch == {"properties": {"kustomizations": {"monitoring": {
        "path": "./monitoring", "dependsOn": [], "timeoutInSeconds": 600, "syncIntervalInSeconds": 600,
        "prune": False, "force": False}}}}


def test_create_with_every_option():
    patch = valid_patch(kustomization_create_patch(
        existing(), "monitoring", path="./m", depends_on="infra,apps", timeout="3m", sync_interval="1h",
        retry_interval="2m", prune=True, force="true", disable_health_check=True).patch)
    assert patch["properties"]["kustomizations"]["monitoring"] == {
        "path": "./m", "dependsOn": ["infra", "apps"], "timeoutInSeconds": 180, "syncIntervalInSeconds": 3600,
        "retryIntervalInSeconds": 120, "prune": True, "force": True, "wait": False}


def test_create_refuses_existing_name():
    with pytest.raises(ValidationError) as err:
        kustomization_create_patch(existing(), "apps")
    assert "'apps' already exists" in err.value.error_msg and "update" in err.value.recommendations[0]


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(kustomization_name="Bad"), "--kustomization-name 'Bad'"),
    (dict(kustomization_name="m", depends_on="nope"), "depends on 'nope'"),
    (dict(kustomization_name="m", depends_on="m"), "depends on itself"),
    (dict(kustomization_name="m", timeout="1.5d"), "--timeout '1.5d'"),
    (dict(kustomization_name="m", sync_interval="5"), "--sync-interval '5'"),
    (dict(kustomization_name="m", retry_interval="x"), "--retry-interval 'x'"),
    (dict(kustomization_name="m", prune="yes"), "--prune 'yes'"),
    (dict(kustomization_name="k" * 52), "gitops-demo-"),
])
def test_create_refusals(kwargs, fragment):
    with pytest.raises(InvalidArgumentValueError) as err:
        kustomization_create_patch(existing(), **kwargs)
    assert fragment in err.value.error_msg


def test_update_sends_only_changed_fields():
    patch = valid_patch(kustomization_update_patch(existing(), "apps", path="./apps/production", prune=True,
                                                   timeout="10m", force=True).patch)
    assert patch == {"properties": {"kustomizations": {"apps": {"path": "./apps/production", "force": True}}}}


def test_update_disable_health_check():
    patch = valid_patch(kustomization_update_patch(existing(), "apps", disable_health_check=True).patch)
    assert patch["properties"]["kustomizations"]["apps"] == {"wait": False}


def test_update_depends_on_list_or_string():
    for value in ("infra", ["infra"], "[infra]", '["infra"]'):
        patch = kustomization_update_patch(existing(), "apps", depends_on=value).patch
        assert patch["properties"]["kustomizations"]["apps"] == {}  # same as stored: nothing to change
    patch = valid_patch(kustomization_update_patch(existing(), "apps", depends_on="").patch)
    assert patch["properties"]["kustomizations"]["apps"] == {"dependsOn": []}


def test_update_refuses_missing_name():
    with pytest.raises(ResourceNotFoundError) as err:
        kustomization_update_patch(existing(), "nope", path="./x")
    assert "has no kustomization 'nope'" in err.value.error_msg and "apps, infra" in err.value.error_msg


def test_update_needs_a_change():
    with pytest.raises(RequiredArgumentMissingError):
        kustomization_update_patch(existing(), "apps")


def test_update_refuses_a_cycle():
    with pytest.raises(InvalidArgumentValueError, match="apps -> infra -> apps"):
        kustomization_update_patch(existing(), "infra", depends_on="apps")


def test_delete_removes_the_name_from_the_depends_on_of_its_dependents_in_the_same_patch():
    # left there, apps would wait for infra for good and every later command would meet a dangling dependsOn
    change = kustomization_delete_patch(existing(), "infra")
    assert valid_patch(change.patch) == {"properties": {"kustomizations": {"infra": None, "apps": {"dependsOn": []}}}}
    assert change.dependents == ["apps"] and change.warnings == []
    change = kustomization_delete_patch(existing(), "apps")
    assert change.patch == {"properties": {"kustomizations": {"apps": None}}} and change.dependents == []


def test_delete_keeps_the_other_dependencies_of_a_dependent():
    stored = existing()
    stored["properties"]["kustomizations"]["db"] = {"path": "./db", "dependsOn": []}
    stored["properties"]["kustomizations"]["apps"]["dependsOn"] = ["db", "infra"]
    stored["properties"]["kustomizations"]["web"] = {"path": "./web", "dependsOn": ["infra"]}
    change = kustomization_delete_patch(stored, "infra")
    assert change.patch["properties"]["kustomizations"] == {"infra": None, "apps": {"dependsOn": ["db"]},
                                                            "web": {"dependsOn": []}}
    assert change.dependents == ["apps", "web"]


def test_delete_refuses_missing_name():
    with pytest.raises(ResourceNotFoundError, match="has no kustomization 'nope'"):
        kustomization_delete_patch(existing(), "nope")


def test_missing_name_option():
    with pytest.raises(RequiredArgumentMissingError):
        kustomization_delete_patch(existing(), None)
