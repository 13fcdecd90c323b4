"""flux apply -f / flux export on one cluster (REFERENCE.md §12): copy, unchanged with zero writes, the smallest
PATCH, a PUT when the source kind changes, --dry-run writes nothing, secrets only from options."""
import json

import pytest
from flux_helpers import config_requests, sent, tutorial_create, warnings

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
    assert any("leaves out kustomization 'apps'" in w and "Prune is on" in w for w in warnings(applied.stderr))
    [patch] = sent(applied.requests, "PATCH", f"/fluxConfigurations/{configuration}")
    assert patch["body"] == {"properties": {"gitRepository": {"repositoryRef": {"branch": "release"}},
                                            "kustomizations": {"infra": {"syncIntervalInSeconds": 3600},
                                                               "apps": None}}}
    validate_body(patch["body"], "FluxConfigurationPatch")
    assert sorted(applied.json["kustomizations"]) == ["infra"]


def test_secrets_come_from_options_are_kept_when_left_out_and_replaced_when_given(az, cluster, tmp_path):
    token = tmp_path / "token.txt"
    token.write_text("s3cret-token-1")
    az(f"k8s-configuration flux create {cluster.args} -n priv -u https://github.com/org/private --branch main "
       f"--https-user git --https-key @{token} -k name=apps path=./apps", check=True)
    exported = tmp_path / "priv.yaml"
    az(f"k8s-configuration flux export {cluster.args} -n priv --file {exported}", check=True)
    assert "s3cret" not in exported.read_text() and "httpsUser: git" in exported.read_text()

    kept = az(f"k8s-configuration flux apply {cluster.args} -f {exported}", check=False)
    assert kept.exit_code == 0 and "unchanged" in kept.stderr and not writes(kept)

    token.write_text("s3cret-token-2")
    planned = az(f"k8s-configuration flux apply {cluster.args} -f {exported} --https-key @{token} --dry-run",
                 check=False)
    assert planned.exit_code == 0, planned.stderr
    assert planned.json["changes"] == [{"path": "configurationProtectedSettings.httpsKey", "from": None,
                                        "to": "(secret)"}]
    assert "s3cret" not in planned.stdout + planned.stderr and not writes(planned)
    replaced = az(f"k8s-configuration flux apply {cluster.args} -f {exported} --https-key @{token} --debug",
                  check=False)
    assert replaced.exit_code == 0, replaced.stderr
    [patch] = writes(replaced, "priv")
    assert patch["method"] == "PATCH"
    assert list(patch["body"]["properties"]) == ["configurationProtectedSettings"]
    assert "s3cret" not in replaced.stdout + replaced.stderr

    refused = az(f"k8s-configuration flux apply {cluster.args} -f {exported} -n priv-copy", check=False)
    assert refused.exit_code == 1 and "--https-key" in refused.stderr and "gitRepository.httpsUser" in refused.stderr
    assert not writes(refused)


def test_a_source_kind_change_is_one_put_and_the_new_kind_exports_and_applies_unchanged(
        az, cluster, configuration, tmp_path):
    path = tmp_path / "oci.yaml"
    path.write_text(f"""name: {configuration}
namespace: gitops-demo
sourceKind: OCIRepository
ociRepository:
  url: oci://ghcr.io/org/manifests/app
  repositoryRef: {{semver: ">=1.0.0 <2.0.0"}}
  layerSelector: {{mediaType: application/vnd.cncf.flux.content.v1.tar+gzip, operation: copy}}
  serviceAccountName: puller
  insecure: true
  verify:
    provider: cosign
    matchOidcIdentity: [{{issuer: "^https://token.actions.githubusercontent.com$", subject: "^https://github.com/org/.*$"}}]
  syncIntervalInSeconds: 300
kustomizations:
  apps: {{path: ./apps, prune: true, retryIntervalInSeconds: 60, wait: false,
          postBuild: {{substitute: {{env: prod}}, substituteFrom: [{{kind: ConfigMap, name: vars, optional: true}}]}}}}
""")
    applied = az(f"k8s-configuration flux apply {cluster.args} -f {path}", check=False)
    assert applied.exit_code == 0, applied.stderr
    [put] = writes(applied, configuration)
    assert put["method"] == "PUT"
    validate_body(put["body"], "FluxConfiguration")
    assert "gitRepository" not in put["body"]["properties"]
    assert sorted(applied.json["kustomizations"]) == ["apps"]

    exported = tmp_path / "export.json"
    az(f"k8s-configuration flux export {cluster.args} -n {configuration} --file {exported}", check=True)
    again = az(f"k8s-configuration flux apply {cluster.args} -f {exported}", check=False)
    assert again.exit_code == 0 and "unchanged" in again.stderr and not writes(again), again.stderr


FLUX_MANIFESTS = """---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: master
  url: https://github.com/stefanprodan/podinfo
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: podinfo
  namespace: flux-system
spec:
  interval: 5m0s
  path: ./kustomize
  prune: true
  sourceRef:
    kind: GitRepository
    name: podinfo
  targetNamespace: default
---
apiVersion: v1
kind: Secret
metadata:
  name: podinfo-auth
  namespace: flux-system
stringData:
  password: hunter2-not-read
"""


def test_flux_manifests_in_and_out(az, cluster, tmp_path):
    refused = az(f"k8s-configuration flux apply {cluster.args} -f -", input=FLUX_MANIFESTS, check=False)
    assert refused.exit_code == 1 and "targetNamespace" in refused.stderr and "line 25" in refused.stderr
    assert not refused.requests  # nothing sent, not even the read

    validated = az("k8s-configuration flux validate -f - --ignore-unsupported --offline", input=FLUX_MANIFESTS,
                   check=False)
    assert validated.exit_code == 0, validated.stderr

    applied = az(f"k8s-configuration flux apply {cluster.args} -f - --ignore-unsupported", input=FLUX_MANIFESTS,
                 check=False)
    assert applied.exit_code == 0, applied.stderr
    assert any("targetNamespace" in w for w in warnings(applied.stderr))
    assert any("Secret 'podinfo-auth' skipped" in w for w in warnings(applied.stderr))
    assert "hunter2" not in applied.stdout + applied.stderr
    [put] = writes(applied, "podinfo")
    validate_body(put["body"], "FluxConfiguration")
    assert put["body"]["properties"]["namespace"] == "flux-system"
    assert put["body"]["properties"]["kustomizations"]["podinfo"]["syncIntervalInSeconds"] == 300

    flux = tmp_path / "flux.yaml"
    az(f"k8s-configuration flux export {cluster.args} -n podinfo --format flux --file {flux}", check=True)
    text = flux.read_text()
    validated = az(f"k8s-configuration flux validate -f {flux} --offline", check=False)
    assert validated.exit_code == 0 and not validated.requests, validated.stderr
    assert "name: podinfo-podinfo" in text and "namespace: flux-system" in text
    again = az(f"k8s-configuration flux apply {cluster.args} -f {flux}", check=False)
    assert again.exit_code == 0 and "unchanged" in again.stderr and not writes(again), again.stderr


@pytest.mark.parametrize("text, expected", [
    ("{not: [yaml", "not valid YAML"),
    (FLUX_MANIFESTS.replace("    name: podinfo\n  targetNamespace", "    name: other\n  targetNamespace"),
     "reconciles GitRepository 'flux-system/other'"),
    ("name: a\nsuspended: true\n", "Did you mean 'suspend'"),
])
def test_bad_files_send_nothing(az, cluster, text, expected):
    result = az(f"k8s-configuration flux apply {cluster.args} -f -", input=text, check=False)
    assert result.exit_code == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert not result.requests


def test_dry_run_of_a_new_configuration_writes_nothing_and_shows_a_table(az, cluster, configuration, tmp_path):
    document = az(f"k8s-configuration flux export {cluster.args} -n {configuration} -o json", check=True).json
    path = tmp_path / "new.json"
    path.write_text(json.dumps(document))
    planned = az(f"k8s-configuration flux apply {cluster.args} -f {path} -n copy --dry-run -o table", check=False)
    assert planned.exit_code == 0, planned.stderr
    assert planned.stdout.split()[:3] == ["Path", "From", "To"]
    assert "gitRepository.url" in planned.stdout and "kustomizations.apps.dependsOn" in planned.stdout
    assert not writes(planned)
    assert not [r for r in planned.requests if "/extensions" in r["path"].lower()]  # nor microsoft.flux installed


@pytest.mark.parametrize("dry_run", ["", "--dry-run"])
def test_apply_on_a_missing_cluster_names_it(az, cluster, dry_run, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("name: a\ngitRepository: {url: https://github.com/org/repo, repositoryRef: {branch: main}}\n")
    result = az(f"k8s-configuration flux apply -g {cluster.rg} -c nope -t connectedClusters -f {path} {dry_run}",
                check=False)
    assert result.exit_code == 3 and "nope" in result.stderr, result.stderr
    assert not writes(result)


def test_a_bootstrap_repository_s_cluster_files_plan_one_configuration(az, cluster):
    import os
    fixture = os.path.join(os.path.dirname(__file__), os.pardir, "unit", "fixtures", "flux", "bootstrap_cluster.yaml")
    planned = az(f"k8s-configuration flux apply {cluster.args} -f {fixture} --dry-run", check=False)
    assert planned.exit_code == 0, planned.stderr
    plan = planned.json
    assert plan["action"] == "create" and plan["name"] == "flux-system" and plan["cluster"] == cluster.id
    changes = {c["path"]: c["to"] for c in plan["changes"]}
    assert changes["gitRepository.localAuthRef"] == "flux-system"
    assert changes["kustomizations.flux-system.path"] == "./clusters/my-cluster"
    assert any("Secret 'flux-system' skipped" in w for w in warnings(planned.stderr))
    assert "c2VjcmV0" not in planned.stdout + planned.stderr
    assert not writes(planned)
