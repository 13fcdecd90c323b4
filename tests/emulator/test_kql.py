"""The emulated Resource Graph's KQL subset (kql_parse, kql_eval) against answers computed by hand on a small
table; and what is outside the subset refused with the operator or function named, never answered."""
import pytest

from k8s_configuration_emulator.kql_eval import TABLE_SCHEMA, Table, run
from k8s_configuration_emulator.kql_parse import KqlError

SUB = "/subscriptions/s1/resourceGroups/{}/providers/Microsoft.Kubernetes/connectedClusters/{}"


def _row(rg, name, location, tags, props, sub="s1"):
    row = {column: ("" if kind == "string" else None) for column, kind in TABLE_SCHEMA.items()}
    row.update(id=SUB.format(rg, name).replace("s1", sub), name=name, resourceGroup=rg, subscriptionId=sub,
               type="microsoft.kubernetes/connectedclusters", location=location, tags=tags, properties=props)
    return row


ROWS = [
    _row("rg-a", "Arc-1", "westeurope", {"env": "prod"}, {"state": "Compliant", "n": 3,
                                                         "statuses": [{"kind": "GitRepository", "ok": True},
                                                                      {"kind": "Kustomization", "ok": False}]}),
    _row("rg-a", "arc-2", "eastus", {"env": "dev"}, {"state": "Non-Compliant", "n": 1, "statuses": []}),
    _row("rg-b", "edge-3", "eastus", {}, {"state": None, "n": 2}),
    _row("rg-b", "edge-4", "westus", {"env": "prod", "tier": "gold"}, {"state": "Compliant", "n": 10},
         sub="s2"),
]
TABLES = {"resources": lambda: Table(TABLE_SCHEMA, ROWS)}


def names(query):
    return [row["name"] for row in run(query, TABLES).rows]


@pytest.mark.parametrize("condition,expected", [
    ("tags.env == 'prod'", ["Arc-1", "edge-4"]),
    ("tags['env'] == 'prod'", ["Arc-1", "edge-4"]),
    ("tags.env != 'prod'", ["arc-2"]),                        # a null tag compares as null: not kept
    ("name == 'arc-1'", []),                                  # == is case-sensitive
    ("name =~ 'ARC-1'", ["Arc-1"]),
    ("name !~ 'ARC-1'", ["arc-2", "edge-3", "edge-4"]),
    ("name contains 'RC'", ["Arc-1", "arc-2"]),
    ("name !contains 'rc'", ["edge-3", "edge-4"]),
    ("name has 'edge'", ["edge-3", "edge-4"]),                # whole terms: 'edge' in 'edge-3'
    ("name has 'edg'", []),
    ("name !has 'arc'", ["edge-3", "edge-4"]),
    ("name startswith 'ARC'", ["Arc-1", "arc-2"]),
    ("name !startswith 'arc'", ["edge-3", "edge-4"]),
    ("name endswith '-4'", ["edge-4"]),
    ("name !endswith '-4'", ["Arc-1", "arc-2", "edge-3"]),
    ("location in ('eastus', 'westus')", ["arc-2", "edge-3", "edge-4"]),
    ("location in ('EASTUS')", []),
    ("location in~ ('EASTUS')", ["arc-2", "edge-3"]),
    ("location !in ('eastus')", ["Arc-1", "edge-4"]),
    ("location !in~ ('EastUS', 'WestUS')", ["Arc-1"]),
    ("tags.env == 'prod' and location =~ 'WestEurope'", ["Arc-1"]),
    ("tags.env == 'dev' or resourceGroup == 'rg-b'", ["arc-2", "edge-3", "edge-4"]),
    ("not(tags.env == 'prod')", ["arc-2"]),                   # not(null) is null
    ("not(name has 'edge') and isnotnull(properties.state)", ["Arc-1", "arc-2"]),
    ("isnull(properties.state)", ["edge-3"]),
    ("isnull(tags.env)", ["edge-3"]),
    ("isnotnull(tags.tier)", ["edge-4"]),
    ("isempty(tags.env)", ["edge-3"]),
    ("isnotempty(tags.env)", ["Arc-1", "arc-2", "edge-4"]),
    ("tolower(name) == 'arc-1'", ["Arc-1"]),
    ("toupper(name) == 'EDGE-3'", ["edge-3"]),
    ("tostring(properties.n) == '10'", ["edge-4"]),
    ("tostring(properties.state) == ''", ["edge-3"]),         # tostring(null) is ""
    ("properties.n > 2", ["Arc-1", "edge-4"]),
    ("properties.n <= 2", ["arc-2", "edge-3"]),
    ("properties.statuses[1].ok == false", ["Arc-1"]),
    ("properties['statuses'][0]['kind'] == 'GitRepository'", ["Arc-1"]),
    ("properties.statuses[5].kind == 'x'", []),
    ("subscriptionId == 's2'", ["edge-4"]),
    ("(tags.env == 'prod' or tags.env == 'dev') and not(location == 'westus')", ["Arc-1", "arc-2"]),
])
def test_where(condition, expected):
    assert names("resources | where " + condition) == expected


def test_a_query_without_a_table_reads_resources():
    assert names("where location == 'westus'") == ["edge-4"]
    assert names("Resources | where location == 'westus'") == ["edge-4"]


def test_project_names_columns_and_paths():
    table = run("resources | where name == 'Arc-1' | project id, cluster = tolower(name), properties.state, "
                "tags['env'], tostring(properties.n)", TABLES)
    assert list(table.schema) == ["id", "cluster", "properties_state", "tags_env", "properties_n"]
    assert table.schema["cluster"] == "string" and table.schema["properties_state"] == "dynamic"
    assert table.rows == [{"id": SUB.format("rg-a", "Arc-1"), "cluster": "arc-1", "properties_state": "Compliant",
                           "tags_env": "prod", "properties_n": "3"}]


def test_extend_and_project_away():
    table = run("resources | extend env = tostring(tags.env), state = properties.state | project-away properties, "
                "tags, identity, sku, plan, zones, extendedLocation, kind, managedBy, tenantId | where env == ''",
                TABLES)
    assert table.rows == [{"id": SUB.format("rg-b", "edge-3"), "name": "edge-3",
                           "type": "microsoft.kubernetes/connectedclusters", "location": "eastus",
                           "resourceGroup": "rg-b", "subscriptionId": "s1", "env": "", "state": None}]


def test_summarize():
    assert run("resources | summarize count() by location", TABLES).rows == [
        {"location": "westeurope", "count_": 1}, {"location": "eastus", "count_": 2},
        {"location": "westus", "count_": 1}]
    assert run("resources | summarize n = count()", TABLES).rows == [{"n": 4}]
    assert run("resources | where name == 'nobody' | summarize count()", TABLES).rows == [{"count_": 0}]
    assert run("resources | summarize by resourceGroup", TABLES).rows == [{"resourceGroup": "rg-a"},
                                                                          {"resourceGroup": "rg-b"}]
    table = run("resources | summarize count() by tostring(tags.env), resourceGroup", TABLES)
    assert list(table.schema) == ["tags_env", "resourceGroup", "count_"]
    assert table.rows == [{"tags_env": "prod", "resourceGroup": "rg-a", "count_": 1},
                          {"tags_env": "dev", "resourceGroup": "rg-a", "count_": 1},
                          {"tags_env": "", "resourceGroup": "rg-b", "count_": 1},
                          {"tags_env": "prod", "resourceGroup": "rg-b", "count_": 1}]


def test_order_top_limit():
    assert names("resources | order by name asc") == ["Arc-1", "arc-2", "edge-3", "edge-4"]  # ordinal
    assert names("resources | sort by name") == ["edge-4", "edge-3", "arc-2", "Arc-1"]      # desc by default
    assert names("resources | order by location asc, name desc") == ["edge-3", "arc-2", "Arc-1", "edge-4"]
    assert names("resources | order by properties.state asc") == ["edge-3", "Arc-1", "edge-4", "arc-2"]  # nulls first
    assert names("resources | order by properties.state desc") == ["arc-2", "Arc-1", "edge-4", "edge-3"]
    assert names("resources | top 2 by properties.n") == ["edge-4", "Arc-1"]
    assert names("resources | limit 2") == ["Arc-1", "arc-2"]
    assert names("resources | take 1") == ["Arc-1"]


def test_mv_expand():
    table = run("resources | mv-expand s = properties.statuses | project name, kind = tostring(s.kind)", TABLES)
    assert table.rows == [{"name": "Arc-1", "kind": "GitRepository"}, {"name": "Arc-1", "kind": "Kustomization"}]
    table = run("resources | where name == 'edge-4' | mv-expand tags | project tags", TABLES)
    assert table.rows == [{"tags": {"env": "prod"}}, {"tags": {"tier": "gold"}}]


def test_parse():
    table = run("resources | parse id with * '/resourceGroups/' group '/providers/' provider '/' * "
                "| project group, provider", TABLES)
    assert table.rows[0] == {"group": "rg-a", "provider": "Microsoft.Kubernetes"}
    table = run("resources | parse name with prefix '-' number:long | project prefix, number", TABLES)
    assert [tuple(r.values()) for r in table.rows] == [("Arc", 1), ("arc", 2), ("edge", 3), ("edge", 4)]
    table = run("resources | parse name with 'nomatch' rest | project rest", TABLES)
    assert table.rows[0] == {"rest": ""}


def test_join():
    configurations = [dict(c, properties={"complianceState": state}) for c, state in
                      ((ROWS[0], "Compliant"), (ROWS[0], "Non-Compliant"), (ROWS[3], "Compliant"))]
    tables = dict(TABLES, kubernetesconfigurationresources=lambda: Table(TABLE_SCHEMA, configurations))
    right = ("(kubernetesconfigurationresources | project cid = tolower(id), "
             "state = tostring(properties.complianceState))")
    left = "resources | project cid = tolower(id), name"
    inner = run(left + " | join kind=inner " + right + " on cid | project name, state", tables)
    assert inner.rows == [{"name": "Arc-1", "state": "Compliant"}, {"name": "Arc-1", "state": "Non-Compliant"},
                          {"name": "edge-4", "state": "Compliant"}]
    outer = run(left + " | join kind=leftouter " + right + " on cid | project name, state, cid1", tables)
    assert [(r["name"], r["state"]) for r in outer.rows] == [
        ("Arc-1", "Compliant"), ("Arc-1", "Non-Compliant"), ("arc-2", ""), ("edge-3", ""), ("edge-4", "Compliant")]
    assert outer.rows[2]["cid1"] == ""  # a string column of a missing right side is "", not null
    unique = run(left + " | join " + right + " on cid | project name", tables)  # innerunique: the left deduplicated
    assert [r["name"] for r in unique.rows] == ["Arc-1", "Arc-1", "edge-4"]
    by_sides = run(left + " | join kind=inner (kubernetesconfigurationresources | project other = tolower(id)) "
                   "on $left.cid == $right.other | project name", tables)
    assert [r["name"] for r in by_sides.rows] == ["Arc-1", "Arc-1", "edge-4"]


@pytest.mark.parametrize("query,code,named", [
    ("resources | distinct name", "UnsupportedOperator", "distinct"),
    ("resources | project-rename n = name", "UnsupportedOperator", "project-rename"),
    ("resources | where name matches regex 'a'", "UnsupportedOperator", "matches"),
    ("resources | where name !between ('a', 'b')", "UnsupportedOperator", "!between"),
    ("resources | where strlen(name) > 2", "UnknownFunction", "strlen"),
    ("resources | summarize dcount(name)", "UnsupportedOperator", "dcount"),
    ("resources | where properties.n + 1 > 2", "UnsupportedOperator", "+"),
    ("resources | join kind=fullouter (resources) on id", "UnsupportedOperator", "fullouter"),
    ("resources | mv-expand kind=array tags", "UnsupportedOperator", "kind"),
    ("resources | where nosuchcolumn == 1", "UnknownColumn", "nosuchcolumn"),
    ("resources | project-away nosuchcolumn", "UnknownColumn", "nosuchcolumn"),
    ("resources | where name.x == 1", "InvalidQuery", "name"),
    ("securityresources | limit 1", "UnknownTable", "securityresources"),
    ("resources | where name == 'a' |", "ParserFailure", ""),
    ("resources | where (name == 'a'", "ParserFailure", ""),
    ("resources | where name == 'unterminated", "ParserFailure", "'"),
    ("", "ParserFailure", ""),
])
def test_outside_the_subset_is_refused_by_name(query, code, named):
    with pytest.raises(KqlError) as caught:
        run(query, TABLES)
    assert caught.value.code == code
    assert named in caught.value.message
