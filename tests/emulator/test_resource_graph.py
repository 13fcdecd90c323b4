"""The emulated Resource Graph over HTTP: every example of the spec answered in the spec's shape, the GitOps
queries Microsoft documents, paging, scopes, result formats, quota and errors. Each test works in a subscription of
its own (the emulator is shared by the tests of a worker), created through the emulator's command line."""
import base64
import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.harness import REPO_ROOT, spec

pytestmark = pytest.mark.skipif(not spec.graph_available(), reason="../shared/spec not present")

PATH = "/providers/Microsoft.ResourceGraph/resources"
API = "2024-04-01"
FLUX = "microsoft.kubernetesconfiguration/fluxconfigurations"
SHAPE = {"configurations": [{"name": "cluster-config", "namespace": "cluster-config",
                             "kustomizations": {"infra": {"path": "./infrastructure"},
                                                "apps": {"path": "./apps", "dependsOn": ["infra"]}}}],
         "spread": {"Compliant": 70, "Non-Compliant": 15, "Suspended": 5, "Failed": 5, "Missing": 5}}


def emulator_cli(emulator, *args):
    done = subprocess.run([sys.executable, "-m", "k8s_configuration_emulator"] + list(args) +
                          ["--data-dir", emulator.data_dir], capture_output=True, text=True, cwd=REPO_ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def add_fleet(emulator, tmp_path, subscription, count, prefix="arc", rg="fleet-rg", shape=SHAPE, *extra):
    args = ["add-clusters", "--count", str(count), "--prefix", prefix, "-g", rg, "--subscription", subscription]
    if shape is not None:
        shape_file = tmp_path / "shape-{}.json".format(prefix)
        shape_file.write_text(json.dumps(shape))
        args += ["--flux-configuration", str(shape_file)]
    return emulator_cli(emulator, *(args + list(extra)))


@pytest.fixture(autouse=True)
def generous_quota(emulator):
    """The tests of a worker share one user: a quota they do not run into, but for the quota test's own."""
    emulator.admin("POST", "settings", {"graph_quota": "10000/1"})
    yield
    emulator.admin("POST", "settings", {"graph_quota": "15/5"})


@pytest.fixture
def subscription():
    return str(uuid.uuid4())


def query(arm, text, subscriptions=None, api_version=API, **options):
    body = {"query": text}
    if subscriptions is not None:
        body["subscriptions"] = subscriptions
    if options:
        body["options"] = options
    assert spec.errors(spec.graph_validator("QueryRequest", request=True), body) == []
    return arm.request("POST", PATH, api_version, json=body)


def ok(resp):
    """A 200 in the spec's shape. The spec types ``data`` as an object, yet its own examples (and the service)
    answer an array of objects for resultFormat objectArray: ``data`` is checked as a Table or such an array."""
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert spec.errors(spec.graph_validator("QueryResponse"), dict(body, data={})) == []
    if isinstance(body["data"], list):
        assert all(isinstance(row, dict) for row in body["data"])
    else:  # the spec's Row is an array of objects; the service's rows hold the column values themselves
        assert spec.errors(spec.graph_validator("Table"), dict(body["data"], rows=[])) == []
        assert all(len(row) == len(body["data"]["columns"]) for row in body["data"]["rows"])
    return body


def refused(resp, status=400):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert spec.errors(spec.graph_validator("ErrorResponse"), body) == []
    return body["error"]


# -- the spec's examples ------------------------------------------------------------------------------
EXAMPLE_SUBSCRIPTION = "cfbbd179-59d2-4052-aa06-9270a38aa9d6"


@pytest.fixture(scope="module")
def example_fleet(emulator, tmp_path_factory):
    """Clusters in the examples' subscription, made once for the module."""
    tmp_path = tmp_path_factory.mktemp("examples")
    for rg, prefix in (("RG1", "test"), ("RG2", "mytest"), ("B-TEST-RG", "prod")):
        add_fleet(emulator, tmp_path, EXAMPLE_SUBSCRIPTION, 8, prefix, rg, None, "--location", "westus")


def _graph_examples():
    return [pytest.param(path, id=os.path.basename(path)[:-5]) for path in spec.graph_examples()
            if os.path.basename(path).startswith("Resources")] if spec.graph_available() else []


@pytest.mark.parametrize("example_path", _graph_examples())
def test_spec_example(arm, example_fleet, example_path):
    with open(example_path, encoding="utf-8") as f:
        example = json.load(f)
    request = json.loads(json.dumps(example["parameters"]["query"]))
    assert spec.errors(spec.graph_validator("QueryRequest", request=True), request) == []
    options = request.get("options") or {}
    if "$skipToken" in options:  # the example's token is the real service's: take ours from the first page
        first = dict(request, options={"$top": 1})
        options["$skipToken"] = ok(arm.request("POST", PATH, API, json=first))["$skipToken"]
    body = ok(arm.request("POST", PATH, example["parameters"]["api-version"], json=request))
    expected = example["responses"]["200"]["body"]
    assert body["count"] == len(body["data"]) <= options.get("$top", 100)
    if body["data"] and expected["data"]:
        assert list(body["data"][0]) == list(expected["data"][0])  # the columns the example's query gives
    if "$skipToken" in expected:
        assert body["totalRecords"] > body["count"] + options.get("$skip", 0) and body["$skipToken"]
    assert [f["resultType"] for f in body["facets"]] == [f["resultType"] for f in expected.get("facets", [])]


def test_facets_count_values(arm, example_fleet):
    body = ok(arm.request("POST", PATH, API, json={
        "subscriptions": [EXAMPLE_SUBSCRIPTION], "query": "Resources | project id, name, resourceGroup",
        "facets": [{"expression": "resourceGroup", "options": {"sortBy": "tolower(resourceGroup)",
                                                               "sortOrder": "asc", "$top": 2}},
                   {"expression": "resourceGroup", "options": {"filter": "resourceGroup contains 'test'"}}]}))
    assert body["facets"][0]["data"] == [{"resourceGroup": "B-TEST-RG", "count": 8},
                                         {"resourceGroup": "RG1", "count": 8}]
    assert body["facets"][0]["totalRecords"] == 3 and body["facets"][0]["count"] == 2
    assert body["facets"][1]["data"] == [{"resourceGroup": "B-TEST-RG", "count": 8}]


def test_operations_list(arm):
    body = arm.get("/providers/Microsoft.ResourceGraph/operations", API).json()
    assert [op["name"] for op in body["value"]] == ["Microsoft.ResourceGraph/operations/read",
                                                    "Microsoft.ResourceGraph/resources/read"]


# -- tables -------------------------------------------------------------------------------------------
def test_tables_hold_the_clusters_and_their_configurations_as_arm_returns_them(arm, emulator, tmp_path,
                                                                               subscription):
    add_fleet(emulator, tmp_path, subscription, 3, "arc", "fleet-rg", SHAPE, "--tags", "env=prod", "team=a")
    clusters = ok(query(arm, "resources | project id, name, type, location, tags, resourceGroup, subscriptionId",
                        [subscription]))["data"]
    assert [c["name"] for c in clusters] == ["arc-0001", "arc-0002", "arc-0003"]
    assert clusters[0]["type"] == "microsoft.kubernetes/connectedclusters"
    assert clusters[0]["tags"] == {"env": "prod", "team": "a"}
    assert clusters[0]["resourceGroup"] == "fleet-rg" and clusters[0]["subscriptionId"] == subscription
    rows = ok(query(arm, "kubernetesconfigurationresources | where type == '{}' | project id, properties"
                    .format(FLUX), [subscription]))["data"]
    for row in rows:
        assert row["properties"] == arm.get(row["id"], "2025-04-01").json()["properties"]
    types = ok(query(arm, "kubernetesconfigurationresources | summarize count() by type", [subscription]))["data"]
    assert {t["type"] for t in types} >= {"microsoft.kubernetesconfiguration/extensions"}


def test_documented_gitops_queries(arm, emulator, tmp_path, subscription):
    """The Resource Graph queries Microsoft documents for GitOps, answered as computed from ARM."""
    add_fleet(emulator, tmp_path, subscription, 40)
    add_fleet(emulator, tmp_path, subscription, 2, "bare", "fleet-rg", None)  # no flux at all
    states = {}
    for row in ok(query(arm, "kubernetesconfigurationresources | where type == '{}' | project id, properties"
                        .format(FLUX), [subscription], **{"$top": 1000}))["data"]:
        states[row["id"]] = row["properties"]["complianceState"]
    # Flux configurations that are not compliant
    non_compliant = ok(query(arm, "kubernetesconfigurationresources | where type =~ '{}' | extend complianceState "
                             "= tostring(properties.complianceState) | where complianceState != 'Compliant' "
                             "| project id, complianceState".format(FLUX), [subscription]))["data"]
    assert sorted(r["id"] for r in non_compliant) == sorted(i for i, s in states.items() if s != "Compliant")
    assert {r["complianceState"] for r in non_compliant} <= {"Non-Compliant", "Suspended", "Unknown"}
    # Arc clusters joined with their flux extension (leftouter: the bare clusters have none)
    joined = ok(query(arm, "Resources | where type =~ 'Microsoft.Kubernetes/connectedClusters' | extend "
                      "connectedClusterId = tolower(id) | project connectedClusterId | join kind = leftouter "
                      "(KubernetesConfigurationResources | where type == 'microsoft.kubernetesconfiguration/"
                      "extensions' | where properties.extensionType == 'microsoft.flux' | parse tolower(id) with "
                      "connectedClusterId '/providers/microsoft.kubernetesconfiguration/extensions' * | project "
                      "connectedClusterId) on connectedClusterId | where connectedClusterId1 != ''",
                      [subscription], **{"$top": 1000}))["data"]
    assert len(joined) == 40 and all(r["connectedClusterId"] == r["connectedClusterId1"] for r in joined)
    # extensions by type
    by_type = ok(query(arm, "kubernetesconfigurationresources | where type == 'microsoft.kubernetesconfiguration/"
                       "extensions' | summarize count() by tostring(properties.extensionType)", [subscription]))
    assert by_type["data"] == [{"properties_extensionType": "microsoft.flux", "count_": 40}]
    # compliance counts
    counts = ok(query(arm, "kubernetesconfigurationresources | where type == '{}' | summarize count() by "
                      "state = tostring(properties.complianceState)".format(FLUX), [subscription]))["data"]
    assert {c["state"]: c["count_"] for c in counts} == {s: list(states.values()).count(s) for s in states.values()}


# -- paging, scopes, formats --------------------------------------------------------------------------
def test_paging_with_skip_tokens_past_a_thousand_rows(arm, emulator, tmp_path, subscription):
    add_fleet(emulator, tmp_path, subscription, 1100, "arc", "fleet-rg", None)
    text = "resources | project id, name"
    first = ok(query(arm, text, [subscription], **{"$top": 1000}))
    assert first["totalRecords"] == 1100 and first["count"] == 1000 and first["resultTruncated"] == "false"
    second = ok(query(arm, text, [subscription], **{"$skipToken": first["$skipToken"]}))
    assert second["count"] == 100 and "$skipToken" not in second
    names = [r["name"] for r in first["data"] + second["data"]]
    assert names == ["arc-{:04d}".format(i) for i in range(1, 1101)]
    skipped = ok(query(arm, text, [subscription], **{"$top": 2, "$skip": 10}))
    assert [r["name"] for r in skipped["data"]] == ["arc-0011", "arc-0012"]
    # without an id column a result that does not fit is truncated, as the service does
    truncated = ok(query(arm, "resources | project name", [subscription], **{"$top": 5}))
    assert truncated["resultTruncated"] == "true" and "$skipToken" not in truncated and truncated["count"] == 5


def test_pages_come_from_the_result_of_the_first_page(arm, emulator, tmp_path, subscription):
    add_fleet(emulator, tmp_path, subscription, 3, "arc", "fleet-rg", None)
    first = ok(query(arm, "resources | project id, name", [subscription], **{"$top": 2}))
    add_fleet(emulator, tmp_path, subscription, 1, "new", "fleet-rg", None)
    second = ok(query(arm, "resources | project id, name", [subscription], **{"$skipToken": first["$skipToken"]}))
    assert first["totalRecords"] == second["totalRecords"] == 3
    assert [r["name"] for r in second["data"]] == ["arc-0003"]


def test_only_the_subscriptions_asked_for(arm, emulator, tmp_path, subscription):
    other = str(uuid.uuid4())
    add_fleet(emulator, tmp_path, subscription, 2, "one", "fleet-rg", None)
    add_fleet(emulator, tmp_path, other, 3, "two", "fleet-rg", None)
    count = "resources | summarize count() by subscriptionId"
    assert ok(query(arm, count, [subscription]))["data"] == [{"subscriptionId": subscription, "count_": 2}]
    both = ok(query(arm, count, [subscription.upper(), other]))["data"]
    assert sorted((r["subscriptionId"], r["count_"]) for r in both) == sorted([(subscription, 2), (other, 3)])
    tenant = ok(query(arm, count))["data"]  # no subscriptions: the whole tenant
    assert {(r["subscriptionId"], r["count_"]) for r in tenant} >= {(subscription, 2), (other, 3)}
    listed = [s["subscriptionId"] for s in arm.get("/subscriptions", "2022-12-01").json()["value"]]
    assert listed[0] == emulator.subscription_id and {subscription, other} <= set(listed)  # ARM knows them too
    assert arm.get("/subscriptions/" + other + "/resourceGroups/fleet-rg", "2021-04-01").status_code == 200
    assert arm.get("/subscriptions/" + str(uuid.uuid4()), "2022-12-01").status_code == 404


def test_table_format_and_older_api_versions(arm, emulator, tmp_path, subscription):
    add_fleet(emulator, tmp_path, subscription, 2, "arc", "fleet-rg", None)
    for version in ("2024-04-01", "2022-10-01", "2021-03-01"):
        body = ok(query(arm, "resources | project name, tags, n = 1 | summarize count() by name", [subscription],
                        version, resultFormat="table"))
        assert body["data"] == {"columns": [{"name": "name", "type": "string"}, {"name": "count_", "type": "integer"}],
                                "rows": [["arc-0001", 1], ["arc-0002", 1]]}
    assert refused(query(arm, "resources", [subscription], "2019-04-01"))["code"] == "InvalidApiVersionParameter"


# -- errors and quota ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,code,named", [
    ("resources | distinct name", "UnsupportedOperator", "distinct"),
    ("resources | where strlen(name) > 3", "UnknownFunction", "strlen"),
    ("resources | where nosuch == 'x'", "UnknownColumn", "nosuch"),
    ("resources | where name == ", "ParserFailure", ""),
])
def test_queries_outside_the_subset_are_400_naming_what(arm, subscription, text, code, named):
    error = refused(query(arm, text, [subscription]))
    assert error["code"] == "BadRequest"
    assert error["details"][0]["code"] == "InvalidQuery"
    assert error["details"][1]["code"] == code and named in error["details"][1]["message"]


def test_bad_requests(arm, subscription):
    too_many = {"query": "resources", "options": {"$top": 1001}}
    assert refused(arm.request("POST", PATH, API, json=too_many))["details"][0]["code"] == "InvalidPageSize"
    assert refused(query(arm, "resources", [subscription], **{"$skipToken": "bm8="}))["details"][0]["code"] == \
        "InvalidSkipToken"
    csv = {"query": "resources", "options": {"resultFormat": "csv"}}
    assert refused(arm.request("POST", PATH, API, json=csv))["code"] == "BadRequest"
    assert refused(arm.request("POST", PATH, API, json={"subscriptions": [subscription]}))["code"] == "BadRequest"
    assert arm.request("POST", PATH, API, json={"query": "resources"}, auth=False).status_code == 401


def test_quota_headers_and_429_past_the_quota(arm, emulator, subscription):
    emulator.admin("POST", "settings", {"graph_quota": "3/2"})  # a new quota: new windows
    answers = [query(arm, "resources | limit 1", [subscription]) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r.headers["x-ms-user-quota-remaining"] for r in answers] == ["2", "1", "0", "0"]
    throttled = answers[3]
    error = refused(throttled, 429)
    assert error["code"] == "RateLimiting"
    resets = throttled.headers["x-ms-user-quota-resets-after"]
    hours, minutes, seconds = (int(p) for p in resets.split(":"))
    assert hours == minutes == 0 and 1 <= seconds <= 2
    time.sleep(seconds + 0.1)
    assert query(arm, "resources | limit 1", [subscription]).status_code == 200


def test_skip_token_is_opaque_but_ours(arm, emulator, tmp_path, subscription):
    add_fleet(emulator, tmp_path, subscription, 3, "arc", "fleet-rg", None)
    token = ok(query(arm, "resources | project id", [subscription], **{"$top": 1}))["$skipToken"]
    assert isinstance(json.loads(base64.b64decode(token)), dict)


def test_lag_behind_arm(arm, emulator, tmp_path, subscription):
    emulator.admin("POST", "settings", {"graph_lag_seconds": 3})
    try:
        count = "resources | summarize count()"
        before = ok(query(arm, count, [subscription]))["data"][0]["count_"]
        for name in ("late-1", "late-2"):
            emulator.admin("POST", "clusters", {"resource_group": "rg", "name": name,
                                                          "subscription": subscription})
        assert ok(query(arm, count, [subscription]))["data"][0]["count_"] == before  # not seen yet
        time.sleep(3.1)
        assert ok(query(arm, count, [subscription]))["data"][0]["count_"] == before + 2
    finally:
        emulator.admin("POST", "settings", {"graph_lag_seconds": 0})
