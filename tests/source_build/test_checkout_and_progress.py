"""What the checkout holds (as source-controller's artifact: ignored files left out) and the progress line."""
import io
import os

from azext_k8s_configuration.flux.validate_progress import Progress
from azext_k8s_configuration.flux.validate_source import validate_git
from azext_k8s_configuration.source_build.spec import GitAuth, GitRef, GitSource, KustomizationSpec
from tests.harness.git_fixtures import HTTPS_TOKEN, HTTPS_USER
from tests.harness.git_repos import RepoBuilder
from tests.source_build.builders import CM, NS, problems

WORKFLOW = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def test_ignored_files_are_not_in_the_generated_kustomization(git_https, repos_root):
    repo = RepoBuilder(os.path.join(repos_root, "ignores.git"))
    repo.commit({"ns.yaml": NS.format(name="root"),
                 ".github/workflows/ci.yaml": WORKFLOW,           # source-controller's default exclusions
                 "deploy/.sops.yaml": "creation_rules: []\n",
                 "drafts/cm.yaml": CM.format(name="draft", ns="root", value="1"),
                 "deploy/cm.yaml": CM.format(name="kept", ns="root", value="1"),
                 ".sourceignore": "drafts/\n"})                   # the repository's own exclusions
    auth = GitAuth(HTTPS_USER, HTTPS_TOKEN, ca_cert_pem=git_https.ca_pem)
    report = validate_git(GitSource(git_https.url("ignores.git"), GitRef(branch="main"), auth),
                          [KustomizationSpec("all", "")], builder="kustomize")
    assert report.valid, [p.message for p in report.all_problems()]
    assert sorted(o.label() for o in report.kustomizations[0].objects) == ["ConfigMap root/kept", "Namespace root"]
    assert problems(report, "generated-kustomization")


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_is_quiet_at_first_then_at_most_every_two_seconds():
    clock, out = Clock(), io.StringIO()
    progress = Progress(out, clock)
    progress("Connecting")                 # 0 s: a small repository prints nothing
    clock.now += 1.5
    progress("Receiving objects: 10%")     # printed
    clock.now += 0.5
    progress("Receiving objects: 20%")     # too soon
    clock.now += 2.0
    progress("Receiving objects: 90%")     # printed
    assert out.getvalue().splitlines() == ["flux validate: Receiving objects: 10% (1s)",
                                           "flux validate: Receiving objects: 90% (4s)"]
