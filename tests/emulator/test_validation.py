"""Malformed request bodies are refused with 400 and an ARM error body, like the service does."""
import pytest

from tests.harness.rp import git_config


def _assert_arm_400(resp, code="InvalidRequestContent", target=None):
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert set(error) >= {"code", "message", "details"}
    assert error["code"] == code
    if target:
        assert any(d.get("target") == target for d in error["details"]), error


@pytest.mark.parametrize("mutate,target", [
    (lambda p: p.update(suspend="yes"), "properties.suspend"),
    (lambda p: p.update(scope="everywhere"), "properties.scope"),
    (lambda p: p.update(sourceKind="Svn"), "properties.sourceKind"),
    (lambda p: p["gitRepository"].update(timeoutInSeconds="600"), "properties.gitRepository.timeoutInSeconds"),
    (lambda p: p["gitRepository"].update(timeoutInSeconds=True), "properties.gitRepository.timeoutInSeconds"),
    (lambda p: p["gitRepository"].update(repositoryRef="main"), "properties.gitRepository.repositoryRef"),
    (lambda p: p["kustomizations"]["apps"].update(dependsOn="infra"), "properties.kustomizations.apps.dependsOn"),
    (lambda p: p["kustomizations"]["apps"].update(prune="true"), "properties.kustomizations.apps.prune"),
    (lambda p: p.update(kustomizations=["infra"]), "properties.kustomizations"),
    (lambda p: p.update(configurationProtectedSettings={"sshPrivateKey": 5}),
     "properties.configurationProtectedSettings.sshPrivateKey"),
    (lambda p: p["gitRepository"].update(provider="Bitbucket"), "properties.gitRepository.provider"),
    (lambda p: p.update(unknownThing=1), "properties.unknownThing"),
    (lambda p: p["gitRepository"].update(branch="main"), "properties.gitRepository.branch"),
])
def test_bad_flux_bodies_are_400(flux_paths, mutate, target):
    body = git_config()
    mutate(body["properties"])
    _assert_arm_400(flux_paths.put("fluxConfigurations", "bad", body), target=target)
    assert flux_paths.get("fluxConfigurations", "bad").status_code == 404


def test_enum_values_are_case_insensitive_and_normalised(flux_paths):
    body = git_config(scope="Cluster", sourceKind="gitrepository")
    resp = flux_paths.put("fluxConfigurations", "enums", body)
    assert resp.status_code == 201
    assert resp.json()["properties"]["scope"] == "cluster"
    assert resp.json()["properties"]["sourceKind"] == "GitRepository"


def test_missing_properties_and_url_are_400(flux_paths):
    _assert_arm_400(flux_paths.put("fluxConfigurations", "empty", {}))
    body = git_config()
    del body["properties"]["gitRepository"]["url"]
    _assert_arm_400(flux_paths.put("fluxConfigurations", "nourl", body), code="MissingSourceUrl")


def test_not_json_is_400(flux_paths):
    resp = flux_paths.arm.request("PUT", flux_paths.rp("fluxConfigurations", "garbage"), "2025-04-01",
                                  data=b"{not json", headers={"Content-Type": "application/json"})
    _assert_arm_400(resp)


def test_bad_patch_bodies_are_400(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "p", git_config()))
    _assert_arm_400(flux_paths.patch("fluxConfigurations", "p", {"properties": {"suspend": "no"}}),
                    target="properties.suspend")
    _assert_arm_400(flux_paths.patch("fluxConfigurations", "p", {"properties": {"kustomizations": {
        "x": {"name": "x"}}}}), target="properties.kustomizations.x.name")


def test_read_only_members_sent_by_clients_are_ignored(flux_paths):
    body = git_config(complianceState="Compliant", statuses=[{"name": "forged"}], provisioningState="Succeeded")
    resp = flux_paths.put("fluxConfigurations", "ro", body)
    assert resp.status_code == 201
    assert resp.json()["properties"]["provisioningState"] == "Creating"
    assert resp.json()["properties"]["statuses"] == []


@pytest.mark.parametrize("body,target", [
    ({"properties": {}}, None),
    ({"properties": {"extensionType": 7}}, "properties.extensionType"),
    ({"properties": {"extensionType": "microsoft.flux", "autoUpgradeMode": "always"}}, "properties.autoUpgradeMode"),
    ({"properties": {"extensionType": "microsoft.flux", "configurationSettings": {"a": 1}}},
     "properties.configurationSettings.a"),
    ({"properties": {"extensionType": "microsoft.flux", "scope": {"cluster": {"releaseNamespace": 1}}}},
     "properties.scope.cluster.releaseNamespace"),
    ({"identity": {"type": "UserAssigned"}, "properties": {"extensionType": "microsoft.flux"}}, "identity.type"),
])
def test_bad_extension_bodies_are_400(paths, body, target):
    _assert_arm_400(paths.put("extensions", "bad", body), target=target)


def test_bad_scc_body_is_400(paths):
    _assert_arm_400(paths.put("sourceControlConfigurations", "bad", {"properties": {
        "repositoryUrl": "git@x:y", "operatorScope": "galaxy"}}), target="properties.operatorScope")


def test_legacy_read_only_members_are_dropped_not_refused(paths):
    resp = paths.put("extensions", "mon", {"properties": {"extensionType": "microsoft.dapr",
                                                          "installedVersion": "0.0.1"}})
    assert resp.status_code == 201
