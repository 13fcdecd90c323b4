"""The project's sample GitOps repository (demo/sample-repo) end to end over HTTPS, with both build paths: what
a correct configuration gives, the planted mistake, and a forgotten dependsOn."""
from azext_k8s_configuration.flux.validate_source import validate_git
from azext_k8s_configuration.source_build.report import ERROR
from azext_k8s_configuration.source_build.spec import GitAuth, GitRef, GitSource, KustomizationSpec
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.harness.git_repos import MISTAKE_BRANCH
from tests.source_build.builders import BOTH_BUILDERS, problems

TUTORIAL = [KustomizationSpec("infra", "./infrastructure"),
            KustomizationSpec("apps", "./apps/staging", depends_on=("infra",))]
INFRA_OBJECTS = ["HelmRelease ingress-system/ingress-nginx", "HelmRepository ingress-system/ingress-nginx",
                 "HelmRepository podinfo/podinfo", "Namespace ingress-system", "Namespace podinfo"]
APPS_OBJECTS = ["ConfigMap podinfo/podinfo-settings", "HelmRelease podinfo/podinfo"]
# Fixed author and dates (tests/harness/git_repos.py): the same ids on every machine.
MAIN = "1f4b05003f5a1e2ad72266dbea1cada12e6e35af"
MISTAKE = "6c00a28af3999deff9fb75afa5a68877f04d7fe1"


MAIN_BRANCH = GitRef(branch="main")


def validate(server, builder, ref=MAIN_BRANCH, kustomizations=TUTORIAL):
    auth = GitAuth(https_user=HTTPS_USER, https_key=HTTPS_TOKEN, ca_cert_pem=server.ca_pem)
    return validate_git(GitSource(server.url("sample.git"), ref, auth), kustomizations, builder=builder)


def test_commit_ids_are_stable(sample_repo):
    assert (sample_repo.main, sample_repo.mistake) == (MAIN, MISTAKE)


@BOTH_BUILDERS
def test_the_tutorial_configuration_is_valid(git_https, builder):
    report = validate(git_https, builder)
    assert report.valid, [p.message for p in report.all_problems()]
    assert report.source.revision == f"main@sha1:{MAIN}"
    infra, apps = report.kustomizations
    assert sorted(o.label() for o in infra.objects) == INFRA_OBJECTS
    assert sorted(o.label() for o in apps.objects) == APPS_OBJECTS
    assert not problems(report, severity="warning")


def test_the_engine_applies_staging_values(git_https):
    apps = validate(git_https, "kustomize").kustomizations[1]
    release = next(o for o in apps.objects if o.kind == "HelmRelease")
    assert release.data["spec"]["values"]["replicaCount"] == 2  # the staging patch


@BOTH_BUILDERS
def test_the_planted_mistake_is_caught_with_file_and_line(git_https, builder):
    report = validate(git_https, builder, GitRef(branch=MISTAKE_BRANCH))
    assert not report.valid
    (problem,) = problems(report, severity=ERROR)
    assert (problem.code, problem.file, problem.line) == ("yaml-error", "apps/base/podinfo/release.yaml", 18)
    assert report.source.revision == f"{MISTAKE_BRANCH}@sha1:{MISTAKE}"


@BOTH_BUILDERS
def test_a_forgotten_depends_on_is_caught(git_https, builder):
    report = validate(git_https, builder, kustomizations=[KustomizationSpec("infra", "./infrastructure"),
                                                          KustomizationSpec("apps", "./apps/staging")])
    (problem,) = problems(report, severity=ERROR)
    assert problem.code == "namespace-order"
    assert "namespace 'podinfo'" in problem.message and 'dependsOn=["infra"]' in problem.message


def test_semver_tag_of_the_sample(git_https):
    report = validate(git_https, "yaml", GitRef(semver="^1.0.0"))
    assert report.valid and report.source.revision == f"v1.0.0@sha1:{MAIN}"
