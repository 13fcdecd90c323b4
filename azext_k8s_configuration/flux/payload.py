"""The only module that knows the fluxConfigurations wire format (API 2025-04-01, REFERENCE.md §5).

Builds PUT bodies and merge-PATCH bodies from the plain data of the model, reads the current resource
back into that plain data. Where each source option goes is its row's (flux/sources/); which wire fields are
secret, arm/redaction.py's (``redact``, ``secret_values``, derived from the same rows).
"""
import copy
from dataclasses import fields

from azext_k8s_configuration.arm import redaction

from . import kustomization_settings
from .kustomization_args import Kustomization
from .sources import kinds, secret_members  # noqa: F401  (secret_members: registered for redaction)
from .sources.table import PROTECTED

# The kustomization settings sent, in the order of the Kustomization's fields (the wire's): kustomization_settings.py
_FIELD_ORDER = [f.name for f in fields(Kustomization)]
_SENT = sorted(kustomization_settings.SENT, key=lambda setting: _FIELD_ORDER.index(setting.field))
# sourceKind -> the properties member holding that source (from the kinds' tables)
SOURCE_BLOCKS = {module.SOURCE_KIND: module.BLOCK for module in kinds.KINDS.values()}


# --------------------------------------------------------------------------- building

def create_body(spec):
    """FluxCreateSpec -> PUT body ``{"properties": {...}}``; unset fields are omitted."""
    module = kinds.kind(spec.source.kind)
    properties = {
        "scope": spec.scope,
        "namespace": spec.namespace,
        "sourceKind": module.SOURCE_KIND,
        "suspend": bool(spec.suspend),
        module.BLOCK: source_block(spec.source),
        "kustomizations": {k.name: kustomization_body(k, full=True) for k in spec.kustomizations},
    }
    if spec.wait_for_reconciliation is not None:
        properties["waitForReconciliation"] = spec.wait_for_reconciliation
    if spec.reconciliation_wait_duration is not None:
        properties["reconciliationWaitDuration"] = iso8601_duration(spec.reconciliation_wait_duration)
    protected = protected_settings(spec.source)
    if protected:
        properties[PROTECTED] = protected
    return {"properties": properties}


def iso8601_duration(seconds):
    """Whole seconds -> the ISO 8601 form the API uses for reconciliationWaitDuration: 5400 -> 'PT1H30M'."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return "PT" + (parts or "0S")


def source_block(change):
    """A source Change -> its kind's block: each value at its row's wire path; a value None (update) removes the
    member (JSON null), and a nested object none of whose members is set is removed as a whole
    (``"servicePrincipal": null``). Protected settings are not in the block (``protected_settings``)."""
    rows = [row for row in kinds.kind(change.kind).OPTIONS if not row.protected and row.key in change.values]
    block = {}
    for row in rows:
        if change.values[row.key] is not None:
            _set_path(block, row.path, copy.deepcopy(change.values[row.key]))
    for row in rows:
        if change.values[row.key] is None:
            if len(row.path) == 1 or row.path[0] not in block:
                block[row.path[0]] = None
            elif block[row.path[0]] is not None:  # some members of this object are set: remove just this one
                _set_path(block, row.path, None)
    return block


def protected_settings(change):
    """The protected settings of a source Change (configurationProtectedSettings, base64 values); {} when none."""
    return {row.path[1]: change.values[row.key] for row in kinds.kind(change.kind).OPTIONS
            if row.protected and change.values.get(row.key) is not None}


def _get_path(block, path):
    node = block
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _set_path(block, path, value):
    node = block
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def kustomization_body(kustomization, full):
    """Kustomization -> wire dict. ``full`` fills the defaults of the settings (create); else only given fields."""
    given = kustomization.given()
    # on create the settings with a default come first (then those given), as the service has always seen them
    settings = ([s for s in _SENT if s.default is not None] + [s for s in _SENT if s.default is None]) if full \
        else _SENT
    body = {}
    for setting in settings:
        value = given.get(setting.field, setting.default if full else None)
        if value is not None:
            _set_path(body, setting.wire, list(value) if isinstance(value, tuple) else copy.deepcopy(value))
    return body


def update_patch(source=None, new_kind=False, removed_blocks=(), suspend=None, kustomizations=()):
    """Merge-PATCH body for ``flux update``.

    ``source``: the source Change (partial, or on a kind change complete); ``new_kind``: the source kind changes
    to the Change's, and ``removed_blocks`` (the old kind's) are nulled. ``kustomizations``: [(Kustomization,
    is_new)] — new ones get the create defaults, existing ones only the given fields.
    """
    properties = {}
    module = kinds.kind(source.kind) if source is not None else None
    if new_kind:
        properties["sourceKind"] = module.SOURCE_KIND
    for block in removed_blocks:
        properties[block] = None
    if suspend is not None:
        properties["suspend"] = bool(suspend)
    block = source_block(source) if source is not None else {}
    if block:
        properties[module.BLOCK] = block
    if kustomizations:
        properties["kustomizations"] = {k.name: kustomization_body(k, full=is_new) for k, is_new in kustomizations}
    protected = protected_settings(source) if source is not None else {}
    if protected:
        properties[PROTECTED] = protected
    return {"properties": properties}


def kustomization_patch(kustomizations):
    """PATCH body touching only ``kustomizations`` ({name: body or None to remove})."""
    return {"properties": {"kustomizations": kustomizations}}


# --------------------------------------------------------------------------- reading

class ExistingConfiguration:
    """The current resource as plain data (see ``read_existing``)."""

    def __init__(self, name, scope, namespace, source_kind, kind, source, kustomizations):
        self.name = name
        self.scope = scope
        self.namespace = namespace
        self.source_kind = source_kind         # the wire sourceKind (GitRepository, Bucket, ...)
        self.kind = kind                       # its --kind (git, bucket, azblob, oci)
        self.source = source                   # {option key: stored value} of that kind (secrets are never returned)
        self.kustomizations = kustomizations   # {name: Kustomization}


def read_existing(existing):
    """Wire JSON of the current resource (``{"name":..., "properties": {...}}`` or the flattened form
    az prints) -> ExistingConfiguration. A sourceKind this extension does not know reads as git."""
    existing = existing or {}
    props = existing.get("properties") if isinstance(existing.get("properties"), dict) else existing
    kustomizations = {}
    for name, body in (props.get("kustomizations") or {}).items():
        body = body or {}
        kustomizations[name] = Kustomization(name=name, **{setting.field: _get_path(body, setting.wire)
                                                           for setting in _SENT})
    source_kind = props.get("sourceKind") or kinds.git.SOURCE_KIND
    module = kinds.of_source_kind(source_kind) or kinds.git
    return ExistingConfiguration(
        name=existing.get("name"), scope=props.get("scope"), namespace=props.get("namespace"),
        source_kind=source_kind, kind=module.KEY, source=read_source(module, props.get(module.BLOCK)),
        kustomizations=kustomizations)


def read_source(module, block):
    """A kind's stored block -> {option key: value} for every option of its table kept in the block."""
    values = {}
    for row in module.OPTIONS:
        if row.protected:
            continue
        node = block or {}
        for key in row.path:
            node = node.get(key) if isinstance(node, dict) else None
        values[row.key] = node
    return values


# --------------------------------------------------------------------------- logging
# Which wire fields are secret: arm/redaction.py (derived from the source tables); re-exported for payload's callers.
redact = redaction.redact
secret_values = redaction.secret_values
