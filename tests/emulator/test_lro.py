"""ARM long-running-operation protocol: status codes, headers, operation status documents, 409, deletes."""
import time

from tests.harness.rp import git_config


def test_put_create_is_201_with_async_headers_then_200_on_update(flux_paths, emulator):
    resp = flux_paths.put("fluxConfigurations", "lro", git_config())
    assert resp.status_code == 201
    assert resp.json()["properties"]["provisioningState"] == "Creating"
    aao = resp.headers["Azure-AsyncOperation"]
    assert aao.startswith(emulator.url) and "/fluxConfigurations/lro/operations/" in aao
    assert "api-version=2025-04-01" in aao
    assert resp.headers["Location"] and resp.headers["Retry-After"] == str(emulator.retry_after)
    doc = flux_paths.arm.wait(resp)
    assert doc["status"] == "Succeeded"
    assert doc["name"] == aao.split("/operations/")[1].split("?")[0]
    assert flux_paths.get("fluxConfigurations", "lro").json()["properties"]["provisioningState"] == "Succeeded"
    update = flux_paths.put("fluxConfigurations", "lro", git_config(branch="release"))
    assert update.status_code == 200
    assert update.json()["properties"]["provisioningState"] == "Updating"
    assert flux_paths.arm.wait(update)["status"] == "Succeeded"


def test_operation_status_is_in_progress_while_running(flux_paths, emulator):
    emulator.set_operation_seconds(1.0)
    try:
        resp = flux_paths.put("fluxConfigurations", "slow", git_config())
        polled = flux_paths.arm.get(resp.headers["Azure-AsyncOperation"])
        doc = polled.json()
        assert doc["status"] == "InProgress"
        assert polled.headers["Retry-After"] == str(emulator.retry_after)
        assert flux_paths.get("fluxConfigurations", "slow").json()["properties"]["provisioningState"] == "Creating"
        second = flux_paths.patch("fluxConfigurations", "slow", {"properties": {"suspend": True}})
        assert second.status_code == 409
        assert second.json()["error"]["code"] == "Conflict"
        assert flux_paths.arm.wait(resp)["status"] == "Succeeded"
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)


def test_patch_and_delete_are_202(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "pd", git_config()))
    patched = flux_paths.patch("fluxConfigurations", "pd", {"properties": {"suspend": True}})
    assert patched.status_code == 202 and "Azure-AsyncOperation" in patched.headers
    assert flux_paths.arm.wait(patched)["status"] == "Succeeded"
    deleted = flux_paths.delete("fluxConfigurations", "pd")
    assert deleted.status_code == 202
    assert deleted.headers["Azure-AsyncOperation"] and deleted.headers["Retry-After"]
    assert flux_paths.arm.wait(deleted)["status"] == "Succeeded"
    assert flux_paths.get("fluxConfigurations", "pd").status_code == 404


def test_force_delete_is_synchronous(flux_paths, emulator):
    emulator.set_operation_seconds(5)
    try:
        flux_paths.put("fluxConfigurations", "forced", git_config())  # still Creating
        resp = flux_paths.delete("fluxConfigurations", "forced", params={"forceDelete": "true"})
        assert resp.status_code in (200, 204)
        assert flux_paths.get("fluxConfigurations", "forced").status_code == 404
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)


def test_delete_missing_is_204(flux_paths):
    assert flux_paths.delete("fluxConfigurations", "never-existed").status_code == 204
    assert flux_paths.delete("extensions", "never-existed").status_code == 204


def test_unknown_operation_is_404(flux_paths):
    flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "ops", git_config()))
    resp = flux_paths.arm.get(flux_paths.rp("fluxConfigurations", "ops") + "/operations/nope", "2025-04-01")
    assert resp.status_code == 404


def test_failed_operation_carries_error_details(flux_paths, emulator):
    emulator.admin("POST", "operation-failures", {"resource_type": "fluxConfigurations", "match": "doomed",
                                                  "code": "GitRepositoryUnreachable", "message": "no route"})
    resp = flux_paths.put("fluxConfigurations", "doomed", git_config())
    doc = flux_paths.arm.wait(resp)
    assert doc["status"] == "Failed"
    assert doc["error"]["code"] == "GitRepositoryUnreachable" and doc["error"]["message"] == "no route"
    failed = flux_paths.get("fluxConfigurations", "doomed").json()["properties"]
    assert failed["provisioningState"] == "Failed" and failed["errorMessage"] == "no route"
    # consumed once: the retry succeeds
    assert flux_paths.arm.wait(flux_paths.put("fluxConfigurations", "doomed", git_config()))["status"] == "Succeeded"
    assert flux_paths.get("fluxConfigurations", "doomed").json()["properties"]["errorMessage"] is None


def test_operations_finish_without_polling(flux_paths, emulator):
    import os
    import sqlite3
    resp = flux_paths.put("fluxConfigurations", "ticker", git_config())
    op_id = resp.headers["Azure-AsyncOperation"].split("/operations/")[1].split("?")[0]
    time.sleep(emulator.operation_seconds + 0.5)
    # read the state file directly: no request reached the emulator, its background ticker finished the operation
    with sqlite3.connect(os.path.join(emulator.data_dir, "state.db")) as db:
        status = db.execute("SELECT status FROM operations WHERE id = ?", (op_id,)).fetchone()[0]
    assert status == "Succeeded"
    doc = flux_paths.arm.get(resp.headers["Azure-AsyncOperation"]).json()
    assert doc["status"] == "Succeeded" and doc["startTime"] <= doc["endTime"]


def test_concurrent_mutations_one_wins_others_409(flux_paths, emulator):
    import threading
    emulator.set_operation_seconds(2)
    statuses = []
    try:
        def put():
            statuses.append(flux_paths.put("fluxConfigurations", "race", git_config()).status_code)
        threads = [threading.Thread(target=put) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert sorted(statuses) == [201] + [409] * 5
