"""The plan of `flux apply`: the stored configuration against the desired one, as plain data.

``make_plan`` compares the two after normalisation (the service's defaults filled as it fills them, durations
as seconds, key order and dependsOn order ignored, write-only members left out) and returns what to send: nothing
(unchanged), the create PUT, a merge PATCH of what changed (a kustomization left out of the file removed with
null), or a PUT when the source kind changes. Secrets are write-only: given, they are sent and the plan lists them
as "(secret)"; not given, the stored ones are kept. `--dry-run` prints ``Plan.as_dict()``; apply sends ``body``.
"""
import copy
from dataclasses import dataclass, field

from ..flux.kustomization_settings import DEFAULT_INTERVAL_SECONDS
from ..flux.options import refuse_immutable_change
from ..flux.sources import kinds
from ..flux.sources.table import PROTECTED
from . import kustomization_fields
from .file_configuration import is_redacted

SECRET = "(secret)"
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
_SOURCE_DEFAULTS = {"timeoutInSeconds": DEFAULT_INTERVAL_SECONDS, "syncIntervalInSeconds": DEFAULT_INTERVAL_SECONDS}


@dataclass
class Plan:
    """``action`` create | update | unchanged; ``method`` PUT | PATCH | None (nothing to send); ``changes``
    [{"path", "from", "to"}] with secrets as "(secret)"; ``body`` what is sent (may hold secrets: not in repr)."""
    action: str
    cluster: str
    name: str
    method: str = None
    changes: list = field(default_factory=list)
    body: dict = field(default=None, repr=False)

    def as_dict(self):
        return {"action": self.action, "cluster": self.cluster, "name": self.name, "method": self.method,
                "changes": self.changes}


def make_plan(cluster_id, spec, stored_wire):
    """-> Plan for the desired FluxCreateSpec ``spec`` on the cluster, given the stored configuration (wire JSON,
    or None when there is none)."""
    desired_body = spec.body
    desired = desired_body["properties"]
    if stored_wire is None:
        return Plan(CREATE, cluster_id, spec.name, "PUT", _changes({}, comparable(desired)) + _secret_changes(
            desired), desired_body)
    stored = stored_wire.get("properties") or {}
    refuse_immutable_change("--namespace", spec.namespace, stored.get("namespace"), lambda value: value)
    refuse_immutable_change("--scope", spec.scope, (stored.get("scope") or "cluster").lower(), lambda value: value)
    old, new = comparable(stored), comparable(desired)
    secrets = _secret_changes(desired)
    if old.get("sourceKind") != new.get("sourceKind"):
        return Plan(UPDATE, cluster_id, spec.name, "PUT", _changes(old, new) + secrets, desired_body)
    patch = merge_patch(old, new)
    _add_secrets(patch, desired)
    if not patch:
        return Plan(UNCHANGED, cluster_id, spec.name)
    return Plan(UPDATE, cluster_id, spec.name, "PATCH", _changes(old, new) + secrets, {"properties": patch})


# --------------------------------------------------------------------------- normalisation

def comparable(properties):
    """The members of a configuration's properties that apply compares, normalised (see module doc)."""
    props = properties or {}
    module = kinds.of_source_kind(props.get("sourceKind")) or kinds.git
    result = {"sourceKind": module.SOURCE_KIND, "suspend": bool(props.get("suspend"))}
    block = _source_block(module, props.get(module.BLOCK))
    if block:
        result[module.BLOCK] = block
    result["kustomizations"] = {name: _kustomization(body) for name, body in (props.get("kustomizations") or {})
                                .items() if body is not None}
    if props.get("waitForReconciliation"):
        result["waitForReconciliation"] = True
        duration = props.get("reconciliationWaitDuration")
        if duration:
            result["reconciliationWaitDuration"] = _iso_seconds(duration)
    return result


def _source_block(module, block):
    secret_paths = {row.path for row in module.OPTIONS if row.secret and not row.protected}
    result = _pruned(block or {}, secret_paths)
    for row in module.OPTIONS:  # a switch turned off is the same as one left out
        if row.switch and len(row.path) == 1 and result.get(row.path[0]) is False:
            del result[row.path[0]]
    if block is not None:
        for key, value in _SOURCE_DEFAULTS.items():
            result.setdefault(key, value)
    return result


def _pruned(node, secret_paths, prefix=()):
    """Without None members, write-only members (secret rows, '<redacted>') and objects left empty."""
    result = {}
    for key, value in node.items():
        path = prefix + (key,)
        if value is None or path in secret_paths or is_redacted(value):
            continue
        if isinstance(value, dict):
            value = _pruned(value, secret_paths, path)
            if not value:
                continue
        result[key] = copy.deepcopy(value)
    return result


def _kustomization(body):
    result = dict(kustomization_fields.DEFAULTS)
    for key, value in body.items():
        if key == "name" or value is None:
            continue
        if key == "postBuild":
            value = {k: v for k, v in value.items() if v}
            if not value:
                continue
        result[key] = copy.deepcopy(value)
    result["dependsOn"] = sorted(set(result.get("dependsOn") or []))
    return result


def _iso_seconds(text):
    import re
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", str(text).upper())
    if not match:
        return text
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


# --------------------------------------------------------------------------- differences

def merge_patch(old, new):
    """The RFC 7396 merge patch that turns ``old`` into ``new``: changed members, removed ones as null; lists and
    values replaced whole; a member new as a whole is sent whole."""
    patch = {}
    for key in list(old) + [key for key in new if key not in old]:
        if key not in new:
            patch[key] = None
        elif key not in old:
            patch[key] = copy.deepcopy(new[key])
        elif isinstance(old[key], dict) and isinstance(new[key], dict):
            inner = merge_patch(old[key], new[key])
            if inner:
                patch[key] = inner
        elif old[key] != new[key]:
            patch[key] = copy.deepcopy(new[key])
    return patch


def _flatten(node, prefix=()):
    leaves = {}
    for key, value in node.items():
        path = prefix + (str(key),)
        if isinstance(value, dict) and value:
            leaves.update(_flatten(value, path))
        else:
            leaves[path] = value
    return leaves


def printed_path(path):
    """A wire path -> the dotted path with the names `flux show` prints (gitRepository.httpsCACert ->
    gitRepository.httpsCaCert), so that a change names the member as the file has it."""
    from ..arm.output_schema import MODELS
    names, kind = [], "FluxConfiguration"
    for part in path:
        if isinstance(kind, tuple):  # a map's key (a kustomization's name, a variable) or a list
            names.append(part)
            kind = kind[1]
            continue
        field = next((f for f in MODELS.get(kind, ()) if f[1][-1] == part), None) if isinstance(kind, str) else None
        names.append(field[0] if field else part)
        kind = field[2] if field else "plain"
    return ".".join(names)


def _changes(old, new):
    before, after = _flatten(old), _flatten(new)
    paths = list(before) + [path for path in after if path not in before]
    return [{"path": printed_path(path), "from": before.get(path), "to": after.get(path)}
            for path in paths if before.get(path) != after.get(path)]


def _secret_members(desired):
    """[(path tuple in properties)] of the secrets the desired body sends (protected settings, in-block secrets)."""
    found = [(PROTECTED, key) for key, value in (desired.get(PROTECTED) or {}).items() if value is not None]
    module = kinds.of_source_kind(desired.get("sourceKind")) or kinds.git
    block = desired.get(module.BLOCK) or {}
    for row in module.OPTIONS:
        if row.secret and not row.protected:
            value = block
            for key in row.path:
                value = value.get(key) if isinstance(value, dict) else None
            if value is not None:
                found.append((module.BLOCK,) + row.path)
    return found


def _secret_changes(desired):
    return [{"path": ".".join(path), "from": None, "to": SECRET} for path in _secret_members(desired)]


def _add_secrets(patch, desired):
    for path in _secret_members(desired):
        value, node = desired, patch
        for key in path:
            value = value[key]
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
