"""The oldest az the extension declares: what CI installs matches the declaration, and the SDKs import on the
azure-mgmt-core that az ships (az 2.70: 1.4.0, without tools.get_arm_endpoints). The scenarios themselves run on
that az in `make test-oldest-az`."""
import json
import os
import re
import sys

import pytest

from tests.harness import REPO_ROOT


def _pin(name):
    with open(os.path.join(REPO_ROOT, "requirements-oldest-az.txt"), encoding="utf-8") as f:
        pins = dict(re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line).groups() for line in f
                    if re.match(r"[A-Za-z0-9_.-]+==", line))
    return pins[name]


def test_ci_tests_the_az_the_extension_declares():
    with open(os.path.join(REPO_ROOT, "azext_k8s_configuration", "azext_metadata.json"), encoding="utf-8") as f:
        declared = json.load(f)["azext.minCliCoreVersion"]
    assert _pin("azure-cli") == declared
    # and with the cores its installers bundled, not today's
    assert _pin("azure-core") and _pin("azure-mgmt-core")


@pytest.mark.parametrize("cloud", ["AZURE_PUBLIC_CLOUD", "AZURE_CHINA_CLOUD", "AZURE_US_GOVERNMENT"])
def test_arm_endpoints_keeps_azure_mgmt_core_contract(cloud):
    from azure.core import AzureClouds
    from azure.mgmt.core.tools import get_arm_endpoints

    from azext_k8s_configuration.arm.sdk_compat import arm_endpoints
    assert arm_endpoints(AzureClouds(cloud)) == get_arm_endpoints(AzureClouds(cloud))


def test_arm_endpoints_refuses_an_unknown_cloud():
    from azext_k8s_configuration.arm.sdk_compat import arm_endpoints
    with pytest.raises(ValueError):
        arm_endpoints("AZURE_NOWHERE")


def _forget_sdks(monkeypatch):
    for name in [n for n in sys.modules if n.startswith("azure.mgmt.kubernetesconfiguration")]:
        monkeypatch.delitem(sys.modules, name)


def test_sdks_import_on_azure_mgmt_core_without_get_arm_endpoints(monkeypatch):
    from azure.mgmt.core import tools

    from azext_k8s_configuration.arm import sdk_compat
    monkeypatch.delattr(tools, "get_arm_endpoints")
    _forget_sdks(monkeypatch)
    with pytest.raises(ImportError):  # what az 2.70 to 2.72 would do without it
        import azure.mgmt.kubernetesconfiguration.fluxconfigurations  # noqa: F401
    _forget_sdks(monkeypatch)
    sdk_compat.ensure_sdk_importable()
    from azure.mgmt.kubernetesconfiguration.extensions import KubernetesConfigurationExtensionsMgmtClient
    from azure.mgmt.kubernetesconfiguration.fluxconfigurations import (
        KubernetesConfigurationFluxConfigurationsMgmtClient,
    )
    client = KubernetesConfigurationFluxConfigurationsMgmtClient(object(), "sub", base_url="https://arm.example/")
    assert client._config.subscription_id == "sub"
    assert KubernetesConfigurationExtensionsMgmtClient is not None


def test_newer_azure_mgmt_core_is_left_alone():
    from azure.mgmt.core import tools

    from azext_k8s_configuration.arm import sdk_compat
    before = tools.get_arm_endpoints
    sdk_compat.ensure_sdk_importable()
    assert tools.get_arm_endpoints is before
