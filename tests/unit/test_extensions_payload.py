"""Extension ARM bodies: exactly what the user set, identity for non-AKS clusters, valid against the spec."""
import pytest

from azext_k8s_configuration.arm.coordinates import EXTENSION_CLUSTER_TYPES, resolve_cluster
from azext_k8s_configuration.extensions import model, payload


def cluster(cluster_type):
    return resolve_cluster("sub", "rg", "c1", cluster_type, allowed=EXTENSION_CLUSTER_TYPES)


def validate(body, definition):
    spec_schema = pytest.importorskip("spec_schema")
    spec_schema.validate_against_spec(body, definition)


def test_minimal_create_body_on_arc():
    body = payload.create_body(model.build_create_spec("microsoft.flux"), cluster("connectedClusters"))
    assert body == {"properties": {"extensionType": "microsoft.flux"}, "identity": {"type": "SystemAssigned"}}
    validate(body, "Extension")


def test_aks_create_body_has_no_identity():
    body = payload.create_body(model.build_create_spec("microsoft.flux"), cluster("managedClusters"))
    assert "identity" not in body


@pytest.mark.parametrize("cluster_type", ["connectedClusters", "provisionedClusters", "appliances"])
def test_non_aks_clusters_get_a_system_assigned_identity(cluster_type):
    assert payload.create_body(model.build_create_spec("x"), cluster(cluster_type))["identity"] == {
        "type": "SystemAssigned"}


def test_full_create_body():
    spec = model.build_create_spec(
        "microsoft.flux", scope="cluster", release_namespace="flux-system", auto_upgrade_minor_version=False,
        version="1.8.2", release_train="Stable", configuration_settings=[["helm-controller.enabled=false"]],
        configuration_protected_settings=[["secret.key=value1234"]])
    body = payload.create_body(spec, cluster("connectedClusters"))
    assert body["properties"] == {
        "extensionType": "microsoft.flux", "autoUpgradeMinorVersion": False, "version": "1.8.2",
        "releaseTrain": "Stable", "scope": {"cluster": {"releaseNamespace": "flux-system"}},
        "configurationSettings": {"helm-controller.enabled": "false"},
        "configurationProtectedSettings": {"secret.key": "value1234"}}
    validate(body, "Extension")


def test_namespace_scope_body():
    spec = model.build_create_spec("microsoft.dapr", scope="namespace", target_namespace="team-a")
    body = payload.create_body(spec, cluster("managedClusters"))
    assert body == {"properties": {"extensionType": "microsoft.dapr",
                                   "scope": {"namespace": {"targetNamespace": "team-a"}}}}
    validate(body, "Extension")


def test_cluster_scope_without_namespace():
    body = payload.create_body(model.build_create_spec("x", scope="cluster"), cluster("managedClusters"))
    assert body["properties"]["scope"] == {"cluster": {}}


def test_patch_carries_only_what_changed():
    changes = model.build_changes(configuration_settings=[["image-automation-controller.enabled=true"]])
    body = payload.patch_body(changes)
    assert body == {"properties": {"configurationSettings": {"image-automation-controller.enabled": "true"}}}
    validate(body, "patchExtension")


def test_patch_with_every_field():
    changes = model.build_changes(auto_upgrade_minor_version=False, version="1.0.0", release_train="Preview",
                                  configuration_settings=[["a=1"]], configuration_protected_settings=[["b=2"]])
    body = payload.patch_body(changes)
    assert body == {"properties": {"autoUpgradeMinorVersion": False, "version": "1.0.0", "releaseTrain": "Preview",
                                   "configurationSettings": {"a": "1"}, "configurationProtectedSettings": {"b": "2"}}}
    validate(body, "patchExtension")


def test_flux_install_body():
    arc = payload.flux_install_body(cluster("connectedClusters"))
    assert arc == {"properties": {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True},
                   "identity": {"type": "SystemAssigned"}}
    assert payload.flux_install_body(cluster("managedClusters")) == {
        "properties": {"extensionType": "microsoft.flux", "autoUpgradeMinorVersion": True}}
    validate(arc, "Extension")


def test_removed_keys_are_null_members_beside_the_keys_set():
    changes = model.build_changes(configuration_settings=[["image-automation-controller.enabled=true"]],
                                  remove_configuration_settings=[["image-automation-controler.enabled"]],
                                  remove_configuration_protected_settings=[["old-token"]])
    body = payload.patch_body(changes)
    assert body == {"properties": {
        "configurationSettings": {"image-automation-controller.enabled": "true",
                                  "image-automation-controler.enabled": None},
        "configurationProtectedSettings": {"old-token": None}}}
    validate(body, "patchExtension")


def test_an_empty_value_is_still_a_value_not_a_removal():
    body = payload.patch_body(model.build_changes(configuration_settings=[["a="]]))
    assert body == {"properties": {"configurationSettings": {"a": ""}}}
