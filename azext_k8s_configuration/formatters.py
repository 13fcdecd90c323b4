"""Table transformers for `-o table` (REFERENCE.md §10). Imported at load time: keep it light."""
from collections import OrderedDict

MESSAGE_WIDTH = 80


def _duration(seconds):
    if seconds is None:
        return ""
    from azext_k8s_configuration.validation.durations import format_duration
    return format_duration(int(seconds))


def _flag(value):
    if value is None:
        return ""
    return "true" if value else "false"


def _row(*cells):
    """A table row: (column, value) pairs, a missing value as "". az's table output drops a cell whose value is None,
    and the whole column when it is None in every row (e.g. SourceUpdatedAt before the first fetch)."""
    return OrderedDict((column, "" if value is None else value) for column, value in cells)


def _time(value):
    """ISO timestamps to the second, in UTC as ARM sends them (az prints microseconds otherwise)."""
    if not value or len(value) < 19 or value[10] != "T":
        return value
    return value[:19] + "Z"


def flux_configuration_table(result):
    return _row(
        ("Namespace", result.get("namespace")),
        ("Name", result.get("name")),
        ("Scope", result.get("scope")),
        ("ProvisioningState", result.get("provisioningState")),
        ("ComplianceState", result.get("complianceState")),
        ("StatusUpdatedAt", _time(result.get("statusUpdatedAt"))),
        ("SourceUpdatedAt", _time(result.get("sourceUpdatedAt"))),
    )


def flux_configuration_list_table(results):
    return [flux_configuration_table(r) for r in results]


def kustomization_table(result, name=None):
    return _row(
        ("Name", name or result.get("name")),
        ("Path", result.get("path")),
        ("DependsOn", ", ".join(result.get("dependsOn") or [])),
        ("SyncInterval", _duration(result.get("syncIntervalInSeconds"))),
        ("Timeout", _duration(result.get("timeoutInSeconds"))),
        ("Prune", _flag(result.get("prune"))),
        ("Force", _flag(result.get("force"))),
    )


def kustomization_list_table(results):
    """`kustomization list` returns the configuration's kustomizations map (name → definition); `kustomization show`
    a map of one, {name: definition}, as Microsoft's extension does."""
    return [kustomization_table(k, name) for name, k in sorted((results or {}).items())]


def kustomization_table_from_configuration(result):
    return kustomization_list_table(result.get("kustomizations") if result else None)


def _ready_message(status):
    for condition in status.get("statusConditions") or []:
        if condition.get("type") == "Ready":
            message = (condition.get("message") or "").replace("\n", " ")
            return message if len(message) <= MESSAGE_WIDTH else message[:MESSAGE_WIDTH - 3] + "..."
    return ""


def deployed_object_table(result):
    return _row(
        ("Kind", result.get("kind")),
        ("Namespace", result.get("namespace")),
        ("Name", result.get("name")),
        ("ComplianceState", result.get("complianceState")),
        ("Message", _ready_message(result)),
    )


def deployed_object_list_table(results):
    return [deployed_object_table(r) for r in results]


def extension_table(result):
    return _row(
        ("Name", result.get("name")),
        ("ExtensionType", result.get("extensionType")),
        ("Version", result.get("currentVersion") or result.get("version")),
        ("ProvisioningState", result.get("provisioningState")),
        ("ReleaseTrain", result.get("releaseTrain")),
        ("AutoUpgrade", _flag(result.get("autoUpgradeMinorVersion"))),
    )


def extension_list_table(results):
    return [extension_table(r) for r in results]


def legacy_table(result):
    return _row(
        ("Name", result.get("name")),
        ("RepositoryUrl", result.get("repositoryUrl")),
        ("OperatorName", result.get("operatorInstanceName")),
        ("OperatorNamespace", result.get("operatorNamespace")),
        ("Scope", result.get("operatorScope")),
        ("ProvisioningState", result.get("provisioningState")),
    )


def legacy_list_table(results):
    return [legacy_table(r) for r in results]


def _names(values):
    return ", ".join(values or [])


def extension_type_table(result):
    """An extension type: who publishes it, where it installs, how (scope, namespace) and its marketplace plan."""
    properties = result.get("properties") or {}
    scopes = properties.get("supportedScopes") or {}
    cluster_scope = scopes.get("clusterScopeSettings") or {}
    cluster_scope = cluster_scope.get("properties") or cluster_scope  # az prints its properties flattened
    plan = properties.get("planInfo") or {}
    return _row(
        ("Name", result.get("name")),
        ("Publisher", properties.get("publisher")),
        ("ClusterTypes", _cluster_types(properties.get("supportedClusterTypes"))),
        ("DefaultScope", scopes.get("defaultScope")),
        ("ReleaseNamespace", cluster_scope.get("defaultReleaseNamespace")),
        ("Plan", "/".join(plan.get(key) or "" for key in ("publisherId", "offerId", "planId")) if plan else ""),
    )


def extension_type_list_table(results):
    return [extension_type_table(r) for r in sorted(results or [], key=lambda r: (r.get("name") or "").lower())]


def _cluster_type(value):
    """A cluster type as users type it with -t: the versions API says 'connectedCluster' where extension types say
    'connectedClusters' (unknown values are shown as they are)."""
    from azext_k8s_configuration.arm.coordinates import CLUSTER_TYPES
    by_singular = {key.rstrip("s"): canonical for key, (_, canonical) in CLUSTER_TYPES.items()}
    return by_singular.get((value or "").lower().rstrip("s"), value)


def _cluster_types(values):
    return _names(_cluster_type(v) for v in values or [])


def _unsupported_kubernetes(matrix):
    """{"connectedCluster": [{"distributions": ["GKE"], "unsupportedVersions": [">1.22"]}]}
    -> 'connectedClusters: GKE >1.22' (only the entries that rule something out)."""
    parts = []
    for cluster_type, items in sorted((matrix or {}).items()):
        for item in items or []:
            if item.get("unsupportedVersions"):
                parts.append(f"{_cluster_type(cluster_type)}: {' '.join(item.get('distributions') or ['any'])} "
                             f"{' '.join(item['unsupportedVersions'])}")
    return "; ".join(parts)


def extension_type_version_table(result):
    """A version that can be installed: where, and which Kubernetes versions it does not support."""
    properties = result.get("properties") or {}
    return _row(
        ("Version", properties.get("version") or result.get("name")),
        ("ClusterTypes", _cluster_types(properties.get("supportedClusterTypes"))),
        ("UnsupportedKubernetes", _unsupported_kubernetes(properties.get("unsupportedKubernetesVersions"))),
    )


def extension_type_version_list_table(results):
    """Newest first: the top row is what `--version` would most likely be."""
    from azext_k8s_configuration.extension_types.versions import order
    rows = [extension_type_version_table(r) for r in results or []]
    return sorted(rows, key=lambda row: order(row["Version"]), reverse=True)


def apply_table(result):
    """flux apply: the plan (--dry-run) as Path, From, To; the configuration otherwise; a rollout's rows."""
    if isinstance(result, list):
        return [_row(("ResourceGroup", r.get("resourceGroup")), ("Cluster", r.get("cluster")),
                     ("Action", r.get("action") or ""), ("Changes", _changes_cell(r)),
                     ("ProvisioningState", r.get("provisioningState") or ""),
                     ("ComplianceState", r.get("complianceState") or ""), ("Result", r.get("result")),
                     ("Error", r.get("error") or "")) for r in result]
    if isinstance(result, dict) and "changes" in result and "action" in result:
        if not result["changes"]:
            return [_row(("Path", f"({result['action']})"), ("From", ""), ("To", ""))]
        return [_row(("Path", change["path"]), ("From", _cell(change["from"])), ("To", _cell(change["to"])))
                for change in result["changes"]]
    return flux_configuration_table(result)


def _changes_cell(rollout_row):
    changes = rollout_row.get("changes")
    return "" if changes is None else str(len(changes))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        import json
        return json.dumps(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def flux_compliance_table(rows):
    return [OrderedDict([
        ("ResourceGroup", r.get("resourceGroup")),
        ("Cluster", r.get("cluster")),
        ("ClusterType", r.get("clusterType")),
        ("Configuration", r.get("configuration")),
        ("ComplianceState", r.get("complianceState") or ""),
        ("ProvisioningState", r.get("provisioningState") or ""),
        ("SourceSyncedCommitId", r.get("sourceSyncedCommitId") or ""),
        ("StatusUpdatedAt", _time(r.get("statusUpdatedAt")) or ""),
        ("Reason", r.get("reason") or ""),
    ]) for r in rows]
