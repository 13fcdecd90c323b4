"""The emulator's fetch-and-build of a loopback git source, directly (no HTTP): the stored configuration's
credentials are used, failures are in Flux's words, builds are cached per commit, and the fetch never goes through
a proxy. Real git servers on 127.0.0.1 (tests/harness/git_servers.py); expected values are written here."""
import base64

import pytest

from k8s_configuration_emulator import flux_fetch_build
from tests.harness.git_fixtures import *  # noqa: F401,F403 - pytest fixtures
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER

MAIN = "1f4b05003f5a1e2ad72266dbea1cada12e6e35af"  # demo/sample-repo, fixed author and date


def b64(value):
    return base64.b64encode(value if isinstance(value, bytes) else value.encode()).decode()


def config(url, ca_pem=None, user=HTTPS_USER, branch="main", kustomizations=None, **git):
    git = dict(git, url=url, repositoryRef={"branch": branch}, httpsUser=user)
    if ca_pem:
        git["httpsCACert"] = b64(ca_pem)
    return {"sourceKind": "GitRepository", "gitRepository": git, "kustomizations": kustomizations or {
        "infra": {"path": "./infrastructure", "dependsOn": []},
        "apps": {"path": "./apps/staging", "dependsOn": ["infra"]}}}


def test_fetches_the_real_commit_and_builds_every_kustomization(git_https):
    outcome = flux_fetch_build.run(config(git_https.url("sample.git"), git_https.ca_pem),
                                   {"httpsKey": b64(HTTPS_TOKEN)})
    assert outcome["source"] == {"ready": True, "revision": f"main@sha1:{MAIN}", "commit": MAIN}
    apps = outcome["builds"]["apps"]
    assert apps["ok"] is True
    assert sorted((o["kind"], o["namespace"], o["name"]) for o in apps["objects"]) == [
        ("ConfigMap", "podinfo", "podinfo-settings"), ("HelmRelease", "podinfo", "podinfo")]
    release = next(o for o in apps["objects"] if o["kind"] == "HelmRelease")
    assert release["facts"] == {"chart": "podinfo", "version": "6.x",
                                "sourceRef": {"kind": "HelmRepository", "name": "podinfo", "namespace": None}}


@pytest.mark.parametrize("secrets,ca,words", [
    ({"httpsKey": b64("wrong")}, True, "authentication required"),
    ({}, True, "authentication required"),
    ({"httpsKey": b64(HTTPS_TOKEN)}, False,
     "tls: failed to verify certificate: x509: certificate signed by unknown authority"),
])
def test_source_failures_in_fluxs_words(git_https, secrets, ca, words):
    url = git_https.url("sample.git")
    outcome = flux_fetch_build.run(config(url, git_https.ca_pem if ca else None), secrets)
    assert outcome == {"source": {"ready": False, "reason": "GitOperationFailed", "message":
                                  f"failed to checkout and determine revision: unable to clone '{url}': {words}"}}


def test_missing_branch(git_https):
    url = git_https.url("sample.git")
    outcome = flux_fetch_build.run(config(url, git_https.ca_pem, branch="nope"), {"httpsKey": b64(HTTPS_TOKEN)})
    assert outcome["source"]["message"] == \
        f"failed to checkout and determine revision: unable to clone '{url}': couldn't find remote ref " \
        "\"refs/heads/nope\""


def test_ssh_without_known_hosts_is_refused_as_flux_does(git_ssh, sample_repo, ssh_keys):
    url = git_ssh.url(sample_repo.path)
    outcome = flux_fetch_build.run(config(url, user=None), {"sshPrivateKey": b64(ssh_keys["client"][0])})
    assert outcome["source"]["message"].endswith("ssh: handshake failed: knownhosts: key is unknown")


def test_ssh_with_key_and_known_hosts(git_ssh, sample_repo, ssh_keys):
    props = config(git_ssh.url(sample_repo.path), user=None, sshKnownHosts=b64(git_ssh.known_hosts_line()))
    outcome = flux_fetch_build.run(props, {"sshPrivateKey": b64(ssh_keys["client"][0])})
    assert outcome["source"]["revision"] == f"main@sha1:{MAIN}"


def test_builds_are_cached_per_commit(git_https, monkeypatch):
    props = config(git_https.url("sample.git"), git_https.ca_pem,
                   kustomizations={"only-infra": {"path": "./infrastructure"}})
    first = flux_fetch_build.run(props, {"httpsKey": b64(HTTPS_TOKEN)})
    from azext_k8s_configuration.source_build import engine

    def no_second_build(*_args, **_kwargs):
        raise AssertionError("built again")
    monkeypatch.setattr(engine, "build_all", no_second_build)
    assert flux_fetch_build.run(props, {"httpsKey": b64(HTTPS_TOKEN)}) == first


def test_never_through_a_proxy(git_https, monkeypatch):
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")  # a closed port: used, the fetch would fail
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    outcome = flux_fetch_build.run(config(git_https.url("sample.git"), git_https.ca_pem),
                                   {"httpsKey": b64(HTTPS_TOKEN)})
    assert outcome["source"]["ready"] is True


def test_other_hosts_are_never_contacted():
    outcome = flux_fetch_build.run(config("https://127.0.0.1.example.com/repo.git"), {})
    assert outcome["source"]["ready"] is False and "127.0.0.1 or localhost" in outcome["source"]["message"]
