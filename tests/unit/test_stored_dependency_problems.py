"""A depends_on problem already stored on the configuration (issue 14, item 4) is not the command's doing.

It may come from the portal, an older tool, Microsoft's tool, or a kustomization deleted elsewhere: commands that do
not set that depends_on go on and warn, naming the kustomization and how to clear it; a depends_on the command sets
is refused as before.
"""
import copy

import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError
from sample_resources import EXISTING  # infra, and apps depending on infra
from wire_checks import valid_patch

from azext_k8s_configuration.flux.model import (
    build_update_patch,
    kustomization_create_patch,
    kustomization_delete_patch,
    kustomization_update_patch,
)
from azext_k8s_configuration.validation.dependencies import check_dependencies

CLEAR_APPS = 'az k8s-configuration flux kustomization update <same -g -c -t -n> -k apps --depends-on ""'


def dangling():
    """apps still depends on infra, which is gone (deleted by a tool that left the dependsOn)."""
    stored = copy.deepcopy(EXISTING)
    del stored["properties"]["kustomizations"]["infra"]
    return stored


def test_a_stored_unknown_dependency_is_a_warning_that_says_how_to_clear_it():
    [warning] = check_dependencies({"apps": ["infra"]}, "--depends-on", changed=())
    assert "'apps'" in warning and "'infra' (not a kustomization of this configuration)" in warning
    assert "DependencyNotReady" in warning and CLEAR_APPS in warning


def test_the_clear_command_keeps_the_dependencies_that_exist():
    [warning] = check_dependencies({"db": [], "apps": ["db", "infra", "cache"]}, changed=())
    assert "'infra', 'cache'" in warning and '-k apps --depends-on "db"' in warning


def test_a_stored_self_dependency_is_a_warning():
    [warning] = check_dependencies({"apps": ["apps"], "db": []}, changed=())
    assert "'apps' is stored depending on itself" in warning and CLEAR_APPS in warning


@pytest.mark.parametrize("graph, fragment", [
    ({"apps": ["infra"]}, "depends on 'infra', which is not a kustomization"),
    ({"apps": ["apps"]}, "depends on itself"),
    ({"apps": ["db"], "db": ["apps"]}, "apps -> db -> apps"),
])
def test_the_same_problems_are_refused_in_a_depends_on_the_command_sets(graph, fragment):
    with pytest.raises(InvalidArgumentValueError, match=fragment):
        check_dependencies(graph, "--depends-on", changed={"apps"})
    with pytest.raises(InvalidArgumentValueError, match=fragment):
        check_dependencies(graph, "--depends-on")  # None: everything is given (flux create)


def test_a_new_cycle_is_refused_even_when_a_stored_one_comes_first():
    # a <-> b is stored; c <-> d is closed by this command: the error names the new one
    graph = {"a": ["b"], "b": ["a"], "c": ["d"], "d": ["c"]}
    with pytest.raises(InvalidArgumentValueError, match="d -> c -> d"):
        check_dependencies(graph, changed={"d"})


def test_kustomization_update_of_a_dependent_goes_on_with_a_warning():
    change = kustomization_update_patch(dangling(), "apps", prune=False)
    assert valid_patch(change.patch) == {"properties": {"kustomizations": {"apps": {"prune": False}}}}
    [warning] = change.warnings
    assert "'apps'" in warning and "'infra'" in warning and CLEAR_APPS in warning


def test_clearing_the_stored_dependency_is_accepted_without_warning():
    change = kustomization_update_patch(dangling(), "apps", depends_on="")
    assert change.patch == {"properties": {"kustomizations": {"apps": {"dependsOn": []}}}}
    assert change.warnings == []


def test_setting_the_missing_dependency_again_is_refused():
    with pytest.raises(InvalidArgumentValueError, match="--depends-on: kustomization 'apps' depends on 'infra'"):
        kustomization_update_patch(dangling(), "apps", depends_on="infra")


def test_an_unrelated_create_goes_on_with_the_warning():
    change = kustomization_create_patch(dangling(), "monitoring", path="./monitoring")
    assert list(valid_patch(change.patch)["properties"]["kustomizations"]) == ["monitoring"]
    assert len(change.warnings) == 1 and CLEAR_APPS in change.warnings[0]


def test_creating_the_missing_kustomization_resolves_it():
    change = kustomization_create_patch(dangling(), "infra", path="./infrastructure")
    assert change.warnings == []


def test_an_unrelated_delete_goes_on_with_the_warning():
    stored = dangling()
    stored["properties"]["kustomizations"]["db"] = {"path": "./db", "dependsOn": []}
    change = kustomization_delete_patch(stored, "db")
    assert change.patch == {"properties": {"kustomizations": {"db": None}}}
    assert len(change.warnings) == 1 and CLEAR_APPS in change.warnings[0]


def test_flux_update_k_of_another_kustomization_goes_on_with_the_warning():
    spec = build_update_patch(dangling(), kustomization=[["name=monitoring", "path=./monitoring"]])
    assert list(spec.patch["properties"]["kustomizations"]) == ["monitoring"]
    assert any(CLEAR_APPS in w for w in spec.warnings)


def test_flux_update_k_still_refuses_a_new_dangling_dependency():
    with pytest.raises(InvalidArgumentValueError, match="'monitoring' depends on 'nope'"):
        build_update_patch(dangling(), kustomization=[["name=monitoring", "dependsOn=nope"]])
