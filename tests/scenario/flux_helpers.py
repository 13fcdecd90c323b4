"""Shared bits of the flux scenario tests: the tutorial command, request-log lookups, output normalising."""
import re

TUTORIAL_URL = "https://github.com/fluxcd/flux2-kustomize-helm-example"


def tutorial_create(cluster, name="gitops-demo", extra=""):
    return (f"k8s-configuration flux create {cluster.args} -n {name} --namespace {name} --scope cluster "
            f"-u {TUTORIAL_URL} --branch main "
            f"--kustomization name=infra path=./infrastructure prune=true "
            f"--kustomization name=apps path=./apps/staging prune=true dependsOn=[\"infra\"] {extra}")


def sent(requests, method, path_part):
    """Requests of the log with this method whose path contains path_part (case-insensitive)."""
    return [r for r in requests if r["method"] == method and path_part.lower() in r["path"].lower()]


def config_requests(requests, name):
    return [r for r in requests if f"/fluxconfigurations/{name}".lower() in r["path"].lower()]


def warnings(stderr):
    return [line[len("WARNING: "):] for line in stderr.splitlines() if line.startswith("WARNING: ")]


_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_SHA = re.compile(r"\b[0-9a-f]{40}\b")


def normalise(text):
    """Timestamps and commit SHAs vary between runs: replace them, keeping column widths."""
    text = _TIMESTAMP.sub(lambda m: "<time>".ljust(len(m.group(0))), text)
    return _SHA.sub(lambda m: "<sha>".ljust(40), text)


def assert_golden(name, text):
    """Compare command output with tests/scenario/golden/<name> (UPDATE_GOLDEN=1 rewrites it)."""
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", name)
    text = normalise(text)
    if os.environ.get("UPDATE_GOLDEN") == "1" or not os.path.exists(path):
        if os.environ.get("CI") and not os.path.exists(path):
            raise AssertionError(f"golden file {name} is missing")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    with open(path, encoding="utf-8") as f:
        assert text == f.read(), f"output differs from golden/{name}:\n{text}"
