"""Missing parents and missing resources are answered the way real ARM and the RP answer them, so that a client
can only tell them apart the way it must against Azure (issue 8): a missing subscription or resource group by
its code, a missing cluster by ARM's ResourceNotFound naming the cluster, a missing flux configuration by a
bare 404 (no body at all), a missing extension by the RP's "Extension instance ... not found"."""
import pytest

from tests.harness.arm import API, cluster_path, rp_path
from tests.harness.rp import git_config

COLLECTIONS = ["fluxConfigurations", "extensions", "sourceControlConfigurations"]
BODIES = {"fluxConfigurations": git_config(),
          "extensions": {"properties": {"extensionType": "microsoft.flux"}},
          "sourceControlConfigurations": {"properties": {"repositoryUrl": "https://github.com/org/repo"}}}
# (collection, method, with a resource name): every request a command can send under a cluster
REQUESTS = [(c, method, named) for c in COLLECTIONS
            for method, named in (("GET", False), ("GET", True), ("PUT", True), ("PATCH", True), ("DELETE", True))
            if not (c == "sourceControlConfigurations" and method == "PATCH")]  # Flux v1 has no PATCH


def _send(arm, cluster, collection, method, named):
    path = rp_path(cluster, collection, "item" if named else None)
    body = BODIES[collection] if method in ("PUT", "PATCH") else None
    return arm.request(method, path, API[collection], json=body)


def _cluster_not_found(resp, rg, resource):
    assert resp.status_code == 404, resp.text
    error = resp.json()["error"]
    assert error["code"] == "ResourceNotFound"
    assert error["message"].startswith("The Resource '{}' under resource group '{}' was not found.".format(
        resource, rg))


@pytest.mark.parametrize("collection,method,named", REQUESTS)
def test_missing_cluster_is_arms_resource_not_found_for_every_child_request(arm, emulator, cluster, collection,
                                                                           method, named):
    ghost = cluster_path(emulator.subscription_id, cluster.rg, "ghost")
    resp = _send(arm, ghost, collection, method, named)
    _cluster_not_found(resp, cluster.rg, "Microsoft.Kubernetes/connectedClusters/ghost")
    assert arm.get(ghost, "2024-01-01").status_code == 404  # nothing was created on the way


def test_missing_cluster_itself_answers_the_same(arm, emulator, cluster):
    resp = arm.get(cluster_path(emulator.subscription_id, cluster.rg, "ghost"), "2024-01-01")
    _cluster_not_found(resp, cluster.rg, "Microsoft.Kubernetes/connectedClusters/ghost")


def test_wrong_cluster_type_is_a_missing_cluster_of_that_type(arm, emulator, cluster):
    """An existing connectedCluster addressed as a managedCluster (a wrong -t) does not exist as one."""
    path = cluster_path(emulator.subscription_id, cluster.rg, cluster.name, "managedClusters")
    for resp in (arm.get(path, "2024-09-01"), _send(arm, path, "fluxConfigurations", "GET", True),
                 _send(arm, path, "extensions", "DELETE", True)):
        _cluster_not_found(resp, cluster.rg, "Microsoft.ContainerService/managedClusters/" + cluster.name)


@pytest.mark.parametrize("collection,method,named", REQUESTS)
def test_missing_resource_group_is_resource_group_not_found(arm, emulator, collection, method, named):
    resp = _send(arm, cluster_path(emulator.subscription_id, "no-such-rg", "c1"), collection, method, named)
    assert resp.status_code == 404
    assert resp.json()["error"] == {"code": "ResourceGroupNotFound",
                                    "message": "Resource group 'no-such-rg' could not be found.", "details": []}


def test_missing_resource_group_for_the_cluster_itself(arm, emulator):
    resp = arm.get(cluster_path(emulator.subscription_id, "no-such-rg", "c1"), "2024-01-01")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "ResourceGroupNotFound"


@pytest.mark.parametrize("path", [
    "/subscriptions/{sub}",
    "/subscriptions/{sub}/resourceGroups/rg",
    "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1",
    "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1"
    "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg",
    "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1"
    "/providers/Microsoft.KubernetesConfiguration/extensions",
])
def test_missing_subscription_is_subscription_not_found(arm, path):
    sub = "11111111-2222-3333-4444-555555555555"
    api = "2025-04-01" if "fluxConfigurations" in path else "2025-03-01" if "extensions" in path else "2024-01-01"
    resp = arm.get(path.format(sub=sub), api)
    assert resp.status_code == 404
    error = resp.json()["error"]
    assert error["code"] == "SubscriptionNotFound" and sub in error["message"]


def test_missing_flux_configuration_is_a_bare_404(flux_paths):
    for resp in (flux_paths.get("fluxConfigurations", "nope"),
                 flux_paths.patch("fluxConfigurations", "nope", {"properties": {"suspend": True}})):
        assert resp.status_code == 404
        assert resp.content == b""  # real ARM may send no error body at all: clients must cope
    assert flux_paths.delete("fluxConfigurations", "nope").status_code == 204  # delete of nothing: done


def test_missing_extension_is_extension_instance_not_found(paths):
    for resp in (paths.get("extensions", "flux"),
                 paths.patch("extensions", "flux", {"properties": {"configurationSettings": {"a": "b"}}})):
        assert resp.status_code == 404
        assert resp.json()["error"]["code"] == "ResourceNotFound"
        assert resp.json()["error"]["message"] == "Extension instance with name 'flux' not found."
    assert paths.delete("extensions", "flux").status_code == 204


def test_missing_flux_v1_configuration_is_resource_not_found(paths):
    resp = paths.get("sourceControlConfigurations", "legacy")
    assert resp.status_code == 404
    error = resp.json()["error"]
    assert error["code"] == "ResourceNotFound"
    assert "sourceControlConfigurations/legacy" in error["message"] and paths.cluster.name in error["message"]
    assert paths.delete("sourceControlConfigurations", "legacy").status_code == 204
