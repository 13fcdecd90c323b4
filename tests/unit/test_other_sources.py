"""--kind bucket | azblob | oci (REFERENCE.md §7): bodies validated against the spec, rules, secrets."""
import copy
import json

import keygen
import pytest
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    AzCLIError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)
from sample_resources import EXISTING
from wire_checks import assert_not_in_error, valid_create, valid_patch

from azext_k8s_configuration.flux import payload
from azext_k8s_configuration.flux.model import build_create_spec, build_update_patch
from azext_k8s_configuration.flux.sources.oci import DEFAULT_OCI_TAG_WARNING

SECRET = "Sup3rSecretValue/+="
GUID = "11111111-2222-3333-4444-555555555555"
GUID2 = "66666666-7777-8888-9999-000000000000"
BUCKET = dict(kind="bucket", url="https://fluxminiotest.az.minio.io", bucket_name="flux")
BLOB = dict(kind="azblob", url="https://account.blob.core.windows.net", container_name="manifests")
OCI = dict(kind="oci", url="oci://ghcr.io/stefanprodan/manifests/podinfo")


def create(**opts):
    opts.setdefault("name", "cfg")
    spec = build_create_spec(**opts)
    valid_create(spec.body)
    return spec


def _outside(body, block):
    """The body without the given in-block secret fields and protected settings, as text."""
    redacted = payload.redact(body)
    return json.dumps(redacted)


# ----------------------------------------------------------------------- bucket

def test_bucket_with_keys():
    spec = create(**BUCKET, bucket_access_key="fluxminiotest", bucket_secret_key=SECRET, bucket_insecure=True,
                  sync_interval="1h")
    props = spec.body["properties"]
    assert props["sourceKind"] == "Bucket" and "gitRepository" not in props
    assert props["bucket"] == {"url": "https://fluxminiotest.az.minio.io", "bucketName": "flux", "insecure": True,
                               "timeoutInSeconds": 600, "syncIntervalInSeconds": 3600, "accessKey": "fluxminiotest"}
    assert props["configurationProtectedSettings"] == {"bucketSecretKey": keygen.b64(SECRET)}
    assert SECRET not in json.dumps(payload.redact(spec.body)) and keygen.b64(SECRET) not in repr(spec)
    assert spec.warnings == ["No --kustomization given: creating the kustomization 'kustomization-1' that applies "
                             "the root of the repository."]


def test_bucket_with_local_auth_ref():
    spec = create(**BUCKET, local_auth_ref="minio-credentials")
    assert spec.body["properties"]["bucket"]["localAuthRef"] == "minio-credentials"
    assert "insecure" not in spec.body["properties"]["bucket"]  # left out: az passes None


def test_an_explicit_false_flag_is_sent():
    spec = create(**BUCKET, local_auth_ref="minio-credentials", bucket_insecure=False)
    assert spec.body["properties"]["bucket"]["insecure"] is False


@pytest.mark.parametrize("opts, error, fragment", [
    (dict(BUCKET), RequiredArgumentMissingError, "needs credentials"),
    (dict(BUCKET, bucket_access_key="a"), RequiredArgumentMissingError,
     "--bucket-access-key needs --bucket-secret-key"),
    (dict(BUCKET, bucket_secret_key=SECRET), RequiredArgumentMissingError,
     "--bucket-secret-key needs --bucket-access-key"),
    (dict(BUCKET, bucket_access_key="a", bucket_secret_key=SECRET, local_auth_ref="s"),
     MutuallyExclusiveArgumentError, "--local-auth-ref cannot be combined"),
    (dict(BUCKET, bucket_name=None, local_auth_ref="s"), RequiredArgumentMissingError, "--bucket-name"),
    (dict(BUCKET, bucket_name="Bad_Name", local_auth_ref="s"), InvalidArgumentValueError, "--bucket-name 'Bad_Name'"),
    (dict(BUCKET, url="s3://bucket", local_auth_ref="s"), InvalidArgumentValueError, "not an http(s) URL"),
    (dict(BUCKET, url=f"https://key:{SECRET}@minio", local_auth_ref="s"), InvalidArgumentValueError, "credentials"),
    (dict(BUCKET, url="ftp://a:" + SECRET + "@minio", local_auth_ref="s"), InvalidArgumentValueError, "***@"),
    (dict(BUCKET, local_auth_ref="s", branch="main"), ArgumentUsageError, "--branch does not apply to --kind bucket"),
    (dict(BUCKET, local_auth_ref="s", https_user="u", https_key=SECRET), ArgumentUsageError,
     "--https-key, --https-user do not apply"),
    (dict(BUCKET, local_auth_ref="s", container_name="c"), ArgumentUsageError, "--container-name does not apply"),
])
def test_bucket_refusals(opts, error, fragment):
    with pytest.raises(AzCLIError) as err:
        build_create_spec(name="cfg", **opts)
    assert type(err.value) is error and fragment in err.value.error_msg, err.value.error_msg
    assert err.value.recommendations
    assert_not_in_error(err.value, SECRET)


def test_foreign_option_error_lists_valid_options():
    with pytest.raises(ArgumentUsageError) as err:
        build_create_spec(name="cfg", **BUCKET, local_auth_ref="s", ssh_private_key="x")
    assert "--bucket-name" in err.value.recommendations[0] and "--bucket-secret-key" in err.value.recommendations[0]


@pytest.mark.parametrize("flag", ["bucket_insecure", "oci_insecure", "use_workload_identity", "sp_cert_send_chain"])
def test_flags_of_another_kind_are_foreign_even_when_false(flag):
    # az passes None for a flag left out: a False was typed (`--bucket-insecure false`) and does not apply to git
    with pytest.raises(ArgumentUsageError, match="--" + flag.replace("_", "-")):
        create(name="cfg", url="https://h/r", branch="main", **{flag: False})


def test_unknown_option_name_is_a_wiring_error():
    with pytest.raises(TypeError):
        build_create_spec(name="cfg", url="https://h/r", bucket_nmae="x")


# ----------------------------------------------------------------------- azure blob

@pytest.mark.parametrize("auth, block", [
    (dict(account_key=SECRET), {"accountKey": SECRET}),
    (dict(sas_token=SECRET), {"sasToken": SECRET}),
    (dict(mi_client_id=GUID), {"managedIdentity": {"clientId": GUID}}),
    (dict(local_auth_ref="blob-secret"), {"localAuthRef": "blob-secret"}),
    (dict(sp_client_id=GUID, sp_tenant_id=GUID2, sp_client_secret=SECRET),
     {"servicePrincipal": {"clientId": GUID, "tenantId": GUID2, "clientSecret": SECRET}}),
    (dict(sp_client_id=GUID, sp_tenant_id=GUID2, sp_client_cert=keygen.b64("CERT AND KEY"),
          sp_cert_password=SECRET, sp_cert_send_chain=True),
     {"servicePrincipal": {"clientId": GUID, "tenantId": GUID2, "clientCertificate": keygen.b64("CERT AND KEY"),
                           "clientCertificatePassword": SECRET, "clientCertificateSendChain": True}}),
])
def test_azure_blob_auth_variants(auth, block):
    spec = create(**BLOB, **auth)
    props = spec.body["properties"]
    assert props["sourceKind"] == "AzureBlob"
    expected = {"url": BLOB["url"], "containerName": "manifests", "timeoutInSeconds": 600,
                "syncIntervalInSeconds": 600, **block}
    assert props["azureBlob"] == expected
    assert SECRET not in json.dumps(payload.redact(spec.body))
    assert SECRET not in repr(spec)
    if SECRET in json.dumps(spec.body):
        assert SECRET in payload.secret_values(spec.body)


@pytest.mark.parametrize("auth, error, fragment", [
    ({}, RequiredArgumentMissingError, "needs a way to authenticate"),
    (dict(account_key=SECRET, sas_token=SECRET), MutuallyExclusiveArgumentError, "--account-key and --sas-token"),
    (dict(account_key=SECRET, sp_client_id=GUID), MutuallyExclusiveArgumentError, "service principal"),
    (dict(sp_client_id=GUID, sp_client_secret=SECRET), RequiredArgumentMissingError, "--sp-tenant-id"),
    (dict(sp_client_id="nope", sp_tenant_id=GUID, sp_client_secret=SECRET), InvalidArgumentValueError, "not a GUID"),
    (dict(sp_client_id=GUID, sp_tenant_id=GUID2), RequiredArgumentMissingError, "exactly one of --sp-client-secret"),
    (dict(sp_client_id=GUID, sp_tenant_id=GUID2, sp_client_secret=SECRET, sp_client_cert=keygen.b64("c")),
     MutuallyExclusiveArgumentError, "exactly one of"),
    (dict(sp_client_id=GUID, sp_tenant_id=GUID2, sp_client_secret=SECRET, sp_cert_password=SECRET),
     ArgumentUsageError, "apply only with --sp-client-cert"),
    (dict(sp_client_id=GUID, sp_tenant_id=GUID2, sp_client_cert="%%%"), InvalidArgumentValueError, "base64"),
    (dict(mi_client_id="x"), InvalidArgumentValueError, "--mi-client-id 'x' is not a GUID"),
    (dict(account_key=" "), InvalidArgumentValueError, "--account-key must not be empty"),
    (dict(account_key=SECRET, container_name=None), RequiredArgumentMissingError, "--container-name"),
    (dict(account_key=SECRET, bucket_name="b"), ArgumentUsageError, "--bucket-name does not apply"),
])
def test_azure_blob_refusals(auth, error, fragment):
    opts = dict(BLOB, **auth)
    with pytest.raises(AzCLIError) as err:
        build_create_spec(name="cfg", **opts)
    assert type(err.value) is error and fragment in err.value.error_msg, err.value.error_msg
    assert_not_in_error(err.value, SECRET)


# ----------------------------------------------------------------------- OCI

def test_oci_minimal_warns_about_latest():
    spec = create(**OCI, kustomization=[["name=app", "path=./"]])
    assert spec.warnings == [DEFAULT_OCI_TAG_WARNING]
    assert spec.body["properties"]["ociRepository"] == {
        "url": OCI["url"], "timeoutInSeconds": 600, "syncIntervalInSeconds": 600}


def test_oci_everything(ca_chain, keys):
    tls_key = keygen.b64(keys["good"]["rsa-pkcs8"])
    spec = create(**OCI, semver=">=6.0.0", oci_media_type="application/vnd.cncf.flux.content.v1.tar+gzip",
                  oci_operation="COPY", tls_ca_certificate=keygen.b64(ca_chain[0]),
                  tls_client_certificate=keygen.b64(ca_chain[1]), tls_private_key=tls_key,
                  service_account_name="puller", oci_insecure=True, verification_provider="cosign",
                  match_oidc_identity='[{"issuer": "^https://token.actions.githubusercontent.com$", '
                                      '"subject": "^https://github.com/org/.*$"}]',
                  verification_config=["cosign.pub=" + keygen.b64("PUBLIC KEY")])
    block = spec.body["properties"]["ociRepository"]
    assert block["repositoryRef"] == {"semver": ">=6.0.0"}
    assert block["layerSelector"] == {"mediaType": "application/vnd.cncf.flux.content.v1.tar+gzip",
                                      "operation": "copy"}
    assert block["tlsConfig"] == {"caCertificate": keygen.b64(ca_chain[0]),
                                  "clientCertificate": keygen.b64(ca_chain[1]), "privateKey": tls_key}
    assert block["serviceAccountName"] == "puller" and block["insecure"] is True
    assert block["verify"] == {"provider": "cosign", "matchOidcIdentity": [
        {"issuer": "^https://token.actions.githubusercontent.com$", "subject": "^https://github.com/org/.*$"}],
        "verificationConfig": {"cosign.pub": keygen.b64("PUBLIC KEY")}}
    assert tls_key not in json.dumps(payload.redact(spec.body)) and tls_key in payload.secret_values(spec.body)
    assert tls_key not in repr(spec)


@pytest.mark.parametrize("ref, wire", [
    (dict(tag="6.1.0"), {"tag": "6.1.0"}), (dict(semver="6.x"), {"semver": "6.x"}),
    (dict(digest="sha256:" + "a" * 64), {"digest": "sha256:" + "a" * 64}),
])
def test_oci_refs(ref, wire):
    spec = create(**OCI, **ref)
    assert spec.body["properties"]["ociRepository"]["repositoryRef"] == wire and not spec.warnings[:-1]


def test_oci_workload_identity():
    assert create(**OCI, tag="1", use_workload_identity=True).body["properties"]["ociRepository"][
        "useWorkloadIdentity"] is True


@pytest.mark.parametrize("opts, error, fragment", [
    (dict(url="https://ghcr.io/x"), InvalidArgumentValueError, "is not an OCI URL"),
    (dict(url="oci://"), InvalidArgumentValueError, "is not an OCI URL"),
    (dict(url="oci://user:" + SECRET + "@ghcr.io/x"), InvalidArgumentValueError, "credentials"),
    (dict(tag="1", semver="1.x"), MutuallyExclusiveArgumentError, "--tag and --semver"),
    (dict(digest="latest"), InvalidArgumentValueError, "--digest 'latest'"),
    (dict(tag=""), InvalidArgumentValueError, "--tag must not be empty"),
    (dict(oci_operation="move", oci_media_type="x"), InvalidArgumentValueError, "--oci-operation 'move'"),
    (dict(oci_operation="copy"), RequiredArgumentMissingError, "--oci-media-type"),
    (dict(local_auth_ref="s", service_account_name="sa"), MutuallyExclusiveArgumentError, "cannot be used together"),
    (dict(local_auth_ref="s", use_workload_identity=True), MutuallyExclusiveArgumentError, "--use-workload-identity"),
    (dict(tls_client_certificate="x"), RequiredArgumentMissingError,
     "--tls-client-certificate needs --tls-private-key"),
    (dict(tls_private_key="x"), RequiredArgumentMissingError, "--tls-private-key needs --tls-client-certificate"),
    (dict(tls_ca_certificate=keygen.b64("nope")), InvalidArgumentValueError, "--tls-ca-certificate"),
    (dict(match_oidc_identity="[]"), RequiredArgumentMissingError, "--verification-provider"),
    (dict(verification_provider="cosign", match_oidc_identity="not json"), InvalidArgumentValueError, "not valid JSON"),
    (dict(verification_provider="cosign", match_oidc_identity='[{"issuer": "x"}]'), InvalidArgumentValueError,
     "exactly 'issuer' and 'subject'"),
    (dict(verification_provider="cosign", match_oidc_identity='[{"issuer": "(", "subject": "x"}]'),
     InvalidArgumentValueError, "not a valid regular expression"),
    (dict(verification_provider="cosign", verification_config=["novalue"]), InvalidArgumentValueError, "NAME=VALUE"),
    (dict(service_account_name="Bad SA"), InvalidArgumentValueError, "--service-account-name"),
    (dict(branch="main"), ArgumentUsageError, "--branch does not apply to --kind oci"),
])
def test_oci_refusals(opts, error, fragment):
    opts = dict(OCI, **opts)
    with pytest.raises(AzCLIError) as err:
        build_create_spec(name="cfg", **opts)
    assert type(err.value) is error and fragment in err.value.error_msg, err.value.error_msg
    assert_not_in_error(err.value, SECRET)


def test_oci_encrypted_tls_key_refused(ca_chain, keys):
    with pytest.raises(InvalidArgumentValueError, match="passphrase"):
        build_create_spec(name="cfg", **OCI, tls_client_certificate=keygen.b64(ca_chain[1]),
                          tls_private_key=keygen.b64(keys["encrypted"]["rsa-pkcs8-encrypted"]))


# ----------------------------------------------------------------------- update with other kinds

def _stored(kind_block, source_kind):
    existing = copy.deepcopy(EXISTING)
    props = existing["properties"]
    props["sourceKind"], props["gitRepository"] = source_kind, None
    props[kind_block[0]] = kind_block[1]
    return existing


def test_switch_git_to_oci_nulls_git_block():
    spec = build_update_patch(copy.deepcopy(EXISTING), kind="oci", url=OCI["url"], tag="6.1.0")
    valid_patch(spec.patch)
    props = spec.patch["properties"]
    assert props["sourceKind"] == "OCIRepository" and props["gitRepository"] is None
    assert props["ociRepository"]["repositoryRef"] == {"tag": "6.1.0"}
    assert "GitRepository to OCIRepository" in spec.needs_confirmation


def test_switch_git_to_bucket_sends_the_secret_key():
    spec = build_update_patch(copy.deepcopy(EXISTING), kind="bucket", url=BUCKET["url"], bucket_name="flux",
                              bucket_access_key="a", bucket_secret_key=SECRET)
    valid_patch(spec.patch)
    assert spec.patch["properties"]["configurationProtectedSettings"] == {"bucketSecretKey": keygen.b64(SECRET)}


def test_same_kind_update_of_common_fields():
    existing = _stored(("bucket", {"url": "https://old", "bucketName": "flux", "accessKey": "a"}), "Bucket")
    spec = build_update_patch(existing, url="https://new.minio", sync_interval="2m", local_auth_ref="s")
    valid_patch(spec.patch)
    assert spec.patch == {"properties": {"bucket": {"url": "https://new.minio", "syncIntervalInSeconds": 120,
                                                    "localAuthRef": "s", "accessKey": None}}}


def test_same_kind_update_of_oci_url():
    existing = _stored(("ociRepository", {"url": OCI["url"]}), "OCIRepository")
    assert build_update_patch(existing, url="oci://ghcr.io/x/y").patch == {
        "properties": {"ociRepository": {"url": "oci://ghcr.io/x/y"}}}
    with pytest.raises(InvalidArgumentValueError):
        build_update_patch(existing, url="https://ghcr.io/x/y")


STORED_BUCKET = ("bucket", {"url": "https://minio", "bucketName": "flux", "accessKey": "AKIA"})
STORED_BLOB_SP = ("azureBlob", {"url": BLOB["url"], "containerName": "c",
                                "servicePrincipal": {"clientId": GUID, "tenantId": GUID2}})
STORED_BLOB_MI = ("azureBlob", {"url": BLOB["url"], "containerName": "c", "managedIdentity": {"clientId": GUID}})
STORED_OCI = ("ociRepository", {"url": OCI["url"], "repositoryRef": {"tag": "6.0.0"}, "serviceAccountName": "sa",
                                "layerSelector": {"mediaType": "application/x"},
                                "verify": {"provider": "cosign"}})


def _update(stored, source_kind, **options):
    spec = build_update_patch(_stored(stored, source_kind), **options)
    valid_patch(spec.patch)
    return spec.patch["properties"]


@pytest.mark.parametrize("stored, kind, options, expected", [
    (STORED_BUCKET, "Bucket", dict(bucket_secret_key=SECRET), {}),
    (STORED_BUCKET, "Bucket", dict(bucket_access_key="NEW", bucket_secret_key=SECRET), {"accessKey": "NEW"}),
    (STORED_BUCKET, "Bucket", dict(bucket_name="other", bucket_insecure=True),
     {"bucketName": "other", "insecure": True}),
    (("bucket", {"url": "https://m", "bucketName": "b", "localAuthRef": "s"}), "Bucket",
     dict(bucket_access_key="A", bucket_secret_key=SECRET), {"accessKey": "A", "localAuthRef": None}),
    (STORED_BLOB_SP, "AzureBlob", dict(sp_client_secret=SECRET),
     {"servicePrincipal": {"clientSecret": SECRET, "clientCertificate": None, "clientCertificatePassword": None}}),
    (STORED_BLOB_SP, "AzureBlob", dict(account_key=SECRET),
     {"accountKey": SECRET, "servicePrincipal": None, "sasToken": None}),
    (STORED_BLOB_MI, "AzureBlob", dict(sas_token=SECRET),
     {"sasToken": SECRET, "accountKey": None, "managedIdentity": None}),
    (STORED_BLOB_MI, "AzureBlob", dict(sp_client_id=GUID2, sp_tenant_id=GUID, sp_client_secret=SECRET),
     {"servicePrincipal": {"clientId": GUID2, "tenantId": GUID, "clientSecret": SECRET}, "accountKey": None,
      "sasToken": None, "managedIdentity": None}),
    (STORED_BLOB_MI, "AzureBlob", dict(mi_client_id=GUID2, container_name="d"),
     {"managedIdentity": {"clientId": GUID2}, "containerName": "d"}),
    (STORED_OCI, "OCIRepository", dict(tag="6.1.0"), {"repositoryRef": {"tag": "6.1.0"}}),
    (STORED_OCI, "OCIRepository", dict(semver=">=6"), {"repositoryRef": {"semver": ">=6", "tag": None}}),
    (STORED_OCI, "OCIRepository", dict(digest="sha256:" + "d" * 64),
     {"repositoryRef": {"digest": "sha256:" + "d" * 64, "tag": None}}),
    (STORED_OCI, "OCIRepository", dict(local_auth_ref="reg"), {"localAuthRef": "reg", "serviceAccountName": None}),
    (STORED_OCI, "OCIRepository", dict(use_workload_identity=True),
     {"useWorkloadIdentity": True, "serviceAccountName": None}),
    (STORED_OCI, "OCIRepository", dict(oci_operation="copy"), {"layerSelector": {"operation": "copy"}}),
    (STORED_OCI, "OCIRepository", dict(match_oidc_identity='[{"issuer": "i", "subject": "s"}]'),
     {"verify": {"matchOidcIdentity": [{"issuer": "i", "subject": "s"}]}}),
])
def test_same_kind_update_of_other_sources(stored, kind, options, expected):
    props = _update(stored, kind, **options)
    assert props.get({"Bucket": "bucket", "AzureBlob": "azureBlob", "OCIRepository": "ociRepository"}[kind],
                     {}) == expected
    if "bucket_secret_key" in options:
        assert props["configurationProtectedSettings"] == {"bucketSecretKey": keygen.b64(SECRET)}


def test_same_kind_update_tls_pair(ca_chain, keys):
    props = _update(STORED_OCI, "OCIRepository", tls_client_certificate=keygen.b64(ca_chain[1]),
                    tls_private_key=keygen.b64(keys["good"]["ecdsa-pkcs8"]))
    assert set(props["ociRepository"]["tlsConfig"]) == {"clientCertificate", "privateKey"}


@pytest.mark.parametrize("stored, kind, options, error, fragment", [
    (STORED_BUCKET, "Bucket", dict(bucket_access_key="A"), RequiredArgumentMissingError, "--bucket-secret-key"),
    (("bucket", {"url": "https://m", "bucketName": "b", "localAuthRef": "s"}), "Bucket",
     dict(bucket_secret_key=SECRET), RequiredArgumentMissingError, "none is stored"),
    (STORED_BUCKET, "Bucket", dict(local_auth_ref="s", bucket_secret_key=SECRET), MutuallyExclusiveArgumentError,
     "--local-auth-ref cannot be combined"),
    (STORED_BUCKET, "Bucket", dict(bucket_name="B_"), InvalidArgumentValueError, "--bucket-name"),
    (STORED_BLOB_MI, "AzureBlob", dict(sp_client_secret=SECRET), RequiredArgumentMissingError, "no service principal"),
    (STORED_BLOB_SP, "AzureBlob", dict(sp_client_secret=SECRET, sp_client_cert=keygen.b64("c")),
     MutuallyExclusiveArgumentError, "exactly one of"),
    (STORED_BLOB_SP, "AzureBlob", dict(account_key=SECRET, sas_token=SECRET), MutuallyExclusiveArgumentError,
     "--account-key and --sas-token"),
    (STORED_BLOB_SP, "AzureBlob", dict(mi_client_id="x"), InvalidArgumentValueError, "not a GUID"),
    (STORED_BLOB_SP, "AzureBlob", dict(account_key=" "), InvalidArgumentValueError, "must not be empty"),
    (STORED_OCI, "OCIRepository", dict(tag="1", digest="sha256:" + "e" * 64), MutuallyExclusiveArgumentError,
     "--tag and --digest"),
    (STORED_OCI, "OCIRepository", dict(digest="bad"), InvalidArgumentValueError, "not an OCI digest"),
    (STORED_OCI, "OCIRepository", dict(local_auth_ref="a", service_account_name="b"), MutuallyExclusiveArgumentError,
     "cannot be used together"),
    (STORED_OCI, "OCIRepository", dict(tls_private_key="x"), RequiredArgumentMissingError, "--tls-client-certificate"),
    (STORED_OCI, "OCIRepository", dict(oci_operation="move"), InvalidArgumentValueError, "--oci-operation"),
    (("ociRepository", {"url": OCI["url"]}), "OCIRepository", dict(oci_operation="copy"), RequiredArgumentMissingError,
     "--oci-media-type"),
    (("ociRepository", {"url": OCI["url"]}), "OCIRepository", dict(match_oidc_identity="[]"),
     RequiredArgumentMissingError, "--verification-provider"),
    (STORED_OCI, "OCIRepository", dict(url="https://x"), InvalidArgumentValueError, "not an OCI URL"),
    (STORED_OCI, "OCIRepository", dict(branch="main"), ArgumentUsageError, "--branch does not apply"),
])
def test_same_kind_update_refusals(stored, kind, options, error, fragment):
    with pytest.raises(AzCLIError) as err:
        build_update_patch(_stored(stored, kind), **options)
    assert type(err.value) is error and fragment in err.value.error_msg, err.value.error_msg
    assert_not_in_error(err.value, SECRET)


def test_git_option_on_a_bucket_configuration_is_foreign():
    existing = _stored(("bucket", {"url": "https://old", "bucketName": "flux"}), "Bucket")
    with pytest.raises(ArgumentUsageError, match="--branch does not apply to --kind bucket"):
        build_update_patch(existing, branch="main")


def test_redact_and_secret_values_cover_every_secret_place():
    body = {"properties": {
        "azureBlob": {"accountKey": "k1", "sasToken": "k2", "url": "u",
                      "servicePrincipal": {"clientId": "id", "clientSecret": "k3", "clientCertificate": "k4",
                                           "clientCertificatePassword": "k5"}},
        "ociRepository": {"tlsConfig": {"privateKey": "k6", "caCertificate": "ca"}},
        "configurationProtectedSettings": {"bucketSecretKey": "k7"}}}
    # every member the spec marks x-ms-secret (tlsConfig's caCertificate included: ARM never returns it)
    assert sorted(payload.secret_values(body)) == ["ca", "k1", "k2", "k3", "k4", "k5", "k6", "k7"]
    text = json.dumps(payload.redact(body))
    assert not any(f'"k{i}"' in text for i in range(1, 8)) and '"id"' in text and '"ca"' not in text
