"""flux export --format flux: every document fits the published Flux CRD schemas (source.toolkit.fluxcd.io/v1,
kustomize.toolkit.fluxcd.io/v1) — the fields, types, enums, patterns and required members used here are those of
the CRDs — and is named and namespaced as microsoft.flux creates the objects in the cluster."""
import jsonschema
import pytest
import yaml
from declarative_helpers import stored

from azext_k8s_configuration.declarative.flux_export import manifests
from azext_k8s_configuration.flux.model import build_create_spec

DURATION = {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"}
REF = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}},
       "additionalProperties": False}


def crd(kind, api, spec, required):
    return {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "additionalProperties": False,
            "properties": {"apiVersion": {"const": api}, "kind": {"const": kind},
                           "metadata": {"type": "object", "required": ["name", "namespace"]},
                           "spec": {"type": "object", "required": required, "properties": spec,
                                    "additionalProperties": False}}}


SOURCE = "source.toolkit.fluxcd.io/v1"
SCHEMAS = {
    "GitRepository": crd("GitRepository", SOURCE, {
        "url": {"type": "string", "pattern": "^(http|https|ssh)://.*$"}, "interval": DURATION, "timeout": DURATION,
        "ref": {"type": "object", "additionalProperties": False, "properties": {
            k: {"type": "string"} for k in ("branch", "tag", "semver", "name", "commit")}},
        "secretRef": REF, "suspend": {"type": "boolean"},
        "provider": {"enum": ["generic", "azure", "github"]}}, ["interval", "url"]),
    "OCIRepository": crd("OCIRepository", SOURCE, {
        "url": {"type": "string", "pattern": "^oci://.*$"}, "interval": DURATION, "timeout": DURATION,
        "ref": {"type": "object", "additionalProperties": False, "properties": {
            k: {"type": "string"} for k in ("digest", "semver", "semverFilter", "tag")}},
        "layerSelector": {"type": "object", "additionalProperties": False, "properties": {
            "mediaType": {"type": "string"}, "operation": {"enum": ["extract", "copy"]}}},
        "secretRef": REF, "serviceAccountName": {"type": "string"}, "insecure": {"type": "boolean"},
        "suspend": {"type": "boolean"},
        "verify": {"type": "object", "required": ["provider"], "properties": {
            "provider": {"enum": ["cosign", "notation"]},
            "matchOIDCIdentity": {"type": "array", "items": {"type": "object", "required": ["issuer", "subject"]}}}}},
        ["interval", "url"]),
    "Bucket": crd("Bucket", SOURCE, {
        "bucketName": {"type": "string"}, "endpoint": {"type": "string"}, "interval": DURATION, "timeout": DURATION,
        "insecure": {"type": "boolean"}, "provider": {"enum": ["generic", "aws", "gcp", "azure"]},
        "secretRef": REF, "suspend": {"type": "boolean"}}, ["bucketName", "endpoint", "interval"]),
    "Kustomization": crd("Kustomization", "kustomize.toolkit.fluxcd.io/v1", {
        "path": {"type": "string"}, "interval": DURATION, "retryInterval": DURATION, "timeout": DURATION,
        "prune": {"type": "boolean"}, "force": {"type": "boolean"}, "wait": {"type": "boolean"},
        "suspend": {"type": "boolean"},
        "dependsOn": {"type": "array", "items": {"type": "object", "required": ["name"]}},
        "sourceRef": {"type": "object", "required": ["kind", "name"], "properties": {
            "kind": {"enum": ["OCIRepository", "GitRepository", "Bucket"]}, "name": {"type": "string"}}},
        "postBuild": {"type": "object", "additionalProperties": False, "properties": {
            "substitute": {"type": "object", "additionalProperties": {"type": "string"}},
            "substituteFrom": {"type": "array", "items": {
                "type": "object", "required": ["kind", "name"], "properties": {
                    "kind": {"enum": ["Secret", "ConfigMap"]}, "name": {"type": "string"},
                    "optional": {"type": "boolean"}}}}}}},
        ["interval", "prune", "sourceRef"]),
}
KUSTOMIZATIONS = [["name=infra", "path=./infra", "prune=true", "retry_interval=90s", "disable_health_check=true"],
                  ["name=apps", "depends_on=infra", "substitute=env:prod", "substitute_from=Secret:vars:optional"]]


@pytest.mark.parametrize("options", [
    dict(url="https://github.com/org/repo", branch="main", https_user="git", https_key="s3cretTok"),
    dict(url="ssh://git@github.com/org/repo", commit="0123456789abcdef0123456789abcdef01234567", branch="main"),
    dict(url="https://dev.azure.com/o/p/_git/r", tag="v1", provider="azure", suspend=True),
    dict(kind="oci", url="oci://ghcr.io/org/app", semver=">=1", oci_media_type="x/y", oci_operation="copy",
         service_account_name="sa", oci_insecure=True, verification_provider="cosign",
         match_oidc_identity='[{"issuer": "a", "subject": "b"}]'),
    dict(kind="bucket", url="http://minio.local:9000", bucket_name="bkt", bucket_access_key="AK",
         bucket_secret_key="s3cretSK", bucket_insecure=True),
    dict(kind="azblob", url="https://acct.blob.core.windows.net", container_name="c", account_key="s3cretAK"),
])
def test_every_document_fits_the_flux_crds_and_carries_no_secret(options):
    spec = build_create_spec(name="cfg", namespace="team", kustomization=KUSTOMIZATIONS, **options)
    text, _ = manifests(stored(spec.body, "cfg"))
    documents = list(yaml.safe_load_all(text))
    for document in documents:
        jsonschema.validate(document, SCHEMAS[document["kind"]])
        assert document["metadata"]["namespace"] == "team"
    assert documents[0]["metadata"]["name"] == "cfg"
    assert [d["metadata"]["name"] for d in documents[1:]] == ["cfg-infra", "cfg-apps"]
    assert "s3cret" not in text and "czNjcmV0" not in text  # nor its base64


def test_credentials_are_referenced_by_the_secret_microsoft_flux_writes_or_the_local_auth_ref():
    private = build_create_spec(name="cfg", url="https://github.com/org/repo", branch="main", https_user="git",
                                https_key="t", kustomization=KUSTOMIZATIONS)
    [source, *_] = yaml.safe_load_all(manifests(stored(private.body, "cfg"))[0])
    assert source["spec"]["secretRef"] == {"name": "cfg-protected-parameters"}
    local = build_create_spec(name="cfg", url="https://github.com/org/repo", branch="main", local_auth_ref="mine",
                              kustomization=KUSTOMIZATIONS)
    [source, *_] = yaml.safe_load_all(manifests(stored(local.body, "cfg"))[0])
    assert source["spec"]["secretRef"] == {"name": "mine"}
    public = build_create_spec(name="cfg", url="https://github.com/org/repo", branch="main",
                               kustomization=KUSTOMIZATIONS)
    [source, *_] = yaml.safe_load_all(manifests(stored(public.body, "cfg"))[0])
    assert "secretRef" not in source["spec"]
