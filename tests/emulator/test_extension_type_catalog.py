"""The extension-type catalog the emulator serves (extensionTypes, API 2024-11-01-preview): versions per release
train, per location and per cluster type; under a cluster, what that cluster can install; read-only."""
import pytest

from tests.harness.arm import API, cluster_path, rp_path

VERSION = API["extensionTypes"]


def _location_path(emulator, location, *rest):
    return "/".join(["/subscriptions/{}/providers/Microsoft.KubernetesConfiguration/locations/{}/extensionTypes"
                     .format(emulator.subscription_id, location)] + list(rest))


def _names(resp):
    assert resp.status_code == 200, resp.text
    return [item["name"] for item in resp.json()["value"]]


def test_a_location_lists_the_types_offered_there_with_their_shape(arm, emulator):
    listed = arm.get(_location_path(emulator, "eastus"), VERSION)
    assert {"microsoft.flux", "microsoft.dapr", "microsoft.azuremonitor.containers"} <= set(_names(listed))
    flux = arm.get(_location_path(emulator, "eastus", "microsoft.flux"), VERSION).json()
    assert flux["id"] == _location_path(emulator, "eastus", "microsoft.flux")
    assert flux["type"] == "Microsoft.KubernetesConfiguration/extensionTypes"
    props = flux["properties"]
    assert props["publisher"] == "Microsoft" and "managedClusters" in props["supportedClusterTypes"]
    assert props["supportedScopes"]["defaultScope"] == "cluster"
    assert props["supportedScopes"]["clusterScopeSettings"]["properties"] == {
        "allowMultipleInstances": False, "defaultReleaseNamespace": "flux-system"}
    assert "planInfo" not in props


def test_versions_follow_the_release_train_and_the_location(arm, emulator):
    stable = _names(arm.get(_location_path(emulator, "eastus", "microsoft.flux", "versions"), VERSION))
    assert stable == ["1.8.2", "1.12.0", "1.14.0", "1.15.1"]  # stable by default, oldest first
    preview = _names(arm.get(_location_path(emulator, "eastus", "microsoft.flux", "versions"), VERSION,
                             params={"releaseTrain": "Preview"}))
    assert preview == ["1.14.0", "1.15.1", "1.16.0"]
    not_there_yet = _names(arm.get(_location_path(emulator, "australiaeast", "microsoft.flux", "versions"), VERSION,
                                   params={"releaseTrain": "preview"}))
    assert not_there_yet == ["1.14.0", "1.15.1"]


def test_versions_follow_the_cluster_type_and_the_filters(arm, emulator):
    path = _location_path(emulator, "eastus", "microsoft.azuremonitor.containers", "versions")
    assert _names(arm.get(path, VERSION, params={"clusterType": "appliances"})) == ["3.1.21"]
    assert _names(arm.get(path, VERSION, params={"clusterType": "connectedCluster"})) == ["3.1.21", "3.1.22"]
    assert _names(arm.get(path, VERSION, params={"showLatest": "true"})) == ["3.1.22"]
    flux = _location_path(emulator, "eastus", "microsoft.flux", "versions")
    assert _names(arm.get(flux, VERSION, params={"majorVersion": "2"})) == []
    assert _names(arm.get(flux, VERSION, params={"majorVersion": "1", "showLatest": "true"})) == ["1.15.1"]
    bad = arm.get(path, VERSION, params={"clusterType": "fridges"})
    assert bad.status_code == 400 and "clusterType" in bad.json()["error"]["message"]


def test_one_version_and_what_is_not_offered(arm, emulator):
    shown = arm.get(_location_path(emulator, "eastus", "microsoft.flux", "versions", "1.8.2"), VERSION).json()
    assert shown["name"] == "1.8.2" and shown["properties"]["version"] == "1.8.2"
    assert "connectedCluster" in shown["properties"]["supportedClusterTypes"]
    assert shown["properties"]["unsupportedKubernetesVersions"]["connectedCluster"]
    for path in (_location_path(emulator, "eastus", "microsoft.flux", "versions", "9.9.9"),
                 _location_path(emulator, "eastus", "contoso.nothing"),
                 _location_path(emulator, "eastus", "contoso.nothing", "versions"),
                 _location_path(emulator, "australiaeast", "microsoft.flux", "versions", "1.16.0")):
        missing = arm.get(path, VERSION)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceNotFound", path


def test_marketplace_types_carry_their_plan_and_filter_by_it(arm, emulator):
    path = _location_path(emulator, "eastus")
    assert _names(arm.get(path, VERSION, params={"publisherId": "contoso", "offerId": "sampleapp-offer",
                                                 "planId": "standard"})) == ["contoso.sampleapp"]
    assert _names(arm.get(path, VERSION, params={"publisherId": "nobody"})) == []
    shown = arm.get(_location_path(emulator, "eastus", "contoso.sampleapp"), VERSION).json()
    assert shown["properties"]["planInfo"] == {"publisherId": "contoso", "offerId": "sampleapp-offer",
                                               "planId": "standard"}


def test_under_a_cluster_only_what_it_can_install(arm, emulator, make_cluster):
    appliance = make_cluster("appliances")
    path = rp_path(cluster_path(emulator.subscription_id, appliance.rg, appliance.name, "appliances"),
                   "extensionTypes")
    names = _names(arm.get(path, VERSION))
    assert "microsoft.azuremonitor.containers" in names and "microsoft.flux" not in names
    assert _names(arm.get(path + "/microsoft.azuremonitor.containers/versions", VERSION)) == ["3.1.21"]
    assert arm.get(path + "/microsoft.azuremonitor.containers/versions/3.1.22", VERSION).status_code == 404
    assert arm.get(path + "/microsoft.flux", VERSION).status_code == 404


def test_a_cluster_in_another_location_sees_its_location(arm, emulator, make_cluster):
    far = make_cluster(location="australiaeast")
    path = rp_path(cluster_path(emulator.subscription_id, far.rg, far.name), "extensionTypes", "microsoft.flux")
    assert _names(arm.get(path + "/versions", VERSION, params={"releaseTrain": "preview"})) == ["1.14.0", "1.15.1"]
    near = make_cluster()
    path = rp_path(cluster_path(emulator.subscription_id, near.rg, near.name), "extensionTypes", "microsoft.flux")
    assert _names(arm.get(path + "/versions", VERSION, params={"releaseTrain": "preview"}))[-1] == "1.16.0"


def test_a_missing_cluster_is_answered_as_arm_does(arm, emulator, cluster):
    path = rp_path(cluster_path(emulator.subscription_id, cluster.rg, "nope"), "extensionTypes")
    missing = arm.get(path, VERSION)
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_the_catalog_is_read_only(arm, emulator, method):
    resp = arm.request(method, _location_path(emulator, "eastus", "microsoft.flux"), VERSION, json={})
    assert resp.status_code == 405


def test_the_provider_lists_both_scopes(arm, emulator):
    provider = arm.get("/subscriptions/{}/providers/Microsoft.KubernetesConfiguration".format(
        emulator.subscription_id), "2021-04-01").json()
    types = {t["resourceType"]: t["apiVersions"] for t in provider["resourceTypes"]}
    assert types["extensionTypes"] == [VERSION] and types["locations/extensionTypes"] == [VERSION]


def test_an_install_without_version_gets_the_latest_of_its_train(paths, arm):
    body = {"properties": {"extensionType": "microsoft.dapr", "releaseTrain": "preview"}}
    created = paths.put("extensions", "dapr", body)
    assert arm.wait(created)["status"] == "Succeeded"
    assert paths.get("extensions", "dapr").json()["properties"]["currentVersion"] == "1.15.0"
    flux = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
    assert arm.wait(flux)["status"] == "Succeeded"
    assert paths.get("extensions", "flux").json()["properties"]["currentVersion"] == "1.15.1"
