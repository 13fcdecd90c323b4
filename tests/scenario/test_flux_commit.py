"""--commit alone (issue 8 item 3), with the real az: sent as repositoryRef.commit, as the tutorial documents it."""
from flux_helpers import TUTORIAL_URL, sent, tutorial_create, warnings

SHA = "363a6a8fe6a7f13e05d34c163b0ef02a777da20a"


def puts(result, name):
    return [r["body"] for r in sent(result.requests, "PUT", f"/fluxConfigurations/{name}")]


def patches(result, name):
    return [r["body"] for r in sent(result.requests, "PATCH", f"/fluxConfigurations/{name}")]


def test_create_with_the_tutorials_bare_commit(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n pinned -u {TUTORIAL_URL} --commit={SHA} "
                "-k name=infra path=./infrastructure", check=False)
    assert result.exit_code == 0, result.stderr
    [body] = puts(result, "pinned")
    assert body["properties"]["gitRepository"]["repositoryRef"] == {"commit": SHA}
    assert result.json["gitRepository"]["repositoryRef"]["commit"] == SHA
    assert not result.json["gitRepository"]["repositoryRef"].get("branch")
    assert not [w for w in warnings(result.stderr) if "using the branch 'master'" in w]
    shown = az(f"k8s-configuration flux show {cluster.args} -n pinned --query gitRepository.repositoryRef")
    assert shown.json.get("commit") == SHA and not shown.json.get("branch")


def test_create_with_branch_and_commit_still_works(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n pinned -u {TUTORIAL_URL} --branch main "
                f"--commit {SHA} -k name=infra path=./infrastructure", check=False)
    assert result.exit_code == 0, result.stderr
    [body] = puts(result, "pinned")
    assert body["properties"]["gitRepository"]["repositoryRef"] == {"branch": "main", "commit": SHA}


def test_commit_with_a_tag_is_still_refused_before_sending(az, cluster):
    result = az(f"k8s-configuration flux create {cluster.args} -n pinned -u {TUTORIAL_URL} --tag v1 "
                f"--commit {SHA}", check=False)
    assert result.exit_code == 1
    assert "--tag and --commit cannot be used together" in result.stderr
    assert result.requests == []


def test_update_pins_a_commit_on_the_stored_branch(az, cluster):
    az(tutorial_create(cluster), check=True)
    result = az(f"k8s-configuration flux update {cluster.args} -n gitops-demo --commit {SHA}", check=False)
    assert result.exit_code == 0, result.stderr
    [body] = patches(result, "gitops-demo")
    assert body == {"properties": {"gitRepository": {"repositoryRef": {"branch": "main", "commit": SHA}}}}
    assert result.json["gitRepository"]["repositoryRef"]["commit"] == SHA


def test_update_from_a_tag_to_a_bare_commit(az, cluster):
    az(f"k8s-configuration flux create {cluster.args} -n tagged -u {TUTORIAL_URL} --tag v1.0.0 "
       "-k name=infra path=./infrastructure", check=True)
    result = az(f"k8s-configuration flux update {cluster.args} -n tagged --commit {SHA}", check=False)
    assert result.exit_code == 0, result.stderr
    [body] = patches(result, "tagged")
    assert body == {"properties": {"gitRepository": {"repositoryRef": {"commit": SHA, "tag": None}}}}
    ref = result.json["gitRepository"]["repositoryRef"]
    assert ref["commit"] == SHA and not ref.get("tag") and not ref.get("branch")
