"""Flux configurations as plain data built from command options; every input rule is checked here.

Handlers call ``build_create_spec``, ``build_update_patch`` and the ``kustomization_*_patch`` functions,
print ``.warnings`` and send ``.body`` / ``.patch``; the JSON itself comes from ``payload.py``.

Git reference rules (REFERENCE.md §2; Flux resolves commit > semver > tag > branch):
  * none given          -> branch ``master``, with a warning that it was assumed;
  * ``--branch``, ``--tag`` or ``--semver`` alone;
  * ``--commit`` with ``--branch`` (the API documents that a commit must be combined with its branch).
  Any other combination is refused, because Flux would silently ignore one of the values
  (e.g. ``--tag`` with ``--semver``: the semver range wins and the tag is never used).
"""
from dataclasses import dataclass, field

from azure.cli.core.azclierror import (
    ArgumentUsageError, InvalidArgumentValueError, MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError, ValidationError)

from . import payload
from .kustomization_args import (
    Kustomization, VALIDATION_IGNORED_WARNING, merged_graph, parse_depends_on, parse_kustomization_args)
from ..validation.dependencies import check_dependencies, dependents_of
from ..validation.durations import parse_duration
from ..validation.names import (
    validate_combined_length, validate_configuration_name, validate_kustomization_name, validate_namespace,
    validate_secret_name)
from ..validation.urls import is_http_url, is_https_url, is_ssh_url, validate_git_url

HTTPS_WITHOUT_AUTH_WARNING = ("Warning! https url is being used without https auth params, ensure the "
                              "repository url provided is not a private repo")
DEFAULT_BRANCH = "master"
DEFAULT_BRANCH_WARNING = ("No --branch, --tag, --semver or --commit given: using the branch 'master'. "
                          "Pass --branch main (or another ref) if the repository's default branch differs.")
DEFAULT_KUSTOMIZATION = "kustomization-1"
DEFAULT_KUSTOMIZATION_WARNING = ("No --kustomization given: creating the kustomization 'kustomization-1' "
                                 "that applies the root of the repository.")
DEFAULT_DURATION = "10m"
SCOPES = ("cluster", "namespace")
KINDS = {"git": "GitRepository", "bucket": "Bucket", "azblob": "AzureBlob", "oci": "OCIRepository"}
SOURCE_BLOCKS = {"GitRepository": "gitRepository", "Bucket": "bucket", "AzureBlob": "azureBlob",
                 "OCIRepository": "ociRepository"}
PROVIDERS = {"azure": "Azure", "github": "GitHub", "generic": "Generic"}
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
# on/off switches: False is what az passes when the flag is absent, so only True counts as "given"
FLAG_OPTIONS = ("bucket_insecure", "sp_cert_send_chain", "use_workload_identity", "oci_insecure")


@dataclass
class GitSource:  # pylint: disable=too-many-instance-attributes
    """The git source; durations in seconds; known_hosts and the CA certificate in base64."""
    url: str = None
    branch: str = None
    tag: str = None
    semver: str = None
    commit: str = None
    timeout: int = None
    sync_interval: int = None
    known_hosts: str = None
    https_user: str = None
    https_ca_cert: str = None
    local_auth_ref: str = None
    provider: str = None   # wire value: Azure, GitHub, Generic


@dataclass
class Secrets:
    """Protected settings, base64. Never shown: excluded from repr and from every message."""
    ssh_private_key: str = field(default=None, repr=False)
    https_key: str = field(default=None, repr=False)
    bucket_secret_key: str = field(default=None, repr=False)

    def __bool__(self):
        return bool(self.ssh_private_key or self.https_key or self.bucket_secret_key)


@dataclass
class FluxCreateSpec:  # pylint: disable=too-many-instance-attributes
    """Everything ``flux create`` sends. ``body`` is the PUT body; ``warnings`` are to be printed in order.

    ``source`` is the source of the chosen kind (GitSource, BucketSource, AzureBlobSource or OciSource);
    ``git`` is the same object for git sources and None otherwise."""
    name: str
    scope: str
    namespace: str
    source_kind: str
    suspend: bool
    git: GitSource
    kustomizations: list
    secrets: Secrets = field(default_factory=Secrets)
    warnings: list = field(default_factory=list)
    source: object = None

    def __post_init__(self):
        if self.source is None:
            self.source = self.git

    @property
    def body(self):
        return payload.create_body(self)


@dataclass
class FluxUpdateSpec:
    """``flux update``: ``patch`` is the PATCH body; ``needs_confirmation`` is a statement to confirm (the
    handler adds its own question), set when the source kind changes."""
    patch: dict
    warnings: list = field(default_factory=list)
    needs_confirmation: str = None


# --------------------------------------------------------------------------- create

def build_create_spec(name=None, scope="cluster", namespace="default", kind="git", url=None,  # pylint: disable=too-many-locals
                      branch=None, tag=None, semver=None, commit=None, timeout=DEFAULT_DURATION,
                      sync_interval=DEFAULT_DURATION, ssh_private_key=None, ssh_private_key_file=None,
                      known_hosts=None, known_hosts_file=None, https_user=None, https_key=None,
                      https_ca_cert=None, https_ca_cert_file=None, local_auth_ref=None, provider=None,
                      kustomization=None, suspend=False, **kind_options):
    """Check every create option and return a FluxCreateSpec (raises typed azure-cli errors).

    ``kind_options`` are the options of the other kinds (KIND_OPTIONS['bucket'|'azblob'|'oci']).
    """
    _check_option_names(kind_options)
    given = _given_options(dict(kind_options, branch=branch, tag=tag, semver=semver, commit=commit,
                                ssh_private_key=ssh_private_key, ssh_private_key_file=ssh_private_key_file,
                                known_hosts=known_hosts, known_hosts_file=known_hosts_file, https_user=https_user,
                                https_key=https_key, https_ca_cert=https_ca_cert,
                                https_ca_cert_file=https_ca_cert_file, provider=provider))
    if not name:
        raise RequiredArgumentMissingError("--name is required.", "Name the configuration, e.g. --name cluster-config")
    name = validate_configuration_name(name, "--name")
    scope = _scope(scope)
    namespace = validate_namespace(namespace if namespace is not None else "default", "--namespace")
    kind_key = _kind_key(kind)
    refuse_foreign_options(kind_key, given)
    warnings = []

    if kind_key == "git":
        source, secrets = _git_source_for_create(
            url=url, refs=dict(branch=branch, tag=tag, semver=semver, commit=commit), timeout=timeout,
            sync_interval=sync_interval, ssh_private_key=ssh_private_key, ssh_private_key_file=ssh_private_key_file,
            known_hosts=known_hosts, known_hosts_file=known_hosts_file, https_user=https_user, https_key=https_key,
            https_ca_cert=https_ca_cert, https_ca_cert_file=https_ca_cert_file, local_auth_ref=local_auth_ref,
            provider=provider, warnings=warnings)
    else:
        source, secrets = _other_source(kind_key, url=url, tag=tag, semver=semver, local_auth_ref=local_auth_ref,
                                        timeout=timeout, sync_interval=sync_interval, warnings=warnings,
                                        **kind_options)

    if kustomization:
        kustomizations, k_warnings = parse_kustomization_args(kustomization, config_name=name)
    else:
        validate_combined_length(name, DEFAULT_KUSTOMIZATION, "--name")
        kustomizations, k_warnings = [Kustomization(name=DEFAULT_KUSTOMIZATION, path="")], []
        warnings.append(DEFAULT_KUSTOMIZATION_WARNING)
    warnings.extend(k_warnings)

    return FluxCreateSpec(name=name, scope=scope, namespace=namespace, source_kind=KINDS[kind_key],
                          suspend=bool(suspend), git=source if kind_key == "git" else None,
                          kustomizations=kustomizations, secrets=secrets, warnings=warnings, source=source)


def _other_source(kind_key, warnings, **options):
    from . import other_sources
    builder = {"bucket": other_sources.build_bucket, "azblob": other_sources.build_azure_blob,
               "oci": other_sources.build_oci}[kind_key]
    source, secret_values, source_warnings = builder(**options)
    warnings.extend(source_warnings)
    secrets = Secrets()
    if secret_values.get("bucket_secret_key") is not None:
        from ..validation.encoding import encode_base64
        secrets.bucket_secret_key = encode_base64(secret_values["bucket_secret_key"])
    return source, secrets


def _check_option_names(kind_options):
    known = {option for options in KIND_OPTIONS.values() for option in options}
    unknown = sorted(set(kind_options) - known)
    if unknown:  # a wiring mistake, not a user error
        raise TypeError(f"unexpected option(s): {', '.join(unknown)}")


def _given_options(options):
    return {key for key, value in options.items()
            if value is not None and not (key in FLAG_OPTIONS and value is False)}


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


def _git_source_for_create(url, refs, timeout, sync_interval, provider, warnings, **auth):
    if not url:
        raise RequiredArgumentMissingError(
            "--url is required.", "Give the repository URL, e.g. --url https://github.com/org/repo")
    url = validate_git_url(url, "--url")
    given_refs = _given_refs(refs)
    if not given_refs:
        given_refs = {"branch": DEFAULT_BRANCH}
        ref_warning = DEFAULT_BRANCH_WARNING
    else:
        ref_warning = None
    _check_ref_combination(given_refs)
    provider = _provider(provider)
    secrets, fields_ = _auth(url, provider, **auth)
    if is_http_url(url) and not (fields_.get("https_user") or fields_.get("local_auth_ref")
                                 or provider in ("Azure", "GitHub")):
        warnings.append(HTTPS_WITHOUT_AUTH_WARNING)
    if ref_warning:
        warnings.append(ref_warning)
    git = GitSource(url=url, timeout=parse_duration(timeout or DEFAULT_DURATION, "--timeout"),
                    sync_interval=parse_duration(sync_interval or DEFAULT_DURATION, "--sync-interval"),
                    provider=provider, **given_refs, **fields_)
    return git, secrets


def _auth(url, provider, ssh_private_key=None, ssh_private_key_file=None, known_hosts=None,
          known_hosts_file=None, https_user=None, https_key=None, https_ca_cert=None, https_ca_cert_file=None,
          local_auth_ref=None, require_https_pair=True):
    """URL-vs-auth rules; returns (Secrets, {git field: value}) with the given auth values validated."""
    _exclusive("--ssh-private-key", ssh_private_key, "--ssh-private-key-file", ssh_private_key_file)
    _exclusive("--known-hosts", known_hosts, "--known-hosts-file", known_hosts_file)
    _exclusive("--https-ca-cert", https_ca_cert, "--https-ca-cert-file", https_ca_cert_file)
    ssh_given = [opt for opt, value in (("--ssh-private-key", ssh_private_key),
                                        ("--ssh-private-key-file", ssh_private_key_file),
                                        ("--known-hosts", known_hosts), ("--known-hosts-file", known_hosts_file))
                 if value is not None]
    if ssh_given and not is_ssh_url(url):
        raise ArgumentUsageError(
            f"{ssh_given[0]} needs an SSH repository URL (ssh:// or git@...), but --url is '{url}'.",
            "Use the repository's SSH URL, e.g. --url ssh://git@github.com/org/repo, or drop the SSH options.")
    https_given = [opt for opt, value in (("--https-user", https_user), ("--https-key", https_key))
                   if value is not None]
    if https_given and not is_http_url(url):
        raise ArgumentUsageError(
            f"{https_given[0]} needs an http(s) repository URL, but --url is '{url}'.",
            "Use the repository's HTTPS URL, e.g. --url https://github.com/org/repo.")
    if require_https_pair and len(https_given) == 1:
        missing = "--https-key" if https_user is not None else "--https-user"
        raise RequiredArgumentMissingError(
            f"{https_given[0]} needs {missing} too.", "Give --https-user and --https-key together.")
    ca_given = "--https-ca-cert" if https_ca_cert is not None else (
        "--https-ca-cert-file" if https_ca_cert_file is not None else None)
    if ca_given and not is_https_url(url):
        raise ArgumentUsageError(
            f"{ca_given} needs an https:// repository URL, but --url is '{url}'.",
            "Use the repository's https:// URL, or drop the CA certificate.")
    inline_credentials = [opt for opt in ssh_given + https_given if "known-hosts" not in opt]
    if local_auth_ref is not None and inline_credentials:
        raise MutuallyExclusiveArgumentError(
            f"--local-auth-ref cannot be combined with {', '.join(inline_credentials)}.",
            "Either reference a Kubernetes secret that holds the credentials (--local-auth-ref), "
            "or pass them inline, not both.")
    if provider == "Azure" and (inline_credentials or local_auth_ref is not None):
        raise MutuallyExclusiveArgumentError(
            "--provider azure authenticates with the cluster's managed identity and cannot be combined with "
            f"{', '.join(inline_credentials or ['--local-auth-ref'])}.",
            "Drop the credentials, or drop --provider azure.")
    if provider in ("Azure", "GitHub") and not is_https_url(url):
        raise ArgumentUsageError(
            f"--provider {provider.lower()} needs an https:// repository URL, but --url is '{url}'.",
            "Use the repository's https:// URL.")
    return _read_auth_values(ssh_private_key, ssh_private_key_file, known_hosts, known_hosts_file, https_user,
                             https_key, https_ca_cert, https_ca_cert_file, local_auth_ref)


def _read_auth_values(ssh_private_key, ssh_private_key_file, known_hosts, known_hosts_file, https_user,  # pylint: disable=too-many-arguments
                      https_key, https_ca_cert, https_ca_cert_file, local_auth_ref):
    # imported here: these modules pull in cryptography only when a value is actually checked
    from ..validation import certificates, known_hosts as known_hosts_rules, ssh_keys
    secrets, values = Secrets(), {}
    if ssh_private_key is not None:
        secrets.ssh_private_key = ssh_keys.validate_ssh_private_key(ssh_private_key)
    elif ssh_private_key_file is not None:
        secrets.ssh_private_key = ssh_keys.read_ssh_private_key_file(ssh_private_key_file)
    if known_hosts is not None:
        values["known_hosts"] = known_hosts_rules.validate_known_hosts(known_hosts)
    elif known_hosts_file is not None:
        values["known_hosts"] = known_hosts_rules.read_known_hosts_file(known_hosts_file)
    if https_ca_cert is not None:
        values["https_ca_cert"] = certificates.validate_ca_cert(https_ca_cert)
    elif https_ca_cert_file is not None:
        values["https_ca_cert"] = certificates.read_ca_cert_file(https_ca_cert_file)
    if https_user is not None:
        if not str(https_user).strip():
            raise InvalidArgumentValueError("--https-user must not be empty.", "Give the user name for the repository.")
        values["https_user"] = https_user
    if https_key is not None:
        if not str(https_key):
            raise InvalidArgumentValueError("--https-key must not be empty.", "Give the token or password.")
        from ..validation.encoding import encode_base64
        secrets.https_key = encode_base64(https_key)
    if local_auth_ref is not None:
        values["local_auth_ref"] = validate_secret_name(local_auth_ref, "--local-auth-ref")
    return secrets, values


def _given_refs(refs):
    given = {}
    for key in REF_OPTIONS:
        value = refs.get(key)
        if value is None:
            continue
        if not str(value).strip():
            raise InvalidArgumentValueError(f"--{key} must not be empty.", f"Give a value for --{key} or leave it out.")
        given[key] = str(value)
    return given


def _check_ref_combination(refs):
    names = set(refs)
    if names in ({"branch"}, {"tag"}, {"semver"}, {"commit", "branch"}):
        return
    if names == {"commit"}:
        raise RequiredArgumentMissingError(
            "--commit needs --branch: the API checks a commit out on its branch.",
            "Add the branch that contains the commit, e.g. --branch main --commit <sha>.")
    shown = " and ".join(f"--{name}" for name in REF_OPTIONS if name in names)
    raise MutuallyExclusiveArgumentError(
        f"{shown} cannot be used together: Flux would use only one of them "
        "(precedence: commit > semver > tag > branch).",
        "Give one of --branch, --tag or --semver; --commit goes with --branch.")


def _exclusive(option, value, file_option, file_value):
    if value is not None and file_value is not None:
        raise MutuallyExclusiveArgumentError(
            f"{option} and {file_option} cannot be used together.",
            f"Pass the value base64-encoded with {option}, or the file with {file_option}.")


def _scope(scope):
    text = str(scope or "cluster").strip().lower()
    if text not in SCOPES:
        raise InvalidArgumentValueError(f"--scope '{scope}' is not valid.", "Use --scope cluster or --scope namespace.")
    return text


def _kind_key(kind):
    text = str(kind or "git").strip().lower()
    if text not in KINDS:
        raise InvalidArgumentValueError(f"--kind '{kind}' is not valid.", f"Use one of: {', '.join(KINDS)}.")
    return text


def _source_kind(kind):
    return KINDS[_kind_key(kind)]


def _provider(provider):
    if provider is None:
        return None
    text = str(provider).strip().lower()
    if text not in PROVIDERS:
        raise InvalidArgumentValueError(
            f"--provider '{provider}' is not valid.", f"Use one of: {', '.join(PROVIDERS)}.")
    return PROVIDERS[text]


# --------------------------------------------------------------------------- update

def build_update_patch(existing, name=None, scope=None, namespace=None, kind=None, url=None,  # pylint: disable=too-many-locals,too-many-arguments
                       branch=None, tag=None, semver=None, commit=None, timeout=None, sync_interval=None,
                       ssh_private_key=None, ssh_private_key_file=None, known_hosts=None, known_hosts_file=None,
                       https_user=None, https_key=None, https_ca_cert=None, https_ca_cert_file=None,
                       local_auth_ref=None, provider=None, kustomization=None, suspend=None, **kind_options):
    """Check the update options against the current resource ``existing`` (wire JSON) -> FluxUpdateSpec.

    Only what the user gave goes into the patch. Secrets are sent only when given again. A change of
    --kind replaces the source: the new block is complete (as on create), the old one is nulled, and
    ``needs_confirmation`` says so. For bucket/azblob/oci sources of the same kind, --url, --timeout,
    --sync-interval and --local-auth-ref can be updated; their kind-specific options cannot (yet).
    """
    _check_option_names(kind_options)
    git_options = dict(branch=branch, tag=tag, semver=semver, commit=commit, ssh_private_key=ssh_private_key,
                       ssh_private_key_file=ssh_private_key_file, known_hosts=known_hosts,
                       known_hosts_file=known_hosts_file, https_user=https_user, https_key=https_key,
                       https_ca_cert=https_ca_cert, https_ca_cert_file=https_ca_cert_file, provider=provider)
    given = _given_options(dict(kind_options, **git_options))
    current = payload.read_existing(existing)
    config_name = name or current.name
    warnings, needs_confirmation = [], None
    _refuse_immutable_change("--scope", scope, current.scope, _scope)
    _refuse_immutable_change("--namespace", namespace, current.namespace,
                             lambda value: validate_namespace(value, "--namespace"))

    current_key = next((key for key, value in KINDS.items() if value == current.source_kind), "git")
    new_key = _kind_key(kind) if kind is not None else current_key
    refuse_foreign_options(new_key, given)
    refs = dict(branch=branch, tag=tag, semver=semver, commit=commit)
    auth = {key: git_options[key] for key in git_options if key not in refs and key != "provider"}
    auth["local_auth_ref"] = local_auth_ref
    secrets, cleared_blocks = Secrets(), []

    if new_key != current_key:
        cleared_blocks.append(SOURCE_BLOCKS[current.source_kind])
        needs_confirmation = (
            f"The source kind changes from {current.source_kind} to {KINDS[new_key]}: the '"
            f"{SOURCE_BLOCKS[current.source_kind]}' settings of '{config_name}' will be removed.")
        if url is None:
            raise RequiredArgumentMissingError(
                f"Changing the source kind to {KINDS[new_key]} needs --url.", "Give the new source's --url.")
        if new_key == "git":
            source, secrets = _git_source_for_create(url=url, refs=refs, timeout=timeout, sync_interval=sync_interval,
                                                     provider=provider, warnings=warnings, **auth)
        else:
            source, secrets = _other_source(new_key, url=url, tag=tag, semver=semver, local_auth_ref=local_auth_ref,
                                            timeout=timeout, sync_interval=sync_interval, warnings=warnings,
                                            **kind_options)
        source_changes = payload.source_block(KINDS[new_key], source)
    elif new_key == "git":
        changes, secrets = _git_changes(current.git, url=url, refs=refs, timeout=timeout,
                                        sync_interval=sync_interval, provider=provider, warnings=warnings,
                                        auth=auth)
        source_changes = payload.git_changes_block(changes)
    else:
        source_changes = _common_source_changes(new_key, given, url, timeout, sync_interval, local_auth_ref)

    upserts = []
    if kustomization:
        parsed, k_warnings = parse_kustomization_args(
            kustomization, config_name=config_name,
            existing_graph={k.name: k.depends_on for k in current.kustomizations.values()})
        warnings.extend(k_warnings)
        upserts = [(k, k.name not in current.kustomizations) for k in parsed]

    patch = payload.update_patch(
        source_kind=KINDS[new_key] if new_key != current_key else None, cleared_blocks=cleared_blocks,
        source_block=SOURCE_BLOCKS[KINDS[new_key]], source_changes=source_changes, suspend=suspend,
        kustomizations=upserts, secrets=secrets)
    if not patch["properties"]:
        raise RequiredArgumentMissingError(
            "Nothing to update: no option that changes the configuration was given.",
            "Give at least one of --url, --branch/--tag/--semver/--commit, --timeout, --sync-interval, auth "
            "options, --suspend or --kustomization.")
    return FluxUpdateSpec(patch=patch, warnings=warnings, needs_confirmation=needs_confirmation)


def _common_source_changes(kind_key, given, url, timeout, sync_interval, local_auth_ref):  # pylint: disable=too-many-arguments
    """Same-kind update of a bucket/azblob/oci source: only the options every kind shares."""
    specific = sorted(given & set(KIND_OPTIONS[kind_key]))
    if specific:
        shown = ", ".join("--" + option.replace("_", "-") for option in specific)
        raise ArgumentUsageError(
            f"{shown} cannot be updated on a --kind {kind_key} configuration with this version.",
            "Delete the configuration and create it again with the new settings.")
    changes = {}
    if url is not None:
        from .other_sources import validate_source_url
        changes["url"] = validate_source_url(kind_key, url)
    if timeout is not None:
        changes["timeout"] = parse_duration(timeout, "--timeout")
    if sync_interval is not None:
        changes["sync_interval"] = parse_duration(sync_interval, "--sync-interval")
    if local_auth_ref is not None:
        changes["local_auth_ref"] = validate_secret_name(local_auth_ref, "--local-auth-ref")
    return payload.common_changes_block(changes)


def _refuse_immutable_change(option, given, current, normalise):
    if given is None:
        return
    value = normalise(given)
    if current is not None and value != current:
        raise ValidationError(
            f"{option} cannot be changed on an existing configuration (it is '{current}', you asked for '{value}').",
            f"Delete the configuration and create it again with {option} {value}.")


def _git_changes(base, url, refs, timeout, sync_interval, provider, warnings, auth):  # pylint: disable=too-many-locals
    """{git field: new value or None (= remove)} and the Secrets to resend, for an update."""
    changes = {}
    if url is not None:
        changes["url"] = validate_git_url(url, "--url")
    effective_url = changes.get("url", base.url)
    if effective_url is None and any(v is not None for v in auth.values()):
        raise RequiredArgumentMissingError("The configuration has no git URL yet: give --url.", "Add --url.")

    given_refs = _given_refs(refs)
    if given_refs:
        if set(given_refs) == {"commit"} and base.branch:
            given_refs["branch"] = base.branch  # keep the branch the commit lives on
        _check_ref_combination(given_refs)
        for key in REF_OPTIONS:
            if key in given_refs:
                changes[key] = given_refs[key]
            elif getattr(base, key) is not None:
                changes[key] = None
    if timeout is not None:
        changes["timeout"] = parse_duration(timeout, "--timeout")
    if sync_interval is not None:
        changes["sync_interval"] = parse_duration(sync_interval, "--sync-interval")
    new_provider = _provider(provider) if provider is not None else base.provider
    if provider is not None:
        changes["provider"] = new_provider

    if auth["https_key"] is not None and auth["https_user"] is None and not base.https_user:
        raise RequiredArgumentMissingError(
            "--https-key needs --https-user: the configuration has no HTTPS user yet.",
            "Give --https-user and --https-key together.")
    if auth["https_user"] is not None and auth["https_key"] is None:
        raise RequiredArgumentMissingError(
            "--https-user needs --https-key too (the stored key may not belong to the new user).",
            "Give --https-user and --https-key together.")
    secrets, values = _auth(effective_url, new_provider, require_https_pair=False, **auth)
    changes.update(values)

    # Keep the stored auth consistent with what was just given.
    if auth["local_auth_ref"] is not None and base.https_user:
        changes["https_user"] = None
    if (secrets or "https_user" in values) and base.local_auth_ref and auth["local_auth_ref"] is None:
        changes["local_auth_ref"] = None
    if "url" in changes and base.url and is_ssh_url(base.url) != is_ssh_url(changes["url"]):
        _clear_other_transport(base, changes, auth, warnings)

    final_url = effective_url or ""
    if "url" in changes and is_http_url(final_url):
        has_auth = any(changes.get(k, getattr(base, k)) for k in ("https_user", "local_auth_ref"))
        if not has_auth and new_provider not in ("Azure", "GitHub"):
            warnings.append(HTTPS_WITHOUT_AUTH_WARNING)
    return changes, secrets


def _clear_other_transport(base, changes, auth, warnings):
    """The URL moved between SSH and HTTP(S): stored settings of the other transport no longer apply."""
    if is_ssh_url(changes["url"]):
        stale = [k for k in ("https_user", "https_ca_cert") if getattr(base, k) and k not in changes]
    else:
        stale = [k for k in ("known_hosts",) if getattr(base, k) and auth.get(k) is None and k not in changes]
    for key in stale:
        changes[key] = None
    if stale:
        warnings.append("The URL changes transport, so these stored settings are removed: "
                        + ", ".join("--" + k.replace("_", "-") for k in stale) + ".")


# --------------------------------------------------------------------------- kustomization commands

def kustomization_create_patch(existing, kustomization_name, path=None, depends_on=None, timeout=None,  # pylint: disable=too-many-arguments
                               sync_interval=None, retry_interval=None, prune=None, force=None,
                               disable_health_check=None):
    """PATCH body adding one kustomization; refuses a name that exists."""
    current = payload.read_existing(existing)
    name = validate_kustomization_name(kustomization_name, "--kustomization-name")
    if name in current.kustomizations:
        raise ValidationError(
            f"--kustomization-name: kustomization '{name}' already exists in configuration '{current.name}'.",
            "Use 'az k8s-configuration flux kustomization update' to change it, or pick another name.")
    if current.name:
        validate_combined_length(current.name, name, "--kustomization-name")
    kustomization = _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval,
                                                prune, force, disable_health_check)
    _check_merged_dependencies(current, kustomization)
    return payload.kustomization_patch({name: payload.kustomization_body(kustomization, full=True)})


def kustomization_update_patch(existing, kustomization_name, path=None, depends_on=None, timeout=None,  # pylint: disable=too-many-arguments
                               sync_interval=None, retry_interval=None, prune=None, force=None,
                               disable_health_check=None):
    """PATCH body changing one existing kustomization; only fields whose value changes are sent."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    kustomization = _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval,
                                                prune, force, disable_health_check)
    if not kustomization.given():
        raise RequiredArgumentMissingError(
            "Nothing to update: give at least one kustomization setting.",
            "Use --path, --depends-on, --timeout, --sync-interval, --retry-interval, --prune, --force or "
            "--disable-health-check.")
    _check_merged_dependencies(current, kustomization)
    old = current.kustomizations[name]
    changed = Kustomization(name=name, **{key: value for key, value in kustomization.given().items()
                                         if getattr(old, key) != value})
    return payload.kustomization_patch({name: payload.kustomization_body(changed, full=False)})


def kustomization_delete_patch(existing, kustomization_name):
    """(PATCH body removing one kustomization, names of the kustomizations that depend on it)."""
    current = payload.read_existing(existing)
    name = _existing_kustomization(current, kustomization_name)
    graph = {k.name: k.depends_on for k in current.kustomizations.values()}
    return payload.kustomization_patch({name: None}), dependents_of(graph, name)


def _existing_kustomization(current, kustomization_name):
    if not kustomization_name:
        raise RequiredArgumentMissingError("--kustomization-name is required.", "Pass -k NAME.")
    name = str(kustomization_name)
    if name not in current.kustomizations:
        known = ", ".join(sorted(current.kustomizations)) or "none"
        raise ValidationError(
            f"--kustomization-name: configuration '{current.name}' has no kustomization '{name}' (it has: {known}).",
            "List them with 'az k8s-configuration flux kustomization list'.")
    return name


def _kustomization_from_options(name, path, depends_on, timeout, sync_interval, retry_interval, prune, force,  # pylint: disable=too-many-arguments
                                disable_health_check):
    from .kustomization_args import parse_bool
    return Kustomization(
        name=name,
        path=path,
        depends_on=parse_depends_on(depends_on, "--depends-on") if depends_on is not None else None,
        timeout=parse_duration(timeout, "--timeout") if timeout is not None else None,
        sync_interval=parse_duration(sync_interval, "--sync-interval") if sync_interval is not None else None,
        retry_interval=parse_duration(retry_interval, "--retry-interval") if retry_interval is not None else None,
        prune=parse_bool(prune, "--prune") if prune is not None else None,
        force=parse_bool(force, "--force") if force is not None else None,
        wait=(not parse_bool(disable_health_check, "--disable-health-check")
              if disable_health_check is not None else None))


def _check_merged_dependencies(current, kustomization):
    graph = merged_graph({k.name: k.depends_on for k in current.kustomizations.values()}, [kustomization])
    check_dependencies(graph, "--depends-on")


__all__ = [
    "GitSource", "Secrets", "FluxCreateSpec", "FluxUpdateSpec", "Kustomization", "build_create_spec",
    "build_update_patch", "kustomization_create_patch", "kustomization_update_patch", "kustomization_delete_patch",
    "HTTPS_WITHOUT_AUTH_WARNING", "DEFAULT_BRANCH_WARNING", "DEFAULT_KUSTOMIZATION_WARNING",
    "VALIDATION_IGNORED_WARNING",
]
