"""Fault rules (status, headers, count, delay, dropped connection) and the request log (with redaction)."""
import time

import pytest
import requests

from tests.harness.rp import git_config


@pytest.fixture(autouse=True)
def no_faults_left(emulator):
    yield
    emulator.clear_faults()


def test_status_fault_fires_count_times_then_stops(flux_paths, emulator):
    emulator.add_faults({"method": "GET", "path": r"/extensions/flux$", "status": 503, "count": 2,
                         "headers": {"Retry-After": "0"}})
    first = flux_paths.get("extensions", "flux")
    assert first.status_code == 503 and first.headers["Retry-After"] == "0"
    assert first.json()["error"]["code"] == "InjectedFault"
    assert flux_paths.get("extensions", "flux").status_code == 503
    assert flux_paths.get("extensions", "flux").status_code == 200
    assert emulator.faults() == []


def test_fault_matches_method_and_case_insensitive_path(flux_paths, emulator):
    emulator.add_faults([{"method": "PUT", "path": "FLUXCONFIGURATIONS/", "status": 429,
                          "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}}])
    assert flux_paths.get("fluxConfigurations").status_code == 200  # GET not matched
    resp = flux_paths.put("fluxConfigurations", "f", git_config())
    assert resp.status_code == 429 and resp.json()["error"]["code"] == "TooManyRequests"
    assert flux_paths.put("fluxConfigurations", "f", git_config()).status_code == 201


def test_delay_fault_slows_the_real_answer(flux_paths, emulator):
    emulator.add_faults({"path": "/extensions$", "delay": 0.4})
    started = time.perf_counter()
    resp = flux_paths.get("extensions")
    assert resp.status_code == 200 and resp.json()["value"]
    assert time.perf_counter() - started >= 0.4


def test_drop_fault_closes_the_connection(flux_paths, emulator):
    emulator.add_faults({"path": "/extensions/flux$", "drop": True})
    with pytest.raises(requests.exceptions.ConnectionError):
        flux_paths.get("extensions", "flux")
    assert flux_paths.get("extensions", "flux").status_code == 200
    row = [r for r in emulator.requests() if r.get("fault")][-1]
    assert row["status"] == 0


def test_faults_from_a_file_at_start(tmp_path):
    import json

    from tests.harness.arm import ArmClient
    from tests.harness.emulator import Emulator
    rules = tmp_path / "faults.json"
    rules.write_text(json.dumps([{"path": "^/subscriptions$", "status": 500, "count": 1}]))
    emu = Emulator(tmp_path / "emu", extra_args=["--faults", str(rules)]).start()
    try:
        arm = ArmClient(emu)
        assert arm.get("/subscriptions", "2022-12-01").status_code == 500
        assert arm.get("/subscriptions", "2022-12-01").status_code == 200
    finally:
        emu.stop()


def test_bad_fault_rule_is_refused(emulator):
    with pytest.raises(AssertionError):
        emulator.add_faults({"path": "x"})  # no status/drop/delay
    with pytest.raises(AssertionError):
        emulator.add_faults({"path": "x", "status": 500, "typo": 1})


def test_request_log_rows_and_mark(flux_paths, emulator):
    mark = emulator.mark()
    flux_paths.get("extensions", "flux")
    flux_paths.get("fluxConfigurations", "nope")
    rows = emulator.requests(since=mark)
    assert [(r["method"], r["status"]) for r in rows] == [("GET", 200), ("GET", 404)]
    row = rows[0]
    assert row["path"].endswith("/extensions/flux") and "api-version=2025-03-01" in row["query"]
    assert row["latency_ms"] >= 0 and row["seq"] > mark
    emulator.settings()  # admin calls are not logged
    assert emulator.mark() == rows[-1]["seq"]


def test_request_log_redacts_secrets(flux_paths, emulator):
    mark = emulator.mark()
    body = git_config(configurationProtectedSettings={"sshPrivateKey": "UFJJVkFURQ==", "httpsKey": "dG9rZW4="})
    flux_paths.put("fluxConfigurations", "redact", body)
    ext = {"properties": {"extensionType": "microsoft.dapr", "configurationProtectedSettings": {"anything": "x1"}}}
    flux_paths.put("extensions", "dapr", ext)
    blob = {"properties": {"sourceKind": "AzureBlob", "azureBlob": {
        "url": "https://a.blob.core.windows.net", "containerName": "c", "accountKey": "S3CR3T",
        "sasToken": "sv=S3CR3T", "servicePrincipal": {"clientId": "id", "clientSecret": "S3CR3T"}}}}
    flux_paths.put("fluxConfigurations", "blob", blob)
    oci = {"properties": {"sourceKind": "OCIRepository", "ociRepository": {
        "url": "oci://ghcr.io/org/x", "tlsConfig": {"privateKey": "T0NJLUtFWQ==", "clientCertificate": "Q0VSVA=="}}}}
    flux_paths.put("fluxConfigurations", "oci", oci)
    rows = emulator.requests(since=mark)
    text = repr(rows)
    for secret in ("UFJJVkFURQ==", "dG9rZW4=", "x1", "S3CR3T", "sv=S3CR3T", "T0NJLUtFWQ==", "Q0VSVA=="):
        assert secret not in text
    first = rows[0]["body"]["properties"]
    assert first["configurationProtectedSettings"] == {"sshPrivateKey": "<redacted>", "httpsKey": "<redacted>"}
    assert first["gitRepository"]["url"] == body["properties"]["gitRepository"]["url"]  # non-secrets kept


def test_request_log_has_the_calls_of_one_az_command(az, cluster):
    result = az("resource show --ids {}".format(cluster.id))
    methods_paths = [(r["method"], r["path"].lower()) for r in result.requests]
    assert ("GET", cluster.id.lower()) in methods_paths
