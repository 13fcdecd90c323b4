"""Assertions shared by the reliability tests."""
import time

from tests.harness.arm import API, rp_path

REPO = "https://github.com/fluxcd/flux2-kustomize-helm-example"


def create_args(cluster, name, extra="", branch="main"):
    return (f"k8s-configuration flux create {cluster.args} -n {name} --namespace {name} -u {REPO} --branch {branch} "
            f"-k name=infra path=./infrastructure prune=true {extra}").strip()


def errors(stderr):
    return [line for line in stderr.splitlines() if line.startswith("ERROR:")]


def assert_clean_failure(result, exit_code=None):
    """Non-zero exit (or exactly exit_code), one ERROR line, no traceback; returns the ERROR text + advice."""
    assert result.exit_code != 0, result.stdout
    if exit_code is not None:
        assert result.exit_code == exit_code, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = errors(result.stderr)
    assert len(lines) == 1, result.stderr
    assert result.stdout.strip() == "", result.stdout
    return result.stderr[result.stderr.index("ERROR:"):]


def assert_clean_success(result):
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr and not errors(result.stderr), result.stderr


def calls(result, method, path_regex):
    import re
    return [r for r in result.requests if r["method"] == method and re.search(path_regex, r["path"], re.I)]


def configuration(arm, cluster, name):
    """The configuration as ARM has it now (None when absent)."""
    resp = arm.get(rp_path(cluster.id, "fluxConfigurations", name), API["fluxConfigurations"])
    if resp.status_code == 404:
        return None
    assert resp.status_code == 200, resp.text
    return resp.json()


def extensions(arm, cluster):
    resp = arm.get(rp_path(cluster.id, "extensions"), API["extensions"])
    assert resp.status_code == 200, resp.text
    return resp.json()["value"]


def wait_for_put(emulator, name, timeout=60):
    """Until the emulator has answered 201 to the PUT of flux configuration `name`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(r["method"] == "PUT" and r["path"].lower().endswith("/fluxconfigurations/" + name) and
               r["status"] == 201 for r in emulator.requests()):
            return
        time.sleep(0.05)
    raise AssertionError("the PUT of {} never arrived".format(name))
