"""--kind oci: an OCI artifact (REFERENCE.md §7). Its options, and its create and update rules side by side.

One reference: --tag, --semver or --digest (none: Flux pulls 'latest', with a warning). One identity:
--local-auth-ref, --service-account-name or --use-workload-identity. --oci-operation needs --oci-media-type (given
or stored); --tls-client-certificate and --tls-private-key go together; --match-oidc-identity and
--verification-config need --verification-provider (given or stored). On update, choosing a reference or an
identity removes the stored others.
"""
import json
import re

from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError

from ...validation.certificates import validate_certificates
from ...validation.names import validate_secret_name
from ...validation.urls import display_url
from . import common
from .common import LOCAL_AUTH_REF, SEMVER, SYNC_INTERVAL, TAG, TIMEOUT
from .table import Change, Option
from .typed import typed_name

KEY, SOURCE_KIND, BLOCK = "oci", "OCIRepository", "ociRepository"
GROUP = "OCI Repository"
OCI_OPERATIONS = ("extract", "copy")
DEFAULT_OCI_TAG_WARNING = "No --tag, --semver or --digest given: Flux pulls the tag 'latest'."


def _url(url, option):
    if not url:
        raise RequiredArgumentMissingError(f"{option} is required.",
                                           f"Give the artifact URL, e.g. {option} oci://ghcr.io/org/app")
    url = str(url)
    if not url.lower().startswith("oci://") or not common.host(url) or any(c.isspace() for c in url):
        raise InvalidArgumentValueError(f"{option} '{display_url(url)}' is not an OCI URL: it must start with oci://.",
                                        f"Use e.g. {option} oci://ghcr.io/org/manifests/app")
    if "@" in url:
        raise InvalidArgumentValueError(
            f"{option} '{display_url(url)}' must not contain '@' (credentials, or a digest).",
            "Store credentials in a Kubernetes secret and pass --local-auth-ref; pin a digest with --digest.")
    return url


def _operation(operation, option):
    """extract | copy (any case) -> lower case."""
    if str(operation).lower() not in OCI_OPERATIONS:
        raise InvalidArgumentValueError(f"{option} '{operation}' is not valid.", "Use extract or copy.")
    return str(operation).lower()


def _tls_private_key(value, option):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from ...validation.encoding import decode_base64, encode_base64
    from ...validation.ssh_keys import quiet_deprecations
    pem = decode_base64(value, option, "a PEM private key")
    try:
        with quiet_deprecations():
            load_pem_private_key(pem, password=None)
    except TypeError:
        raise InvalidArgumentValueError(
            f"{option} is encrypted with a passphrase; Flux needs an unencrypted key.",
            "Decrypt a copy of the key, e.g. `openssl pkey -in KEY -out PLAIN`.") from None
    except Exception:  # any failure to parse the key is the same mistake for the user
        raise InvalidArgumentValueError(f"{option} is not a PEM private key.",
                                        "Pass the key file's content base64-encoded (`base64 -w0 KEY`).") from None
    return encode_base64(pem)


def _verification_provider(provider, option):
    if not str(provider).strip():
        raise InvalidArgumentValueError(f"{option} must not be empty.", "Use e.g. cosign.")
    return str(provider)


def _match_oidc_identity(value, option):
    """JSON list of {"issuer": REGEX, "subject": REGEX}, or 'issuer=REGEX subject=REGEX' tokens."""
    recommendation = ("Give a JSON list such as '[{\"issuer\": \"^https://token.actions.githubusercontent.com$\", "
                      "\"subject\": \"^https://github.com/org/.*$\"}]'.")
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and "=" in v for v in value):
        items = [dict(v.split("=", 1) for v in value)]
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
                raise InvalidArgumentValueError(
                    f"{option}: {key} '{item[key]}' is not a valid regular expression.", recommendation) from None
        result.append({"issuer": item["issuer"], "subject": item["subject"]})
    return result


def _verification_config(value, option):
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


URL = common.url_option(_url)
OPTIONS = (
    URL,
    TAG,
    SEMVER,
    Option("digest", ("repositoryRef", "digest"), "Image digest to pull (sha256:...).", group=GROUP,
           check=common.matching(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}", "an OCI digest",
                                 "Use ALGORITHM:HEX, e.g. sha256:3b5d…(64 hex digits).")),
    TIMEOUT,
    SYNC_INTERVAL,
    LOCAL_AUTH_REF,
    Option("oci_media_type", ("layerSelector", "mediaType"), "Media type of the layer to extract or copy.",
           group=GROUP),
    Option("oci_operation", ("layerSelector", "operation"), "What to do with the selected layer.", group=GROUP,
           check=_operation, choices=OCI_OPERATIONS),
    Option("tls_ca_certificate", ("tlsConfig", "caCertificate"), "Base64 PEM CA certificate of the registry.",
           group=GROUP, secret=True, check=validate_certificates),
    Option("tls_client_certificate", ("tlsConfig", "clientCertificate"), "Base64 PEM client certificate for mTLS.",
           group=GROUP, secret=True, check=validate_certificates),
    Option("tls_private_key", ("tlsConfig", "privateKey"), "Base64 PEM private key for mTLS.", group=GROUP,
           secret=True, check=_tls_private_key),
    Option("service_account_name", ("serviceAccountName",), "Kubernetes service account to pull with.",
           group=GROUP, check=validate_secret_name),
    Option("use_workload_identity", ("useWorkloadIdentity",), "Pull with the cluster's workload identity.",
           group=GROUP, switch=True, check=common.on_off),
    Option("oci_insecure", ("insecure",), "Allow a registry over plain http.", group=GROUP, switch=True,
           check=common.on_off),
    Option("verification_provider", ("verify", "provider"), "Signature verification provider, e.g. cosign.",
           group=GROUP, check=_verification_provider),
    Option("match_oidc_identity", ("verify", "matchOidcIdentity"),
           "Keyless identities to trust: issuer=REGEX subject=REGEX, or a JSON list of such objects.", group=GROUP,
           check=_match_oidc_identity, nargs="+", at_file="tokens"),
    Option("verification_config", ("verify", "verificationConfig"),
           "Public keys to verify with, as NAME=BASE64_KEY pairs.", group=GROUP, check=_verification_config,
           nargs="+", at_file="pairs"),
)
REFS = {"--tag": ("tag",), "--semver": ("semver",), "--digest": ("digest",)}
IDENTITIES = {"--local-auth-ref": ("local_auth_ref",), "--service-account-name": ("service_account_name",),
              "--use-workload-identity": ("use_workload_identity",)}


def create(options):
    """A complete OCI source from the given ``options`` -> Change."""
    URL.check(options.get("url"), typed_name(URL))
    ref, _ = _check_rules(options, stored=None)
    values = common.with_defaults(OPTIONS, common.check_values(OPTIONS, options))
    return Change(KEY, values, [] if ref else [DEFAULT_OCI_TAG_WARNING])


def update(options, stored):
    """The changes the given ``options`` make to the ``stored`` OCI source -> Change."""
    ref, identity = _check_rules(options, stored)
    values = common.check_values(OPTIONS, options)
    for groups, chosen in ((REFS, ref), (IDENTITIES, identity)):
        if chosen:
            values.update(common.removals(OPTIONS, stored, common.others_of(groups, chosen)))
    return Change(KEY, values)


def _check_rules(options, stored):
    """The rules between OCI options; ``stored`` is None on create. Returns the reference and the identity chosen
    (each None when none is)."""
    ref = common.one_of(REFS, options, "{given} cannot be used together: Flux would use only one of them "
                        "(precedence: digest > semver > tag).", "Give one of --tag, --semver or --digest.")
    if "oci_operation" in options and "oci_media_type" not in options and not (stored or {}).get("oci_media_type"):
        raise RequiredArgumentMissingError("--oci-operation needs --oci-media-type (the layer to operate on).",
                                           "Add --oci-media-type, e.g. application/vnd.cncf.flux.content.v1.tar+gzip")
    identity = common.one_of(IDENTITIES, options, "{given} cannot be used together: choose one way for Flux to "
                             "authenticate to the registry.", f"Keep one of: {', '.join(IDENTITIES)}.")
    if ("tls_client_certificate" in options) != ("tls_private_key" in options):
        given, missing = (("--tls-client-certificate", "--tls-private-key") if "tls_private_key" not in options
                          else ("--tls-private-key", "--tls-client-certificate"))
        raise RequiredArgumentMissingError(f"{given} needs {missing} too.",
                                           "Give the client certificate and its private key together.")
    verifies = "match_oidc_identity" in options or "verification_config" in options
    if verifies and "verification_provider" not in options and not (stored or {}).get("verification_provider"):
        raise RequiredArgumentMissingError(
            "--match-oidc-identity and --verification-config need --verification-provider.",
            "Add --verification-provider cosign (or notation).")
    return ref, identity
