"""`az k8s-configuration flux compliance` with the real az (REFERENCE §13): one Resource Graph query over a fleet,
its selection, states, Missing, --state, paging, --wait, Resource Graph's quota and errors. Each test builds its
fleet with the emulator's bulk path (add-clusters with a fleet shape), in a subscription of its own."""
import json
import subprocess
import sys
import threading
import time
import uuid

import pytest

from k8s_configuration_emulator.fleet import state_at
from tests.harness import REPO_ROOT, spec

GRAPH_PATH = "/providers/Microsoft.ResourceGraph/resources"
CONFIG = "cluster-config"
SHAPE = {"configurations": [{"name": CONFIG, "namespace": "cluster-config",
                             "kustomizations": {"infra": {"path": "./infrastructure"},
                                                "apps": {"path": "./apps", "dependsOn": ["infra"]}}}],
         "spread": {"Compliant": 60, "Non-Compliant": 15, "Suspended": 10, "Failed": 5, "Missing": 10}}
EXPECTED_STATE = {"Compliant": "Compliant", "Non-Compliant": "Non-Compliant", "Suspended": "Suspended",
                  "Failed": "Unknown", "Missing": "Missing"}
FLUX_API = "2025-04-01"


def add_fleet(emulator, tmp_path, subscription, count, prefix="arc", rg="fleet-rg", shape=SHAPE, tags=(),
              cluster_type="connectedClusters"):
    """PREFIX-0001 ... PREFIX-N in `subscription`, with microsoft.flux and the shape's configurations."""
    args = [sys.executable, "-m", "k8s_configuration_emulator", "add-clusters", "--data-dir", emulator.data_dir,
            "--count", str(count), "--prefix", prefix, "-g", rg, "-t", cluster_type]
    if subscription:
        args += ["--subscription", subscription]
    if tags:
        args += ["--tags"] + list(tags)
    if shape is not None:
        shape_file = tmp_path / f"shape-{prefix}.json"
        shape_file.write_text(json.dumps(shape))
        args += ["--flux-configuration", str(shape_file)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    sub = subscription or emulator.subscription_id
    provider = {"connectedClusters": "Microsoft.Kubernetes", "managedClusters": "Microsoft.ContainerService"}
    return [f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{provider[cluster_type]}/{cluster_type}/"
            f"{prefix}-{i:04d}" for i in range(1, count + 1)]


def expected_states(count, shape=SHAPE):
    """The state az shows for each configuration of a fleet of `count` clusters, in fleet order."""
    return [EXPECTED_STATE[state_at(p, shape["spread"])] for p in range(count * len(shape["configurations"]))]


def graph_calls(result):
    return [r for r in result.requests if r["path"].lower() == GRAPH_PATH.lower()]


@pytest.fixture
def subscription():
    return str(uuid.uuid4())


@pytest.fixture
def quota(emulator):
    """Set Resource Graph's quota for one test (the tests of a worker share one user)."""
    def set_quota(value):
        emulator.admin("POST", "settings", {"graph_quota": value})
    yield set_quota
    set_quota("15/5")


def test_one_row_per_selected_cluster_with_states_reasons_and_missing(az, emulator, tmp_path, subscription):
    ids = add_fleet(emulator, tmp_path, subscription, 30)
    result = az(f"k8s-configuration flux compliance -n {CONFIG} --subscriptions {subscription}")
    rows = result.json
    assert [(r["cluster"], r["complianceState"]) for r in rows] == \
        list(zip([i.rsplit("/", 1)[1] for i in ids], expected_states(30)))
    states = {r["complianceState"] for r in rows}
    assert {"Compliant", "Non-Compliant", "Missing"} <= states, states  # the spread gives a mix
    for row in rows:
        assert row["subscription"] == subscription and row["resourceGroup"] == "fleet-rg"
        assert row["clusterType"] == "connectedClusters" and row["configuration"] == CONFIG
        if row["complianceState"] == "Compliant":
            assert row["reason"] == "" and row["sourceSyncedCommitId"].startswith("main@sha1:")
            assert row["provisioningState"] == "Succeeded" and row["namespace"] == "cluster-config"
        elif row["complianceState"] == "Non-Compliant":
            assert len(row["reason"]) <= 160
        elif row["complianceState"] == "Unknown":
            assert row["provisioningState"] == "Failed" and "microsoft.flux is not ready" in row["reason"]
        elif row["complianceState"] == "Missing":
            assert row["provisioningState"] is None and row["reason"] == "" and row["namespace"] is None
    # the fleet's five kinds of failure, in turn: the first non-compliant object and its message, shortened
    reasons = [r["reason"] for r in rows if r["complianceState"] == "Non-Compliant"]
    prefixes = ["Kustomization/cluster-config-infra: dependency 'cluster-config/cluster-config-crds' is not ready",
                "GitRepository/cluster-config: failed to checkout and determine revision: unable to clone",
                "Kustomization/cluster-config-infra: kustomization path not found: stat ",
                "Kustomization/cluster-config-infra: kustomize build failed: ",
                "Kustomization/cluster-config-apps: Health check failed after 10m0s: timeout waiting for: "]
    assert len(reasons) == len(prefixes) and all(r.startswith(p) for r, p in zip(reasons, prefixes)), reasons
    counts = {s: sum(1 for r in rows if r["complianceState"] == s) for s in states}
    summary = ", ".join(f"{counts[s]} {s}" for s in
                        ("Compliant", "Non-Compliant", "Pending", "Suspended", "Unknown", "Missing") if s in counts)
    assert f"30 configurations: {summary}" in result.stderr
    assert len(graph_calls(result)) == 1  # one query, one page

    filtered = az(f"k8s-configuration flux compliance -n {CONFIG} --subscriptions {subscription} "
                  "--state non-compliant Missing")
    assert filtered.json == [r for r in rows if r["complianceState"] in ("Non-Compliant", "Missing")]

    table = az(f"k8s-configuration flux compliance -n {CONFIG} --subscriptions {subscription} -o table")
    header = table.stdout.splitlines()[0].split()
    assert header == ["ResourceGroup", "Cluster", "ClusterType", "Configuration", "ComplianceState",
                      "ProvisioningState", "SourceSyncedCommitId", "StatusUpdatedAt", "Reason"]
    assert len(table.stdout.splitlines()) == 32 and "Missing" in table.stdout


def test_without_a_name_one_row_per_configuration(az, emulator, tmp_path, subscription):
    shape = {"configurations": SHAPE["configurations"] + [{"name": "apps", "namespace": "apps"}],
             "spread": {"Compliant": 80, "Missing": 20}}
    ids = add_fleet(emulator, tmp_path, subscription, 8, shape=shape)
    rows = az(f"k8s-configuration flux compliance --subscriptions {subscription}").json
    names = [c["name"] for c in shape["configurations"]]
    pairs = [(i.rsplit("/", 1)[1], name) for i in ids for name in names]
    expected = sorted(pair for pair, state in zip(pairs, expected_states(8, shape)) if state != "Missing")
    assert len(expected) < len(pairs)
    assert sorted((r["cluster"], r["configuration"]) for r in rows) == expected
    assert {r["complianceState"] for r in rows} == {"Compliant"}  # nothing Missing without --name


def test_selection_by_file_ids_and_query_across_subscriptions(az, emulator, tmp_path, subscription):
    other = str(uuid.uuid4())
    run = uuid.uuid4().hex[:8]
    east = add_fleet(emulator, tmp_path, subscription, 4, "east", tags=("env=prod", f"run={run}"))
    aks = add_fleet(emulator, tmp_path, other, 3, "aks", tags=("env=dev", f"run={run}"),
                    cluster_type="managedClusters")
    clusters_file = tmp_path / "clusters.txt"
    clusters_file.write_text(f"# two of them\n{east[0]}\n\n{aks[2]}   # AKS, another subscription\n")
    by_file = az(f"k8s-configuration flux compliance -n {CONFIG} --clusters-file {clusters_file}").json
    assert sorted((r["cluster"], r["subscription"], r["clusterType"]) for r in by_file) == \
        [("aks-0003", other, "managedClusters"), ("east-0001", subscription, "connectedClusters")]

    gone = east[0].replace("east-0001", "gone-0001")
    by_ids = az(["k8s-configuration", "flux", "compliance", "-n", CONFIG, "--cluster-ids", east[1], aks[0].upper(),
                 gone])
    assert sorted(r["cluster"] for r in by_ids.json) == ["aks-0001", "east-0002"]
    assert "1 selected cluster(s) have no flux configuration in Resource Graph or do not exist, e.g. " \
        + gone.lower() in by_ids.stderr

    by_query = az(["k8s-configuration", "flux", "compliance", "-n", CONFIG, "--subscriptions", subscription, other,
                   "--cluster-query", f"tags.run == '{run}' and tags['env'] =~ 'PROD'"])
    assert sorted(r["cluster"] for r in by_query.json) == ["east-0001", "east-0002", "east-0003", "east-0004"]
    both = az(["k8s-configuration", "flux", "compliance", "-n", CONFIG, "--subscriptions", subscription, other,
               "--cluster-query", f"tags.run == '{run}'"]).json
    assert {r["subscription"] for r in both} == {subscription, other} and len(both) == 7


def test_the_current_subscription_is_the_default(az, emulator, tmp_path):
    run = uuid.uuid4().hex[:8]
    add_fleet(emulator, tmp_path, None, 2, f"own-{run}", tags=(f"run={run}",))
    rows = az(["k8s-configuration", "flux", "compliance", "-n", CONFIG, "--cluster-query",
               f"tags.run == '{run}'"]).json
    assert [r["subscription"] for r in rows] == [emulator.subscription_id] * 2


def test_selection_refusals(az, emulator, tmp_path, subscription):
    bad_file = tmp_path / "clusters.txt"
    good = f"/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c1"
    bad_file.write_text(f"{good}\n# comment\n/subscriptions/{subscription}/resourceGroups/rg/providers/"
                        "Microsoft.Compute/virtualMachines/vm1\n")
    refused = az(f"k8s-configuration flux compliance --clusters-file {bad_file}", check=False)
    assert refused.exit_code == 1 and f"--clusters-file {bad_file} line 3" in refused.stderr
    assert "virtualMachines/vm1" in refused.stderr and graph_calls(refused) == []
    refused = az("k8s-configuration flux compliance --cluster-ids /subscriptions/x/resourceGroups/rg", check=False)
    assert refused.exit_code == 1 and "--cluster-ids" in refused.stderr and graph_calls(refused) == []
    refused = az(["k8s-configuration", "flux", "compliance", "--cluster-query", "name == 'a' | take 1"], check=False)
    assert refused.exit_code == 1 and "cannot contain '|'" in refused.stderr and graph_calls(refused) == []
    refused = az(["k8s-configuration", "flux", "compliance", "--cluster-query", "x", "--cluster-ids", good],
                 check=False)
    assert refused.exit_code == 1 and "--cluster-ids and --cluster-query" in refused.stderr
    refused = az("k8s-configuration flux compliance --state Green", check=False)
    assert refused.exit_code == 1 and "--state 'Green'" in refused.stderr and graph_calls(refused) == []

    nothing = az(f"k8s-configuration flux compliance --subscriptions {subscription} --cluster-query "
                 "\"name == 'nobody'\"", check=False)
    assert nothing.exit_code == 1 and "No cluster matches --cluster-query" in nothing.stderr
    empty = az(f"k8s-configuration flux compliance --subscriptions {subscription}", check=False)
    assert empty.exit_code == 1 and f"No connected or AKS cluster in subscription(s) {subscription}" in empty.stderr
    invalid = az(["k8s-configuration", "flux", "compliance", "--subscriptions", subscription, "--cluster-query",
                  "name matches regex 'arc'"], check=False)
    assert invalid.exit_code == 1 and "Resource Graph refused the query (UnsupportedOperator)" in invalid.stderr
    assert "'matches'" in invalid.stderr and "Traceback" not in invalid.stderr


def test_paging_past_a_thousand_rows(az, emulator, tmp_path, subscription):
    add_fleet(emulator, tmp_path, subscription, 1100, shape=dict(SHAPE, spread={"Compliant": 100}))
    result = az(f"k8s-configuration flux compliance --subscriptions {subscription} --state compliant")
    assert len(result.json) == 1100 and len({r["cluster"] for r in result.json}) == 1100
    calls = graph_calls(result)
    assert len(calls) == 2
    assert calls[0]["body"]["options"]["$top"] == 1000 and "$skipToken" in calls[1]["body"]["options"]
    if spec.graph_available():  # what az sends is a QueryRequest of the spec
        for call in calls:
            assert spec.errors(spec.graph_validator("QueryRequest", request=True), call["body"]) == []
    assert "1100 configurations: 1100 Compliant" in result.stderr


def test_wait_until_compliant(az, arm, emulator, tmp_path, subscription):
    shape = dict(SHAPE, spread={"Compliant": 50, "Suspended": 50})
    ids = add_fleet(emulator, tmp_path, subscription, 4, shape=shape)
    suspended = [i for i, state in zip(ids, expected_states(4, shape)) if state == "Suspended"]
    assert 0 < len(suspended) < 4

    mark = emulator.mark()

    def resume():
        """Once az has seen the suspended ones (its first query), resume them through ARM."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
                r["path"].lower() == GRAPH_PATH.lower() for r in emulator.requests(since=mark)):
            time.sleep(0.2)
        for cluster_id in suspended:
            path = cluster_id + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/" + CONFIG
            arm.patch(path, {"properties": {"suspend": False}}, FLUX_API)
    resumer = threading.Thread(target=resume)
    resumer.start()
    try:
        result = az(f"k8s-configuration flux compliance -n {CONFIG} --subscriptions {subscription} --wait "
                    "--interval 1s --timeout 60s")
    finally:
        resumer.join()
    assert {r["complianceState"] for r in result.json} == {"Compliant"}
    assert "not Compliant yet" in result.stderr and len(graph_calls(result)) >= 2


def test_wait_times_out_listing_the_rest(az, emulator, tmp_path, subscription):
    shape = dict(SHAPE, spread={"Compliant": 50, "Non-Compliant": 50})
    ids = add_fleet(emulator, tmp_path, subscription, 4, shape=shape)
    failing = [i.rsplit("/", 1)[1] for i, state in zip(ids, expected_states(4, shape)) if state == "Non-Compliant"]
    assert 0 < len(failing) < 4
    result = az(f"k8s-configuration flux compliance -n {CONFIG} --subscriptions {subscription} --wait "
                "--interval 1s --timeout 2s", check=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{len(failing)} configuration(s) not Compliant after 2s" in result.stderr
    for name in failing:
        assert f"fleet-rg/{name}/{CONFIG}: Non-Compliant (" in result.stderr
    assert "Non-Compliant (Kustomization/cluster-config-infra: dependency 'cluster-config/cluster-config-crds' is " \
        "not ready)" in result.stderr
    refused = az(f"k8s-configuration flux compliance --subscriptions {subscription} --timeout 2s", check=False)
    assert refused.exit_code == 1 and "--timeout and --interval apply to --wait" in refused.stderr


def test_resource_graph_quota_is_honoured(az, emulator, tmp_path, subscription, quota):
    add_fleet(emulator, tmp_path, subscription, 1001, shape=dict(SHAPE, spread={"Compliant": 100}))
    quota("1/2")  # the first page spends the window: the second waits for the next one, no 429
    result = az(f"k8s-configuration flux compliance --subscriptions {subscription}")
    calls = graph_calls(result)
    assert [c["status"] for c in calls] == [200, 200] and len(result.json) == 1001
    quota("15/5")
    emulator.add_faults([{"method": "POST", "path": GRAPH_PATH, "status": 429, "count": 1,
                          "headers": {"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:01"},
                          "body": {"error": {"code": "RateLimiting", "message": "throttled"}}}])
    try:
        result = az(f"k8s-configuration flux compliance -n {CONFIG} --subscriptions {subscription} "
                    "--state Compliant")
    finally:
        emulator.clear_faults()
    assert [c["status"] for c in graph_calls(result)][:2] == [429, 200] and len(result.json) == 1001
