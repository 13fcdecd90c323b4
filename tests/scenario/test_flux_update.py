"""flux update and flux kustomization create/update/delete: merge patches with only what changed."""
import pytest
from flux_helpers import sent, tutorial_create, warnings


@pytest.fixture
def configuration(az, cluster):
    az(tutorial_create(cluster), check=True)
    return "gitops-demo"


def patches(result, name):
    return [r["body"] for r in sent(result.requests, "PATCH", f"/fluxConfigurations/{name}")]


def test_update_sends_only_what_changed(az, cluster, configuration):
    result = az(f"k8s-configuration flux update {cluster.args} -n {configuration} --branch release --interval 5m",
                check=False)
    assert result.exit_code == 0, result.stderr
    [body] = patches(result, configuration)
    assert body == {"properties": {"gitRepository": {"repositoryRef": {"branch": "release"},
                                                     "syncIntervalInSeconds": 300}}}
    assert result.json["gitRepository"]["repositoryRef"]["branch"] == "release"
    assert result.json["kustomizations"]["apps"]["dependsOn"] == ["infra"]  # untouched
    from spec_schema import validate_against_spec
    validate_against_spec(body, "FluxConfigurationPatch")


def test_update_refuses_a_namespace_change_before_sending(az, cluster, configuration):
    result = az(f"k8s-configuration flux update {cluster.args} -n {configuration} --namespace other", check=False)
    assert result.exit_code != 0
    assert "--namespace" in result.stderr and "Traceback" not in result.stderr
    assert not sent(result.requests, "PATCH", "/fluxConfigurations/")


def test_update_kustomization_upserts_and_keeps_the_others(az, cluster, configuration):
    result = az(f"k8s-configuration flux update {cluster.args} -n {configuration} "
                "-k name=monitoring path=./monitoring depends_on=infra", check=False)
    assert result.exit_code == 0, result.stderr
    assert sorted(result.json["kustomizations"]) == ["apps", "infra", "monitoring"]


def test_suspend_then_resume(az, cluster, configuration):
    suspended = az(f"k8s-configuration flux update {cluster.args} -n {configuration} --suspend", check=True)
    assert suspended.json["suspend"] is True
    az(f"k8s-configuration flux wait {cluster.args} -n {configuration} --custom \"complianceState=='Suspended'\" "
       "--interval 1 --timeout 30", check=True)
    resumed = az(f"k8s-configuration flux update {cluster.args} -n {configuration} --suspend false", check=True)
    assert resumed.json["suspend"] is False


def test_kustomization_create_update_delete(az, cluster, configuration):
    base = f"k8s-configuration flux kustomization {{}} {cluster.args} -n {configuration}"
    created = az(base.format("create") + " -k monitoring --path ./monitoring --depends-on infra --prune", check=False)
    assert created.exit_code == 0, created.stderr
    [body] = patches(created, configuration)
    assert list(body["properties"]["kustomizations"]) == ["monitoring"]
    assert body["properties"]["kustomizations"]["monitoring"]["dependsOn"] == ["infra"]

    again = az(base.format("create") + " -k monitoring --path ./x", check=False)
    assert again.exit_code != 0 and "already exists" in again.stderr
    assert not patches(again, configuration)

    updated = az(base.format("update") + " -k monitoring --sync-interval 1h", check=False)
    assert updated.exit_code == 0, updated.stderr
    [body] = patches(updated, configuration)
    assert body["properties"]["kustomizations"] == {"monitoring": {"syncIntervalInSeconds": 3600}}

    missing = az(base.format("update") + " -k nope --path ./x", check=False)
    assert missing.exit_code != 0 and "nope" in missing.stderr

    # infra is needed by apps and monitoring: deleting it removes it from their dependsOn too, naming each.
    deleted = az(base.format("delete") + " -k infra --yes", check=False)
    assert deleted.exit_code == 0, deleted.stderr
    for dependent in ("apps", "monitoring"):
        assert any(f"'{dependent}' depends on 'infra'" in w for w in warnings(deleted.stderr)), deleted.stderr
    [body] = patches(deleted, configuration)
    assert body["properties"]["kustomizations"] == {"infra": None, "apps": {"dependsOn": []},
                                                    "monitoring": {"dependsOn": []}}
    shown = az(f"k8s-configuration flux show {cluster.args} -n {configuration}", check=True).json
    assert "infra" not in shown["kustomizations"]
    assert shown["kustomizations"]["monitoring"]["dependsOn"] == []
