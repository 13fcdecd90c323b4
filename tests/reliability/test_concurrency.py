"""Two `flux create` of the same name at the same time: one wins, the other gets the service's 409 as one clear
error (another operation is in progress; this command changed nothing), and the winner's configuration is
intact."""
import time

from reliability_helpers import assert_clean_failure, calls, configuration, create_args

OPERATION_SECONDS = 4  # long enough that both PUTs land while the first operation runs, even on a busy CI box


def test_two_creates_of_the_same_name_one_wins_the_other_gets_409(az, arm, emulator, flux_cluster, spawn):
    before = emulator.settings()["operation_seconds"]
    emulator.set_operation_seconds(OPERATION_SECONDS)
    try:
        first = spawn(create_args(flux_cluster, "race", branch="main"))
        second = spawn(create_args(flux_cluster, "race", branch="release"))
        outcomes = []
        for proc in (first, second):
            out, err = proc.communicate(timeout=120)
            outcomes.append((proc.returncode, out, err))
    finally:
        emulator.set_operation_seconds(before)
    winners = [o for o in outcomes if o[0] == 0]
    losers = [o for o in outcomes if o[0] != 0]
    assert len(winners) == 1 and len(losers) == 1, outcomes

    class Result:  # the shape assert_clean_failure reads
        exit_code, stdout, stderr = losers[0]
    message = assert_clean_failure(Result, exit_code=1)
    assert "in progress" in message.lower()
    assert "Another operation is in progress on flux configuration 'race'; this command changed nothing" in message
    assert f"az k8s-configuration flux show {flux_cluster.args} -n race" in message

    import json
    won = json.loads(winners[0][1])
    state = configuration(arm, flux_cluster, "race")["properties"]
    assert state["provisioningState"] == "Succeeded"
    assert state["gitRepository"]["repositoryRef"]["branch"] == won["gitRepository"]["repositoryRef"]["branch"]


def test_create_while_an_update_runs_gets_409_and_changes_nothing(az, arm, emulator, flux_cluster):
    az(create_args(flux_cluster, "busy"))
    before = emulator.settings()["operation_seconds"]
    emulator.set_operation_seconds(OPERATION_SECONDS)
    try:
        az(f"k8s-configuration flux update {flux_cluster.args} -n busy --branch next --no-wait")
        started = time.monotonic()
        result = az(create_args(flux_cluster, "busy", branch="other"), check=False)
        assert time.monotonic() - started < OPERATION_SECONDS + 2  # not stuck behind the running operation
    finally:
        emulator.set_operation_seconds(before)
    message = assert_clean_failure(result, exit_code=1)
    assert "Another operation is in progress on flux configuration 'busy'" in message
    assert [r["status"] for r in calls(result, "PUT", "/fluxConfigurations/busy$")] == [409]
    deadline = time.monotonic() + 10
    while configuration(arm, flux_cluster, "busy")["properties"]["provisioningState"] != "Succeeded":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert configuration(arm, flux_cluster, "busy")["properties"]["gitRepository"]["repositoryRef"]["branch"] == \
        "next"
