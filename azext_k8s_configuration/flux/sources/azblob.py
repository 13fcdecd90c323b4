"""--kind azblob: a container in Azure Blob storage (REFERENCE.md §7). Its options, and its create and update rules
side by side.

Exactly one way to authenticate: a service principal (--sp-client-id, --sp-tenant-id and --sp-client-secret or
--sp-client-cert), --account-key, --sas-token, --mi-client-id or --local-auth-ref. The secrets are sent in the
block, as the API defines them there (x-ms-secret: never returned, never shown). On update, choosing one way
removes the stored others; a service principal must be complete unless one is stored (then e.g. the secret alone
rotates it).
"""
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from ...validation.encoding import decode_base64
from . import common
from .common import LOCAL_AUTH_REF, SYNC_INTERVAL, TIMEOUT, not_blank
from .table import Change, Option
from .typed import option_name, typed_name

KEY, SOURCE_KIND, BLOCK = "azblob", "AzureBlob", "azureBlob"
GROUP = "Azure Blob"
check_guid = common.matching(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                             "a GUID", "Give the ID in GUID form, e.g. 00000000-0000-0000-0000-000000000000.")


def _client_certificate(value, option):
    decode_base64(value, option, "the client certificate (PEM or PKCS#12)")
    return value


URL = common.url_option(common.http_url("--kind azblob"))
OPTIONS = (
    URL, TIMEOUT, SYNC_INTERVAL, LOCAL_AUTH_REF,
    Option("container_name", ("containerName",), "Name of the Azure Blob container.", group=GROUP, check=not_blank),
    Option("sp_client_id", ("servicePrincipal", "clientId"), "Client ID of the service principal.", group=GROUP,
           hidden_names=("--service-principal-client-id",), check=check_guid),
    Option("sp_tenant_id", ("servicePrincipal", "tenantId"), "Tenant ID of the service principal.", group=GROUP,
           hidden_names=("--service-principal-tenant-id",), check=check_guid),
    Option("sp_client_secret", ("servicePrincipal", "clientSecret"), "Client secret of the service principal.",
           group=GROUP, hidden_names=("--service-principal-client-secret",), secret=True),
    Option("sp_client_cert", ("servicePrincipal", "clientCertificate"),
           "Base64 PEM client certificate of the service principal.", group=GROUP,
           hidden_names=("--service-principal-client-certificate",), secret=True,
           check=_client_certificate),
    Option("sp_cert_password", ("servicePrincipal", "clientCertificatePassword"),
           "Password of the client certificate.", group=GROUP,
           hidden_names=("--service-principal-client-certificate-password",), secret=True),
    Option("sp_cert_send_chain", ("servicePrincipal", "clientCertificateSendChain"),
           "Send the certificate chain (subject name/issuer authentication).", group=GROUP,
           hidden_names=("--service-principal-client-certificate-send-chain",), switch=True,
           check=common.on_off),
    Option("account_key", ("accountKey",), "Shared key of the storage account.", group=GROUP, secret=True,
           check=not_blank),
    Option("sas_token", ("sasToken",), "Shared access signature of the container.", group=GROUP, secret=True,
           check=not_blank),
    Option("mi_client_id", ("managedIdentity", "clientId"), "Client ID of the managed identity.", group=GROUP,
           hidden_names=("--managed-identity-client-id",), check=check_guid),
)
SERVICE_PRINCIPAL = ("sp_client_id", "sp_tenant_id", "sp_client_secret", "sp_client_cert", "sp_cert_password",
                     "sp_cert_send_chain")
_SP = "service principal (--sp-*)"
METHODS = {_SP: SERVICE_PRINCIPAL, "--account-key": ("account_key",), "--sas-token": ("sas_token",),
           "--mi-client-id": ("mi_client_id",), "--local-auth-ref": ("local_auth_ref",)}
_CHOICES = ("a service principal (--sp-client-id, --sp-tenant-id and --sp-client-secret or --sp-client-cert), "
            "--account-key, --sas-token, --mi-client-id or --local-auth-ref")
_EXACTLY_ONE_SECRET = ("A service principal needs exactly one of --sp-client-secret and --sp-client-cert.",
                       "Give the client secret, or the base64-encoded client certificate.")


def create(options):
    """A complete Azure Blob source from the given ``options`` -> Change."""
    URL.check(options.get("url"), typed_name(URL))
    if not options.get("container_name"):
        raise RequiredArgumentMissingError("--kind azblob needs --container-name.", "Add --container-name NAME.")
    if _check_auth(options, stored=None) is None:
        raise RequiredArgumentMissingError("--kind azblob needs a way to authenticate.",
                                           f"Give exactly one of: {_CHOICES}.")
    return Change(KEY, common.with_defaults(OPTIONS, common.check_values(OPTIONS, options)))


def update(options, stored):
    """The changes the given ``options`` make to the ``stored`` Azure Blob source -> Change."""
    method = _check_auth(options, stored)
    values = common.check_values(OPTIONS, options)
    if method and method != common.stored_group(METHODS, stored):
        values.update(common.removals(OPTIONS, stored, common.others_of(METHODS, method)))
    if "sp_client_secret" in options:
        values.update(common.removals(OPTIONS, stored, ["sp_client_cert", "sp_cert_password", "sp_cert_send_chain"]))
    elif "sp_client_cert" in options:
        values.update(common.removals(OPTIONS, stored, ["sp_client_secret"]))
    return Change(KEY, values)


def _check_auth(options, stored):
    """One way to authenticate (returned; None when none is given); ``stored`` is None on create."""
    method = common.one_of(METHODS, options, "--kind azblob takes exactly one way to authenticate, but got {given}.",
                           f"Keep one of: {_CHOICES}.")
    if method == _SP:
        _check_service_principal(options, stored)
    return method


def _check_service_principal(options, stored):
    if "sp_client_secret" in options and "sp_client_cert" in options:
        raise MutuallyExclusiveArgumentError(*_EXACTLY_ONE_SECRET)
    if stored is None:  # create: the whole service principal is given here
        for key in ("sp_client_id", "sp_tenant_id"):
            if key not in options:
                raise RequiredArgumentMissingError(f"A service principal needs {option_name(key)}.",
                                                   "Give --sp-client-id and --sp-tenant-id.")
        if "sp_client_secret" not in options and "sp_client_cert" not in options:
            raise RequiredArgumentMissingError(*_EXACTLY_ONE_SECRET)
        if "sp_client_cert" not in options and ("sp_cert_password" in options or "sp_cert_send_chain" in options):
            raise ArgumentUsageError("--sp-cert-password and --sp-cert-send-chain apply only with --sp-client-cert.",
                                     "Drop them, or authenticate with --sp-client-cert.")
    elif not stored.get("sp_client_id"):  # update, switching to a service principal: it must be complete
        missing = [key for key in ("sp_client_id", "sp_tenant_id") if key not in options]
        if "sp_client_secret" not in options and "sp_client_cert" not in options:
            missing.append("sp_client_secret")
        if missing:
            raise RequiredArgumentMissingError(
                f"The configuration has no service principal yet: give {', '.join(map(option_name, missing))} too.",
                "Give --sp-client-id, --sp-tenant-id and --sp-client-secret or --sp-client-cert.")
