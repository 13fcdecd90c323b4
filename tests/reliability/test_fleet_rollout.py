"""`flux apply -f FILE <selection>` rolls one configuration out to a fleet (REFERENCE §13), with the real az against
the emulator: clusters that fail (admin cluster-failures) under --max-failures, a canary that fails, kill -9 then
--resume, Ctrl-C, hard throttling, a cluster deleted mid-rollout. Each test makes its own fleet (its own resource
group, add-clusters: microsoft.flux absent everywhere) and runs one rollout (two for a resume): eight in all."""
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.harness import REPO_ROOT

CONFIG = """name: fleet-config
namespace: fleet-config
gitRepository:
  url: https://github.com/Azure/gitops-flux2-kustomize-helm-mt
  repositoryRef:
    branch: main
kustomizations:
  infra:
    path: ./infrastructure
"""
FLUX_PUT = re.compile(r"/fluxConfigurations/fleet-config$", re.I)
EXTENSION_PUT = re.compile(r"/extensions/flux$", re.I)


def add_fleet(emulator, count, rg=None, prefix="c"):
    """PREFIX-0001 ... PREFIX-N in a resource group of their own (no microsoft.flux): their ids, in order."""
    rg = rg or f"ro-{uuid.uuid4().hex[:8]}"
    done = subprocess.run([sys.executable, "-m", "k8s_configuration_emulator", "add-clusters", "--data-dir",
                           emulator.data_dir, "--count", str(count), "--prefix", prefix, "-g", rg],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return [f"/subscriptions/{emulator.subscription_id}/resourceGroups/{rg}/providers/Microsoft.Kubernetes/"
            f"connectedClusters/{prefix}-{i:04d}" for i in range(1, count + 1)]


@pytest.fixture
def files(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)

    def clusters_file(ids):
        path = tmp_path / "clusters.txt"
        path.write_text("# the fleet\n" + "\n".join(ids) + "\n")
        return path
    return config, clusters_file


@pytest.fixture
def fail_clusters(emulator):
    def fail(ids, how="extension-install"):
        for cluster_id in ids:
            emulator.admin("POST", "cluster-failures", {"cluster": cluster_id, "fail": how})
    yield fail
    emulator.admin("DELETE", "cluster-failures")


def writes_to(requests, cluster_id):
    return [r for r in requests if r["method"] in ("PUT", "PATCH", "DELETE") and
            r["path"].lower().startswith(cluster_id.lower() + "/")]


def touched(requests, cluster_id):
    return [r for r in requests if r["path"].lower().startswith(cluster_id.lower())]


def journal_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("max_failures", [0, 3])
def test_fifty_clusters_three_failing(az, emulator, files, fail_clusters, max_failures):
    ids = add_fleet(emulator, 50)
    failing = [ids[9], ids[24], ids[39]]
    fail_clusters(failing)
    config, clusters_file = files
    result = az(f"k8s-configuration flux apply -f {config} --clusters-file {clusters_file(ids)} --max-parallel 16 "
                f"--max-failures {max_failures}", check=False)
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    rows = result.json
    assert [r["id"] for r in rows] == ids  # one row per cluster, in the file's order
    by_result = {}
    for row in rows:
        by_result.setdefault(row["result"], []).append(row["id"])
    assert set(by_result.get("Failed", [])) <= set(failing)
    for row in rows:
        if row["result"] == "Failed":
            assert "microsoft.flux" in row["error"] and "Traceback" not in row["error"]
            assert row["action"] == "create"  # what was being done when it failed
        if row["result"] == "Succeeded":
            assert row["action"] == "create" and row["provisioningState"] == "Succeeded"
            assert len([r for r in writes_to(result.requests, row["id"]) if FLUX_PUT.search(r["path"])]) == 1
    for cluster_id in by_result.get("NotStarted", []):
        assert touched(result.requests, cluster_id) == []  # not started: not a single request
    if max_failures == 3:
        assert sorted(by_result["Failed"]) == sorted(failing) and len(by_result["Succeeded"]) == 47
        assert "NotStarted" not in by_result
        registration = [r for r in result.requests if r["method"] == "GET" and
                        r["path"].lower().endswith("/providers/microsoft.kubernetesconfiguration")]
        assert len(registration) == 1  # the provider's registration: read once for the subscription
    else:  # the first failure stops the rollout: the running ones finish, no new one starts
        assert by_result["Failed"] == [failing[0]]
        assert len(by_result["NotStarted"]) >= 50 - 10 - 16 and ids[-1] in by_result["NotStarted"]
        assert "more than --max-failures 0" in result.stderr
    assert "ERROR: The rollout did not succeed on every selected cluster" in result.stderr


def test_a_canary_that_does_not_reach_compliant_stops_the_rollout_touching_nothing_else(az, emulator, files,
                                                                                       fail_clusters):
    ids = add_fleet(emulator, 8)
    fail_clusters([ids[1]], how="reconciliation")
    config, clusters_file = files
    result = az(f"k8s-configuration flux apply -f {config} --clusters-file {clusters_file(ids)} --canary 2 "
                "--canary-wait-compliant 4s -o json", check=False)
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    rows = {r["cluster"]: r for r in result.json}
    first, second = rows["c-0001"], rows["c-0002"]
    assert first["result"] == "Succeeded" and first["complianceState"] == "Compliant"
    assert second["result"] == "Failed" and second["complianceState"] == "Non-Compliant"
    assert "not Compliant after 4s" in second["error"] and "GitRepository/fleet-config: failed to checkout" in \
        second["error"]
    for cluster_id in ids[2:]:
        assert rows[cluster_id.rsplit("/", 1)[1]]["result"] == "NotStarted"
        assert touched(result.requests, cluster_id) == []
    assert "a canary cluster failed" in result.stderr


def spawn(az, args):
    return subprocess.Popen([az.az_path] + args, env=az.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)


def wait_for_lines(path, count, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while len(path.read_text().splitlines() if path.exists() else []) < count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the journal never got {} lines".format(count)
        time.sleep(0.05)


def test_kill_9_then_resume_finishes_and_writes_no_cluster_twice(az, emulator, files, tmp_path):
    ids = add_fleet(emulator, 30)
    config, clusters_file = files
    journal = tmp_path / "rollout.journal"
    args = ["k8s-configuration", "flux", "apply", "-f", str(config), "--clusters-file", str(clusters_file(ids)),
            "--max-parallel", "6", "--journal", str(journal)]
    mark = emulator.mark()
    proc = spawn(az, args)
    try:
        wait_for_lines(journal, 4, proc)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    first = journal_lines(journal)
    assert 4 <= len(first) < 30
    resumed = az(args + ["--resume"])
    assert "Traceback" not in resumed.stderr
    rows = resumed.json
    already = {r["id"] for r in rows if r["result"] == "AlreadyDone"}
    assert already == {entry["id"] for entry in first if entry["result"] == "Succeeded"}
    assert all(r["result"] in ("Succeeded", "AlreadyDone") for r in rows)
    requests = emulator.requests(since=mark)
    for cluster_id in ids:  # both runs together: one microsoft.flux install and one configuration PUT each
        writes = writes_to(requests, cluster_id)
        assert len([r for r in writes if FLUX_PUT.search(r["path"])]) == 1, cluster_id
        assert len([r for r in writes if EXTENSION_PUT.search(r["path"])]) == 1, cluster_id
    assert len(journal_lines(journal)) == 30  # the journal now records every cluster once
    assert len({entry["id"] for entry in journal_lines(journal)}) == 30


def test_ctrl_c_stops_scheduling_and_leaves_a_consistent_journal(az, arm, emulator, files, tmp_path):
    ids = add_fleet(emulator, 30)
    config, clusters_file = files
    journal = tmp_path / "rollout.journal"
    proc = spawn(az, ["k8s-configuration", "flux", "apply", "-f", str(config), "--clusters-file",
                      str(clusters_file(ids)), "--max-parallel", "4", "--journal", str(journal)])
    try:
        wait_for_lines(journal, 3, proc)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert "Interrupted: no new cluster starts" in err
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ids
    entries = journal_lines(journal)  # every line whole, every cluster at most once
    assert len({e["id"] for e in entries}) == len(entries)
    finished = {r["id"] for r in rows if r["result"] in ("Succeeded", "Failed")}
    assert {e["id"] for e in entries} == finished
    assert any(r["result"] == "NotStarted" for r in rows)
    from tests.harness.arm import API, rp_path
    for entry in entries:  # what the journal says is done is done
        found = arm.get(rp_path(entry["id"], "fluxConfigurations", "fleet-config"), API["fluxConfigurations"])
        assert found.json()["properties"]["provisioningState"] == "Succeeded"


@pytest.fixture
def throttled(emulator):
    before = emulator.settings()
    emulator.admin("POST", "settings", {"throttle": True, "throttle_writes": "8/4", "throttle_reads": "30/15"})
    yield
    emulator.admin("POST", "settings", {key: before[key] for key in ("throttle", "throttle_writes",
                                                                     "throttle_reads")})


def test_throttled_hard_it_still_finishes_without_a_retry_storm(az, emulator, files, throttled):
    ids = add_fleet(emulator, 12)
    config, clusters_file = files
    result = az(f"k8s-configuration flux apply -f {config} --clusters-file {clusters_file(ids)} --max-parallel 8")
    assert all(r["result"] == "Succeeded" for r in result.json)
    fleet = [r for r in result.requests if "/resourcegroups/" in r["path"].lower()]
    refused = [r for r in fleet if r["status"] == 429]
    writes = [r for r in fleet if r["method"] in ("PUT", "PATCH") and r["status"] != 429]
    assert len(writes) == 24  # microsoft.flux and the configuration on each: nothing written twice
    assert len(refused) <= len(fleet) // 10, (len(refused), len(fleet))  # paced: no retry storm
    summary = re.search(r"\((\d+) answer\(s\) 429\)", result.stderr)
    assert summary and int(summary.group(1)) == len(refused)  # az counts the 429s it met


def test_a_cluster_deleted_mid_rollout_is_a_failure_row(az, arm, emulator, files, tmp_path):
    rg = f"ro-{uuid.uuid4().hex[:8]}"
    ids = add_fleet(emulator, 4, rg=rg)
    victim_rg = rg + "zz"  # listed last (ordered by id)
    victim = add_fleet(emulator, 1, rg=victim_rg, prefix="v")[0]
    config, _ = files
    journal = tmp_path / "rollout.journal"
    proc = spawn(az, ["k8s-configuration", "flux", "apply", "-f", str(config), "--cluster-query",
                      f"resourceGroup startswith '{rg}'", "--max-parallel", "1", "--journal", str(journal)])
    try:
        wait_for_lines(journal, 2, proc)  # the selection is made (Resource Graph listed the victim), then it goes
        gone = arm.delete(f"/subscriptions/{emulator.subscription_id}/resourceGroups/{victim_rg}", "2021-04-01")
        assert gone.status_code in (200, 202)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1 and "Traceback" not in err, err
    rows = {r["id"].lower(): r for r in json.loads(out)}
    assert rows[victim.lower()]["result"] == "Failed"
    assert "not found" in rows[victim.lower()]["error"]
    assert all(rows[i.lower()]["result"] == "Succeeded" for i in ids)
    assert os.path.exists(journal)
