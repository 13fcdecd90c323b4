"""Fetching over HTTPS from a real git server on loopback (git http-backend, TLS from a private CA, basic auth):
credentials, CA, references and what each failure says."""
import pytest

from azext_k8s_configuration.flux.validate_source import validate_git
from azext_k8s_configuration.source_build.report import ERROR, INFO
from azext_k8s_configuration.source_build.spec import GitAuth, GitRef, GitSource, KustomizationSpec
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.source_build.builders import problems

DEPLOY = [KustomizationSpec("deploy", "./deploy")]


def run(server, repo, ref, auth, kustomizations=DEPLOY, **kwargs):
    return validate_git(GitSource(server.url(repo), ref, auth), kustomizations, builder="yaml", **kwargs)


def auth(server, user=HTTPS_USER, key=HTTPS_TOKEN, ca=True):
    return GitAuth(https_user=user, https_key=key, ca_cert_pem=server.ca_pem if ca else None)


def only_error(report):
    (problem,) = problems(report, severity=ERROR)
    return problem


def test_branch_with_credentials_and_ca(git_https, sample_repo):
    seen = []
    report = validate_git(GitSource(git_https.url("sample.git"), GitRef(branch="main"), auth(git_https)),
                          [KustomizationSpec("infra", "./infrastructure")], progress=seen.append)
    assert report.valid, [p.message for p in report.all_problems()]
    assert report.source.revision == f"main@sha1:{sample_repo.main}"
    assert report.source.url == git_https.url("sample.git")
    assert any(m.startswith("Connecting to 127.0.0.1:") for m in seen)
    assert any("Building kustomization 'infra'" in m for m in seen)


def test_wrong_key_is_refused_with_what_to_do(git_https):
    problem = only_error(run(git_https, "sample.git", GitRef(branch="main"), auth(git_https, key="wrong-token-1")))
    assert problem.code == "auth-refused"
    assert "refused the credentials" in problem.message and "--https-key" in problem.message
    assert "wrong-token-1" not in problem.message


def test_no_credentials_for_a_private_repository(git_https):
    problem = only_error(run(git_https, "sample.git", GitRef(branch="main"), GitAuth(ca_cert_pem=git_https.ca_pem)))
    assert problem.code == "auth-required" and "--https-user and --https-key" in problem.message


def test_credentials_held_elsewhere_are_not_checked(git_https):
    report = run(git_https, "sample.git", GitRef(branch="main"), GitAuth(ca_cert_pem=git_https.ca_pem),
                 credentials_elsewhere="the secret 'git-auth' named by --local-auth-ref")
    assert report.valid
    (note,) = problems(report, "auth-not-checked")
    assert note.severity == INFO and "git-auth" in note.message


def test_server_certificate_from_an_unknown_ca(git_https, other_ca_pem):
    for ca in (None, other_ca_pem):
        problem = only_error(run(git_https, "sample.git", GitRef(branch="main"),
                                 GitAuth(HTTPS_USER, HTTPS_TOKEN, ca_cert_pem=ca)))
        assert problem.code == "tls-error"
        assert "not trusted" in problem.message and "--https-ca-cert-file" in problem.message


def test_repository_not_found(git_https):
    problem = only_error(run(git_https, "missing.git", GitRef(branch="main"), auth(git_https)))
    assert problem.code == "repository-not-found" and "HTTP 404" in problem.message


def test_unreachable_is_an_error_that_says_the_result_is_unknown():
    report = validate_git(GitSource("https://127.0.0.1:9/repo.git", GitRef(branch="main")), DEPLOY)
    problem = only_error(report)
    assert problem.code == "unreachable" and "connection refused" in problem.message
    assert "unknown" in problem.message and "--offline" in problem.message
    assert problems(report, "kustomizations-not-built")
    assert [(k["name"], k["built"], k["builder"], k["objects"]) for k in report.to_dict()["kustomizations"]] == \
        [(k.name, False, "not built: the source could not be read", []) for k in DEPLOY]


def test_missing_branch_lists_the_branches(git_https):
    problem = only_error(run(git_https, "refs.git", GitRef(branch="mian"), GitAuth(ca_cert_pem=git_https.ca_pem)))
    assert problem.code == "ref-not-found"
    assert "no branch 'mian'" in problem.message and "main, side" in problem.message


@pytest.mark.parametrize("tag, commit", [("v0.9.0", "first"), ("v1.0.0", "second")])  # lightweight, annotated
def test_tags(git_https, refs_repo, tag, commit):
    report = run(git_https, "refs.git", GitRef(tag=tag), GitAuth(ca_cert_pem=git_https.ca_pem))
    assert report.valid and report.source.revision == f"{tag}@sha1:{refs_repo.commits[commit]}"


def test_missing_tag(git_https):
    assert only_error(run(git_https, "refs.git", GitRef(tag="v9"), GitAuth(ca_cert_pem=git_https.ca_pem))).code == \
        "ref-not-found"


@pytest.mark.parametrize("semver, tag, commit", [
    (">=1.0.0 <2.0.0", "1.4.2", "third"),
    ("~1.0", "v1.0.0", "second"),
    (">=1.0.0-0 <2.0.0", "v1.5.0-rc.1", "third"),
    ("<1.0.0", "v0.9.0", "first"),
])
def test_semver_picks_the_newest_tag_in_range(git_https, refs_repo, semver, tag, commit):
    report = run(git_https, "refs.git", GitRef(semver=semver), GitAuth(ca_cert_pem=git_https.ca_pem))
    assert report.valid and report.source.revision == f"{tag}@sha1:{refs_repo.commits[commit]}"
    (note,) = problems(report, "source-note")
    assert f"picks tag '{tag}'" in note.message


def test_semver_with_no_tag_in_range(git_https):
    problem = only_error(run(git_https, "refs.git", GitRef(semver=">=3.0.0"), GitAuth(ca_cert_pem=git_https.ca_pem)))
    assert problem.code == "semver-no-match" and "v2.0.0" in problem.message


def test_commit_on_branch(git_https, refs_repo):
    first = refs_repo.commits["first"]
    report = run(git_https, "refs.git", GitRef(branch="main", commit=first), GitAuth(ca_cert_pem=git_https.ca_pem))
    assert report.valid and report.source.revision == f"main@sha1:{first}"
    side = refs_repo.commits["side"]
    problem = only_error(run(git_https, "refs.git", GitRef(branch="main", commit=side),
                             GitAuth(ca_cert_pem=git_https.ca_pem)))
    assert problem.code == "commit-not-on-branch" and "not on branch 'main'" in problem.message
    assert "unable to resolve commit object" in problem.message


def test_bare_commit(git_https, refs_repo):
    side = refs_repo.commits["side"]
    report = run(git_https, "refs.git", GitRef(commit=side), GitAuth(ca_cert_pem=git_https.ca_pem))
    assert report.valid and report.source.revision == f"sha1:{side}"
    problem = only_error(run(git_https, "refs.git", GitRef(commit="0" * 40), GitAuth(ca_cert_pem=git_https.ca_pem)))
    assert problem.code == "ref-not-found" and "unable to resolve commit object" in problem.message


def test_content_of_the_resolved_revision_is_built(git_https, refs_repo):
    report = run(git_https, "refs.git", GitRef(branch="side"), GitAuth(ca_cert_pem=git_https.ca_pem))
    assert [o.label() for o in report.kustomizations[0].objects] == ["Namespace side"]


def test_secrets_never_appear_in_the_report(git_https):
    token = "Sup3rSecretTokenValue"
    report = run(git_https, "sample.git", GitRef(branch="main"), auth(git_https, key=token))
    assert token not in str(report.to_dict())
    report = validate_git(GitSource(f"https://127.0.0.1:9/{token}.git", GitRef(branch="main"),
                                    GitAuth(HTTPS_USER, token)), DEPLOY)
    assert token not in str(report.to_dict())
