"""--kind git (the default): a Git repository. Its options, and its create and update rules side by side.

Git reference rules (REFERENCE.md §2; Flux resolves commit > semver > tag > branch):
  * none given          -> branch ``master``, with a warning that it was assumed (create);
  * ``--branch``, ``--tag``, ``--semver`` or ``--commit`` alone (Flux checks a bare commit out; the
    tutorial documents ``--commit=<sha>``);
  * ``--commit`` with ``--branch`` (the commit, fetched from that branch).
  Any other combination is refused, because Flux would silently ignore one of the values
  (e.g. ``--tag`` with ``--semver``: the semver range wins and the tag is never used).
  On update, ``--commit`` alone keeps a stored branch (the commit is on it) and clears a stored tag or semver.
Auth: an SSH key and known_hosts need an ssh URL; --https-user/--https-key an http(s) URL, and go together
(on update the key alone rotates the stored user's); --https-ca-cert an https:// URL; --local-auth-ref excludes
inline credentials; --provider azure takes none. On update, switching between inline credentials and
--local-auth-ref, or between an ssh and an http(s) URL, removes what belonged to the other one.
"""
from azure.cli.core.azclierror import (
    ArgumentUsageError,
    InvalidArgumentValueError,
    MutuallyExclusiveArgumentError,
    RequiredArgumentMissingError,
)

from ...validation.certificates import read_ca_cert_file, validate_ca_cert
from ...validation.encoding import encode_base64
from ...validation.known_hosts import read_known_hosts_file, validate_known_hosts
from ...validation.ssh_keys import read_ssh_private_key_file, validate_ssh_private_key
from ...validation.urls import is_http_url, is_https_url, is_ssh_url, validate_git_url
from . import common
from .common import AUTH, GIT_REF, LOCAL_AUTH_REF, SEMVER, SYNC_INTERVAL, TAG, TIMEOUT, not_blank
from .table import PROTECTED, Change, Option
from .typed import option_name

KEY, SOURCE_KIND, BLOCK = "git", "GitRepository", "gitRepository"

HTTPS_WITHOUT_AUTH_WARNING = ("Warning! https url is being used without https auth params, ensure the "
                              "repository url provided is not a private repo")
# A plain http:// URL: what is true of it (not the https warning above, whose text Microsoft's tool prints).
HTTP_WARNING = ("The --url is plain http://: what Flux fetches from the repository travels unencrypted and can be "
                "read or altered on the way; use an https:// URL unless the network is trusted.")
HTTP_WITHOUT_AUTH_WARNING = HTTP_WARNING + (" No --https-user/--https-key or --local-auth-ref is given: the "
                                            "repository must be public.")
HTTP_WITH_AUTH_WARNING = HTTP_WARNING + " The credentials travel unencrypted too."
DEFAULT_BRANCH = "master"
DEFAULT_BRANCH_WARNING = ("No --branch, --tag, --semver or --commit given: using the branch 'master'. "
                          "Pass --branch main (or another ref) if the repository's default branch differs.")
PROVIDERS = {"azure": "Azure", "github": "GitHub", "generic": "Generic"}
REF_KEYS = ("branch", "tag", "semver", "commit")
# The secrets flux validate takes again to check a stored configuration (ARM never returns them)
RESUPPLIED_SECRETS = ("https_key", "ssh_private_key")


def _https_user(value, option):
    if not str(value).strip():
        raise InvalidArgumentValueError(f"{option} must not be empty.", "Give the user name for the repository.")
    return value


def _https_key(value, option):
    if not str(value):
        raise InvalidArgumentValueError(f"{option} must not be empty.", "Give the token or password.")
    return encode_base64(value)


def parse_provider(provider, option="--provider"):
    """azure | github | generic, any case -> the wire value (Azure, GitHub, Generic)."""
    text = str(provider).strip().lower()
    if text not in PROVIDERS:
        raise InvalidArgumentValueError(f"{option} '{provider}' is not valid.", f"Use one of: {', '.join(PROVIDERS)}.")
    return PROVIDERS[text]


OPTIONS = (
    common.url_option(validate_git_url),
    Option("branch", ("repositoryRef", "branch"), "Branch to sync.", group=GIT_REF, check=not_blank, at_file=None),
    TAG,
    SEMVER,
    Option("commit", ("repositoryRef", "commit"), "Commit SHA to sync.", group=GIT_REF, check=not_blank),
    TIMEOUT,
    SYNC_INTERVAL,
    Option("ssh_private_key", (PROTECTED, "sshPrivateKey"),
           "Base64 of the SSH private key (PEM or OpenSSH; not passphrase-protected).", group=AUTH, secret=True,
           check=validate_ssh_private_key, file_key="ssh_private_key_file", read_file=read_ssh_private_key_file,
           file_help="File holding the SSH private key."),
    Option("known_hosts", ("sshKnownHosts",), "Base64 of the known_hosts content for SSH.", group=AUTH,
           check=validate_known_hosts, file_key="known_hosts_file", read_file=read_known_hosts_file,
           file_help="File holding known_hosts for SSH."),
    Option("https_user", ("httpsUser",), "HTTPS user name (with --https-key).", group=AUTH, check=_https_user),
    Option("https_key", (PROTECTED, "httpsKey"), "HTTPS password or personal access token (with --https-user).",
           group=AUTH, secret=True, check=_https_key),
    Option("https_ca_cert", ("httpsCACert",), "Base64 of PEM CA certificate(s) for an https:// source.", group=AUTH,
           check=validate_ca_cert, file_key="https_ca_cert_file", read_file=read_ca_cert_file,
           file_help="File holding PEM CA certificate(s)."),
    LOCAL_AUTH_REF,
    Option("provider", ("provider",), "Git provider for authentication: azure (Azure DevOps with managed identity), "
           "github, or generic.", group=AUTH, check=parse_provider, choices=tuple(PROVIDERS)),
)
_SSH = ("ssh_private_key", "ssh_private_key_file", "known_hosts", "known_hosts_file")
_HTTPS = ("https_user", "https_key")
_INLINE_CREDENTIALS = ("ssh_private_key", "ssh_private_key_file", "https_user", "https_key")
_AUTH = _SSH + _HTTPS + ("https_ca_cert", "https_ca_cert_file", "local_auth_ref")
_OTHER_TRANSPORT = {True: ("https_user", "https_ca_cert"), False: ("known_hosts",)}  # by: the new URL is ssh


def create(options):
    """A complete git source (create, or a change of --kind to git) from the given ``options`` -> Change."""
    if not options.get("url"):
        raise RequiredArgumentMissingError(
            "--url is required.", "Give the repository URL, e.g. --url https://github.com/org/repo")
    values = common.check_values(OPTIONS, options, keys=("url", "provider") + REF_KEYS)
    refs = {key: values[key] for key in REF_KEYS if key in values} or {"branch": DEFAULT_BRANCH}
    _check_ref_combination(refs)
    _check_auth(options, values["url"], values.get("provider"), stored=None)
    values.update(common.check_values(OPTIONS, options, keys=_AUTH + ("timeout", "sync_interval")), **refs)
    warnings = _transport_warnings(values["url"], _has_https_auth(values))
    if not any(key in options for key in REF_KEYS):
        warnings.append(DEFAULT_BRANCH_WARNING)
    return Change(KEY, common.with_defaults(OPTIONS, values), warnings)


def update(options, stored):
    """The changes the given ``options`` make to the ``stored`` git source ({key: value}) -> Change."""
    values = common.check_values(OPTIONS, options, keys=("url", "provider") + REF_KEYS)
    url = values.get("url", stored.get("url"))
    if url is None and any(key in options for key in _AUTH):
        raise RequiredArgumentMissingError("The configuration has no git URL yet: give --url.", "Add --url.")
    refs = {key: values[key] for key in REF_KEYS if key in values}
    if refs:
        if set(refs) == {"commit"} and stored.get("branch"):
            values["branch"] = refs["branch"] = stored["branch"]  # keep the branch the commit lives on
        _check_ref_combination(refs)
        values.update(common.removals(OPTIONS, stored, [key for key in REF_KEYS if key not in refs]))
    provider = values.get("provider", stored.get("provider"))
    _check_auth(options, url, provider, stored)
    values.update(common.check_values(OPTIONS, options, keys=_AUTH + ("timeout", "sync_interval")))

    # Keep the stored auth consistent with what was just given.
    if "local_auth_ref" in options:
        values.update(common.removals(OPTIONS, stored, ["https_user"]))
    elif any(key in options for key in _INLINE_CREDENTIALS):
        values.update(common.removals(OPTIONS, stored, ["local_auth_ref"]))
    warnings = []
    if "url" in values and stored.get("url") and is_ssh_url(stored["url"]) != is_ssh_url(url):
        removed = common.removals(OPTIONS, stored, [key for key in _OTHER_TRANSPORT[is_ssh_url(url)]
                                                    if key not in values])
        if removed:
            values.update(removed)
            warnings.append("The URL changes transport, so these stored settings are removed: "
                            + ", ".join(option_name(key) for key in removed) + ".")
    auth = _has_https_auth({**stored, **values, "provider": provider})
    if "url" in values:
        warnings += _transport_warnings(url, auth)
    elif _is_plain_http(url) and any(key in options for key in _HTTPS + ("local_auth_ref",)):
        warnings.append(HTTP_WITH_AUTH_WARNING)  # credentials given for a stored http:// URL
    return Change(KEY, values, warnings)


def _has_https_auth(values):
    return bool(values.get("https_user") or values.get("local_auth_ref")
                or values.get("provider") in ("Azure", "GitHub"))


def _transport_warnings(url, has_auth):
    """What to know about the URL's transport: https:// without credentials may be a private repository
    (Microsoft's warning); plain http:// is unencrypted, credentials included."""
    if _is_plain_http(url):
        return [HTTP_WITH_AUTH_WARNING if has_auth else HTTP_WITHOUT_AUTH_WARNING]
    if is_https_url(url) and not has_auth:
        return [HTTPS_WITHOUT_AUTH_WARNING]
    return []


def _is_plain_http(url):
    return is_http_url(url) and not is_https_url(url)


def _check_ref_combination(refs):
    names = set(refs)
    if names in ({"branch"}, {"tag"}, {"semver"}, {"commit"}, {"commit", "branch"}):
        return
    shown = " and ".join(f"--{name}" for name in REF_KEYS if name in names)
    raise MutuallyExclusiveArgumentError(
        f"{shown} cannot be used together: Flux would use only one of them "
        "(precedence: commit > semver > tag > branch).",
        "Give one of --branch, --tag, --semver or --commit; only --branch may go with --commit.")


def _check_auth(options, url, provider, stored):
    """URL-vs-auth rules over the given options, the URL and provider they will be used with (given or stored);
    ``stored`` is None on create."""
    common.check_file_twins(OPTIONS, options)
    ssh_given = [option_name(key) for key in _SSH if key in options]
    if ssh_given and not is_ssh_url(url):
        raise ArgumentUsageError(
            f"{ssh_given[0]} needs an SSH repository URL (ssh:// or git@...), but --url is '{url}'.",
            "Use the repository's SSH URL, e.g. --url ssh://git@github.com/org/repo, or drop the SSH options.")
    https_given = [option_name(key) for key in _HTTPS if key in options]
    if https_given and not is_http_url(url):
        raise ArgumentUsageError(
            f"{https_given[0]} needs an http(s) repository URL, but --url is '{url}'.",
            "Use the repository's HTTPS URL, e.g. --url https://github.com/org/repo.")
    _check_https_pair(options, stored)
    ca_given = next((option_name(key) for key in ("https_ca_cert", "https_ca_cert_file")
                     if key in options), None)
    if ca_given and not is_https_url(url):
        raise ArgumentUsageError(
            f"{ca_given} needs an https:// repository URL, but --url is '{url}'.",
            "Use the repository's https:// URL, or drop the CA certificate.")
    inline = [option_name(key) for key in _INLINE_CREDENTIALS if key in options]
    if "local_auth_ref" in options and inline:
        raise MutuallyExclusiveArgumentError(
            f"--local-auth-ref cannot be combined with {', '.join(inline)}.",
            "Either reference a Kubernetes secret that holds the credentials (--local-auth-ref), "
            "or pass them inline, not both.")
    if provider == "Azure" and (inline or "local_auth_ref" in options):
        raise MutuallyExclusiveArgumentError(
            "--provider azure authenticates with the cluster's managed identity and cannot be combined with "
            f"{', '.join(inline or ['--local-auth-ref'])}.", "Drop the credentials, or drop --provider azure.")
    if provider in ("Azure", "GitHub") and not is_https_url(url):
        raise ArgumentUsageError(
            f"--provider {provider.lower()} needs an https:// repository URL, but --url is '{url}'.",
            "Use the repository's https:// URL.")


def _check_https_pair(options, stored):
    """User and key go together; on update the key alone rotates the key of the stored user."""
    together = "Give --https-user and --https-key together."
    if "https_user" in options and "https_key" not in options:
        raise RequiredArgumentMissingError(
            "--https-user needs --https-key too" + (" (the stored key may not belong to the new user)."
                                                    if stored is not None else "."), together)
    if "https_key" in options and "https_user" not in options and not (stored or {}).get("https_user"):
        raise RequiredArgumentMissingError(
            "--https-key needs --https-user" + (": the configuration has no HTTPS user yet."
                                                if stored is not None else " too."), together)


# --------------------------------------------------------------------------- flux validate of a stored configuration

def resupplied_option_keys():
    """The option keys that give RESUPPLIED_SECRETS again (-file twins included)."""
    return tuple(key for row in OPTIONS if row.key in RESUPPLIED_SECRETS for key in (row.key, row.file_key) if key)


def check_resupplied_secrets(options):
    """The secrets given again to check a stored configuration, each checked as on create -> {key: value}."""
    common.check_file_twins(OPTIONS, options)
    return common.check_values(OPTIONS, options, keys=RESUPPLIED_SECRETS)


def secret_values(values):
    """The values of the secret options among ``values`` ({option key: value}), e.g. to keep them out of logs."""
    return [values[row.key] for row in OPTIONS if row.secret and values.get(row.key)]
