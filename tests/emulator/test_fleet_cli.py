"""The emulator's fleet command line: add-clusters (names, tags, subscription, type, location, a fleet shape),
seed-fleet, add-cluster --tags/--subscription and seed files with tags and subscription — straight into the data
dir, no server needed."""
import json
import subprocess
import sys

import pytest

from k8s_configuration_emulator import DEFAULT_SUBSCRIPTION_ID
from k8s_configuration_emulator.fleet import FAILURES, STATES, state_at
from k8s_configuration_emulator.store import Store
from k8s_configuration_emulator.subscriptions import subscription_ids
from tests.harness import REPO_ROOT

OTHER = "22222222-3333-4444-5555-666666666666"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "k8s_configuration_emulator"] + list(args), capture_output=True,
                          text=True, cwd=REPO_ROOT, timeout=120)


def clusters(data):
    return [record.body for _, record in Store(data).list_kind("cluster")]


def test_add_clusters_names_tags_subscription_type_location(tmp_path):
    data = str(tmp_path)
    done = cli("add-clusters", "--data-dir", data, "--count", "12", "--prefix", "edge", "-g", "fleet",
               "-t", "managedClusters", "--location", "westeurope", "--tags", "env=prod", "ring=1",
               "--subscription", OTHER.upper())
    assert done.returncode == 0, done.stderr
    made = clusters(data)
    assert [c["name"] for c in made] == ["edge-{:04d}".format(i) for i in range(1, 13)]
    assert made[0]["id"] == ("/subscriptions/{}/resourceGroups/fleet/providers/Microsoft.ContainerService/"
                             "managedClusters/edge-0001".format(OTHER))
    assert all(c["tags"] == {"env": "prod", "ring": "1"} and c["location"] == "westeurope" for c in made)
    assert subscription_ids(Store(data)) == [DEFAULT_SUBSCRIPTION_ID, OTHER]
    assert json.loads(done.stdout)["created"] == 12


def test_a_fleet_shape_gives_flux_and_a_spread_of_states(tmp_path):
    data = str(tmp_path)
    shape = tmp_path / "shape.json"
    spread = {"Compliant": 50, "Non-Compliant": 20, "Suspended": 10, "Failed": 10, "Missing": 10}
    shape.write_text(json.dumps({"configurations": [{"name": "cfg", "kustomizations": {"a": {"path": "./a"}}}],
                                 "spread": spread}))
    done = cli("add-clusters", "--data-dir", data, "--count", "100", "--prefix", "arc", "-g", "fleet",
               "--flux-configuration", str(shape))
    assert done.returncode == 0, done.stderr
    store = Store(data)
    assert len(store.list_kind("extension")) == 100
    configurations = {r.body["id"].split("/")[8]: r.body for _, r in store.list_kind("fluxConfiguration")}
    assert len(configurations) == 90  # 10 % Missing
    expected = [state_at(p, spread) for p in range(100)]
    assert {s: expected.count(s) for s in STATES} == spread  # 100 in a row follow the spread exactly
    for index, state in enumerate(expected):
        body = configurations.get("arc-{:04d}".format(index + 1))
        assert (body is None) == (state == "Missing")
        if body is not None:
            props = body["properties"]
            assert props["suspend"] == (state == "Suspended")
            assert props["provisioningState"] == ("Failed" if state == "Failed" else "Succeeded")
            assert ("crds" in props["kustomizations"]["a"]["dependsOn"]) == \
                (state == "Non-Compliant" and expected[:index].count("Non-Compliant") % len(FAILURES) == 0)
            reconcile = store.get(body["id"]).meta.get("reconcile")
            assert (reconcile is not None) == (state == "Non-Compliant" and "crds" not in
                                               props["kustomizations"]["a"]["dependsOn"])

    again = cli("seed-fleet", str(shape), "--data-dir", data, "--prefix", "arc-000")
    assert again.returncode == 0 and sum(json.loads(again.stdout).values()) == 9  # arc-0001 ... arc-0009


def test_add_cluster_and_seed_files_take_tags_and_subscription(tmp_path):
    data = str(tmp_path)
    done = cli("add-cluster", "--data-dir", data, "-g", "rg", "-n", "one", "--tags", "env=dev",
               "--subscription", OTHER)
    assert done.returncode == 0 and json.loads(done.stdout)["tags"] == {"env": "dev"}
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"clusters": [{"resource_group": "rg", "name": "two", "tags": {"env": "prod"},
                                              "subscription": "33333333-3333-4444-5555-666666666666"}]}))
    assert cli("seed", str(seed), "--data-dir", data).returncode == 0
    made = {c["name"]: c for c in clusters(data)}
    assert made["one"]["id"].startswith("/subscriptions/" + OTHER + "/")
    assert made["two"]["tags"] == {"env": "prod"} and "/33333333-3333-" in made["two"]["id"]


@pytest.mark.parametrize("args,message", [
    (["--tags", "novalue"], "--tags: expected KEY=VALUE"),
    (["--subscription", "prod"], "--subscription: a subscription id is a GUID"),
    (["--count", "0"], "--count: 1 or more"),
])
def test_add_clusters_refusals(tmp_path, args, message):
    base = ["add-clusters", "--data-dir", str(tmp_path), "--prefix", "p", "-g", "rg"]
    done = cli(*(base + (["--count", "2"] if "--count" not in args else []) + args))
    assert done.returncode != 0 and message in done.stderr
    assert clusters(str(tmp_path)) == []
