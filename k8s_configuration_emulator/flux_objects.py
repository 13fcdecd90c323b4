"""The Flux objects a kustomization applies, as the configuration's ``statuses`` report them (real reconciliation).

Flux reports its own kinds — the ones ``az k8s-configuration flux deployed-object show --object-kind`` takes:
HelmRelease (with ``helmReleaseProperties``), the HelmChart that helm-controller makes for it, HelmRepository,
and sources or Kustomizations nested in the repository. Plain Kubernetes objects (Namespaces, ConfigMaps, ...) are
in the simulated cluster's inventory (cluster_inventory.py), not in ``statuses``.

What is simulated here, since nothing leaves the machine: Helm repositories are not indexed and charts are not
downloaded — a HelmRelease is installed when its chart's source object exists in the cluster, with the chart
version as written (``6.x``); nested sources and Kustomizations are not reconciled (``Unknown``).
"""
HELM_RELEASE, HELM_CHART, HELM_REPOSITORY = "HelmRelease", "HelmChart", "HelmRepository"
NESTED_KINDS = ("GitRepository", "OCIRepository", "Bucket", "Kustomization")
FLUX_GROUP_SUFFIX = ".toolkit.fluxcd.io"


def is_flux_object(entry):
    group = entry["apiVersion"].split("/", 1)[0] if "/" in entry["apiVersion"] else ""
    return group.endswith(FLUX_GROUP_SUFFIX) and entry["kind"] in (HELM_RELEASE, HELM_REPOSITORY) + NESTED_KINDS


def facts(kind, data):
    """What the statuses need from an object's document (kept with the built object)."""
    spec = _dict(_dict(data).get("spec"))
    if kind == HELM_RELEASE:
        if isinstance(spec.get("chartRef"), dict):
            return {"chartRef": _ref(spec["chartRef"])}
        chart = _dict(_dict(spec.get("chart")).get("spec"))
        return {"chart": str(chart.get("chart") or ""), "version": str(chart.get("version") or "*"),
                "sourceRef": _ref(chart.get("sourceRef"))}
    if kind == HELM_REPOSITORY:
        return {"type": str(spec.get("type") or "default"), "url": str(spec.get("url") or "")}
    return None


def _dict(value):
    return value if isinstance(value, dict) else {}


def _ref(ref):
    ref = _dict(ref)
    return {"kind": str(ref.get("kind") or HELM_REPOSITORY), "name": str(ref.get("name") or ""),
            "namespace": ref.get("namespace")}


def chart_source(entry):
    """(kind, namespace, name) of the object a HelmRelease's chart comes from, and the HelmChart reference
    ({"name", "namespace"}) helm-controller reports for it."""
    namespace = entry.get("namespace") or "default"
    info = entry.get("facts") or {}
    if "chartRef" in info:
        ref = info["chartRef"]
        source = (ref["kind"], ref["namespace"] or namespace, ref["name"])
        chart = {"name": ref["name"], "namespace": ref["namespace"] or namespace} if ref["kind"] == HELM_CHART \
            else None
        return source, chart
    ref = info.get("sourceRef") or _ref({})
    source_namespace = ref["namespace"] or namespace
    return (ref["kind"], source_namespace, ref["name"]), {"name": f"{namespace}-{entry['name']}",
                                                          "namespace": source_namespace}


def release_ready(entry, inventory):
    """(ok, message) for a HelmRelease: its chart's source object must exist in the cluster."""
    (kind, namespace, name), chart = chart_source(entry)
    if inventory.find(kind, namespace, name) is not None:
        return True, None
    where = f"HelmChart '{chart['namespace']}/{chart['name']}'" if chart else f"{kind} '{namespace}/{name}'"
    return False, f"{where} is not ready: {kind} '{namespace}/{name}' not found"


def statuses(entries, inventory, when):
    """Status entries for the Flux objects among `entries` (inventory entries, in apply order). Records the Helm
    release revision on each HelmRelease entry (a changed HelmRelease is an upgrade: revision + 1)."""
    out = []
    for entry in entries:
        if not is_flux_object(entry):
            continue
        applied_by = _applied_by(entry)
        if entry["kind"] == HELM_RELEASE:
            out.extend(_release(entry, inventory, applied_by, when))
        elif entry["kind"] == HELM_REPOSITORY:
            out.append(_status(entry, applied_by, "Compliant", condition(when, True, "Succeeded",
                                                                        "Helm repository is ready")))
        else:
            out.append(_status(entry, applied_by, "Unknown", condition(
                when, None, "NotReconciled", "Not reconciled by the emulator: it fetches only the configuration's "
                "own loopback git source.")))
    return out


def _release(entry, inventory, applied_by, when):
    ok, problem = release_ready(entry, inventory)
    _source, chart = chart_source(entry)
    namespace, name = entry.get("namespace") or "default", entry["name"]
    info = entry.get("facts") or {}
    helm = entry.get("helm") or {}
    if ok and helm.get("digest") != entry.get("digest"):
        helm = {"digest": entry.get("digest"), "revision": int(helm.get("revision") or 0) + 1}
        entry["helm"] = helm
    revision = helm.get("revision")
    properties = {"lastRevisionApplied": revision, "helmChartRef": chart, "failureCount": 0,
                  "installFailureCount": 0, "upgradeFailureCount": 0}
    if ok:
        verb, reason = ("install", "InstallSucceeded") if revision == 1 else ("upgrade", "UpgradeSucceeded")
        chart_text = f" with chart {info['chart']}@{info['version']}" if info.get("chart") else ""
        ready = condition(when, True, reason, f"Helm {verb} succeeded for release {namespace}/{name}.v{revision}"
                                              f"{chart_text}")
    else:
        ready = condition(when, False, "ArtifactFailed", problem)
    release = _status(entry, applied_by, "Compliant" if ok else "Non-Compliant", ready)
    release["helmReleaseProperties"] = properties
    if chart is None or "chartRef" in info:
        return [release]
    source_kind, source_namespace, source_name = _source
    chart_ready = condition(when, True, "ChartPullSucceeded",
                            f"pulled '{info.get('chart')}' chart with version '{info.get('version')}'") if ok else \
        condition(when, False, "SourceUnavailable", f"failed to get source: {source_kind} "
                                                    f"'{source_namespace}/{source_name}' not found")
    chart_status = {"name": chart["name"], "namespace": chart["namespace"], "kind": HELM_CHART,
                    "complianceState": "Compliant" if ok else "Non-Compliant", "appliedBy": None,
                    "statusConditions": [chart_ready]}
    return [release, chart_status]


def _applied_by(entry):
    label = entry.get("appliedBy")
    if not label:
        return None
    namespace, _, name = label.partition("/")
    return {"name": name, "namespace": namespace}


def _status(entry, applied_by, state, ready):
    return {"name": entry["name"], "namespace": entry.get("namespace"), "kind": entry["kind"],
            "complianceState": state, "appliedBy": applied_by, "statusConditions": [ready]}


def condition(when, ok, reason, message):
    """A Ready condition; ok None means Unknown."""
    status = "Unknown" if ok is None else ("True" if ok else "False")
    return {"lastTransitionTime": when, "message": message, "reason": reason, "status": status, "type": "Ready"}
