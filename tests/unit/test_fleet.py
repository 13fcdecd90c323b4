"""Fleet selection (fleet/selection.py), compliance rows (fleet/compliance.py) and the Resource Graph client's
paging and quota handling (fleet/graph.py), without az or the emulator."""
import json

import pytest
from azure.cli.core.azclierror import (
    BadRequestError,
    FileOperationError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
)

from azext_k8s_configuration.fleet import compliance, graph, selection

SUB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
OTHER = "11111111-2222-3333-4444-555555555555"
ARC = f"/subscriptions/{SUB}/resourceGroups/RG/providers/Microsoft.Kubernetes/connectedClusters/Arc1"
AKS = f"/subscriptions/{OTHER}/resourceGroups/rg2/providers/Microsoft.ContainerService/managedClusters/aks1"


# -- selection -------------------------------------------------------------------------------------------
def test_cluster_ids_are_checked_and_lower_cased():
    assert selection.parse_cluster_id("  " + ARC + "/ ", "x") == ARC.lower()
    assert selection.parse_cluster_id(AKS.upper().replace("SUBSCRIPTIONS", "subscriptions"), "x") == AKS.lower()


@pytest.mark.parametrize("value", [
    "arc1",
    f"/subscriptions/{SUB}/resourceGroups/RG",
    f"/subscriptions/{SUB}/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/vm",
    f"/subscriptions/{SUB}/resourceGroups/RG/providers/Microsoft.Kubernetes/connectedClusters/a/extra",
    "/subscriptions/not-a-guid/resourceGroups/RG/providers/Microsoft.Kubernetes/connectedClusters/a",
])
def test_malformed_cluster_ids_are_refused_naming_where(value):
    with pytest.raises(InvalidArgumentValueError) as caught:
        selection.parse_cluster_id(value, "--clusters-file f line 7")
    assert str(caught.value).startswith("--clusters-file f line 7: ")


def test_clusters_file_comments_blank_lines_and_line_numbers(tmp_path):
    path = tmp_path / "clusters.txt"
    path.write_text(f"# fleet\n\n{ARC}  # first\n   \n{AKS}\n")
    assert selection.read_clusters_file(str(path)) == [ARC.lower(), AKS.lower()]
    path.write_text(f"{ARC}\n# x\nnot-an-id\n")
    with pytest.raises(InvalidArgumentValueError, match=r"line 3: 'not-an-id'"):
        selection.read_clusters_file(str(path))
    with pytest.raises(FileOperationError, match="cannot read"):
        selection.read_clusters_file(str(tmp_path / "absent.txt"))
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(FileOperationError, match="not UTF-8"):
        selection.read_clusters_file(str(path))


def test_cluster_query_is_one_where_clause():
    assert selection.check_filter("  tags.env == 'a|b' ") == "tags.env == 'a|b'"  # a pipe inside a string is fine
    for bad in ("", "   ", "name == 'x' | take 1"):
        with pytest.raises(InvalidArgumentValueError):
            selection.check_filter(bad)


def test_select_scopes():
    current = SUB.upper()
    assert selection.select(current).subscriptions == [SUB]
    assert selection.select(current, subscriptions=[OTHER, OTHER.upper()]).subscriptions == [OTHER]
    by_ids = selection.select(current, cluster_ids=[ARC, AKS, ARC.lower()])
    assert by_ids.ids == [ARC.lower(), AKS.lower()] and by_ids.subscriptions == [SUB, OTHER]  # the ids' own
    narrowed = selection.select(current, cluster_ids=[ARC, AKS], subscriptions=[SUB])
    assert narrowed.subscriptions == [SUB] and "leaves out and are skipped" in narrowed.notes[0]
    assert narrowed.ids == [ARC.lower()] and narrowed.given_ids == [ARC]  # within --subscriptions, for a rollout too
    with pytest.raises(MutuallyExclusiveArgumentError, match="--cluster-ids and --cluster-query"):
        selection.select(current, cluster_ids=[ARC], cluster_query="x")
    with pytest.raises(InvalidArgumentValueError, match="--subscriptions: 'prod'"):
        selection.select(current, subscriptions=["prod"])


def test_where_clause_quotes_values():
    clause = selection.where_clause(selection.Selection([SUB], ids=["/subscriptions/x/o'brien"]))
    assert "'/subscriptions/x/o\\'brien'" in clause
    assert clause.startswith("where type in~ ('microsoft.kubernetes/connectedclusters', "
                             "'microsoft.containerservice/managedclusters')")
    query = selection.where_clause(selection.Selection([SUB], query="tags.env == 'prod'"))
    assert query.endswith("| where (tags.env == 'prod')")


# -- rows ----------------------------------------------------------------------------------------------
def _status(kind, name, state, message=None):
    conditions = [{"type": "Ready", "message": message}] if message is not None else []
    return {"kind": kind, "name": name, "complianceState": state, "statusConditions": conditions}


def test_reason_is_the_first_non_compliant_object_and_its_message_shortened():
    row = {"statuses": [_status("GitRepository", "cfg", "Compliant", "ok"),
                        _status("Kustomization", "cfg-infra", "Non-Compliant", "dependency 'x' is not ready"),
                        _status("Kustomization", "cfg-apps", "Non-Compliant", "later")]}
    assert compliance.reason_of(row) == "Kustomization/cfg-infra: dependency 'x' is not ready"
    long = {"statuses": [_status("HelmRelease", "app", "non-compliant", "x\n" * 200)]}
    reason = compliance.reason_of(long)
    assert len(reason) == compliance.REASON_LENGTH and reason.endswith("...") and "\n" not in reason
    assert compliance.reason_of({"statuses": [_status("Kustomization", "k", "Non-Compliant")]}) == "Kustomization/k"
    failed = {"provisioningState": "Failed", "errorMessage": "microsoft.flux is not installed"}
    assert compliance.reason_of(failed) == "microsoft.flux is not installed"
    assert compliance.reason_of({"statuses": None, "provisioningState": "Succeeded"}) == ""


def test_rows_and_missing():
    base = {"id": ARC + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg",
            "subscriptionId": SUB, "resourceGroup": "RG", "cluster": "Arc1",
            "clusterType": "microsoft.kubernetes/connectedclusters"}
    present = compliance.to_row(dict(base, configuration="cfg", namespace="ns", complianceState="Compliant",
                                     provisioningState="Succeeded", sourceSyncedCommitId="main@sha1:1",
                                     statusUpdatedAt="2026-01-01T00:00:00Z", errorMessage="", statuses=None))
    assert list(present) == list(compliance.ROW_KEYS)
    assert present["clusterType"] == "connectedClusters" and present["complianceState"] == "Compliant"
    missing = compliance.to_row(dict(base, configuration="", namespace="", complianceState="",
                                     provisioningState="", sourceSyncedCommitId="", statusUpdatedAt="",
                                     errorMessage="", statuses=None))
    assert missing["configuration"] == "cfg" and missing["complianceState"] == "Missing"
    assert missing["provisioningState"] is None and missing["namespace"] is None and missing["reason"] == ""


def test_summary_and_states():
    rows = [{"complianceState": s} for s in ("Missing", "Compliant", "Non-Compliant", "Compliant", "Odd")]
    assert compliance.summary(rows) == "5 configurations: 2 Compliant, 1 Non-Compliant, 1 Missing, 1 Odd"
    assert compliance.summary([]) == "0 configurations"
    assert compliance.summary(rows[:1]) == "1 configuration: 1 Missing"
    assert compliance.canonical_states(["non-compliant", "MISSING", "Missing"]) == ["Non-Compliant", "Missing"]
    with pytest.raises(InvalidArgumentValueError, match="--state 'green'"):
        compliance.canonical_states(["green"])


def test_one_query_left_joins_with_a_name_and_pages_by_configuration_id():
    scope = selection.Selection([SUB], query="tags.env == 'prod'")
    named = compliance.compliance_query(scope, "o'cfg")
    assert "join kind=leftouter" in named and "where name =~ 'o\\'cfg'" in named and "'o\\'cfg')" in named
    assert named.startswith("resources | where type in~") and "| where (tags.env == 'prod')" in named
    assert named.endswith("| order by id asc") and "| project id = strcat(clusterId" in named
    assert "join kind=inner" in compliance.compliance_query(scope)


# -- the Resource Graph client -------------------------------------------------------------------------
class FakeResponse:
    def __init__(self, status, body, headers=None):
        self.status_code, self._body, self.headers = status, body, headers or {}
        self.text = json.dumps(body)

    def json(self):
        return self._body


class FakeService:
    """send_raw_request stand-in: answers queued responses, records the bodies."""

    def __init__(self, responses):
        self.responses, self.bodies = list(responses), []

    def __call__(self, _cli_ctx, method, url, headers=None, body=None, **_):
        from azure.cli.core.azclierror import HTTPError
        assert method == "POST" and url.startswith("/providers/Microsoft.ResourceGraph/resources?api-version=")
        assert json.loads(headers[0])["Authorization"] == "Bearer t"
        self.bodies.append(json.loads(body))
        response = self.responses.pop(0)
        if response.status_code >= 400:
            raise HTTPError("failed", response)
        return response


@pytest.fixture
def client(monkeypatch):
    def make(responses):
        service = FakeService(responses)
        monkeypatch.setattr("azure.cli.core.util.send_raw_request", service)
        slept = []
        rg = graph.ResourceGraph(cli_ctx=None, sleep=slept.append)
        monkeypatch.setattr(rg, "_authorization", lambda: json.dumps({"Authorization": "Bearer t"}))
        return rg, service, slept
    return make


def test_pages_follow_skip_tokens_and_wait_when_the_quota_is_spent(client):
    spent = {"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:03"}
    rg, service, slept = client([FakeResponse(200, {"data": [{"id": 1}], "$skipToken": "t1"}, spent),
                                 FakeResponse(200, {"data": [{"id": 2}]},
                                              {"x-ms-user-quota-remaining": "4"})])
    assert list(rg.rows("resources", [SUB])) == [{"id": 1}, {"id": 2}]
    assert service.bodies[0] == {"subscriptions": [SUB], "query": "resources",
                                 "options": {"$top": 1000, "resultFormat": "objectArray"}}
    assert service.bodies[1]["options"]["$skipToken"] == "t1"
    assert len(slept) == 1 and 2.5 < slept[0] <= 3


def test_a_429_waits_as_long_as_resource_graph_says_then_retries(client):
    throttled = FakeResponse(429, {"error": {"code": "RateLimiting", "message": "m"}},
                             {"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:00:02"})
    rg, service, slept = client([throttled, FakeResponse(200, {"data": [{"id": 1}]})])
    assert list(rg.rows("resources", [SUB])) == [{"id": 1}]
    assert len(service.bodies) == 2 and 1.5 < slept[0] <= 2


def test_resource_graph_errors_become_typed_errors_with_its_own_words(client):
    refused = FakeResponse(400, {"error": {"code": "BadRequest", "message": "support info", "details": [
        {"code": "InvalidQuery", "message": "Query is invalid."},
        {"code": "UnsupportedOperator", "message": "The operator 'matches' is not supported"}]}})
    rg, _, _ = client([refused])
    with pytest.raises(BadRequestError) as caught:
        list(rg.rows("resources", [SUB]))
    assert "(UnsupportedOperator)" in str(caught.value) and "'matches' is not supported" in str(caught.value)


def test_resets_after_parsing():
    assert graph.parse_resets_after("00:01:02.5") == 62.5
    assert graph.parse_resets_after("soon") is None and graph.parse_resets_after(None) is None


def test_the_subscription_of_the_command_is_azs_global_subscription_when_given(monkeypatch):
    """`--subscription B` (az keeps it in cli_ctx.data) selects within B, not the account's default."""
    class Ctx:
        data = {"subscription_id": OTHER}
    cmd = type("Cmd", (), {"cli_ctx": Ctx()})()
    assert selection.subscription_of_command(cmd) == OTHER

    class Profile:
        def __init__(self, cli_ctx):
            pass

        def get_subscription_id(self):
            return SUB
    import azure.cli.core._profile as profile
    monkeypatch.setattr(profile, "Profile", Profile)
    Ctx.data = {}
    assert selection.subscription_of_command(cmd) == SUB
