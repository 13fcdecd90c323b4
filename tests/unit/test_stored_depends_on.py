"""An update that mentions a kustomization without depends_on keeps its stored depends_on (issue 10).

`flux update -k name=apps path=...` and `flux kustomization update -k apps --path ...` change only what they are
given: the service keeps the stored dependsOn (merge patch), so the dependency check must keep it too — were it
dropped from the check, a new edge back to that kustomization would close a cycle nobody sees until Flux stalls.
"""
import copy

import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError
from sample_resources import EXISTING  # apps depends on infra

from azext_k8s_configuration.flux.kustomization_args import Kustomization, merged_graph
from azext_k8s_configuration.flux.model import build_update_patch, kustomization_update_patch

CYCLE = r"(apps -> infra -> apps|infra -> apps -> infra)"


def existing():
    return copy.deepcopy(EXISTING)


def test_the_merged_graph_keeps_the_stored_depends_on_of_a_kustomization_given_without_it():
    graph = merged_graph({"infra": [], "apps": ["infra"]}, [Kustomization(name="apps", path="./apps/production")])
    assert graph == {"infra": [], "apps": ["infra"]}


def test_the_merged_graph_replaces_it_when_given_and_adds_new_ones():
    graph = merged_graph({"infra": [], "apps": ["infra"]},
                         [Kustomization(name="apps", depends_on=[]), Kustomization(name="db")])
    assert graph == {"infra": [], "apps": [], "db": []}


def test_flux_update_mentioning_a_kustomization_without_depends_on_still_sees_its_stored_one():
    # apps -> infra is stored; apps is given again (without depends_on) next to a new edge infra -> apps
    with pytest.raises(InvalidArgumentValueError, match=CYCLE):
        build_update_patch(existing(), kustomization=[["name=apps", "path=./apps/production"],
                                                      ["name=infra", "dependsOn=apps"]])


def test_flux_update_sends_no_depends_on_for_a_kustomization_given_without_it():
    patch = build_update_patch(existing(), kustomization=[["name=apps", "prune=false"]]).patch
    assert patch == {"properties": {"kustomizations": {"apps": {"prune": False}}}}


def test_flux_update_may_replace_the_stored_depends_on_and_then_reverse_the_edge():
    patch = build_update_patch(existing(), kustomization=[["name=apps", "dependsOn=[]"],
                                                          ["name=infra", "dependsOn=apps"]]).patch
    assert patch["properties"]["kustomizations"] == {"apps": {"dependsOn": []}, "infra": {"dependsOn": ["apps"]}}


def test_kustomization_update_without_depends_on_keeps_the_stored_one():
    patch = kustomization_update_patch(existing(), "apps", path="./apps/production", prune=False).patch
    assert patch == {"properties": {"kustomizations": {"apps": {"path": "./apps/production", "prune": False}}}}


def test_kustomization_update_sees_the_stored_depends_on_of_the_others():
    with pytest.raises(InvalidArgumentValueError, match=CYCLE):
        kustomization_update_patch(existing(), "infra", depends_on="apps")


def test_a_chain_through_a_kustomization_given_without_depends_on_is_still_a_cycle():
    stored = existing()
    stored["properties"]["kustomizations"]["monitoring"] = {"path": "./m", "dependsOn": ["apps"]}
    # monitoring -> apps -> infra stored; apps given without depends_on, infra made to depend on monitoring
    with pytest.raises(InvalidArgumentValueError, match="infra -> monitoring -> apps -> infra|"
                                                        "apps -> infra -> monitoring -> apps|"
                                                        "monitoring -> apps -> infra -> monitoring"):
        build_update_patch(stored, kustomization=[["name=apps", "timeout=5m"], ["name=infra", "dependsOn=monitoring"]])
