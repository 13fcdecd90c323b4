"""SIMULATED Flux status for a flux configuration — unless the emulator reconciles it for real.

A git source on a loopback host (127.0.0.1, localhost) is fetched and built for real (loopback.py,
flux_reconcile.py) and rendered by flux_real_status.py. For every other source nothing is fetched or applied:
there is no cluster, no Git server and no Flux controller behind the emulator (github.com in the tutorial stays
simulated). The status is computed from the configuration and two timestamps, at read time:

* before the configuration reaches the cluster: no statuses, complianceState ``Unknown``; it reaches it when its
  operation succeeds — or, for an operation that waits for reconciliation (flux_wait), when the operation would
  have succeeded without waiting (``meta["deployed_at"]``; the status then shows while the operation runs, and
  stays after the wait failed);
* for ``operation_seconds`` after that: objects reported, every object ``Pending``;
* after that: the source "fetched" a revision whose sha is derived deterministically from the source URL and
  reference (sha1 of ``url#ref``); every kustomization "applied" it — unless it depends on a kustomization
  that does not exist or is itself not ready (``Non-Compliant``, reason ``DependencyNotReady``); a
  ``repositoryRef.commit`` is the fetched sha itself (alone, with no branch: revision ``HEAD/<commit>``,
  ``sourceSyncedCommitId`` ``sha1:<commit>``, as Flux reports a bare commit checkout);
* ``suspend: true`` → everything ``Suspended``;
* on a cluster made to fail reconciliations (admin ``cluster-failures``, cluster_failures.py): the source
  ``Non-Compliant`` (``GitOperationFailed``) and every kustomization ``Non-Compliant`` (``ArtifactFailed``).

Object names follow what Flux would create: the source object is named after the configuration, in its
namespace; each kustomization object is ``{configuration}-{kustomization}``.
"""
import hashlib

from . import flux_real_status
from .cluster_failures import cluster_of
from .common import now_iso
from .schema import SOURCE_BLOCKS, source_kind

DETACHED = "HEAD"  # the ref label of a bare commit checked out without a branch


def source_revision(props):
    """(ref label, sha) for the configuration's source."""
    kind = source_kind(props)
    source = props.get(SOURCE_BLOCKS.get(kind, "gitRepository")) or {}
    url = source.get("url") or ""
    if kind == "GitRepository":
        ref = source.get("repositoryRef") or {}
        if ref.get("commit") and not any(ref.get(k) for k in ("branch", "tag", "semver")):
            return DETACHED, ref["commit"].lower()
        label = ref.get("branch") or ref.get("tag") or ref.get("semver") or ref.get("commit") or "master"
        if ref.get("commit"):
            return label, ref["commit"].lower()
    elif kind == "OCIRepository":
        ref = source.get("repositoryRef") or {}
        label = ref.get("tag") or ref.get("semver") or ref.get("digest") or "latest"
    elif kind == "Bucket":
        label = source.get("bucketName") or "bucket"
    else:
        label = source.get("containerName") or "container"
    return label, hashlib.sha1("{}#{}".format(url, label).encode()).hexdigest()


def synced_commit_id(label, sha):
    """Flux's revision string: "<ref>@sha1:<sha>", or "sha1:<sha>" for a bare commit checked out (no ref)."""
    return "sha1:" + sha if label == DETACHED else "{}@sha1:{}".format(label, sha)


def deployed_at(record):
    """When the configuration reached the cluster (Flux started on it), or None: not yet, or being deleted."""
    state = record.body["properties"].get("provisioningState")
    if state == "Deleting":
        return None
    if record.meta.get("deployed_at") is not None:  # an operation that waits (or waited) for reconciliation
        return record.meta["deployed_at"]
    return record.meta.get("provisioned_at") if state == "Succeeded" else None


def render(ctx, record, now):
    """Fill the read-only status members of a flux configuration body (a copy is modified)."""
    props = record.body["properties"]
    provisioned_at = deployed_at(record)
    if provisioned_at is None:
        props.update({"statuses": [], "complianceState": "Unknown", "sourceSyncedCommitId": None,
                      "sourceUpdatedAt": None, "statusUpdatedAt": None})
        return
    kind = source_kind(props)
    if record.meta.get("reconcile"):  # reconciled for real (a loopback git source)
        flux_real_status.render(ctx, record, now, kind, provisioned_at)
        return
    name = record.body["name"]
    namespace = props.get("namespace") or "default"
    label, sha = source_revision(props)
    settled_at = provisioned_at + ctx.operation_seconds
    pending = now < settled_at
    suspended = bool(props.get("suspend"))
    revision = "{}/{}".format(label, sha)
    since = now_iso(provisioned_at if pending else settled_at)

    def state(ok):
        if suspended:
            return "Suspended"
        if pending:
            return "Pending"
        return "Compliant" if ok else "Non-Compliant"

    def condition(ok, message, reason):
        if pending:
            return {"lastTransitionTime": since, "message": "Reconciliation in progress",
                    "reason": "Progressing", "status": "Unknown", "type": "Ready"}
        return {"lastTransitionTime": since, "message": message, "reason": reason,
                "status": "True" if ok else "False", "type": "Ready"}

    failure = ctx.cluster_failures.error(cluster_of(record.body.get("id") or ""), "reconciliation")
    source_ok = failure is None
    statuses = [{
        "name": name, "namespace": namespace, "kind": kind, "complianceState": state(source_ok), "appliedBy": None,
        "statusConditions": [condition(True, "Fetched revision: " + revision, "GitOperationSucceed"
                                       if kind == "GitRepository" else "Succeeded") if source_ok else
                             condition(False, _fetch_failure(props, kind, failure), failure["code"])],
    }]
    ready = _ready_kustomizations(props.get("kustomizations") or {}) if source_ok else set()
    overall_ok = source_ok
    for kname, kust in (props.get("kustomizations") or {}).items():
        ok = kname in ready
        overall_ok = overall_ok and ok
        if ok:
            message, reason = "Applied revision: " + revision, "ReconciliationSucceeded"
        elif not source_ok:
            message, reason = "Source artifact not found, retrying in 30s", "ArtifactFailed"
        else:
            missing = [d for d in kust.get("dependsOn") or [] if d not in ready]
            message = "dependency '{}/{}-{}' is not ready".format(namespace, name, missing[0])
            reason = "DependencyNotReady"
        statuses.append({
            "name": "{}-{}".format(name, kname), "namespace": namespace, "kind": "Kustomization",
            "complianceState": state(ok), "appliedBy": {"name": name, "namespace": namespace},
            "statusConditions": [condition(ok, message, reason)],
        })
    props["statuses"] = statuses
    props["complianceState"] = state(overall_ok)
    props["sourceSyncedCommitId"] = None if pending or not source_ok else synced_commit_id(label, sha)
    props["sourceUpdatedAt"] = None if pending else now_iso(settled_at)
    props["statusUpdatedAt"] = now_iso(provisioned_at if pending else settled_at)


def _fetch_failure(props, kind, failure):
    """source-controller's words for a source it cannot fetch (a cluster made to fail, cluster_failures)."""
    url = (props.get(SOURCE_BLOCKS.get(kind, "gitRepository")) or {}).get("url") or ""
    return "failed to checkout and determine revision: unable to clone '{}': {}".format(url, failure["message"])


def _ready_kustomizations(kustomizations):
    """Names whose dependencies (transitively) all exist and are ready; cycles are never ready."""
    ready = set()
    changed = True
    while changed:
        changed = False
        for name, kust in kustomizations.items():
            if name not in ready and all(d in ready for d in (kust or {}).get("dependsOn") or []):
                ready.add(name)
                changed = True
    return ready
