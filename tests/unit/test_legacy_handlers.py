"""Flux v1 list/show/delete with a fake ARM behind raw_request."""
import logging

import pytest
from azure.cli.core.azclierror import ForbiddenError, ResourceNotFoundError
from fakes import FakeCmd

from azext_k8s_configuration.arm import clients, lookup
from azext_k8s_configuration.arm.coordinates import resolve_cluster
from azext_k8s_configuration.legacy import handlers, source_control

CLUSTER = resolve_cluster("sub", "rg", "arc1", "connectedClusters")
COORDS = dict(resource_group_name="rg", cluster_name="arc1", cluster_type="connectedClusters")
COLLECTION = CLUSTER.child_path("sourceControlConfigurations")


def configuration(name):
    return {"id": f"{COLLECTION}/{name}", "name": name,
            "type": "Microsoft.KubernetesConfiguration/sourceControlConfigurations",
            "systemData": {"createdBy": "someone"},
            "properties": {"repositoryUrl": "git@github.com:org/repo", "operatorInstanceName": name,
                           "operatorNamespace": "ops", "operatorScope": "cluster", "provisioningState": "Succeeded"}}


class FakeArm:
    def __init__(self):
        self.routes = {}
        self.requests = []

    def __call__(self, _client, method, path, api_version, body=None, params=None):
        self.requests.append((method, path, params))
        answers = self.routes.get((method, path), [(404, {"error": {"code": "NotFound", "message": "gone"}})])
        return answers.pop(0) if len(answers) > 1 else answers[0]




@pytest.fixture
def arm(monkeypatch):
    fake = FakeArm()
    monkeypatch.setattr(clients, "raw_request", fake)
    monkeypatch.setattr(source_control, "raw_request", fake)
    monkeypatch.setattr(lookup, "raw_request", fake)
    fake.routes[("GET", CLUSTER.id)] = [(200, {"name": "arc1"})]  # the cluster exists unless a test says not
    monkeypatch.setattr(handlers, "_connect", lambda *_a: (object(), CLUSTER))
    monkeypatch.setattr(handlers, "DELETE_POLL_SECONDS", 0)
    confirmations = []
    monkeypatch.setattr(handlers, "confirm", lambda _cmd, message, yes=False: confirmations.append((message, yes)))
    fake.confirmations = confirmations
    return fake


def test_list_flattens_and_follows_next_link(arm):
    pages = [(200, {"value": [configuration("a")],
                    "nextLink": f"https://management.azure.com{COLLECTION}?api-version=2024-11-01&$skipToken=abc"}),
             (200, {"value": [configuration("b")]})]
    arm.routes[("GET", COLLECTION)] = pages
    result = handlers.list_source_control_configurations(FakeCmd(), **COORDS)
    assert [item["name"] for item in result] == ["a", "b"]
    assert arm.requests[1] == ("GET", COLLECTION, {"$skipToken": "abc"})
    first = result[0]
    assert first["repositoryUrl"] == "git@github.com:org/repo" and first["operatorScope"] == "cluster"
    assert "properties" not in first and first["systemData"] == {"createdBy": "someone"}


def test_list_error_is_typed(arm):
    arm.routes[("GET", COLLECTION)] = [(403, {"error": {"code": "AuthorizationFailed", "message": "no"}})]
    with pytest.raises(ForbiddenError, match="AuthorizationFailed"):
        handlers.list_source_control_configurations(FakeCmd(), **COORDS)


def test_show(arm):
    arm.routes[("GET", f"{COLLECTION}/a")] = [(200, configuration("a"))]
    shown = handlers.show_source_control_configuration(FakeCmd(), **COORDS, name="a")
    assert shown["operatorInstanceName"] == "a" and shown["id"].endswith("/sourceControlConfigurations/a")


def test_show_missing(arm):
    with pytest.raises(ResourceNotFoundError, match="Flux v1 configuration 'x' not found on cluster 'arc1'") as raised:
        handlers.show_source_control_configuration(FakeCmd(), **COORDS, name="x")
    assert "az k8s-configuration flux list" in raised.value.recommendations[0]


def test_delete_confirms_and_deletes(arm):
    arm.routes[("GET", f"{COLLECTION}/a")] = [(200, configuration("a"))]
    arm.routes[("DELETE", f"{COLLECTION}/a")] = [(200, None)]
    assert handlers.delete_source_control_configuration(FakeCmd(), **COORDS, name="a", yes=True) is None
    assert [r[0] for r in arm.requests] == ["GET", "DELETE"]
    assert arm.confirmations[0][1] is True and "'a'" in arm.confirmations[0][0]


def test_delete_accepted_waits_until_gone(arm):
    arm.routes[("GET", f"{COLLECTION}/a")] = [(200, configuration("a")), (200, configuration("a")),
                                              (404, {"error": {"code": "NotFound", "message": "x"}})]
    arm.routes[("DELETE", f"{COLLECTION}/a")] = [(202, None)]
    handlers.delete_source_control_configuration(FakeCmd(), **COORDS, name="a", yes=True)
    assert [r[0] for r in arm.requests] == ["GET", "DELETE", "GET", "GET"]


def test_delete_missing_warns(arm, caplog):
    assert handlers.delete_source_control_configuration(FakeCmd(), **COORDS, name="nope", yes=True) is None
    # the configuration's 404, then the cluster confirmed to exist (a missing cluster is not "nothing to delete")
    assert [(r[0], r[1]) for r in arm.requests] == [("GET", f"{COLLECTION}/nope"), ("GET", CLUSTER.id)]
    assert arm.confirmations == []
    assert any("nothing to delete" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_delete_failure_is_typed(arm):
    arm.routes[("GET", f"{COLLECTION}/a")] = [(200, configuration("a"))]
    arm.routes[("DELETE", f"{COLLECTION}/a")] = [(403, {"error": {"code": "AuthorizationFailed", "message": "no"}})]
    with pytest.raises(ForbiddenError):
        handlers.delete_source_control_configuration(FakeCmd(), **COORDS, name="a", yes=True)


@pytest.mark.parametrize("command", ["show", "delete", "list"])
def test_a_missing_cluster_is_named_never_nothing_to_delete(arm, caplog, command):
    arm.routes[("GET", CLUSTER.id)] = [(404, {"error": {"code": "ResourceNotFound", "message": "no cluster"}})]
    arm.routes[("GET", "/subscriptions/sub/resourceGroups/rg")] = [(200, {"name": "rg"})]
    call = {"show": lambda: handlers.show_source_control_configuration(FakeCmd(), **COORDS, name="old"),
            "delete": lambda: handlers.delete_source_control_configuration(FakeCmd(), **COORDS, name="old",
                                                                          yes=True),
            "list": lambda: handlers.list_source_control_configurations(FakeCmd(), **COORDS)}[command]
    with pytest.raises(ResourceNotFoundError, match="Cluster 'arc1' not found") as raised:
        call()
    assert "--cluster-name/-c" in raised.value.recommendations[0]
    assert not any("nothing to delete" in r.getMessage() for r in caplog.records)
    assert [m for m, _p, _q in arm.requests if m != "GET"] == []
