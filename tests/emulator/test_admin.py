"""The admin API itself: settings, operation failures, reset; and the certificate's names."""
import requests

from tests.harness.arm import ArmClient
from tests.harness.clusters import make_cluster
from tests.harness.emulator import Emulator


def test_certificate_is_valid_for_localhost_and_127_0_0_1(emulator):
    port = emulator.url.rsplit(":", 1)[1]
    for host in ("127.0.0.1", "localhost"):
        session = requests.Session()
        session.trust_env = False
        resp = session.get("https://{}:{}/_emulator/health".format(host, port), verify=emulator.ca_bundle)
        assert resp.status_code == 200 and resp.json()["ok"] is True


def test_settings_round_trip_and_validation(emulator):
    before = emulator.settings()
    assert set(before) == {"operation_seconds", "retry_after", "page_size", "graph_quota", "graph_lag_seconds",
                           "throttle", "throttle_reads", "throttle_writes", "throttle_deletes"}
    resp = emulator.session.post(emulator.url + "/_emulator/settings", json={"no_such_setting": 1},
                                 headers=emulator.admin_headers)
    assert resp.status_code == 400
    resp = emulator.session.post(emulator.url + "/_emulator/settings", json={"page_size": "many"},
                                 headers=emulator.admin_headers)
    assert resp.status_code == 400
    resp = emulator.session.post(emulator.url + "/_emulator/settings", json={"graph_quota": "15 per 5 s"},
                                 headers=emulator.admin_headers)
    assert resp.status_code == 400
    resp = emulator.session.post(emulator.url + "/_emulator/settings", json={"throttle_writes": "0/10"},
                                 headers=emulator.admin_headers)
    assert resp.status_code == 400
    assert emulator.settings() == before


def test_operation_failures_can_be_listed_and_cleared(emulator):
    emulator.admin("POST", "operation-failures", {"resource_type": "extensions", "match": "x", "code": "C"})
    assert "extensions:x" in emulator.admin("GET", "operation-failures")
    assert emulator.admin("DELETE", "operation-failures") == {}
    resp = emulator.session.post(emulator.url + "/_emulator/operation-failures", json={"resource_type": "vms"},
                                 headers=emulator.admin_headers)
    assert resp.status_code == 400


def test_reset_forgets_everything(tmp_path):
    emu = Emulator(tmp_path / "emu").start()
    try:
        cluster = make_cluster(emu)
        emu.add_faults({"path": "never-matches", "status": 500, "count": 0})
        arm = ArmClient(emu)
        arm.get(cluster.id, "2024-01-01")
        emu.reset()
        assert emu.faults() == [] and emu.requests() == []
        assert arm.get(cluster.id, "2024-01-01").status_code == 404
    finally:
        emu.stop()
