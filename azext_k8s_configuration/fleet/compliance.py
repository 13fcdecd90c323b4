"""Compliance across a fleet (REFERENCE §13): one Resource Graph query joining the selected clusters
(``resources``) with their flux configurations (``kubernetesconfigurationresources``), turned into one row per
configuration — or, with a configuration name, one row per selected cluster, ``Missing`` where it lacks it."""
from collections import OrderedDict

from azext_k8s_configuration.fleet.selection import CLUSTER_TYPES, kql_string, where_clause

FLUX_TYPE = "microsoft.kubernetesconfiguration/fluxconfigurations"
STATES = ("Compliant", "Non-Compliant", "Pending", "Suspended", "Unknown", "Missing")
MISSING = "Missing"
REASON_LENGTH = 160
ROW_KEYS = ("subscription", "resourceGroup", "cluster", "clusterType", "configuration", "namespace",
            "complianceState", "provisioningState", "sourceSyncedCommitId", "statusUpdatedAt", "reason")


def compliance_query(selection, name=None):
    """The one query: selected clusters, left-joined (with a name: every cluster stays) or inner-joined with
    their flux configurations; ``id`` is the configuration's id (what Resource Graph pages by). Only what a row
    shows comes back: ``statuses`` (for the reason) only for configurations that are not compliant."""
    configurations = f"kubernetesconfigurationresources | where type == {kql_string(FLUX_TYPE)}"
    if name:
        configurations += f" | where name =~ {kql_string(name)}"
    configurations += (
        " | parse tolower(id) with clusterKey '/providers/microsoft.kubernetesconfiguration/' *"
        " | project clusterKey, configuration = name, namespace = tostring(properties.namespace),"
        " complianceState = tostring(properties.complianceState),"
        " provisioningState = tostring(properties.provisioningState),"
        " sourceSyncedCommitId = tostring(properties.sourceSyncedCommitId),"
        " statusUpdatedAt = tostring(properties.statusUpdatedAt),"
        " errorMessage = tostring(properties.errorMessage),"
        " statuses = iff(tostring(properties.complianceState) =~ 'Non-Compliant', properties.statuses, dynamic(null))")
    kind = "leftouter" if name else "inner"
    configuration_name = kql_string(name) if name else "configuration"
    return ("resources | " + where_clause(selection) +
            " | project clusterKey = tolower(id), clusterId = id, cluster = name, clusterType = type, "
            "subscriptionId, resourceGroup"
            f" | join kind={kind} ({configurations}) on clusterKey"
            f" | project id = strcat(clusterId, '/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/', "
            f"{configuration_name}), subscriptionId, resourceGroup, cluster, clusterType, configuration, namespace, "
            "complianceState, provisioningState, sourceSyncedCommitId, statusUpdatedAt, errorMessage, statuses"
            " | order by id asc")


def clusters_query(selection):
    """How many selected clusters exist (asked only when the compliance query found nothing)."""
    return "resources | " + where_clause(selection) + " | summarize clusters = count()"


def reason_of(graph_row):
    """The first non-compliant deployed object, ``Kind/name: message`` (shortened); else a failed provisioning's
    error message; else ''."""
    for status in graph_row.get("statuses") or []:
        if (status.get("complianceState") or "").lower() == "non-compliant":
            conditions = status.get("statusConditions") or []
            message = next((c.get("message") for c in conditions if c.get("type") == "Ready"), None) or \
                next((c.get("message") for c in conditions if c.get("message")), "")
            return shorten("{}/{}: {}".format(status.get("kind"), status.get("name"), message).rstrip(": "))
    if graph_row.get("provisioningState") == "Failed" and graph_row.get("errorMessage"):
        return shorten(graph_row["errorMessage"])
    return ""


def shorten(text, limit=REASON_LENGTH):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def to_row(graph_row):
    """One output row from one row of the query (a selected cluster without the configuration: Missing)."""
    configuration = graph_row.get("configuration") or ""
    missing = not configuration

    def text(key):  # Resource Graph's strings are "" where the service has null
        return graph_row.get(key) or None

    return OrderedDict([
        ("subscription", graph_row.get("subscriptionId")),
        ("resourceGroup", graph_row.get("resourceGroup")),
        ("cluster", graph_row.get("cluster")),
        ("clusterType", CLUSTER_TYPES.get((graph_row.get("clusterType") or "").lower(),
                                          graph_row.get("clusterType"))),
        ("configuration", graph_row["id"].rsplit("/", 1)[1] if missing else configuration),
        ("namespace", text("namespace")),
        ("complianceState", MISSING if missing else text("complianceState") or "Unknown"),
        ("provisioningState", text("provisioningState")),
        ("sourceSyncedCommitId", text("sourceSyncedCommitId")),
        ("statusUpdatedAt", text("statusUpdatedAt")),
        ("reason", "" if missing else reason_of(graph_row)),
    ])


def canonical_states(values):
    """--state values in the service's spelling (any case accepted)."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    by_lower = {s.lower(): s for s in STATES}
    unknown = [v for v in values if v.lower() not in by_lower]
    if unknown:
        raise InvalidArgumentValueError(f"--state '{unknown[0]}' is not a compliance state.",
                                        "Use one or more of: " + ", ".join(STATES) + ".")
    return list(dict.fromkeys(by_lower[v.lower()] for v in values))


def summary(rows):
    """'N configurations: 80 Compliant, 3 Non-Compliant, ...' (states in a fixed order, then any other)."""
    counts = {}
    for row in rows:
        counts[row["complianceState"]] = counts.get(row["complianceState"], 0) + 1
    order = [s for s in STATES if s in counts] + sorted(s for s in counts if s not in STATES)
    total = sum(counts.values())
    parts = ", ".join(f"{counts[s]} {s}" for s in order)
    return f"{total} configuration{'s' if total != 1 else ''}" + (f": {parts}" if parts else "")
