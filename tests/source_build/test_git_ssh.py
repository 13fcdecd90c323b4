"""Fetching over SSH from OpenSSH's sshd on loopback: the key, known_hosts (match, mismatch, no entry, none
given: fingerprints and what Flux trusts), and a URL without a key (the service's deploy key)."""
from azext_k8s_configuration.flux.validate_source import validate_git
from azext_k8s_configuration.source_build.known_hosts_match import fingerprint
from azext_k8s_configuration.source_build.report import ERROR, INFO
from azext_k8s_configuration.source_build.spec import GitAuth, GitRef, GitSource, KustomizationSpec
from tests.source_build.builders import problems

INFRA = [KustomizationSpec("infra", "./infrastructure")]
MAIN = GitRef(branch="main")


def run(url, auth, ref=MAIN):
    return validate_git(GitSource(url, ref, auth), INFRA, builder="yaml")


def only_error(report):
    (problem,) = problems(report, severity=ERROR)
    return problem


def host_fingerprint(git_ssh):
    return fingerprint(git_ssh.known_hosts_line().split()[2])


def test_key_and_known_hosts(git_ssh, sample_repo, ssh_keys):
    report = run(git_ssh.url(sample_repo.path), GitAuth(ssh_private_key=ssh_keys["client"][0].encode(),
                                                        known_hosts=git_ssh.known_hosts_line()))
    assert report.valid, [p.message for p in report.all_problems()]
    assert report.source.revision == f"main@sha1:{sample_repo.main}"
    assert "Namespace podinfo" in [o.label() for o in report.kustomizations[0].objects]


def test_key_the_server_does_not_accept(git_ssh, sample_repo, ssh_keys):
    private = ssh_keys["stranger"][0]
    report = run(git_ssh.url(sample_repo.path), GitAuth(ssh_private_key=private.encode(),
                                                        known_hosts=git_ssh.known_hosts_line()))
    problem = only_error(report)
    assert problem.code == "auth-refused" and "refused the private key" in problem.message
    assert "deploy key" in problem.message
    key_body = private.splitlines()[1]
    assert key_body not in str(report.to_dict())


def test_known_hosts_with_another_key_for_the_host(git_ssh, sample_repo, ssh_keys):
    from tests.harness.git_servers import GitSshServer

    impostor = GitSshServer("/nonexistent", [], ssh_keys["other_host"][0])
    impostor.port = git_ssh.port
    problem = only_error(run(git_ssh.url(sample_repo.path), GitAuth(
        ssh_private_key=ssh_keys["client"][0].encode(), known_hosts=impostor.known_hosts_line())))
    assert problem.code == "host-key-mismatch" and "knownhosts: key mismatch" in problem.message
    assert host_fingerprint(git_ssh) in problem.message  # what the server offers
    assert git_ssh.known_hosts_line() in problem.message  # the line to use if the change is expected


def test_known_hosts_without_the_host(git_ssh, sample_repo, ssh_keys):
    problem = only_error(run(git_ssh.url(sample_repo.path), GitAuth(
        ssh_private_key=ssh_keys["client"][0].encode(), known_hosts=git_ssh.known_hosts_line("github.com"))))
    assert problem.code == "host-key-unknown" and "knownhosts: key is unknown" in problem.message
    assert f"[127.0.0.1]:{git_ssh.port}" in problem.message and host_fingerprint(git_ssh) in problem.message


def test_hashed_known_hosts_entry_is_understood(git_ssh, sample_repo, ssh_keys):
    import base64
    import hashlib
    import hmac

    salt = b"0123456789abcdefghij"
    name = f"[127.0.0.1]:{git_ssh.port}".encode()
    hashed = "|1|{}|{}".format(base64.b64encode(salt).decode(),
                               base64.b64encode(hmac.new(salt, name, hashlib.sha1).digest()).decode())
    good = git_ssh.known_hosts_line(hashed)
    assert run(git_ssh.url(sample_repo.path), GitAuth(ssh_private_key=ssh_keys["client"][0].encode(),
                                                      known_hosts=good)).valid
    from tests.harness.git_servers import GitSshServer
    impostor = GitSshServer("/nonexistent", [], ssh_keys["other_host"][0])
    problem = only_error(run(git_ssh.url(sample_repo.path), GitAuth(
        ssh_private_key=ssh_keys["client"][0].encode(), known_hosts=impostor.known_hosts_line(hashed))))
    assert problem.code == "host-key-mismatch"


def test_without_known_hosts_the_fingerprint_is_shown(git_ssh, sample_repo, ssh_keys):
    report = run(git_ssh.url(sample_repo.path), GitAuth(ssh_private_key=ssh_keys["client"][0].encode()))
    (problem,) = problems(report, "host-key-untrusted")
    assert problem.severity == ERROR  # Flux trusts only the common Git hosts' keys without known_hosts
    assert host_fingerprint(git_ssh) in problem.message and "github.com" in problem.message
    assert git_ssh.known_hosts_line() in problem.message
    assert report.source.revision == f"main@sha1:{report.source.commit}"  # the content was still checked


def test_ssh_url_without_a_key_checks_the_host_and_asks_for_the_deploy_key(git_ssh, sample_repo):
    report = run(git_ssh.url(sample_repo.path), GitAuth(known_hosts=git_ssh.known_hosts_line()))
    assert report.valid
    (note,) = problems(report, "deploy-key-needed")
    assert note.severity == INFO and "repositoryPublicKey" in note.message
    wrong_host = run(git_ssh.url(sample_repo.path), GitAuth(known_hosts=git_ssh.known_hosts_line("github.com")))
    assert only_error(wrong_host).code == "host-key-unknown"


def test_missing_repository_and_branch(git_ssh, sample_repo, ssh_keys):
    auth = GitAuth(ssh_private_key=ssh_keys["client"][0].encode(), known_hosts=git_ssh.known_hosts_line())
    assert only_error(run(git_ssh.url(sample_repo.path + "-gone"), auth)).code == "repository-not-found"
    assert only_error(run(git_ssh.url(sample_repo.path), auth, GitRef(branch="nope"))).code == "ref-not-found"


def test_unreachable_ssh_server(ssh_keys):
    problem = only_error(run("ssh://git@127.0.0.1:9/repo.git", GitAuth(ssh_private_key=ssh_keys["client"][0].encode(),
                                                                        known_hosts="[127.0.0.1]:9 ssh-ed25519 AAAA")))
    assert problem.code == "unreachable" and "Connection refused" in problem.message
