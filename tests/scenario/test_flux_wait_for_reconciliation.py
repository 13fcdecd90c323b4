"""`flux create --wait-for-reconciliation` with the real az (issue 14, item 7): the emulator finishes the operation
only once Flux reconciled the configuration — the command's output is Compliant, not Pending — and fails it with
the reason when a kustomization does not reconcile (a loopback git source built for real) or when
--reconciliation-wait-duration runs out."""
import os

import pytest

from tests.harness.git_fixtures import *  # noqa: F401,F403 - pytest fixtures
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.harness.git_repos import MISTAKE_BRANCH

GITHUB = "-u https://github.com/Azure/gitops-flux2-kustomize-helm-mt --branch main"
K = "-k name=infra path=./infrastructure -k name=apps path=./apps/staging depends_on=infra"


@pytest.fixture(scope="module")
def credentials(tmp_path_factory, git_https):
    root = tmp_path_factory.mktemp("wait-files")
    (root / "token.txt").write_text(HTTPS_TOKEN)
    (root / "ca.pem").write_bytes(git_https.ca_pem)
    os.chmod(root / "token.txt", 0o600)
    return f"--https-user {HTTPS_USER} --https-key @{root / 'token.txt'} --https-ca-cert-file {root / 'ca.pem'}"


def create(az, cluster, name, args):
    return az(f"k8s-configuration flux create {cluster.args} -n {name} --namespace {name} {args}", check=False)


def test_create_ends_compliant_or_fails_when_the_wait_runs_out(az, emulator, cluster):
    done = create(az, cluster, "waited", f"{GITHUB} {K} --wait-for-reconciliation")
    assert done.exit_code == 0, done.stderr
    assert done.json["provisioningState"] == "Succeeded"
    assert done.json["complianceState"] == "Compliant"  # not Pending: the operation waited for Flux
    assert [(s["name"], s["complianceState"]) for s in done.json["statuses"]] == [
        ("waited", "Compliant"), ("waited-infra", "Compliant"), ("waited-apps", "Compliant")]

    emulator.set_operation_seconds(3)  # Flux takes 3 s to reconcile; the command waits for 1 s only
    try:
        late = create(az, cluster, "late", f"{GITHUB} {K} --reconciliation-wait-duration 1s")
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert late.exit_code == 1
    assert ("Flux configuration 'late' did not reconcile within the reconciliationWaitDuration PT1S: "
            "GitRepository 'late' is Pending") in late.stderr
    assert "Kustomization 'late-apps' is Pending" in late.stderr
    assert "creation did not succeed (provisioningState Failed)" in late.stderr and "Traceback" not in late.stderr
    shown = az(f"k8s-configuration flux show {cluster.args} -n late", check=True).json
    assert shown["provisioningState"] == "Failed" and "did not reconcile within" in shown["errorMessage"]


def test_a_build_error_fails_the_create_with_flux_s_reason(az, cluster, git_https, credentials):
    source = f"-u {git_https.url('sample.git')} --branch {MISTAKE_BRANCH} {credentials}"
    result = create(az, cluster, "broken", f"{source} {K} --wait-for-reconciliation")
    assert result.exit_code == 1
    assert ("Flux configuration 'broken' did not reconcile: Kustomization 'broken-apps' is Non-Compliant "
            "(BuildFailed: kustomize build failed: apps/base/podinfo/release.yaml:18: YAML error") in result.stderr
    assert "broken-infra" not in result.stderr  # infra reconciled: only what failed is named
    assert HTTPS_TOKEN not in result.stdout + result.stderr
    shown = az(f"k8s-configuration flux show {cluster.args} -n broken", check=True).json
    assert shown["provisioningState"] == "Failed" and shown["complianceState"] == "Non-Compliant"
