"""The only module that knows the fluxConfigurations wire format (API 2025-04-01, REFERENCE.md §5).

Builds PUT bodies and merge-PATCH bodies from the plain data of ``model.py``, reads the current
resource back into that plain data, and redacts protected settings for logging.
"""
import copy

DEFAULT_TIMEOUT_SECONDS = 600
DEFAULT_SYNC_INTERVAL_SECONDS = 600
REDACTED = "<redacted>"

# GitSource field -> gitRepository key (the ref fields live under repositoryRef)
_GIT_FIELDS = {
    "url": "url",
    "timeout": "timeoutInSeconds",
    "sync_interval": "syncIntervalInSeconds",
    "known_hosts": "sshKnownHosts",
    "https_user": "httpsUser",
    "https_ca_cert": "httpsCACert",
    "local_auth_ref": "localAuthRef",
    "provider": "provider",
}
_REF_FIELDS = ("branch", "tag", "semver", "commit")
# Kustomization field -> kustomization key
_KUSTOMIZATION_FIELDS = {
    "path": "path",
    "depends_on": "dependsOn",
    "timeout": "timeoutInSeconds",
    "sync_interval": "syncIntervalInSeconds",
    "retry_interval": "retryIntervalInSeconds",
    "prune": "prune",
    "force": "force",
    "wait": "wait",
}
_KUSTOMIZATION_DEFAULTS = {"path": "", "depends_on": [], "timeout": DEFAULT_TIMEOUT_SECONDS,
                           "sync_interval": DEFAULT_SYNC_INTERVAL_SECONDS, "prune": False, "force": False}
_SECRET_FIELDS = {"ssh_private_key": "sshPrivateKey", "https_key": "httpsKey"}


# --------------------------------------------------------------------------- building

def create_body(spec):
    """FluxCreateSpec -> PUT body ``{"properties": {...}}``; unset fields are omitted."""
    properties = {
        "scope": spec.scope,
        "namespace": spec.namespace,
        "sourceKind": spec.source_kind,
        "suspend": bool(spec.suspend),
        "gitRepository": git_repository(spec.git),
        "kustomizations": {k.name: kustomization_body(k, full=True) for k in spec.kustomizations},
    }
    protected = protected_settings(spec.secrets)
    if protected:
        properties["configurationProtectedSettings"] = protected
    return {"properties": properties}


def git_repository(git):
    """GitSource -> gitRepository block (only set fields)."""
    block = {}
    for field, key in _GIT_FIELDS.items():
        value = getattr(git, field)
        if value is not None:
            block[key] = value
    ref = {name: getattr(git, name) for name in _REF_FIELDS if getattr(git, name) is not None}
    if ref:
        block["repositoryRef"] = ref
    return block


def kustomization_body(kustomization, full):
    """Kustomization -> wire dict. ``full`` fills the documented defaults (create); else only given fields."""
    values = dict(_KUSTOMIZATION_DEFAULTS) if full else {}
    values.update(kustomization.given())
    return {_KUSTOMIZATION_FIELDS[field]: (list(value) if field == "depends_on" else value)
            for field, value in values.items()}


def protected_settings(secrets):
    """Secrets -> configurationProtectedSettings (base64 values), {} when none."""
    return {key: getattr(secrets, field) for field, key in _SECRET_FIELDS.items()
            if secrets is not None and getattr(secrets, field) is not None}


def update_patch(source_kind=None, cleared_blocks=(), git_changes=None, suspend=None, kustomizations=(),  # pylint: disable=too-many-arguments
                 secrets=None):
    """Merge-PATCH body for ``flux update``.

    ``git_changes``: {GitSource field: value}; ``None`` values become JSON null (removal).
    ``kustomizations``: [(Kustomization, is_new)] — new ones get the create defaults, existing ones only
    the given fields. ``cleared_blocks``: source blocks to null (source-kind change).
    """
    properties = {}
    if source_kind is not None:
        properties["sourceKind"] = source_kind
    for block in cleared_blocks:
        properties[block] = None
    if suspend is not None:
        properties["suspend"] = bool(suspend)
    if git_changes:
        block, ref = {}, {}
        for field, value in git_changes.items():
            if field in _REF_FIELDS:
                ref[field] = value
            else:
                block[_GIT_FIELDS[field]] = value
        if ref:
            block["repositoryRef"] = ref
        properties["gitRepository"] = block
    if kustomizations:
        properties["kustomizations"] = {k.name: kustomization_body(k, full=is_new) for k, is_new in kustomizations}
    protected = protected_settings(secrets)
    if protected:
        properties["configurationProtectedSettings"] = protected
    return {"properties": properties}


def kustomization_patch(kustomizations):
    """PATCH body touching only ``kustomizations`` ({name: body or None to remove})."""
    return {"properties": {"kustomizations": kustomizations}}


# --------------------------------------------------------------------------- reading

class ExistingConfiguration:  # pylint: disable=too-few-public-methods
    """The current resource as plain data (see ``read_existing``)."""

    def __init__(self, name, scope, namespace, source_kind, git, kustomizations):  # pylint: disable=too-many-arguments
        self.name = name
        self.scope = scope
        self.namespace = namespace
        self.source_kind = source_kind
        self.git = git
        self.kustomizations = kustomizations


def read_existing(existing):
    """Wire JSON of the current resource (``{"name":..., "properties": {...}}`` or the flattened form
    az prints) -> ExistingConfiguration with a GitSource and {name: Kustomization}."""
    from .kustomization_args import Kustomization
    from .model import GitSource

    existing = existing or {}
    props = existing.get("properties") if isinstance(existing.get("properties"), dict) else existing
    repo = props.get("gitRepository") or {}
    ref = repo.get("repositoryRef") or {}
    git = GitSource(**{field: repo.get(key) for field, key in _GIT_FIELDS.items()},
                    **{name: ref.get(name) for name in _REF_FIELDS})
    kustomizations = {}
    for name, body in (props.get("kustomizations") or {}).items():
        body = body or {}
        kustomizations[name] = Kustomization(
            name=name, **{field: body.get(key) for field, key in _KUSTOMIZATION_FIELDS.items()})
    return ExistingConfiguration(
        name=existing.get("name"), scope=props.get("scope"), namespace=props.get("namespace"),
        source_kind=props.get("sourceKind") or "GitRepository", git=git, kustomizations=kustomizations)


# --------------------------------------------------------------------------- logging

def redact(body):
    """A deep copy of ``body`` with every configurationProtectedSettings value replaced by '<redacted>'."""
    result = copy.deepcopy(body)
    _redact_in_place(result)
    return result


def _redact_in_place(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "configurationProtectedSettings" and isinstance(value, dict):
                node[key] = {name: (REDACTED if v is not None else None) for name, v in value.items()}
            else:
                _redact_in_place(value)
    elif isinstance(node, list):
        for item in node:
            _redact_in_place(item)
