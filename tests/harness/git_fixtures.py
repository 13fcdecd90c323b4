"""pytest fixtures of the loopback git servers and the sample repositories, for any test directory:
import them into a conftest.py or a test module (`from tests.harness.git_fixtures import *`).

Started once per test session (per xdist worker), stopped at its end: HTTPS with basic auth and a private CA
(git_https; repositories other than refs.git need HTTPS_USER/HTTPS_TOKEN), SSH with key auth and a host key
(git_ssh; ssh_keys["client"] is the authorized key)."""
import os

import pytest

from tests.harness.git_repos import RepoBuilder, SampleRepository
from tests.harness.git_servers import GitHttpsServer, GitSshServer, ssh_keypair

HTTPS_USER, HTTPS_TOKEN = "flux-reader", "ghp_Validate0nlyT0ken4Tests"



@pytest.fixture(scope="session")
def repos_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("git-repos"))


@pytest.fixture(scope="session")
def sample_repo(repos_root):
    return SampleRepository(os.path.join(repos_root, "sample.git"))


@pytest.fixture(scope="session")
def refs_repo(repos_root):
    """Branches, tags (lightweight, annotated, semver with and without v, pre-releases) and a side branch."""
    repo = RepoBuilder(os.path.join(repos_root, "refs.git"))
    ns = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n"
    commits = {"first": repo.commit({"deploy/ns.yaml": ns.format("one")}, "first")}
    repo.tag("v0.9.0")
    commits["second"] = repo.commit({"deploy/ns.yaml": ns.format("two")}, "second")
    repo.tag("v1.0.0", annotated=True)
    commits["third"] = repo.commit({"deploy/ns.yaml": ns.format("three")}, "third")
    repo.tag("1.4.2")
    repo.tag("v1.5.0-rc.1")
    repo.tag("not-semver")
    repo.tag("v2.0.0")
    repo.checkout("side", create_from=commits["first"])
    commits["side"] = repo.commit({"deploy/ns.yaml": ns.format("side")}, "side")
    repo.checkout("main")
    commits["main"] = commits["third"]
    repo.commits = commits
    return repo


@pytest.fixture(scope="session")
def git_https(repos_root, sample_repo, refs_repo, tmp_path_factory):
    server = GitHttpsServer(repos_root, tmp_path_factory.mktemp("git-https-certs"), HTTPS_USER, HTTPS_TOKEN,
                            public=("refs.git",))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def other_ca_pem(tmp_path_factory):
    from k8s_configuration_emulator.certs import ensure_certificates

    ca_path, _, _ = ensure_certificates(str(tmp_path_factory.mktemp("other-ca")))
    with open(ca_path, "rb") as f:
        return f.read()


@pytest.fixture(scope="session")
def ssh_keys():
    """(private, public) for the authorized key, a key the server does not know, and two host keys."""
    return {"client": ssh_keypair(), "stranger": ssh_keypair(), "host": ssh_keypair(), "other_host": ssh_keypair()}


@pytest.fixture(scope="session")
def git_ssh(sample_repo, refs_repo, ssh_keys, tmp_path_factory):
    server = GitSshServer(tmp_path_factory.mktemp("sshd"), [ssh_keys["client"][1]], ssh_keys["host"][0])
    server.start()
    yield server
    server.stop()


__all__ = ["HTTPS_USER", "HTTPS_TOKEN", "repos_root", "sample_repo", "refs_repo", "git_https", "other_ca_pem",
           "ssh_keys", "git_ssh"]
