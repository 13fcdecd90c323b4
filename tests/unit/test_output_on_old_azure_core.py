"""The output flattening needs no azure-core helper newer than the azure-core of the oldest az we declare
(azext.minCliCoreVersion 2.70.0, whose installers ship azure-core 1.31): with azure-core's
`attribute_list` / `get_backcompat_attr_name` gone, `properties` is still hoisted, so
`--query complianceState` and `flux wait --custom "complianceState=='Compliant'"` keep working.
(tests/scenario on the old az itself: `make test-oldest-az`.)"""
import glob
import json
import os

import pytest

from tests.harness.spec import RP_DIR


def _example(resource, version, prefix):
    """The 200 body of the first spec example whose file name starts with `prefix`."""
    pattern = os.path.join(RP_DIR, resource, "stable", version, "examples", prefix + "*.json")
    paths = sorted(glob.glob(pattern))
    if not paths:
        pytest.skip("spec examples not found (../shared/spec)")
    with open(paths[0], encoding="utf-8") as f:
        return json.load(f)["responses"]["200"]["body"]


@pytest.fixture
def old_azure_core(monkeypatch):
    """azure.core.serialization as azure-core 1.31 has it: without the helpers az 2.76+ flattens with."""
    import azure.core.serialization as serialization
    for name in ("attribute_list", "get_backcompat_attr_name", "as_attribute_dict"):
        monkeypatch.delattr(serialization, name, raising=False)
    from azext_k8s_configuration.arm import output
    monkeypatch.setattr(output, "_FIELDS", {})  # nothing computed with the newer helpers is reused
    return serialization


def _flux_body():
    return _example("fluxConfigurations", "2025-04-01", "GetFlux")


def test_flux_configuration_is_flattened_without_new_azure_core(old_azure_core):
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration

    from azext_k8s_configuration.arm.output import to_output
    body = _flux_body()
    got = to_output(FluxConfiguration(body))
    assert "properties" not in got
    assert got["complianceState"] == body["properties"]["complianceState"]
    assert got["provisioningState"] == body["properties"]["provisioningState"]
    assert got["gitRepository"]["url"] == body["properties"]["gitRepository"]["url"]
    assert list(got["kustomizations"]) == list(body["properties"]["kustomizations"])
    assert got["id"] == body["id"] and got["name"] == body["name"]


def test_extension_is_flattened_without_new_azure_core(old_azure_core):
    from azure.mgmt.kubernetesconfiguration.extensions.models import Extension

    from azext_k8s_configuration.arm.output import to_output
    body = _example("extensions", "2025-03-01", "GetExtension")
    got = to_output(Extension(body))
    assert "properties" not in got
    assert got["extensionType"] == body["properties"]["extensionType"]
    assert got["provisioningState"] == body["properties"]["provisioningState"]


def test_same_output_with_and_without_new_azure_core(monkeypatch):
    """The names come from the SDK's own model metadata: the same JSON whichever azure-core is installed."""
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration

    from azext_k8s_configuration.arm import output
    model = FluxConfiguration(_flux_body())
    with_new = json.dumps(output.to_output(model))
    import azure.core.serialization as serialization
    monkeypatch.delattr(serialization, "attribute_list")
    monkeypatch.delattr(serialization, "get_backcompat_attr_name")
    monkeypatch.setattr(output, "_FIELDS", {})
    assert json.dumps(output.to_output(model)) == with_new


def test_flattening_many_configurations_converts_each_one():
    """The reason it exists is `flux list` at scale (its speed is measured by `make bench`, bench_reads: a timed
    assertion here would fail on a loaded CI machine): 500 configurations, each converted on its own."""
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations.models import FluxConfiguration

    from azext_k8s_configuration.arm.output import to_output
    body = _flux_body()
    models = [FluxConfiguration(json.loads(json.dumps(dict(body, name=f"cfg-{i}")))) for i in range(500)]
    out = to_output(models)
    assert [item["name"] for item in out] == [f"cfg-{i}" for i in range(500)]
    assert all(item["complianceState"] == body["properties"]["complianceState"] for item in out)
    assert all("properties" not in item for item in out)
