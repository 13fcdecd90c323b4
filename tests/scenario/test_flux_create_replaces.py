"""`flux create` on an existing name replaces it with a PUT (scripts repeat creates, as with Microsoft's tool), but
never silently (REFERENCE §11, issue 14 item 2): it warns naming each kustomization removed, whether its objects
will be deleted (prune), and a changed source; with a terminal attached it asks before removing pruned
kustomizations. The simulated github source here; what prune really removes: test_flux_real_reconcile.py."""
import os
import pty
import subprocess

from flux_helpers import TUTORIAL_URL, config_requests, sent, tutorial_create, warnings

OTHER_URL = "https://github.com/my-org/other-repo"


def create_again(cluster, extra=""):
    """The tutorial's configuration created again with only `apps` (kept) and `extra`, from another URL."""
    return (f"k8s-configuration flux create {cluster.args} -n gitops-demo --namespace gitops-demo "
            f"-u {OTHER_URL} --branch main -k name=apps path=./apps/staging prune=true {extra}")


def test_a_new_name_gets_no_replacement_warning_and_a_repeat_names_what_it_removes(az, cluster):
    first = az(tutorial_create(cluster), check=True)
    assert not [w for w in warnings(first.stderr) if "already exists" in w or "will be removed" in w]
    # one read of the configuration (404: new), then the PUT
    assert [r["method"] for r in config_requests(first.requests, "gitops-demo")][:2] == ["GET", "PUT"]

    again = az(create_again(cluster), check=False)  # no terminal (CI): warns and goes on, as Microsoft's tool
    assert again.exit_code == 0, again.stderr
    said = warnings(again.stderr)
    assert any("Flux configuration 'gitops-demo' already exists: this create replaces it" in w
               and f"az k8s-configuration flux update {cluster.args} -n gitops-demo" in w for w in said), said
    assert "The kustomization 'infra' is not in this command: it will be removed, and as prune is on, the objects " \
           "it applied will be deleted from the cluster." in said
    assert not [w for w in said if "'apps'" in w and "removed" in w]  # kept: not named
    assert f"The source URL changes from '{TUTORIAL_URL}' to '{OTHER_URL}'." in said
    assert any("flux kustomization delete" in w for w in said)
    assert "Traceback" not in again.stderr and "ERROR" not in again.stderr
    # the warnings come before the change
    assert len(sent(again.requests, "PUT", "/fluxConfigurations/gitops-demo")) == 1
    shown = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo", check=True).json
    assert sorted(shown["kustomizations"]) == ["apps"] and shown["gitRepository"]["url"] == OTHER_URL

    # the same create once more: nothing is removed nor changed, only the replacement is said
    same = az(create_again(cluster), check=True)
    said = warnings(same.stderr)
    assert not [w for w in said if "will be removed" in w or "changes from" in w], said
    assert any("already exists" in w for w in said)


def test_a_kind_change_and_a_kustomization_without_prune_are_named(az, cluster):
    az(tutorial_create(cluster, extra="-k name=extra path=./extra prune=false"), check=True)
    result = az(f"k8s-configuration flux create {cluster.args} -n gitops-demo --namespace gitops-demo --kind bucket "
                "-u https://s3.example.com --bucket-name my-bucket --bucket-access-key k --bucket-secret-key @- "
                "-k name=infra path=./infrastructure prune=true -k name=apps path=./apps/staging prune=true "
                "depends_on=infra", input="s3cr3t-value", check=False)
    assert result.exit_code == 0, result.stderr
    said = warnings(result.stderr)
    assert f"The source changes from GitRepository '{TUTORIAL_URL}' to Bucket 'https://s3.example.com': the " \
           "GitRepository settings are removed." in said
    assert "The kustomization 'extra' is not in this command: it will be removed (prune is off: the objects it " \
           "applied stay in the cluster, no longer managed by Flux)." in said
    assert "s3cr3t-value" not in result.stderr + result.stdout


def run_on_a_terminal(az, args, answer):
    """az with a terminal as its standard input (a pty), answering `answer` to any question."""
    primary, secondary = pty.openpty()
    mark = az.emulator.mark()
    try:
        process = subprocess.Popen([az.az_path] + args.split(), env=dict(az.env), stdin=secondary,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.close(secondary)
        os.write(primary, answer.encode() + b"\n")
        stdout, stderr = process.communicate(timeout=180)
    finally:
        os.close(primary)
    return process.returncode, stdout, stderr, az.emulator.requests(since=mark)


def test_on_a_terminal_removing_a_pruned_kustomization_is_asked_first(az, cluster):
    az(tutorial_create(cluster), check=True)
    code, stdout, stderr, requests = run_on_a_terminal(az, create_again(cluster), "n")
    assert code != 0 and "Cancelled: nothing was changed." in stderr, (code, stderr)
    assert "Replace flux configuration 'gitops-demo', removing the kustomization 'infra' and deleting the objects " \
           "it applied from the cluster?" in stdout + stderr
    assert "will be removed" in stderr  # the warnings came first
    assert not [r for r in requests if r["method"] in ("PUT", "PATCH", "DELETE")]
    shown = az(f"k8s-configuration flux show {cluster.args} -n gitops-demo", check=True).json
    assert sorted(shown["kustomizations"]) == ["apps", "infra"]

    code, _, stderr, requests = run_on_a_terminal(az, create_again(cluster, "--yes"), "n")  # --yes: not asked
    assert code == 0, stderr
    assert sent(requests, "PUT", "/fluxConfigurations/gitops-demo")


def test_a_namespace_the_service_would_refuse_to_change_is_refused_first(az, cluster):
    az(tutorial_create(cluster), check=True)  # --namespace gitops-demo
    result = az(f"k8s-configuration flux create {cluster.args} -n gitops-demo -u {TUTORIAL_URL} --branch main "
                "-k name=infra path=./infrastructure prune=true", check=False)  # --namespace left out: default
    assert result.exit_code == 1, result.stderr
    assert "already exists with --namespace 'gitops-demo'; this create asks for 'default'" in result.stderr
    assert "Give --namespace gitops-demo to replace it" in result.stderr
    assert not [r for r in result.requests if r["method"] in ("PUT", "PATCH", "DELETE")]
    assert warnings(result.stderr) == []  # no warning (not even the https one) before the refusal
