"""Sources other than git (REFERENCE.md §7): S3-compatible buckets, Azure Blob containers, OCI artifacts.

Each ``build_*`` function checks the options of its kind and returns (source, secrets_dict, warnings).
Options that do not belong to the chosen kind are refused by ``refuse_foreign_options`` in model.py.
"""
import json
import re
from dataclasses import dataclass, field

from azure.cli.core.azclierror import (
    ArgumentUsageError, InvalidArgumentValueError, MutuallyExclusiveArgumentError, RequiredArgumentMissingError)

from .options import DEFAULT_DURATION
from .specs import Secrets
from ..validation.durations import parse_duration
from ..validation.encoding import decode_base64
from ..validation.names import validate_secret_name
from ..validation.urls import display_url

OCI_OPERATIONS = ("extract", "copy")
DEFAULT_OCI_TAG_WARNING = "No --tag, --semver or --digest given: Flux pulls the tag 'latest'."
_DIGEST = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}")
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass
class BucketSource:
    url: str = None
    bucket_name: str = None
    insecure: bool = None
    timeout: int = None
    sync_interval: int = None
    access_key: str = None
    local_auth_ref: str = None


@dataclass
class AzureBlobSource:
    """Secrets (account key, SAS token, client secret/certificate/password) are sent in this block, as the
    API defines them there; they are excluded from repr and redacted in logs (payload.redact)."""
    url: str = None
    container_name: str = None
    timeout: int = None
    sync_interval: int = None
    sp_client_id: str = None
    sp_tenant_id: str = None
    sp_client_secret: str = field(default=None, repr=False)
    sp_client_cert: str = field(default=None, repr=False)
    sp_cert_password: str = field(default=None, repr=False)
    sp_cert_send_chain: bool = None
    account_key: str = field(default=None, repr=False)
    sas_token: str = field(default=None, repr=False)
    mi_client_id: str = None
    local_auth_ref: str = None


@dataclass
class OciSource:
    url: str = None
    tag: str = None
    semver: str = None
    digest: str = None
    timeout: int = None
    sync_interval: int = None
    media_type: str = None
    operation: str = None
    tls_ca_certificate: str = None
    tls_client_certificate: str = None
    tls_private_key: str = field(default=None, repr=False)
    service_account_name: str = None
    use_workload_identity: bool = None
    insecure: bool = None
    local_auth_ref: str = None
    verification_provider: str = None
    match_oidc_identity: list = None
    verification_config: dict = None


# --------------------------------------------------------------------------- bucket

def build_bucket(url=None, bucket_name=None, bucket_access_key=None, bucket_secret_key=None, bucket_insecure=None,
                 local_auth_ref=None, timeout=None, sync_interval=None, **_):
    """--kind bucket: an S3-compatible bucket. Auth: access key + secret key, or --local-auth-ref."""
    url = _http_url(url, "--kind bucket")
    if not bucket_name:
        raise RequiredArgumentMissingError("--kind bucket needs --bucket-name.", "Add --bucket-name NAME.")
    check_bucket_name(bucket_name)
    keys = [opt for opt, value in (("--bucket-access-key", bucket_access_key),
                                   ("--bucket-secret-key", bucket_secret_key)) if value is not None]
    if local_auth_ref is not None and keys:
        raise MutuallyExclusiveArgumentError(
            f"--local-auth-ref cannot be combined with {', '.join(keys)}.",
            "Reference a Kubernetes secret with --local-auth-ref, or give the keys inline, not both.")
    if len(keys) == 1:
        missing = "--bucket-secret-key" if bucket_access_key is not None else "--bucket-access-key"
        raise RequiredArgumentMissingError(f"{keys[0]} needs {missing} too.",
                                           "Give --bucket-access-key and --bucket-secret-key together.")
    if not keys and local_auth_ref is None:
        raise RequiredArgumentMissingError(
            "--kind bucket needs credentials: --bucket-access-key and --bucket-secret-key, or --local-auth-ref.",
            "Add --bucket-access-key KEY --bucket-secret-key SECRET, or --local-auth-ref SECRET-NAME.")
    check_not_blank("--bucket-access-key", bucket_access_key)
    check_not_blank("--bucket-secret-key", bucket_secret_key)
    source = BucketSource(url=url, bucket_name=str(bucket_name), insecure=flag(bucket_insecure),
                          timeout=_seconds(timeout, "--timeout"),
                          sync_interval=_seconds(sync_interval, "--sync-interval"),
                          access_key=bucket_access_key, local_auth_ref=_secret_ref(local_auth_ref))
    secrets = {"bucket_secret_key": bucket_secret_key} if bucket_secret_key is not None else {}
    return source, secrets, []


def check_bucket_name(bucket_name):
    if not _BUCKET_NAME.fullmatch(str(bucket_name)) or ".." in str(bucket_name):
        raise InvalidArgumentValueError(
            f"--bucket-name '{bucket_name}' is not a valid bucket name.",
            "Use 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.")


def check_not_blank(option, value):
    if value is not None and not str(value).strip():
        raise InvalidArgumentValueError(f"{option} must not be empty.", f"Give a value for {option}.")


# --------------------------------------------------------------------------- azure blob

def build_azure_blob(url=None, container_name=None, sp_client_id=None, sp_tenant_id=None, sp_client_secret=None,
                     sp_client_cert=None, sp_cert_password=None, sp_cert_send_chain=None, account_key=None,
                     sas_token=None, mi_client_id=None, local_auth_ref=None, timeout=None, sync_interval=None, **_):
    """--kind azblob: a container in Azure Blob storage; exactly one way to authenticate."""
    url = _http_url(url, "--kind azblob")
    if not container_name:
        raise RequiredArgumentMissingError("--kind azblob needs --container-name.", "Add --container-name NAME.")
    sp_options = [opt for opt, value in (("--sp-client-id", sp_client_id), ("--sp-tenant-id", sp_tenant_id),
                                         ("--sp-client-secret", sp_client_secret),
                                         ("--sp-client-cert", sp_client_cert),
                                         ("--sp-cert-password", sp_cert_password),
                                         ("--sp-cert-send-chain", sp_cert_send_chain or None)) if value is not None]
    methods = [name for name, given in (("service principal (--sp-*)", sp_options),
                                        ("--account-key", account_key is not None),
                                        ("--sas-token", sas_token is not None),
                                        ("--mi-client-id", mi_client_id is not None),
                                        ("--local-auth-ref", local_auth_ref is not None)) if given]
    choices = ("a service principal (--sp-client-id, --sp-tenant-id and --sp-client-secret or --sp-client-cert), "
               "--account-key, --sas-token, --mi-client-id or --local-auth-ref")
    if len(methods) > 1:
        raise MutuallyExclusiveArgumentError(
            f"--kind azblob takes exactly one way to authenticate, but got {' and '.join(methods)}.",
            f"Keep one of: {choices}.")
    if not methods:
        raise RequiredArgumentMissingError(
            "--kind azblob needs a way to authenticate.", f"Give exactly one of: {choices}.")
    if sp_options:
        _check_service_principal(sp_client_id, sp_tenant_id, sp_client_secret, sp_client_cert, sp_cert_password,
                                 sp_cert_send_chain)
    check_not_blank("--account-key", account_key)
    check_not_blank("--sas-token", sas_token)
    if mi_client_id is not None:
        check_guid("--mi-client-id", mi_client_id)
    source = AzureBlobSource(
        url=url, container_name=str(container_name), timeout=_seconds(timeout, "--timeout"),
        sync_interval=_seconds(sync_interval, "--sync-interval"), sp_client_id=sp_client_id,
        sp_tenant_id=sp_tenant_id, sp_client_secret=sp_client_secret, sp_client_cert=sp_client_cert,
        sp_cert_password=sp_cert_password, sp_cert_send_chain=flag(sp_cert_send_chain),
        account_key=account_key, sas_token=sas_token, mi_client_id=mi_client_id,
        local_auth_ref=_secret_ref(local_auth_ref))
    return source, {}, []


def check_guid(option, value):
    if not _GUID.fullmatch(str(value)):
        raise InvalidArgumentValueError(f"{option} '{value}' is not a GUID.",
                                        "Give the ID in GUID form, e.g. 00000000-0000-0000-0000-000000000000.")


def _check_service_principal(client_id, tenant_id, secret, cert, password, send_chain):
    for option, value in (("--sp-client-id", client_id), ("--sp-tenant-id", tenant_id)):
        if value is None:
            raise RequiredArgumentMissingError(
                f"A service principal needs {option}.", "Give --sp-client-id and --sp-tenant-id.")
        check_guid(option, value)
    if (secret is None) == (cert is None):
        raise (MutuallyExclusiveArgumentError if secret is not None else RequiredArgumentMissingError)(
            "A service principal needs exactly one of --sp-client-secret and --sp-client-cert.",
            "Give the client secret, or the base64-encoded client certificate.")
    if cert is None and (password is not None or send_chain is not None):
        raise ArgumentUsageError("--sp-cert-password and --sp-cert-send-chain apply only with --sp-client-cert.",
                                 "Drop them, or authenticate with --sp-client-cert.")
    if cert is not None:
        check_sp_client_cert(cert)


def check_sp_client_cert(cert):
    decode_base64(cert, "--sp-client-cert", "the client certificate (PEM or PKCS#12)")


# --------------------------------------------------------------------------- OCI

def build_oci(url=None, tag=None, semver=None, digest=None, oci_media_type=None, oci_operation=None,
              tls_ca_certificate=None, tls_client_certificate=None, tls_private_key=None, service_account_name=None,
              use_workload_identity=None, oci_insecure=None, local_auth_ref=None, verification_provider=None,
              match_oidc_identity=None, verification_config=None, timeout=None, sync_interval=None, **_):
    """--kind oci: an OCI artifact (oci:// URL)."""
    url = validate_source_url("oci", url)
    refs = [opt for opt, value in (("--tag", tag), ("--semver", semver), ("--digest", digest)) if value is not None]
    warnings = []
    if len(refs) > 1:
        raise MutuallyExclusiveArgumentError(
            f"{' and '.join(refs)} cannot be used together: Flux would use only one of them "
            "(precedence: digest > semver > tag).", "Give one of --tag, --semver or --digest.")
    check_oci_ref(tag, semver, digest)
    if not refs:
        warnings.append(DEFAULT_OCI_TAG_WARNING)
    check_oci_operation(oci_operation)
    if oci_operation is not None and oci_media_type is None:
        raise RequiredArgumentMissingError("--oci-operation needs --oci-media-type (the layer to operate on).",
                                           "Add --oci-media-type, e.g. application/vnd.cncf.flux.content.v1.tar+gzip")
    identities = [opt for opt, value in (("--local-auth-ref", local_auth_ref),
                                         ("--service-account-name", service_account_name),
                                         ("--use-workload-identity", use_workload_identity or None))
                  if value is not None]
    if len(identities) > 1:
        raise MutuallyExclusiveArgumentError(f"{' and '.join(identities)} cannot be used together.",
                                             "Choose one way for Flux to authenticate to the registry.")
    if (tls_client_certificate is None) != (tls_private_key is None):
        given, missing = (("--tls-client-certificate", "--tls-private-key") if tls_private_key is None
                          else ("--tls-private-key", "--tls-client-certificate"))
        raise RequiredArgumentMissingError(f"{given} needs {missing} too.",
                                           "Give the client certificate and its private key together.")
    tls = oci_tls(tls_ca_certificate, tls_client_certificate, tls_private_key)
    verify = oci_verification(verification_provider, match_oidc_identity, verification_config)
    source = OciSource(
        url=url, tag=tag, semver=semver, digest=digest, timeout=_seconds(timeout, "--timeout"),
        sync_interval=_seconds(sync_interval, "--sync-interval"), media_type=oci_media_type,
        operation=check_oci_operation(oci_operation),
        service_account_name=(validate_secret_name(service_account_name, "--service-account-name")
                              if service_account_name is not None else None),
        use_workload_identity=flag(use_workload_identity), insecure=flag(oci_insecure),
        local_auth_ref=_secret_ref(local_auth_ref), **tls, **verify)
    return source, {}, warnings


def check_oci_ref(tag, semver, digest):
    for option, value in (("--tag", tag), ("--semver", semver)):
        if value is not None and not str(value).strip():
            raise InvalidArgumentValueError(f"{option} must not be empty.",
                                            f"Give a value for {option} or leave it out.")
    if digest is not None and not _DIGEST.fullmatch(str(digest)):
        raise InvalidArgumentValueError(f"--digest '{digest}' is not an OCI digest.",
                                        "Use ALGORITHM:HEX, e.g. sha256:3b5d…(64 hex digits).")


def check_oci_operation(operation):
    """extract | copy (any case) -> lower case; None stays None."""
    if operation is None:
        return None
    if str(operation).lower() not in OCI_OPERATIONS:
        raise InvalidArgumentValueError(f"--oci-operation '{operation}' is not valid.", "Use extract or copy.")
    return str(operation).lower()


def oci_tls(ca, client_cert, private_key):
    """Validated TLS values {tls_*: base64} for the given ones."""
    from ..validation.certificates import validate_ca_cert
    values = {}
    if ca is not None:
        values["tls_ca_certificate"] = validate_ca_cert(ca, "--tls-ca-certificate", file_option=None)
    if client_cert is not None:
        values["tls_client_certificate"] = validate_ca_cert(client_cert, "--tls-client-certificate", file_option=None)
    if private_key is not None:
        values["tls_private_key"] = _validate_tls_private_key(private_key)
    return values


def _validate_tls_private_key(value):
    from ..validation.encoding import encode_base64
    from ..validation.ssh_keys import quiet_deprecations
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    option = "--tls-private-key"
    pem = decode_base64(value, option, "a PEM private key")
    try:
        with quiet_deprecations():
            load_pem_private_key(pem, password=None)
    except TypeError:
        raise InvalidArgumentValueError(  # pylint: disable=raise-missing-from
            f"{option} is encrypted with a passphrase; Flux needs an unencrypted key.",
            "Decrypt a copy of the key, e.g. `openssl pkey -in KEY -out PLAIN`.")
    except Exception:  # pylint: disable=broad-except
        raise InvalidArgumentValueError(  # pylint: disable=raise-missing-from
            f"{option} is not a PEM private key.", "Pass the key file's content base64-encoded (`base64 -w0 KEY`).")
    return encode_base64(pem)


def oci_verification(provider, match_oidc_identity, verification_config, stored_provider=None):
    """Validated verification values; OIDC identities and keys need a provider (given, or stored on update)."""
    if provider is None and stored_provider is not None:
        values = oci_verification(stored_provider, match_oidc_identity, verification_config)
        values.pop("verification_provider")
        return {key: value for key, value in values.items() if value is not None}
    if provider is None:
        if match_oidc_identity is not None or verification_config is not None:
            raise RequiredArgumentMissingError(
                "--match-oidc-identity and --verification-config need --verification-provider.",
                "Add --verification-provider cosign (or notation).")
        return {}
    if not str(provider).strip():
        raise InvalidArgumentValueError("--verification-provider must not be empty.", "Use e.g. cosign.")
    return {"verification_provider": str(provider),
            "match_oidc_identity": _parse_oidc(match_oidc_identity) if match_oidc_identity is not None else None,
            "verification_config": (_parse_key_values(verification_config, "--verification-config")
                                    if verification_config is not None else None)}


def _parse_oidc(value):
    """JSON list of {"issuer": REGEX, "subject": REGEX}, or 'issuer=REGEX subject=REGEX' token lists."""
    option = "--match-oidc-identity"
    recommendation = ("Give a JSON list such as '[{\"issuer\": \"^https://token.actions.githubusercontent.com$\", "
                      "\"subject\": \"^https://github.com/org/.*$\"}]'.")
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and "=" in v for v in value):
        pairs = dict(v.split("=", 1) for v in value)
        items = [pairs]
    else:
        text = value if isinstance(value, str) else " ".join(map(str, value))
        try:
            items = json.loads(text)
        except ValueError:
            raise InvalidArgumentValueError(f"{option} is not valid JSON.", recommendation) from None
        if isinstance(items, dict):
            items = [items]
    if not isinstance(items, list) or not items:
        raise InvalidArgumentValueError(f"{option} must be a non-empty list.", recommendation)
    result = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"issuer", "subject"} or not all(
                isinstance(v, str) and v for v in item.values()):
            raise InvalidArgumentValueError(f"{option}: each entry needs exactly 'issuer' and 'subject' (strings).",
                                            recommendation)
        for key in ("issuer", "subject"):
            try:
                re.compile(item[key])
            except re.error:
                raise InvalidArgumentValueError(  # pylint: disable=raise-missing-from
                    f"{option}: {key} '{item[key]}' is not a valid regular expression.", recommendation)
        result.append({"issuer": item["issuer"], "subject": item["subject"]})
    return result


def _parse_key_values(value, option):
    """{name: value} from a dict, a JSON object, or KEY=VALUE tokens."""
    recommendation = f"Give NAME=BASE64_PUBLIC_KEY pairs, e.g. {option} cosign.pub=LS0tLS1CRUdJTi..."
    if isinstance(value, dict):
        items = value
    elif isinstance(value, str) and value.strip().startswith("{"):
        try:
            items = json.loads(value)
        except ValueError:
            raise InvalidArgumentValueError(f"{option} is not valid JSON.", recommendation) from None
    else:
        tokens = [value] if isinstance(value, str) else list(value)
        if not all(isinstance(t, str) and "=" in t and t.split("=", 1)[0] for t in tokens):
            raise InvalidArgumentValueError(f"{option}: every entry must be NAME=VALUE.", recommendation)
        items = dict(t.split("=", 1) for t in tokens)
    if not isinstance(items, dict) or not items or not all(
            isinstance(k, str) and k and isinstance(v, str) and v for k, v in items.items()):
        raise InvalidArgumentValueError(f"{option}: entries must be non-empty NAME=VALUE strings.", recommendation)
    return dict(items)


def build_other_source(kind_key, warnings, **options):
    """Check the options of a bucket/azblob/oci source -> (source, Secrets); warnings are appended."""
    builder = {"bucket": build_bucket, "azblob": build_azure_blob, "oci": build_oci}[kind_key]
    source, secret_values, source_warnings = builder(**options)
    warnings.extend(source_warnings)
    secrets = Secrets()
    if secret_values.get("bucket_secret_key") is not None:
        from ..validation.encoding import encode_base64
        secrets.bucket_secret_key = encode_base64(secret_values["bucket_secret_key"])
    return source, secrets


# --------------------------------------------------------------------------- shared

def validate_source_url(kind_key, url):
    """--url of a bucket/azblob (http(s) endpoint) or oci (oci://) source."""
    if kind_key != "oci":
        return _http_url(url, f"--kind {kind_key}")
    if not url:
        raise RequiredArgumentMissingError("--url is required.",
                                           "Give the artifact URL, e.g. --url oci://ghcr.io/org/app")
    url = str(url)
    if not url.lower().startswith("oci://") or not _host(url) or any(c.isspace() for c in url):
        raise InvalidArgumentValueError(f"--url '{display_url(url)}' is not an OCI URL: it must start with oci://.",
                                        "Use e.g. --url oci://ghcr.io/org/manifests/app")
    if "@" in url:
        raise InvalidArgumentValueError(
            f"--url '{display_url(url)}' must not contain '@' (credentials, or a digest).",
            "Store credentials in a Kubernetes secret and pass --local-auth-ref; pin a digest with --digest.")
    return url


def _http_url(url, kind):
    if not url:
        raise RequiredArgumentMissingError("--url is required.",
                                           f"{kind} needs the endpoint URL, e.g. --url https://...")
    url = str(url)
    if (not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url)
            or not _host(url)):
        raise InvalidArgumentValueError(f"--url '{display_url(url)}' is not an http(s) URL.",
                                        f"{kind} needs an http:// or https:// endpoint URL.")
    if "@" in url:
        raise InvalidArgumentValueError(f"--url '{display_url(url)}' must not contain credentials: they would be "
                                        "stored and shown in clear.",
                                        "Remove them from the URL and use the kind's key options or --local-auth-ref.")
    return url


def _host(url):
    """The authority part of ``url`` ('' when there is none)."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    return rest.split("/", 1)[0]


def _seconds(value, option):
    return parse_duration(DEFAULT_DURATION if value is None else value, option)


def flag(value):
    """On/off flags: None when left out; an explicit false is sent too (it turns the setting off on update)."""
    return None if value is None else bool(value)


def _secret_ref(value):
    return validate_secret_name(value, "--local-auth-ref") if value is not None else None
