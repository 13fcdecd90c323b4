"""Shared bits of the flux scenario tests: the tutorial command, request-log lookups, output normalising."""
import json
import os
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


GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
UPDATE = "UPDATE_GOLDENS"
_UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")


def assert_golden(name, text):
    """Compare command output with tests/scenario/golden/<name>. A test run never writes one: `make goldens` (which
    sets UPDATE_GOLDENS=1) rewrites them; a missing one fails, saying how to create it."""
    path = os.path.join(GOLDEN_DIR, name)
    text = normalise(text)
    if os.environ.get(UPDATE) == "1":
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    if not os.path.exists(path):
        raise AssertionError(f"golden/{name} is missing: create it with `make goldens` (or {UPDATE}=1 pytest on this "
                             "test), check what it holds and commit it.")
    with open(path, encoding="utf-8") as f:
        assert text == f.read(), f"output differs from golden/{name}:\n{text}"


def assert_json_golden(name, data, cluster):
    """The JSON a command printed, against golden/<name>, with what varies between runs replaced (json_for_golden)."""
    assert_golden(name, json_for_golden(data, cluster))


def json_for_golden(data, cluster):
    """The one place volatile fields of JSON output are normalised: the cluster's generated name and resource group,
    ids (subscription and principal GUIDs), timestamps and commit SHAs; keys stay in the order az printed them."""
    text = json.dumps(data, indent=2) + "\n"
    text = text.replace(cluster.name, "CLUSTER").replace(cluster.rg, "RESOURCE_GROUP")
    text = _TIMESTAMP.sub("<time>", _SHA.sub("<sha>", text))
    return _UUID.sub("<guid>", text)
