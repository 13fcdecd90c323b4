"""`flux create` makes sure microsoft.flux is installed first (REFERENCE.md §6): each branch, real az + emulator."""
import pytest
from flux_helpers import sent, warnings

NOT_FOUND = "'Microsoft.Flux' extension not found on the cluster, installing it now. This may take a few minutes..."
INSTALLED = "'Microsoft.Flux' extension was successfully installed on the cluster"
KC = "Microsoft.KubernetesConfiguration"


def flux_create(az, cluster, name="cfg", check=False):
    return az(f"k8s-configuration flux create {cluster.args} -n {name} --namespace {name} "
              "-u https://github.com/org/repo --branch main -k name=infra path=./infra", check=check)


def config_puts(result):
    return sent(result.requests, "PUT", "/fluxConfigurations/")


def extension_puts(result):
    return sent(result.requests, "PUT", "/extensions/")


def test_existing_healthy_flux_under_another_name_is_used(az, cluster):
    az(f"k8s-extension create {cluster.args} -n my-flux --extension-type Microsoft.Flux")
    result = flux_create(az, cluster, check=True)
    assert NOT_FOUND not in result.stderr
    assert extension_puts(result) == [] and len(config_puts(result)) == 1


def test_each_precondition_is_read_once(az, cluster):
    result = flux_create(az, cluster, check=True)
    gets = [r["path"] for r in result.requests if r["method"] == "GET"]
    assert sum(p.rstrip("/").lower().endswith("/providers/microsoft.kubernetesconfiguration") for p in gets) == 1
    assert sum(p.lower() == cluster.id.lower() for p in gets) == 1
    assert sum(p.lower().endswith("/sourcecontrolconfigurations") for p in gets) == 1
    assert sum(p.lower().endswith("/extensions") for p in gets) == 1
    assert warnings(result.stderr)[1:3] == [NOT_FOUND, INSTALLED]


def test_unregistered_provider_gives_the_register_command(az, cluster, emulator):
    emulator.set_provider_state(KC, "NotRegistered")
    try:
        result = flux_create(az, cluster)
    finally:
        emulator.set_provider_state(KC, "Registered")
    assert result.exit_code != 0
    assert "az provider register --namespace Microsoft.KubernetesConfiguration" in result.stderr
    assert extension_puts(result) == [] and config_puts(result) == []


def test_missing_cluster(az, cluster):
    result = az(f"k8s-configuration flux create -g {cluster.rg} -c no-such-cluster -t connectedClusters -n cfg "
                "-u https://github.com/org/repo --branch main -k name=infra path=./infra", check=False)
    assert result.exit_code == 3
    assert "Cluster 'no-such-cluster' not found" in result.stderr
    assert extension_puts(result) == [] and config_puts(result) == []


def test_aks_with_service_principal_is_refused(az, make_cluster):
    aks = make_cluster("managedClusters", service_principal=True)
    result = flux_create(az, aks)
    assert result.exit_code != 0
    assert "uses a service principal" in result.stderr and "managed identity" in result.stderr
    assert extension_puts(result) == [] and config_puts(result) == []


def test_flux_v1_configurations_must_go_first(az, arm, cluster):
    from tests.harness.arm import rp_path
    arm.put(rp_path(cluster.id, "sourceControlConfigurations", "old-v1"),
            {"properties": {"repositoryUrl": "git@github.com:org/repo", "operatorInstanceName": "old-v1",
                            "operatorNamespace": "old-v1", "operatorType": "Flux", "operatorScope": "cluster"}},
            "2024-11-01")
    result = flux_create(az, cluster)
    assert result.exit_code != 0
    assert "Flux v1 configurations ('old-v1')" in result.stderr
    assert f"az k8s-configuration delete {cluster.args} -n NAME --yes" in result.stderr
    assert extension_puts(result) == [] and config_puts(result) == []


def test_flux_being_created_is_waited_for(az, arm, cluster, emulator):
    from tests.harness.arm import rp_path
    emulator.set_operation_seconds(4)
    try:
        started = arm.put(rp_path(cluster.id, "extensions", "flux"),
                          {"properties": {"extensionType": "microsoft.flux"}, "identity": {"type": "SystemAssigned"}},
                          "2025-03-01")
        assert started.status_code in (200, 201)
        result = flux_create(az, cluster, check=True)
    finally:
        emulator.set_operation_seconds(0.2)
    assert "is Creating on the cluster; waiting for it to finish" in result.stderr
    assert extension_puts(result) == [] and len(config_puts(result)) == 1


def test_failed_flux_is_reported_with_the_repair(az, cluster, emulator):
    emulator.fail_next_extension_install("microsoft.flux", code="HelmInstallFailed",
                                         message="Helm installation failed: image pull backoff")
    az(f"k8s-extension create {cluster.args} -n flux --extension-type microsoft.flux", check=False)
    result = flux_create(az, cluster)
    assert result.exit_code != 0
    assert "The microsoft.flux extension 'flux' is Failed" in result.stderr
    assert "image pull backoff" in result.stderr
    assert f"az k8s-extension delete {cluster.args} -n flux --yes" in result.stderr
    assert config_puts(result) == []


def test_failed_install_creates_nothing(az, cluster, emulator):
    emulator.fail_next_extension_install("microsoft.flux", code="HelmInstallFailed",
                                         message="Helm installation failed: timed out waiting for the condition")
    result = flux_create(az, cluster)
    assert result.exit_code != 0
    assert NOT_FOUND in result.stderr and INSTALLED not in result.stderr
    assert "timed out waiting for the condition" in result.stderr
    assert "No flux configuration was created" in result.stderr
    assert config_puts(result) == []


@pytest.mark.parametrize("no_wait", ["", "--no-wait"])
def test_install_waits_even_with_no_wait(az, cluster, no_wait):
    result = az(f"k8s-configuration flux create {cluster.args} -n cfg --namespace cfg -u https://github.com/org/repo "
                f"--branch main -k name=infra path=./infra {no_wait}", check=True)
    assert INSTALLED in result.stderr
    state = az(f"k8s-extension show {cluster.args} -n flux --query provisioningState -o tsv").stdout.strip()
    assert state == "Succeeded"
