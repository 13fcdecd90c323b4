"""`flux apply -f FILE` with a cluster selection is a rollout (REFERENCE §13); with -g -c -t it applies to one
cluster. Refusals come before any request; a dry run plans every cluster and writes nothing. (The rollouts themselves
— failures, canary, resume, Ctrl-C, throttling — are in tests/reliability/test_rollout.py.)"""
import json

import pytest

CONFIG = {"name": "fleet-config", "namespace": "fleet-config",
          "gitRepository": {"url": "https://github.com/Azure/gitops-flux2-kustomize-helm-mt",
                            "repositoryRef": {"branch": "main"}},
          "kustomizations": {"infra": {"path": "./infrastructure"}}}


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(CONFIG))
    return path


def refused(result, *words):
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.requests == [], result.requests  # nothing sent
    for word in words:
        assert word in result.stderr, result.stderr


def test_one_cluster_or_a_selection_never_both(az, cluster, config_file):
    ids = f"--cluster-ids {cluster.id}"
    refused(az(f"k8s-configuration flux apply -f {config_file} {cluster.args} {ids}", check=False),
            "-g, -c, -t name one cluster", "use one or the other")
    refused(az(f"k8s-configuration flux apply -f {config_file} {cluster.args} --canary 1 --journal j.txt",
               check=False), "--canary, --journal apply to a rollout")
    refused(az(f"k8s-configuration flux apply -f {config_file} -g {cluster.rg}", check=False),
            "--cluster-name/-c and --cluster-type/-t required")
    refused(az(f"k8s-configuration flux apply -f {config_file} {ids} --max-parallel 65", check=False),
            "--max-parallel 65")
    refused(az(f"k8s-configuration flux apply -f {config_file} {ids} --resume", check=False), "--journal")
    refused(az(f"k8s-configuration flux apply -f {config_file} {ids} --canary 1 --canary-wait-compliant 5m "
               "--no-wait", check=False), "--no-wait and --canary-wait-compliant")


def test_a_dry_run_plans_every_cluster_and_writes_nothing(az, make_cluster, arm, config_file):
    from tests.harness.rp import ClusterPaths
    fresh, configured = make_cluster(), make_cluster()
    ClusterPaths(arm, configured).install_flux()
    az(f"k8s-configuration flux apply -f {config_file} {configured.args}")
    config_file.write_text(json.dumps(dict(CONFIG, gitRepository={
        "url": CONFIG["gitRepository"]["url"], "repositoryRef": {"branch": "release"}})))
    result = az(f"k8s-configuration flux apply -f {config_file} --cluster-ids {fresh.id} {configured.id} --dry-run")
    rows = result.json
    assert [(r["cluster"], r["action"], r["result"]) for r in rows] == [
        (fresh.name, "create", "Succeeded"), (configured.name, "update", "Succeeded")]
    assert rows[1]["changes"] == [{"path": "gitRepository.repositoryRef.branch", "from": "main", "to": "release"}]
    assert [r for r in result.requests if r["method"] != "GET"] == []
    table = az(f"k8s-configuration flux apply -f {config_file} --cluster-ids {fresh.id} --dry-run -o table")
    assert "create" in table.stdout and fresh.name in table.stdout and "Result" in table.stdout
