"""With the real az: updating a kustomization without --depends-on keeps its stored dependsOn (on the wire and in
the dependency check), so a later edge back to it is refused as a cycle before anything is sent (issue 10)."""
from flux_helpers import sent, tutorial_create

CYCLE = ("apps -> infra -> apps", "infra -> apps -> infra")


def patches(result, name):
    return [r["body"] for r in sent(result.requests, "PATCH", f"/fluxConfigurations/{name}")]


def assert_cycle_refused(result):
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert any(cycle in result.stderr for cycle in CYCLE), result.stderr
    assert not sent(result.requests, "PATCH", "/fluxConfigurations/")


def test_the_stored_depends_on_survives_updates_that_do_not_mention_it(az, cluster):
    name = "gitops-demo"
    az(tutorial_create(cluster, name), check=True)  # apps depends on infra
    kustomization = f"k8s-configuration flux kustomization update {cluster.args} -n {name}"
    update = f"k8s-configuration flux update {cluster.args} -n {name}"

    moved = az(f"{kustomization} -k apps --path ./apps/production", check=False)
    assert moved.exit_code == 0, moved.stderr
    assert patches(moved, name) == [{"properties": {"kustomizations": {"apps": {"path": "./apps/production"}}}}]
    assert moved.json["kustomizations"]["apps"]["dependsOn"] == ["infra"]

    upserted = az(f"{update} -k name=apps prune=false", check=False)
    assert upserted.exit_code == 0, upserted.stderr
    assert patches(upserted, name) == [{"properties": {"kustomizations": {"apps": {"prune": False}}}}]
    assert upserted.json["kustomizations"]["apps"]["dependsOn"] == ["infra"]

    # the stored apps -> infra is still seen: an edge infra -> apps closes a cycle, in both commands
    assert_cycle_refused(az(f"{update} -k name=apps path=./apps/staging -k name=infra depends_on=apps", check=False))
    assert_cycle_refused(az(f"{kustomization} -k infra --depends-on apps", check=False))

    shown = az(f"k8s-configuration flux show {cluster.args} -n {name}", check=True)
    assert shown.json["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert shown.json["kustomizations"]["infra"]["dependsOn"] == []
