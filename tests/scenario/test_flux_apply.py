"""flux apply -f / flux export on one cluster (REFERENCE.md §12): copy, unchanged with zero writes, the smallest
PATCH, a PUT when the source kind changes, --dry-run writes nothing, secrets only from options."""
import json

import pytest
from flux_helpers import config_requests, sent, tutorial_create

WRITES = ("PUT", "PATCH", "DELETE")


def writes(result, name=""):
    return [r for r in result.requests if r["method"] in WRITES and "/fluxconfigurations/" + name in r["path"].lower()]


def validate_body(body, definition):
    from spec_schema import validate_against_spec
    validate_against_spec(body, definition)


@pytest.fixture
def configuration(az, cluster):
    az(tutorial_create(cluster), check=True)
    return "gitops-demo"


def test_show_then_apply_to_another_cluster_copies_it_and_export_then_apply_is_unchanged(
        az, cluster, make_cluster, configuration, tmp_path):
    shown = tmp_path / "demo.yaml"
    shown.write_text(az(f"k8s-configuration flux show {cluster.args} -n {configuration} -o yaml", check=True).stdout)
    other = make_cluster()
    copied = az(f"k8s-configuration flux apply {other.args} -f {shown}", check=False)
    assert copied.exit_code == 0, copied.stderr
    [put] = [r for r in writes(copied, configuration) if r["method"] == "PUT"]
    validate_body(put["body"], "FluxConfiguration")
    props = put["body"]["properties"]
    assert props["gitRepository"]["repositoryRef"] == {"branch": "main"}
    assert props["kustomizations"]["apps"]["dependsOn"] == ["infra"]
    assert props["namespace"] == "gitops-demo"

    exported = tmp_path / "export.yaml"
    az(f"k8s-configuration flux export {other.args} -n {configuration} --file {exported}", check=True)
    again = az(f"k8s-configuration flux apply {other.args} -f {exported}", check=False)
    assert again.exit_code == 0, again.stderr
    assert "unchanged" in again.stderr
    assert not writes(again)
    assert len(config_requests(again.requests, configuration)) == 1  # the one GET


def test_edit_the_file_then_apply_patches_only_what_changed(az, cluster, configuration, tmp_path):
    document = az(f"k8s-configuration flux export {cluster.args} -n {configuration} -o json", check=True).json
    document["gitRepository"]["repositoryRef"]["branch"] = "release"
    document["kustomizations"]["infra"]["syncIntervalInSeconds"] = 3600
    del document["kustomizations"]["apps"]
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(document))

    planned = az(f"k8s-configuration flux apply {cluster.args} -f {path} --dry-run", check=False)
    assert planned.exit_code == 0, planned.stderr
    assert not writes(planned)
    plan = planned.json
    assert plan["action"] == "update" and plan["method"] == "PATCH"
    assert {"path": "gitRepository.repositoryRef.branch", "from": "main", "to": "release"} in plan["changes"]

    applied = az(f"k8s-configuration flux apply {cluster.args} -f {path}", check=False)
    assert applied.exit_code == 0, applied.stderr
    [patch] = sent(applied.requests, "PATCH", f"/fluxConfigurations/{configuration}")
    assert patch["body"] == {"properties": {"gitRepository": {"repositoryRef": {"branch": "release"}},
                                            "kustomizations": {"infra": {"syncIntervalInSeconds": 3600},
                                                               "apps": None}}}
    validate_body(patch["body"], "FluxConfigurationPatch")
    assert sorted(applied.json["kustomizations"]) == ["infra"]
