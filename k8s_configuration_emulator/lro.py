"""Long-running operations, ARM style.

A mutation stores the resource in its transitional state (Creating/Updating/Deleting) and an operation
row with a due time. ``settle()`` finishes every operation whose time has come; it runs before each
request and from a background ticker, so operations also finish with nobody polling, and operations
that were in flight when the emulator stopped finish after it starts again (state is all in SQLite).
What differs per resource type comes from the resource-type registry (``ctx.types``): a type's ``gate`` may
postpone an operation before it ends (a flux configuration waits for microsoft.flux to finish installing) or fail
it, its ``on_finish`` makes the type's own changes when it ends, and its ``on_delete`` when a delete succeeds.
"""
import threading
import time
import uuid

from .errors import ArmError


class Lro:
    def __init__(self, ctx):
        self.ctx = ctx
        self._next_due = ctx.store.next_due()
        self._stop = threading.Event()

    def start(self, resource_id, action, error=None, seconds=None):
        """Register an operation for resource_id; return its id. error: ARM error dict to fail with."""
        op_id = str(uuid.uuid4())
        seconds = self.ctx.operation_seconds if seconds is None else seconds
        due = time.time() + seconds
        self.ctx.store.add_operation(op_id, resource_id, action, due, error)
        if self._next_due is None or due < self._next_due:
            self._next_due = due
        return op_id

    def ensure_idle(self, resource_id):
        """409 if a mutation of this resource is still running."""
        self.settle()
        op = self.ctx.store.pending_operation(resource_id)
        if op is not None:
            raise ArmError(409, "Conflict",
                           "Operation '{}' ({}) is in progress on this resource; retry when it has finished."
                           .format(op.id, op.action))

    def settle(self, now=None):
        now = time.time() if now is None else now
        if self._next_due is None or now < self._next_due:
            return
        store = self.ctx.store
        with store.lock:
            for op in store.due_operations(now):
                self._finish(op)
            self._next_due = store.next_due()

    def _finish(self, op):
        store = self.ctx.store
        record = store.get(op.resource_lc)
        rtype = self.ctx.types.by_kind(record.kind) if record is not None else None
        if rtype is not None and rtype.gate:  # fn(ctx, op, record) -> (retry_at, error)
            retry_at, error = rtype.gate(self.ctx, op, record)
            if retry_at is not None:
                store.reschedule_operation(op.id, retry_at)
                return
            op.error = error or op.error
        status = "Failed" if op.error else "Succeeded"
        if record is not None:
            if op.action == "delete" and not op.error:
                if rtype is not None and rtype.on_delete:
                    rtype.on_delete(self.ctx, op, record)
                store.delete(op.resource_lc)
            else:
                props = record.body.setdefault("properties", {})
                props["provisioningState"] = status
                record.meta["provisioned_at"] = op.due
                record.meta["last_operation"] = op.id
                if rtype is not None and rtype.on_finish:
                    rtype.on_finish(self.ctx, op, record)
                store.update(op.resource_lc, record.body, record.secrets, record.meta)
        store.finish_operation(op.id, status, op.error)

    # -- background ticker --------------------------------------------------------------------
    def run_ticker(self, interval=0.05):
        def loop():
            while not self._stop.wait(interval):
                try:
                    self.settle()
                except Exception:  # keep ticking; the next request retries
                    pass
        thread = threading.Thread(target=loop, name="lro-ticker", daemon=True)
        thread.start()
        return thread

    def stop(self):
        self._stop.set()
