"""fluxConfigurations: create (PUT), merge-patch (PATCH), get, list, delete, operation status.

Rules the service enforces and users meet: microsoft.flux must be installed on the cluster — a configuration
written while it is still installing waits for it, and fails if the install fails; ``scope``/``namespace`` are
create-only; ``sourceKind`` must match the one source block present (a block of another kind sent as ``{}``
counts as absent); ``configurationProtectedSettings`` and password members are write-only, the OCI TLS material
and verification keys come back as ``"<redacted>"``; one mutation at a time (409); a missing configuration is
a 404 with no body. With ``waitForReconciliation`` the operation ends only once Flux has reconciled the
configuration, or fails (flux_wait).
"""
import base64
import copy
import hashlib
import time

from . import flux_reconcile, flux_status, flux_wait, rp
from .errors import ArmError, error_detail
from .providers import FLUX_API_VERSIONS
from .registry import ResourceType
from .rp_extensions import FLUX, find_by_type
from .schema import FLUX_PROPERTIES, SOURCE_BLOCKS, mask_write_only, source_kind, validate_request, write_only_paths

KIND = "fluxConfiguration"
TYPE = "Microsoft.KubernetesConfiguration/fluxConfigurations"
WRITE_ONLY_PATHS = write_only_paths(FLUX_PROPERTIES)  # accountKey, sasToken, clientSecret, OCI tls keys...
READY, INSTALLING = "Succeeded", ("Creating", "Updating")


def render(ctx, record, now=None, owned=False):
    """The body a GET returns; ``owned``: the record was read for this call alone and may be changed in place."""
    body = record.body if owned else copy.deepcopy(record.body)
    view = type(record)(body, None, record.meta, record.kind)
    flux_status.render(ctx, view, time.time() if now is None else now)
    mask_write_only(body["properties"], WRITE_ONLY_PATHS)  # like configurationProtectedSettings
    return body


def render_is_stable(ctx, record, now):
    """True when render() gives the same body until the record changes: not in the simulated Pending window after
    provisioning, not while a real reconciliation runs (its status changes as the background run goes)."""
    provisioned_at = record.meta.get("provisioned_at")
    pending = provisioned_at is not None and now < provisioned_at + ctx.operation_seconds
    return not pending and (record.meta.get("reconcile") or {"state": flux_reconcile.DONE})["state"] == \
        flux_reconcile.DONE


def missing(target):
    """The service answers a missing flux configuration with a bare 404: no error body at all."""
    return ArmError(404, "ResourceNotFound", "Flux configuration '{}' not found.".format(target.name), bare=True)


def put(ctx, req, target):
    body = validate_request("fluxConfigurations", "PUT", req.body)
    props = body.get("properties")
    if not isinstance(props, dict):
        raise ArmError(400, "InvalidRequestContent", "The request content was invalid: 'properties' is required.")
    ctx.lro.ensure_idle(target.path_id)
    existing = ctx.store.get(target.path_id)
    secrets = props.pop("configurationProtectedSettings", None) or {}
    props.setdefault("scope", "cluster")
    props.setdefault("namespace", "default")
    props["sourceKind"] = source_kind(props)
    props.setdefault("suspend", False)
    if existing is not None:
        old = existing.body["properties"]
        _immutable(old, props)
    _check_flux_extension(ctx, target)
    _drop_empty_blocks(props, props)
    _check_source(props, create=True)
    flux_wait.check_request(props)
    _normalise(props)
    props["repositoryPublicKey"] = _public_key(target.path_id, props, secrets)
    props["errorMessage"] = None
    props["provisioningState"] = "Updating" if existing else "Creating"
    rid = existing.body["id"] if existing else target.path_id
    new = {"id": rid, "name": rid.rsplit("/", 1)[1], "type": TYPE,
           "systemData": rp.system_data(existing.body.get("systemData") if existing else None),
           "properties": props}
    error = rp.operation_failure(ctx, "fluxConfigurations", new["name"])
    meta = {"provisioned_at": None}
    with ctx.store.lock:
        ctx.store.put(rid, target.collection_id, KIND, new, secrets, meta)
        op_id = ctx.lro.start(rid, "update" if existing else "create", error)
    return (200 if existing else 201), render(ctx, ctx.store.get(rid)), rp.lro_headers(ctx, target, rid, op_id)


def patch(ctx, req, target):
    raw_props = (req.body or {}).get("properties") if isinstance(req.body, dict) else None
    for key in ("scope", "namespace"):  # not in the patch schema; say plainly why they are refused
        if isinstance(raw_props, dict) and key in raw_props:
            raise ArmError(400, "ImmutableProperty", "'{}' cannot be changed after creation; delete and recreate "
                                                     "the configuration instead.".format(key))
    changes, existing, secrets_patch = rp.patch_start(ctx, req, target, "fluxConfigurations", missing)
    old_props = existing.body["properties"]
    props = rp.merge_patch(old_props, changes)
    for key in ("statuses", "complianceState", "sourceSyncedCommitId", "sourceUpdatedAt", "statusUpdatedAt"):
        props.pop(key, None)
    _drop_empty_blocks(props, changes)
    _check_source(props, create=False)
    flux_wait.check_request(props)
    _normalise(props)
    secrets = rp.merge_patch(existing.secrets, secrets_patch) if secrets_patch is not None else existing.secrets
    props["repositoryPublicKey"] = _public_key(existing.body["id"], props, secrets)
    props["provisioningState"] = "Updating"
    existing.body["properties"] = props
    existing.body["systemData"] = rp.system_data(existing.body.get("systemData"))
    rid = existing.body["id"]
    error = rp.operation_failure(ctx, "fluxConfigurations", existing.body["name"])
    with ctx.store.lock:
        ctx.store.update(rid, existing.body, secrets, {"provisioned_at": None})
        op_id = ctx.lro.start(rid, "update", error)
    return 202, render(ctx, ctx.store.get(rid)), rp.lro_headers(ctx, target, rid, op_id)


def gate(ctx, op, record):
    """LRO gate, before a create/update ends: (retry_at, error). While microsoft.flux is still installing (or
    updating) the operation waits for it (retry_at); if the extension is gone or never got installed, the
    operation fails with an error naming it. With waitForReconciliation it then waits for Flux (flux_wait)."""
    if op.action == "delete":
        return None, None
    cluster_id = record.body["id"].rsplit("/providers/", 1)[0]
    extension = find_by_type(ctx, cluster_id, FLUX)
    cluster = cluster_id.rsplit("/", 1)[1]
    if extension is None:
        return None, {"code": "FluxExtensionNotInstalled", "message": "The 'microsoft.flux' extension is no "
                      "longer installed on cluster '{}'; the flux configuration was not applied.".format(cluster)}
    pending = ctx.store.pending_operation(extension.body["id"])
    if pending is not None:
        return pending.due, None
    props = extension.body["properties"]
    if props.get("provisioningState") == READY or props.get("currentVersion"):  # installed (a failed update
        # leaves the installed version running): the configuration reaches the cluster
        if not op.error and flux_wait.waits(record.body["properties"]):
            return flux_wait.gate(ctx, op, record)  # the operation ends once Flux has reconciled it
        return None, None
    cause = props.get("errorInfo") or {}
    return None, {"code": "FluxExtensionFailed", "message": "The 'microsoft.flux' extension '{}' on cluster '{}' "
                  "failed to install (provisioning state '{}'{}); the flux configuration was not applied. Repair "
                  "the extension (delete and re-create it), then update the configuration.".format(
                      extension.body["name"], cluster, props.get("provisioningState"),
                      ", {}: {}".format(cause.get("code"), cause.get("message")) if cause else "")}


def finish(ctx, op, record):
    """LRO finisher: a failed operation leaves its message in errorMessage, a successful one clears it; a loopback
    git source starts its real reconciliation (flux_reconcile)."""
    record.body["properties"]["errorMessage"] = op.error.get("message") if op.error else None
    flux_reconcile.on_operation_finished(ctx, op, record)


def deleted(ctx, op, record):
    """LRO delete finisher: the agent removes what the configuration applied to the simulated cluster (prune)."""
    flux_reconcile.prune_deleted(ctx, record)


def _immutable(old, new):
    for key in ("scope", "namespace"):
        if (old.get(key) or "").lower() != (new.get(key) or "").lower():
            raise ArmError(400, "ImmutableProperty",
                           "'{}' cannot be changed after creation (was '{}', requested '{}'); delete and recreate "
                           "the configuration instead.".format(key, old.get(key), new.get(key)))


def _check_flux_extension(ctx, target):
    record = find_by_type(ctx, target.cluster_id, FLUX)
    if record is None:
        raise ArmError(400, "FluxExtensionNotInstalled",
                       "The 'microsoft.flux' extension is not installed on cluster '{}'. Install it first "
                       "(az k8s-extension create --extension-type microsoft.flux ...).".format(
                           target.cluster.body["name"]))
    state = record.body["properties"].get("provisioningState")
    if state != READY and state not in INSTALLING:  # still installing: accepted, the operation waits (gate)
        raise ArmError(400, "FluxExtensionNotReady",
                       "The 'microsoft.flux' extension '{}' on cluster '{}' is in provisioning state '{}'; flux "
                       "configurations need it installed ('Succeeded') or installing.".format(
                           record.body["name"], target.cluster.body["name"], state))


def _drop_empty_blocks(props, sent):
    """A source block of another kind sent as {} counts as absent and is dropped from the resource (Microsoft's
    extension sends the old kind's blocks as {} when it switches the kind). Merge patch is unchanged elsewhere:
    null still removes a block, and a non-empty block of another kind is still a mismatch."""
    kind = source_kind(props)
    for other, block in SOURCE_BLOCKS.items():
        if other != kind and (sent.get(block) == {} or props.get(block) == {}):
            props.pop(block, None)


def _check_source(props, create):
    kind = source_kind(props)
    block = SOURCE_BLOCKS[kind]
    present = [k for k, b in SOURCE_BLOCKS.items() if props.get(b) is not None]
    details = []
    if props.get(block) is None:
        details.append(error_detail("SourceKindMismatch", "sourceKind is '{}' but no '{}' block was given."
                                    .format(kind, block), "properties." + block))
    for other in present:
        if other != kind:
            details.append(error_detail("SourceKindMismatch",
                                        "sourceKind is '{}' but a '{}' block is set{}.".format(
                                            kind, SOURCE_BLOCKS[other],
                                            "" if create else " (set it to null when changing the source kind)"),
                                        "properties." + SOURCE_BLOCKS[other]))
    if not details and not (props.get(block) or {}).get("url"):
        details.append(error_detail("MissingSourceUrl", "'{}.url' is required.".format(block),
                                    "properties.{}.url".format(block)))
    if details:
        raise ArmError(400, details[0]["code"], " ".join(d["message"] for d in details), details)


def _normalise(props):
    """Fill the values the service reports back (kustomization names, repositoryRef members)."""
    for name, kust in (props.get("kustomizations") or {}).items():
        if kust is None:
            continue
        kust["name"] = name
        kust.setdefault("path", "")
        kust.setdefault("dependsOn", [])
        kust.setdefault("timeoutInSeconds", 600)
        kust.setdefault("syncIntervalInSeconds", 600)
        kust.setdefault("retryIntervalInSeconds", None)
        kust.setdefault("prune", False)
        kust.setdefault("force", False)
        kust.setdefault("wait", True)
    props["kustomizations"] = {k: v for k, v in (props.get("kustomizations") or {}).items() if v is not None}
    git = props.get("gitRepository")
    if git:
        ref = git.get("repositoryRef") or {}
        git["repositoryRef"] = {k: ref.get(k) for k in ("branch", "tag", "semver", "commit")}
    for block in SOURCE_BLOCKS.values():
        if props.get(block):
            props[block].setdefault("timeoutInSeconds", 600)
            props[block].setdefault("syncIntervalInSeconds", 600)


def _public_key(resource_id, props, secrets):
    """When the git URL is ssh and no private key was given, the service generates a key pair and returns
    the public half (base64 of the OpenSSH line) for the user to register as a deploy key."""
    git = props.get("gitRepository") or {}
    url = (git.get("url") or "").lower()
    if props.get("sourceKind") != "GitRepository" or not url.startswith(("ssh://", "git@")):
        return None
    if (secrets or {}).get("sshPrivateKey") or git.get("localAuthRef"):
        return None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    seed = hashlib.sha256(resource_id.lower().encode()).digest()
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return base64.b64encode(public + b" flux-" + resource_id.rsplit("/", 1)[1].encode()).decode()


RESOURCE = ResourceType("fluxConfigurations", FLUX_API_VERSIONS, kind=KIND, render=render,
                        render_owned=lambda ctx, record: render(ctx, record, owned=True),
                        render_is_stable=render_is_stable, missing=missing,
                        put=put, patch=patch, delete=rp.delete_lro, lro=True, gate=gate, on_finish=finish,
                        on_delete=deleted)
