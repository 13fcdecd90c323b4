"""``flux update`` of a bucket / azblob / oci source of the same kind: only the given options are sent.

ARM does not return secrets, so rules are checked on what is given plus what is visible in the stored
block. Choosing one way to authenticate (or one OCI reference) removes the stored alternatives:
  * bucket: access key + secret key  <->  --local-auth-ref; the secret key alone rotates it;
  * azblob: service principal | --account-key | --sas-token | --mi-client-id | --local-auth-ref;
    a service principal must be complete unless one is stored (then e.g. the secret alone rotates);
  * oci: --tag | --semver | --digest;  --local-auth-ref | --service-account-name | --use-workload-identity.
"""
from azure.cli.core.azclierror import MutuallyExclusiveArgumentError, RequiredArgumentMissingError

from . import payload
from .other_sources import (
    AzureBlobSource, BucketSource, OciSource, check_bucket_name, check_guid, check_not_blank, check_oci_operation,
    check_oci_ref, check_sp_client_cert, flag, oci_tls, oci_verification, validate_source_url)
from .specs import Secrets
from ..validation.durations import parse_duration
from ..validation.encoding import encode_base64
from ..validation.names import validate_secret_name

_SERVICE_PRINCIPAL = ("sp_client_id", "sp_tenant_id", "sp_client_secret", "sp_client_cert", "sp_cert_password",
                      "sp_cert_send_chain")
AZBLOB_METHODS = {"service principal (--sp-*)": _SERVICE_PRINCIPAL, "--account-key": ("account_key",),
                  "--sas-token": ("sas_token",), "--mi-client-id": ("mi_client_id",),
                  "--local-auth-ref": ("local_auth_ref",)}
OCI_REFS = {"--tag": ("tag",), "--semver": ("semver",), "--digest": ("digest",)}
OCI_IDENTITIES = {"--local-auth-ref": ("local_auth_ref",), "--service-account-name": ("service_account_name",),
                  "--use-workload-identity": ("use_workload_identity",)}


def other_source_changes(kind_key, stored, options):
    """(partial wire block, Secrets) for the given ``options`` ({option: value}, only given ones)."""
    common = _common(kind_key, options)
    if kind_key == "bucket":
        source, cleared, secrets = _bucket(stored, options, common)
        kind = "Bucket"
    elif kind_key == "azblob":
        source, cleared, secrets = _azure_blob(stored, options, common)
        kind = "AzureBlob"
    else:
        source, cleared, secrets = _oci(stored, options, common)
        kind = "OCIRepository"
    return payload.source_block(kind, source, cleared=_stored_only(stored, cleared)), secrets


def _common(kind_key, options):
    values = {}
    if "url" in options:
        values["url"] = validate_source_url(kind_key, options["url"])
    for option in ("timeout", "sync_interval"):
        if option in options:
            values[option] = parse_duration(options[option], "--" + option.replace("_", "-"))
    if "local_auth_ref" in options:
        values["local_auth_ref"] = validate_secret_name(options["local_auth_ref"], "--local-auth-ref")
    return values


def _bucket(stored, options, values):
    keys = [option for option in ("bucket_access_key", "bucket_secret_key") if option in options]
    if "local_auth_ref" in options and keys:
        raise MutuallyExclusiveArgumentError(
            f"--local-auth-ref cannot be combined with {', '.join(_flags(keys))}.",
            "Reference a Kubernetes secret with --local-auth-ref, or give the keys inline, not both.")
    if keys == ["bucket_access_key"]:
        raise RequiredArgumentMissingError("--bucket-access-key needs --bucket-secret-key too.",
                                           "Give --bucket-access-key and --bucket-secret-key together.")
    if keys == ["bucket_secret_key"] and not stored.access_key:
        raise RequiredArgumentMissingError("--bucket-secret-key needs --bucket-access-key: none is stored.",
                                           "Give --bucket-access-key and --bucket-secret-key together.")
    for option in keys:
        check_not_blank(_flag(option), options[option])
    if "bucket_name" in options:
        check_bucket_name(options["bucket_name"])
    source = BucketSource(bucket_name=options.get("bucket_name"), insecure=flag(options.get("bucket_insecure")),
                          access_key=options.get("bucket_access_key"), **values)
    cleared = ["access_key"] if "local_auth_ref" in options else ["local_auth_ref"] if keys else []
    secrets = Secrets(bucket_secret_key=encode_base64(options["bucket_secret_key"])
                      if "bucket_secret_key" in options else None)
    return source, cleared, secrets


def _azure_blob(stored, options, values):
    method = _one_group(AZBLOB_METHODS, options, "--kind azblob takes one way to authenticate")
    if "mi_client_id" in options:
        check_guid("--mi-client-id", options["mi_client_id"])
    for option in ("account_key", "sas_token"):
        check_not_blank(_flag(option), options.get(option))
    sp_given = [option for option in _SERVICE_PRINCIPAL if option in options]
    if sp_given:
        _service_principal(stored, options)
    if "container_name" in options:
        check_not_blank("--container-name", options["container_name"])
    source = AzureBlobSource(container_name=options.get("container_name"), **values, **{
        option: options.get(option) for option in _SERVICE_PRINCIPAL + ("account_key", "sas_token", "mi_client_id")})
    source.sp_cert_send_chain = flag(options.get("sp_cert_send_chain"))
    # Another stored method is removed; if the stored one is the same (it is visible), nothing else can be stored.
    cleared = [] if method and method == _stored_azblob_method(stored) else [
        field for name, fields in AZBLOB_METHODS.items() if method and name != method for field in fields]
    if "sp_client_secret" in options:
        cleared += ["sp_client_cert", "sp_cert_password", "sp_cert_send_chain"]
    elif "sp_client_cert" in options:
        cleared += ["sp_client_secret"]
    return source, cleared, Secrets()


def _stored_azblob_method(stored):
    """The stored way to authenticate when ARM shows it (account key and SAS token are never returned)."""
    for name, field in (("service principal (--sp-*)", "sp_client_id"), ("--mi-client-id", "mi_client_id"),
                        ("--local-auth-ref", "local_auth_ref")):
        if getattr(stored, field):
            return name
    return None


def _service_principal(stored, options):
    if "sp_client_secret" in options and "sp_client_cert" in options:
        raise MutuallyExclusiveArgumentError(
            "A service principal needs exactly one of --sp-client-secret and --sp-client-cert.",
            "Give the client secret, or the base64-encoded client certificate.")
    for option in ("sp_client_id", "sp_tenant_id"):
        if option in options:
            check_guid(_flag(option), options[option])
    if "sp_client_cert" in options:
        check_sp_client_cert(options["sp_client_cert"])
    if not stored.sp_client_id:  # switching to a service principal: it must be complete
        missing = [option for option in ("sp_client_id", "sp_tenant_id") if option not in options]
        if "sp_client_secret" not in options and "sp_client_cert" not in options:
            missing.append("sp_client_secret")
        if missing:
            raise RequiredArgumentMissingError(
                f"The configuration has no service principal yet: give {', '.join(_flags(missing))} too.",
                "Give --sp-client-id, --sp-tenant-id and --sp-client-secret or --sp-client-cert.")


def _oci(stored, options, values):
    ref = _one_group(OCI_REFS, options, "give one OCI reference")
    identity = _one_group(OCI_IDENTITIES, options, "choose one way for Flux to authenticate to the registry")
    check_oci_ref(options.get("tag"), options.get("semver"), options.get("digest"))
    operation = check_oci_operation(options.get("oci_operation"))
    if operation and "oci_media_type" not in options and not stored.media_type:
        raise RequiredArgumentMissingError("--oci-operation needs --oci-media-type (the layer to operate on).",
                                           "Add --oci-media-type, e.g. application/vnd.cncf.flux.content.v1.tar+gzip")
    if ("tls_client_certificate" in options) != ("tls_private_key" in options):
        given, missing = (("--tls-client-certificate", "--tls-private-key") if "tls_private_key" not in options
                          else ("--tls-private-key", "--tls-client-certificate"))
        raise RequiredArgumentMissingError(f"{given} needs {missing} too.",
                                           "Give the client certificate and its private key together.")
    tls = oci_tls(options.get("tls_ca_certificate"), options.get("tls_client_certificate"),
                  options.get("tls_private_key"))
    verify = {}
    if any(option in options for option in ("verification_provider", "match_oidc_identity", "verification_config")):
        verify = oci_verification(options.get("verification_provider"), options.get("match_oidc_identity"),
                                  options.get("verification_config"), stored_provider=stored.verification_provider)
    service_account = options.get("service_account_name")
    source = OciSource(
        tag=options.get("tag"), semver=options.get("semver"), digest=options.get("digest"),
        media_type=options.get("oci_media_type"), operation=operation,
        service_account_name=(validate_secret_name(service_account, "--service-account-name")
                              if service_account is not None else None),
        use_workload_identity=flag(options.get("use_workload_identity")), insecure=flag(options.get("oci_insecure")),
        **values, **tls, **verify)
    cleared = [field for name, fields in OCI_REFS.items() if ref and name != ref for field in fields]
    cleared += [field for name, fields in OCI_IDENTITIES.items() if identity and name != identity for field in fields]
    return source, cleared, Secrets()


def _one_group(groups, options, what):
    """The name of the one group with given options (None when none); two groups -> error."""
    given = [name for name, fields in groups.items() if any(field in options for field in fields)]
    if len(given) > 1:
        raise MutuallyExclusiveArgumentError(f"{' and '.join(given)} cannot be used together: {what}.",
                                             f"Keep one of: {', '.join(groups)}.")
    return given[0] if given else None


_UNSEEN_SECRETS = ("account_key", "sas_token")   # never returned by ARM: removed whenever they may exist
_PRINCIPAL_SECRETS = ("sp_client_secret", "sp_client_cert", "sp_cert_password")


def _stored_only(stored, cleared):
    """The cleared fields that (may) exist in the stored block; the others need no removal."""
    def may_exist(field):
        if field in _UNSEEN_SECRETS:
            return True
        if field in _PRINCIPAL_SECRETS:
            return bool(stored.sp_client_id)
        return getattr(stored, field, None) not in (None, False)
    return [field for field in dict.fromkeys(cleared) if may_exist(field)]


def _flag(option):
    return "--" + option.replace("_", "-")


def _flags(options):
    return [_flag(option) for option in options]
