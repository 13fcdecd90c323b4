"""Ctrl+C while `flux create` waits for its operation: az stops waiting, says that the operation goes on in
Azure and where to see its outcome; the configuration is created anyway, and running the command again is
safe (PUT is idempotent)."""
import signal
import time

from reliability_helpers import assert_clean_success, configuration, create_args, wait_for_put

OPERATION_SECONDS = 3


def test_ctrl_c_while_waiting_leaves_a_clear_state(az, arm, emulator, flux_cluster, spawn):
    before = emulator.settings()["operation_seconds"]
    emulator.set_operation_seconds(OPERATION_SECONDS)
    try:
        proc = spawn(create_args(flux_cluster, "interrupted"))
        wait_for_put(emulator, "interrupted")
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        emulator.set_operation_seconds(before)
    assert proc.returncode != 0 and out.strip() == ""
    assert "Traceback" not in err, err
    assert "Stopped waiting for flux configuration 'interrupted'. The operation goes on in Azure" in err

    deadline = time.monotonic() + OPERATION_SECONDS + 10
    while configuration(arm, flux_cluster, "interrupted")["properties"]["provisioningState"] != "Succeeded":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    again = az(create_args(flux_cluster, "interrupted"), check=False)
    assert_clean_success(again)
    assert again.json["provisioningState"] == "Succeeded"
