"""With the real az: deleting a kustomization others depend on, and a configuration whose stored dependsOn names a
kustomization that is gone (issue 14, item 4).

Deleting infra removes it from the dependsOn of apps in the same PATCH (warned, and said in the prompt), so the
configuration stays one the tool can change. A dangling dependsOn written by something else (the portal, another
tool) does not block commands that do not set it: they warn, naming the kustomization and how to clear it.
"""
from flux_helpers import assert_golden, sent, tutorial_create, warnings

from tests.harness.arm import API, rp_path

CLEAR_APPS = '-k apps --depends-on ""'


def patches(result, name):
    return [r["body"] for r in sent(result.requests, "PATCH", f"/fluxConfigurations/{name}")]


def test_deleting_a_dependency_removes_it_from_its_dependents_and_later_commands_work(az, cluster):
    name = "gitops-demo"
    az(tutorial_create(cluster, name), check=True)  # apps depends on infra
    kustomization = f"k8s-configuration flux kustomization {{}} {cluster.args} -n {name}"

    # without a terminal the prompt cannot be answered: its question says what happens to apps; nothing is sent
    asked = az(kustomization.format("delete") + " -k infra", check=False)
    assert asked.exit_code == 1 and "Traceback" not in asked.stderr
    assert "remove it from the depends_on of 'apps'" in asked.stderr and "--yes" in asked.stderr
    assert not patches(asked, name)

    deleted = az(kustomization.format("delete") + " -k infra --yes -o table", check=False)
    assert deleted.exit_code == 0, deleted.stderr
    assert any("'apps' depends on 'infra'" in w and "also removes 'infra' from its depends_on" in w
               for w in warnings(deleted.stderr)), deleted.stderr
    assert patches(deleted, name) == [{"properties": {"kustomizations": {"infra": None, "apps": {"dependsOn": []}}}}]
    assert_golden("kustomization_delete.txt", deleted.stdout)  # the kustomization table, apps without DependsOn

    updated = az(kustomization.format("update") + " -k apps --prune false", check=False)
    assert updated.exit_code == 0, updated.stderr
    assert "depends" not in updated.stderr.lower()
    created = az(kustomization.format("create") + " -k monitoring --path ./monitoring", check=False)
    assert created.exit_code == 0, created.stderr
    assert sorted(created.json["kustomizations"]) == ["apps", "monitoring"]
    assert created.json["kustomizations"]["apps"] == {**created.json["kustomizations"]["apps"], "dependsOn": [],
                                                      "prune": False}


def test_a_stored_dangling_depends_on_warns_without_blocking_unrelated_commands(az, arm, cluster):
    name = "gitops-demo"
    az(tutorial_create(cluster, name), check=True)
    # infra removed by another client (a PATCH that bypasses this CLI): apps still depends on it
    path = rp_path(cluster.id, "fluxConfigurations", name)
    arm.wait(arm.patch(path, {"properties": {"kustomizations": {"infra": None}}}, API["fluxConfigurations"]))
    kustomization = f"k8s-configuration flux kustomization {{}} {cluster.args} -n {name}"

    for command, sent_kustomization in (
            (kustomization.format("update") + " -k apps --prune false", "apps"),
            (kustomization.format("create") + " -k monitoring --path ./monitoring", "monitoring"),
            (f"k8s-configuration flux update {cluster.args} -n {name} -k name=web path=./web", "web")):
        result = az(command, check=False)
        assert result.exit_code == 0, result.stderr
        [body] = patches(result, name)
        assert list(body["properties"]["kustomizations"]) == [sent_kustomization]  # apps' dependsOn left alone
        assert any("'apps'" in w and "'infra'" in w and CLEAR_APPS in w for w in warnings(result.stderr)), \
            result.stderr

    # setting the missing dependency again is the command's own doing: refused, naming the option; nothing sent
    again = az(kustomization.format("update") + " -k apps --depends-on infra", check=False)
    assert again.exit_code == 1 and "--depends-on" in again.stderr and "'infra'" in again.stderr
    assert not patches(again, name)

    # the way out the warning gives
    cleared = az(kustomization.format("update") + " " + CLEAR_APPS, check=False)
    assert cleared.exit_code == 0, cleared.stderr
    assert not warnings(cleared.stderr)
    assert cleared.json["kustomizations"]["apps"]["dependsOn"] == []
