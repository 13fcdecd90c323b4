"""`flux apply` on one cluster, as a function: the plan, then its execution. The fleet rollout (REFERENCE.md §13)
calls ``apply_on_cluster`` for each cluster it selects; the command handler calls it once."""
from dataclasses import dataclass
from functools import partial

from knack.log import get_logger

from ..flux.handler_steps import finish, register_secrets, wire
from . import desired
from .plan import CREATE, UNCHANGED, make_plan

logger = get_logger(__name__)


@dataclass
class ApplyResult:
    """One cluster's outcome: the plan and, unless it was a dry run or nothing changed, the resource written."""
    plan: object
    resource: object = None

    def row(self):
        """One line of a rollout's results: where, what was done, how many changes."""
        return {"cluster": self.plan.cluster, "name": self.plan.name, "action": self.plan.action,
                "method": self.plan.method, "changes": len(self.plan.changes)}


def precheck(config, name, command_options, kustomization_groups):
    """Every rule that needs no stored configuration, before anything is sent: the spec is built as if the secrets
    the rules need were stored (whether they are is known after the GET)."""
    from ..flux.options import parse_kind
    options, _, _ = desired.options_of(config, name, command_options, kustomization_groups)
    kind = parse_kind(options.get("kind"))
    desired.build(config, name, command_options, kustomization_groups, stored=_AnyStored(kind))


class _AnyStored:
    def __init__(self, kind):
        self.kind, self.source = kind, {}


def apply_on_cluster(cmd, client, cluster, config, name, command_options, kustomization_groups, dry_run=False,
                     no_wait=False, extensions=None, registered=None, planned=None):
    """GET the configuration, plan, and (unless ``dry_run``) send the plan's one write and wait -> ApplyResult.
    ``extensions``: the extensions client microsoft.flux's checks use (default: a new one); ``registered``: the
    subscriptions whose provider registration a rollout has read already (read once per subscription);
    ``planned(plan)``: called with the plan before anything is written (a rollout's row says the action even when
    the write fails)."""
    from ..flux import payload
    options, _, _ = desired.options_of(config, name, command_options, kustomization_groups)  # a name, or refused
    name = options["name"]
    existing = _read(client, cluster, name, confirm_parents=dry_run)
    stored_wire = wire(existing)
    stored = payload.read_existing(stored_wire) if stored_wire is not None else None
    spec = desired.build(config, name, command_options, kustomization_groups, stored=stored)
    plan = make_plan(cluster.id, spec, stored_wire)
    if planned is not None:
        planned(plan)
    if dry_run:
        return ApplyResult(plan)
    register_secrets(plan.body)
    if plan.action == UNCHANGED:
        logger.warning("unchanged: flux configuration '%s' on cluster '%s' already matches the file.", name,
                       cluster.name)
        return ApplyResult(plan, existing)
    warnings = spec.warnings + _removal_notices(name, stored, spec)
    if plan.action == CREATE:
        from ..flux.handlers import send_create
        if config.withheld:
            warnings.append("Not in the file (write-only, give them as options if the source needs them): "
                            f"{', '.join(config.withheld)}.")
        # as flux create: the warnings once the cluster passed microsoft.flux's checks, before any change
        return ApplyResult(plan, send_create(cmd, client, cluster, name, plan.body, no_wait,
                                             before_put=partial(_log, warnings), extensions=extensions,
                                             registered=registered))
    _log(warnings)
    from ..arm.errors import service_call
    what = f"flux configuration '{name}'"
    if plan.method == "PUT":
        logger.warning("The source kind changes: flux configuration '%s' is replaced (PUT).", name)
        poller = service_call(f"replacing {what}", client.flux_configurations.begin_create_or_update,
                              *cluster.sdk_args(), name, plan.body, polling=not no_wait)
    else:
        poller = service_call(f"updating {what}", client.flux_configurations.begin_update,
                              *cluster.sdk_args(), name, plan.body, polling=not no_wait)
    return ApplyResult(plan, finish(cmd, poller, what, no_wait))


def _log(warnings):
    for warning in warnings:
        logger.warning(warning)


def _read(client, cluster, name, confirm_parents):
    """The stored configuration, or None. Absent, apply creates it, and microsoft.flux's checks read the cluster
    first (naming a missing cluster, group or subscription): the parents are confirmed here only for a dry run,
    so that applying costs flux create's requests and this one read."""
    from ..arm import lookup
    return lookup.get(client, cluster, f"reading flux configuration '{name}'",
                      partial(client.flux_configurations.get, *cluster.sdk_args(), name), None, missing_ok=True,
                      confirm_parents=confirm_parents)


def _removal_notices(name, stored, spec):
    """Kustomizations the file leaves out are removed: say so, and that prune deletes what they deployed."""
    if stored is None:
        return []
    kept = {k.name for k in spec.kustomizations}
    notices = []
    for removed in sorted(set(stored.kustomizations) - kept):
        pruned = " Prune is on: the objects it deployed are deleted from the cluster." \
            if stored.kustomizations[removed].prune else ""
        notices.append(f"The file leaves out kustomization '{removed}' of '{name}': it is removed.{pruned}")
    return notices
