"""`az k8s-configuration flux validate` with the real az, against real git servers on loopback (HTTPS with basic
auth and a private CA, SSH with key auth and a host key) serving the project's sample repository. Expected
results are written here; the emulator only serves the stored-configuration case (and shows that nothing else
reaches Azure)."""
import json
import os

import pytest

from tests.harness.git_fixtures import *  # noqa: F401,F403 - pytest fixtures
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.harness.git_repos import MISTAKE_BRANCH

MAIN = "1f4b05003f5a1e2ad72266dbea1cada12e6e35af"  # demo/sample-repo, fixed author and date
TUTORIAL_K = "-k name=infra path=./infrastructure prune=true -k name=apps path=./apps/staging prune=true"


@pytest.fixture(scope="module")
def files(tmp_path_factory, git_https, git_ssh, ssh_keys):
    """Credentials as files (as a CI job has them): the token, the CA, the SSH key, known_hosts."""
    root = tmp_path_factory.mktemp("validate-files")

    def write(name, text, mode=0o600):
        path = root / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        os.chmod(path, mode)
        return str(path)
    return {"token": write("token.txt", HTTPS_TOKEN), "wrong_token": write("wrong.txt", "not-the-token"),
            "ca": write("ca.pem", git_https.ca_pem), "key": write("id_ed25519", ssh_keys["client"][0]),
            "stranger": write("stranger", ssh_keys["stranger"][0]),
            "known_hosts": write("known_hosts", git_ssh.known_hosts_line() + "\n"),
            "dir": str(root)}


def https(git_https, files, repo="sample.git", token="token"):
    return (f"-u {git_https.url(repo)} --https-user {HTTPS_USER} --https-key @{files[token]} "
            f"--https-ca-cert-file {files['ca']}")


def validate(az, args, check=False, env=None):
    return az(f"k8s-configuration flux validate {args}", check=check, env=env)


def stderr_lines(result, prefix):
    return [line for line in result.stderr.splitlines() if line.startswith(prefix)]


def test_the_sample_repository_is_valid_and_nothing_reaches_azure(az, git_https, files):
    result = validate(az, f"{https(git_https, files)} --branch main {TUTORIAL_K} depends_on=infra")
    assert result.exit_code == 0, result.stderr
    report = result.json
    assert report["valid"] is True and report["errors"] == 0
    assert report["source"]["revision"] == f"main@sha1:{MAIN}"
    infra, apps = report["kustomizations"]
    assert (infra["name"], infra["path"], apps["name"], apps["path"]) == \
        ("infra", "./infrastructure", "apps", "./apps/staging")
    assert {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "name": "podinfo",
            "namespace": "podinfo"} in apps["objects"]
    assert "kustomize" in apps["builder"]
    assert result.requests == []  # no cluster options: nothing read from or sent to Azure
    assert HTTPS_TOKEN not in result.stdout + result.stderr


def test_table_output(az, git_https, files):
    result = validate(az, f"{https(git_https, files)} --branch main {TUTORIAL_K} depends_on=infra -o table")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Kustomization", "Path", "Objects", "Errors", "Warnings", "Builder"]
    assert lines[2].split()[:5] == ["infra", "./infrastructure", "5", "0", "0"]
    assert lines[3].split()[:5] == ["apps", "./apps/staging", "2", "0", "0"]


def test_the_planted_mistake_fails_with_file_and_line_and_the_report(az, git_https, files, tmp_path):
    report_file = tmp_path / "report.json"
    result = validate(az, f"{https(git_https, files)} --branch {MISTAKE_BRANCH} {TUTORIAL_K} depends_on=infra "
                          f"--report {report_file}")
    assert result.exit_code == 1
    errors = stderr_lines(result, "ERROR: ")
    assert any("kustomization 'apps' apps/base/podinfo/release.yaml:18: YAML error" in e for e in errors), errors
    assert "Flux would fail" in result.stderr and "Traceback" not in result.stderr
    report = json.loads(report_file.read_text())
    assert report["valid"] is False and report["errors"] == 1
    (problem,) = [p for k in report["kustomizations"] for p in k["problems"] if p["severity"] == "error"]
    assert (problem["code"], problem["file"], problem["line"]) == ("yaml-error", "apps/base/podinfo/release.yaml", 18)


def test_a_forgotten_depends_on(az, git_https, files):
    result = validate(az, f"{https(git_https, files)} --branch main {TUTORIAL_K}")
    assert result.exit_code == 1
    assert "namespace 'podinfo'" in result.stderr and 'Add dependsOn=["infra"] to \'apps\'' in result.stderr


def test_wrong_https_key(az, git_https, files):
    result = validate(az, f"{https(git_https, files, token='wrong_token')} --branch main {TUTORIAL_K} --debug")
    assert result.exit_code == 1
    assert "refused the credentials" in result.stderr and "--https-key" in result.stderr
    assert "not-the-token" not in result.stdout + result.stderr  # --debug included


def test_missing_branch_and_path(az, git_https, files):
    branch = validate(az, f"{https(git_https, files)} --branch mian {TUTORIAL_K}")
    assert branch.exit_code == 1 and "no branch 'mian'" in branch.stderr and "main, planted-mistake" in branch.stderr
    path = validate(az, f"{https(git_https, files)} --branch main -k name=apps path=./apps/stagin")
    assert path.exit_code == 1
    assert "'./apps/stagin' does not exist" in path.stderr and "Did you mean: ./apps/staging" in path.stderr


def test_semver_range(az, git_https, files):
    result = validate(az, f"{https(git_https, files)} --semver '>=1.0.0, <2.0.0' -k name=infra "
                          "path=./infrastructure")
    assert result.exit_code == 0, result.stderr
    assert result.json["source"]["revision"] == f"v1.0.0@sha1:{MAIN}"
    assert "picks tag 'v1.0.0'" in result.stderr


def test_path_without_kustomization_yaml_and_substitution_variables(az, git_https, files):
    result = validate(az, f"-u {git_https.url('refs.git')} --https-ca-cert-file {files['ca']} --branch main "
                          "-k name=deploy path=./deploy")
    assert result.exit_code == 0, result.stderr
    assert "Flux generates one" in result.stderr
    assert [o["name"] for o in result.json["kustomizations"][0]["objects"]] == ["three"]
    sample = validate(az, f"{https(git_https, files)} --branch main {TUTORIAL_K} depends_on=infra "
                          "substitute=region:westeurope")
    assert sample.exit_code == 0, sample.stderr  # ${cluster_name:=...} has a default: no warning
    assert not stderr_lines(sample, "WARNING: kustomization 'apps'")


def test_ssh_with_key_and_known_hosts(az, git_ssh, sample_repo, files):
    url = git_ssh.url(sample_repo.path)
    good = validate(az, f"-u {url} --branch main --ssh-private-key-file {files['key']} "
                        f"--known-hosts-file {files['known_hosts']} -k name=infra path=./infrastructure")
    assert good.exit_code == 0, good.stderr
    assert good.json["source"]["revision"] == f"main@sha1:{MAIN}"
    stranger = validate(az, f"-u {url} --branch main --ssh-private-key-file {files['stranger']} "
                            f"--known-hosts-file {files['known_hosts']} -k name=infra path=./infrastructure")
    assert stranger.exit_code == 1 and "refused the private key" in stranger.stderr


def test_ssh_wrong_and_missing_known_hosts(az, git_ssh, sample_repo, files, ssh_keys, tmp_path):
    from tests.harness.git_servers import GitSshServer

    impostor = GitSshServer(str(tmp_path), [], ssh_keys["other_host"][0])
    impostor.port = git_ssh.port
    wrong = tmp_path / "wrong_known_hosts"
    wrong.write_text(impostor.known_hosts_line() + "\n")
    url = git_ssh.url(sample_repo.path)
    mismatch = validate(az, f"-u {url} --branch main --ssh-private-key-file {files['key']} "
                            f"--known-hosts-file {wrong} -k name=infra path=./infrastructure")
    assert mismatch.exit_code == 1 and "knownhosts: key mismatch" in mismatch.stderr
    none = validate(az, f"-u {url} --branch main --ssh-private-key-file {files['key']} "
                        "-k name=infra path=./infrastructure")
    assert none.exit_code == 1
    assert "No --known-hosts" in none.stderr and "SHA256:" in none.stderr
    assert git_ssh.known_hosts_line() in none.stderr


def test_local_rules_first_and_nothing_contacted(az, files, tmp_path):
    report_file = tmp_path / "report.json"
    result = validate(az, f"-u https://127.0.0.1:9/repo.git --branch main --interval 10 -k name=a path=./a "
                          f"--report {report_file}")
    assert result.exit_code == 1
    assert "--interval '10' is not a valid duration" in result.stderr  # named as typed (issue 14)
    assert json.loads(report_file.read_text())["problems"][0]["code"] == "input-refused"


def test_unreachable_source_is_exit_1_and_unknown(az):
    result = validate(az, "-u https://127.0.0.1:9/repo.git --branch main -k name=a path=./a")
    assert result.exit_code == 1
    assert "Could not reach 127.0.0.1:9" in result.stderr and "unknown" in result.stderr


def test_offline_checks_only_the_local_rules(az):
    result = validate(az, "-u https://127.0.0.1:9/repo.git --branch main -k name=a path=./a --offline")
    assert result.exit_code == 0, result.stderr
    assert "--offline: only the local rules were checked" in result.stderr


def test_offline_reports_what_was_given_and_checked(az):
    """Issue 14 item 8: the source as given, both kustomizations with their settings, the rules that ran."""
    given = f"-n cfg -u https://127.0.0.1:9/repo.git --branch main {TUTORIAL_K} depends_on=infra --offline"
    report = validate(az, given, check=True).json
    assert (report["source"]["url"], report["source"]["reference"]) == ("https://127.0.0.1:9/repo.git",
                                                                        "branch 'main'")
    assert [(k["name"], k["path"], k["built"], k["settings"]["prune"], k["settings"]["dependsOn"])
            for k in report["kustomizations"]] == [("infra", "./infrastructure", False, True, []),
                                                   ("apps", "./apps/staging", False, True, ["infra"])]
    assert [(c["check"], c["result"]) for c in report["checks"]] == [
        ("configuration name", "passed"), ("namespace and scope", "passed"), ("source options", "passed"),
        ("kustomization 'infra'", "passed"), ("kustomization 'apps'", "passed"),
        ("fetch the source", "not run"), ("build the kustomizations", "not run")]
    table = validate(az, f"{given} -o table", check=True).stdout.splitlines()
    assert table[0].split() == ["Kustomization", "Path", "Objects", "Errors", "Warnings", "Builder"]
    assert [line.split() for line in table[2:]] == [
        ["infra", "./infrastructure", "-", "0", "0", "not", "built:", "--offline"],
        ["apps", "./apps/staging", "-", "0", "0", "not", "built:", "--offline"]]


def test_other_kinds_say_what_was_not_checked(az):
    result = validate(az, "--kind bucket -u https://s3.example.invalid --bucket-name my-bucket --bucket-access-key id "
                          "--bucket-secret-key secret -k name=a path=./a")
    assert result.exit_code == 0, result.stderr
    assert "--kind bucket: only the local rules were checked" in result.stderr
    assert result.json["source"]["reference"] == "bucket 'my-bucket'"
    assert [(k["name"], k["built"]) for k in result.json["kustomizations"]] == [("a", False)]


def test_local_auth_ref_cannot_be_checked_here(az, git_https, files):
    result = validate(az, f"-u {git_https.url('sample.git')} --https-ca-cert-file {files['ca']} --branch main "
                          "--local-auth-ref git-credentials -k name=infra path=./infrastructure")
    assert result.exit_code == 0, result.stderr
    assert "git-credentials" in result.stderr and "were not checked" in result.stderr


def test_yaml_fallback_when_no_kustomize_engine_is_on_path(az, git_https, files, tmp_path):
    result = validate(az, f"{https(git_https, files)} --branch main {TUTORIAL_K} depends_on=infra",
                      env={"PATH": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    assert {k["builder"] for k in result.json["kustomizations"]} == {"yaml fallback"}
    assert "patches, generators and other transformers were not applied" in result.stderr


def test_a_default_group_switches_nothing_on(az, git_https, files):
    result = validate(az, f"{https(git_https, files)} --branch main -k name=infra path=./infrastructure",
                      env={"AZURE_DEFAULTS_GROUP": "some-group"})
    assert result.exit_code == 0, result.stderr
    assert result.requests == []


def test_stored_configuration_is_read_once(az, cluster, git_https, files):
    create = az(f"k8s-configuration flux create {cluster.args} -n stored {https(git_https, files)} --branch main "
                f"{TUTORIAL_K} depends_on=infra")
    assert create.exit_code == 0
    result = validate(az, f"{cluster.args} -n stored --https-key @{files['token']}")
    assert result.exit_code == 0, result.stderr
    assert [(r["method"], r["path"].rsplit("/", 2)[-2:]) for r in result.requests] == \
        [("GET", ["fluxConfigurations", "stored"])]
    assert result.json["source"]["revision"] == f"main@sha1:{MAIN}"
    without_key = validate(az, f"{cluster.args} -n stored")
    assert without_key.exit_code == 0, without_key.stderr
    assert "pass --https-key again" in without_key.stderr
    changed = validate(az, f"{cluster.args} -n stored --branch other")
    assert changed.exit_code == 1 and "--branch cannot change it here" in changed.stderr
    assert changed.requests == []
