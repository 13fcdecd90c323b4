"""The service goes away and comes back while `flux create` waits for its operation (the emulator restarts on
the same port; its state is in SQLite, so the operation finishes after the restart as ARM's would).

The command either completes or fails with one clear message; afterwards the cluster holds exactly what it
should: microsoft.flux as before and one configuration, Succeeded."""
import time

from reliability_helpers import REPO, configuration, errors, extensions, wait_for_put

OPERATION_SECONDS = 2.5


def test_restart_while_flux_create_waits(az, arm, emulator, flux_cluster, spawn):
    before = emulator.settings()["operation_seconds"]
    emulator.set_operation_seconds(OPERATION_SECONDS)
    try:
        proc = spawn(f"k8s-configuration flux create {flux_cluster.args} -n restarted --namespace restarted "
                     f"-u {REPO} --branch main -k name=infra path=./infrastructure prune=true")
        wait_for_put(emulator, "restarted")
        emulator.restart()  # az is now polling the operation
        out, err = proc.communicate(timeout=120)
    finally:
        emulator.set_operation_seconds(before)

    assert "Traceback" not in err, err
    if proc.returncode == 0:
        assert not errors(err), err
        import json
        assert json.loads(out)["provisioningState"] == "Succeeded"
    else:  # allowed, if it says clearly what happened
        assert len(errors(err)) == 1 and "could not reach Azure Resource Manager" in err, err
        # the configuration went on to Succeeded: the message must not have advised deleting it
        assert "whether it succeeded is unknown" in err and "flux delete" not in err, err
        assert f"az k8s-configuration flux wait {flux_cluster.args} -n restarted --created" in err, err

    # state intact: the operation finished across the restart; nothing duplicated, nothing lost
    deadline = time.monotonic() + 10
    while configuration(arm, flux_cluster, "restarted")["properties"]["provisioningState"] != "Succeeded":
        assert time.monotonic() < deadline, configuration(arm, flux_cluster, "restarted")
        time.sleep(0.1)
    flux = [e for e in extensions(arm, flux_cluster) if e["properties"]["extensionType"] == "microsoft.flux"]
    assert len(flux) == 1 and flux[0]["properties"]["provisioningState"] == "Succeeded"
    listed = az(f"k8s-configuration flux list {flux_cluster.args}").json
    assert [c["name"] for c in listed] == ["restarted"]
