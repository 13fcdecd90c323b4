"""Flux v1 (sourceControlConfigurations) list/show/delete with the real az against the emulator."""
import pytest
from flux_helpers import assert_golden, sent, warnings

API = "2024-11-01"
DEPRECATION = "This command has been deprecated and will be removed in a future release."


def legacy_body(name):
    return {"properties": {"repositoryUrl": "git@github.com:org/flux-v1-repo", "operatorInstanceName": name,
                           "operatorNamespace": name, "operatorType": "Flux", "operatorScope": "cluster",
                           "operatorParams": "--git-readonly"}}


def put_legacy(arm, cluster, name):
    from tests.harness.arm import rp_path
    response = arm.put(rp_path(cluster.id, "sourceControlConfigurations", name), legacy_body(name), API)
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
def legacy_cluster(arm, cluster):
    for name in ("old-a", "old-b"):
        put_legacy(arm, cluster, name)
    return cluster


def test_list_is_flattened_and_points_to_flux(az, legacy_cluster):
    result = az(f"k8s-configuration list {legacy_cluster.args}")
    listed = result.json
    assert sorted(item["name"] for item in listed) == ["old-a", "old-b"]
    first = listed[0]
    assert first["repositoryUrl"] == "git@github.com:org/flux-v1-repo"
    assert first["resourceGroup"] == legacy_cluster.rg
    assert "properties" not in first
    deprecations = [w for w in warnings(result.stderr) if "deprecated" in w]
    assert len(deprecations) == 1 and "k8s-configuration flux list" in deprecations[0]


def test_list_follows_next_link(az, emulator, arm, cluster):
    for index in range(5):
        put_legacy(arm, cluster, f"paged-{index}")
    emulator.set_page_size(2)
    try:
        result = az(f"k8s-configuration list {cluster.args}")
    finally:
        emulator.set_page_size(100)
    assert sorted(item["name"] for item in result.json) == [f"paged-{i}" for i in range(5)]
    assert len(sent(result.requests, "GET", "/sourceControlConfigurations")) == 3


def test_show_and_missing(az, legacy_cluster):
    shown = az(f"k8s-configuration show {legacy_cluster.args} -n old-a")
    assert shown.json["operatorInstanceName"] == "old-a"
    assert DEPRECATION in shown.stderr
    missing = az(f"k8s-configuration show {legacy_cluster.args} -n nope", check=False)
    assert missing.exit_code == 3
    assert "Flux v1 configuration 'nope' not found on cluster" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_delete(az, legacy_cluster):
    refused = az(f"k8s-configuration delete {legacy_cluster.args} -n old-a", check=False)
    assert refused.exit_code != 0 and "--yes" in refused.stderr
    assert sent(refused.requests, "DELETE", "/sourceControlConfigurations/") == []
    deleted = az(f"k8s-configuration delete {legacy_cluster.args} -n old-a --yes")
    assert deleted.exit_code == 0 and deleted.stdout.strip() == ""
    assert [item["name"] for item in az(f"k8s-configuration list {legacy_cluster.args}").json] == ["old-b"]
    again = az(f"k8s-configuration delete {legacy_cluster.args} -n old-a --yes")
    assert "does not exist on cluster" in again.stderr


def test_table(az, legacy_cluster):
    table = az(f"k8s-configuration list {legacy_cluster.args} -o table").stdout
    assert table.splitlines()[0].split() == ["Name", "RepositoryUrl", "OperatorName", "OperatorNamespace", "Scope",
                                             "ProvisioningState"]
    assert_golden("flux_v1_list.txt", table)
