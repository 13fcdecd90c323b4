"""The emulator reconciles a loopback git source for real (issue 11, item 2), seen through the real az: the
project's sample repository served by real git servers on 127.0.0.1 (HTTPS with basic auth and a private CA, SSH
with key auth and a host key). Statuses come from the repository's content, and the simulated cluster's inventory
(the emulator's admin API) shows what was applied and what prune removed. Every expected value is written here."""
import json
import os

import pytest
from flux_helpers import assert_golden

from tests.harness import spec
from tests.harness.git_fixtures import *  # noqa: F401,F403 - pytest fixtures
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.harness.git_repos import MISTAKE_BRANCH
from tests.harness.git_servers import GitSshServer

MAIN = "1f4b05003f5a1e2ad72266dbea1cada12e6e35af"  # demo/sample-repo on main, fixed author and date
MISTAKE = "6c00a28af3999deff9fb75afa5a68877f04d7fe1"  # planted-mistake: main + demo/sample-repo-mistake
K = "-k name=infra path=./infrastructure prune=true -k name=apps path=./apps/staging prune=true"

# What the sample repository builds (demo/sample-repo), as Flux reports it in statuses ...
SAMPLE_STATUSES = [
    ("GitRepository", "{ns}", "{cfg}", None),
    ("Kustomization", "{ns}", "{cfg}-infra", "{cfg}"),
    ("Kustomization", "{ns}", "{cfg}-apps", "{cfg}"),
    ("HelmRelease", "ingress-system", "ingress-nginx", "{cfg}-infra"),  # in kustomize build's order
    ("HelmChart", "ingress-system", "ingress-system-ingress-nginx", None),
    ("HelmRepository", "ingress-system", "ingress-nginx", "{cfg}-infra"),
    ("HelmRepository", "podinfo", "podinfo", "{cfg}-infra"),
    ("HelmRelease", "podinfo", "podinfo", "{cfg}-apps"),
    ("HelmChart", "podinfo", "podinfo-podinfo", None),
]
# ... and what it puts in the cluster (kind, namespace, name, applied by)
INFRA_OBJECTS = [("Namespace", None, "ingress-system"), ("Namespace", None, "podinfo"),
                 ("HelmRepository", "ingress-system", "ingress-nginx"), ("HelmRepository", "podinfo", "podinfo"),
                 ("HelmRelease", "ingress-system", "ingress-nginx")]
APPS_OBJECTS = [("ConfigMap", "podinfo", "podinfo-settings"), ("HelmRelease", "podinfo", "podinfo")]


@pytest.fixture(scope="module")
def files(tmp_path_factory, git_https, git_ssh, ssh_keys):
    root = tmp_path_factory.mktemp("reconcile-files")

    def write(name, text):
        path = root / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        os.chmod(path, 0o600)
        return str(path)
    return {"token": write("token.txt", HTTPS_TOKEN), "wrong_token": write("wrong.txt", "not-the-token"),
            "ca": write("ca.pem", git_https.ca_pem), "key": write("id_ed25519", ssh_keys["client"][0]),
            "known_hosts": write("known_hosts", git_ssh.known_hosts_line() + "\n")}


def https(git_https, files, token="token", branch="main"):
    return (f"-u {git_https.url('sample.git')} --branch {branch} --https-user {HTTPS_USER} "
            f"--https-key @{files[token]} --https-ca-cert-file {files['ca']}")


def create(az, cluster, name, source, extra=K + " depends_on=infra"):
    az(f"k8s-configuration flux create {cluster.args} -n {name} --namespace {name} {source} {extra}", check=True)


def settle(az, cluster, name, state):
    """Wait until the configuration reports `state`, then return it (flux show)."""
    az(f"k8s-configuration flux wait {cluster.args} -n {name} --custom \"complianceState=='{state}'\" "
       "--interval 1 --timeout 90", check=True)
    return az(f"k8s-configuration flux show {cluster.args} -n {name}", check=True).json


def status(shown, kind, name):
    return next(s for s in shown["statuses"] if s["kind"] == kind and s["name"] == name)


def ready(shown, kind, name):
    found = status(shown, kind, name)
    condition = found["statusConditions"][0]
    return found["complianceState"], condition["reason"], condition["message"]


def inventory(emulator, cluster):
    return emulator.admin("GET", f"inventory?cluster={cluster.id}")


def applied(view, by):
    return sorted((o["kind"], o["namespace"], o["name"]) for o in view["objects"] if o["appliedBy"] == by)


def fill(rows, cfg, ns):
    return [tuple(None if v is None else v.format(cfg=cfg, ns=ns) for v in row) for row in rows]


def test_sample_repository_over_https_is_fetched_built_and_applied(az, arm, emulator, cluster, git_https, files):
    create(az, cluster, "sample", https(git_https, files))
    shown = settle(az, cluster, "sample", "Compliant")
    assert shown["sourceSyncedCommitId"] == f"main@sha1:{MAIN}"
    got = [(s["kind"], s["namespace"], s["name"], (s["appliedBy"] or {}).get("name")) for s in shown["statuses"]]
    assert got == fill(SAMPLE_STATUSES, "sample", "sample")
    assert {s["complianceState"] for s in shown["statuses"]} == {"Compliant"}
    assert ready(shown, "GitRepository", "sample") == (
        "Compliant", "Succeeded", f"stored artifact for revision 'main@sha1:{MAIN}'")
    assert ready(shown, "Kustomization", "sample-apps") == (
        "Compliant", "ReconciliationSucceeded", f"Applied revision: main@sha1:{MAIN}")
    podinfo = status(shown, "HelmRelease", "podinfo")
    assert podinfo["helmReleaseProperties"] == {
        "lastRevisionApplied": 1, "helmChartRef": {"name": "podinfo-podinfo", "namespace": "podinfo"},
        "failureCount": 0, "installFailureCount": 0, "upgradeFailureCount": 0}
    assert ready(shown, "HelmRelease", "podinfo")[2] == \
        "Helm install succeeded for release podinfo/podinfo.v1 with chart podinfo@6.x"

    if spec.available():  # the wire body, statuses included, is what the spec describes
        get_op = next(o for m, t, o, _ in spec.operations("fluxConfigurations")
                      if m == "GET" and t.endswith("{fluxConfigurationName}"))
        wire = arm.get(f"{cluster.id}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/sample",
                       "2025-04-01").json()
        assert spec.errors(spec.response_validator("fluxConfigurations", get_op, 200), wire) == []
        assert [s["name"] for s in wire["properties"]["statuses"]] == [s["name"] for s in shown["statuses"]]

    table = az(f"k8s-configuration flux deployed-object list {cluster.args} -n sample -o table", check=True)
    assert_golden("real_deployed_object_list.txt", table.stdout)

    view = inventory(emulator, cluster)
    assert applied(view, "sample/sample-infra") == sorted(INFRA_OBJECTS)
    assert applied(view, "sample/sample-apps") == sorted(APPS_OBJECTS)
    created = [(e["kind"], e["name"]) for e in view["events"] if e["action"] == "created" and e["by"]]
    # dependsOn order: everything infra applies comes before what apps applies
    assert created.index(("HelmRelease", "podinfo")) > max(created.index((k, n)) for k, _, n in INFRA_OBJECTS)
    # the token was used, and written nowhere
    with open(os.path.join(emulator.data_dir, "emulator.log"), encoding="utf-8", errors="replace") as log:
        assert HTTPS_TOKEN not in log.read()
    assert HTTPS_TOKEN not in json.dumps(shown)


def test_the_planted_mistake_is_non_compliant_with_the_real_reason(az, cluster, git_https, files):
    create(az, cluster, "mistake", https(git_https, files, branch=MISTAKE_BRANCH))
    shown = settle(az, cluster, "mistake", "Non-Compliant")
    assert shown["sourceSyncedCommitId"] == f"{MISTAKE_BRANCH}@sha1:{MISTAKE}"
    assert ready(shown, "Kustomization", "mistake-infra")[0] == "Compliant"
    state, reason, message = ready(shown, "Kustomization", "mistake-apps")
    assert (state, reason) == ("Non-Compliant", "BuildFailed")
    assert message.startswith("kustomize build failed: apps/base/podinfo/release.yaml:18: YAML error")
    assert [s["name"] for s in shown["statuses"] if s["kind"] == "HelmRelease"] == ["ingress-nginx"]


def test_missing_path_and_dependency_not_ready(az, cluster, git_https, files):
    create(az, cluster, "paths", https(git_https, files),
           "-k name=infra path=./infrastructur prune=true -k name=apps path=./apps/staging depends_on=infra")
    shown = settle(az, cluster, "paths", "Non-Compliant")
    assert ready(shown, "Kustomization", "paths-infra") == (
        "Non-Compliant", "ArtifactFailed", "kustomization path not found: stat ./infrastructur: no such file or "
                                           "directory")
    assert ready(shown, "Kustomization", "paths-apps") == (
        "Non-Compliant", "DependencyNotReady", "dependency 'paths/paths-infra' is not ready")
    assert ready(shown, "GitRepository", "paths")[0] == "Compliant"


def test_a_forgotten_depends_on_fails_on_the_namespace(az, emulator, cluster, git_https, files):
    create(az, cluster, "order", https(git_https, files), K)  # apps does not wait for infra
    shown = settle(az, cluster, "order", "Non-Compliant")
    assert ready(shown, "Kustomization", "order-infra")[0] == "Compliant"
    state, reason, message = ready(shown, "Kustomization", "order-apps")
    assert (state, reason) == ("Non-Compliant", "ReconciliationFailed")
    assert message.endswith('dry-run failed: namespaces "podinfo" not found')
    assert applied(inventory(emulator, cluster), "order/order-apps") == []


def test_wrong_https_key_is_authentication_required(az, cluster, git_https, files):
    create(az, cluster, "badkey", https(git_https, files, token="wrong_token"))
    shown = settle(az, cluster, "badkey", "Non-Compliant")
    url = git_https.url("sample.git")
    assert ready(shown, "GitRepository", "badkey") == (
        "Non-Compliant", "GitOperationFailed",
        f"failed to checkout and determine revision: unable to clone '{url}': authentication required")
    assert ready(shown, "Kustomization", "badkey-apps") == (
        "Non-Compliant", "ArtifactFailed", "Source artifact not found, retrying in 30s")
    assert shown["sourceSyncedCommitId"] is None


def test_ssh_source_with_key_and_known_hosts(az, cluster, git_ssh, sample_repo, files, ssh_keys, tmp_path):
    url = git_ssh.url(sample_repo.path)
    create(az, cluster, "overssh", f"-u {url} --branch main --ssh-private-key-file {files['key']} "
                                   f"--known-hosts-file {files['known_hosts']}", K + " depends_on=infra")
    shown = settle(az, cluster, "overssh", "Compliant")
    assert shown["sourceSyncedCommitId"] == f"main@sha1:{MAIN}"

    impostor = GitSshServer(str(tmp_path), [], ssh_keys["other_host"][0])
    impostor.port = git_ssh.port
    wrong = tmp_path / "wrong_known_hosts"
    wrong.write_text(impostor.known_hosts_line() + "\n")
    create(az, cluster, "mismatch", f"-u {url} --branch main --ssh-private-key-file {files['key']} "
                                    f"--known-hosts-file {wrong}", "-k name=infra path=./infrastructure")
    shown = settle(az, cluster, "mismatch", "Non-Compliant")
    state, reason, message = ready(shown, "GitRepository", "mismatch")
    assert (state, reason) == ("Non-Compliant", "GitOperationFailed")
    assert message.endswith("ssh: handshake failed: knownhosts: key mismatch")


def test_delete_prunes_what_was_applied(az, emulator, cluster, git_https, files):
    create(az, cluster, "pruned", https(git_https, files))
    settle(az, cluster, "pruned", "Compliant")
    mark = inventory(emulator, cluster)["events"][-1]["seq"]
    az(f"k8s-configuration flux delete {cluster.args} -n pruned --yes", check=True)
    view = inventory(emulator, cluster)
    assert [o for o in view["objects"] if o["appliedBy"]] == []
    names = {(o["kind"], o["name"]) for o in view["objects"]}
    assert ("Namespace", "podinfo") not in names and ("HelmRelease", "podinfo") not in names
    assert ("Namespace", "pruned") in names  # the configuration's namespace stays
    events = [(e["action"], e["kind"], e["name"]) for e in view["events"] if e["seq"] > mark]
    assert ("pruned", "HelmRelease", "podinfo") in events and ("pruned", "ConfigMap", "podinfo-settings") in events
    assert ("pruned", "Namespace", "ingress-system") in events
    assert ("deleted", "GitRepository", "pruned") in events and ("deleted", "Kustomization", "pruned-apps") in events


def test_delete_without_prune_leaves_the_objects(az, emulator, cluster, git_https, files):
    create(az, cluster, "kept", https(git_https, files),
           "-k name=infra path=./infrastructure prune=false -k name=apps path=./apps/staging depends_on=infra")
    settle(az, cluster, "kept", "Compliant")
    az(f"k8s-configuration flux delete {cluster.args} -n kept --yes", check=True)
    view = inventory(emulator, cluster)
    left = sorted((o["kind"], o["namespace"], o["name"]) for o in view["objects"] if o["kind"] != "Namespace"
                  or o["name"] in ("ingress-system", "podinfo"))
    assert left == sorted(INFRA_OBJECTS + APPS_OBJECTS)
    assert {e["action"] for e in view["events"] if e["kind"] == "HelmRelease" and e["name"] == "podinfo"} == \
        {"created", "orphaned"}


def test_an_update_to_the_mistake_keeps_what_was_applied(az, emulator, cluster, git_https, files):
    create(az, cluster, "upd", https(git_https, files))
    settle(az, cluster, "upd", "Compliant")
    az(f"k8s-configuration flux update {cluster.args} -n upd --branch {MISTAKE_BRANCH}", check=True)
    shown = settle(az, cluster, "upd", "Non-Compliant")
    assert shown["sourceSyncedCommitId"] == f"{MISTAKE_BRANCH}@sha1:{MISTAKE}"
    assert ready(shown, "Kustomization", "upd-apps")[1] == "BuildFailed"
    # Flux applies nothing from a kustomization that does not build: what apps applied before is still there
    assert applied(inventory(emulator, cluster), "upd/upd-apps") == sorted(APPS_OBJECTS)
    assert status(shown, "HelmRelease", "podinfo")["complianceState"] == "Compliant"


def test_the_tutorials_github_source_stays_simulated(az, emulator, cluster):
    from flux_helpers import tutorial_create
    az(tutorial_create(cluster), check=True)
    settle(az, cluster, "gitops-demo", "Compliant")
    view = inventory(emulator, cluster)
    assert [o for o in view["objects"] if o["appliedBy"]] == [] and view["events"] == []


def test_a_restart_keeps_the_result_and_finishes_a_reconciliation_it_cut_short(az, emulator, cluster, git_https,
                                                                                files):
    create(az, cluster, "before", https(git_https, files))
    settle(az, cluster, "before", "Compliant")
    emulator.set_operation_seconds(4)  # the next reconciliation waits 4 s after its operation before it applies
    try:
        create(az, cluster, "during", https(git_https, files))
        emulator.restart()  # while "during" is still reconciling
    finally:
        emulator.set_operation_seconds(emulator.operation_seconds)
    assert settle(az, cluster, "before", "Compliant")["sourceSyncedCommitId"] == f"main@sha1:{MAIN}"
    shown = settle(az, cluster, "during", "Compliant")
    assert shown["sourceSyncedCommitId"] == f"main@sha1:{MAIN}"
    assert applied(inventory(emulator, cluster), "during/during-apps") == sorted(APPS_OBJECTS)


def test_create_again_without_a_pruned_kustomization_says_so_and_prune_deletes_its_objects(az, emulator, cluster,
                                                                                           git_https, files):
    """Issue 14 item 2: a repeated create that leaves `infra` (prune on) out replaces the configuration; without a
    terminal it goes on (as Microsoft's tool, which scripts repeat), but the warning named `infra` and said that
    its objects would be deleted, which the inventory shows they are."""
    from flux_helpers import warnings
    create(az, cluster, "again", https(git_https, files), "-k name=infra path=./infrastructure prune=true")
    settle(az, cluster, "again", "Compliant")
    mark = inventory(emulator, cluster)["events"][-1]["seq"]
    result = az(f"k8s-configuration flux create {cluster.args} -n again --namespace again {https(git_https, files)} "
                "-k name=ns path=./infrastructure/controllers prune=true", check=False)
    assert result.exit_code == 0, result.stderr
    assert "The kustomization 'infra' is not in this command: it will be removed, and as prune is on, the objects " \
           "it applied will be deleted from the cluster." in warnings(result.stderr)
    # reconciled once `ns` reports (it is Non-Compliant: its HelmRelease's namespace was infra's, now pruned)
    az(f"k8s-configuration flux wait {cluster.args} -n again --interval 1 --timeout 90 "
       "--custom \"length(statuses[?name=='again-ns' && complianceState!='Pending']) == `1`\"", check=True)
    view = inventory(emulator, cluster)
    assert applied(view, "again/again-infra") == []
    pruned = sorted((e["kind"], e["name"]) for e in view["events"] if e["seq"] > mark and e["action"] == "pruned")
    # the 5 objects infra applied (2 Namespaces, a HelmRelease, 2 HelmRepositories), and the Kustomization itself
    assert pruned == sorted([(kind, name) for kind, _, name in INFRA_OBJECTS] + [("Kustomization", "again-infra")])
