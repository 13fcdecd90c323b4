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


def _time(value):
    """ISO timestamps to the second, in UTC as ARM sends them (az prints microseconds otherwise)."""
    if not value or len(value) < 19 or value[10] != "T":
        return value
    return value[:19] + "Z"


def flux_configuration_table(result):
    return OrderedDict([
        ("Namespace", result.get("namespace")),
        ("Name", result.get("name")),
        ("Scope", result.get("scope")),
        ("ProvisioningState", result.get("provisioningState")),
        ("ComplianceState", result.get("complianceState")),
        ("StatusUpdatedAt", _time(result.get("statusUpdatedAt"))),
        ("SourceUpdatedAt", _time(result.get("sourceUpdatedAt"))),
    ])


def flux_configuration_list_table(results):
    return [flux_configuration_table(r) for r in results]


def kustomization_table(result, name=None):
    return OrderedDict([
        ("Name", name or result.get("name")),
        ("Path", result.get("path")),
        ("DependsOn", ", ".join(result.get("dependsOn") or [])),
        ("SyncInterval", _duration(result.get("syncIntervalInSeconds"))),
        ("Timeout", _duration(result.get("timeoutInSeconds"))),
        ("Prune", _flag(result.get("prune"))),
        ("Force", _flag(result.get("force"))),
    ])


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
    return OrderedDict([
        ("Kind", result.get("kind")),
        ("Namespace", result.get("namespace")),
        ("Name", result.get("name")),
        ("ComplianceState", result.get("complianceState")),
        ("Message", _ready_message(result)),
    ])


def deployed_object_list_table(results):
    return [deployed_object_table(r) for r in results]


def extension_table(result):
    return OrderedDict([
        ("Name", result.get("name")),
        ("ExtensionType", result.get("extensionType")),
        ("Version", result.get("currentVersion") or result.get("version")),
        ("ProvisioningState", result.get("provisioningState")),
        ("ReleaseTrain", result.get("releaseTrain")),
        ("AutoUpgrade", _flag(result.get("autoUpgradeMinorVersion"))),
    ])


def extension_list_table(results):
    return [extension_table(r) for r in results]


def legacy_table(result):
    return OrderedDict([
        ("Name", result.get("name")),
        ("RepositoryUrl", result.get("repositoryUrl")),
        ("OperatorName", result.get("operatorInstanceName")),
        ("OperatorNamespace", result.get("operatorNamespace")),
        ("Scope", result.get("operatorScope")),
        ("ProvisioningState", result.get("provisioningState")),
    ])


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
    return OrderedDict([  # "" rather than None: az drops a row's None cells, which would reorder the columns
        ("Name", result.get("name")),
        ("Publisher", properties.get("publisher") or ""),
        ("ClusterTypes", _names(properties.get("supportedClusterTypes"))),
        ("DefaultScope", scopes.get("defaultScope") or ""),
        ("ReleaseNamespace", cluster_scope.get("defaultReleaseNamespace") or ""),
        ("Plan", "/".join(plan.get(key) or "" for key in ("publisherId", "offerId", "planId")) if plan else ""),
    ])


def extension_type_list_table(results):
    return [extension_type_table(r) for r in sorted(results or [], key=lambda r: (r.get("name") or "").lower())]


def _unsupported_kubernetes(matrix):
    """{"connectedCluster": [{"distributions": ["GKE"], "unsupportedVersions": [">1.22"]}]}
    -> 'connectedCluster: GKE >1.22' (only the entries that rule something out)."""
    parts = []
    for cluster_type, items in sorted((matrix or {}).items()):
        for item in items or []:
            if item.get("unsupportedVersions"):
                parts.append(f"{cluster_type}: {' '.join(item.get('distributions') or ['any'])} "
                             f"{' '.join(item['unsupportedVersions'])}")
    return "; ".join(parts)


def extension_type_version_table(result):
    """A version that can be installed: where, and which Kubernetes versions it does not support."""
    properties = result.get("properties") or {}
    return OrderedDict([
        ("Version", properties.get("version") or result.get("name")),
        ("ClusterTypes", _names(properties.get("supportedClusterTypes"))),
        ("UnsupportedKubernetes", _unsupported_kubernetes(properties.get("unsupportedKubernetesVersions"))),
    ])


def extension_type_version_list_table(results):
    """Newest first: the top row is what `--version` would most likely be."""
    from azext_k8s_configuration.extension_types.versions import order
    rows = [extension_type_version_table(r) for r in results or []]
    return sorted(rows, key=lambda row: order(row["Version"]), reverse=True)


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
