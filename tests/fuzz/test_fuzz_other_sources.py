"""--kind bucket | azblob | oci: typed errors or bodies that validate and keep every secret redactable."""
import json

import keygen
from hypothesis import given
from hypothesis import strategies as st
from props import counted, outcome
from spec_schema import validate_against_spec
from wire_checks import assert_not_in_error

from azext_k8s_configuration.flux import payload
from azext_k8s_configuration.flux.model import build_create_spec

SECRET = "fuzzSecret/+=42"
GUID = "11111111-2222-3333-4444-555555555555"
CA = keygen.b64(keygen.certificate_chain()[0])
CLIENT_CERT = keygen.b64(keygen.certificate_chain()[1])
TLS_KEY = keygen.b64(keygen.private_key_variants()["good"]["ecdsa-pkcs8"])


def _maybe(*values):
    return st.sampled_from((None,) * (2 * len(values)) + values)


COMMON = {
    "name": st.sampled_from(["cfg", "cfg", "Bad"]),
    "timeout": _maybe("1m", "1.5h"), "sync_interval": _maybe("5m", "x"),
    "local_auth_ref": _maybe("secret", "Bad Ref"),
    "branch": _maybe("main"),  # foreign to every kind here
}
BUCKET = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("bucket"),
    url=st.sampled_from(["https://minio.local", "http://10.0.0.1:9000", "s3://b", f"https://k:{SECRET}@m", None]),
    bucket_name=st.sampled_from(["flux", "my.bucket-1", "B", "", None]),
    bucket_access_key=_maybe("AKIA", ""), bucket_secret_key=_maybe(SECRET), bucket_insecure=_maybe(True, False)))
AZBLOB = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("azblob"),
    url=st.sampled_from(["https://acct.blob.core.windows.net", "ftp://x", None]),
    container_name=st.sampled_from(["c", None]),
    sp_client_id=_maybe(GUID, "x"), sp_tenant_id=_maybe(GUID), sp_client_secret=_maybe(SECRET),
    sp_client_cert=_maybe(keygen.b64("bundle"), "%%"), sp_cert_password=_maybe(SECRET),
    sp_cert_send_chain=_maybe(True, False), account_key=_maybe(SECRET, " "), sas_token=_maybe(SECRET),
    mi_client_id=_maybe(GUID, "nope")))
OCI = st.fixed_dictionaries(dict(
    COMMON, kind=st.just("oci"),
    url=st.sampled_from(["oci://ghcr.io/org/app", "oci://", "https://ghcr.io/x", f"oci://u:{SECRET}@r/x"]),
    tag=_maybe("1.0", ""), semver=_maybe(">=1"), digest=_maybe("sha256:" + "b" * 64, "bad"),
    oci_media_type=_maybe("application/x"), oci_operation=_maybe("extract", "copy", "move"),
    tls_ca_certificate=_maybe(CA, keygen.b64("x")), tls_client_certificate=_maybe(CLIENT_CERT),
    tls_private_key=_maybe(TLS_KEY, keygen.b64(SECRET)), service_account_name=_maybe("sa", "Bad"),
    use_workload_identity=_maybe(True, False), oci_insecure=_maybe(True, False),
    verification_provider=_maybe("cosign", ""),
    match_oidc_identity=_maybe('[{"issuer": "a", "subject": "b"}]', "[", '[{"issuer": "("}]',
                               ["issuer=a", "subject=b"]),
    verification_config=_maybe(["k=v"], '{"k": "v"}', ["novalue"], {"k": ""})))


@given(st.one_of(BUCKET, AZBLOB, OCI))
@counted
def test_other_kinds(options):
    _check(options)


def _check(options):
    options = {key: value for key, value in options.items() if value is not None}
    spec, err = outcome(build_create_spec, **options)
    if spec is None:
        assert_not_in_error(err, SECRET)
        return
    validate_against_spec(spec.body, "FluxConfiguration")
    redacted = json.dumps(payload.redact(spec.body))
    for secret in (SECRET, keygen.b64(SECRET), TLS_KEY):
        assert secret not in redacted
        assert secret not in repr(spec)


@st.composite
def plausible_other_kind(draw):
    """Mostly valid option sets: one kind, one way to authenticate."""
    kind = draw(st.sampled_from(["bucket", "azblob", "oci"]))
    options = {"name": "cfg", "kind": kind, "sync_interval": draw(st.sampled_from(["1m", "10m", "1h"])),
               "kustomization": draw(st.sampled_from([None, [["name=app", "path=./deploy", "prune=true"]]]))}
    if kind == "bucket":
        options.update(url="https://minio.local", bucket_name="flux", bucket_insecure=draw(st.booleans()))
        options.update(draw(st.sampled_from([{"bucket_access_key": "AKIA", "bucket_secret_key": SECRET},
                                             {"local_auth_ref": "minio"}])))
    elif kind == "azblob":
        options.update(url="https://acct.blob.core.windows.net", container_name="manifests")
        options.update(draw(st.sampled_from([
            {"account_key": SECRET}, {"sas_token": SECRET}, {"mi_client_id": GUID}, {"local_auth_ref": "blob"},
            {"sp_client_id": GUID, "sp_tenant_id": GUID, "sp_client_secret": SECRET},
            {"sp_client_id": GUID, "sp_tenant_id": GUID, "sp_client_cert": keygen.b64("bundle"),
             "sp_cert_password": SECRET, "sp_cert_send_chain": True}])))
    else:
        options.update(url="oci://ghcr.io/org/app")
        options.update(draw(st.sampled_from([{}, {"tag": "1.0"}, {"semver": ">=1"}, {"digest": "sha256:" + "c" * 64}])))
        options.update(draw(st.sampled_from([{}, {"local_auth_ref": "reg"}, {"service_account_name": "sa"},
                                             {"use_workload_identity": True}])))
        if draw(st.booleans()):
            options.update(tls_ca_certificate=CA, tls_client_certificate=CLIENT_CERT, tls_private_key=TLS_KEY)
        if draw(st.booleans()):
            options.update(oci_media_type="application/vnd.cncf.flux.content.v1.tar+gzip",
                           oci_operation=draw(st.sampled_from(["extract", "copy"])))
        if draw(st.booleans()):
            options.update(verification_provider="cosign",
                           match_oidc_identity='[{"issuer": "^https://x$", "subject": ".*"}]')
    return options


@given(plausible_other_kind())
@counted
def test_other_kinds_plausible(options):
    _check(options)


STORED = st.sampled_from([
    ("Bucket", "bucket", {"url": "https://m", "bucketName": "b", "accessKey": "A"}),
    ("Bucket", "bucket", {"url": "https://m", "bucketName": "b", "localAuthRef": "s"}),
    ("AzureBlob", "azureBlob", {"url": "https://a.blob", "containerName": "c",
                                "servicePrincipal": {"clientId": GUID, "tenantId": GUID}}),
    ("AzureBlob", "azureBlob", {"url": "https://a.blob", "containerName": "c", "managedIdentity": {"clientId": GUID}}),
    ("AzureBlob", "azureBlob", {"url": "https://a.blob", "containerName": "c"}),
    ("OCIRepository", "ociRepository", {"url": "oci://r/x", "repositoryRef": {"tag": "1"},
                                        "serviceAccountName": "sa", "verify": {"provider": "cosign"}}),
    ("OCIRepository", "ociRepository", {"url": "oci://r/x", "layerSelector": {"mediaType": "m"}}),
])


PLAUSIBLE_UPDATES = {
    "Bucket": st.sampled_from([{"bucket_secret_key": SECRET}, {"bucket_access_key": "B", "bucket_secret_key": SECRET},
                               {"local_auth_ref": "s2"}, {"bucket_name": "other"}, {"bucket_insecure": True},
                               {"url": "https://n", "sync_interval": "1m"}]),
    "AzureBlob": st.sampled_from([{"account_key": SECRET}, {"sas_token": SECRET}, {"mi_client_id": GUID},
                                  {"sp_client_secret": SECRET},
                                  {"sp_client_id": GUID, "sp_tenant_id": GUID, "sp_client_cert": keygen.b64("c")},
                                  {"container_name": "d"}, {"local_auth_ref": "blob"}]),
    "OCIRepository": st.sampled_from([{"tag": "2"}, {"semver": ">=2"}, {"digest": "sha256:" + "f" * 64},
                                      {"use_workload_identity": True}, {"local_auth_ref": "reg"},
                                      {"oci_operation": "copy", "oci_media_type": "m2"},
                                      {"tls_ca_certificate": CA}, {"verification_provider": "notation"}]),
}
RANDOM_UPDATES = {"Bucket": BUCKET, "AzureBlob": AZBLOB, "OCIRepository": OCI}


@given(STORED, st.data())
@counted
def test_update_other_kinds(stored, data):
    options = data.draw(PLAUSIBLE_UPDATES[stored[0]] | RANDOM_UPDATES[stored[0]] | st.one_of(BUCKET, AZBLOB, OCI))
    from azext_k8s_configuration.flux.model import build_update_patch
    from k8s_configuration_emulator.rp import merge_patch  # as the service applies a PATCH
    source_kind, block, value = stored
    existing = {"name": "cfg", "properties": {"scope": "cluster", "namespace": "default", "sourceKind": source_kind,
                                              block: value, "kustomizations": {"k": {"path": ""}}}}
    options = {key: val for key, val in options.items() if val is not None and key not in ("name", "kind")}
    spec, err = outcome(build_update_patch, existing, **options)
    if spec is None:
        assert_not_in_error(err, SECRET)
        return
    validate_against_spec(spec.patch, "FluxConfigurationPatch")
    after = merge_patch(existing["properties"], spec.patch["properties"])
    validate_against_spec({"properties": after}, "FluxConfiguration", request=False)
    assert SECRET not in json.dumps(payload.redact(spec.patch))
