"""The vocabulary of the flux commands: kinds, scopes, which options belong to which --kind, and
the checks that apply to options as such (foreign to the kind, immutable on update, an @FILE az could not read)."""
from azure.cli.core.azclierror import ArgumentUsageError, InvalidArgumentValueError, ValidationError

from ..validation.at_files import refuse_unread_files

DEFAULT_DURATION = "10m"
SCOPES = ("cluster", "namespace")
KINDS = {"git": "GitRepository", "bucket": "Bucket", "azblob": "AzureBlob", "oci": "OCIRepository"}
REF_OPTIONS = ("branch", "tag", "semver", "commit")

# Which create/update options belong to which --kind (REFERENCE.md §7); the rest are refused by name.
COMMON_OPTIONS = ("name", "scope", "namespace", "kind", "url", "timeout", "sync_interval", "kustomization",
                  "suspend", "local_auth_ref")
KIND_OPTIONS = {
    "git": ("branch", "tag", "semver", "commit", "ssh_private_key", "ssh_private_key_file", "known_hosts",
            "known_hosts_file", "https_user", "https_key", "https_ca_cert", "https_ca_cert_file", "provider"),
    "bucket": ("bucket_name", "bucket_access_key", "bucket_secret_key", "bucket_insecure"),
    "azblob": ("container_name", "sp_client_id", "sp_tenant_id", "sp_client_secret", "sp_client_cert",
               "sp_cert_password", "sp_cert_send_chain", "account_key", "sas_token", "mi_client_id"),
    "oci": ("tag", "semver", "digest", "oci_media_type", "oci_operation", "tls_ca_certificate",
            "tls_client_certificate", "tls_private_key", "service_account_name", "use_workload_identity",
            "oci_insecure", "verification_provider", "match_oidc_identity", "verification_config"),
}


# Options whose value cannot begin with '@', so that such a value is an @FILE az could not read
# (validation/at_files.py): option -> (form, its -file twin). Left out: --branch and --tag (a git ref may begin
# with '@'), the -file options (a path; their own error names it), -k (kustomization values such as
# substitute=NAME:@daily are free text) and the options az checks against a list of choices itself.
AT_FILE_OPTIONS = {
    "name": ("value", None), "namespace": ("value", None), "url": ("value", None), "semver": ("value", None),
    "commit": ("value", None), "timeout": ("value", None), "sync_interval": ("value", None),
    "reconciliation_wait_duration": ("value", None),
    "ssh_private_key": ("value", "--ssh-private-key-file"), "known_hosts": ("value", "--known-hosts-file"),
    "https_user": ("value", None), "https_key": ("value", None),
    "https_ca_cert": ("value", "--https-ca-cert-file"), "local_auth_ref": ("value", None),
    "bucket_name": ("value", None), "bucket_access_key": ("value", None), "bucket_secret_key": ("value", None),
    "container_name": ("value", None), "sp_client_id": ("value", None), "sp_tenant_id": ("value", None),
    "sp_client_secret": ("value", None), "sp_client_cert": ("value", None), "sp_cert_password": ("value", None),
    "account_key": ("value", None), "sas_token": ("value", None), "mi_client_id": ("value", None),
    "digest": ("value", None), "oci_media_type": ("value", None), "tls_ca_certificate": ("value", None),
    "tls_client_certificate": ("value", None), "tls_private_key": ("value", None),
    "service_account_name": ("value", None), "verification_provider": ("value", None),
    "match_oidc_identity": ("tokens", None), "verification_config": ("pairs", None),
}


def refuse_unread_at_files(options):
    """A value still '@PATH' after az's @file expansion: refused, naming the option and the file."""
    refuse_unread_files((option_name(key), options.get(key), form, file_option)
                        for key, (form, file_option) in AT_FILE_OPTIONS.items())


def option_name(key):
    """The command-line name of a handler parameter, as users type it (sync_interval -> --sync-interval)."""
    return "--" + key.replace("_", "-")


def check_option_names(kind_options):
    """Unknown keyword options are a wiring mistake in the caller: TypeError, like any bad keyword."""
    known = {option for options in KIND_OPTIONS.values() for option in options}
    unknown = sorted(set(kind_options) - known)
    if unknown:
        raise TypeError(f"unexpected option(s): {', '.join(unknown)}")


def given_options(options):
    """Names of the options the user gave: az passes None for every option left out (flags included)."""
    return {key for key, value in options.items() if value is not None}


def refuse_foreign_options(kind_key, given):
    """Options of another --kind are refused, naming them and listing the ones that apply."""
    allowed = set(COMMON_OPTIONS) | set(KIND_OPTIONS[kind_key])
    foreign = sorted(option for option in given if option not in allowed)
    if foreign:
        shown = ", ".join("--" + option.replace("_", "-") for option in foreign)
        valid = ", ".join("--" + option.replace("_", "-") for option in KIND_OPTIONS[kind_key])
        raise ArgumentUsageError(
            f"{shown} {'does' if len(foreign) == 1 else 'do'} not apply to --kind {kind_key}.",
            f"Options for --kind {kind_key}: {valid} (and --url, --timeout, --sync-interval, --local-auth-ref).")


def parse_scope(scope):
    """--scope, any case -> 'cluster' | 'namespace' (default cluster)."""
    text = str(scope or "cluster").strip().lower()
    if text not in SCOPES:
        raise InvalidArgumentValueError(f"--scope '{scope}' is not valid.", "Use --scope cluster or --scope namespace.")
    return text


def parse_kind(kind):
    """--kind, any case -> 'git' | 'bucket' | 'azblob' | 'oci' (default git)."""
    text = str(kind or "git").strip().lower()
    if text not in KINDS:
        raise InvalidArgumentValueError(f"--kind '{kind}' is not valid.", f"Use one of: {', '.join(KINDS)}.")
    return text


def refuse_immutable_change(option, given, current, normalise):
    """Update: an option that cannot change (scope, namespace) may be repeated, not changed."""
    if given is None:
        return
    value = normalise(given)
    if current is not None and value != current:
        raise ValidationError(
            f"{option} cannot be changed on an existing configuration (it is '{current}', you asked for '{value}').",
            f"Delete the configuration and create it again with {option} {value}.")
