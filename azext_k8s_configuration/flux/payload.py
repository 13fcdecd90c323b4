"""The only module that knows the fluxConfigurations wire format (API 2025-04-01, REFERENCE.md §5).

Builds PUT bodies and merge-PATCH bodies from the plain data of the model, reads the current resource
back into that plain data. Which fields are secret is arm/redaction.py's (``redact``, ``secret_values``).
"""
import copy

from azext_k8s_configuration.arm import redaction

DEFAULT_TIMEOUT_SECONDS = 600
DEFAULT_SYNC_INTERVAL_SECONDS = 600

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
_POST_BUILD_FIELDS = {"substitute": "substitute", "substitute_from": "substituteFrom"}
_KUSTOMIZATION_DEFAULTS = {"path": "", "depends_on": [], "timeout": DEFAULT_TIMEOUT_SECONDS,
                           "sync_interval": DEFAULT_SYNC_INTERVAL_SECONDS, "prune": False, "force": False}
_SECRET_FIELDS = {"ssh_private_key": "sshPrivateKey", "https_key": "httpsKey",
                  "bucket_secret_key": "bucketSecretKey"}
# wire names of the fields every source kind shares
_COMMON_FIELDS = {"url": "url", "timeout": "timeoutInSeconds", "sync_interval": "syncIntervalInSeconds",
                  "local_auth_ref": "localAuthRef"}
_COMMON_PATHS = {field: (key,) for field, key in _COMMON_FIELDS.items()}
# source field -> path in the block, for the non-git kinds (BucketSource, AzureBlobSource, OciSource)
SOURCE_PATHS = {
    "Bucket": dict(_COMMON_PATHS, bucket_name=("bucketName",), insecure=("insecure",), access_key=("accessKey",)),
    "AzureBlob": dict(
        _COMMON_PATHS, container_name=("containerName",), account_key=("accountKey",), sas_token=("sasToken",),
        sp_client_id=("servicePrincipal", "clientId"), sp_tenant_id=("servicePrincipal", "tenantId"),
        sp_client_secret=("servicePrincipal", "clientSecret"),
        sp_client_cert=("servicePrincipal", "clientCertificate"),
        sp_cert_password=("servicePrincipal", "clientCertificatePassword"),
        sp_cert_send_chain=("servicePrincipal", "clientCertificateSendChain"),
        mi_client_id=("managedIdentity", "clientId")),
    "OCIRepository": dict(
        _COMMON_PATHS, tag=("repositoryRef", "tag"), semver=("repositoryRef", "semver"),
        digest=("repositoryRef", "digest"), media_type=("layerSelector", "mediaType"),
        operation=("layerSelector", "operation"), tls_ca_certificate=("tlsConfig", "caCertificate"),
        tls_client_certificate=("tlsConfig", "clientCertificate"), tls_private_key=("tlsConfig", "privateKey"),
        service_account_name=("serviceAccountName",), use_workload_identity=("useWorkloadIdentity",),
        insecure=("insecure",), verification_provider=("verify", "provider"),
        match_oidc_identity=("verify", "matchOidcIdentity"), verification_config=("verify", "verificationConfig")),
}
# sourceKind -> the properties member holding that source
SOURCE_BLOCKS = {"GitRepository": "gitRepository", "Bucket": "bucket", "AzureBlob": "azureBlob",
           "OCIRepository": "ociRepository"}


# --------------------------------------------------------------------------- building

def create_body(spec):
    """FluxCreateSpec -> PUT body ``{"properties": {...}}``; unset fields are omitted."""
    properties = {
        "scope": spec.scope,
        "namespace": spec.namespace,
        "sourceKind": spec.source_kind,
        "suspend": bool(spec.suspend),
        SOURCE_BLOCKS[spec.source_kind]: source_block(spec.source_kind, spec.source),
        "kustomizations": {k.name: kustomization_body(k, full=True) for k in spec.kustomizations},
    }
    if spec.wait_for_reconciliation is not None:
        properties["waitForReconciliation"] = spec.wait_for_reconciliation
    if spec.reconciliation_wait_duration is not None:
        properties["reconciliationWaitDuration"] = iso8601_duration(spec.reconciliation_wait_duration)
    protected = protected_settings(spec.secrets)
    if protected:
        properties["configurationProtectedSettings"] = protected
    return {"properties": properties}


def iso8601_duration(seconds):
    """Whole seconds -> the ISO 8601 form the API uses for reconciliationWaitDuration: 5400 -> 'PT1H30M'."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return "PT" + (parts or "0S")


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


def source_block(source_kind, source, cleared=()):
    """The block of any source kind with the set fields of ``source``.

    ``cleared`` (update): source fields to remove (JSON null); a nested object none of whose fields is
    set is removed as a whole (e.g. ``"servicePrincipal": null``)."""
    if source_kind == "GitRepository":
        return git_repository(source)
    block = {}
    paths = SOURCE_PATHS[source_kind]
    for field, path in paths.items():
        value = getattr(source, field) if source is not None else None
        if value is not None:
            _set_path(block, path, copy.deepcopy(value))
    for field in cleared:
        path = paths[field]
        if len(path) == 1 or path[0] not in block:
            block[path[0]] = None
        elif block[path[0]] is not None:  # some fields of this object are set: remove just this one
            _set_path(block, path, None)
    return block


def _set_path(block, path, value):
    node = block
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def kustomization_body(kustomization, full):
    """Kustomization -> wire dict. ``full`` fills the documented defaults (create); else only given fields."""
    values = dict(_KUSTOMIZATION_DEFAULTS) if full else {}
    values.update(kustomization.given())
    post_build = {key: values.pop(field) for field, key in _POST_BUILD_FIELDS.items() if field in values}
    body = {_KUSTOMIZATION_FIELDS[field]: (list(value) if field == "depends_on" else value)
            for field, value in values.items()}
    if post_build:
        body["postBuild"] = copy.deepcopy(post_build)
    return body


def protected_settings(secrets):
    """Secrets -> configurationProtectedSettings (base64 values), {} when none."""
    return {key: getattr(secrets, field) for field, key in _SECRET_FIELDS.items()
            if secrets is not None and getattr(secrets, field) is not None}


def git_changes_block(changes):
    """{GitSource field: value or None} -> partial gitRepository block (None -> JSON null = remove)."""
    block, ref = {}, {}
    for field, value in (changes or {}).items():
        if field in _REF_FIELDS:
            ref[field] = value
        else:
            block[_GIT_FIELDS[field]] = value
    if ref:
        block["repositoryRef"] = ref
    return block



def update_patch(source_kind=None, cleared_blocks=(), block_name=None, source_changes=None, suspend=None,
                 kustomizations=(), secrets=None):
    """Merge-PATCH body for ``flux update``.

    ``source_changes``: partial (or, on a kind change, complete) wire block put under ``block_name``.
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
    if source_changes:
        properties[block_name] = source_changes
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

    def __init__(self, name, scope, namespace, source_kind, git, kustomizations, source=None):
        self.name = name
        self.scope = scope
        self.namespace = namespace
        self.source_kind = source_kind
        self.git = git                         # GitSource (empty when the source is not git)
        self.kustomizations = kustomizations   # {name: Kustomization}
        self.source = source if source is not None else git   # the source of ``source_kind``


def read_existing(existing):
    """Wire JSON of the current resource (``{"name":..., "properties": {...}}`` or the flattened form
    az prints) -> ExistingConfiguration with a GitSource and {name: Kustomization}."""
    from .kustomization_args import Kustomization
    from .specs import GitSource

    existing = existing or {}
    props = existing.get("properties") if isinstance(existing.get("properties"), dict) else existing
    repo = props.get("gitRepository") or {}
    ref = repo.get("repositoryRef") or {}
    git = GitSource(**{field: repo.get(key) for field, key in _GIT_FIELDS.items()},
                    **{name: ref.get(name) for name in _REF_FIELDS})
    kustomizations = {}
    for name, body in (props.get("kustomizations") or {}).items():
        body = body or {}
        post_build = body.get("postBuild") or {}
        kustomizations[name] = Kustomization(
            name=name, **{field: body.get(key) for field, key in _KUSTOMIZATION_FIELDS.items()},
            **{field: post_build.get(key) for field, key in _POST_BUILD_FIELDS.items()})
    source_kind = props.get("sourceKind") or "GitRepository"
    return ExistingConfiguration(
        name=existing.get("name"), scope=props.get("scope"), namespace=props.get("namespace"),
        source_kind=source_kind, git=git, kustomizations=kustomizations,
        source=_read_other_source(source_kind, props) if source_kind in SOURCE_PATHS else None)


def _read_other_source(source_kind, props):
    from .other_sources import AzureBlobSource, BucketSource, OciSource
    cls = {"Bucket": BucketSource, "AzureBlob": AzureBlobSource, "OCIRepository": OciSource}[source_kind]
    block = props.get(SOURCE_BLOCKS[source_kind])
    values = {}
    for field, path in SOURCE_PATHS[source_kind].items():
        node = block or {}
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        values[field] = node
    return cls(**values)


# --------------------------------------------------------------------------- logging
# Which wire fields are secret is known in one place (arm/redaction.py); re-exported for payload's callers.
redact = redaction.redact
secret_values = redaction.secret_values
