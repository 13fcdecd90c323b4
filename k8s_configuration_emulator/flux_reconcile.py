"""Real reconciliation of a loopback git source, in the background of a flux configuration's operation.

When a create or update operation succeeds (rp_flux's on_finish) — or, if it waits for reconciliation, when it
has brought the configuration to the cluster (flux_wait) — and the source is a loopback git repository
(loopback.py), a thread fetches and builds it (flux_fetch_build) — request handling never waits for it — then,
no earlier than ``operation_seconds`` after that moment (the same "Flux is working" pause the simulated
status has), applies the result to the simulated cluster (flux_apply, cluster_inventory) and keeps the statuses in
the record's ``meta["reconcile"]``, which flux_status renders. Until then the configuration reads ``Pending``.

A result is kept only if the configuration is still at the operation that asked for it (a newer update starts its
own). After a restart, a reconciliation that was running is started again by the first read that sees it.
Deleting the configuration prunes (``prune_deleted``). At most ``PARALLEL`` fetches run at once.
"""
import copy
import sys
import threading
import time

from . import flux_apply, flux_objects
from .cluster_inventory import Inventory
from .common import now_iso
from .loopback import reconciled_for_real

PARALLEL = 2
RUNNING, DONE, SUSPENDED = "running", "done", "suspended"
_slots = threading.BoundedSemaphore(PARALLEL)
_started = set()  # (resource id, operation id) with a thread in this process
_started_lock = threading.Lock()


def on_operation_finished(ctx, op, record):
    """From the LRO finisher of a flux configuration: start the real reconciliation when it applies — unless this
    operation already started it, when the configuration reached the cluster (it waited for reconciliation:
    flux_wait); that one goes on whatever the operation's outcome, as Flux does in the cluster."""
    if (record.meta.get("reconcile") or {}).get("operation") == op.id:
        return
    record.meta.pop("reconcile", None)
    if op.error or op.action == "delete":
        return
    start(ctx, op, record, op.due)


def start(ctx, op, record, deployed_at):
    """The configuration reached the cluster at ``deployed_at`` through operation ``op``: start its real
    reconciliation when it applies (a loopback git source), recorded in ``record.meta`` (the caller saves it)."""
    props = record.body["properties"]
    if not reconciled_for_real(props):
        return
    if props.get("suspend"):
        record.meta["reconcile"] = {"operation": op.id, "state": SUSPENDED}
        return
    record.meta["reconcile"] = {"operation": op.id, "state": RUNNING}
    _spawn(ctx, record.body["id"], op.id, props, record.secrets, deployed_at + ctx.operation_seconds)


def resume_if_orphaned(ctx, record):
    """A reconciliation recorded as running with no thread in this process (the emulator restarted): run it."""
    state = record.meta.get("reconcile") or {}
    if state.get("state") != RUNNING:
        return
    with _started_lock:
        if (record.body["id"].lower(), state.get("operation")) in _started:
            return
    stored = ctx.store.get(record.body["id"])
    if stored is not None and (stored.meta.get("reconcile") or {}).get("operation") == state.get("operation"):
        _spawn(ctx, record.body["id"], state["operation"], stored.body["properties"], stored.secrets, time.time())


def prune_deleted(ctx, record):
    """The configuration's delete operation succeeded: the agent deletes its objects (prune decides the rest)."""
    try:
        inventory = Inventory.load(ctx.store, _cluster_id(record))
        if inventory.owners_of(record.body["id"]):
            flux_apply.prune_configuration(inventory, record.body["id"])
            inventory.save()
    except Exception as error:  # a defect here must not stop the delete (nor every later operation)
        sys.stderr.write("emulator: pruning for {} failed: {}\n".format(record.body["id"], type(error).__name__))


def _spawn(ctx, resource_id, op_id, props, secrets, settle_at):
    key = (resource_id.lower(), op_id)
    with _started_lock:
        if key in _started:
            return
        _started.add(key)
    args = (ctx, resource_id, op_id, copy.deepcopy(props), dict(secrets or {}), settle_at, key)
    threading.Thread(target=_run, args=args, name="flux-reconcile", daemon=True).start()


def _run(ctx, resource_id, op_id, props, secrets, settle_at, key):
    try:
        with _slots:
            outcome = _fetch_and_build(props, secrets)
        delay = settle_at - time.time()
        if delay > 0:
            time.sleep(delay)
        with ctx.store.lock:
            record = ctx.store.get(resource_id)
            if record is None or (record.meta.get("reconcile") or {}).get("operation") != op_id \
                    or record.body["properties"].get("provisioningState") == "Deleting":
                return  # deleted, updated again, or being deleted: this result is not wanted any more
            record.meta["reconcile"] = _apply(ctx, record, op_id, outcome)
            ctx.store.update(resource_id, record.body, record.secrets, record.meta)
    except Exception as error:  # never the message: it could carry a secret
        sys.stderr.write("emulator: reconciling {} failed: {}\n".format(resource_id, type(error).__name__))
    finally:
        with _started_lock:
            _started.discard(key)


def _fetch_and_build(props, secrets):
    from . import flux_fetch_build
    try:
        return flux_fetch_build.run(props, secrets)
    except Exception as error:  # a defect, or something the engine did not expect: say so, never the secret
        return {"source": {"ready": False, "reason": "GitOperationFailed",
                           "message": "the emulator could not fetch the source ({})".format(type(error).__name__)}}


def _apply(ctx, record, op_id, outcome):
    props = record.body["properties"]
    configuration = {"id": record.body["id"], "name": record.body["name"],
                     "namespace": props.get("namespace") or "default", "source_kind": "GitRepository"}
    kustomizations = [{"name": name, "depends_on": list(k.get("dependsOn") or []), "prune": bool(k.get("prune")),
                       "wait": k.get("wait", True) is not False}
                      for name, k in (props.get("kustomizations") or {}).items()]
    when = now_iso(time.time())
    inventory = Inventory.load(ctx.store, _cluster_id(record))
    results = flux_apply.apply_configuration(inventory, configuration, kustomizations, outcome)
    entries = flux_apply.owned_flux_objects(inventory, configuration, kustomizations)
    objects = flux_objects.statuses(entries, inventory, when)  # records Helm release revisions: save after
    inventory.save()
    return {"operation": op_id, "state": DONE, "at": when, "source": outcome["source"],
            "kustomizations": {name: r.to_dict() for name, r in results.items()}, "objects": objects}


def _cluster_id(record):
    return record.body["id"].rsplit("/providers/", 1)[0]
