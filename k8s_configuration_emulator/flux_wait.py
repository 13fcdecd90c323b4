"""``waitForReconciliation``: a create or update operation that ends only once Flux has reconciled.

Without it, a flux configuration's operation succeeds when the configuration reaches the cluster, and Flux's work
shows afterwards in its status (flux_status, flux_real_status). With ``waitForReconciliation: true`` the operation
(rp_flux's LRO gate) goes on past that moment, "deployed" (``meta["deployed_at"]``: from then on the status is
rendered — ``Pending``, then what Flux reported — and a loopback git source starts its real reconciliation,
flux_reconcile), and ends:

* ``Succeeded`` when the configuration is ``Compliant`` (the source and every kustomization Ready);
* ``Failed`` (``ReconciliationFailed``) as soon as the outcome is final and not Compliant: an object
  ``Non-Compliant`` (a dependency never ready; for a real reconciliation BuildFailed, ArtifactFailed,
  GitOperationFailed...) — or the configuration is suspended (Flux reconciles nothing: there is nothing to wait
  for); the message names each object not reconciled with its reason and Flux's message;
* ``Failed`` (``ReconciliationTimedOut``) when it is still not reconciled ``reconciliationWaitDuration`` (ISO 8601,
  e.g. ``PT30M``; ``DEFAULT_WAIT`` when not given) after the configuration was deployed, naming what is still
  ``Pending``.

The configuration's status goes on evolving after a failed wait, as Flux goes on reconciling in the cluster.
"""
import copy
import re
import time

from . import flux_status
from .errors import ArmError

DEFAULT_WAIT = "PT1H"  # the service documents no default; the emulator's choice (README)
POLL_SECONDS = 0.1  # how often a wait looks again at a reconciliation still running for real
_ISO_DURATION = re.compile(r"P(?:(?P<w>[0-9]+)W)?(?:(?P<d>[0-9]+)D)?"
                           r"(?:T(?:(?P<h>[0-9]+)H)?(?:(?P<m>[0-9]+)M)?(?:(?P<s>[0-9]+(?:\.[0-9]+)?)S)?)?",
                           re.IGNORECASE)
_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def waits(props):
    return props.get("waitForReconciliation") is True


def duration_seconds(text):
    """'PT1H30M' -> 5400.0; None when the text is not an ISO 8601 duration (weeks, days, hours, minutes, seconds)."""
    match = _ISO_DURATION.fullmatch(text or "")
    if match is None or not any(match.groupdict().values()) or text.upper().endswith("T"):
        return None
    return sum(float(value) * _UNITS[unit] for unit, value in match.groupdict().items() if value)


def check_request(props):
    """400 for a reconciliationWaitDuration that is not a positive ISO 8601 duration."""
    text = props.get("reconciliationWaitDuration")
    if text is None:
        return
    seconds = duration_seconds(text) if isinstance(text, str) else None
    if not seconds:
        raise ArmError(400, "InvalidReconciliationWaitDuration",
                       "reconciliationWaitDuration '{}' is not a positive ISO 8601 duration (e.g. PT5M, PT1H, P1D)."
                       .format(text))


def gate(ctx, op, record, now=None):
    """The LRO gate of a create/update whose configuration waits for reconciliation: (retry_at, error)."""
    now = time.time() if now is None else now
    meta = record.meta
    if meta.get("deployed_at") is None:  # the configuration reaches the cluster: Flux starts
        from . import flux_reconcile
        meta["deployed_at"] = op.due
        flux_reconcile.start(ctx, op, record, op.due)
        ctx.store.update(record.body["id"], record.body, record.secrets, meta)
    props = _status(ctx, record, now)
    state = props["complianceState"]
    if state == "Compliant":
        return None, None
    name = record.body["name"]
    if state == "Suspended":
        return None, _error("ReconciliationFailed", "Flux configuration '{}' is suspended: Flux reconciles nothing, "
                            "so there is no reconciliation to wait for. Resume it (suspend: false).".format(name))
    if state == "Non-Compliant":
        failed = [s for s in props["statuses"] if s["complianceState"] == "Non-Compliant"]
        return None, _error("ReconciliationFailed", "Flux configuration '{}' did not reconcile: {}.".format(
            name, "; ".join(_describe(s) for s in failed)))
    wait_text = (record.body["properties"].get("reconciliationWaitDuration") or DEFAULT_WAIT)
    deadline = meta["deployed_at"] + (duration_seconds(wait_text) or duration_seconds(DEFAULT_WAIT))
    if now >= deadline:
        waiting = [s for s in props["statuses"] if s["complianceState"] != "Compliant"]
        return None, _error("ReconciliationTimedOut", "Flux configuration '{}' did not reconcile within the "
                            "reconciliationWaitDuration {}: {}.".format(name, wait_text,
                                                                        "; ".join(_describe(s) for s in waiting)))
    settles = meta["deployed_at"] + ctx.operation_seconds  # when the simulated status settles
    return min(deadline, max(settles, now + POLL_SECONDS)), None


def _status(ctx, record, now):
    view = type(record)(copy.deepcopy(record.body), record.secrets, record.meta, record.kind)
    flux_status.render(ctx, view, now)
    return view.body["properties"]


def _describe(status):
    condition = (status.get("statusConditions") or [{}])[0]
    return "{} '{}' is {} ({}: {})".format(status["kind"], status["name"], status["complianceState"],
                                           condition.get("reason"), condition.get("message"))


def _error(code, message):
    return {"code": code, "message": message}
