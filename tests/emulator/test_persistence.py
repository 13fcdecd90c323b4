"""State lives in SQLite: resources survive a restart, and an operation in flight finishes after it."""
import time

import pytest

from tests.harness.arm import ArmClient
from tests.harness.clusters import make_cluster
from tests.harness.emulator import Emulator
from tests.harness.rp import ClusterPaths, git_config


@pytest.fixture
def own_emulator(tmp_path):
    emu = Emulator(tmp_path / "emu", operation_seconds=0.2).start()
    yield emu
    emu.stop()


def test_state_and_in_flight_operations_survive_restart(own_emulator):
    emu = own_emulator
    paths = ClusterPaths(ArmClient(emu), make_cluster(emu))
    paths.install_flux()
    paths.arm.wait(paths.put("fluxConfigurations", "kept", git_config()))
    emu.set_operation_seconds(1.5)
    inflight = paths.put("fluxConfigurations", "inflight", git_config())
    assert inflight.status_code == 201
    port, header = emu.port, emu.identity_header

    emu.restart()
    assert emu.port == port and emu.identity_header == header  # az's registered cloud and env stay valid
    assert emu.settings()["operation_seconds"] == 0.2  # the start flag wins over the persisted runtime value
    arm = ArmClient(emu)  # tokens are signed with a key kept in the data dir; a fresh one works too
    paths = ClusterPaths(arm, paths.cluster)
    assert paths.get("fluxConfigurations", "kept").json()["properties"]["provisioningState"] == "Succeeded"
    assert paths.get("extensions", "flux").json()["properties"]["provisioningState"] == "Succeeded"
    doc = arm.get(inflight.headers["Azure-AsyncOperation"]).json()
    assert doc["status"] in ("InProgress", "Succeeded")
    assert arm.wait(inflight, timeout=10)["status"] == "Succeeded"
    assert paths.get("fluxConfigurations", "inflight").json()["properties"]["provisioningState"] == "Succeeded"


def test_configuration_waiting_for_the_flux_extension_survives_restart(own_emulator):
    """A flux configuration accepted while microsoft.flux installs waits for it across a restart, then succeeds."""
    emu = own_emulator
    paths = ClusterPaths(ArmClient(emu), make_cluster(emu))
    emu.set_operation_seconds(2.0)
    ext = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
    emu.set_operation_seconds(0.1)
    cfg = paths.put("fluxConfigurations", "patient", git_config())
    assert cfg.status_code == 201, cfg.text

    emu.restart()
    arm = ArmClient(emu)
    paths = ClusterPaths(arm, paths.cluster)
    ext_doc = arm.wait(ext, timeout=10)
    doc = arm.wait(cfg, timeout=10)
    assert ext_doc["status"] == "Succeeded" and doc["status"] == "Succeeded"
    assert doc["endTime"] >= ext_doc["endTime"]
    assert paths.get("fluxConfigurations", "patient").json()["properties"]["provisioningState"] == "Succeeded"


def test_operation_due_while_stopped_finishes_on_start(own_emulator):
    emu = own_emulator
    paths = ClusterPaths(ArmClient(emu), make_cluster(emu))
    paths.install_flux()
    emu.set_operation_seconds(0.5)
    resp = paths.put("extensions", "other", {"properties": {"extensionType": "microsoft.dapr"}})
    emu.stop()
    time.sleep(0.6)
    emu.start()
    arm = ArmClient(emu)
    doc = arm.get(resp.headers["Azure-AsyncOperation"]).json()
    assert doc["status"] == "Succeeded"


def test_old_tokens_stay_valid_after_restart(own_emulator):
    arm = ArmClient(own_emulator)
    assert arm.get("/subscriptions", "2022-12-01").status_code == 200
    own_emulator.restart()
    arm.session.close()
    arm.session.verify = own_emulator.ca_bundle
    assert arm.get("/subscriptions", "2022-12-01").status_code == 200


def test_cli_add_cluster_works_on_a_stopped_data_dir(tmp_path):
    import subprocess
    import sys
    data = tmp_path / "cold"
    done = subprocess.run([sys.executable, "-m", "k8s_configuration_emulator", "add-cluster", "--data-dir",
                           str(data), "-g", "rg-cold", "-n", "aks-sp", "-t", "managedClusters",
                           "--service-principal"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    emu = Emulator(data).start()
    try:
        body = ArmClient(emu).get("/subscriptions/{}/resourceGroups/rg-cold/providers/Microsoft.ContainerService/"
                                  "managedClusters/aks-sp".format(emu.subscription_id), "2024-09-01").json()
        assert body["properties"]["servicePrincipalProfile"]["clientId"] != "msi"
    finally:
        emu.stop()
