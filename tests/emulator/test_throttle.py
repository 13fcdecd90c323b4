"""ARM throttling in the emulator (REFERENCE §13): token buckets per subscription and principal for reads, writes
and deletes, the remaining-tokens headers, 429 TooManyRequests with Retry-After; off unless asked for. And the
admin controls that make chosen clusters fail (extension installs, reconciliations)."""
import subprocess
import sys
import time

import pytest

from k8s_configuration_emulator import throttle
from tests.harness.arm import ArmClient
from tests.harness.emulator import Emulator
from tests.harness.rp import ClusterPaths, git_config

GROUP_API = "2021-04-01"
READS, WRITES, DELETES = (throttle.HEADER.format(kind) for kind in ("reads", "writes", "deletes"))


@pytest.fixture
def throttled(emulator):
    """Throttling on with small buckets for one test (the worker's emulator is shared: restored after)."""
    before = emulator.settings()

    def turn_on(**buckets):
        emulator.admin("POST", "settings", dict({"throttle": True}, **buckets))
    yield turn_on
    emulator.admin("POST", "settings", {key: before[key] for key in
                                        ("throttle", "throttle_reads", "throttle_writes", "throttle_deletes")})


def group_path(emulator, name):
    return f"/subscriptions/{emulator.subscription_id}/resourceGroups/{name}"


def test_off_by_default_no_headers_and_no_limit(arm, emulator):
    assert emulator.settings()["throttle"] is False
    resp = arm.get(f"/subscriptions/{emulator.subscription_id}/resourceGroups", GROUP_API)
    assert resp.status_code == 200 and READS not in resp.headers


def test_writes_are_counted_down_then_refused_with_retry_after(arm, emulator, throttled):
    throttled(throttle_writes="3/0.2", throttle_reads="1000/100")  # one token back every 5 s
    path = group_path(emulator, "throttled-rg")
    remaining = []
    for _ in range(3):
        resp = arm.put(path, {"location": "eastus"}, GROUP_API)
        assert resp.status_code in (200, 201), resp.text
        remaining.append(int(resp.headers[WRITES]))
    assert remaining == [2, 1, 0]
    refused = arm.put(path, {"location": "eastus"}, GROUP_API)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "TooManyRequests"
    assert int(refused.headers["Retry-After"]) == 5 and refused.headers[WRITES] == "0"
    # reads have their own bucket, and say what is left of it
    read = arm.get(path, GROUP_API)
    assert read.status_code == 200 and int(read.headers[READS]) == 999 and WRITES not in read.headers
    # deletes too (a delete of what does not exist still counts)
    gone = arm.delete(group_path(emulator, "no-such-rg-for-throttle"), GROUP_API)
    assert DELETES in gone.headers and int(gone.headers[DELETES]) >= 0


def test_each_principal_has_its_own_buckets(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: clock[0])
    limits = throttle.Throttle()
    settings = {"throttle": True, "throttle_writes": "2/1"}
    path = "/subscriptions/S1/resourceGroups/rg"
    assert limits.take(settings, "PUT", path, "alice") == {WRITES: "1"}
    assert limits.take(settings, "PATCH", path, "alice") == {WRITES: "0"}
    with pytest.raises(Exception) as refused:
        limits.take(settings, "POST", path, "alice")
    assert refused.value.status == 429 and refused.value.headers["Retry-After"] == "1"
    assert limits.take(settings, "PUT", path, "bob") == {WRITES: "1"}  # another principal
    assert limits.take(settings, "PUT", "/subscriptions/S2/x", "alice") == {WRITES: "1"}  # another subscription
    clock[0] += 1.5  # refilled 1.5 tokens
    assert limits.take(settings, "PUT", path, "alice") == {WRITES: "0"}
    assert limits.take(settings, "GET", "/providers/Microsoft.ResourceGraph/resources", "alice") == {}
    assert limits.take({"throttle": False}, "PUT", path, "alice") == {}


@pytest.mark.parametrize("text", ["0/10", "10/0", "10", "ten/1", "-1/1"])
def test_a_bucket_is_size_and_rate_above_zero(text):
    with pytest.raises(ValueError):
        throttle.parse_bucket(text)


def test_start_flags_turn_throttling_on_and_a_bad_bucket_is_refused(tmp_path):
    bad = subprocess.run([sys.executable, "-m", "k8s_configuration_emulator", "start", "--data-dir",
                          str(tmp_path / "bad"), "--throttle", "--throttle-reads", "250"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--throttle-reads" in bad.stderr
    emu = Emulator(tmp_path / "emu", extra_args=["--throttle", "--throttle-writes", "5/1"]).start()
    try:
        settings = emu.settings()
        assert settings["throttle"] is True and settings["throttle_writes"] == "5/1"
        assert settings["throttle_reads"] == "250/25" and settings["throttle_deletes"] == "200/10"
        resp = ArmClient(emu).put(group_path(emu, "rg"), {"location": "eastus"}, GROUP_API)
        assert resp.headers[WRITES] == "4"
        emu.extra_args = []
        emu.restart()  # a start without --throttle: off again
        assert emu.settings()["throttle"] is False
    finally:
        emu.stop()


def test_a_cluster_made_to_fail_installs_fails_them_and_others_do_not(arm, emulator, make_cluster):
    failing, healthy = make_cluster(), make_cluster()
    emulator.admin("POST", "cluster-failures", {"cluster": failing.id.upper(), "fail": "extension-install"})
    try:
        for cluster, expected in ((failing, "Failed"), (healthy, "Succeeded")):
            paths = ClusterPaths(arm, cluster)
            resp = paths.put("extensions", "flux", {"properties": {"extensionType": "microsoft.flux"}})
            assert resp.status_code == 201, resp.text
            assert arm.wait(resp)["status"] == expected
        ext = ClusterPaths(arm, failing).get("extensions", "flux").json()
        assert ext["properties"]["errorInfo"]["code"] == "ExtensionOperationFailed"
        assert failing.id.lower() in emulator.admin("GET", "cluster-failures")
    finally:
        assert emulator.admin("DELETE", "cluster-failures") == {}


def test_a_cluster_made_to_fail_reconciliation_is_non_compliant(arm, emulator, make_cluster):
    cluster = make_cluster()
    paths = ClusterPaths(arm, cluster)
    paths.install_flux()
    emulator.admin("POST", "cluster-failures", {"cluster": cluster.id, "fail": "reconciliation",
                                                "message": "repository not found"})
    resp = emulator.session.post(emulator.url + "/_emulator/cluster-failures",
                                 json={"cluster": cluster.id, "fail": "meltdown"}, headers=emulator.admin_headers)
    assert resp.status_code == 400
    try:
        resp = paths.put("fluxConfigurations", "cfg", git_config())
        assert arm.wait(resp)["status"] == "Succeeded"  # provisioning succeeds; Flux fails in the cluster
        deadline = time.monotonic() + 10
        while (body := paths.get("fluxConfigurations", "cfg").json())["properties"]["complianceState"] != \
                "Non-Compliant":
            assert time.monotonic() < deadline, body["properties"]["complianceState"]
            time.sleep(0.1)
        statuses = {s["kind"]: s for s in body["properties"]["statuses"]}
        ready = statuses["GitRepository"]["statusConditions"][0]
        assert ready["reason"] == "GitOperationFailed" and ready["message"].endswith("repository not found")
        assert statuses["Kustomization"]["statusConditions"][0]["reason"] == "ArtifactFailed"
    finally:
        emulator.admin("DELETE", "cluster-failures")
