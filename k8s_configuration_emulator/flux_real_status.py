"""The status of a flux configuration that the emulator reconciles for real (flux_reconcile): what its fetch and
build found, rendered at read time like the simulated status (flux_status.py), with the same timeline —
``Pending`` until the reconciliation has finished and applied, then:

* the source object: ``Compliant`` with ``stored artifact for revision 'main@sha1:<commit>'`` (the real commit),
  or ``Non-Compliant`` with source-controller's words (``authentication required``, ``knownhosts: key mismatch``,
  ``couldn't find remote ref ...``); ``sourceSyncedCommitId`` is that revision;
* one Kustomization per kustomization: ``Applied revision: ...``, or the real reason it failed
  (``ArtifactFailed`` — path not found, source not ready; ``BuildFailed`` with kustomize's error or the file and
  line; ``ReconciliationFailed`` — a namespace not yet there; ``HealthCheckFailed``; ``DependencyNotReady``);
* the Flux objects its kustomizations applied (flux_objects): HelmReleases with ``helmReleaseProperties``, their
  HelmCharts, HelmRepositories;
* ``complianceState``: ``Non-Compliant`` when any of them is, else ``Compliant``; ``suspend`` → ``Suspended``.
"""
from . import flux_objects
from .common import now_iso
from .flux_reconcile import DONE, SUSPENDED, resume_if_orphaned


def render(ctx, record, now, source_kind, deployed_at):
    """deployed_at: when the configuration reached the cluster (flux_status.deployed_at)."""
    props = record.body["properties"]
    state = record.meta["reconcile"]
    name, namespace = record.body["name"], props.get("namespace") or "default"
    kustomizations = list((props.get("kustomizations") or {}))
    if state.get("state") == DONE:
        _done(props, state, name, namespace, source_kind, kustomizations)
        return
    provisioned = now_iso(deployed_at)
    if state.get("state") == SUSPENDED:
        compliance = "Suspended"
        ready = flux_objects.condition(provisioned, None, "Suspended", "Reconciliation is suspended")
    else:
        resume_if_orphaned(ctx, record)
        compliance = "Pending"
        ready = flux_objects.condition(provisioned, None, "Progressing", "Reconciliation in progress")
    statuses = [_status(name, namespace, source_kind, compliance, None, ready)]
    statuses += [_status("{}-{}".format(name, k), namespace, "Kustomization", compliance, {"name": name, "namespace":
                         namespace}, ready) for k in kustomizations]
    props.update({"statuses": statuses, "complianceState": compliance, "sourceSyncedCommitId": None,
                  "sourceUpdatedAt": None, "statusUpdatedAt": provisioned})


def _done(props, state, name, namespace, source_kind, kustomizations):
    when, source = state["at"], state["source"]
    if source["ready"]:
        source_status = _status(name, namespace, source_kind, "Compliant", None, flux_objects.condition(
            when, True, "Succeeded", "stored artifact for revision '{}'".format(source["revision"])))
    else:
        source_status = _status(name, namespace, source_kind, "Non-Compliant", None, flux_objects.condition(
            when, False, source["reason"], source["message"]))
    statuses = [source_status]
    for kname in kustomizations:
        result = state["kustomizations"].get(kname) or {"state": "Unknown", "reason": "Progressing",
                                                        "message": "Reconciliation in progress"}
        ok = {"Compliant": True, "Non-Compliant": False}.get(result["state"])
        statuses.append(_status("{}-{}".format(name, kname), namespace, "Kustomization", result["state"],
                                {"name": name, "namespace": namespace},
                                flux_objects.condition(when, ok, result["reason"], result["message"])))
    statuses += state.get("objects") or []
    failing = any(s["complianceState"] == "Non-Compliant" for s in statuses)
    props.update({"statuses": statuses, "complianceState": "Non-Compliant" if failing else "Compliant",
                  "sourceSyncedCommitId": source.get("revision") if source["ready"] else None,
                  "sourceUpdatedAt": when if source["ready"] else None, "statusUpdatedAt": when})


def _status(name, namespace, kind, compliance, applied_by, ready):
    return {"name": name, "namespace": namespace, "kind": kind, "complianceState": compliance,
            "appliedBy": applied_by, "statusConditions": [ready]}
