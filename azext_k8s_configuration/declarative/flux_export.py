"""`flux export --format flux`: a stored configuration -> Flux's own manifests, named and namespaced as
microsoft.flux creates them in the cluster: the source named after the configuration and each Kustomization
``{configuration}-{kustomization}``, all in the configuration's namespace (source.toolkit.fluxcd.io/v1,
kustomize.toolkit.fluxcd.io/v1).

Credentials: ``secretRef`` names the configuration's --local-auth-ref when it has one, otherwise — when it keeps
credentials (an HTTPS user, an SSH URL, bucket keys) — the Secret microsoft.flux writes them to,
``{configuration}-protected-parameters`` (README, "Configurations as files"). No secret value is ever written.
What Flux's manifests cannot say the way the Azure API does is left out with a note.
"""
from ..flux.sources import kinds
from ..validation.durations import format_duration
from . import kustomization_fields

COLLECTION = "fluxConfigurations"
SOURCE_API, KUSTOMIZE_API = "source.toolkit.fluxcd.io/v1", "kustomize.toolkit.fluxcd.io/v1"
PROTECTED_SECRET = "{}-protected-parameters"


def manifests(found):
    """ARM JSON of a configuration -> (multi-document YAML text, notes)."""
    import yaml
    name = found["name"]
    props = found.get("properties") or {}
    namespace = props.get("namespace") or "default"
    module = kinds.of_source_kind(props.get("sourceKind")) or kinds.git
    block = props.get(module.BLOCK) or {}
    notes = []
    source_kind, spec = _SOURCE_WRITERS[module.KEY](name, block, notes)
    spec["interval"] = format_duration(block.get("syncIntervalInSeconds") or 600)
    spec["timeout"] = format_duration(block.get("timeoutInSeconds") or 600)
    if props.get("suspend"):
        spec["suspend"] = True
    documents = [_object(SOURCE_API, source_kind, name, namespace, dict(sorted(spec.items())))]
    for key, body in (props.get("kustomizations") or {}).items():
        kustomization = kustomization_fields.flux_spec_from_wire(body or {})
        kustomization["sourceRef"] = {"kind": source_kind, "name": name}
        depends = (body or {}).get("dependsOn") or []
        if depends:
            kustomization["dependsOn"] = [{"name": f"{name}-{other}"} for other in depends]
        if props.get("suspend"):
            kustomization["suspend"] = True
        documents.append(_object(KUSTOMIZE_API, "Kustomization", f"{name}-{key}", namespace,
                                 dict(sorted(kustomization.items()))))
    text = "".join("---\n" + yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
                   for document in documents)
    return text, notes


def _object(api, kind, name, namespace, spec):
    return {"apiVersion": api, "kind": kind, "metadata": {"name": name, "namespace": namespace}, "spec": spec}


def _secret_ref(name, block, keeps_credentials):
    if block.get("localAuthRef"):
        return {"name": block["localAuthRef"]}
    if keeps_credentials:
        return {"name": PROTECTED_SECRET.format(name)}
    return None


def _git(name, block, notes):
    spec = {"url": block.get("url")}
    ref = {k: v for k, v in (block.get("repositoryRef") or {}).items() if v}
    if ref:
        spec["ref"] = ref
    url = str(block.get("url") or "").lower()
    secret = _secret_ref(name, block, bool(block.get("httpsUser")) or url.startswith(("ssh://", "git@"))
                         or bool(block.get("httpsCACert")))
    if secret:
        spec["secretRef"] = secret
    if block.get("provider"):
        spec["provider"] = str(block["provider"]).lower()
    if block.get("sshKnownHosts") or block.get("httpsCACert"):
        notes.append("known_hosts and the CA certificate are kept in the Secret secretRef names, not in the "
                     "GitRepository.")
    return "GitRepository", spec


def _bucket(name, block, notes):
    url = str(block.get("url") or "")
    scheme, _, endpoint = url.partition("://")
    spec = {"bucketName": block.get("bucketName"), "endpoint": endpoint or url, "provider": "generic"}
    if block.get("insecure") or scheme.lower() == "http":
        spec["insecure"] = True
    secret = _secret_ref(name, block, bool(block.get("accessKey")))
    if secret:
        spec["secretRef"] = secret
    return "Bucket", spec


def _oci(name, block, notes):
    spec = {"url": block.get("url")}
    ref = {k: v for k, v in (block.get("repositoryRef") or {}).items() if v}
    if ref:
        spec["ref"] = ref
    layer = {k: v for k, v in (block.get("layerSelector") or {}).items() if v}
    if layer:
        spec["layerSelector"] = layer
    if block.get("localAuthRef"):
        spec["secretRef"] = {"name": block["localAuthRef"]}
    if block.get("serviceAccountName"):
        spec["serviceAccountName"] = block["serviceAccountName"]
    if block.get("insecure"):
        spec["insecure"] = True
    verify = block.get("verify") or {}
    if verify.get("provider"):
        spec["verify"] = {"provider": verify["provider"]}
        if verify.get("matchOidcIdentity"):
            spec["verify"]["matchOIDCIdentity"] = verify["matchOidcIdentity"]
        if verify.get("verificationConfig"):
            notes.append("verify.verificationConfig (public keys) is write-only and not exported.")
    if block.get("tlsConfig"):
        notes.append("tlsConfig (TLS material) is write-only and not exported.")
    if block.get("useWorkloadIdentity"):
        notes.append("useWorkloadIdentity has no field of its own in Flux's OCIRepository; it is not exported.")
    return "OCIRepository", spec


def _azblob(name, block, notes):
    """Azure Blob is a Flux Bucket with provider azure (which the apply file reader does not take back)."""
    url = str(block.get("url") or "")
    spec = {"bucketName": block.get("containerName"), "endpoint": url, "provider": "azure"}
    secret = _secret_ref(name, block, bool(block.get("servicePrincipal") or block.get("accountKey") is not None
                                           or block.get("sasToken") is not None))
    if secret:
        spec["secretRef"] = secret
    notes.append("An Azure Blob source is written as a Flux Bucket with provider azure; `flux apply -f` takes "
                 "Azure Blob configurations in the azure format only.")
    return "Bucket", spec


_SOURCE_WRITERS = {"git": _git, "bucket": _bucket, "oci": _oci, "azblob": _azblob}
