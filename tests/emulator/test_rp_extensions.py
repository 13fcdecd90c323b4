"""extensions: microsoft.flux rules, settings, statuses, identity, failures."""
import pytest

from tests.harness.rp import ClusterPaths

FLUX_BASE = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]


def test_flux_extension_reports_controllers_and_versions(paths):
    paths.install_flux(name="whatever-name")
    ext = paths.get("extensions", "whatever-name").json()
    props = ext["properties"]
    assert props["provisioningState"] == "Succeeded"
    assert props["releaseTrain"] == "Stable" and props["autoUpgradeMinorVersion"] is True
    assert props["currentVersion"] and props["scope"] == {"cluster": {"releaseNamespace": "flux-system"}}
    assert [s["code"] for s in props["statuses"]] == FLUX_BASE
    assert ext["type"] == "Microsoft.KubernetesConfiguration/extensions"


def test_image_controllers_only_when_enabled(paths):
    paths.install_flux({"image-automation-controller.enabled": "true",
                        "image-reflector-controller.enabled": "false"})
    codes = [s["code"] for s in paths.get("extensions", "flux").json()["properties"]["statuses"]]
    assert codes == FLUX_BASE + ["image-automation-controller"]
    patched = paths.patch("extensions", "flux", {"properties": {"configurationSettings": {
        "image-reflector-controller.enabled": "true"}}})
    assert patched.status_code == 202
    paths.arm.wait(patched)
    props = paths.get("extensions", "flux").json()["properties"]
    assert props["configurationSettings"] == {"image-automation-controller.enabled": "true",
                                              "image-reflector-controller.enabled": "true"}
    assert [s["code"] for s in props["statuses"]] == FLUX_BASE + ["image-automation-controller",
                                                                  "image-reflector-controller"]


def test_put_on_existing_extension_updates_settings(paths):
    paths.install_flux()
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux", "configurationSettings":
                                                           {"image-automation-controller.enabled": "true"}}})
    assert resp.status_code == 200
    paths.arm.wait(resp)
    assert "image-automation-controller" in [
        s["code"] for s in paths.get("extensions", "flux").json()["properties"]["statuses"]]


def test_extension_type_is_case_insensitive_and_single_instance(paths):
    paths.install_flux()
    resp = paths.put("extensions", "flux2", {"properties": {"extensionType": "MICROSOFT.FLUX"}})
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "ExtensionAlreadyExists"


def test_protected_settings_never_returned(paths):
    resp = paths.put("extensions", "mon", {"properties": {"extensionType": "microsoft.azuremonitor.containers",
                                                          "configurationSettings": {"a": "1"},
                                                          "configurationProtectedSettings": {"key": "s3cret"}}})
    paths.arm.wait(resp)
    shown = paths.get("extensions", "mon")
    assert shown.json()["properties"]["configurationSettings"] == {"a": "1"}
    assert shown.json()["properties"]["configurationProtectedSettings"] == {}
    assert "s3cret" not in shown.text and "s3cret" not in resp.text


def test_flux_refused_while_flux_v1_configurations_exist(paths):
    scc = paths.put("sourceControlConfigurations", "legacy", {"properties": {
        "repositoryUrl": "git@github.com:org/repo.git", "operatorNamespace": "legacy", "operatorType": "Flux",
        "operatorScope": "cluster"}})
    assert scc.status_code == 201
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "FluxV1ConfigurationsExist"
    assert "legacy" in resp.json()["error"]["message"]
    assert paths.delete("sourceControlConfigurations", "legacy").status_code == 200
    paths.install_flux()


def test_flux_refused_on_service_principal_aks(arm, make_cluster):
    paths = ClusterPaths(arm, make_cluster("managedClusters", service_principal=True))
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "ManagedIdentityRequired"


def test_aks_gets_aks_assigned_identity_and_arc_gets_identity(arm, make_cluster):
    aks = ClusterPaths(arm, make_cluster("managedClusters"))
    aks.install_flux()
    body = aks.get("extensions", "flux").json()
    assert body["properties"]["aksAssignedIdentity"]["type"] == "SystemAssigned"
    assert "identity" not in body
    arc = ClusterPaths(arm, make_cluster("connectedClusters"))
    resp = arc.put("extensions", "flux", {"identity": {"type": "SystemAssigned"},
                                          "properties": {"extensionType": "microsoft.flux"}})
    arm.wait(resp)
    identity = arc.get("extensions", "flux").json()["identity"]
    assert identity["type"] == "SystemAssigned" and identity["principalId"] and identity["tenantId"]


def test_injected_install_failure_surfaces_error(paths, emulator):
    emulator.fail_next_extension_install("microsoft.flux", code="HelmInstallFailed", message="timed out")
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
    doc = paths.arm.wait(resp)
    assert doc["status"] == "Failed" and doc["error"]["code"] == "HelmInstallFailed"
    props = paths.get("extensions", "flux").json()["properties"]
    assert props["provisioningState"] == "Failed"
    assert props["errorInfo"]["code"] == "HelmInstallFailed" and props["errorInfo"]["message"] == "timed out"


def test_version_needs_auto_upgrade_off(paths):
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux", "version": "1.2.3"}})
    assert resp.status_code == 400
    ok = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux", "version": "1.2.3",
                                                         "autoUpgradeMinorVersion": False}})
    paths.arm.wait(ok)
    props = paths.get("extensions", "flux").json()["properties"]
    assert props["version"] == "1.2.3" and props["currentVersion"] == "1.2.3"


# an extension type the catalog offers each cluster type (microsoft.flux is not offered to appliances)
@pytest.mark.parametrize("cluster_type, extension_type", [
    ("connectedClusters", "microsoft.flux"), ("managedClusters", "microsoft.flux"),
    ("provisionedClusters", "microsoft.flux"), ("appliances", "microsoft.azuremonitor.containers")])
def test_extensions_work_on_every_cluster_type(arm, make_cluster, cluster_type, extension_type):
    paths = ClusterPaths(arm, make_cluster(cluster_type))
    created = paths.put("extensions", "ext", {"properties": {"extensionType": extension_type}})
    assert created.status_code == 201, created.text
    assert arm.wait(created)["status"] == "Succeeded"
    assert [e["name"] for e in paths.get("extensions").json()["value"]] == ["ext"]


def test_wrong_cluster_rp_for_type_is_400(arm, cluster, emulator):
    path = "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerService/connectedClusters/{}" \
           "/providers/Microsoft.KubernetesConfiguration/extensions".format(emulator.subscription_id, cluster.rg,
                                                                            cluster.name)
    assert arm.get(path, "2025-03-01").status_code == 400


def test_parent_cluster_must_exist(arm, cluster, emulator):
    """As ARM answers (issue 8; it was ParentResourceNotFound): ResourceNotFound naming the cluster."""
    path = "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Kubernetes/connectedClusters/ghost" \
           "/providers/Microsoft.KubernetesConfiguration/extensions".format(emulator.subscription_id, cluster.rg)
    resp = arm.get(path, "2025-03-01")
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "ResourceNotFound"
    assert "'Microsoft.Kubernetes/connectedClusters/ghost'" in resp.json()["error"]["message"]


def test_a_type_the_catalog_does_not_offer_the_cluster_is_refused(paths, arm, make_cluster):
    resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flx"}})
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == "ExtensionTypeRegistrationGetFailed"
    assert error["message"] == (
        "Extension type 'microsoft.flx' is not supported in region 'eastus' for cluster type: ConnectedClusters. "
        "Please refer to https://aka.ms/k8s-extensions-list-cluster for a list of supported extension types for "
        "this cluster.")
    assert paths.get("extensions", "flux").status_code == 404
    # offered, but not to this cluster type (contoso.sampleapp is for AKS only)
    resp = paths.put("extensions", "app", {"properties": {"extensionType": "contoso.sampleapp"}})
    assert resp.status_code == 400 and "for cluster type: ConnectedClusters" in resp.json()["error"]["message"]
    aks = ClusterPaths(arm, make_cluster("managedClusters"))
    assert arm.wait(aks.put("extensions", "app", {"properties": {"extensionType": "Contoso.SampleApp"}}))[
        "status"] == "Succeeded"


def test_a_null_setting_in_a_patch_removes_the_key(paths):
    paths.install_flux({"image-automation-controler.enabled": "true", "helm-controller.enabled": "true"})
    patched = paths.patch("extensions", "flux", {"properties": {"configurationSettings": {
        "image-automation-controler.enabled": None, "image-automation-controller.enabled": "true"}}})
    assert patched.status_code == 202
    paths.arm.wait(patched)
    assert paths.get("extensions", "flux").json()["properties"]["configurationSettings"] == {
        "helm-controller.enabled": "true", "image-automation-controller.enabled": "true"}
