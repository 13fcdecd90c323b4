"""Git sources: URL vs auth, file twins, refs (branch/tag/semver/commit), provider; for create and update.

Git reference rules (REFERENCE.md §2; Flux resolves commit > semver > tag > branch):
  * none given          -> branch ``master``, with a warning that it was assumed;
  * ``--branch``, ``--tag``, ``--semver`` or ``--commit`` alone (Flux checks a bare commit out; the
    tutorial documents ``--commit=<sha>``);
  * ``--commit`` with ``--branch`` (the commit, fetched from that branch).
  Any other combination is refused, because Flux would silently ignore one of the values
  (e.g. ``--tag`` with ``--semver``: the semver range wins and the tag is never used).
  On update, ``--commit`` alone keeps a stored branch (the commit is on it) and clears a stored tag or semver.
"""
from azure.cli.core.azclierror import (
    ArgumentUsageError, InvalidArgumentValueError, MutuallyExclusiveArgumentError, RequiredArgumentMissingError)

from .options import DEFAULT_DURATION, REF_OPTIONS
from .specs import GitSource, Secrets
from ..validation.durations import parse_duration
from ..validation.names import validate_secret_name
from ..validation.urls import is_http_url, is_https_url, is_ssh_url, validate_git_url

HTTPS_WITHOUT_AUTH_WARNING = ("Warning! https url is being used without https auth params, ensure the "
                              "repository url provided is not a private repo")
DEFAULT_BRANCH = "master"
DEFAULT_BRANCH_WARNING = ("No --branch, --tag, --semver or --commit given: using the branch 'master'. "
                          "Pass --branch main (or another ref) if the repository's default branch differs.")
PROVIDERS = {"azure": "Azure", "github": "GitHub", "generic": "Generic"}


def git_source_for_create(url, refs, timeout, sync_interval, provider, warnings, **auth):
    """Check a complete git source (create, or a change of --kind to git) -> (GitSource, Secrets).
    ``refs`` holds branch/tag/semver/commit; ``auth`` the auth options; warnings are appended in order."""
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
    provider = parse_provider(provider)
    secrets, fields_ = _auth(url, provider, **auth)
    if is_http_url(url) and not (fields_.get("https_user") or fields_.get("local_auth_ref")
                                 or provider in ("Azure", "GitHub")):
        warnings.append(HTTPS_WITHOUT_AUTH_WARNING)
    if ref_warning:
        warnings.append(ref_warning)
    git = GitSource(url=url, timeout=parse_duration(DEFAULT_DURATION if timeout is None else timeout, "--timeout"),
                    sync_interval=parse_duration(DEFAULT_DURATION if sync_interval is None else sync_interval,
                                                 "--sync-interval"),
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


def _read_auth_values(ssh_private_key, ssh_private_key_file, known_hosts, known_hosts_file, https_user,
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
    if names in ({"branch"}, {"tag"}, {"semver"}, {"commit"}, {"commit", "branch"}):
        return
    shown = " and ".join(f"--{name}" for name in REF_OPTIONS if name in names)
    raise MutuallyExclusiveArgumentError(
        f"{shown} cannot be used together: Flux would use only one of them "
        "(precedence: commit > semver > tag > branch).",
        "Give one of --branch, --tag, --semver or --commit; only --branch may go with --commit.")


def _exclusive(option, value, file_option, file_value):
    if value is not None and file_value is not None:
        raise MutuallyExclusiveArgumentError(
            f"{option} and {file_option} cannot be used together.",
            f"Pass the value base64-encoded with {option}, or the file with {file_option}.")


def parse_provider(provider):
    if provider is None:
        return None
    text = str(provider).strip().lower()
    if text not in PROVIDERS:
        raise InvalidArgumentValueError(
            f"--provider '{provider}' is not valid.", f"Use one of: {', '.join(PROVIDERS)}.")
    return PROVIDERS[text]


def git_changes(base, url, refs, timeout, sync_interval, provider, warnings, auth):
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
    new_provider = parse_provider(provider) if provider is not None else base.provider
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
